from __future__ import annotations

import pytest

from tieline import registry
from tieline.errors import ConfigError, PipelineError
from tieline.pipeline import DocStage, Pipeline, RunReport
from tieline.stages.clean import CleanStage
from tieline.stages.language import LanguageStage
from tieline.stages.parse import ParseStage
from tieline.testing import blank_nlp, make_doc


class Exploding(DocStage):
    name = "explode.test.v1"
    requires = ("text",)
    assigns = ("events",)

    def process(self, doc):
        raise ValueError("bad luck")


def stages(*extra):
    return [CleanStage(), LanguageStage(), ParseStage(nlp=blank_nlp()), *extra]


def test_check_names_the_missing_field_and_the_fix():
    with pytest.raises(PipelineError, match=r"parse.spacy.v1 requires text, language; nothing before it"):
        Pipeline([ParseStage(nlp=blank_nlp())])


def test_a_stage_that_raises_marks_the_document_and_keeps_it():
    docs = list(Pipeline(stages(Exploding())).run([make_doc("Title\n\nChina and Russia met in Beijing.")]))
    assert len(docs) == 1
    assert docs[0].problems[0].stage == "explode.test.v1"
    assert "ValueError: bad luck" in docs[0].problems[0].detail
    assert "explode" not in docs[0].stages


def test_stage_versions_recorded_on_each_document():
    doc = Pipeline(stages()).run_batch([make_doc("Summit\n\nLeaders met in Beijing on Friday. They signed a deal.")])[0]
    assert doc.stages == {"clean": "clean.rules.v1", "language": "language.langid.v1", "parse": "parse.spacy.v1"}
    assert [doc.text[s.start : s.end] for s in doc.sentences] == ["Leaders met in Beijing on Friday.", "They signed a deal."]


def test_non_english_is_kept_marked_and_not_analysed():
    raw = "Cumbre en Pekín\n\nLos presidentes de China y Rusia se reunieron en Pekín y firmaron una declaración conjunta."
    doc = Pipeline(stages()).run_batch([make_doc(raw)])[0]
    assert doc.language == "es" and doc.skipped == "language:es"
    assert doc.sentences == [] and "parse" not in doc.stages
    assert doc.text.startswith("Los presidentes")


def test_report_times_every_stage_and_counts_documents():
    report = RunReport()
    list(Pipeline(stages()).run([make_doc("A\n\nThe talks ended.") for _ in range(3)], batch_size=2, report=report))
    assert set(report.seconds) == {"clean.rules.v1", "language.langid.v1", "parse.spacy.v1"}


def test_registry_resolves_short_names_and_rejects_unknown_ones():
    assert registry.resolve("clean") == "clean.rules.v1"
    assert "parse.spacy.v1" in registry.names()
    with pytest.raises(ConfigError, match="choose one of: actors.rules.v1, clean.rules.v1"):
        registry.get("quotez")


def test_importing_tieline_loads_nothing_heavy():
    import subprocess
    import sys

    code = "import sys, tieline; print(sorted(m for m in ('spacy', 'trafilatura', 'warcio', 'feedparser', 'sqlite3', 'tieline.stages') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_body_over_the_parse_limit_is_kept_marked_and_does_not_stop_its_batch():
    from tieline.registry import default_pipeline

    pipeline = default_pipeline({"parse": {"max_chars": 500}}, stages=["clean", "language", "parse"])
    long = make_doc("Long\n\n" + "Officials met in Geneva on Tuesday to discuss grain exports. " * 20)
    short = make_doc("Short\n\nEnvoys met in Geneva on Tuesday, officials said.")
    long_done, short_done = pipeline.run_batch([long, short])
    assert long_done.skipped == "too_long" and long_done.sentences == []
    assert [(p.stage, p.reason) for p in long_done.problems] == [("parse.spacy.v1", "too_long")]
    assert short_done.skipped is None and short_done.sentences


class _Fragile:
    """A spaCy pipeline that fails on any text holding "BOOM" (as a model may on odd input)."""

    def __init__(self):
        self.nlp = blank_nlp()
        self.pipe_names = self.nlp.pipe_names

    def select_pipes(self, **kwargs):
        return self.nlp.select_pipes(**kwargs)

    def pipe(self, texts, batch_size=32):
        texts = list(texts)
        if any("BOOM" in text for text in texts):
            raise RuntimeError("the model failed")
        return self.nlp.pipe(texts, batch_size=batch_size)

    def __call__(self, text):
        if "BOOM" in text:
            raise RuntimeError("the model failed")
        return self.nlp(text)


def test_a_document_the_parser_fails_on_is_marked_and_the_rest_of_its_batch_is_parsed():
    parse = ParseStage(nlp=_Fragile())
    docs = [make_doc(f"Title\n\n{text}") for text in ("Envoys met in Geneva.", "It went BOOM here.", "Talks went on.")]
    for doc in docs:
        doc.text, doc.language = doc.raw.split("\n\n", 1)[1], "en"
    good, bad, other = list(parse.pipe(docs))
    assert good.sentences and other.sentences and good.stages["parse"] == parse.name
    assert bad.skipped == "parse_error" and bad.sentences == []
    assert [(p.stage, p.reason) for p in bad.problems] == [(parse.name, "error")]
