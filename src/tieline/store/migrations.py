"""Named migrations of the SQLite store, applied in order and recorded in ``migrations``.

Each migration is a function returning the SQL it runs; the SQL and the row that records
it commit together. A new migration is a new function appended to ``MIGRATIONS``; never
edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone


def m001_documents() -> str:
    return (
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            format TEXT,
            title TEXT,
            published TEXT,
            byline TEXT,
            url TEXT,
            language TEXT,
            truncated INTEGER NOT NULL DEFAULT 0,
            duplicate_of TEXT,
            story TEXT,
            skipped TEXT,
            text TEXT NOT NULL,
            raw TEXT NOT NULL,
            record TEXT NOT NULL,
            pipeline TEXT NOT NULL,
            schema TEXT NOT NULL,
            run_id INTEGER,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX documents_published ON documents(published);
        CREATE TABLE sources (
            source TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            run_id INTEGER,
            first_seen TEXT NOT NULL
        );
        CREATE INDEX sources_document ON sources(document_id);
        CREATE TABLE removed (
            document_id TEXT NOT NULL REFERENCES documents(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            reason TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX removed_document ON removed(document_id);
        CREATE INDEX removed_reason ON removed(reason);
        CREATE TABLE problems (
            document_id TEXT NOT NULL REFERENCES documents(id),
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT
        );
        CREATE INDEX problems_document ON problems(document_id);
        """
    )


def m002_runs() -> str:
    return (
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            command TEXT,
            stages TEXT NOT NULL,
            counts TEXT,
            seconds TEXT
        );
        CREATE TABLE read_errors (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            source TEXT NOT NULL,
            message TEXT NOT NULL
        );
        """
    )


def m003_full_text_search() -> str:
    return (
        """
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """
    )


MIGRATIONS = (m001_documents, m002_runs, m003_full_text_search)


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded; return their names."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    applied = []
    for migration in MIGRATIONS:
        if migration.__name__ in done:
            continue
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        db.executescript(
            f"BEGIN;\n{migration()}\n"
            f"INSERT INTO migrations (name, applied_at) VALUES ('{migration.__name__}', '{stamp}');\nCOMMIT;"
        )
        applied.append(migration.__name__)
    return applied


def unknown_migrations(db: sqlite3.Connection) -> list[str]:
    """Migrations recorded in the store that this version of tieline does not know."""
    known = {migration.__name__ for migration in MIGRATIONS}
    return [row[0] for row in db.execute("SELECT name FROM migrations") if row[0] not in known]
