"""The GDELT 2.0 event table: its 61 columns in the codebook's order, tab-separated, no header,
then tieline's own columns (``EXTRA_COLUMNS``). docs/exports.md maps each column to its field.

One row per dyad (source, target) of each event, as GDELT codes one Actor1 and one Actor2; an
event without a target is one row with Actor2 empty. Events of a document marked as a copy are
not rows of their own: the copy counts in its original's NumArticles. Every kind of event is
written; the flags are the extra columns (keep ``Factual`` = 1 for what GDELT would code).

    >>> len(GDELT_COLUMNS), GDELT_COLUMNS[:5], GDELT_COLUMNS[-2:]
    (61, ('GlobalEventID', 'Day', 'MonthYear', 'Year', 'FractionDate'), ('DATEADDED', 'SOURCEURL'))
    >>> fraction_date("2024-07-01")
    '2024.4973'
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..events import dyads
from ..store.event_tables import FLAGS
from .event_records import EventRecord, event_records

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

#: The GDELT 2.0 event table's columns, in the order of the GDELT Event Codebook V2.0.
GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR), *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{name}" for who in ("Actor1", "Actor2", "Action") for name in _GEO),
    "DATEADDED", "SOURCEURL",
)

#: tieline's columns after GDELT's.
EXTRA_COLUMNS = (
    "TielineEventID", "DocumentID", "Actor1ID", "Actor2ID", "PloverType", "PloverMode", "Intensity",
    "Negated", "Hypothetical", "Future", "Claimed", "Historical", "Factual", "ClaimedBy",
    "TriggerStart", "TriggerEnd", "Trigger", "SentenceStart", "SentenceEnd", "Sentence",
)

COLUMNS = GDELT_COLUMNS + EXTRA_COLUMNS



def factual_flags(event: dict) -> list[int]:
    """The five flags and ``factual`` as 0/1 (``factual``: none of the flags, unless the event says).

    >>> factual_flags({"hypothetical": True})
    [0, 1, 0, 0, 0, 0]
    """
    flags = [int(bool(event.get(flag))) for flag in FLAGS]
    factual = event.get("factual")
    return [*flags, int(not any(flags)) if factual is None else int(bool(factual))]


def fraction_date(day: str) -> str:
    """GDELT's FractionDate: the year plus the share of it gone by (``YYYY.FFFF``)."""
    when = date.fromisoformat(day)
    days = 366 if when.year % 4 == 0 and (when.year % 100 or when.year % 400 == 0) else 365
    return f"{when.year + (when.timetuple().tm_yday - 1) / days:.4f}"


def _dates(day: str | None) -> list[str]:
    """Day, MonthYear, Year and FractionDate; empty for an undated event."""
    if not day:
        return ["", "", "", ""]
    return [day.replace("-", ""), day[:7].replace("-", ""), day[:4], fraction_date(day)]


def _actor(actor: dict | None) -> list[str]:
    """The ten Actor columns: CAMEO-style code (country + role), name, country, role as Type1."""
    if not actor:
        return [""] * len(_ACTOR)
    country, role = actor.get("country") or "", actor.get("role") or ""
    return [country + role, actor.get("name") or "", country, "", "", "", "", role, "", ""]


def _codes(cameo: str | None) -> list[str]:
    """EventCode, EventBaseCode, EventRootCode from the CAMEO code (``"0231"`` -> 0231, 023, 02)."""
    cameo = cameo or ""
    return [cameo, cameo[:3], cameo[:2]]


def _number(value) -> str:
    return "" if value is None else str(value)


def _row(number: int, record: EventRecord, source: dict | None, target: dict | None) -> list[str]:
    event = record.event
    gdelt = [
        str(number), *_dates(record.date), *_actor(source), *_actor(target),
        str(int(record.is_root)), *_codes(event.get("cameo")), _number(event.get("quad_class")),
        _number(event.get("goldstein")), *[str(record.articles)] * 3, "",
        *(["0", "", "", "", "", "", "", ""] * 3),
        record.added.replace("-", "").replace("T", "").replace(":", "")[:14], record.url or "",
    ]
    flags = [str(value) for value in factual_flags(event)]
    extra = [
        event.get("id") or "", record.document_id, (source or {}).get("id") or "", (target or {}).get("id") or "",
        event.get("type") or "", event.get("mode") or "", _number(event.get("intensity")), *flags,
        event.get("claimed_by") or "", _number(event.get("trigger_start")), _number(event.get("trigger_end")),
        event.get("trigger") or "", _number(event.get("sentence_start")), _number(event.get("sentence_end")),
        record.sentence,
    ]
    return [" ".join(cell.split()) for cell in gdelt + extra]


def rows(store) -> list[list[str]]:
    """Every row of the table, as strings (empty where tieline has nothing)."""
    found = []
    for record in event_records(store):
        pairs = list(dyads(record.event)) or [((record.event.get("source") or [None])[0], None)]
        for source, target in pairs:
            found.append(_row(len(found) + 1, record, source, target))
    return found


def write(store, out: Path, header: bool = False) -> list[Path]:
    """Write the table to the file ``out`` (GDELT's files have no header row; ``header`` adds one)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        if header:
            handle.write("\t".join(COLUMNS) + "\n")
        for row in rows(store):
            handle.write("\t".join(row) + "\n")
    return [out]
