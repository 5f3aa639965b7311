"""Copies and stories: the dedup stage on the seeds, on copies made here, and across two runs."""

from __future__ import annotations

import json
import re

import pytest

import tieline
from tieline.dedup.align import altered_quotes, split_sentences
from tieline.dedup.fingerprint import fingerprint, similarity
from tieline.pipeline import Pipeline
from tieline.registry import get
from tieline.stages.clean import CleanStage
from tieline.stages.dedup import DedupStage
from tieline.store import Store
from tieline.testing import make_doc

LEADERS = [{"id": "Q15031"}, {"id": "Q7747"}, {"id": "CHN"}, {"id": "RUS"}]

#: The perturbation's tiny thesaurus: each word (whole, case kept for the first letter) and its swap.
SYNONYMS = {
    "said": "stated", "leader": "head", "leaders": "heads", "talks": "discussions", "support": "backing",
    "war": "conflict", "country": "nation", "countries": "nations", "relationship": "bond",
    "statement": "declaration", "president": "head of state", "economic": "financial", "visit": "trip",
    "meeting": "gathering", "week": "seven days", "called": "described as", "West": "Western world",
    "show": "display", "sharply": "steeply", "almost": "nearly", "clear": "evident", "forces": "troops",
    "with": "alongside", "about": "regarding", "after": "following", "also": "additionally", "but": "yet",
    "because": "since", "many": "numerous", "new": "fresh", "between": "among", "including": "such as",
    "during": "throughout", "while": "whereas", "however": "nevertheless", "more": "further",
    "could": "might", "help": "assist", "close": "near", "strong": "robust", "ties": "links",
}

BOILERPLATE = "Sign up for our daily briefing and never miss a story from around the world."


def clean(raw: str):
    """A seed through the clean stage: its title, body and truncation flag."""
    return Pipeline([CleanStage()]).run_batch([make_doc(raw)])[0]


def exact_copy(text: str) -> str:
    """The same words: straight quotes, doubled spaces, one line per paragraph kept."""
    return text.replace("“", '"').replace("”", '"').replace("’", "'").replace(" ", "  ")


def near_copy(text: str) -> str:
    """Boilerplate added, the third paragraph dropped, the last fifth cut off mid-sentence."""
    paragraphs = text.split("\n\n")
    body = "\n\n".join([BOILERPLATE, *paragraphs[:2], *paragraphs[3:]])
    return body[: int(len(body) * 0.8)].rstrip()


def _swap(match: re.Match) -> str:
    word = match.group()
    swap = SYNONYMS.get(word) or SYNONYMS.get(word.lower())
    return swap if swap is None or word.islower() or word in SYNONYMS else swap[0].upper() + swap[1:]


def _reorder(sentence: str) -> str:
    """Move the first clause after the rest ("A, B." -> "B, a.") when the sentence has a comma."""
    head, comma, tail = sentence.partition(", ")
    if not comma or not tail.endswith(".") or "“" in sentence or '"' in sentence:
        return sentence
    return f"{tail[0].upper()}{tail[1:-1]}, {head[0].lower()}{head[1:]}."


def reworded_copy(text: str) -> str:
    """Synonyms swapped, clauses moved in every other sentence, the fifth sentence dropped, and
    the first quote that contains "the" rewritten (an altered quote)."""
    pieces = [text[s.start:s.end] for s in split_sentences(text)]
    pieces = [_reorder(p) if n % 2 else p for n, p in enumerate(pieces) if n != 4]
    body = re.sub(r"[A-Za-z]+", lambda m: _swap(m) or m.group(), " ".join(pieces))
    return re.sub(r"(“[^”]*?)\bthe\b([^”]*”)", r"\1this\2", body, count=1)


def dedup(*docs, stage=None):
    stage = stage or DedupStage()
    return list(stage.pipe(list(docs)))


def doc_of(text: str, source: str, **fields):
    fields.setdefault("actors", LEADERS)
    return make_doc(text, source=source, text=text, **fields)


@pytest.fixture
def originals(seeds):
    return {name: clean(raw) for name, raw in seeds.items()}


