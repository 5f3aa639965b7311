"""What the report reads that ``tieline.store.queries`` does not answer: corpus totals, names,
titles, evidence sentences and the actors a quote mentions.

Small read-only SQL over the store's tables (docs/schema.md); every row list the report shows
comes from ``queries`` (events, pairs, quotes), and these only count or label them. When the
query layer gains one of these, the report should call it instead.

    >>> from tieline.store import Store
    >>> from tieline.testing import make_doc
    >>> store = Store(":memory:")
    >>> doc = make_doc("China met Russia.", text="China met Russia.", published="2024-03-05")
    >>> with store.transaction():
    ...     store.save(doc, {})
    >>> totals(store)["documents"], date_range(store)
    (1, ('2024-03-05', '2024-03-05'))
    >>> sentences(store, [(doc.id, 0, 5)])[doc.id, 0, 5]
    'China'
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath
from typing import Iterable
from urllib.parse import urlsplit

#: A document's day, when ``published`` starts with one (as ``queries._DAY``).
DAY = "CASE WHEN published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(published, 1, 10) END"

#: SQLite's default limit on ``?`` parameters is 32766; ids are looked up in chunks well below it.
CHUNK = 900


def _chunks(values: Iterable, size: int = CHUNK):
    values = sorted(set(values))
    for start in range(0, len(values), size):
        yield values[start:start + size]


def host(url: str | None) -> str:
    """The host of ``url`` (the outlet), ``""`` without one.

    >>> host("https://www.example.org/world/1"), host(None)
    ('www.example.org', '')
    """
    return (urlsplit(url).hostname or "") if url else ""


def totals(store) -> dict:
    """Documents, copies, analysed and skipped documents, actors, quotes and events (copies apart)."""
    one = lambda sql: store.db.execute(sql).fetchone()[0]  # noqa: E731 - a one-line reader
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "copies": one("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"),
        "skipped": one("SELECT count(*) FROM documents WHERE skipped IS NOT NULL"),
        "undated": one(f"SELECT count(*) FROM documents WHERE ({DAY}) IS NULL"),
        "actors": one("SELECT count(DISTINCT a.actor_id) FROM document_actors a JOIN documents d ON d.id = a.document_id "
                      "WHERE d.duplicate_of IS NULL"),
        "quotes": one("SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.document_id WHERE d.duplicate_of IS NULL"),
        "events": one("SELECT count(*) FROM events e JOIN documents d ON d.id = e.document_id WHERE d.duplicate_of IS NULL"),
        "factual": one("SELECT count(*) FROM events e JOIN documents d ON d.id = e.document_id "
                       "WHERE d.duplicate_of IS NULL AND e.factual = 1"),
    }


def date_range(store) -> tuple[str | None, str | None]:
    """The first and last publication day of the corpus."""
    row = store.db.execute(f"SELECT min({DAY}), max({DAY}) FROM documents").fetchone()
    return row[0], row[1]


def grouped(store, column: str) -> list[tuple[str, int]]:
    """Documents per value of ``column`` (``language``, ``format``, ``skipped``), most first."""
    if column not in ("language", "format", "skipped"):
        raise ValueError(f"not a grouped column: {column}")
    sql = f"SELECT coalesce({column}, '') AS value, count(*) AS n FROM documents GROUP BY value ORDER BY n DESC, value"
    return [(row["value"], row["n"]) for row in store.db.execute(sql)]


def months(store) -> list[tuple[str, int]]:
    """Documents per publication month, in order (undated documents left out)."""
    sql = f"SELECT substr({DAY}, 1, 7) AS month, count(*) AS n FROM documents WHERE ({DAY}) IS NOT NULL GROUP BY month ORDER BY month"
    return [(row["month"], row["n"]) for row in store.db.execute(sql)]


def outlets(store) -> list[tuple[str, int]]:
    """Documents per outlet (the host of the document's URL; ``""`` without one), most first."""
    counts = Counter(host(row[0]) for row in store.db.execute("SELECT url FROM documents"))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def copies(store) -> list[dict]:
    """Each copy the dedup stage found: its id, title, kind (``exact``, ``reworded`` ...) and original."""
    sql = """SELECT d.id, d.title, d.duplicate_of, json_extract(d.record, '$.copy.kind') AS kind, o.title AS original_title
             FROM documents d LEFT JOIN documents o ON o.id = d.duplicate_of
             WHERE d.duplicate_of IS NOT NULL ORDER BY d.id"""
    return [dict(row) for row in store.db.execute(sql)]


def documents(store, ids: Iterable[str]) -> dict[str, dict]:
    """Title, day, outlet, source file name, format and language of the documents ``ids``."""
    found = {}
    for chunk in _chunks(ids):
        sql = (f"SELECT id, title, {DAY} AS date, url, source, format, language, duplicate_of FROM documents "
               f"WHERE id IN ({', '.join('?' * len(chunk))})")
        for row in store.db.execute(sql, chunk):
            found[row["id"]] = {**dict(row), "outlet": host(row["url"]),
                                "file": PurePosixPath(row["source"].replace("\\", "/")).name}
    return found


def actor_names(store, ids: Iterable[str]) -> dict[str, str]:
    """A readable name per actor id or country code: the stored actor's, else the events', else
    the country table's, else the id itself."""
    ids = set(ids)
    names = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" * len(chunk))
        for sql in (f"SELECT actor_id, max(name) FROM document_actors WHERE actor_id IN ({marks}) GROUP BY actor_id",
                    f"SELECT actor_id, max(name) FROM event_actors WHERE actor_id IN ({marks}) GROUP BY actor_id"):
            for actor_id, name in store.db.execute(sql, chunk):
                if name:
                    names.setdefault(actor_id, name)
    missing = ids - set(names)
    if missing:
        names.update(_country_names(missing))
    return {actor_id: names.get(actor_id, actor_id) for actor_id in ids}


def _country_names(codes: set[str]) -> dict[str, str]:
    from ..resources import table

    return {row["iso3"]: row["name"] for row in table("actors/countries.tsv") if row["iso3"] in codes}


def sentences(store, spans: Iterable[tuple[str, int, int]]) -> dict[tuple[str, int, int], str]:
    """``doc.text[start:end]`` for each ``(document_id, start, end)`` (SQLite counts characters as Python does)."""
    found = {}
    for document_id, start, end in sorted(set(spans)):
        row = store.db.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                               (start + 1, end - start, document_id)).fetchone()
        found[document_id, start, end] = row[0] if row else ""
    return found


def quote_mentions(store, quote_ids: Iterable[str]) -> dict[str, list[str]]:
    """The actors each quote's words mention (the mentions inside its span), once each, in order."""
    found: dict[str, list[str]] = {}
    for chunk in _chunks(quote_ids):
        sql = f"""SELECT q.quote_id, m.actor_id FROM quotes q
                  JOIN mentions m ON m.document_id = q.document_id AND m.start >= q.start AND m."end" <= q."end"
                  WHERE q.quote_id IN ({', '.join('?' * len(chunk))}) ORDER BY q.quote_id, m.start, m.actor_id"""
        for quote_id, actor_id in store.db.execute(sql, chunk):
            mentioned = found.setdefault(quote_id, [])
            if actor_id not in mentioned:
                mentioned.append(actor_id)
    return found
