"""Broken input, for real: the committed corpus of broken files, the large ones, and a run of many
files a share of them broken (docs/reliability.md, "Broken files").

The corpus is ``tests/fixtures/broken/files``, made by ``scripts/make_broken_files.py``; each maker
there says what a correct run does with its file (``Expect``: the errors to name, with their
reasons, and the good articles to store, with a piece of text each must hold).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tieline.cli import cli
from tieline.readers import read
from tieline.types import READ_ERROR_REASONS, ReadError

from conftest import shared_file

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import make_broken_files as broken  # noqa: E402 - from scripts/, added above
import make_broken_run  # noqa: E402

CORPUS = REPO / "tests" / "fixtures" / "broken" / "files"
LARGE = [kind for kind in broken.KINDS if kind.large]
#: Guards against hangs and blow-ups, not speed figures: `tieline ingest` of one large file in a
#: fresh process (model load included): wall seconds, peak resident memory in MB.
BOUNDS = {"large_line.txt": (120, 2000), "deep.html": (60, 1500), "loops": (60, 1500)}

#: Runs the CLI in a child process and writes its wall seconds, peak memory and exit code as JSON.
CHILD = """
import json, resource, sys, time
from tieline.cli import cli
started = time.perf_counter()
try:
    cli.main(sys.argv[2:], prog_name="tieline")
except SystemExit as done:
    code = done.code
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": time.perf_counter() - started, "peak_mb": peak, "exit": code}, out)
"""


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> tuple[Path, broken.Expect]:
    """The script's corpus written anew, and what a correct run makes of it."""
    folder = tmp_path_factory.mktemp("broken") / "files"
    return folder, broken.write_corpus(folder)


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a file's bytes, a link's target, '' for a folder."""
    found: dict[str, bytes | str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            key = str(path.relative_to(folder))
            found[key] = f"-> {os.readlink(path)}" if path.is_symlink() else "" if name in dirs else path.read_bytes()
    return found


def test_committed_corpus_is_the_scripts_output(fresh):
    folder, _ = fresh
    assert tree(folder) == tree(CORPUS), "run: python scripts/make_broken_files.py tests/fixtures/broken/files"
    assert sum(len(content) for content in tree(CORPUS).values()) < 100_000


def test_readme_describes_every_kind():
    readme = (CORPUS.parent / "README.md").read_text(encoding="utf-8")
    assert [kind.name for kind in broken.KINDS if f"`{kind.name}" not in readme] == []


def test_every_read_error_reason_is_documented():
    cli_doc = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert [r for r, words in READ_ERROR_REASONS.items() if f"| `{r}` | {words} |" not in cli_doc] == []


def test_expected_reasons_are_known(fresh):
    assert {reason for _, reason in fresh[1].errors} <= set(READ_ERROR_REASONS)


def test_readers_name_each_broken_file_once_and_keep_every_good_article(fresh):
    expect = fresh[1]
    errors, good = [], {}
    for item in read([CORPUS]):
        source = os.path.relpath(item.source, CORPUS)
        if isinstance(item, ReadError):
            errors.append((source, item.reason))
        else:
            good[source] = item.text
    assert sorted(errors) == sorted(expect.errors)
    assert sorted(good) == sorted(source for source, _ in expect.good)
    assert [source for source, text in expect.good if text not in good[source]] == []


def test_curly_quotes_and_accents_survive_utf16_and_cp1252():
    texts = {os.path.basename(item.source): item.text for item in read([CORPUS / "utf16.txt", CORPUS / "cp1252.txt"])}
    assert all(broken.ACCENTED in text and "\ufffd" not in text for text in texts.values()), texts


def ingest(*args: str):
    return CliRunner().invoke(cli, ["ingest", *args], catch_exceptions=False)


@pytest.mark.model
def test_ingest_names_each_bad_file_once_and_stores_every_good_article(tmp_path, fresh):
    good = tmp_path / "good"
    good.mkdir()
    for n in (900, 901):
        (good / f"story{n}.txt").write_text(broken.story_text(n), encoding="utf-8")
    db = tmp_path / "t.db"
    result = ingest(str(CORPUS), str(good), "--db", str(db))
    expect = fresh[1]
    beside = [(str(good / f"story{n}.txt"), f"Bulletin {n}.") for n in (900, 901)]
    assert make_broken_run.check_run(CORPUS, broken.Expect(expect.errors, expect.good + beside), result.stderr, db) == []
    assert result.exit_code == 0  # documents were analysed: input errors alone do not fail a run (docs/cli.md)
    strict = ingest(str(CORPUS), str(good), "--db", str(db), "--strict")
    assert strict.exit_code == 1 and f"{len(expect.errors)} input errors" in strict.stderr


@pytest.mark.model
def test_the_check_fails_when_a_run_misses_something(tmp_path, fresh):
    db = tmp_path / "t.db"
    result = ingest(str(CORPUS / "cp1252.txt"), str(CORPUS / "empty.txt"), "--db", str(db))
    wrong = broken.Expect([("cp1252.txt", "binary")], [("missing.txt", ""), ("cp1252.txt", "not in it")])
    assert make_broken_run.check_run(CORPUS, wrong, result.stderr, db) == [
        f"{CORPUS / 'cp1252.txt'}: named 0 times on stderr, not once (binary)",
        f"stored input errors differ: unexpected ['{CORPUS / 'empty.txt'}'], missing ['{CORPUS / 'cp1252.txt'}']",
        "run counts by reason {'empty': 1} != expected {'binary': 1}",
        "the summary lacks the line 'input errors by reason: 1 not text (binary)'",
        f"{CORPUS / 'missing.txt'}: not stored",
        f"{CORPUS / 'cp1252.txt'}: not stored with 'not in it'",
    ]


@pytest.mark.model
@pytest.mark.parametrize("kind", LARGE, ids=[kind.name for kind in LARGE])
def test_large_input_stays_within_bounds(tmp_path, kind):
    folder = tmp_path / "large"
    expect = kind.make(folder, kind.name, 0)
    measured, db = tmp_path / "measured.json", tmp_path / "t.db"
    done = subprocess.run([sys.executable, "-c", CHILD, str(measured), "ingest", str(folder), "--db", str(db)],
                          capture_output=True, text=True, timeout=600)
    figures = json.loads(measured.read_text())
    seconds, megabytes = BOUNDS[kind.name]
    assert figures["seconds"] < seconds and figures["peak_mb"] < megabytes, figures
    assert make_broken_run.check_run(folder, expect, done.stderr, db) == [], done.stderr[-2000:]
    assert figures["exit"] == (0 if expect.good else 1)


@pytest.mark.model
def test_many_files_five_percent_bad(tmp_path):
    """The 10,000-file run of docs/reliability.md at 260 files (13 broken: each small kind once)."""
    corpora = shared_file("data/corpora/bbc-news-2005/articles.jsonl.gz").parents[1]
    shared_file("data/corpora/reuters-21578/articles.jsonl.gz")
    out, db = tmp_path / "run", tmp_path / "run.db"
    manifest = make_broken_run.build(out, files=260, bad=0.05, corpora=corpora)
    assert manifest["bad"] == 13 and len(manifest["errors"]) == 11
    result = ingest(str(out), "--db", str(db))
    assert make_broken_run.check(out, result.stderr, db) == []
    assert result.exit_code == 0
    assert ingest(str(out), "--db", str(db), "--strict").exit_code == 1