def test_the_seed_pair_is_neither_a_copy_nor_one_story(originals):
    a, b = [doc_of(d.text, name, published="2024-05-17", truncated=d.truncated) for name, d in originals.items()]
    dedup(a, b)
    assert (a.duplicate_of, b.duplicate_of, a.copy_kind, b.copy_kind) == (None, None, None, None)
    assert a.story == a.id and b.story == b.id


@pytest.mark.parametrize("name", ["reworded", "junk"])
@pytest.mark.parametrize("kind,perturb,truncated", [
    ("exact", exact_copy, None), ("near", near_copy, True), ("reworded", reworded_copy, None),
])
def test_copies_of_each_seed_have_their_kind_and_canonical(originals, name, kind, perturb, truncated):
    seed = originals[name]
    original = doc_of(seed.text, "original.txt", truncated=seed.truncated, published="2024-05-17")
    copy = doc_of(perturb(seed.text), "copy.txt", truncated=seed.truncated if truncated is None else truncated,
                  published="2024-05-18")
    dedup(copy, original)   # the copy first: the more complete (or, for exact copies, earlier) original wins
    assert (copy.copy_kind, copy.duplicate_of, copy.copy["of"]) == (kind, original.id, original.id)
    assert original.duplicate_of is None and original.copy is None
    assert copy.story == original.story == original.id


def test_an_exact_copy_in_a_later_batch_points_to_the_earlier(originals):
    stage, seed = DedupStage(), originals["reworded"]
    first = doc_of(seed.text, "a.txt")
    second = doc_of(exact_copy(seed.text), "b.txt")
    dedup(first, stage=stage)
    dedup(second, stage=stage)
    assert (second.duplicate_of, second.copy_kind, first.duplicate_of) == (first.id, "exact", None)


def test_reworded_copy_reports_aligned_sentences_and_altered_quotes(originals):
    seed = originals["reworded"]
    original, copy = doc_of(seed.text, "a.txt"), doc_of(reworded_copy(seed.text), "b.txt")
    dedup(original, copy)
    aligned = copy.copy["aligned_sentences"]
    assert len(aligned) >= 0.8 * len(split_sentences(copy.text))
    assert all(a[2] >= 0.5 for a in aligned) and [a[0] for a in aligned] == sorted(a[0] for a in aligned)
    quotes = copy.copy["altered_quotes"]
    for altered in quotes:
        assert original.text[altered["of_start"]:altered["of_end"]] == altered["original"]
        assert altered["copy"] is None or copy.text[altered["start"]:altered["end"]] == altered["copy"]
    assert any(q["copy"] and " this " in q["copy"] and " the " in q["original"] for q in quotes)


def test_altered_quote_with_no_quote_in_the_copy():
    original = "The minister spoke on Monday. “We will not yield,” she said. Talks resume next week."
    copy = "The minister talked on Monday. We will not give in, she stated. Talks resume next week."
    (altered,) = altered_quotes(original, copy)
    assert altered["original"] == "We will not yield," and altered["copy"] is None


def test_same_event_same_actors_is_one_story_and_other_days_are_not():
    one = ("Xi Jinping and Vladimir Putin signed energy agreements in Vladivostok on Wednesday, pledging "
           "more gas pipelines, grain purchases and yuan payments between China and Russia.")
    two = ("In Vladivostok, Putin and Xi Jinping agreed new gas pipelines and grain deals, and Russia and "
           "China will settle more energy payments in yuan, officials said after Wednesday's summit.")
    assert similarity(fingerprint(one).words, fingerprint(two).words) >= 0.2
    a = doc_of(one, "a.txt", published="2026-03-12")
    b = doc_of(two, "b.txt", published="2026-03-13")
    c = doc_of(one.replace("Wednesday", "Friday"), "c.txt", published="2026-04-30")
    dedup(a, b, c)
    assert (a.duplicate_of, b.duplicate_of, c.duplicate_of) == (None, None, None)
    assert a.story == b.story in (a.id, b.id) and c.story == c.id


