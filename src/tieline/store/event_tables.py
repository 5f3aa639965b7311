"""A document's events as rows of the ``events`` and ``event_actors`` tables (migration m004).

The whole event stays in ``events.record`` (JSON); the columns copy the fields that queries
filter and count on, and ``event_actors`` has one row per source and per target actor.

    >>> event = {"id": "d1:e1", "type": "CONSULT", "quad_class": 1, "future": True,
    ...          "source": [{"id": "CHN", "name": "China", "type": "state", "country": "CHN"}], "target": []}
    >>> row = event_row("d1", "2024-03-05T10:00", 1, event)
    >>> row["date"], row["future"], row["factual"]
    ('2024-03-05', 1, 0)
    >>> actor_rows("d1:e1", event)
    [('d1:e1', 'source', 'CHN', 'China', 'CHN', 'state')]
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from ..errors import StoreError

#: What did not happen, or not now, or not in the writer's voice (docs/events.md).
FLAGS = ("negated", "hypothetical", "future", "claimed", "historical")

_TEXT = ("type", "mode", "cameo", "trigger", "quote_id", "rule")
_NUMBERS = ("quad_class", "goldstein", "intensity", "trigger_start", "trigger_end",
            "sentence_start", "sentence_end", "confidence")
COLUMNS = ("event_id", "document_id", "date", *_TEXT, *_NUMBERS, *FLAGS, "factual", "record")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def event_date(published: str | None) -> str | None:
    """The ``YYYY-MM-DD`` an event is dated by: its document's ``published`` date, else None."""
    return published[:10] if published and _ISO_DATE.match(published) else None


def event_id(doc_id: str, index: int, event: dict[str, Any]) -> str:
    """The event's own id; ``<doc id>:e<index>`` (0-based) for an event that has none."""
    return event.get("id") or f"{doc_id}:e{index}"


def event_row(doc_id: str, published: str | None, index: int, event: dict[str, Any]) -> dict[str, Any]:
    """The ``events`` row of one event."""
    flags = {flag: int(bool(event.get(flag))) for flag in FLAGS}
    factual = event.get("factual")
    return {
        "event_id": event_id(doc_id, index, event),
        "document_id": doc_id,
        "date": event_date(published),
        **{key: event.get(key) for key in (*_TEXT, *_NUMBERS)},
        **flags,
        "factual": int(not any(flags.values())) if factual is None else int(bool(factual)),
        "record": json.dumps(event, ensure_ascii=False),
    }


def actor_rows(eid: str, event: dict[str, Any]) -> list[tuple]:
    """One ``event_actors`` row per source and per target actor of the event."""
    return [
        (eid, role, actor.get("id"), actor.get("name"), actor.get("country"), actor.get("type"))
        for role in ("source", "target")
        for actor in event.get(role) or []
    ]


def replace_events(db: sqlite3.Connection, doc_id: str, published: str | None, events: list[dict]) -> None:
    """Delete the document's event rows and write them anew (inside the caller's transaction)."""
    db.execute("DELETE FROM event_pairs WHERE event_id IN (SELECT event_id FROM events WHERE document_id = ?)", (doc_id,))
    db.execute("DELETE FROM event_actors WHERE event_id IN (SELECT event_id FROM events WHERE document_id = ?)", (doc_id,))
    db.execute("DELETE FROM events WHERE document_id = ?", (doc_id,))
    rows = [event_row(doc_id, published, index, event) for index, event in enumerate(events)]
    try:
        db.executemany(
            f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
            [tuple(row[column] for column in COLUMNS) for row in rows],
        )
    except sqlite3.IntegrityError as error:
        raise StoreError(
            f"document {doc_id}: two events share an id ({error})",
            "event ids must be unique: `<document id>:e<n>` (docs/events.md)",
        ) from error
    db.executemany(
        "INSERT INTO event_actors (event_id, role, actor_id, name, country, type) VALUES (?, ?, ?, ?, ?, ?)",
        [actor for row, event in zip(rows, events) for actor in actor_rows(row["event_id"], event)],
    )
    db.executemany("INSERT INTO event_pairs (event_id, source, target) VALUES (?, ?, ?)",
                   [pair for row, event in zip(rows, events) for pair in pair_rows(row["event_id"], event)])


def pair_rows(eid: str, event: dict[str, Any]) -> list[tuple]:
    """One ``event_pairs`` row per distinct (source, target) of the event, each side labelled by its
    country, else its id (the label the pair queries count a side by).

    >>> pair_rows("d1:e1", {"source": [{"id": "Q15031", "country": "CHN"}, {"id": "CHN", "country": "CHN"}],
    ...                     "target": [{"id": "USA", "country": "USA"}]})
    [('d1:e1', 'CHN', 'USA')]
    """
    def labels(role: str) -> list[str]:
        found = (actor.get("country") or actor.get("id") for actor in event.get(role) or [])
        return list(dict.fromkeys(label for label in found if label))

    return [(eid, source, target) for source in labels("source") for target in labels("target")]
