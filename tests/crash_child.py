"""Run the tieline CLI in this process and SIGKILL it at a chosen point of its Nth batch (test helper).

    python tests/crash_child.py POINT N ingest corpus/ --db t.db --batch-size 2

POINT is where the process dies, seen through SQLite's statement trace of every connection it opens:

- ``begin``: as batch N's transaction begins (nothing of it written yet);
- ``mid-batch``: as batch N writes its second document (the transaction half done);
- ``commit``: as batch N's COMMIT starts (everything written, nothing committed; with ``--parquet``
  the batch's parts are already renamed into place and only the ledger's entry is missing).

Batches are counted by ``BEGIN IMMEDIATE`` (the store's batch transaction) once the run is recorded
(``INSERT INTO runs``: migrations, which also begin so, come before); scratch databases in memory
(a Parquet dataset's per-batch store) are not traced. Not a test itself.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys

POINTS = ("begin", "mid-batch", "commit")


def install(point: str, batch: int) -> None:
    """Make every SQLite connection this process opens die at ``point`` of batch ``batch``."""
    state = {"started": False, "batches": 0, "documents": 0}

    def trace(statement: str) -> None:
        sql = statement.lstrip().upper()
        if sql.startswith("INSERT INTO RUNS"):
            state["started"] = True
        elif not state["started"]:
            return
        if sql.startswith("BEGIN IMMEDIATE"):
            state["batches"] += 1
            state["documents"] = 0
            if point == "begin" and state["batches"] == batch:
                os.kill(os.getpid(), signal.SIGKILL)
        elif state["batches"] == batch:
            if sql.startswith(("INSERT INTO DOCUMENTS", "INSERT OR IGNORE INTO DATASET_SOURCES")):  # store, dataset
                state["documents"] += 1
                if point == "mid-batch" and state["documents"] == 2:
                    os.kill(os.getpid(), signal.SIGKILL)
            elif sql.startswith("COMMIT") and point == "commit":
                os.kill(os.getpid(), signal.SIGKILL)

    connect = sqlite3.connect

    def traced_connect(*args, **kwargs):
        connection = connect(*args, **kwargs)
        if str(args[0] if args else kwargs.get("database")) != ":memory:":
            connection.set_trace_callback(trace)
        return connection

    sqlite3.connect = traced_connect


def main() -> None:
    point, batch = sys.argv[1], int(sys.argv[2])
    if point not in POINTS:
        raise SystemExit(f"POINT must be one of {', '.join(POINTS)}")
    install(point, batch)
    from tieline.cli import main as tieline_main

    sys.argv = ["tieline", *sys.argv[3:]]
    tieline_main()


if __name__ == "__main__":
    main()
