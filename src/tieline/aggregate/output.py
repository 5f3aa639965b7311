"""Relations rows for people and for pipes: a terminal table, CSV, JSON.

    >>> rows = [{"period": "2024-03", "source": "CHN", "target": "RUS", "events": 2, "q1": 1, "q2": 1, "q3": 0,
    ...          "q4": 0, "goldstein_sum": 4.4, "goldstein_mean": 2.2, "net_cooperation_count": 2,
    ...          "net_cooperation_goldstein": 4.4, "stories": 1, "documents": 2, "event_ids": ["d:e1", "d:e2"]}]
    >>> print(table(rows))
    period   direction  events  q1  q2  q3  q4  net  goldstein  mean  stories  documents
    2024-03  CHN->RUS        2   1   1   0   0   +2       +4.4  +2.2        1          2
"""

from __future__ import annotations

import csv
import io
import json

from .relations import COLUMNS

#: The terminal table: header, and how each cell is made from a row.
_CELLS = {
    "period": lambda row: row["period"] or "none",
    "direction": lambda row: f"{row['source']}->{row['target']}",
    "events": lambda row: str(row["events"]),
    **{q: (lambda row, q=q: str(row[q])) for q in ("q1", "q2", "q3", "q4")},
    "net": lambda row: f"{row['net_cooperation_count']:+d}",
    "goldstein": lambda row: f"{row['net_cooperation_goldstein']:+.1f}",
    "mean": lambda row: "-" if row["goldstein_mean"] is None else f"{row['goldstein_mean']:+.1f}",
    "stories": lambda row: str(row["stories"]),
    "documents": lambda row: str(row["documents"]),
}

_LEFT = ("period", "direction")


def table(rows: list[dict]) -> str:
    """A table a person reads: one line per period and direction, numbers right-aligned."""
    return grid(rows, _CELLS, _LEFT)


def grid(rows: list[dict], cells: dict, left=()) -> str:
    """Rows as aligned text: ``cells`` maps each header to how its cell is made from a row;
    the columns named in ``left`` are left-aligned, the others right-aligned.

    >>> print(grid([{"n": 3, "name": "China"}], {"name": lambda r: r["name"], "n": lambda r: str(r["n"])}, ("name",)))
    name   n
    China  3
    """
    made = [[make(row) for make in cells.values()] for row in rows]
    widths = [max(len(name), *(len(line[i]) for line in made)) for i, name in enumerate(cells)]
    return "\n".join(
        "  ".join(cell.ljust(width) if name in left else cell.rjust(width)
                  for name, cell, width in zip(cells, line, widths)).rstrip()
        for line in [list(cells), *made]
    )


def to_csv(rows: list[dict], columns=COLUMNS) -> str:
    """CSV with ``columns`` (every column of ``relations`` by default); a list (event ids, sources)
    is one cell of space-separated items, None an empty cell.

    >>> print(to_csv([{"id": "d:e1", "sources": ["CHN", "RUS"], "date": None}], ("id", "sources", "date")), end="")
    id,sources,date
    d:e1,CHN RUS,
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: " ".join(map(str, value)) if isinstance(value, list) else value for key, value in row.items()})
    return out.getvalue()


def to_json(rows: list[dict]) -> str:
    """A JSON array of the rows (undated events: ``"period": null``)."""
    return json.dumps(rows, ensure_ascii=False, indent=2)


def footnote(rows: list[dict], include) -> str:
    """What was counted, for stderr: the kinds of event, and how many have no date."""
    from .query import KINDS, kinds

    counted = kinds(include)
    more = "" if len(counted) == len(KINDS) else "; other kinds with --include"
    if not rows:
        return f"no {', '.join(counted)} events between them{more}"
    undated = sum(row["events"] for row in rows if row["period"] is None)
    note = f"counted: {', '.join(counted)} events ({sum(row['events'] for row in rows)}){more}"
    return note + (f"; undated: {undated} (period none)" if undated else "")
