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


def fts_sql(table: str, columns: tuple[str, ...]) -> str:
    """An FTS5 index over ``columns`` of ``table`` (external content), kept in step by triggers."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    return f"""
        CREATE VIRTUAL TABLE {table}_fts USING fts5(
            {names}, content='{table}', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN
            INSERT INTO {table}_fts(rowid, {names}) VALUES (new.rowid, {new});
        END;
        CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN
            INSERT INTO {table}_fts({table}_fts, rowid, {names}) VALUES ('delete', old.rowid, {old});
        END;
        CREATE TRIGGER {table}_fts_update AFTER UPDATE ON {table} BEGIN
            INSERT INTO {table}_fts({table}_fts, rowid, {names}) VALUES ('delete', old.rowid, {old});
            INSERT INTO {table}_fts(rowid, {names}) VALUES (new.rowid, {new});
        END;
"""


def m003_full_text_search() -> str:
    return fts_sql("documents", ("title", "text"))


def m004_events() -> str:
    """Events and their actors in tables of their own, backfilled from every stored record."""
    return (
        """
        CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            date TEXT,
            type TEXT,
            mode TEXT,
            cameo TEXT,
            quad_class INTEGER,
            goldstein REAL,
            intensity REAL,
            negated INTEGER NOT NULL DEFAULT 0,
            hypothetical INTEGER NOT NULL DEFAULT 0,
            future INTEGER NOT NULL DEFAULT 0,
            claimed INTEGER NOT NULL DEFAULT 0,
            historical INTEGER NOT NULL DEFAULT 0,
            factual INTEGER NOT NULL DEFAULT 1,
            trigger TEXT,
            trigger_start INTEGER,
            trigger_end INTEGER,
            sentence_start INTEGER,
            sentence_end INTEGER,
            quote_id TEXT,
            rule TEXT,
            confidence REAL,
            record TEXT NOT NULL
        );
        CREATE INDEX events_document ON events(document_id);
        CREATE INDEX events_date ON events(date);
        CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events(event_id),
            role TEXT NOT NULL CHECK (role IN ('source', 'target')),
            actor_id TEXT,
            name TEXT,
            country TEXT,
            type TEXT
        );
        CREATE INDEX event_actors_event ON event_actors(event_id);
        CREATE INDEX event_actors_actor ON event_actors(actor_id, role);
        CREATE INDEX event_actors_country ON event_actors(country, role);
        WITH flagged AS (
            SELECT d.id AS document_id, d.published, e.key AS n, e.value AS event,
                   coalesce(json_extract(e.value, '$.id'), d.id || ':e' || e.key) AS event_id,
                   coalesce(json_extract(e.value, '$.negated'), 0) AS negated,
                   coalesce(json_extract(e.value, '$.hypothetical'), 0) AS hypothetical,
                   coalesce(json_extract(e.value, '$.future'), 0) AS future,
                   coalesce(json_extract(e.value, '$.claimed'), 0) AS claimed,
                   coalesce(json_extract(e.value, '$.historical'), 0) AS historical
            FROM documents d, json_each(d.record, '$.events') e
        )
        INSERT INTO events (event_id, document_id, date, type, mode, cameo, quad_class, goldstein, intensity,
                            negated, hypothetical, future, claimed, historical, factual, trigger, trigger_start,
                            trigger_end, sentence_start, sentence_end, quote_id, rule, confidence, record)
        SELECT event_id, document_id,
               CASE WHEN published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(published, 1, 10) END,
               json_extract(event, '$.type'), json_extract(event, '$.mode'), json_extract(event, '$.cameo'),
               json_extract(event, '$.quad_class'), json_extract(event, '$.goldstein'),
               json_extract(event, '$.intensity'), negated, hypothetical, future, claimed, historical,
               coalesce(json_extract(event, '$.factual'), NOT (negated OR hypothetical OR future OR claimed OR historical)),
               json_extract(event, '$.trigger'), json_extract(event, '$.trigger_start'),
               json_extract(event, '$.trigger_end'), json_extract(event, '$.sentence_start'),
               json_extract(event, '$.sentence_end'), json_extract(event, '$.quote_id'),
               json_extract(event, '$.rule'), json_extract(event, '$.confidence'), event
        FROM flagged ORDER BY document_id, n;
        INSERT INTO event_actors (event_id, role, actor_id, name, country, type)
        SELECT coalesce(json_extract(e.value, '$.id'), d.id || ':e' || e.key), r.role,
               json_extract(a.value, '$.id'), json_extract(a.value, '$.name'),
               json_extract(a.value, '$.country'), json_extract(a.value, '$.type')
        FROM documents d, json_each(d.record, '$.events') e,
             (SELECT 'source' AS role UNION ALL SELECT 'target') r,
             json_each(e.value, '$.' || r.role) a
        ORDER BY d.id, e.key, r.role, a.key;
        """
    )


def m005_copy_index() -> str:
    """The dedup stage's copy index: fingerprints, LSH bands and dated actors (docs/dedup.md)."""
    return (
        """
        CREATE TABLE copy_index (
            document_id TEXT PRIMARY KEY,
            exact TEXT NOT NULL,
            words BLOB NOT NULL,
            word_count INTEGER NOT NULL,
            canonical TEXT NOT NULL,
            published TEXT,
            truncated INTEGER NOT NULL DEFAULT 0,
            length INTEGER NOT NULL,
            story TEXT,
            actors TEXT NOT NULL,
            scheme TEXT NOT NULL
        );
        CREATE INDEX copy_index_exact ON copy_index(exact);
        CREATE TABLE copy_bands (
            band INTEGER NOT NULL,
            hash INTEGER NOT NULL,
            document_id TEXT NOT NULL
        );
        CREATE INDEX copy_bands_hash ON copy_bands(hash, band);
        CREATE INDEX copy_bands_document ON copy_bands(document_id);
        CREATE TABLE story_actors (
            actor_id TEXT NOT NULL,
            published TEXT NOT NULL,
            document_id TEXT NOT NULL
        );
        CREATE INDEX story_actors_actor ON story_actors(actor_id, published);
        CREATE INDEX story_actors_document ON story_actors(document_id);
        """
    )


