"""Per-document bounds: the parse's size cap (``max_chars``, ``--max-chars``) and the time budget of
the stages after the parse (``time_budget``, ``--time-budget``; ``tieline.budget``). A document
over either is kept and marked with the reason; the rest of its batch comes through. Pathological
text (thousands of quotation marks, one sentence of 50,000 words, 100,000 capitalised words, a
run of "Putin said Xi said") finishes within the budget plus a generous margin: a hang guard, not
a speed figure (docs/reliability.md has the timings).
"""

from __future__ import annotations

import json
import random
import time
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from tieline.budget import OVER_TIME, check, checked, within
from tieline.cli import _pipeline, cli
from tieline.pipeline import RunReport
from tieline.registry import default_pipeline
from tieline.testing import make_doc

ANALYSIS = ("actors.rules.v1", "quotes.rules.v2", "events.rules.v1")
NORMAL = "Talks in Geneva\n\nEnvoys of China and Russia met in Geneva on Tuesday, officials said. “We agreed,” Putin said."
#: Generous: a loaded CI machine with two cores, the check granularity, and what the stages do
#: between two checks. Without the budget these inputs take minutes (docs/reliability.md).
MARGIN_S = 20.0


def said_chain(words: int) -> str:
    """One sentence of "Putin said Xi said ...": the quotes stage's reported-speech step is cubic in it."""
    return "Chain\n\n" + " ".join("Putin said Xi said" for _ in range(words // 4)) + "."


def capitalised(words: int) -> str:
    names = ("Putin", "Xi", "Biden", "Macron", "Moscow", "Beijing", "NATO", "Kremlin", "Washington", "Scholz")
    rng = random.Random(1)
    return "Names\n\n" + " ".join(rng.choice(names) for _ in range(words)) + "."


def quote_marks(count: int) -> str:
    rng = random.Random(2)
    words = "the minister said that China and Russia met in Moscow on Tuesday to discuss sanctions".split()
    return "Quotes\n\n" + " ".join(f'"{rng.choice(words)}' for _ in range(count)) + " he said."


def long_sentence(words: int) -> str:
    rng = random.Random(3)
    vocabulary = "the minister said that China and Russia met in Moscow on Tuesday to discuss sanctions".split()
    return "Sentence\n\n" + " ".join(rng.choice(vocabulary) for _ in range(words)) + "."


@pytest.fixture(scope="module")
def pipeline():
    return _pipeline("clean,language,parse,actors,quotes,events,dedup", max_chars=60_000, time_budget=1.0)


def analysed(pipeline, *raws: str):
    report = RunReport()
    docs = pipeline.run_batch([make_doc(raw, source=f"doc{number}.txt") for number, raw in enumerate(raws)], report)
    return docs, report


@pytest.mark.model
def test_documents_over_each_bound_are_kept_marked_and_the_batch_comes_through(pipeline):
    docs, report = analysed(pipeline, NORMAL, said_chain(6000), long_sentence(12_000), NORMAL + " Xi agreed.")
    assert [doc.source for doc in docs] == ["doc0.txt", "doc1.txt", "doc2.txt", "doc3.txt"]
    first, slow, long, last = docs
    assert slow.skipped == OVER_TIME and [p.reason for p in slow.problems] == [OVER_TIME]
    assert slow.problems[0].stage in ANALYSIS and "raise --time-budget" in slow.problems[0].detail
    assert slow.sentences, "what the parse did is kept"
    assert long.skipped == "too_long" and "raise --max-chars" in long.problems[0].detail
    for doc in (first, last):
        assert doc.skipped is None and not doc.problems and doc.actors and doc.quotes
    for doc in docs:
        report.count(doc)
    assert report.skipped == {OVER_TIME: 1, "too_long": 1} and report.documents == 4


PATHOLOGICAL = {
    "10,000 quotation marks": quote_marks(10_000),
    "one sentence of 50,000 words": long_sentence(50_000),
    "100,000 capitalised words": capitalised(100_000),
    "8,000 words of 'Putin said Xi said'": said_chain(8_000),
    "4,000 capitalised words": capitalised(4_000),
    "a sentence of 8,000 words": long_sentence(8_000),
}


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_text_finishes_within_the_budget(name):
    budget = 2.0
    pipeline = _pipeline("clean,language,parse,actors,quotes,events", time_budget=budget)
    started = time.perf_counter()
    [doc], report = analysed(pipeline, PATHOLOGICAL[name])
    analysis = sum(report.seconds[stage] for stage in ANALYSIS)
    assert analysis <= budget + MARGIN_S, f"{name}: the stages after the parse took {analysis:.1f} s"
    assert time.perf_counter() - started <= budget + MARGIN_S + 120, f"{name}: the whole pipeline hung"
    assert doc.skipped in (None, OVER_TIME, "too_long") or doc.skipped.startswith("language:"), doc.skipped


def test_the_budget_is_one_for_the_document_across_the_stages():
    doc = make_doc("Title\n\nBody.", parsed=SimpleNamespace(user_data={}))
    with within(doc, 0.3, "actors.rules.v1"):
        time.sleep(0.2)
        check()
    assert doc.skipped is None and not doc.problems
    with within(doc, 0.3, "quotes.rules.v2"):
        time.sleep(0.15)
        check()
        pytest.fail("0.35 s of a 0.3 s budget: the check raises")
    assert doc.skipped == OVER_TIME
    assert [(p.stage, p.reason) for p in doc.problems] == [("quotes.rules.v2", OVER_TIME)]


def test_no_budget_with_none_or_zero_and_what_the_stages_did_is_kept():
    doc = make_doc("Title\n\nBody.", parsed=SimpleNamespace(user_data={}))
    doc.actors = [{"id": "CHN"}]
    for seconds in (None, 0, 0.0):
        with within(doc, seconds, "quotes.rules.v2"):
            time.sleep(0.01)
            list(checked(range(100), every=1))
    assert doc.skipped is None and doc.actors == [{"id": "CHN"}]
    with within(doc, 1e-9, "events.rules.v1"):
        list(checked(range(100), every=1))
    assert doc.skipped == OVER_TIME and doc.actors == [{"id": "CHN"}]


def test_a_document_marked_over_time_is_left_alone_by_the_later_stages():
    stages = default_pipeline({"quotes": {"time_budget": 5.0}}, stages=["clean", "language", "parse", "actors", "quotes"])
    doc = make_doc(NORMAL, skipped=OVER_TIME)
    quotes = stages.stages[-1]
    assert list(quotes.pipe([doc])) == [doc] and doc.quotes == [] and "quotes" not in doc.stages


def test_the_bounds_travel_in_the_recipe_the_dask_workers_build_from():
    from tieline.engines.dask_engine import _recipe, worker_pipeline

    pipeline = _pipeline("clean,language,parse,actors,quotes,events,dedup", max_chars=1234, time_budget=7.5)
    recipe = _recipe(pipeline)
    assert json.loads(recipe)[1]["quotes"] == {"time_budget": 7.5}
    rebuilt = {stage.name.split(".")[0]: stage for stage in worker_pipeline(recipe).stages}
    assert rebuilt["parse"].max_chars == 1234
    assert {rebuilt[name].time_budget for name in ("actors", "quotes", "events")} == {7.5}
    assert pipeline.stages[-1].time_budget == 7.5, "copy detection runs where every document passes, with the budget"


def near_copies(sentences: int) -> tuple[str, str]:
    rng = random.Random(4)
    vocabulary = "the minister said that China and Russia met in Moscow on Tuesday to discuss sanctions".split()
    lines = [" ".join(rng.choice(vocabulary) for _ in range(20)).capitalize() + "." for _ in range(sentences)]
    text = "Report\n\n" + "\n\n".join(" ".join(lines[i : i + 5]) for i in range(0, sentences, 5))
    return text, text.replace("Moscow", "Beijing", 50)


def test_copy_detection_of_two_long_near_copies_stops_at_its_budget_and_keeps_both():
    from tieline.stages.clean import CleanStage
    from tieline.stages.dedup import DedupStage

    docs = list(CleanStage().pipe([make_doc(text) for text in near_copies(1500)]))
    started = time.perf_counter()
    out = list(DedupStage(time_budget=0.5).pipe(docs))
    assert time.perf_counter() - started <= 0.5 + MARGIN_S, "without the budget: about a minute (docs/reliability.md)"
    assert out == docs and all(doc.skipped is None for doc in out)
    assert [(p.stage, p.reason) for doc in out for p in doc.problems] == [("dedup.minhash.v1", OVER_TIME)]


def test_defaults_stay_when_no_bound_is_given():
    stages = {stage.name.split(".")[0]: stage for stage in _pipeline("clean,language,parse,actors,quotes,events,dedup").stages}
    assert stages["parse"].max_chars == 200_000
    assert {stages[name].time_budget for name in ("actors", "quotes", "events", "dedup")} == {60.0}


@pytest.mark.model
def test_analyze_and_ingest_take_both_bounds(tmp_path):
    (tmp_path / "a.txt").write_text(NORMAL, encoding="utf-8")
    (tmp_path / "b.txt").write_text(long_sentence(12_000), encoding="utf-8")
    (tmp_path / "c.txt").write_text(said_chain(6000), encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(cli, ["analyze", str(tmp_path), "--max-chars", "60000", "--time-budget", "1"])
    assert done.exit_code == 0, done.output
    records = {json.loads(line)["source"].rsplit("/", 1)[-1]: json.loads(line) for line in done.stdout.splitlines()}
    assert records["a.txt"]["skipped"] is None and records["a.txt"]["quotes"]
    assert records["b.txt"]["skipped"] == "too_long" and records["c.txt"]["skipped"] == OVER_TIME
    db = tmp_path / "store.db"
    done = runner.invoke(cli, ["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(db),
                               "--max-chars", "60000", "--time-budget", "30"])
    assert done.exit_code == 0, done.output
    import sqlite3

    with sqlite3.connect(db) as connection:
        rows = dict(connection.execute("SELECT source, skipped FROM documents"))
    assert sorted(v for v in rows.values() if v) == ["too_long"] and len(rows) == 2
