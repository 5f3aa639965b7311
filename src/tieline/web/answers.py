"""What each page and its JSON twin answer: plain dicts from ``tieline.store.queries``.

Every HTML page renders one of these dicts, and its ``/api/`` twin returns the same dict as
JSON, so the two never disagree. Lists come as a page: ``{"rows", "limit", "offset",
"next_offset", "filters"}``; ``next_offset`` is null on the last page. ``limit`` is 1 to
``MAX_LIMIT`` (``DEFAULT_LIMIT`` unless given).
"""

from __future__ import annotations

from typing import Callable

from ..errors import ConfigError, TielineError
from ..store import queries
from ..store.event_tables import FLAGS
from .highlight import document_spans

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: The largest offset SQLite can take (its largest integer).
MAX_OFFSET = 2**63 - 1

#: The flagged kinds of event: what did not happen, or not now, or not in the writer's voice.
FLAGGED = ",".join(FLAGS)


class NotFound(TielineError):
    """The document or actor asked for is not in the store (HTTP 404)."""


def paging(limit: int | None, offset: int | None) -> tuple[int, int]:
    """``(limit, offset)`` checked for the web: 1 to ``MAX_LIMIT`` rows, offset 0 or more."""
    limit = DEFAULT_LIMIT if limit is None else limit
    offset = offset or 0
    if not 0 < limit <= MAX_LIMIT:
        raise ConfigError(f"limit {limit} is out of range", f"give limit=1 to {MAX_LIMIT} and page on with offset "
                          "(`tieline export` writes every row)")
    if offset < 0:
        raise ConfigError(f"offset {offset} is negative", "give offset=0 or more (the next_offset of the previous page)")
    if offset > MAX_OFFSET:
        raise ConfigError(f"offset {offset} is out of range", f"give offset=0 to {MAX_OFFSET} "
                          "(the next_offset of the previous page)")
    return limit, offset


def listing(fetch: Callable[..., list[dict]], limit: int | None, offset: int | None, **filters) -> dict:
    """One page of ``fetch(limit=, offset=)``, with where the next page starts (None on the last)."""
    limit, offset = paging(limit, offset)
    rows = fetch(limit=limit + 1, offset=offset)
    more = len(rows) > limit
    return {"rows": rows[:limit], "limit": limit, "offset": offset, "next_offset": offset + limit if more else None,
            "filters": {key: value for key, value in filters.items() if value not in (None, "", False)}}


def _empty(limit, offset, **filters) -> dict:
    return listing(lambda **_: [], limit, offset, **filters)


def _named(store, found: dict, *columns: str) -> dict:
    """``found`` with ``names``: the name of each actor id in these columns of its rows."""
    ids = [value for row in found["rows"] for column in columns
           for value in (row[column] if isinstance(row[column], list) else [row[column]])]
    return {**found, "names": queries.actor_names(store, ids)}


# actors

def known_actor(store, actor: str) -> str:
    """The stored spelling of ``actor`` (an actor id or an ISO-3 country code, any case), else ``NotFound``."""
    for table in ("document_actors", "event_actors"):
        for column in ("actor_id", "country"):
            sql = f"SELECT {column} FROM {table} WHERE {column} = ? COLLATE NOCASE LIMIT 1"
            row = store.db.execute(sql, (actor,)).fetchone()
            if row:
                return row[0]
    raise NotFound(f"no actor {actor!r} in the store",
                   "actors are matched by id (ISO-3 codes for states: CHN, RUS, USA); /api/actors?search=NAME finds the id")


def _with_events(store, actor: str) -> bool:
    """True when ``actor`` (or an actor of that country) takes part in an event."""
    sql = "SELECT 1 FROM event_actors WHERE actor_id = ? OR country = ? LIMIT 1"
    return store.db.execute(sql, (actor, actor)).fetchone() is not None


def actors(store, type=None, country=None, search=None, since=None, until=None, limit=None, offset=None) -> dict:
    fetch = lambda **page: queries.actor_rows(store, type, country, search, since, until, **page)  # noqa: E731
    return listing(fetch, limit, offset, type=type, country=country, search=search, since=since, until=until)