def m006_copy_groups() -> str:
    """Find a copy group's members fast: promoting a more complete copy rewrites them (docs/dedup.md)."""
    return (
        """
        CREATE INDEX copy_index_canonical ON copy_index(canonical);
        CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
        """
    )


def m007_quotes_and_actors() -> str:
    """Quotes, actors and their mentions in tables of their own (an FTS5 index over quotes and
    speakers, a view ``actors`` with one row per actor), backfilled from every stored record."""
    return (
        """
        CREATE TABLE quotes (
            quote_id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            date TEXT,
            start INTEGER,
            "end" INTEGER,
            text TEXT NOT NULL,
            kind TEXT,
            speaker TEXT,
            speaker_id TEXT,
            speaker_type TEXT,
            speaker_mention TEXT,
            speaker_start INTEGER,
            speaker_end INTEGER,
            speaker_description TEXT,
            speaker_affiliation TEXT,
            speaker_country TEXT,
            cue TEXT,
            cue_start INTEGER,
            cue_end INTEGER,
            attribution TEXT,
            confidence REAL,
            stage TEXT
        );
        CREATE INDEX quotes_document ON quotes(document_id, start);
        CREATE INDEX quotes_speaker_id ON quotes(speaker_id);
        CREATE INDEX quotes_speaker ON quotes(speaker COLLATE NOCASE);
        CREATE INDEX quotes_speaker_country ON quotes(speaker_country);
        CREATE INDEX quotes_date ON quotes(date);
        """
        + fts_sql("quotes", ("text", "speaker"))
        + """
        CREATE TABLE document_actors (
            document_id TEXT NOT NULL REFERENCES documents(id),
            actor_id TEXT NOT NULL,
            name TEXT,
            type TEXT,
            country TEXT,
            wikidata TEXT,
            roles TEXT,
            description TEXT,
            affiliation TEXT,
            affiliation_id TEXT,
            in_kb INTEGER NOT NULL DEFAULT 0,
            mentions INTEGER NOT NULL DEFAULT 0,
            stage TEXT
        );
        CREATE INDEX document_actors_document ON document_actors(document_id);
        CREATE INDEX document_actors_actor ON document_actors(actor_id);
        CREATE INDEX document_actors_country ON document_actors(country);
        CREATE TABLE mentions (
            document_id TEXT NOT NULL REFERENCES documents(id),
            actor_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT,
            kind TEXT,
            role TEXT
        );
        CREATE INDEX mentions_document ON mentions(document_id, start);
        CREATE INDEX mentions_actor ON mentions(actor_id);
        CREATE VIEW actors AS
            SELECT actor_id, max(name) AS name, max(type) AS type, max(country) AS country,
                   max(wikidata) AS wikidata, max(in_kb) AS in_kb,
                   count(DISTINCT document_id) AS documents, sum(mentions) AS mentions
            FROM document_actors GROUP BY actor_id;
        INSERT INTO quotes (quote_id, document_id, date, start, "end", text, kind, speaker, speaker_id, speaker_type,
                            speaker_mention, speaker_start, speaker_end, speaker_description, speaker_affiliation,
                            speaker_country, cue, cue_start, cue_end, attribution, confidence, stage)
        SELECT coalesce(json_extract(q.value, '$.id'), d.id || ':q' || q.key), d.id,
               CASE WHEN d.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(d.published, 1, 10) END,
               json_extract(q.value, '$.start'), json_extract(q.value, '$.end'),
               coalesce(json_extract(q.value, '$.text'), ''), json_extract(q.value, '$.kind'),
               json_extract(q.value, '$.speaker'), json_extract(q.value, '$.speaker_id'),
               json_extract(q.value, '$.speaker_type'), json_extract(q.value, '$.speaker_mention'),
               json_extract(q.value, '$.speaker_start'), json_extract(q.value, '$.speaker_end'),
               json_extract(q.value, '$.speaker_description'), json_extract(q.value, '$.speaker_affiliation'),
               json_extract(q.value, '$.speaker_country'), json_extract(q.value, '$.cue'),
               json_extract(q.value, '$.cue_start'), json_extract(q.value, '$.cue_end'),
               json_extract(q.value, '$.attribution'), json_extract(q.value, '$.confidence'),
               json_extract(q.value, '$.stage')
        FROM documents d, json_each(d.record, '$.quotes') q
        ORDER BY d.id, q.key;
        INSERT INTO document_actors (document_id, actor_id, name, type, country, wikidata, roles, description,
                                     affiliation, affiliation_id, in_kb, mentions, stage)
        SELECT d.id, json_extract(a.value, '$.id'), json_extract(a.value, '$.name'), json_extract(a.value, '$.type'),
               json_extract(a.value, '$.country'),
               CASE WHEN json_extract(a.value, '$.id') GLOB 'Q[0-9]*'
                     AND NOT substr(json_extract(a.value, '$.id'), 2) GLOB '*[^0-9]*' THEN json_extract(a.value, '$.id') END,
               (SELECT group_concat(r.value, '|') FROM json_each(a.value, '$.roles') r),
               json_extract(a.value, '$.description'), json_extract(a.value, '$.affiliation'),
               json_extract(a.value, '$.affiliation_id'), coalesce(json_extract(a.value, '$.in_kb'), 0),
               coalesce(json_array_length(a.value, '$.mentions'), 0), json_extract(a.value, '$.stage')
        FROM documents d, json_each(d.record, '$.actors') a
        WHERE json_extract(a.value, '$.id') IS NOT NULL
        ORDER BY d.id, a.key;
        INSERT INTO mentions (document_id, actor_id, start, "end", text, kind, role)
        SELECT d.id, json_extract(a.value, '$.id'), json_extract(m.value, '$.start'), json_extract(m.value, '$.end'),
               json_extract(m.value, '$.text'), json_extract(m.value, '$.kind'), json_extract(m.value, '$.role')
        FROM documents d, json_each(d.record, '$.actors') a, json_each(a.value, '$.mentions') m
        WHERE json_extract(a.value, '$.id') IS NOT NULL
        ORDER BY d.id, a.key, m.key;
        """
    )


