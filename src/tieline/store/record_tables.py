"""A document's quotes, actors and mentions as rows of their tables (migration m007).

The document's ``record`` keeps everything; these tables copy the fields that queries filter,
count and search on (``quotes_fts`` indexes each quote's text and speaker). The migration
backfills them from ``record`` with the same rules as these functions.

    >>> quote = {"id": "d1:q0", "text": "We will talk.", "start": 10, "end": 23, "kind": "direct",
    ...          "speaker": "Xi Jinping", "speaker_id": "Q15031", "speaker_country": "CHN"}
    >>> row = quote_row("d1", "2024-03-05T10:00", 0, quote)
    >>> row["quote_id"], row["date"], row["speaker_id"]
    ('d1:q0', '2024-03-05', 'Q15031')
    >>> actor = {"id": "Q15031", "name": "Xi Jinping", "type": "person", "country": "CHN", "roles": ["GOV"],
    ...          "in_kb": True, "mentions": [{"start": 0, "end": 10, "text": "Xi Jinping", "kind": "name"}]}
    >>> row = actor_row("d1", actor)
    >>> row["wikidata"], row["roles"], row["mentions"]
    ('Q15031', 'GOV', 1)
    >>> mention_rows("d1", actor)
    [('d1', 'Q15031', 0, 10, 'Xi Jinping', 'name', None)]
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from ..errors import StoreError
from .event_tables import event_date

#: Columns of ``quotes``, in order; all but the first three are fields of the quote record.
QUOTE_COLUMNS = (
    "quote_id", "document_id", "date", "start", "end", "text", "kind", "speaker", "speaker_id", "speaker_type",
    "speaker_mention", "speaker_start", "speaker_end", "speaker_description", "speaker_affiliation",
    "speaker_country", "cue", "cue_start", "cue_end", "attribution", "confidence", "stage",
)

#: Columns of ``document_actors``, in order.
ACTOR_COLUMNS = (
    "document_id", "actor_id", "name", "type", "country", "wikidata", "roles", "description", "affiliation",
    "affiliation_id", "in_kb", "mentions", "stage",
)

MENTION_COLUMNS = ("document_id", "actor_id", "start", "end", "text", "kind", "role")

_QID = re.compile(r"Q\d+")


def quote_row(doc_id: str, published: str | None, index: int, quote: dict[str, Any]) -> dict[str, Any]:
    """The ``quotes`` row of one quote (``<doc id>:q<index>`` for a quote without an id)."""
    row = {column: quote.get(column) for column in QUOTE_COLUMNS[3:]}
    row["text"] = row["text"] or ""
    return {"quote_id": quote.get("id") or f"{doc_id}:q{index}", "document_id": doc_id,
            "date": event_date(published), **row}


def wikidata(actor_id: str | None) -> str | None:
    """The actor's Wikidata QID: its id when the id is one (``Q15031``), else None."""
    return actor_id if actor_id and _QID.fullmatch(actor_id) else None


def actor_row(doc_id: str, actor: dict[str, Any]) -> dict[str, Any]:
    """The ``document_actors`` row of one actor of a document; ``roles`` joined by ``|``."""
    return {
        "document_id": doc_id,
        "actor_id": actor["id"],
        **{key: actor.get(key) for key in ("name", "type", "country")},
        "wikidata": wikidata(actor["id"]),
        "roles": "|".join(actor.get("roles") or []) or None,
        **{key: actor.get(key) for key in ("description", "affiliation", "affiliation_id")},
        "in_kb": int(bool(actor.get("in_kb"))),
        "mentions": len(actor.get("mentions") or []),
        "stage": actor.get("stage"),
    }


def mention_rows(doc_id: str, actor: dict[str, Any]) -> list[tuple]:
    """One ``mentions`` row per mention of the actor."""
    return [(doc_id, actor["id"], m.get("start"), m.get("end"), m.get("text"), m.get("kind"), m.get("role"))
            for m in actor.get("mentions") or []]


def _insert(db: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    names = ", ".join(f'"{column}"' for column in columns)
    db.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)


def replace_quotes(db: sqlite3.Connection, doc_id: str, published: str | None, quotes: list[dict]) -> None:
    """Delete the document's quote rows and write them anew (inside the caller's transaction)."""
    db.execute("DELETE FROM quotes WHERE document_id = ?", (doc_id,))
    rows = [quote_row(doc_id, published, index, quote) for index, quote in enumerate(quotes)]
    try:
        _insert(db, "quotes", QUOTE_COLUMNS, [tuple(row[column] for column in QUOTE_COLUMNS) for row in rows])
    except sqlite3.IntegrityError as error:
        raise StoreError(
            f"document {doc_id}: two quotes share an id ({error})",
            "quote ids must be unique: `<document id>:q<n>` (docs/quotes.md)",
        ) from error


def replace_actors(db: sqlite3.Connection, doc_id: str, actors: list[dict]) -> None:
    """Delete the document's actor and mention rows and write them anew (actors without an id are skipped)."""
    db.execute("DELETE FROM document_actors WHERE document_id = ?", (doc_id,))
    db.execute("DELETE FROM mentions WHERE document_id = ?", (doc_id,))
    known = [actor for actor in actors if actor.get("id")]
    _insert(db, "document_actors", ACTOR_COLUMNS,
            [tuple(actor_row(doc_id, actor)[column] for column in ACTOR_COLUMNS) for actor in known])
    _insert(db, "mentions", MENTION_COLUMNS, [row for actor in known for row in mention_rows(doc_id, actor)])