def actor(store, actor_id: str, limit=None) -> dict:
    """One actor: its counts, its busiest partners, who speaks for it, and its quotes (first pages)."""
    row = queries.actor_row(store, actor_id)
    if row is None:
        known_actor(store, actor_id)  # a country code with no actor row of its own: NotFound names the fix
        raise NotFound(f"no actor {actor_id!r} in the store", "use an actor id from /api/actors")
    actor_id = row["actor_id"]
    return {"actor": row, "partners": _named(store, pairs(store, actor_id, limit=limit), "a", "b"),
            "speakers": speakers(store, actor_id, limit=limit), "quotes": quotes(store, actor=actor_id, limit=limit)}


def speakers(store, actor_id: str, limit=None, offset=None) -> dict:
    actor_id = known_actor(store, actor_id)
    return listing(lambda **page: queries.speaker_rows(store, actor_id, **page), limit, offset, actor=actor_id)


# pairs and events

def pairs(store, actor=None, since=None, until=None, include="factual", limit=None, offset=None) -> dict:
    """The busiest pairs (of ``actor``, or of the whole store) and their balance."""
    filters = {"actor": actor, "since": since, "until": until, "include": include}
    if actor:
        filters["actor"] = actor = known_actor(store, actor)
    if not (_with_events(store, actor) if actor else queries.counts(store)["events"]):
        return _empty(limit, offset, **filters)
    fetch = lambda **page: _counts_only(queries.pair_rows(store, actor, since=since, until=until, include=include, **page))  # noqa: E731
    return listing(fetch, limit, offset, **filters)


def _counts_only(rows: list[dict]) -> list[dict]:
    """Pair rows without their ``event_ids`` (thousands on a busy pair; the events are paged at
    ``/api/pairs/A/B/events``), so that a page of rows stays small whatever the store holds."""
    return [{key: value for key, value in row.items() if key != "event_ids"} for row in rows]


def _pair_actors(store, a: str, b: str) -> tuple[str, str]:
    a, b = known_actor(store, a), known_actor(store, b)
    if a == b:
        raise ConfigError(f"{a} and {b} are the same actor", "give two different actors: /pairs/CHN/RUS")
    return a, b


def pair(store, a, b, by="month", since=None, until=None, include="factual", directed=False, limit=None, offset=None):
    """What ``a`` and ``b`` did to each other per period and direction (``relation_rows``)."""
    a, b = _pair_actors(store, a, b)
    filters = {"by": by, "since": since, "until": until, "include": include, "directed": directed}
    if not (_with_events(store, a) and _with_events(store, b)):
        return {"a": a, "b": b, **_empty(limit, offset, **filters)}
    fetch = lambda **page: _counts_only(queries.pair_rows(store, a, b, by, since, until, include, directed, **page))  # noqa: E731
    return {"a": a, "b": b, **listing(fetch, limit, offset, **filters)}


def pair_events(store, a, b, include=None, since=None, until=None, limit=None, offset=None) -> dict:
    """The events between ``a`` and ``b`` with their evidence sentence, title and date."""
    a, b = _pair_actors(store, a, b)
    filters = {"include": include, "since": since, "until": until}
    if not (_with_events(store, a) and _with_events(store, b)):
        return {"a": a, "b": b, **_empty(limit, offset, **filters), "names": {}}
    fetch = lambda **page: queries.pair_event_rows(store, a, b, include, since, until, **page)  # noqa: E731
    return {"a": a, "b": b, **_named(store, listing(fetch, limit, offset, **filters), "sources", "targets")}


def pair_quotes(store, a, b, since=None, until=None, limit=None, offset=None) -> dict:
    """The quotes about ``a`` and ``b``: each is the speaker or is named in the words."""
    a, b = _pair_actors(store, a, b)
    fetch = lambda **page: queries.pair_quote_rows(store, a, b, since, until, **page)  # noqa: E731
    return {"a": a, "b": b, **listing(fetch, limit, offset, since=since, until=until)}