@pytest.mark.model
def test_sample_copies_match_the_manifest(analysed_sample):
    manifest = json.loads((tieline.sample_path().parent / "MANIFEST.json").read_text(encoding="utf-8"))
    by_file = {}
    for key, doc in analysed_sample.items():
        by_file.setdefault(key.split("corpus/")[1].split("#")[0], []).append(doc)
    for entry in manifest:
        copy = analysed_sample[_key(entry)]
        if entry["copy_of"] is None:
            continue
        (original,) = by_file[entry["copy_of"]]
        assert copy.copy_kind == entry["copy_kind"] or original.copy_kind == entry["copy_kind"]
        assert {copy.duplicate_of, original.duplicate_of} == {None, (copy.duplicate_of or original.duplicate_of)}
        assert copy.story == original.story
    copies = [doc for doc in analysed_sample.values() if doc.duplicate_of]
    assert len(copies) == 2


def _key(entry) -> str:
    path = str(tieline.sample_path() / entry["file"])
    return path if entry["record"] is None else f"{path}#{entry['record']}"


@pytest.mark.model
def test_a_second_ingest_finds_copies_of_the_first(tmp_path, seeds, originals):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    for name, raw in seeds.items():
        (first / f"{name}.txt").write_text(raw, encoding="utf-8")
        seed = originals[name]
        for kind, perturb in (("exact", exact_copy), ("near", near_copy), ("reworded", reworded_copy)):
            (second / f"{name}-{kind}.txt").write_text(f"{seed.title}\n\n{perturb(seed.text)}", encoding="utf-8")
    db = tmp_path / "t.db"
    tieline.ingest([first], db=db)
    report = tieline.ingest([second], db=db)
    assert report.documents == 6
    with Store(db) as store:
        ids = {doc.source.rsplit("/", 1)[1]: doc for doc in store.documents()}
        for name in seeds:
            for kind in ("exact", "near", "reworded"):
                copy = ids[f"{name}-{kind}.txt"]
                assert (copy.copy_kind, copy.duplicate_of) == (kind, ids[f"{name}.txt"].id), copy.source
        assert store.db.execute("SELECT count(*) FROM copy_index").fetchone()[0] == 8
        rows = store.db.execute("SELECT count(DISTINCT story) FROM documents").fetchone()[0]
        assert rows == 2


def test_the_store_index_survives_reopening(tmp_path, originals):
    seed = originals["junk"]
    db = tmp_path / "t.db"
    first = doc_of(seed.text, "a.txt", truncated=True)
    with Store(db) as store:
        stage = DedupStage()
        index = stage.use_store(store)
        dedup(first, stage=stage)
        with store.transaction():
            store.save(first, {"dedup": stage.name})
            index.flush()
    second = doc_of(near_copy(seed.text), "b.txt", truncated=True)
    with Store(db) as store:
        stage = DedupStage()
        stage.use_store(store)
        dedup(second, stage=stage)
    assert (second.copy_kind, second.duplicate_of) == ("near", first.id)


def test_the_stage_is_registered_and_in_the_default_pipeline():
    assert get("dedup").name == "dedup.minhash.v1"
    assert tieline.registry.DEFAULT_STAGES[-1] == "dedup"


