"""`tieline bench` measures what it says (no timing is asserted: the figures live in docs/benchmarks.md)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import tieline
from tieline.cli import cli

pytestmark = pytest.mark.model


def test_ingest_limit_reads_only_the_first_documents(tmp_path):
    report = tieline.ingest([tieline.sample_path() / "text"], tmp_path / "t.db", limit=2)
    assert report.documents == 2
    assert {"read", "store", "parse.spacy.v1"} <= set(report.seconds)
    with tieline.open(tmp_path / "t.db") as store:
        assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_bench_runs_both_phases_on_the_same_documents(tmp_path):
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(cli, ["bench", str(tieline.sample_path() / "text"), "--docs", "3", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "ratio (tieline / bare parse, articles/s)" in result.output
    data = json.loads(out.read_text())
    bare, whole = data["bare_parse"], data["tieline"]
    assert bare["articles"] == whole["articles"] == 3
    assert 0 < bare["parsed"] <= 3 and bare["words"] > 100
    assert "parser" in bare["components"] and "senter" not in bare["components"]
    assert data["ratio"] == pytest.approx(bare["seconds"] / whole["seconds"], abs=0.001)  # same articles in both
    assert whole["parts"]["parse.spacy.v1"] > 0 and whole["events"] >= 0
    assert sum(data["shares"].values()) == pytest.approx(1.0, abs=0.01)
    assert bare["peak_rss_mb"] > 100 and whole["peak_rss_mb"] > 100  # each phase loaded the model itself


def test_bench_with_two_workers_runs_tieline_on_the_dask_engine(tmp_path):
    out = tmp_path / "bench.json"
    args = ["bench", str(tieline.sample_path() / "text"), "--docs", "4", "--batch-size", "2", "--workers", "2", "--json", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["workers"] == 2 and data["tieline"]["articles"] == 4
    assert len(data["tieline"]["workers_peak_rss_mb"]) == 2  # both workers loaded the model
    assert min(data["tieline"]["workers_peak_rss_mb"]) > 100
    assert "summed over its workers" in result.output


def test_bench_replays_feed_new_documents_that_copy_detection_finds(tmp_path):
    out = tmp_path / "bench.json"
    args = ["bench", str(tieline.sample_path() / "text"), "--docs", "5", "--replays", "3", "--no-bare", "--json", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    whole = data["tieline"]
    assert data["bare_parse"] is None and data["replays"] == 3 and "bare parse not run" in result.output
    assert whole["articles"] == 5 and whole["repeats"] == 0  # every replay is a new document
    assert whole["copies"] >= 5 - len(list((tieline.sample_path() / "text").iterdir()))  # the replays found as copies
    assert whole["words"] > 100 and whole["articles_per_s"] > 0


def test_write_replays_gives_each_replay_new_texts(tmp_path):
    from tieline.bench import write_replays
    from tieline.readers import ReadOptions

    folder = tieline.sample_path() / "text"
    originals = len(list(folder.iterdir()))
    path = write_replays([str(folder)], 3, tmp_path / "r.jsonl", None, ReadOptions())
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines) == 3 * originals
    assert len({line["text"] for line in lines}) == 3 * originals  # new texts: new ids
    assert lines[originals]["text"].startswith(lines[0]["text"]) and lines[originals]["text"].endswith("(Replay 2 of this article.)")
    assert len(write_replays([str(folder)], 3, tmp_path / "s.jsonl", 4, ReadOptions()).read_text().splitlines()) == 4


def test_profile_writes_a_file_pstats_reads(tmp_path):
    import pstats

    profile = tmp_path / "run.prof"
    text = str(tieline.sample_path() / "text" / sorted(p.name for p in (tieline.sample_path() / "text").iterdir())[0])
    result = CliRunner().invoke(cli, ["analyze", text, "--json", str(tmp_path / "out.jsonl"), "--profile", str(profile)])
    assert result.exit_code == 0, result.output
    stats = pstats.Stats(str(profile))
    assert any(function == "run_batch" for (_, _, function) in stats.stats)


def test_bench_queries_times_the_pages_queries_on_a_synthetic_store(tmp_path):
    from tieline.bench_store import generate
    from tieline.store import Store
    from tieline.store.queries import pair_rows

    out = tmp_path / "queries.json"
    result = CliRunner().invoke(cli, ["bench-queries", "--events", "3000", "--repeat", "1", "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["written"]["events"] == 3000 and data["written"]["documents"] == 300
    assert set(data["queries"]) == {"pair CHN RUS by month", "busiest partners of CHN", "first 50 events of CHN"}
    assert data["queries"]["first 50 events of CHN"]["rows"] == 50

    db = tmp_path / "synthetic.db"
    generate(db, 3000)
    with Store(db) as store:
        months = pair_rows(store, "CHN", "RUS", by="month", limit=100_000)
        naive = store.db.execute(
            "SELECT count(*) FROM events e JOIN event_actors s ON s.event_id = e.event_id AND s.role = 'source' "
            "JOIN event_actors t ON t.event_id = e.event_id AND t.role = 'target' WHERE e.factual = 1 AND "
            "((s.country = 'CHN' AND t.country = 'RUS') OR (s.country = 'RUS' AND t.country = 'CHN'))").fetchone()[0]
    assert sum(row["events"] for row in months) == naive > 0
    assert CliRunner().invoke(cli, ["bench-queries", "--events", "10", "--db", str(db)]).exit_code != 0  # never over a file
