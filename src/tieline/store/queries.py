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


#: Rows of documents that report an event of one type.
_EVENT_TYPE = "{document} IN (SELECT document_id FROM events WHERE type = ?)"


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
               limit: int | None = None, offset: int = 0, *, event_type: str | None = None) -> list[dict]:
    """One page of quotes, oldest first (best matches first with ``search``, FTS5 syntax).

    ``speaker``: an actor id or words of the speaker's name. ``actor``: the speaker is that actor
    (or of that country). ``about``: the quote mentions that actor. ``kind``: ``direct``,
    ``partial`` or ``indirect``. ``document``: one document's quotes. ``event_type``: quotes of
    documents that report an event of that PLOVER type.
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
    if event_type:
        parts.append((_EVENT_TYPE.format(document="q.document_id"), [event_type.upper()]))
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
                  limit: int | None = None, offset: int = 0, *, event_type: str | None = None,
                  snippet: bool = False) -> list[dict]:
    """One page of documents, oldest first (best matches first with ``search``, FTS5 syntax over
    titles and bodies), with how many actors, quotes and events each holds; ``text`` adds the body.

    ``actor``: documents that mention that actor (or, with ``by_country``, an actor of that country).
    ``event_type``: documents that report an event of that PLOVER type. ``snippet`` (with ``search``):
    a ``snippet`` column, the best-matching words of the body with each match in ``[...]``.
    """
    date_sql, params = _dates(since, until, _DAY)
    where = [date_sql]
    if actor:
        either = "a.actor_id = ? OR a.country = ?" if by_country else "a.actor_id = ?"
        where.append(f"d.id IN (SELECT a.document_id FROM document_actors a WHERE {either})")
        params.extend([actor] * (2 if by_country else 1))
    if event_type:
        where.append(_EVENT_TYPE.format(document="d.id"))
        params.append(event_type.upper())
    fts, order, more = "", f"{_DAY} IS NULL, {_DAY}, d.rowid", ", d.text" if text else ""
    if search:
        fts, order = " JOIN documents_fts ON documents_fts.rowid = d.rowid", "documents_fts.rank"
        where.insert(0, "documents_fts MATCH ?")
        params.insert(0, search)
        more += ", snippet(documents_fts, 1, '[', ']', '…', 16) AS snippet" if snippet else ""
    sql = _DOCUMENTS.format(text=more, fts=fts, order=order)
    return _query(store, sql, where, params, limit, offset)


# what the web pages need besides the lists above (tieline.web calls these)

def counts(store) -> dict:
    """How much the store holds: documents (and how many are copies), actors, quotes, events.

    >>> from tieline.store import Store
    >>> counts(Store(":memory:"))
    {'documents': 0, 'copies': 0, 'actors': 0, 'quotes': 0, 'events': 0}
    """
    row = store.db.execute(
        """SELECT (SELECT count(*) FROM documents) AS documents,
                  (SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL) AS copies,
                  (SELECT count(DISTINCT actor_id) FROM document_actors) AS actors,
                  (SELECT count(*) FROM quotes) AS quotes, (SELECT count(*) FROM events) AS events""").fetchone()
    return dict(row)


def timeline_rows(store, by: str = "month", include: str | Iterable[str] | None = ("factual",),
                  since: str | None = None, until: str | None = None) -> list[dict]:
    """Events of the whole store per period and quad class (copies not counted again), periods in
    order, undated last: ``{"period", "quad_class", "events", "goldstein_sum"}``."""
    from ..aggregate.periods import check_period, period
    from ..aggregate.query import include_sql

    check_period(by)
    date_sql, params = _dates(since, until, "e.date")
    sql = f"""SELECT e.date, e.quad_class, count(*) AS n, total(e.goldstein) AS g FROM events e
              JOIN documents d ON d.id = e.document_id
              WHERE d.duplicate_of IS NULL AND {include_sql(include)} AND {date_sql} GROUP BY e.date, e.quad_class"""
    tally: dict[tuple, list] = {}
    for row in store.db.execute(sql, params):
        cell = tally.setdefault((period(row["date"], by), row["quad_class"]), [0, 0.0])
        cell[0] += row["n"]
        cell[1] += row["g"]
    order = sorted(tally, key=lambda key: (key[0] is None, key[0] or "", key[1] or 0))
    return [{"period": key[0], "quad_class": key[1], "events": tally[key][0], "goldstein_sum": round(tally[key][1], 3)}
            for key in order]


_EVIDENCE = """
    SELECT e.event_id, d.title, d.published,
           CASE WHEN e.sentence_start IS NOT NULL AND e.sentence_end IS NOT NULL
                THEN substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) END AS sentence
    FROM events e JOIN documents d ON d.id = e.document_id WHERE e.event_id IN ({ids})
"""


def with_evidence(store, rows: list[dict]) -> list[dict]:
    """Event rows with their evidence: ``sentence`` (``text[sentence_start:sentence_end]`` of the
    document), and the document's ``title`` and ``published`` date."""
    ids = [row["event_id"] for row in rows]
    found = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in store.db.execute(_EVIDENCE.format(ids=", ".join("?" * len(chunk))), chunk):
            found[row["event_id"]] = {"title": row["title"], "published": row["published"], "sentence": row["sentence"]}
    empty = {"title": None, "published": None, "sentence": None}
    return [{**row, **found.get(row["event_id"], empty)} for row in rows]


