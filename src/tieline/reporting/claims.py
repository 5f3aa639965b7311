"""What did not happen, or not in the writer's voice: the flagged events, listed apart.

An event the events stage flagged negated, hypothetical, announced (``future``), reported
(``claimed``) or background (``historical``) is never counted in the pairs and their charts; here
each is listed once, under its first flag in that order, with its sentence and document.
"""

from __future__ import annotations

from ..store import queries
from ..store.event_tables import FLAGS
from .evidence import FLAG_LABELS, event_item, every_row, spans
from .lookups import sentences

#: The groups, in the order the report lists them, and what each means.
GROUPS = (
    ("negated", "Negated", "the text says it did not happen"),
    ("hypothetical", "Hypothetical", "a condition or a possibility"),
    ("claimed", "Reported claims", "what someone said or alleged, not the writer's own report"),
    ("future", "Announced", "planned or promised, not yet done"),
    ("historical", "Background", "history, not news"),
)

#: The most events listed per group (the counts always cover them all).
PER_GROUP = 60


def flagged(store, copies: set[str]) -> list[dict]:
    """Every flagged event, oldest first, copies of a document left out."""
    rows = every_row(queries.event_rows, store, include=FLAGS)
    return [row for row in rows if row["document_id"] not in copies]


def first_flag(row: dict) -> str:
    """The group an event is listed under: its first flag in ``GROUPS`` order."""
    return next(flag for flag, _, _ in GROUPS if row[flag])


def section(store, copies: set[str], names) -> dict:
    """The flagged section: counts per flag (an event counts under each of its flags) and the lists."""
    rows = flagged(store, copies)
    listed = {flag: [row for row in rows if first_flag(row) == flag] for flag, _, _ in GROUPS}
    found = sentences(store, spans([row for mine in listed.values() for row in mine[:PER_GROUP]]))
    groups = [{"flag": flag, "label": FLAG_LABELS[flag], "title": title, "meaning": meaning, "count": len(listed[flag]),
               "events": [event_item(row, names, found) for row in listed[flag][:PER_GROUP]]}
              for flag, title, meaning in GROUPS]
    counts = [(FLAG_LABELS[flag], title, sum(1 for row in rows if row[flag])) for flag, title, _ in GROUPS]
    return {"events": len(rows), "counts": counts, "groups": groups}
