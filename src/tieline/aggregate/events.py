"""Stored events as a table: one row per event, with its flags, actors and story.

    >>> from tieline.store import Store
    >>> from tieline.testing import make_doc
    >>> store = Store(":memory:")
    >>> doc = make_doc("China warned Japan.", published="2024-03-05")
    >>> doc.events = [{"id": doc.id + ":e1", "type": "THREATEN", "quad_class": 3, "future": True,
    ...                "source": [{"id": "CHN"}], "target": [{"id": "JPN"}]}]
    >>> with store.transaction():
    ...     store.save(doc, {})
    >>> row = event_rows(store, actor="CHN")[0]
    >>> row["type"], row["sources"], row["targets"], row["future"], row["factual"]
    ('THREATEN', ['CHN'], ['JPN'], True, False)
"""

from __future__ import annotations

import json
from typing import Iterable

from ..store.event_tables import FLAGS
from .query import dates_sql, include_sql, require_events, resolve_actor

#: Columns of ``events``, in order.
COLUMNS = (
    "event_id", "document_id", "story", "date", "type", "mode", "cameo", "quad_class", "goldstein", "intensity",
    "sources", "targets", *FLAGS, "factual", "claimed_by", "contexts", "trigger", "trigger_start", "trigger_end",
    "sentence_start", "sentence_end", "quote_id", "rule", "confidence",
)

_EVENTS = """
    SELECT e.*, coalesce(d.story, c.story, d.duplicate_of, d.id) AS story
    FROM events e
    JOIN documents d ON d.id = e.document_id
    LEFT JOIN documents c ON c.id = d.duplicate_of
    WHERE {where}
    ORDER BY e.date IS NULL, e.date, e.event_id
    LIMIT ? OFFSET ?
"""


def _filters(store, actor, since, until, type, include, by_country) -> tuple[list[str], list]:
    where, params = [include_sql(include)], []
    sql, values = dates_sql(since, until)
    where.append(sql)
    params.extend(values)
    if actor:
        require_events(store)
        actor = resolve_actor(store, actor, by_country)
        either = "actor_id = ? OR country = ?" if by_country else "actor_id = ?"
        where.append(f"e.event_id IN (SELECT event_id FROM event_actors WHERE {either})")
        params.extend([actor] * (2 if by_country else 1))
    if type:
        types = [type] if isinstance(type, str) else list(type)
        where.append(f"e.type IN ({', '.join('?' * len(types))})")
        params.extend(name.upper() for name in types)
    return where, params


def _row(row) -> dict:
    record = json.loads(row["record"])
    values = {key: row[key] for key in row.keys() if key in COLUMNS}
    values.update({flag: bool(row[flag]) for flag in (*FLAGS, "factual")})
    values["sources"] = [actor.get("id") for actor in record.get("source") or []]
    values["targets"] = [actor.get("id") for actor in record.get("target") or []]
    values["claimed_by"] = record.get("claimed_by")
    values["contexts"] = list(record.get("contexts") or [])
    return {column: values.get(column) for column in COLUMNS}


def event_rows(
    store, actor: str | None = None, since: str | None = None, until: str | None = None,
    type: str | Iterable[str] | None = None, include: str | Iterable[str] | None = None, by_country: bool = True,
    limit: int | None = None, offset: int = 0,
) -> list[dict]:
    """The rows of ``events`` as plain dicts, oldest first, undated last (``limit`` None: all of them)."""
    where, params = _filters(store, actor, since, until, type, include, by_country)
    params.extend([-1 if limit is None else limit, offset])
    return [_row(row) for row in store.db.execute(_EVENTS.format(where=" AND ".join(where)), params)]


def event_rows_by_id(store, ids: list[str]) -> list[dict]:
    """The rows of ``events`` with these ids, oldest first (as ``event_rows`` gives them)."""
    if not ids:
        return []
    sql = _EVENTS.format(where=f"e.event_id IN ({', '.join('?' * len(ids))})")
    return [_row(row) for row in store.db.execute(sql, [*ids, len(ids), 0])]


def events(
    store, actor: str | None = None, since: str | None = None, until: str | None = None,
    type: str | Iterable[str] | None = None, include: str | Iterable[str] | None = None, by_country: bool = True,
    limit: int | None = None, offset: int = 0,
):
    """Stored events as a ``pandas.DataFrame`` (``COLUMNS``), every kind unless ``include`` says.

    ``actor``: events with that actor as source or target (with ``by_country``, its people and
    bodies too). ``type``: PLOVER type(s), e.g. ``"SANCTION"``. ``since``/``until``: inclusive,
    ``YYYY[-MM[-DD]]``; undated events always stay. ``limit``/``offset``: one page of the rows.
    """
    from .relations import frame

    return frame(event_rows(store, actor, since, until, type, include, by_country, limit, offset), COLUMNS)