def events(store, actor=None, since=None, until=None, type=None, include=None, limit=None, offset=None) -> dict:
    """Events (every kind unless ``include`` says), oldest first, with their evidence."""
    filters = {"actor": actor, "since": since, "until": until, "type": type, "include": include}
    if actor:
        filters["actor"] = actor = known_actor(store, actor)
        if not _with_events(store, actor):
            return {**_empty(limit, offset, **filters), "names": {}}
    types = [name.strip() for name in type.split(",") if name.strip()] if type else None
    fetch = lambda **page: queries.with_evidence(  # noqa: E731
        store, queries.event_rows(store, actor, since, until, types, include, **page))
    return _named(store, listing(fetch, limit, offset, **filters), "sources", "targets")


# quotes, documents, search

def quotes(store, speaker=None, actor=None, about=None, since=None, until=None, kind=None, search=None,
           limit=None, offset=None) -> dict:
    filters = {"speaker": speaker, "actor": actor, "about": about, "since": since, "until": until, "kind": kind,
               "search": search}
    fetch = lambda **page: queries.quote_rows(store, speaker, actor, about, since, until, kind, search, **page)  # noqa: E731
    return listing(fetch, limit, offset, **filters)


def documents(store, actor=None, since=None, until=None, search=None, type=None, limit=None, offset=None) -> dict:
    fetch = lambda **page: queries.document_rows(store, actor, since, until, search, event_type=type,  # noqa: E731
                                                 snippet=bool(search), **page)
    return listing(fetch, limit, offset, actor=actor, since=since, until=until, search=search, type=type)


def search(store, q, actor=None, since=None, until=None, type=None, limit=None, offset=None) -> dict:
    """Full text (FTS5) over documents and over quotes, with the same filters and page for both."""
    if not (q or "").strip():
        raise ConfigError("nothing to search for", 'give q=WORDS (FTS5: "a phrase", sanctions OR tariffs, sanction*)')
    found_quotes = lambda **page: queries.quote_rows(store, actor=actor, since=since, until=until,  # noqa: E731
                                                     search=q, event_type=type, **page)
    return {"q": q, "documents": documents(store, actor, since, until, q, type, limit, offset),
            "quotes": listing(found_quotes, limit, offset, actor=actor, since=since, until=until, type=type)}


def overview(store, limit=10) -> dict:
    """The store counted, its busiest pairs and their balance, and its events per month by quad class."""
    counts = queries.counts(store)
    return {"counts": counts, "pairs": pairs(store, limit=limit),
            "timeline": queries.timeline_rows(store) if counts["events"] else []}


def document(store, doc_id: str, event: str | None = None, limit=None) -> dict:
    """One document: its clean text and every span marked in it, its removed junk, its copies and story."""
    try:
        doc = store.get(doc_id)
    except KeyError:
        raise NotFound(f"no document {doc_id!r} in the store",
                       "find its id with /api/search?q=WORDS or /api/documents") from None
    spans = document_spans(doc, event)
    story = _empty(limit, 0)
    if doc.story:
        story = listing(lambda **page: queries.story_rows(store, doc.story, **page), limit, 0)
    return {
        **{key: getattr(doc, key) for key in ("id", "title", "published", "byline", "source", "url", "language",
                                              "duplicate_of", "copy_kind", "story", "truncated", "text")},
        "spans": [{"kind": s.kind, "start": s.start, "end": s.end, "ref": s.ref, "label": s.label,
                   "text": doc.text[s.start:s.end]} for s in spans],
        "actors": [{**{key: a.get(key) for key in ("id", "name", "type", "country")},
                    "mentions": len(a.get("mentions") or [])} for a in doc.actors],
        "quotes": doc.quotes, "events": doc.events,
        "removed": [{"reason": r.reason, "text": r.text, "start": r.start, "end": r.end} for r in doc.removed],
        "original": _original(store, doc.duplicate_of),
        "copies": listing(lambda **page: queries.copy_rows(store, doc.id, **page), limit, 0),
        "story_documents": story,
    }


def _original(store, doc_id: str | None) -> dict | None:
    if not doc_id:
        return None
    row = store.db.execute("SELECT id, title, published FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return dict(row) if row else None
