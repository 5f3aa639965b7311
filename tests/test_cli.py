"""End to end through the command line, with the real readers and the real spaCy model."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tieline.cli import cli
from tieline.store import Store

from conftest import shared_file

pytestmark = pytest.mark.model


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def seed_dir():
    return shared_file("seeds/000_e731bccc482f2f40.txt").parent


def test_analyze_seeds_writes_one_record_per_document(seed_dir):
    result = run("analyze", str(seed_dir))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0
    assert [r["title"] for r in records] == [
        "Xi Jinping hugs Vladimir Putin in defiance of the West",
        "Ties That Bind Putin and Xi Tested by Russia’s Ukraine Invasion",
    ]
    assert [r["truncated"] for r in records] == [False, True]
    assert records[0]["credits"] == ["Olivia Wang contributed to the research."]
    for record in records:
        assert record["language"] == "en" and record["schema"] == "tieline.doc.v1"
        assert all(record["text"][s["start"] : s["end"]].strip() for s in record["sentences"])
        for key in ("id", "source", "published", "byline", "removed", "repairs", "duplicate_of", "story",
                    "actors", "quotes", "events"):
            assert key in record
    assert "junk removed (10 lines)" in result.stderr


def test_analyze_stdin(seeds):
    result = run("analyze", "-", input=seeds["junk"].encode("utf-8"))
    record = json.loads(result.stdout)
    assert record["source"] == "<stdin>" and record["truncated"]


def test_ingest_twice_adds_nothing_and_records_both_runs(tmp_path, seed_dir):
    db = str(tmp_path / "t.db")
    first = run("ingest", str(seed_dir), "--db", db)
    second = run("ingest", str(seed_dir), "--db", db)
    assert first.exit_code == second.exit_code == 0
    assert "2 analysed, 0 already stored" in first.stderr
    assert "0 analysed, 2 already stored" in second.stderr
    with Store(db) as store:
        assert store.count() == 2
        assert [run["status"] for run in store.runs()] == ["done", "done"]
        assert store.runs()[0]["stages"]["clean"] == "clean.rules.v1"


def test_missing_file_gets_one_line_and_the_batch_goes_on(tmp_path, seed_dir):
    missing = tmp_path / "nope.txt"
    result = run("analyze", str(missing), str(seed_dir / "000_e731bccc482f2f40.txt"))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert [line for line in result.stderr.splitlines() if "nope.txt" in line]
    strict = run("analyze", "--strict", str(missing), str(seed_dir / "000_e731bccc482f2f40.txt"))
    assert strict.exit_code == 1


def test_nothing_readable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("analyze", str(tmp_path / "empty.txt"))
    assert result.exit_code == 1 and "empty.txt" in result.stderr


def test_unknown_stage_names_the_choices(seed_dir):
    result = CliRunner().invoke(cli, ["analyze", "--stages", "clean,quotez", str(seed_dir)])
    assert "choose one of" in str(result.exception)


def test_show_and_search(tmp_path, seed_dir):
    db = str(tmp_path / "t.db")
    run("ingest", str(seed_dir), "--db", db)
    hits = run("search", "Kharkiv", "--db", db).stdout
    doc_id = hits.split()[0]
    shown = json.loads(run("show", doc_id, "--db", db).stdout)
    assert shown["title"] == "Xi Jinping hugs Vladimir Putin in defiance of the West"
    assert "[Kharkiv]" in hits


def test_analyze_explain_shows_kept_and_removed_lines(tmp_path):
    seed = shared_file("seeds/002_3edabc9831f43f0c.txt")
    out = tmp_path / "docs.jsonl"
    result = run("analyze", str(seed), "--stages", "clean", "--explain", "--json", str(out))
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and lines[0].startswith(str(seed))
    assert "page type: article; truncated: yes" in lines[1]
    verdicts = [line.split("|")[0].strip() for line in lines[2:] if "|" in line]
    assert verdicts.count("kept") == 12 and "cookie_banner" in verdicts and "subscribe_box" in verdicts
    assert json.loads(out.read_text(encoding="utf-8"))["truncated"] is True
