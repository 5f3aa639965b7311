"""Reading events back from the store: filters, actor names, and events as dyads.

A dyad is one (source, target) pair of one event: "Xi and Putin denounced the United States"
is one event and two dyads, CHN->USA and RUS->USA. Each side is labelled with the actor asked
for (``a`` or ``b``) when it matches, else with its own id; with ``by_country`` a person or body
that has a country is labelled with that country (GDELT's convention: Xi Jinping and the
Chinese foreign ministry count for CHN).
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from ..errors import ConfigError, StoreError
from ..store.event_tables import FLAGS

#: What ``include`` accepts: ``factual`` and the five flags of docs/events.md (``all`` is every one).
KINDS = ("factual", *FLAGS)

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

_DYADS = """
    SELECT e.event_id, e.document_id, e.date, e.quad_class, e.goldstein,
           coalesce(d.story, c.story, d.duplicate_of, d.id) AS story,
           s.actor_id AS s_id, s.country AS s_country, t.actor_id AS t_id, t.country AS t_country
    FROM events e
    JOIN documents d ON d.id = e.document_id
    LEFT JOIN documents c ON c.id = d.duplicate_of
    JOIN event_actors s ON s.event_id = e.event_id AND s.role = 'source'
    JOIN event_actors t ON t.event_id = e.event_id AND t.role = 'target'
    WHERE {where}
    ORDER BY e.date, e.event_id, s.rowid, t.rowid
