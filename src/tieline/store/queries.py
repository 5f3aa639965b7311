"""What the store answers: events, pairs, quotes, actors and documents, one page at a time.

The Python API (``Store.events()`` ... as DataFrames), the CLI (``tieline events`` ...) and an
HTTP API call these same functions. Each ``*_rows`` function returns a list of plain dicts; each
takes ``limit`` (``DEFAULT_LIMIT`` unless given, at most ``MAX_LIMIT``) and ``offset``. Filters:
``actor`` is an actor id or an ISO-3 country code (a country stands for its people and bodies
too), ``since``/``until`` are inclusive ``YYYY[-MM[-DD]]`` days, and undated rows always stay.
Pairs and relations come from ``tieline.aggregate`` (one implementation, docs/relations.md).

    >>> from tieline.store import Store
    >>> from tieline.testing import make_doc
    >>> store = Store(":memory:")
    >>> doc = make_doc("Xi said: “We talk.”", published="2024-03-05")
    >>> doc.quotes = [{"id": doc.id + ":q0", "text": "We talk.", "start": 10, "end": 18, "kind": "direct",
    ...                "speaker": "Xi Jinping", "speaker_id": "Q15031", "speaker_country": "CHN"}]
    >>> with store.transaction():
    ...     store.save(doc, {})
    >>> [row["text"] for row in quote_rows(store, speaker="xi jinping")]
    ['We talk.']
    >>> quote_rows(store, actor="CHN", since="2025")
    []
"""

from __future__ import annotations

from typing import Iterable

from ..errors import ConfigError
from .record_tables import QUOTE_COLUMNS

#: Rows a query returns unless ``limit`` says otherwise, and the most it returns at once.
DEFAULT_LIMIT = 1000
MAX_LIMIT = 100_000

#: Columns of ``quotes()``: the ``quotes`` table, and the document's title and copy mark.
QUOTE_FRAME = (*QUOTE_COLUMNS, "title", "duplicate_of")

#: Columns of ``actors()``.
ACTOR_FRAME = ("actor_id", "name", "type", "country", "wikidata", "in_kb", "documents", "mentions", "events", "quotes")

#: Columns of ``documents()`` (``text`` only when asked for).
DOCUMENT_FRAME = ("id", "title", "published", "source", "url", "format", "language", "truncated", "duplicate_of",
                  "story", "skipped", "actors", "quotes", "events")

#: A document's day, when its ``published`` starts with one.
_DAY = "CASE WHEN d.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(d.published, 1, 10) END"


def page(limit: int | None, offset: int = 0) -> tuple[int, int]:
    """``(limit, offset)`` checked: ``DEFAULT_LIMIT`` for None, ``ConfigError`` past ``MAX_LIMIT``.

    >>> page(None), page(10, 20)
    ((1000, 0), (10, 20))
    """
    limit = DEFAULT_LIMIT if limit is None else int(limit)
    if not 0 < limit <= MAX_LIMIT:
        raise ConfigError(f"limit {limit} is out of range", f"give 1 to {MAX_LIMIT} and page on with offset; "
                          "`tieline export` writes every row")
    if int(offset) < 0:
        raise ConfigError(f"offset {offset} is negative", "give 0 or more")
    return limit, int(offset)


def _dates(since, until, column: str) -> tuple[str, list]:
    from ..aggregate.query import dates_sql

    return dates_sql(since, until, column)


def _query(store, sql: str, where: list[str], params: list, limit: int | None, offset: int) -> list[dict]:
    """Rows of ``sql`` (with ``{where}``) for one page."""
    limit, offset = page(limit, offset)
    text = sql.format(where=" AND ".join(where) or "1") + " LIMIT ? OFFSET ?"
    return [dict(row) for row in store.db.execute(text, [*params, limit, offset])]


# events and pairs: tieline.aggregate, paged

def event_rows(store, actor: str | None = None, since: str | None = None, until: str | None = None,
               type: str | Iterable[str] | None = None, include: str | Iterable[str] | None = None,
               by_country: bool = True, limit: int | None = None, offset: int = 0) -> list[dict]:
    """One page of events, oldest first (``tieline.aggregate.event_rows``: every kind unless ``include`` says)."""
    from ..aggregate import event_rows as rows

    limit, offset = page(limit, offset)
    return rows(store, actor, since, until, type, include, by_country, limit, offset)


