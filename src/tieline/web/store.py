"""The store as the web server reads it: read-only, one connection per request, long queries stopped.

``ReadOnlyStore`` is a ``tieline.open`` explorer whose connection SQLite opened with
``mode=ro``: nothing the server does can write to the store. It never migrates; a store an
older tieline wrote is an error naming the fix. A progress handler stops a query that runs
past its deadline (SQLite raises ``OperationalError: interrupted``; the server answers 503).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from ..errors import StoreError
from ..store.explorer import Explorer
from ..store.migrations import MIGRATIONS, unknown_migrations

#: SQLite virtual-machine steps between two looks at the clock.
_STEPS = 10_000


def check_store(path: str | Path) -> Path:
    """``path`` when a store file is there, else ``StoreError`` naming ``tieline ingest``."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"no store at {path}", f"run `tieline ingest PATH --db {path}` (or `tieline demo --db {path}`) first")
    return path


class ReadOnlyStore(Explorer):
    """The store at ``path``, opened read-only; queries stop after ``timeout`` seconds."""

    def __init__(self, path: str | Path, timeout: float = 10.0):  # noqa: super().__init__ would migrate (write)
        self.path = str(check_store(path))
        self.timeout = timeout
        try:
            self.db = sqlite3.connect(Path(self.path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            _check_migrations(self.db, self.path)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot read the store {self.path}: {error}",
                             "pass --db a store `tieline ingest` wrote") from error
        self._deadline = time.monotonic() + timeout
        self.db.set_progress_handler(self._past_deadline, _STEPS)

    def _past_deadline(self) -> int:
        return int(time.monotonic() > self._deadline)

    def restart_clock(self) -> None:
        """Give the next queries ``timeout`` seconds from now."""
        self._deadline = time.monotonic() + self.timeout


def _check_migrations(db: sqlite3.Connection, path: str) -> None:
    """Raise ``StoreError`` unless the store has exactly the migrations this tieline knows."""
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    too_new = unknown_migrations(db)
    if too_new:
        raise StoreError(f"{path} was written by a newer tieline (migrations {', '.join(too_new)})", "upgrade tieline")
    missing = [migration.__name__ for migration in MIGRATIONS if migration.__name__ not in done]
    if missing:
        raise StoreError(f"{path} needs migrations {', '.join(missing)} before it can be served",
                         f"run `tieline runs --db {path}` once (it migrates the store), then serve it")