"""


class Dyad(NamedTuple):
    """One (source, target) pair of one event, with what the counts need (a tuple: a pair's
    dyads among a million events are tens of thousands)."""

    event_id: str
    document_id: str
    story: str
    date: str | None
    quad_class: int | None
    goldstein: float | None
    source: str
    target: str


def kinds(include: str | Iterable[str] | None) -> tuple[str, ...]:
    """The kinds of event counted: ``include`` checked, ``all`` expanded, ``None`` meaning all.

    >>> kinds("factual,future")
    ('factual', 'future')
    """
    if include is None:
        return KINDS
    names = [n.strip() for n in (include.split(",") if isinstance(include, str) else include) if n.strip()]
    if "all" in names:
        return KINDS
    unknown = [name for name in names if name not in KINDS]
    if unknown or not names:
        raise ConfigError(f"cannot include {', '.join(unknown) or 'nothing'}", f"choose from: all, {', '.join(KINDS)}")
    return tuple(kind for kind in KINDS if kind in names)


def include_sql(include: str | Iterable[str] | None) -> str:
    """The WHERE clause keeping the events of these kinds.

    A flagged event counts when every flag it has is included: ``future`` lets in what is
    only announced, not what is announced and hypothetical.
    """
    wanted = kinds(include)
    parts = ["e.factual = 1"] if "factual" in wanted else []
    flagged = [flag for flag in FLAGS if flag in wanted]
    if flagged:
        some = " OR ".join(f"e.{flag} = 1" for flag in flagged)
        none_else = "".join(f" AND e.{flag} = 0" for flag in FLAGS if flag not in flagged)
        parts.append(f"(e.factual = 0 AND ({some}){none_else})")
    return "(" + " OR ".join(parts) + ")"


def dates_sql(since: str | None, until: str | None, column: str = "e.date") -> tuple[str, list]:
    """The WHERE clause for ``since``/``until`` (inclusive; ``2024``, ``2024-03`` or ``2024-03-05``)
    on ``column`` (a ``YYYY-MM-DD`` day, or NULL).

    Undated events always stay: they are counted in period None, never dropped.
    """
    for value in (since, until):
        if value is not None and not _DATE.fullmatch(value):
            raise ConfigError(f"not a date: {value!r}", "give YYYY, YYYY-MM or YYYY-MM-DD")
    clauses, params = [], []
    if since:
        clauses.append(f"{column} >= ?")
        params.append(since)
    if until:
        clauses.append(f"substr({column}, 1, ?) <= ?")
        params.extend([len(until), until])
    return (f"({column} IS NULL OR (" + " AND ".join(clauses) + "))" if clauses else "1"), params


def require_events(store) -> None:
    """Raise ``StoreError`` naming the fix when the store holds no events."""
    if store.db.execute("SELECT 1 FROM events LIMIT 1").fetchone():
        return
    documents = store.count()
    if not documents:
        raise StoreError(f"the store {store.path} has no documents", f"run `tieline ingest PATH --db {store.path}` first")
    raise StoreError(
        f"the store {store.path} has {documents} documents but no events",
        f"run `tieline ingest PATH --db {store.path}` with the events stage (`tieline stages` lists it)",
    )


def resolve_actor(store, name: str, by_country: bool = True) -> str:
    """The stored spelling of actor ``name`` (an id, or with ``by_country`` a country code).

    Raises ``ConfigError`` that names the ids found for that name (``China`` -> ``CHN``).
    """
    columns = ("actor_id", "country") if by_country else ("actor_id",)
    for spelling in dict.fromkeys((name, name.upper())):  # as given, then as a code: found through the indexes
        for column in columns:
            if store.db.execute(f"SELECT 1 FROM event_actors WHERE {column} = ? LIMIT 1", (spelling,)).fetchone():
                return spelling
    for column in columns:  # any other case: a scan
        row = store.db.execute(f"SELECT {column} FROM event_actors WHERE {column} = ? COLLATE NOCASE LIMIT 1", (name,)).fetchone()
        if row:
            return row[0]
    raise ConfigError(f"no events with the actor {name!r} in {store.path}", _suggestion(store, name))


def _suggestion(store, name: str) -> str:
    """Which ids to use instead of ``name``: countries of that name, then stored actors named like it."""
    found = dict(_country_codes(name))
    rows = store.db.execute(
        """SELECT actor_id, name, count(*) AS n FROM event_actors WHERE name LIKE ? AND actor_id IS NOT NULL
           GROUP BY actor_id ORDER BY n DESC LIMIT 5""",
        (f"%{name}%",),
    )
    for row in rows:
        found.setdefault(row["actor_id"], row["name"])
    if found:
        return "actors are matched by id: try " + ", ".join(f"{code} ({label})" for code, label in found.items())
    busiest = [row[0] for row in store.db.execute(
        "SELECT actor_id FROM event_actors WHERE actor_id IS NOT NULL GROUP BY actor_id ORDER BY count(*) DESC LIMIT 8")]
    return f"actors are matched by id (ISO-3 codes for states: CHN, RUS, USA); the store's busiest: {', '.join(busiest)}"


def _country_codes(name: str) -> list[tuple[str, str]]:
    """ISO-3 codes whose country name, alias or adjective is ``name`` (any case)."""
    from ..resources import table

    wanted = name.strip().lower()
    return [
        (row["iso3"], row["name"]) for row in table("actors/countries.tsv")
        if wanted in {value.strip().lower() for column in ("name", "aliases", "adjectives")
                      for value in (row.get(column) or "").split("|") if value.strip()}
    ]


def _matches(alias: str, name: str, by_country: bool) -> tuple[str, list]:
    """SQL true when actor ``alias`` (``s`` or ``t``) is ``name``."""
    if by_country:
        return f"({alias}.actor_id = ? OR {alias}.country = ?)", [name, name]
    return f"{alias}.actor_id = ?", [name]


def _events_of(name: str, by_country: bool) -> tuple[str, list]:
    """The ids of the events ``name`` takes part in, from the ``event_actors`` indexes alone."""
    if by_country:
        return ("SELECT event_id FROM event_actors WHERE actor_id = ? "
                "UNION SELECT event_id FROM event_actors WHERE country = ?"), [name, name]
    return "SELECT event_id FROM event_actors WHERE actor_id = ?", [name]


def _actor_sql(a: str | None, b: str | None, directed: bool, by_country: bool) -> tuple[str, list]:
    """The WHERE clause picking events between ``a`` and ``b`` (``b`` None: any partner). The
    events of ``a`` (and ``b``) are found first through the indexes, so that a pair among a
    million events reads only its own."""
    if a is None:
        return "1", []
    candidates, params = _events_of(a, by_country)
    if b is not None:
        other, other_params = _events_of(b, by_country)
        candidates, params = f"{candidates} INTERSECT {other}", params + other_params
    parts = []
    for side_a, side_b in [("s", "t")] if directed else [("s", "t"), ("t", "s")]:
        sql, values = _matches(side_a, a, by_country)
        if b is not None:
            other, other_values = _matches(side_b, b, by_country)
            sql, values = f"({sql} AND {other})", values + other_values
        parts.append(sql)
        params.extend(values)
    return f"e.event_id IN ({candidates}) AND (" + " OR ".join(parts) + ")", params


def _label(actor_id: str | None, country: str | None, asked: tuple[str | None, ...], by_country: bool) -> str | None:
    """What one side of a dyad is counted as."""
    for name in asked:
        if name is not None and (actor_id == name or (by_country and country == name)):
            return name
    return (country if by_country and country else None) or actor_id


#: A pair's dyads from ``event_pairs`` (each side already labelled by its country, else its id),
#: in ``Dyad``'s field order.
_PAIR_DYADS = """
    SELECT e.event_id, e.document_id, coalesce(d.story, c.story, d.duplicate_of, d.id) AS story,
           e.date, e.quad_class, e.goldstein, p.source, p.target
    FROM event_pairs p
    JOIN events e ON e.event_id = p.event_id
    JOIN documents d ON d.id = e.document_id
    LEFT JOIN documents c ON c.id = d.duplicate_of
    WHERE ({pairs}) AND {where}
    ORDER BY e.date, e.event_id, p.rowid
