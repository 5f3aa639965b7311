"""The actor network as GEXF 1.3 for Gephi: actors are nodes, pairs are directed edges.

Nodes and edges come from the same dyads as ``tieline relations`` (factual events, a copy
counted once, people and bodies counted for their country). A node carries its name, type,
country, Wikidata id and event count; an edge its event count (``weight``), summed Goldstein
score and counts by quad class. Each month with events is a spell of the node and the edge, and
the monthly counts are dynamic attributes, so Gephi's timeline plays the network month by month.

    >>> month_spell("2024-02")
    ('2024-02-01', '2024-02-29')
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from pathlib import Path


def month_spell(month: str) -> tuple[str, str]:
    """The first and last day of ``YYYY-MM``."""
    year, number = int(month[:4]), int(month[5:7])
    return f"{month}-01", f"{month}-{calendar.monthrange(year, number)[1]:02d}"


def _actor_attributes(store) -> dict[str, dict]:
    """What the store knows about each actor id, for node attributes."""
    rows = store.db.execute("SELECT actor_id, name, type, country, wikidata FROM actors")
    return {row["actor_id"]: dict(row) for row in rows}


def _tallies(store, include):
    """Per directed pair and month, a ``Tally`` of its dyads (``tieline.aggregate``)."""
    from ..aggregate.query import dyads
    from ..aggregate.relations import Tally

    tallies: dict[tuple, dict[str | None, Tally]] = defaultdict(dict)
    for dyad in dyads(store, include=include):
        month = dyad.date[:7] if dyad.date else None
        tallies[dyad.source, dyad.target].setdefault(month, Tally()).add(dyad)
    return tallies


def _spells(months) -> list[tuple[str, str]]:
    return [month_spell(month) for month in sorted(m for m in months if m)]


def _edge(by_month: dict) -> dict:
    """Edge attributes: totals, quad classes, and per-month counts as dynamic attributes."""
    from ..aggregate.relations import Tally

    total = Tally()
    for tally in by_month.values():
        for name in ("goldstein", "event_ids"):
            getattr(total, name).extend(getattr(tally, name))
        total.quads.update(tally.quads)
        total.stories |= tally.stories
    counts = total.counts()
    dated = sorted(month for month in by_month if month)
    attributes = {
        "weight": float(counts["events"]), "goldstein": float(counts["goldstein_sum"]),
        **{q: counts[q] for q in ("q1", "q2", "q3", "q4")}, "stories": counts["stories"],
        "undated": by_month[None].counts()["events"] if None in by_month else 0,
    }
    if dated:
        attributes["spells"] = _spells(dated)
        attributes["monthly_events"] = [(by_month[m].counts()["events"], *month_spell(m)) for m in dated]
        attributes["monthly_goldstein"] = [(float(by_month[m].counts()["goldstein_sum"]), *month_spell(m)) for m in dated]
    return attributes


def graph(store, include=("factual",)):
    """The ``networkx.DiGraph`` that ``write`` saves."""
    import networkx as nx

    known = _actor_attributes(store)
    network = nx.DiGraph(mode="dynamic")
    node_months: dict[str, set] = defaultdict(set)
    node_events: dict[str, set] = defaultdict(set)
    for (source, target), by_month in _tallies(store, include).items():
        network.add_edge(source, target, **_edge(by_month))
        for node in (source, target):
            node_months[node].update(by_month)
            node_events[node].update(e for tally in by_month.values() for e in tally.event_ids)
    for node in network.nodes:
        about = known.get(node, {})
        network.nodes[node].update(
            label=about.get("name") or node, type=about.get("type") or "", country=about.get("country") or "",
            wikidata=about.get("wikidata") or "", events=len(node_events[node]),
        )
        if any(node_months[node]):
            network.nodes[node]["spells"] = _spells(node_months[node])
    return network


def write(store, out: Path) -> list[Path]:
    """Write the network to the file ``out`` (GEXF 1.3)."""
    import networkx as nx

    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(graph(store), out, version="1.3")
    return [out]