def test_a_more_complete_copy_in_a_later_ingest_becomes_canonical(tmp_path, originals):
    seed = originals["reworded"]
    cut = seed.text[: len(seed.text) * 2 // 3].rstrip()
    db = tmp_path / "t.db"
    truncated, exact = doc_of(cut, "cut.txt", truncated=True), doc_of(exact_copy(cut), "cut-again.txt", truncated=True)
    complete = doc_of(seed.text, "whole.txt")
    for batch in ([truncated], [exact], [complete]):
        with Store(db) as store:
            stage = DedupStage()
            index = stage.use_store(store)
            dedup(*batch, stage=stage)
            with store.transaction():
                for doc in batch:
                    store.save(doc, {"dedup": stage.name})
                index.flush()
    assert (complete.duplicate_of, complete.copy_kind) == (None, None)
    with Store(db) as store:
        first, second = store.get(truncated.id), store.get(exact.id)
        assert (first.duplicate_of, first.copy_kind, first.copy["of"]) == (complete.id, "near", complete.id)
        assert (second.duplicate_of, second.copy_kind, second.copy["of"]) == (complete.id, "exact", truncated.id)
        canonical = dict(store.db.execute("SELECT document_id, canonical FROM copy_index").fetchall())
        assert canonical == {truncated.id: complete.id, exact.id: complete.id, complete.id: complete.id}
        assert store.db.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NULL").fetchone()[0] == 1


def test_the_memory_index_keeps_an_earlier_canonical(originals):
    seed, stage = originals["reworded"], DedupStage()
    cut = doc_of(seed.text[: len(seed.text) // 2].rstrip(), "cut.txt", truncated=True)
    whole = doc_of(seed.text, "whole.txt")
    dedup(cut, stage=stage)
    dedup(whole, stage=stage)
    assert (whole.duplicate_of, whole.copy_kind, cut.duplicate_of) == (cut.id, "near", None)


TEMPLATE = ("{company} is raising {amount} mln dlrs through an offering of convertible subordinated debentures "
            "due {year} with a {coupon} pct coupon and par pricing, said lead manager {bank}. The debentures are "
            "convertible into the company's common stock at {price} dlrs per share, representing a premium of "
            "{premium} pct over the stock price when terms were set. The issue is rated {rating} by Moody's and "
            "was increased from an initial offering of {first} mln dlrs, the manager said in a statement today.")


def test_reports_written_on_one_template_are_not_copies():
    a = TEMPLATE.format(company="Pope and Talbot Inc", amount=40, year=2012, coupon=6, bank="Morgan Stanley",
                        price="51.875", premium=25, rating="Ba-3", first=35)
    b = TEMPLATE.format(company="Hechinger Co", amount=125, year=2012, coupon="5-1/2", bank="Salomon Brothers",
                        price="27.84", premium=28, rating="Ba-1", first=100)
    first, second = doc_of(a, "a.txt"), doc_of(b, "b.txt")
    dedup(first, second)
    assert (second.duplicate_of, second.copy_kind) == (None, None)
    assert [s.numbers for s in split_sentences(a)][1] == {"51.875", "25"}


def test_one_sentence_paragraphs_moved_around_are_a_near_copy(originals):
    sentences = [originals["reworded"].text[s.start:s.end] for s in split_sentences(originals["reworded"].text)]
    moved = sentences[1::2] + sentences[0::2]
    original, copy = doc_of("\n\n".join(sentences), "a.txt"), doc_of("\n\n".join(moved), "b.txt")
    dedup(original, copy)
    assert (copy.copy_kind, copy.duplicate_of) == ("near", original.id)


def test_both_indexes_rank_candidates_alike(tmp_path, originals):
    from tieline.dedup.index import MemoryCopyIndex, make_entry

    text = originals["reworded"].text
    memory = MemoryCopyIndex()
    with Store(tmp_path / "t.db") as store:
        stored = store.copy_index()
        for n in range(25):
            variant = f"{text}\n\nItem {n} of the series."
            for index in (memory, stored):
                index.add(make_entry(f"d{n:02}", fingerprint(variant), length=len(variant)), variant)
            if n == 11:
                with store.transaction():
                    stored.flush()
        probe = fingerprint(text)
        assert [e.id for e in memory.candidates(probe)] == [e.id for e in stored.candidates(probe)]


def test_the_analyze_index_remembers_a_window_of_documents_and_ranks_both_generations_as_one():
    from tieline.dedup.fingerprint import fingerprint
    from tieline.dedup.index import MemoryCopyIndex, make_entry
    from tieline.dedup.window import WindowCopyIndex

    texts = [f"Report {n}: envoys from the two states met in Geneva and agreed to resume grain exports soon."
             for n in range(7)]
    window, whole = WindowCopyIndex(window=4), MemoryCopyIndex()
    for number, text in enumerate(texts):
        entry = make_entry(f"d{number}", fingerprint(text), length=len(text))
        window.add(entry, text)
        whole.add(entry, text)
    kept = {entry.id for entry in window.candidates(fingerprint(texts[0]))}
    assert kept == {"d4", "d5", "d6"}  # generations of 2: d4, d5 (older) and d6 (current); d0-d3 forgotten
    assert [e.id for e in window.candidates(fingerprint(texts[0]))] == [
        e.id for e in whole.candidates(fingerprint(texts[0])) if e.id in kept]
    assert window.entry("d1") is None and window.text("d5") == texts[5]
    assert len(window.older.ids) + len(window.current.ids) <= 4