"""
#: An ISO-3 country code, as actors of states are stored.
COUNTRY = re.compile(r"[A-Z]{3}")


def dyads(store, a=None, b=None, *, directed=False, by_country=True, include=("factual",), since=None, until=None,
          use_pairs: bool = True) -> list[Dyad]:
    """Every dyad of the counted events between ``a`` and ``b``, once per event and labelled pair;
    the events of a document the dedup stage marked as a copy are kept in the store but not counted.
    Two countries are read from ``event_pairs`` (its labels are the ones counted here); anything
    else from the events' actors."""
    if use_pairs and by_country and a and b and a != b and COUNTRY.fullmatch(a) and COUNTRY.fullmatch(b):
        return _country_dyads(store, a, b, directed, include, since, until)
    where, params = [include_sql(include), "d.duplicate_of IS NULL"], []  # a copy's events are its original's
    for sql, values in (dates_sql(since, until), _actor_sql(a, b, directed, by_country)):
        where.append(sql)
        params.extend(values)
    seen, found = set(), []
    for row in store.db.execute(_DYADS.format(where=" AND ".join(where)), params):
        source = _label(row["s_id"], row["s_country"], (a, b), by_country)
        target = _label(row["t_id"], row["t_country"], (b, a), by_country)
        key = (row["event_id"], source, target)
        if source is None or target is None or source == target or key in seen or not _between(source, target, a, b, directed):
            continue
        seen.add(key)
        found.append(Dyad(row["event_id"], row["document_id"], row["story"], row["date"], row["quad_class"],
                          row["goldstein"], source, target))
    return found


def _country_dyads(store, a: str, b: str, directed: bool, include, since, until) -> list[Dyad]:
    pairs = "p.source = ? AND p.target = ?" if directed else "(p.source = ? AND p.target = ?) OR (p.source = ? AND p.target = ?)"
    params: list = [a, b] if directed else [a, b, b, a]
    dates, date_params = dates_sql(since, until)
    sql = _PAIR_DYADS.format(pairs=pairs, where=" AND ".join([include_sql(include), "d.duplicate_of IS NULL", dates]))
    cursor = store.db.cursor()
    cursor.row_factory = None  # plain tuples, in Dyad's field order
    return [Dyad._make(row) for row in cursor.execute(sql, params + date_params)]


#: A country's partners counted from ``event_pairs`` (the ``pairs`` columns; ``event_ids`` as text).
_PARTNERS = """
    SELECT ? AS a, partner AS b, count(*) AS events, sum(outgoing) AS a_to_b, count(*) - sum(outgoing) AS b_to_a,
           sum(quad_class = 1) AS q1, sum(quad_class = 2) AS q2, sum(quad_class = 3) AS q3, sum(quad_class = 4) AS q4,
           sum(goldstein) AS goldstein_total, count(goldstein) AS scored, count(DISTINCT story) AS stories,
           count(DISTINCT document_id) AS documents, min(date) AS first, max(date) AS last,
           group_concat(event_id, ' ') AS event_ids
    FROM (
        SELECT CASE WHEN p.source = ? THEN p.target ELSE p.source END AS partner, p.source = ? AS outgoing,
               e.event_id, e.document_id, e.date, e.quad_class, e.goldstein,
               coalesce(d.story, c.story, d.duplicate_of, d.id) AS story
        FROM event_pairs p
        JOIN events e ON e.event_id = p.event_id
        JOIN documents d ON d.id = e.document_id
        LEFT JOIN documents c ON c.id = d.duplicate_of
        WHERE (p.source = ? OR p.target = ?) AND p.source != p.target AND {where}
        ORDER BY e.date, e.event_id, p.rowid
    )
    GROUP BY partner
"""


def country_partner_rows(store, actor: str, include, since, until) -> list[dict]:
    """Every partner of country ``actor`` with the counts of ``pairs`` (unsorted), in one query."""
    dates, date_params = dates_sql(since, until)
    sql = _PARTNERS.format(where=" AND ".join([include_sql(include), "d.duplicate_of IS NULL", dates]))
    rows = []
    for row in store.db.execute(sql, [actor] * 5 + date_params):
        total = round(row["goldstein_total"] or 0.0, 3)
        quads = {f"q{n}": row[f"q{n}"] or 0 for n in (1, 2, 3, 4)}
        rows.append({
            "a": actor, "b": row["b"], "events": row["events"], "a_to_b": row["a_to_b"], "b_to_a": row["b_to_a"],
            **quads, "goldstein_sum": total,
            "goldstein_mean": round(total / row["scored"], 3) if row["scored"] else None,
            "net_cooperation_count": quads["q1"] + quads["q2"] - quads["q3"] - quads["q4"],
            "net_cooperation_goldstein": total, "stories": row["stories"], "documents": row["documents"],
            "first": row["first"], "last": row["last"], "event_ids": row["event_ids"].split(" "),
        })
    return rows


def _between(source: str, target: str, a: str | None, b: str | None, directed: bool) -> bool:
    """True when the labelled pair is one asked for."""
    if a is None:
        return True
    if directed:
        return source == a and (b is None or target == b)
    return (source == a and (b is None or target == b)) or (target == a and (b is None or source == b))
