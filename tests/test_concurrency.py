"""Two ingests into one store at once, and the server answering while an ingest writes.

Each ingest is a real child process (`python -m tieline.cli ingest`). The store must end with the
records a run of one ingest after the other leaves (documents, sources, removed lines, problems,
events, quotes, actors and mentions field by field, ignoring run ids and timestamps), and pass
`PRAGMA integrity_check`. Which document of a copy group is canonical, and so the id its story is
named after, depends on which copy was stored first, even when the ingests run one after the
other (A then B and B then A differ); those are compared as groups: the same documents are
copies of each other, and the same documents share a story.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tieline
from tieline.store import Store
from tieline.store.migrations import MIGRATIONS
from tieline.web.loadtest import plan, served

#: Order-dependent fields, compared as groups (``groups``), not one by one.
COPY_FIELDS = ("duplicate_of", "story", "copy_kind", "copy")
#: Per-run fields left out of every comparison.
RUN_FIELDS = ("run_id", "updated_at", "first_seen")
TABLES = ("documents", "sources", "removed", "problems", "events", "event_actors", "event_pairs", "quotes",
          "document_actors", "mentions", "copy_bands", "story_actors")


def src() -> str:
    return str(Path(tieline.__file__).resolve().parents[1])


def ingest_child(db, *paths, batch_size: int = 4) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src(), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "tieline.cli", "ingest", *map(str, paths), "--db", str(db),
               "--batch-size", str(batch_size)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)


def finish(child: subprocess.Popen, timeout: float = 600) -> str:
    _, stderr = child.communicate(timeout=timeout)
    assert child.returncode == 0, stderr
    return stderr


def records(db) -> dict[str, list]:
    """Every table's rows, sorted, without per-run fields and with the copy fields left to ``groups``."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {table: sorted(map(repr, _rows(connection, table))) for table in TABLES}


def _rows(connection, table: str) -> list[tuple]:
    columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")
               if row[1] not in RUN_FIELDS and not (table == "documents" and row[1] in COPY_FIELDS)]
    quoted = ", ".join(f'"{column}"' for column in columns)
    rows = connection.execute(f"SELECT {quoted} FROM {table}")
    if table != "documents":
        return rows.fetchall()
    record = columns.index("record")
    return [row[:record] + (_without_copies(row[record]),) + row[record + 1:] for row in rows]


def _without_copies(record: str) -> str:
    return json.dumps({key: value for key, value in json.loads(record).items() if key not in COPY_FIELDS}, sort_keys=True)


