"""The busiest pairs: what they did to each other per month, and their balance of cooperation and conflict.

Only what happened counts here (``include=("factual",)``, the query layer's default for pairs):
negated, hypothetical, announced, reported and background events are in ``claims``. Copies of a
document are not counted again (``tieline.aggregate.query.dyads``).
"""

from __future__ import annotations

from ..store import queries
from . import charts
from .evidence import event_item, every_row, spans

#: How many pairs the report follows, and how many of each pair's events it lists.
TOP_PAIRS = 8
EVENTS_PER_PAIR = 20

#: The period label of events whose document has no date.
UNDATED = "undated"


def busiest(store, has_events: bool) -> list[dict]:
    """The busiest pairs of the store, factual events only (none when it has no events)."""
    return queries.pair_rows(store, limit=TOP_PAIRS) if has_events else []


def monthly(store, pair: dict) -> list[dict]:
    """One pair per month and direction (``queries.pair_rows`` with a partner)."""
    return every_row(queries.pair_rows, store, actor=pair["a"], partner=pair["b"], by="month")


def axis(periods: set[str]) -> list[str]:
    """Every month from the first of ``periods`` to the last, ``undated`` last when it is one of them.

    >>> axis({"2025-11", "2026-01", UNDATED})
    ['2025-11', '2025-12', '2026-01', 'undated']
    """
    dated = sorted(periods - {UNDATED})
    found = charts.month_range(dated[0], dated[-1]) if dated else []
    return found + ([UNDATED] if UNDATED in periods else [])


def _directions(pair: dict, rows: list[dict], names: dict[str, str]) -> list[dict]:
    """Both directions of a pair, summed over the months: ``a -> b`` first."""
    found = []
    for source, target in ((pair["a"], pair["b"]), (pair["b"], pair["a"])):
        mine = [row for row in rows if row["source"] == source and row["target"] == target]
        counts = {key: sum(row[key] for row in mine) for key in ("events", "q1", "q2", "q3", "q4", "net_cooperation_count")}
        found.append({"source": source, "target": target, "label": f"{names[source]} → {names[target]}", **counts,
                      "goldstein": round(sum(row["goldstein_sum"] for row in mine), 3)})
    return found


def _evidence(store, pair: dict, names: dict[str, str], cache: dict) -> list[dict]:
    """The first ``EVENTS_PER_PAIR`` events counted for the pair, oldest first."""
    from .lookups import sentences

    actor = pair["a"]
    if actor not in cache:
        cache[actor] = {row["event_id"]: row for row in every_row(queries.event_rows, store, actor=actor, include="factual")}
    ids = list(dict.fromkeys(pair["event_ids"]))[:EVENTS_PER_PAIR]
    rows = [cache[actor][event_id] for event_id in ids if event_id in cache[actor]]
    found = sentences(store, spans(rows))
    return [event_item(row, names, found) for row in rows]


def section(store, busiest_rows: list[dict], names: dict[str, str]) -> dict:
    """The pairs section: per pair its row, both directions and the events behind them; and three charts."""
    cache: dict = {}
    pairs, grid, balance, goldstein, periods = [], [], [], [], set()
    for pair in busiest_rows:
        rows = monthly(store, pair)
        label = f"{names[pair['a']]} – {names[pair['b']]}"
        directions = _directions(pair, rows, names)
        periods.update(row["period"] or UNDATED for row in rows)
        grid.extend(_grid_values(label, rows))
        balance.extend(_quad_values(directions))
        goldstein.extend({"direction": d["label"], "goldstein": d["goldstein"], "events": d["events"]} for d in directions)
        pairs.append({**pair, "label": label, "directions": directions, "unique_events": len(set(pair["event_ids"])),
                      "evidence": _evidence(store, pair, names, cache)})
    return {"pairs": pairs, "charts": _charts(pairs, grid, balance, goldstein, periods)}


def _charts(pairs, grid, balance, goldstein, periods) -> dict:
    if not pairs:
        return {}
    labels = [pair["label"] for pair in pairs]
    directions = [d["label"] for pair in pairs for d in pair["directions"]]
    return {
        "pairs_over_time": charts.pairs_over_time(grid, labels, axis(periods)),
        "quad_balance": charts.quad_balance(balance, directions),
        "goldstein_balance": charts.goldstein_balance(goldstein, directions),
    }


def _grid_values(label: str, rows: list[dict]) -> list[dict]:
    """Events per month for one pair, both directions together."""
    totals: dict[str, dict] = {}
    for row in rows:
        period = row["period"] or UNDATED
        cell = totals.setdefault(period, {"pair": label, "period": period, "events": 0, "goldstein": 0.0})
        cell["events"] += row["events"]
        cell["goldstein"] = round(cell["goldstein"] + row["goldstein_sum"], 3)
    return list(totals.values())


def _quad_values(directions: list[dict]) -> list[dict]:
    """Each direction's events by quad class, conflict as negative numbers."""
    return [
        {"direction": d["label"], "quad": quad, "class": charts.QUADS[quad][0], "events": d[f"q{quad}"],
         "signed": d[f"q{quad}"] if quad <= 2 else -d[f"q{quad}"]}
        for d in directions for quad in (1, 2, 3, 4) if d[f"q{quad}"]
    ]
