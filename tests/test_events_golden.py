"""The events stage against hand-checked events of the sample corpus (tests/golden/events.jsonl).

Each positive gold line names a trigger (its ``text`` and ``occurrence`` in the clean body), the
PLOVER ``type``, the ``source`` and ``target`` actors and the flags (``negated``, ``hypothetical``,
``future``, ``claimed``, ``historical``); negative lines (``not_event``) name words that look like
triggers but are no event between political actors. Lines marked ``optional`` are neither
required nor false positives. tests/golden/EVENTS.md gives the coding rules.

Matching. A predicted event overlaps a gold line when its [trigger_start, trigger_end) overlaps
the gold span. Each prediction is assigned to one overlapping gold line (positive, optional or
negative): a positive line of its own type first, preferring the line whose factuality (no flag
set) equals the prediction's ``factual``, then the largest overlap.

Actors. A gold actor slot is an ISO-3 code (a state, or the state a person or organ acts for) or,
for an organisation or group, its canonical name. A predicted actor (a dict ``{id, name, type,
country, mention, ...}`` or a bare string) fills a slot when its ``id`` or ``country`` equals
the slot, or when its folded ``name`` or ``mention`` is among the line's names (the slot itself
plus ``source_names`` or ``target_names``); a predicted actor whose id or country is another
ISO-3 code never fills an ISO-3 slot by name. Every gold slot needs its own predicted actor; an
empty gold target requires nothing. CONSULT is symmetric (who visits whom is coded both ways in
practice), so its source and target slots are matched against the predicted source and target
together.

Metrics (all over required lines, that is not ``optional``):

* ``recall``: factual gold events (no flag) with an overlapping prediction of the same type.
* ``factual_recall``: the same, the prediction also ``factual``.
* ``type_accuracy``: of factual gold events with any overlapping prediction, the share whose
  best prediction (same type if any) has the gold type.
* ``actor_accuracy``: of the factual gold events found with the right type, the share whose
  prediction has the right source and target.
* ``precision``: computed only in COMPLETE_FILES, where the gold lists every event between
  political actors. Denominator: every predicted factual event in those documents, except those
  assigned to an ``optional`` line. Numerator: those assigned to a factual gold line of the same
  type. A factual prediction assigned to a flagged line, to a negative line, to a line of
  another type, or to no line at all counts against precision.
* ``precision_with_actors``: the same, where the numerator also needs the right source and target
  (a prediction without a target, where the gold names one, counts against it).
* ``precision_actors_named``: the same, where no actor the prediction names may be wrong: a
  prediction without a target, where the gold names one, is incomplete but not wrong.
* ``flag_accuracy``: of flagged gold events, the share with no factual prediction assigned and,
  if predictions are assigned, at least one carrying one of the gold line's flags.
* ``flagged_reported_as_factual``: the number of flagged gold events with a factual prediction
  assigned (of any type). A flagged event must never be reported as having happened: this is a
  count with a ceiling of 0, not a floor.
* ``negatives_kept_out``: the share of negative lines with no prediction assigned.

A predicted event missing a field is scored as far as it can be: no offsets match nothing, no
``factual`` is derived from the flags, no type matches no gold type. Floors: eval/floors.json,
key ``events_golden`` (``flagged_reported_as_factual`` there is a ceiling).
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from golden_support import ROOT, floors, gold_span, load_gold, source_key

from tieline.actors.names import fold

pytestmark = pytest.mark.model
GOLD = load_gold("events.jsonl")
FLOORS = floors("events_golden")
TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
FLAGS = ("negated", "hypothetical", "future", "claimed", "historical")
CEILINGS = {"flagged_reported_as_factual"}
ISO3 = re.compile(r"[A-Z]{3}")
# The documents whose every event between political actors is a gold line (precision is scored here).
COMPLETE_FILES = {
    ("text/01-xi-putin-vladivostok.txt", None),
    ("text/02-eu-military-aid-ukraine.txt", None),
    ("text/03-sahel-juntas-russia.txt", None),
    ("text/05-india-pakistan-indus.txt", None),
    ("text/07-north-korea-missiles.txt", None),
    ("text/08-red-sea-tanker-sanctions.txt", None),
    ("text/14-iran-us-talks-muscat.txt", None),
    ("html/16-istanbul-prisoner-swap.html", None),
    ("html/17-japan-philippines-radar.html", None),
    ("html/18-ethiopia-nile-dam.html", None),
    ("feeds/world.rss", 2),
    ("warc/pages.warc.gz", 3),
}


@pytest.fixture(scope="module")
def docs(analysed_sample):
    return analysed_sample


# --- gold lines ---------------------------------------------------------------------------------


def flagged(row) -> bool:
    return any(row.get(flag) for flag in FLAGS)


def required(row) -> bool:
    return not row.get("not_event") and not row.get("optional")


# --- predictions --------------------------------------------------------------------------------


def trigger_span(event) -> tuple[int, int] | None:
    try:
        start, end = int(event.get("trigger_start")), int(event.get("trigger_end"))
    except (TypeError, ValueError):
        return None
    return (start, end) if end > start else None


def is_factual(event) -> bool:
    if event.get("factual") is not None:
        return bool(event["factual"])
    return not any(event.get(flag) for flag in FLAGS)


def overlap(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def events_of(doc) -> list[dict]:
    return [event for event in (getattr(doc, "events", None) or []) if isinstance(event, dict)]


# --- actors -------------------------------------------------------------------------------------


def folded(name) -> str:
    return fold(str(name)).strip().removeprefix("the ").strip()


def actor_list(value) -> list:
    if isinstance(value, (dict, str)):
        return [value]
    return [actor for actor in value if actor] if isinstance(value, (list, tuple)) else []


def fills(slot: str, actor, names: set[str]) -> bool:
    """Whether one predicted actor fills one gold slot."""
    if isinstance(actor, str):
        ids, own = {actor}, {folded(actor)}
    elif isinstance(actor, dict):
        ids = {str(actor[key]) for key in ("id", "country") if actor.get(key)}
        own = {folded(actor[key]) for key in ("name", "mention") if actor.get(key)}
    else:
        return False
    if slot in ids:
        return True
    if ISO3.fullmatch(slot) and any(ISO3.fullmatch(i) for i in ids):
        return False  # resolved to another state: a name cannot make up for it
    return bool(own & (names | {folded(slot)}))


def slots_filled(slots: list[str], names: list[str], predicted) -> bool:
    """Every gold slot filled by a distinct predicted actor."""
    actors = actor_list(predicted)
    allowed = {folded(name) for name in names}

    def place(i: int, used: frozenset) -> bool:
        if i == len(slots):
            return True
        return any(j not in used and fills(slots[i], actor, allowed) and place(i + 1, used | {j}) for j, actor in enumerate(actors))

    return place(0, frozenset())


def right_actors(event, row) -> bool:
    if row["type"] == "CONSULT":
        return slots_filled(
            row["source"] + row["target"],
            row.get("source_names", []) + row.get("target_names", []),
            actor_list(event.get("source")) + actor_list(event.get("target")),
        )
    return slots_filled(row["source"], row.get("source_names", []), event.get("source")) and slots_filled(
        row["target"], row.get("target_names", []), event.get("target")
    )


def named_actors_right(event, row) -> bool:
    """No actor the prediction names is wrong: the sources fill the gold sources, and the targets,
    if any, fill the gold targets (a missing target is incomplete, not wrong)."""
    if not actor_list(event.get("target")):
        if row["type"] == "CONSULT":
            return slots_filled(row["source"][:1], row.get("source_names", []), actor_list(event.get("source")))
        return slots_filled(row["source"], row.get("source_names", []), event.get("source"))
    return right_actors(event, row)


# --- scoring ------------------------------------------------------------------------------------


def assign(events, lines) -> dict[int, int]:
    """Each prediction (by index) to the index of the gold line it is scored against, if any."""
    assigned = {}
    for i, event in enumerate(events):
        span = trigger_span(event)
        if span is None:
            continue
        best, best_key = None, None
        for n, (row, gspan) in enumerate(lines):
            shared = overlap(span, gspan)
            if not shared:
                continue
            same_type = not row.get("not_event") and event.get("type") == row["type"]
            same_factuality = not row.get("not_event") and is_factual(event) == (not flagged(row))
            key = (same_type, same_type and same_factuality, shared)
            if best_key is None or key > best_key:
                best, best_key = n, key
        if best is not None:
            assigned[i] = best
    return assigned


def score(docs) -> dict:
    counts = Counter()
    by_doc: dict[str, list] = {}
    for row in GOLD:
        key = source_key(row)
        by_doc.setdefault(key, []).append((row, gold_span(docs[key], row)))
    complete = {source_key({"file": file, "record": record}) for file, record in COMPLETE_FILES}
    for key, lines in by_doc.items():
        events = events_of(docs[key])
        assigned = assign(events, lines)
        per_line: dict[int, list] = {}
        for i, n in assigned.items():
            per_line.setdefault(n, []).append(events[i])
        for n, (row, gspan) in enumerate(lines):
            mine = per_line.get(n, [])
            if row.get("not_event"):
                counts["negatives"] += 1
                counts["negatives_kept_out"] += not mine
                continue
            if row.get("optional"):
                continue
            if flagged(row):
                counts["flagged"] += 1
                reported = any(is_factual(event) for event in mine)
                counts["flagged_reported_as_factual"] += reported
                carried = any(any(event.get(flag) for flag in FLAGS if row.get(flag)) for event in mine)
                counts["flag_right"] += not reported and (not mine or carried)
                continue
            counts["gold"] += 1
            hits = [event for event in events if (span := trigger_span(event)) and overlap(span, gspan)]
            if not hits:
                continue
            counts["hit"] += 1
            same = [event for event in hits if event.get("type") == row["type"]]
            if not same:
                continue
            counts["found"] += 1
            counts["found_factual"] += any(is_factual(event) for event in same)
            counts["actors_right"] += any(right_actors(event, row) for event in same)
        if key not in complete:
            continue
        for i, event in enumerate(events):
            if not is_factual(event):
                continue
            row = lines[assigned[i]][0] if i in assigned else None
            if row is not None and row.get("optional"):
                continue
            counts["predicted_factual"] += 1
            right = row is not None and not row.get("not_event") and not flagged(row) and event.get("type") == row["type"]
            counts["predicted_right"] += right
            counts["predicted_right_with_actors"] += right and right_actors(event, row)
            counts["predicted_right_actors_named"] += right and named_actors_right(event, row)
    counts["predicted"] = sum(len(events_of(doc)) for doc in docs.values())
    return {
        "recall": counts["found"] / max(counts["gold"], 1),
        "factual_recall": counts["found_factual"] / max(counts["gold"], 1),
        "precision": counts["predicted_right"] / max(counts["predicted_factual"], 1),
        "precision_with_actors": counts["predicted_right_with_actors"] / max(counts["predicted_factual"], 1),
        "precision_actors_named": counts["predicted_right_actors_named"] / max(counts["predicted_factual"], 1),
        "type_accuracy": counts["found"] / max(counts["hit"], 1),
        "actor_accuracy": counts["actors_right"] / max(counts["found"], 1),
        "flag_accuracy": counts["flag_right"] / max(counts["flagged"], 1),
        "flagged_reported_as_factual": counts["flagged_reported_as_factual"],
        "negatives_kept_out": counts["negatives_kept_out"] / max(counts["negatives"], 1),
        "counts": dict(counts),
    }


# --- tests --------------------------------------------------------------------------------------


def test_gold_file_is_well_formed():
    manifest = {(m["file"], m["record"]) for m in json.loads((ROOT / "src/tieline/sample/MANIFEST.json").read_text(encoding="utf-8"))}
    assert len(GOLD) >= 170
    for n, row in enumerate(GOLD, 1):
        where = f"line {n}: {row.get('text')!r}"
        assert {"file", "record", "text", "occurrence", "sentence", "case"} <= set(row), where
        assert (row["file"], row["record"]) in manifest, where
        assert isinstance(row["occurrence"], int) and row["occurrence"] >= 0, where
        assert row["text"] and row["text"] in row["sentence"], where
        if row.get("not_event"):
            assert row["not_event"] is True and "type" not in row, where
            continue
        assert row.get("type") in TYPES, where
        for side in ("source", "target"):
            slots, names = row.get(side), row.get(f"{side}_names", [])
            assert isinstance(slots, list) and all(isinstance(s, str) and s for s in slots), where
            assert isinstance(names, list) and all(isinstance(s, str) and s for s in names), where
            for slot in slots:  # a slot that is no ISO-3 code is matched by name, so it must be listed
                assert ISO3.fullmatch(slot) or slot in names, where
        for key in (*FLAGS, "optional"):
            assert row.get(key, False) in (True, False), where
    assert sum(1 for row in GOLD if row.get("not_event")) >= 20
    assert sum(1 for row in GOLD if flagged(row) and not row.get("not_event")) >= 35
    assert len(COMPLETE_FILES) >= 8
    files = {(row["file"], row["record"]) for row in GOLD}
    assert COMPLETE_FILES <= files


def test_scoring_survives_incomplete_predictions(docs):
    """Predictions missing fields are scored, not crashed on."""
    row = next(r for r in GOLD if required(r) and not flagged(r))
    span = gold_span(docs[source_key(row)], row)
    partial = [{}, {"type": row["type"]}, {"trigger_start": span[0]}, {"trigger_start": "x", "trigger_end": None},
               {"trigger_start": span[0], "trigger_end": span[1], "source": None, "target": "CHN"},
               {"trigger_start": span[0], "trigger_end": span[1], "type": row["type"], "source": [None, 3, {"name": None}]}]
    assign(partial, [(row, span)])
    for event in partial:
        right_actors(event, row)
        is_factual(event)


def test_perfect_predictions_score_perfectly(docs):
    """The scorer itself: predictions copied from the gold get full marks."""

    class Doc:
        def __init__(self, text, events):
            self.text, self.events = text, events

    fake = {key: Doc(doc.text, []) for key, doc in docs.items()}
    for row in GOLD:
        if row.get("not_event") or row.get("optional"):
            continue
        doc = fake[source_key(row)]
        start, end = gold_span(doc, row)
        flags = {flag: bool(row.get(flag)) for flag in FLAGS}
        actors = {side: [{"id": slot, "name": slot, "country": slot if ISO3.fullmatch(slot) else None} for slot in row[side]]
                  for side in ("source", "target")}
        doc.events.append({"type": row["type"], "trigger_start": start, "trigger_end": end,
                           "factual": not any(flags.values()), **flags, **actors})
    scores = score(fake)
    for metric in ("recall", "factual_recall", "precision", "precision_with_actors", "precision_actors_named", "type_accuracy", "actor_accuracy", "flag_accuracy", "negatives_kept_out"):
        assert scores[metric] == 1.0, (metric, scores)
    assert scores["flagged_reported_as_factual"] == 0


def test_events_meet_the_pinned_floors(docs):
    scores = score(docs)
    print(json.dumps(scores, indent=2))
    if not FLOORS:
        pytest.fail("eval/floors.json has no 'events_golden' floors: pin them from the scores printed above")
    for metric, floor in FLOORS.items():
        assert metric in scores, f"unknown metric {metric!r} under 'events_golden' in eval/floors.json"
        if metric in CEILINGS:
            assert scores[metric] <= floor, f"{metric} {scores[metric]} rose above its ceiling {floor}"
        else:
            assert scores[metric] >= floor, f"{metric} {scores[metric]:.3f} fell below its floor {floor}"


def test_flagged_events_are_never_reported_as_factual(docs):
    """Hard requirement: no negated, hypothetical, future, claimed or historical gold event comes out factual."""
    scores = score(docs)
    assert scores["flagged_reported_as_factual"] == 0, scores["counts"]