def pair_event_rows(store, a: str, b: str, include: str | Iterable[str] | None = None, since: str | None = None,
                    until: str | None = None, by_country: bool = True, limit: int | None = None,
                    offset: int = 0) -> list[dict]:
    """One page of the events between ``a`` and ``b`` (either direction), oldest first, with their
    evidence (``with_evidence``): the events that ``tieline pairs A B`` counts, every kind unless
    ``include`` says; events of a copy are its original's and are not listed again."""
    from ..aggregate.events import event_rows_by_id
    from ..aggregate.query import dyads
    from ..aggregate.relations import checked_actors

    limit, offset = page(limit, offset)
    a, b = checked_actors(store, a, b, by_country)
    ids = list(dict.fromkeys(d.event_id for d in dyads(store, a, b, by_country=by_country, include=include,
                                                         since=since, until=until)))[offset:offset + limit]
    return with_evidence(store, event_rows_by_id(store, ids))


def pair_quote_rows(store, a: str, b: str, since: str | None = None, until: str | None = None,
                    by_country: bool = True, limit: int | None = None, offset: int = 0) -> list[dict]:
    """One page of the quotes about the pair, oldest first: each side is the speaker or is mentioned
    in the quote's words (``quote_rows``' ``actor`` and ``about``)."""
    date_sql, params = _dates(since, until, "q.date")
    where = [date_sql]
    for actor in (a, b):
        spoken, spoken_params = _actor_sql(actor, by_country)
        about, about_params = _about_sql(actor, by_country)
        where.append(f"({spoken} OR {about})")
        params.extend([*spoken_params, *about_params])
    return _query(store, _QUOTES, where, params, limit, offset)


def actor_row(store, actor_id: str) -> dict | None:
    """One actor as ``actor_rows`` counts it (exact id, any case), or None when the store has no such actor."""
    sql = _ACTORS.format(event_dates="1", quote_dates="1")
    rows = _query(store, sql, ["a.actor_id = ? COLLATE NOCASE"], [actor_id], 1, 0)
    return rows[0] if rows else None


_SPEAKERS = """
    SELECT q.speaker, q.speaker_id, max(q.speaker_type) AS speaker_type,
           max(q.speaker_description) AS description, max(q.speaker_affiliation) AS affiliation,
           CASE WHEN max(q.speaker_type) = 'person' THEN (SELECT group_concat(DISTINCT a.roles) FROM document_actors a
                WHERE a.actor_id = q.speaker_id AND a.roles IS NOT NULL) END AS roles,
           count(*) AS quotes, min(q.date) AS first, max(q.date) AS last
    FROM quotes q JOIN documents d ON d.id = q.document_id
    WHERE d.duplicate_of IS NULL AND {where}
    GROUP BY q.speaker_id, q.speaker
    ORDER BY quotes DESC, q.speaker
"""


def speaker_rows(store, actor: str, by_country: bool = True, limit: int | None = None, offset: int = 0) -> list[dict]:
    """One page of who speaks for ``actor``, most quoted first: the actor itself, its bodies and people
    (with ``by_country``, those of its country) and the people affiliated with it, with their roles
    (a person's role codes, e.g. ``["GOV"]``), descriptions and how many quotes each has (copies not
    counted again)."""
    spoken, params = _actor_sql(actor, by_country)
    affiliated = "q.speaker_id IN (SELECT a.actor_id FROM document_actors a WHERE a.affiliation_id = ?)"
    rows = _query(store, _SPEAKERS, [f"q.speaker_id IS NOT NULL AND ({spoken} OR {affiliated})"],
                  [*params, actor], limit, offset)
    for row in rows:
        row["roles"] = sorted({role for roles in (row["roles"] or "").split(",") for role in roles.split("|") if role})
    return rows


def actor_names(store, ids: Iterable[str]) -> dict[str, str]:
    """The stored name of each actor id (ids without a name are left out).

    >>> from tieline.store import Store
    >>> actor_names(Store(":memory:"), ["CHN"])
    {}
    """
    ids = sorted({actor_id for actor_id in ids if actor_id})
    names = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        sql = f"""SELECT actor_id, max(name) AS name FROM document_actors WHERE actor_id IN ({', '.join('?' * len(chunk))})
                  AND name IS NOT NULL GROUP BY actor_id"""
        names.update({row["actor_id"]: row["name"] for row in store.db.execute(sql, chunk)})
    return names


def copy_rows(store, doc_id: str, limit: int | None = None, offset: int = 0) -> list[dict]:
    """One page of the documents the dedup stage marked as copies of ``doc_id``, oldest first."""
    sql = _DOCUMENTS.format(text="", fts="", order=f"{_DAY} IS NULL, {_DAY}, d.rowid")
    return _query(store, sql, ["d.duplicate_of = ?"], [doc_id], limit, offset)


def story_rows(store, story: str, limit: int | None = None, offset: int = 0) -> list[dict]:
    """One page of the documents of one story (the dedup stage's ``story``), oldest first."""
    sql = _DOCUMENTS.format(text="", fts="", order=f"{_DAY} IS NULL, {_DAY}, d.rowid")
    return _query(store, sql, ["d.story = ?"], [story], limit, offset)


def frame(rows: list[dict], columns: Iterable[str]):
    """``rows`` as a ``pandas.DataFrame`` with ``columns`` (``tieline.aggregate.relations.frame``)."""
    from ..aggregate.relations import frame as make

    return make(rows, columns)
