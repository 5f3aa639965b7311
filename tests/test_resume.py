"""A run killed with SIGKILL and started again ends with the records of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import tieline

pytestmark = pytest.mark.model

BATCH = 2
TOTAL = 33  # documents in the sample corpus


def ingest_command(db) -> list[str]:
    return [sys.executable, "-m", "tieline.cli", "ingest", str(tieline.sample_path()), "--db", str(db),
            "--batch-size", str(BATCH)]


def stored(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def kill_after(db, documents: int, timeout: float = 120.0) -> int:
    """Start an ingest, SIGKILL it once ``documents`` are stored; how many it had stored when it died."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_src()), os.environ.get("PYTHONPATH")]))}
    child = subprocess.Popen(ingest_command(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + timeout
    try:
        while stored(db) < documents:
            assert child.poll() is None, "the ingest ended before it could be killed"
            assert time.monotonic() < deadline, "the ingest stored nothing in time"
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    return stored(db)


def _src():
    from pathlib import Path

    return Path(tieline.__file__).resolve().parent.parent


def records(db) -> dict[str, dict]:
    with tieline.open(db) as store:
        return {doc.id: doc.to_dict() for doc in store.docs()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The records of one uninterrupted run, in the same batches."""
    path = tmp_path_factory.mktemp("whole") / "whole.db"
    tieline.ingest([tieline.sample_path()], path, batch_size=BATCH)
    return records(path)


@pytest.mark.parametrize("kill_at", [BATCH, TOTAL // 2])
def test_killed_ingest_resumes_to_the_same_records(tmp_path, reference, kill_at):
    db = tmp_path / "killed.db"
    at_kill = kill_after(db, kill_at)
    assert kill_at <= at_kill < TOTAL
    again = subprocess.run(ingest_command(db), capture_output=True, text=True, timeout=300,
                           env={**os.environ, "PYTHONPATH": str(_src())})
    assert again.returncode == 0, again.stderr
    assert f"{at_kill} already stored" in again.stderr
    expected, found = reference, records(db)
    assert found.keys() == expected.keys()
    assert all(found[doc_id] == record for doc_id, record in expected.items())
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        runs = connection.execute("SELECT status FROM runs ORDER BY id").fetchall()
    assert [status for (status,) in runs][-1] == "done"
