"""The report's charts as Vega-Lite specs: plain dicts with their data inline (``data.values``).

No spec names a URL (no ``data.url``, no ``$schema``): the page renders them with the inlined
vega-embed in ``vega-lite`` mode and needs no network. Every function takes the rows it draws
and returns one spec.

    >>> spec = documents_per_month([("2024-03", 2), ("2024-05", 1)])
    >>> spec["mark"]["type"], [row["documents"] for row in spec["data"]["values"]]
    ('bar', [2, 0, 1])
"""

from __future__ import annotations

#: Quad classes (docs/relations.md): name and colour, cooperation in greens, conflict in reds.
QUADS = {
    1: ("verbal cooperation", "#74c476"),
    2: ("material cooperation", "#238b45"),
    3: ("verbal conflict", "#fd8d3c"),
    4: ("material conflict", "#cb181d"),
}

#: The kinds of quote, in the order their bars stack.
QUOTE_KINDS = ("direct", "partial", "indirect")

#: Charts as wide as the page, and as tall as their rows (pixels per row: a discrete height
#: step would make vega-lite warn that it drops "fit-y").
_FIT_X = {"type": "fit-x", "contains": "padding"}
_ROW = 22

#: A count axis: whole numbers only.
_COUNTS = {"tickMinStep": 1, "format": "d"}

_CONFIG = {"view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12}, "legend": {"orient": "bottom"}}


def _spec(description: str, values: list[dict], **body) -> dict:
    return {"description": description, "data": {"values": values}, "config": _CONFIG, **body}


def month_range(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``.

    >>> month_range("2024-11", "2025-02")
    ['2024-11', '2024-12', '2025-01', '2025-02']
    """
    year, month = int(first[:4]), int(first[5:7])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def documents_per_month(counts: list[tuple[str, int]]) -> dict:
    """Bars: documents per publication month, empty months shown."""
    by_month = dict(counts)
    values = [{"month": m, "documents": by_month.get(m, 0)} for m in month_range(counts[0][0], counts[-1][0])] if counts else []
    return _spec(
        "Documents per month of publication", values, width="container", height=160,
        mark={"type": "bar", "color": "#4c78a8", "tooltip": True},
        encoding={"x": {"field": "month", "type": "ordinal", "title": None, "axis": {"labelAngle": -45}},
                  "y": {"field": "documents", "type": "quantitative", "title": "documents", "axis": _COUNTS}},
    )


def pairs_over_time(values: list[dict], pairs: list[str], periods: list[str]) -> dict:
    """A grid: per pair (rows, busiest first) and month (columns), the events counted, shaded by count.

    ``values``: ``{"pair", "period", "events", "goldstein"}`` rows; ``periods`` in order (``undated`` last).
    """
    encoding = {
        "x": {"field": "period", "type": "ordinal", "title": None, "sort": periods, "scale": {"domain": periods},
              "axis": {"labelAngle": -45}},
        "y": {"field": "pair", "type": "nominal", "title": None, "sort": pairs},
    }
    return _spec(
        "Events per month for the busiest pairs (both directions, what happened only)", values,
        width={"step": 30}, encoding=encoding,
        layer=_heat_layers("events", "blues", dark_above=3),
    )


def _heat_layers(field: str, scheme: str, dark_above: int) -> list[dict]:
    """A heat map's cells coloured by ``field`` and labelled with it (white on the dark cells)."""
    return [
        {"mark": {"type": "rect", "tooltip": True},
         "encoding": {"color": {"field": field, "type": "quantitative", "title": field, "scale": {"scheme": scheme}}}},
        {"mark": {"type": "text", "fontSize": 11},
         "encoding": {"text": {"field": field, "type": "quantitative"},
                      "color": {"condition": {"test": f"datum.{field} > {dark_above}", "value": "white"}, "value": "black"}}},
    ]


def quad_balance(values: list[dict], directions: list[str]) -> dict:
    """Diverging bars: per direction, cooperation to the right and conflict to the left, by quad class.

    ``values``: ``{"direction", "quad", "class", "events", "signed"}`` rows (``signed`` negative for conflict).
    """
    names = [QUADS[n][0] for n in (3, 4, 1, 2)]
    return _spec(
        "Events by quad class per direction: conflict left of zero, cooperation right", values,
        width="container", height=_ROW * len(directions), autosize=_FIT_X,
        mark={"type": "bar", "tooltip": True},
        encoding={
            "y": {"field": "direction", "type": "nominal", "title": None, "sort": directions, "scale": {"domain": directions}},
            "x": {"field": "signed", "type": "quantitative", "aggregate": "sum", "title": "← conflict   events   cooperation →",
                  "axis": _COUNTS},
            "color": {"field": "class", "type": "nominal", "title": None, "sort": names,
                      "scale": {"domain": names, "range": [QUADS[n][1] for n in (3, 4, 1, 2)]}},
            "order": {"field": "quad", "type": "quantitative"},
            "tooltip": [{"field": "direction"}, {"field": "class"}, {"field": "events", "type": "quantitative"}],
        },
    )


def goldstein_balance(values: list[dict], directions: list[str]) -> dict:
    """Bars: per direction, the summed Goldstein score (−10 … +10 per event), green above zero, red below."""
    return _spec(
        "Summed Goldstein score per direction", values, width="container", height=_ROW * len(directions),
        autosize=_FIT_X,
        mark={"type": "bar", "tooltip": True},
        encoding={
            "y": {"field": "direction", "type": "nominal", "title": None, "sort": directions},
            "x": {"field": "goldstein", "type": "quantitative", "title": "summed Goldstein score"},
            "color": {"condition": {"test": "datum.goldstein < 0", "value": QUADS[4][1]}, "value": QUADS[2][1]},
            "tooltip": [{"field": "direction"}, {"field": "goldstein", "type": "quantitative"},
                        {"field": "events", "type": "quantitative"}],
        },
    )


def speakers(values: list[dict], names: list[str]) -> dict:
    """Stacked bars: quotes per speaker (most quoted first), by kind of quote."""
    return _spec(
        "Quotes per speaker, by kind", values, width="container", height=_ROW * len(names), autosize=_FIT_X,
        mark={"type": "bar", "tooltip": True},
        encoding={
            "y": {"field": "speaker", "type": "nominal", "title": None, "sort": names},
            "x": {"field": "quotes", "type": "quantitative", "aggregate": "sum", "title": "quotes", "axis": _COUNTS},
            "color": {"field": "kind", "type": "nominal", "title": None, "sort": list(QUOTE_KINDS),
                      "scale": {"domain": list(QUOTE_KINDS), "range": ["#4c78a8", "#9ecae9", "#bab0ac"]}},
            "order": {"field": "order", "type": "quantitative"},
        },
    )


def quote_topics(values: list[dict], speakers: list[str], actors: list[str]) -> dict:
    """A grid: per speaker (rows) and actor mentioned (columns), how many of the speaker's quotes mention it."""
    encoding = {
        "x": {"field": "actor", "type": "nominal", "title": "actor mentioned in the quote", "sort": actors,
              "axis": {"labelAngle": -45, "orient": "top"}},
        "y": {"field": "speaker", "type": "nominal", "title": None, "sort": speakers},
    }
    return _spec(
        "Actors mentioned in the quotes of the most quoted speakers", values, width={"step": 30}, encoding=encoding,
        layer=_heat_layers("quotes", "purples", dark_above=2),
    )