def pair_rows(store, actor: str | None = None, partner: str | None = None, by: str | None = None,
              since: str | None = None, until: str | None = None, include: str | Iterable[str] | None = ("factual",),
              directed: bool = False, by_country: bool = True, limit: int | None = None, offset: int = 0) -> list[dict]:
    """One page of pairs: with ``partner`` or ``by``, per period and direction (``relation_rows``);
    else the busiest pairs of ``actor`` (of the whole store without it), busiest first (``pair_rows``)."""
    from ..aggregate import pair_rows as busiest
    from ..aggregate import relation_rows

    limit, offset = page(limit, offset)
    if partner or by:
        if not actor:
            raise ConfigError("a pair over time needs an actor", "give an actor (and a partner): `tieline pairs CHN RUS`")
        rows = relation_rows(store, actor, partner, by or "month", directed, include, since, until, by_country)
    else:
        rows = busiest(store, actor, None, include, since, until, by_country)
    return rows[offset:offset + limit]


# quotes

_QUOTES = """
    SELECT q.*, d.title, d.duplicate_of FROM quotes q JOIN documents d ON d.id = q.document_id
    WHERE {where} ORDER BY q.date IS NULL, q.date, q.document_id, q.start
"""

_QUOTES_FTS = """
    SELECT q.*, d.title, d.duplicate_of
    FROM quotes_fts JOIN quotes q ON q.rowid = quotes_fts.rowid JOIN documents d ON d.id = q.document_id
    WHERE quotes_fts MATCH ? AND {where} ORDER BY quotes_fts.rank
"""


def _speaker_sql(speaker: str) -> tuple[str, list]:
    """Quotes by ``speaker``: its id, or a name holding those words (``xi jinping``, ``Jinping``)."""
    return "(q.speaker_id = ? OR q.speaker LIKE ?)", [speaker, f"%{speaker}%"]


def _actor_sql(actor: str, by_country: bool) -> tuple[str, list]:
    """Quotes whose speaker is ``actor`` (with ``by_country``, or of that country)."""
    if by_country:
        return "(q.speaker_id = ? OR q.speaker_country = ?)", [actor, actor]
    return "q.speaker_id = ?", [actor]


def _about_sql(actor: str, by_country: bool) -> tuple[str, list]:
    """Quotes whose words mention ``actor`` (with ``by_country``, or an actor of that country)."""
    country = " OR da.country = ?" if by_country else ""
    return (
        f"""EXISTS (SELECT 1 FROM mentions m JOIN document_actors da
                    ON da.document_id = m.document_id AND da.actor_id = m.actor_id
                    WHERE m.document_id = q.document_id AND m.start >= q.start AND m."end" <= q."end"
                    AND (m.actor_id = ?{country}))""",
        [actor, actor] if by_country else [actor],
    )


def quote_rows(store, speaker: str | None = None, actor: str | None = None, about: str | None = None,
               since: str | None = None, until: str | None = None, kind: str | None = None,
               search: str | None = None, document: str | None = None, by_country: bool = True,
               limit: int | None = None, offset: int = 0) -> list[dict]:
    """One page of quotes, oldest first (best matches first with ``search``, FTS5 syntax).

    ``speaker``: an actor id or words of the speaker's name. ``actor``: the speaker is that actor
    (or of that country). ``about``: the quote mentions that actor. ``kind``: ``direct``,
    ``partial`` or ``indirect``. ``document``: one document's quotes.
    """
    where, params = [], []
    date_sql, date_params = _dates(since, until, "q.date")
    parts = [(date_sql, date_params)]
    if speaker:
        parts.append(_speaker_sql(speaker))
    if actor:
        parts.append(_actor_sql(actor, by_country))
    if about:
        parts.append(_about_sql(about, by_country))
    if kind:
        parts.append(("q.kind = ?", [kind]))
    if document:
        parts.append(("q.document_id = ?", [document]))
    for sql, values in parts:
        where.append(sql)
        params.extend(values)
    if search:
        return _query(store, _QUOTES_FTS, where, [search, *params], limit, offset)
    return _query(store, _QUOTES, where, params, limit, offset)


# actors

