"""The quotes stage against hand-checked quotes of the sample corpus (tests/golden/quotes.jsonl).

The gold is complete for the English articles, so both recall and precision are scored. A
predicted quote finds a gold quote when their spans overlap; its speaker is right when the
folded name equals the gold speaker or one of its aliases, or the ids agree; its affiliation is
right when it equals the gold ``speaker_affiliation`` or one of its aliases (scored where the
gold gives one). Lines marked
``optional`` count neither as misses nor as false positives. Floors: eval/floors.json, key
``quotes_golden``.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from golden_support import floors, gold_span, load_gold, source_key

from tieline.actors.names import fold

pytestmark = pytest.mark.model
GOLD = load_gold("quotes.jsonl")
FLOORS = floors("quotes_golden")


@pytest.fixture(scope="module")
def docs(analysed_sample):
    return analysed_sample


def overlaps(quote, span) -> bool:
    return quote["start"] < span[1] and span[0] < quote["end"]


def right_speaker(quote, row) -> bool:
    names = {fold(name).removeprefix("the ") for name in (row["speaker"], *row.get("speaker_aliases", []))}
    if quote.get("speaker") and fold(quote["speaker"]).removeprefix("the ") in names:
        return True
    return bool(row.get("speaker_id")) and quote.get("speaker_id") == row["speaker_id"]


def score(docs) -> dict:
    counts, claimed = Counter(), {}
    for row in GOLD:
        doc = docs[source_key(row)]
        span = gold_span(doc, row)
        hits = [q for q in doc.quotes if overlaps(q, span)]
        for quote in hits:
            claimed[quote["id"]] = True
        if row.get("not_quote"):
            counts["negatives"] += 1
            counts["negatives_kept_out"] += not any(span[0] < q["start"] < span[1] or span[0] < q["end"] < span[1] for q in doc.quotes)
            continue
        if row.get("optional"):
            continue
        counts["gold"] += 1
        if hits:
            counts["found"] += 1
            best = next((q for q in hits if right_speaker(q, row)), hits[0])
            counts["speaker_right"] += right_speaker(best, row)
            counts["kind_right"] += best["kind"] == row["kind"]
            if row.get("speaker_affiliation"):
                counts["affiliation_gold"] += 1
                accepted = {fold(a) for a in (row["speaker_affiliation"], *row.get("speaker_affiliation_aliases", []))}
                counts["affiliation_right"] += fold(best.get("speaker_affiliation") or "") in accepted
    predicted = [q for doc in docs.values() for q in doc.quotes]
    counts["predicted"] = len(predicted)
    counts["predicted_in_gold"] = sum(q["id"] in claimed for q in predicted)
    return {
        "recall": counts["found"] / counts["gold"],
        "precision": counts["predicted_in_gold"] / max(counts["predicted"], 1),
        "speaker_accuracy": counts["speaker_right"] / max(counts["found"], 1),
        "speaker_recall": counts["speaker_right"] / counts["gold"],
        "kind_accuracy": counts["kind_right"] / max(counts["found"], 1),
        "affiliation_accuracy": counts["affiliation_right"] / max(counts["affiliation_gold"], 1),
        "negatives_kept_out": counts["negatives_kept_out"] / max(counts["negatives"], 1),
        "counts": dict(counts),
    }


def test_gold_file_is_well_formed():
    assert len(GOLD) >= 80
    for row in GOLD:
        assert {"file", "record", "text", "occurrence", "case"} <= set(row)
        assert row.get("not_quote") or {"kind", "speaker"} <= set(row)


def test_quotes_meet_the_pinned_floors(docs):
    scores = score(docs)
    print(json.dumps(scores, indent=2))
    for metric, floor in FLOORS.items():
        assert scores[metric] >= floor, f"{metric} {scores[metric]:.3f} fell below its floor {floor}"