def groups(db) -> dict[str, set]:
    """Documents that are copies of each other, and documents that share a story, as sets of ids."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT id, coalesce(duplicate_of, id), story FROM documents").fetchall()
    found: dict[str, dict] = {"copies": {}, "stories": {}}
    for doc_id, canonical, story in rows:
        found["copies"].setdefault(canonical, set()).add(doc_id)
        found["stories"].setdefault(story or doc_id, set()).add(doc_id)
    return {kind: {frozenset(members) for members in by.values()} for kind, by in found.items()}


def assert_same_store(db, reference) -> None:
    got, want = records(db), records(reference)
    for table in TABLES:
        assert got[table] == want[table], f"{table} differs from one ingest after the other"
    assert groups(db) == groups(reference)


# opening one new store from several processes at once

def _open_store(path: str, barrier) -> None:
    barrier.wait(timeout=60)
    Store(path).close()


def test_processes_creating_one_store_at_once_all_migrate_it(tmp_path):
    """Every process opens a new store at the same instant: one applies each migration, the others wait
    for it and find it applied (before the fix, the second failed with 'table ... already exists')."""
    context = multiprocessing.get_context("fork")
    for round_ in range(5):
        path = str(tmp_path / f"new-{round_}.db")
        barrier = context.Barrier(4)
        children = [context.Process(target=_open_store, args=(path, barrier)) for _ in range(4)]
        for child in children:
            child.start()
        for child in children:
            child.join(timeout=120)
        assert [child.exitcode for child in children] == [0, 0, 0, 0]
        with sqlite3.connect(path) as connection:
            names = [row[0] for row in connection.execute("SELECT name FROM migrations")]
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert sorted(names) == sorted(migration.__name__ for migration in MIGRATIONS)


# two ingests at once (the spaCy model)

HALF_A = ("text", "html")  # holds one copy of each of the sample's two copy pairs ...
HALF_B = ("jsonl", "feeds", "warc")  # ... and this half the other copy: copies are found across the ingests


def halves(*names: str) -> list[Path]:
    return [tieline.sample_path() / name for name in names]


@pytest.fixture(scope="module")
def one_after_the_other(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    finish(ingest_child(db, *halves(*HALF_A)))
    finish(ingest_child(db, *halves(*HALF_B)))
    return db


@pytest.mark.model
def test_two_ingests_of_two_halves_at_once_equal_one_after_the_other(tmp_path, one_after_the_other):
    db = tmp_path / "both.db"
    first, second = ingest_child(db, *halves(*HALF_A)), ingest_child(db, *halves(*HALF_B))
    finish(first), finish(second)
    assert_same_store(db, one_after_the_other)
    assert {frozenset({"1d383128aec308ab", "917fce7f7b614efa"}), frozenset({"39a9f8303daa21d2", "ef05a62d4e1551d6"})} \
        <= groups(db)["copies"]  # the copies across the two halves were found


@pytest.mark.model
def test_two_ingests_of_overlapping_input_at_once_store_each_document_once(tmp_path, one_after_the_other):
    db = tmp_path / "overlap.db"
    first = ingest_child(db, *halves("text", "html", "jsonl"))
    second = ingest_child(db, *halves("jsonl", "feeds", "warc", "text"))
    finish(first), finish(second)
    assert_same_store(db, one_after_the_other)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone()[0] == 33
        statuses = [row[0] for row in connection.execute("SELECT status FROM runs")]
    assert statuses == ["done", "done"]


# the server while an ingest writes

COUNTRIES = ["France", "Germany", "Japan", "Brazil", "India", "Kenya", "Mexico", "Canada", "Egypt", "Chile"]


def made_up_texts(folder: Path, count: int = 24) -> Path:
    """``count`` short invented news texts, each naming two countries that meet and agree."""
    folder.mkdir()
    for number in range(count):
        a, b = COUNTRIES[number % len(COUNTRIES)], COUNTRIES[(number * 3 + 1) % len(COUNTRIES)]
        (folder / f"{number:02d}.txt").write_text(
            f"{a} and {b} Sign Port Agreement Number {number}\n\n"
            f"{a} and {b} signed an agreement on port access on {number % 27 + 1} March 2025, officials said.\n\n"
            f"The foreign minister of {a} met her counterpart from {b} in the capital for {number + 2} hours. "
            f"{b} welcomed the deal and said talks on shipping fees would go on.\n", encoding="utf-8")
    return folder


def status_of(host: str, port: int, target: str) -> int:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def counts(host: str, port: int) -> dict:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", "/api/overview")
        return json.loads(connection.getresponse().read())["counts"]
    finally:
        connection.close()


@pytest.mark.model
def test_the_server_keeps_answering_while_an_ingest_writes(tmp_path, sample_store):
    db = tmp_path / "live.db"
    with sqlite3.connect(sample_store) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    texts = made_up_texts(tmp_path / "texts")
    with served(db) as (host, port):
        urls = [url for _, url in plan(host, port)]
        before = counts(host, port)["documents"]
        child = ingest_child(db, texts, batch_size=2)
        statuses, started = [], time.monotonic()
        while child.poll() is None and time.monotonic() - started < 600:
            statuses += [status_of(host, port, url) for url in urls]
        finish(child)
        after = counts(host, port)["documents"]
    assert len(statuses) >= 2 * len(urls), "the ingest ended before the server was asked much"
    assert set(statuses) == {200}, {status: statuses.count(status) for status in set(statuses)}
    assert after == before + len(list(texts.iterdir()))  # the server reads what the ingest committed
