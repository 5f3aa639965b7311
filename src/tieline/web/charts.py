"""Vega-Lite specs and the cytoscape network, built as data from query rows.

The pages embed these as JSON; ``static/tieline.js`` hands each spec to the vendored vega-embed
(``mode: "vega-lite"``, so no spec names a schema URL) and each network to the vendored
cytoscape. Nothing here draws: the libraries do.

    >>> spec = timeline_spec([{"period": "2024-03", "quad_class": 4, "events": 3, "goldstein_sum": -28.0}])
    >>> spec["mark"]["type"], spec["data"]["values"][0]["quad"]
    ('bar', 'material conflict')
"""

from __future__ import annotations

#: Quad classes (docs/relations.md): 1 and 2 cooperation, 3 and 4 conflict.
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
COLOURS = {1: "#74a9cf", 2: "#0570b0", 3: "#fc8d59", 4: "#b30000"}

_QUAD_COLOUR = {
    "field": "quad", "type": "nominal", "title": "quad class", "sort": list(QUADS.values()),
    "scale": {"domain": list(QUADS.values()), "range": list(COLOURS.values())},
}


def _base(title: str, values: list[dict]) -> dict:
    """What every spec has: its data inline, the width of its container."""
    return {"title": title, "width": "container", "data": {"values": values},
            "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}}}


def _period(value: str | None) -> str:
    return value or "undated"


def timeline_spec(rows: list[dict]) -> dict:
    """Events of the corpus per period, stacked by quad class (``queries.timeline_rows``)."""
    values = [{"period": _period(r["period"]), "quad": QUADS.get(r["quad_class"], "unknown"), "events": r["events"],
               "goldstein": r["goldstein_sum"]} for r in rows]
    return {
        **_base("Events per month by quad class", values),
        "height": 220,
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": None},
            "y": {"aggregate": "sum", "field": "events", "type": "quantitative", "title": "events"},
            "color": _QUAD_COLOUR,
        },
    }


def _direction_values(rows: list[dict]) -> list[dict]:
    """One value per period, direction and quad class with events (``relation_rows``, long form)."""
    return [
        {"period": _period(r["period"]), "direction": f"{r['source']} → {r['target']}", "quad": QUADS[n],
         "events": r[f"q{n}"], "goldstein": r["goldstein_sum"]}
        for r in rows for n in QUADS if r[f"q{n}"]
    ]


def pair_spec(rows: list[dict], a: str, b: str) -> dict:
    """A pair per month: events by quad class, one row of bars per direction, then the summed
    Goldstein score per direction (``relation_rows`` of the pair)."""
    goldstein = [{"period": _period(r["period"]), "direction": f"{r['source']} → {r['target']}",
                  "goldstein": r["goldstein_sum"]} for r in rows]
    return {
        "title": f"{a} and {b}: what each did to the other",
        "config": {"font": "system-ui, sans-serif"},
        "vconcat": [
            {"data": {"values": _direction_values(rows)}, "height": 120, "width": 600,
             "mark": {"type": "bar", "tooltip": True},
             "encoding": {"x": {"field": "period", "type": "ordinal", "title": None},
                          "y": {"aggregate": "sum", "field": "events", "type": "quantitative", "title": "events"},
                          "row": {"field": "direction", "type": "nominal", "title": None},
                          "color": _QUAD_COLOUR}},
            {"data": {"values": goldstein}, "height": 140, "width": 600,
             "title": "summed Goldstein score (cooperation above 0, conflict below)",
             "mark": {"type": "line", "point": True, "tooltip": True},
             "encoding": {"x": {"field": "period", "type": "ordinal", "title": None},
                          "y": {"field": "goldstein", "type": "quantitative", "title": "Goldstein"},
                          "color": {"field": "direction", "type": "nominal", "title": "direction"}}},
        ],
        "resolve": {"scale": {"color": "independent"}},
    }


def network(actor: dict, partners: list[dict], names: dict[str, str] | None = None) -> dict:
    """Cytoscape elements: the actor in the middle, each partner a node (labelled with its name from
    ``names``), each pair an edge weighted by its events and coloured by its balance (``pair_rows``)."""
    centre = actor["actor_id"]
    nodes = [{"data": {"id": centre, "label": actor.get("name") or centre, "centre": 1}}]
    edges = []
    for row in partners:
        other = row["b"] if row["a"] == centre else row["a"]
        nodes.append({"data": {"id": other, "label": (names or {}).get(other, other), "centre": 0}})
        edges.append({"data": {"id": f"{centre}--{other}", "source": centre, "target": other, "events": row["events"],
                               "balance": _balance(row["net_cooperation_count"])}})
    return {"elements": {"nodes": nodes, "edges": edges}}


def _balance(net: int) -> str:
    return "cooperation" if net > 0 else "conflict" if net < 0 else "even"
