"""PLOVER/POLECAT-style event records, one JSON object per line (``.jsonl``).

The field names follow the PLOVER gold records (``event``, ``mode``, ``context``, ``actor`` and
``recipient`` as lists of ``{text, code, sector}``, ``event_text``) with POLECAT's dates and
intensity, and tieline's own fields after them: the evidence sentence, its offsets, the flags.
One record per event (compound actors stay lists); a copy's events are counted in ``articles``
of its original, not written again.

    >>> actor({"id": "Q15031", "name": "Xi Jinping", "country": "CHN", "role": "GOV", "mention": "Xi"})
    {'text': 'Xi', 'code': 'CHN', 'sector': 'GOV', 'id': 'Q15031', 'name': 'Xi Jinping', 'wikidata': 'Q15031'}
"""

from __future__ import annotations

import json
from pathlib import Path

from ..store.record_tables import wikidata
from ..store.event_tables import FLAGS
from .event_records import EventRecord, event_records
from .gdelt import factual_flags


def actor(item: dict) -> dict:
    """One actor as PLOVER writes it (``text``, ``code``: country or id, ``sector``), with tieline's ids."""
    return {
        "text": item.get("mention") or item.get("name"),
        "code": item.get("country") or item.get("id"),
        "sector": item.get("role"),
        "id": item.get("id"),
        "name": item.get("name"),
        "wikidata": wikidata(item.get("id")),
    }


def record(found: EventRecord) -> dict:
    """The JSON record of one event."""
    event = found.event
    return {
        "id": event.get("id"),
        "story_date": found.date,
        "event": event.get("type"),
        "mode": event.get("mode"),
        "context": list(event.get("contexts") or []),
        "event_intensity": event.get("intensity"),
        "quad_class": event.get("quad_class"),
        "cameo": event.get("cameo"),
        "goldstein": event.get("goldstein"),
        "actor": [actor(item) for item in event.get("source") or []],
        "recipient": [actor(item) for item in event.get("target") or []],
        "event_text": event.get("trigger"),
        "event_loc": None,
        "text": found.sentence,
        "document_id": found.document_id,
        "url": found.url,
        "articles": found.articles,
        **dict(zip((*FLAGS, "factual"), map(bool, factual_flags(event)))),
        "claimed_by": event.get("claimed_by"),
        "trigger_start": event.get("trigger_start"),
        "trigger_end": event.get("trigger_end"),
        "sentence_start": event.get("sentence_start"),
        "sentence_end": event.get("sentence_end"),
        "rule": event.get("rule"),
        "confidence": event.get("confidence"),
    }


def write(store, out: Path) -> list[Path]:
    """Write one JSON object per event to the file ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for found in event_records(store):
            handle.write(json.dumps(record(found), ensure_ascii=False) + "\n")
    return [out]
