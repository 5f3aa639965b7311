"""The bundled sample corpus, checked against its manifest (the ground truth written with it)."""

from __future__ import annotations

import json

import pytest

import tieline
from tieline.testing import blank_nlp
from tieline.pipeline import Pipeline
from tieline.registry import get

MANIFEST = json.loads((tieline.sample_path().parent / "MANIFEST.json").read_text(encoding="utf-8"))


def manifest_source(entry) -> str:
    path = str(tieline.sample_path() / entry["file"])
    return path if entry["record"] is None else f"{path}#{entry['record']}"


@pytest.fixture(scope="module")
def sample_docs():
    pipeline = Pipeline([get("clean"), get("language"), get("parse", nlp=blank_nlp())])
    docs = {}
    for doc in tieline.analyze([tieline.sample_path()], pipeline=pipeline):
        key = doc.source if "jsonl" not in doc.source else doc.source.split("#")[0]
        docs.setdefault(key, []).append(doc)
    return docs


def find(sample_docs, entry):
    source = manifest_source(entry)
    if entry["file"].endswith(".jsonl"):
        return sample_docs[source.split("#")[0]][entry["record"]]
    (doc,) = sample_docs[source]
    return doc


def test_corpus_size_and_formats(sample_docs):
    docs = [doc for group in sample_docs.values() for doc in group]
    assert len(docs) == len(MANIFEST) == 33
    assert {doc.format for doc in docs} == {"text", "html", "jsonl", "feed"}


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda entry: f"{entry['file']}#{entry['record']}")
def test_article_matches_manifest(sample_docs, entry):
    doc = find(sample_docs, entry)
    assert doc.title == entry["title"]
    assert doc.text.startswith(entry["first_sentence"])
    assert doc.text.endswith(entry["last_sentence"])
    assert doc.truncated is entry["truncated"]
    assert doc.language == entry["language"]
    assert doc.credits == entry["credits"]
    assert doc.published == entry["published"]
    removed = {(item.text, item.reason) for item in doc.removed}
    for junk in entry["junk"]:
        assert junk["line"] not in doc.text
        if junk["line"] in doc.raw.splitlines():  # an HTML extractor may have dropped it before `raw`
            assert (junk["line"], junk["reason"]) in removed
    for glitch in entry["glitches"]:
        assert glitch not in doc.text


def test_bylines(sample_docs):
    wrong = [(e["file"], e["byline"], find(sample_docs, e).byline) for e in MANIFEST if find(sample_docs, e).byline != e["byline"]]
    assert wrong == []
