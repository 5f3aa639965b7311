"""Relations over time: per pair of actors and period, what they did to each other.

Each row counts the events from one actor (``source``) to another (``target``) in one period,
by quad class (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
conflict), with a net cooperation score by count and by Goldstein weight, the distinct
stories and documents that report them, and the events' ids. The two directions of a pair are
rows of their own. See docs/relations.md.

    >>> from tieline.store import Store
    >>> from tieline.testing import make_doc
    >>> store = Store(":memory:")
    >>> doc = make_doc("Xi met Putin.", published="2024-03-05")
    >>> doc.events = [{"id": doc.id + ":e1", "type": "CONSULT", "quad_class": 1, "goldstein": 1.0,
    ...                "source": [{"id": "CHN", "country": "CHN"}], "target": [{"id": "RUS", "country": "RUS"}]}]
    >>> with store.transaction():
    ...     store.save(doc, {})
    >>> row = relation_rows(store, "CHN", "RUS")[0]
    >>> row["period"], row["source"], row["target"], row["q1"], row["stories"]
    ('2024-03', 'CHN', 'RUS', 1, 1)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..errors import ConfigError
from .periods import check_period, period
from .query import COUNTRY, Dyad, country_partner_rows, dyads, require_events, resolve_actor

#: Columns of ``relations``, in order.
COLUMNS = (
    "period", "source", "target", "events", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean",
    "net_cooperation_count", "net_cooperation_goldstein", "stories", "documents", "event_ids",
)

#: Columns of ``pairs``, in order.
PAIR_COLUMNS = (
    "a", "b", "events", "a_to_b", "b_to_a", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean",
    "net_cooperation_count", "net_cooperation_goldstein", "stories", "documents", "first", "last", "event_ids",
)


@dataclass
class Tally:
    """The counts of a set of dyads."""

    quads: Counter = field(default_factory=Counter)
    goldstein: list[float] = field(default_factory=list)
    stories: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    event_ids: list[str] = field(default_factory=list)

    def add(self, dyad: Dyad) -> None:
        self.quads[dyad.quad_class] += 1
        if dyad.goldstein is not None:
            self.goldstein.append(dyad.goldstein)
        self.stories.add(dyad.story)
        self.documents.add(dyad.document_id)
        if dyad.date:
            self.dates.add(dyad.date)
        self.event_ids.append(dyad.event_id)

    def counts(self) -> dict:
        """Every count column of a row."""
        quads = {f"q{n}": self.quads[n] for n in (1, 2, 3, 4)}
        total = round(sum(self.goldstein), 3)
        return {
            "events": len(self.event_ids),
            **quads,
            "goldstein_sum": total,
            "goldstein_mean": round(total / len(self.goldstein), 3) if self.goldstein else None,
            "net_cooperation_count": quads["q1"] + quads["q2"] - quads["q3"] - quads["q4"],
            "net_cooperation_goldstein": total,
            "stories": len(self.stories),
            "documents": len(self.documents),
            "event_ids": list(self.event_ids),
        }


def checked_actors(store, a: str | None, b: str | None, by_country: bool) -> tuple[str | None, str | None]:
    """``a`` and ``b`` as stored (``chn`` -> ``CHN``), after checking the store has events."""
    require_events(store)
    a = resolve_actor(store, a, by_country) if a else None
    b = resolve_actor(store, b, by_country) if b else None
    if a is not None and a == b:
        raise ConfigError(f"{a} and {b} are the same actor", "give two different actors, or only one for all its partners")
    return a, b


def relation_rows(
    store, a: str, b: str | None = None, by: str = "month", directed: bool = False,
    include: str | Iterable[str] | None = ("factual",), since: str | None = None, until: str | None = None,
    by_country: bool = True,
) -> list[dict]:
    """The rows of ``relations`` as plain dicts (periods in order, undated last)."""
    check_period(by)
    a, b = checked_actors(store, a, b, by_country)
    tallies: dict[tuple, Tally] = {}
    found = dyads(store, a, b, directed=directed, by_country=by_country, include=include, since=since, until=until)
    periods: dict[str | None, str | None] = {}  # a day's period, worked out once per day
    for dyad in found:
        day = dyad.date
        when = periods[day] if day in periods else periods.setdefault(day, period(day, by))
        key = (when, dyad.source, dyad.target)
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = Tally()
        tally.add(dyad)
    order = sorted(tallies, key=lambda key: (key[0] is None, key[0] or "", key[1], key[2]))
    return [{"period": key[0], "source": key[1], "target": key[2], **tallies[key].counts()} for key in order]


def relations(
    store, a: str, b: str | None = None, by: str = "month", directed: bool = False,
    include: str | Iterable[str] | None = ("factual",), since: str | None = None, until: str | None = None,
    by_country: bool = True,
):
    """Per period and direction, the events between ``a`` and ``b`` (every partner when ``b`` is None).

    ``by``: ``day`` (``YYYY-MM-DD``), ``week`` (``YYYY-Www``, ISO), ``month`` (``YYYY-MM``),
    ``quarter`` (``YYYY-Qn``) or ``year`` (``YYYY``);
    undated events are counted in period ``None``. ``directed=True`` keeps only ``a -> b``.
    ``include``: the kinds of event counted (``factual`` and any of ``negated``, ``hypothetical``,
    ``future``, ``claimed``, ``historical``; ``all``). ``since``/``until``: inclusive, ``YYYY[-MM[-DD]]``.
    ``by_country``: people and bodies count for their country (Xi Jinping for CHN).
    Returns a ``pandas.DataFrame`` with ``COLUMNS``.
    """
    rows = relation_rows(store, a, b, by, directed, include, since, until, by_country)
    return frame(rows, COLUMNS)


def pair_rows(
    store, actor: str | None = None, limit: int | None = 20, include: str | Iterable[str] | None = ("factual",),
    since: str | None = None, until: str | None = None, by_country: bool = True, use_pairs: bool = True,
) -> list[dict]:
    """The rows of ``pairs`` as plain dicts, busiest first (a country's, counted in SQL over
    ``event_pairs``; anything else from its dyads)."""
    actor, _ = checked_actors(store, actor, None, by_country)
    if use_pairs and actor and by_country and COUNTRY.fullmatch(actor):
        rows = country_partner_rows(store, actor, include, since, until)
        rows.sort(key=lambda row: (-row["events"], -row["stories"], row["a"], row["b"]))
        return rows[:limit] if limit else rows
    tallies: dict[tuple, Tally] = {}
    directions: Counter = Counter()
    for dyad in dyads(store, actor, by_country=by_country, include=include, since=since, until=until):
        pair = _pair(dyad, actor)
        tallies.setdefault(pair, Tally()).add(dyad)
        directions[pair, dyad.source == pair[0]] += 1
    rows = [_pair_row(pair, tally, directions) for pair, tally in tallies.items()]
    rows.sort(key=lambda row: (-row["events"], -row["stories"], row["a"], row["b"]))
    return rows[:limit] if limit else rows


def _pair(dyad: Dyad, actor: str | None) -> tuple[str, str]:
    """The pair a dyad belongs to: ``(actor, partner)``, else its two sides in order."""
    if actor:
        return actor, dyad.target if dyad.source == actor else dyad.source
    return tuple(sorted((dyad.source, dyad.target)))


def _pair_row(pair: tuple[str, str], tally: Tally, directions: Counter) -> dict:
    counts = tally.counts()
    first, last = (min(tally.dates), max(tally.dates)) if tally.dates else (None, None)
    row = {"a": pair[0], "b": pair[1], **counts, "a_to_b": directions[pair, True], "b_to_a": directions[pair, False],
           "first": first, "last": last}
    return {column: row[column] for column in PAIR_COLUMNS}


def pairs(
    store, actor: str | None = None, limit: int | None = 20, include: str | Iterable[str] | None = ("factual",),
    since: str | None = None, until: str | None = None, by_country: bool = True,
):
    """The busiest pairs (of ``actor``, or of the whole store), both directions together, with their balance.

    ``a_to_b`` and ``b_to_a`` count each direction; the other columns are those of ``relations``
    over every period, plus the ``first`` and ``last`` dates. Returns a ``pandas.DataFrame``.
    """
    return frame(pair_rows(store, actor, limit, include, since, until, by_country), PAIR_COLUMNS)


def frame(rows: list[dict], columns: Iterable[str]):
    """``rows`` as a ``pandas.DataFrame`` with ``columns``; ``period`` keeps None for undated events."""
    import pandas as pd

    table = pd.DataFrame(rows, columns=list(columns))
    if "period" in table.columns:
        table["period"] = pd.Series([row["period"] for row in rows], dtype=object, index=table.index)
    return table