def m008_pair_lookups() -> str:
    """Find an actor's events from an index alone, and a pair's from a table of its own: one row
    per (source, target) of an event, each side labelled by its country, else its id (the pair
    page and ``/api/pairs/A/B`` read a pair among a million events in well under a second)."""
    return (
        """
        CREATE INDEX event_actors_country_event ON event_actors(country, event_id);
        CREATE INDEX event_actors_actor_event ON event_actors(actor_id, event_id);
        CREATE TABLE event_pairs (
            event_id TEXT NOT NULL REFERENCES events(event_id),
            source TEXT NOT NULL,
            target TEXT NOT NULL
        );
        CREATE INDEX event_pairs_pair ON event_pairs(source, target, event_id);
        CREATE INDEX event_pairs_target ON event_pairs(target, source, event_id);
        CREATE INDEX event_pairs_event ON event_pairs(event_id);
        INSERT INTO event_pairs (event_id, source, target)
            SELECT DISTINCT s.event_id, coalesce(s.country, s.actor_id), coalesce(t.country, t.actor_id)
            FROM event_actors s JOIN event_actors t ON t.event_id = s.event_id AND t.role = 'target'
            WHERE s.role = 'source' AND coalesce(s.country, s.actor_id) IS NOT NULL
              AND coalesce(t.country, t.actor_id) IS NOT NULL;
        """
    )


MIGRATIONS = (m001_documents, m002_runs, m003_full_text_search, m004_events, m005_copy_index, m006_copy_groups,
              m007_quotes_and_actors, m008_pair_lookups)


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded; return their names."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    applied = []
    for migration in MIGRATIONS:
        if migration.__name__ not in done and _apply(db, migration):
            applied.append(migration.__name__)
    return applied


def _apply(db: sqlite3.Connection, migration) -> bool:
    """Apply ``migration`` in one transaction that first records it; False when another process
    (a second ingest opening the same new store) recorded it first."""
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        db.executescript(
            f"BEGIN IMMEDIATE;\nINSERT INTO migrations (name, applied_at) VALUES ('{migration.__name__}', '{stamp}');\n"
            f"{migration()}\nCOMMIT;"
        )
    except sqlite3.IntegrityError:
        db.execute("ROLLBACK")
        if db.execute("SELECT 1 FROM migrations WHERE name = ?", (migration.__name__,)).fetchone() is None:
            raise
        return False
    return True


def unknown_migrations(db: sqlite3.Connection) -> list[str]:
    """Migrations recorded in the store that this version of tieline does not know."""
    known = {migration.__name__ for migration in MIGRATIONS}
    return [row[0] for row in db.execute("SELECT name FROM migrations") if row[0] not in known]
