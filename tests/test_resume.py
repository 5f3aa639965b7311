"""A run killed with SIGKILL and started again ends with the records of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

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
    child = subprocess.Popen(ingest_command(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
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
                           env=_env())
    assert again.returncode == 0, again.stderr
    assert f"{at_kill} already stored" in again.stderr
    expected, found = reference, records(db)
    assert found.keys() == expected.keys()
    assert all(found[doc_id] == record for doc_id, record in expected.items())
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        runs = connection.execute("SELECT status FROM runs ORDER BY id").fetchall()
    assert [status for (status,) in runs][-1] == "done"


def run_crashing(point: str, batch: int, *args: str) -> subprocess.CompletedProcess:
    """``tieline ARGS`` in a child that SIGKILLs itself at ``point`` of batch ``batch`` (tests/crash_child.py)."""
    helper = Path(__file__).with_name("crash_child.py")
    return subprocess.run([sys.executable, str(helper), point, str(batch), *args], capture_output=True, text=True,
                          timeout=300, env=_env())


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_src()), os.environ.get("PYTHONPATH")]))}


#: Where the child dies, and how many documents the store holds after it: ``begin`` of the first
#: batch (nothing), half-way through the third batch's writes, and as the third batch commits.
KILL_POINTS = [("begin", 1, 0), ("mid-batch", 3, 2 * BATCH), ("commit", 3, 2 * BATCH)]


@pytest.mark.parametrize("point, batch, left", KILL_POINTS)
def test_ingest_killed_inside_a_batch_keeps_the_batches_before_and_resumes(tmp_path, reference, point, batch, left):
    db = tmp_path / "killed.db"
    died = run_crashing(point, batch, "ingest", str(tieline.sample_path()), "--db", str(db), "--batch-size", str(BATCH))
    assert died.returncode == -signal.SIGKILL, died.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert stored(db) == left  # the open batch is gone whole, the ones before it are all there
    again = subprocess.run(ingest_command(db), capture_output=True, text=True, timeout=300, env=_env())
    assert again.returncode == 0, again.stderr
    found = records(db)
    assert found.keys() == reference.keys()
    assert all(found[doc_id] == record for doc_id, record in reference.items())


@pytest.fixture(scope="module")
def reference_dataset(tmp_path_factory):
    """The documents rows of one uninterrupted run into a Parquet dataset, in the same batches."""
    folder = tmp_path_factory.mktemp("whole") / "dataset"
    tieline.ingest([tieline.sample_path()], tieline.ParquetDataset(folder), batch_size=BATCH)
    return dataset_documents(folder)


def dataset_documents(folder) -> list[dict]:
    import pyarrow.parquet as pq

    rows = pq.ParquetDataset(folder / "documents").read().to_pylist()
    return sorted(({k: v for k, v in row.items() if k not in ("run_id", "updated_at")} for row in rows),
                  key=lambda row: row["id"])


@pytest.mark.parametrize("point", ["mid-batch", "commit"])
def test_parquet_ingest_killed_inside_a_batch_resumes_with_nothing_lost_or_doubled(tmp_path, reference_dataset, point):
    folder = tmp_path / "dataset"
    command = ["ingest", str(tieline.sample_path()), "--parquet", str(folder), "--batch-size", str(BATCH)]
    died = run_crashing(point, 3, *command)
    assert died.returncode == -signal.SIGKILL, died.stderr
    if point == "commit":  # the parts of batch 3 were in place when the ledger's commit was cut
        assert len(list((folder / "documents").glob("part-*.parquet"))) == 3
    again = subprocess.run([sys.executable, "-m", "tieline.cli", *command], capture_output=True, text=True,
                           timeout=300, env=_env())
    assert again.returncode == 0, again.stderr
    assert f"{2 * BATCH} already stored" in again.stderr
    assert dataset_documents(folder) == reference_dataset


def test_ctrl_c_rolls_back_the_batch_says_how_to_resume_and_the_rerun_completes(tmp_path, reference):
    db = tmp_path / "stopped.db"
    child = subprocess.Popen(ingest_command(db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=_env())
    deadline = time.monotonic() + 120
    while stored(db) < BATCH:
        assert child.poll() is None and time.monotonic() < deadline, "the ingest stored nothing in time"
        time.sleep(0.02)
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 130, stderr
    assert "interrupted; the batch in progress was rolled back" in stderr and "run the same command again" in stderr
    assert "Traceback" not in stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
    assert stored(db) % BATCH == 0 or stored(db) == TOTAL  # whole batches only
    again = subprocess.run(ingest_command(db), capture_output=True, text=True, timeout=300, env=_env())
    assert again.returncode == 0, again.stderr
    assert records(db) == reference


def _limit_file_size(limit: int):
    """For a child: files may not grow past ``limit`` bytes, and a write past it fails (EFBIG) instead of killing."""
    import resource

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_gives_one_clear_line_and_leaves_the_store_as_it_was(tmp_path):
    db = tmp_path / "full.db"
    tieline.ingest([tieline.sample_path() / "text"], db)
    before = records(db)
    limit = db.stat().st_size + 16 * 1024  # room for the run's row, not for a batch of documents
    command = [sys.executable, "-m", "tieline.cli", "ingest", str(tieline.sample_path()), "--db", str(db), "--batch-size", "64"]
    full = subprocess.run(command, capture_output=True, text=True, timeout=300, env=_env(), preexec_fn=_limit_file_size(limit))
    assert full.returncode == 2, full.stderr
    lines = [line for line in full.stderr.splitlines() if line.startswith("tieline: cannot write the store")]
    assert len(lines) == 1 and "the batch in progress was rolled back" in lines[0] and "free disk space" in lines[0]
    assert "Traceback" not in full.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert records(db) == before
    again = subprocess.run(command, capture_output=True, text=True, timeout=300, env=_env())
    assert again.returncode == 0, again.stderr
    assert stored(db) == TOTAL


def test_a_store_path_that_cannot_be_written_gives_one_clear_line(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    command = [sys.executable, "-m", "tieline.cli", "ingest", str(tieline.sample_path() / "text"),
               "--db", str(tmp_path / "a-file" / "t.db")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=_env())
    assert result.returncode == 2
    assert result.stderr.startswith("tieline: cannot open the store") and len(result.stderr.strip().splitlines()) == 1
