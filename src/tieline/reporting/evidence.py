"""What the report shows for one event or quote: its words, its document, and how to find it again.

    >>> highlight("China warned Japan.  ", 6, 12)
    {'before': 'China ', 'trigger': 'warned', 'after': ' Japan.'}
"""

from __future__ import annotations

from typing import Callable

from ..store.event_tables import FLAGS
from ..store.queries import MAX_LIMIT

#: How the report names each flag of docs/events.md.
FLAG_LABELS = {
    "negated": "negated",
    "hypothetical": "hypothetical",
    "future": "announced",
    "claimed": "reported claim",
    "historical": "background",
}


def every_row(query: Callable, store, **filters) -> list[dict]:
    """All the rows of a ``tieline.store.queries`` function, one page of ``MAX_LIMIT`` at a time."""
    rows, offset = [], 0
    while True:
        page = query(store, **filters, limit=MAX_LIMIT, offset=offset)
        rows.extend(page)
        if len(page) < MAX_LIMIT:
            return rows
        offset += MAX_LIMIT


def highlight(sentence: str, start: int | None, end: int | None) -> dict:
    """``sentence`` split around the trigger at ``start:end`` (offsets within the sentence)."""
    if start is None or end is None or not 0 <= start <= end <= len(sentence):
        return {"before": sentence.strip(), "trigger": "", "after": ""}
    return {"before": sentence[:start].lstrip(), "trigger": sentence[start:end], "after": sentence[end:].rstrip()}


def spans(rows: list[dict]) -> list[tuple[str, int, int]]:
    """The evidence sentence of each event row, as ``(document_id, start, end)``."""
    return [(row["document_id"], row["sentence_start"], row["sentence_end"]) for row in rows
            if row["sentence_start"] is not None and row["sentence_end"] is not None]


def event_item(row: dict, names: dict[str, str], sentences: dict) -> dict:
    """One event as the report lists it: who did what to whom, the sentence with its trigger, and the flags."""
    key = (row["document_id"], row["sentence_start"], row["sentence_end"])
    sentence = sentences.get(key, "")
    start = row["sentence_start"] or 0
    offsets = (row["trigger_start"] - start, row["trigger_end"] - start) if row["trigger_start"] is not None else (None, None)
    return {
        "event_id": row["event_id"], "document_id": row["document_id"], "date": row["date"], "type": row["type"],
        "quad_class": row["quad_class"], "goldstein": row["goldstein"],
        "sources": [names[a] for a in row["sources"] if a], "targets": [names[a] for a in row["targets"] if a],
        "flags": [FLAG_LABELS[flag] for flag in FLAGS if row[flag]], "claimed_by": row["claimed_by"],
        "sentence": highlight(sentence, *offsets) if sentence else {"before": row["trigger"] or "", "trigger": "", "after": ""},
    }


def actor_ids(rows: list[dict]) -> set[str]:
    """Every source and target id of these event rows."""
    return {actor for row in rows for actor in (*row["sources"], *row["targets"]) if actor}