_ACTORS = """
    SELECT a.actor_id, max(a.name) AS name, max(a.type) AS type, max(a.country) AS country,
           max(a.wikidata) AS wikidata, max(a.in_kb) AS in_kb, count(DISTINCT a.document_id) AS documents,
           sum(a.mentions) AS mentions,
           (SELECT count(DISTINCT x.event_id) FROM event_actors x JOIN events e ON e.event_id = x.event_id
            JOIN documents d ON d.id = e.document_id
            WHERE x.actor_id = a.actor_id AND d.duplicate_of IS NULL AND {event_dates}) AS events,
           (SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.document_id
            WHERE q.speaker_id = a.actor_id AND d.duplicate_of IS NULL AND {quote_dates}) AS quotes
    FROM document_actors a JOIN documents d ON d.id = a.document_id
    WHERE d.duplicate_of IS NULL AND {{where}}
    GROUP BY a.actor_id
    ORDER BY mentions DESC, documents DESC, a.actor_id
"""


def actor_rows(store, type: str | None = None, country: str | None = None, search: str | None = None,
               since: str | None = None, until: str | None = None,
               limit: int | None = None, offset: int = 0) -> list[dict]:
    """One page of actors, most mentioned first, with the documents, mentions, events and quotes
    (as the speaker) that count for them; copies of a document are not counted again.

    ``type``: ``state``, ``person``, ``organization`` or ``group``. ``country``: ISO-3.
    ``search``: words of the actor's name or its id.
    """
    event_dates, event_params = _dates(since, until, "e.date")
    quote_dates, quote_params = _dates(since, until, "q.date")
    doc_dates, doc_params = _dates(since, until, _DAY)
    where, params = [doc_dates], [*event_params, *quote_params, *doc_params]
    for value, sql in ((type, "a.type = ?"), (country, "a.country = ?")):
        if value:
            where.append(sql)
            params.append(value)
    if search:
        where.append("(a.name LIKE ? OR a.actor_id = ?)")
        params.extend([f"%{search}%", search])
    sql = _ACTORS.format(event_dates=event_dates, quote_dates=quote_dates)
    return _query(store, sql, where, params, limit, offset)


# documents

_DOCUMENTS = """
    SELECT d.id, d.title, d.published, d.source, d.url, d.format, d.language, d.truncated, d.duplicate_of,
           d.story, d.skipped{text},
           (SELECT count(*) FROM document_actors a WHERE a.document_id = d.id) AS actors,
           (SELECT count(*) FROM quotes q WHERE q.document_id = d.id) AS quotes,
           (SELECT count(*) FROM events e WHERE e.document_id = d.id) AS events
    FROM documents d{fts}
    WHERE {{where}}
    ORDER BY {order}
"""


def document_rows(store, actor: str | None = None, since: str | None = None, until: str | None = None,
                  search: str | None = None, text: bool = False, by_country: bool = True,
                  limit: int | None = None, offset: int = 0) -> list[dict]:
    """One page of documents, oldest first (best matches first with ``search``, FTS5 syntax over
    titles and bodies), with how many actors, quotes and events each holds; ``text`` adds the body.

    ``actor``: documents that mention that actor (or, with ``by_country``, an actor of that country).
    """
    date_sql, params = _dates(since, until, _DAY)
    where = [date_sql]
    if actor:
        either = "a.actor_id = ? OR a.country = ?" if by_country else "a.actor_id = ?"
        where.append(f"d.id IN (SELECT a.document_id FROM document_actors a WHERE {either})")
        params.extend([actor] * (2 if by_country else 1))
    fts, order = "", f"{_DAY} IS NULL, {_DAY}, d.rowid"
    if search:
        fts, order = " JOIN documents_fts ON documents_fts.rowid = d.rowid", "documents_fts.rank"
        where.insert(0, "documents_fts MATCH ?")
        params.insert(0, search)
    sql = _DOCUMENTS.format(text=", d.text" if text else "", fts=fts, order=order)
    return _query(store, sql, where, params, limit, offset)


def frame(rows: list[dict], columns: Iterable[str]):
    """``rows`` as a ``pandas.DataFrame`` with ``columns`` (``tieline.aggregate.relations.frame``)."""
    from ..aggregate.relations import frame as make

    return make(rows, columns)
