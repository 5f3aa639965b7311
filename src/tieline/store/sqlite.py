"""SQLite store (WAL): one row per document, one transaction per batch.

    >>> store = Store(":memory:")
    >>> store.count()
    0
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ..errors import StoreError
from ..types import Doc
from .event_tables import replace_events
from .migrations import migrate, unknown_migrations
from .record_tables import replace_actors, replace_quotes

#: Doc fields kept in their own columns rather than in the JSON ``record``.
_COLUMN_FIELDS = ("raw", "text")

#: Tables ``Store.count`` counts.
_COUNTED = ("documents", "sources", "removed", "problems", "events", "event_actors", "quotes", "document_actors",
            "mentions", "runs", "read_errors")


#: How long a write waits for another process's transaction (two ingests into one store) before failing.
BUSY_SECONDS = 60.0


def write_error(path: str, error: sqlite3.Error | OSError) -> StoreError:
    """A failed write to the store at ``path``, as one line that says the batch was rolled back and what to do."""
    detail = str(error)
    if "full" in detail or "I/O" in detail or "too large" in detail.lower():
        fix = "free disk space (or raise the file-size limit), then run the same command again: it resumes"
    elif "readonly" in detail or "read-only" in detail:
        fix = "make the store and its folder writable, or pass --db a path you can write"
    else:
        fix = "run the same command again: it resumes after the last whole batch"
    return StoreError(f"cannot write the store {path}: {detail}; the batch in progress was rolled back, "
                      "the store is as it was before it", fix)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _enter_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL mode. SQLite does not wait on its busy timeout for this switch while another
    process creates the same new store ("database is locked" at once), so retry for as long."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Store:
    """A tieline store at ``path`` (created and migrated on first open)."""

    def __init__(self, path: str | Path = "tieline.db"):
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS)
            self.db.row_factory = sqlite3.Row
            _enter_wal(self.db)
            self.db.execute("PRAGMA foreign_keys=ON")
            migrate(self.db)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open the store {self.path}: {error}", "pass --db a tieline store or a new path") from error
        too_new = unknown_migrations(self.db)
        if too_new:
            raise StoreError(
                f"{self.path} was written by a newer tieline (migrations {', '.join(too_new)})",
                "upgrade tieline, or pass --db a new path",
            )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together or not at all (Ctrl-C included)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException as error:
            if self.db.in_transaction:  # SQLite rolls back by itself on some errors (a full disk)
                self.db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise write_error(self.path, error) from error
            raise

    # documents

    def is_current(self, doc_id: str, pipeline: dict[str, str]) -> bool:
        """True when ``doc_id`` is stored and was processed by exactly these stage versions."""
        row = self.db.execute("SELECT pipeline FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None and json.loads(row["pipeline"]) == pipeline

    def save(self, doc: Doc, pipeline: dict[str, str], run_id: int | None = None) -> None:
        """Insert or replace ``doc``, its removed spans, problems, events, quotes and actors (call inside ``transaction``)."""
        record = {key: value for key, value in doc.to_dict().items() if key not in _COLUMN_FIELDS}
        self.db.execute("DELETE FROM removed WHERE document_id = ?", (doc.id,))
        self.db.execute("DELETE FROM problems WHERE document_id = ?", (doc.id,))
        self.db.execute(
            """INSERT INTO documents (id, source, format, title, published, byline, url, language, truncated,
                   duplicate_of, story, skipped, text, raw, record, pipeline, schema, run_id, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET source=excluded.source, format=excluded.format,
                   title=excluded.title, published=excluded.published, byline=excluded.byline,
                   url=excluded.url, language=excluded.language, truncated=excluded.truncated,
                   duplicate_of=excluded.duplicate_of, story=excluded.story, skipped=excluded.skipped,
                   text=excluded.text, raw=excluded.raw, record=excluded.record,
                   pipeline=excluded.pipeline, schema=excluded.schema, run_id=excluded.run_id,
                   updated_at=excluded.updated_at""",
            (doc.id, doc.source, doc.format, doc.title, doc.published, doc.byline, doc.url, doc.language,
             int(doc.truncated), doc.duplicate_of, doc.story, doc.skipped, doc.text, doc.raw,
             json.dumps(record, ensure_ascii=False), json.dumps(pipeline, sort_keys=True), doc.schema,
             run_id, _now()),
        )
        self.db.executemany(
            'INSERT INTO removed (document_id, start, "end", reason, text) VALUES (?, ?, ?, ?, ?)',
            [(doc.id, r.start, r.end, r.reason, r.text) for r in doc.removed],
        )
        self.db.executemany(
            "INSERT INTO problems (document_id, stage, reason, detail) VALUES (?, ?, ?, ?)",
            [(doc.id, p.stage, p.reason, p.detail) for p in doc.problems],
        )
        replace_events(self.db, doc.id, doc.published, doc.events)
        replace_quotes(self.db, doc.id, doc.published, doc.quotes)
        replace_actors(self.db, doc.id, doc.actors)
        self.add_source(doc.source, doc.id, run_id)

    def has_document(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def add_source(self, source: str, doc_id: str, run_id: int | None = None) -> bool:
        """Record that ``source`` holds document ``doc_id``; False when already known."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO sources (source, document_id, run_id, first_seen) VALUES (?, ?, ?, ?)",
            (source, doc_id, run_id, _now()),
        )
        return cursor.rowcount > 0

    def get(self, doc_id: str) -> Doc:
        """The stored document ``doc_id``, exactly as it was saved."""
        row = self.db.execute("SELECT raw, text, record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return Doc.from_dict({**json.loads(row["record"]), "raw": row["raw"], "text": row["text"]})

    def documents(self, limit: int | None = None) -> Iterator[Doc]:
        """Stored documents, oldest first."""
        query = "SELECT id FROM documents ORDER BY rowid" + (" LIMIT ?" if limit else "")
        for row in self.db.execute(query, (limit,) if limit else ()).fetchall():
            yield self.get(row["id"])

    def count(self, table: str = "documents") -> int:
        if table not in _COUNTED:
            raise StoreError(f"no table {table!r} in the store", f"count one of: {', '.join(_COUNTED)}")
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def search(self, query: str, limit: int = 20) -> list[dict]:
        """Full-text search over titles and bodies (SQLite FTS5 syntax), best matches first."""
        rows = self.db.execute(
            """SELECT d.id, d.title, d.published, snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet
               FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
               WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?""",
            (query, limit),
        )
        return [dict(row) for row in rows]

    def copy_index(self):
        """The dedup stage's index of this store (``tieline.dedup.index.SqliteCopyIndex``)."""
        from ..dedup.index import SqliteCopyIndex

        return SqliteCopyIndex(self.db)

    # exploring (tieline.store.queries, docs/exports.md); pandas is imported on first call

    def events(self, actor: str | None = None, since: str | None = None, until: str | None = None,
               type: str | None = None, include=None, by_country: bool = True, limit: int | None = None,
               offset: int = 0):
        """One page of stored events as a ``pandas.DataFrame``, every kind unless ``include`` says
        (``tieline.aggregate.events``; ``limit`` defaults to ``queries.DEFAULT_LIMIT``)."""
        from ..aggregate.events import COLUMNS
        from .queries import event_rows, frame

        return frame(event_rows(self, actor, since, until, type, include, by_country, limit, offset), COLUMNS)

    def relations(self, a: str, b: str | None = None, by: str = "month", directed: bool = False,
                  include=("factual",), since: str | None = None, until: str | None = None, by_country: bool = True):
        """Per period and direction, what ``a`` and ``b`` did to each other (``tieline.aggregate.relations``)."""
        from ..aggregate import relations

        return relations(self, a, b, by, directed, include, since, until, by_country)

    def pairs(self, actor: str | None = None, partner: str | None = None, by: str | None = None,
              since: str | None = None, until: str | None = None, include=("factual",), directed: bool = False,
              by_country: bool = True, limit: int | None = 20, offset: int = 0):
        """The busiest pairs of ``actor`` (of the store without it) and their balance, as a ``pandas.DataFrame``;
        with ``partner`` or ``by`` (``day``, ``week``, ``month``, ``quarter``, ``year``), the pair per period
        and direction (``tieline.aggregate.pairs`` / ``relations``)."""
        from ..aggregate.relations import COLUMNS, PAIR_COLUMNS
        from .queries import frame, pair_rows

        rows = pair_rows(self, actor, partner, by, since, until, include, directed, by_country, limit, offset)
        return frame(rows, COLUMNS if partner or by else PAIR_COLUMNS)

    def quotes(self, speaker: str | None = None, actor: str | None = None, about: str | None = None,
               since: str | None = None, until: str | None = None, kind: str | None = None,
               search: str | None = None, document: str | None = None, by_country: bool = True,
               limit: int | None = None, offset: int = 0):
        """One page of quotes with their speakers as a ``pandas.DataFrame`` (``tieline.store.queries.quote_rows``)."""
        from .queries import QUOTE_FRAME, frame, quote_rows

        rows = quote_rows(self, speaker, actor, about, since, until, kind, search, document, by_country, limit, offset)
        return frame(rows, QUOTE_FRAME)

    def actors(self, type: str | None = None, country: str | None = None, search: str | None = None,
               since: str | None = None, until: str | None = None, limit: int | None = None, offset: int = 0):
        """One page of actors, most mentioned first, as a ``pandas.DataFrame`` (``queries.actor_rows``)."""
        from .queries import ACTOR_FRAME, actor_rows, frame

        return frame(actor_rows(self, type, country, search, since, until, limit, offset), ACTOR_FRAME)

    # runs

    def start_run(self, command: str, stages: dict[str, str]) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (started_at, status, command, stages) VALUES (?, 'running', ?, ?)",
            (_now(), command, json.dumps(stages, sort_keys=True)),
        )
        return cursor.lastrowid

    def add_read_error(self, run_id: int, source: str, message: str) -> None:
        self.db.execute("INSERT INTO read_errors (run_id, source, message) VALUES (?, ?, ?)", (run_id, source, message))

    def finish_run(self, run_id: int, status: str, counts: dict, seconds: dict) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at = ?, status = ?, counts = ?, seconds = ? WHERE id = ?",
            (_now(), status, json.dumps(counts, ensure_ascii=False), json.dumps(seconds), run_id),
        )

    def runs(self) -> list[dict]:
        rows = self.db.execute("SELECT * FROM runs ORDER BY id").fetchall()
        return [{**dict(row), **{key: json.loads(row[key] or "null") for key in ("stages", "counts", "seconds")}} for row in rows]
