"""The actors stage against hand-checked mentions of the sample corpus (tests/golden/actors.jsonl).

Each gold line names a mention (its text and occurrence in the clean body) and the actor it
must resolve to. A predicted mention matches a gold mention when their spans overlap; the
actor then must agree on name (or QID, or ISO-3 for states), type and country. Floors are
pinned in eval/floors.json ("actors_golden"); they are measured scores minus a small margin.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from golden_support import floors, gold_span, load_gold, source_key

from tieline.actors.names import fold

pytestmark = pytest.mark.model
GOLD = load_gold("actors.jsonl")
FLOORS = floors("actors_golden")


@pytest.fixture(scope="module")
def docs(analysed_sample):
    return analysed_sample


def predicted(doc, span, row=None):
    """The predicted mention overlapping ``span``: of the gold actor where one overlaps, else the first."""
    overlapping = [
        (actor, mention)
        for actor in doc.actors
        for mention in actor["mentions"]
        if mention["start"] < span[1] and span[0] < mention["end"]
    ]
    right = [pair for pair in overlapping if row is not None and not row.get("not_actor") and same_actor(pair[0], row)]
    return (right or overlapping or [(None, None)])[0]


def same_actor(actor, row) -> bool:
    if row["type"] == "state":
        return actor["id"] == row["country"]
    if row.get("qid") and actor["id"] == row["qid"]:
        return True
    gold = {fold(name).removeprefix("the ") for name in (row["actor"], *row.get("aliases", []))}
    return fold(actor["name"]).removeprefix("the ") in gold


ORG_ALIASES = {
    fold(row["actor"]): {fold(name).removeprefix("the ") for name in (row["actor"], *row.get("aliases", []))}
    for row in GOLD
    if row.get("type") == "organization"
}


def same_affiliation(predicted: str | None, gold: str) -> bool:
    """Equal up to case and "the", one inside the other, or a listed alias of the gold organisation."""
    predicted, names = fold(predicted or "").removeprefix("the "), ORG_ALIASES.get(fold(gold), set())
    gold = fold(gold).removeprefix("the ")
    return bool(predicted) and (predicted in gold or gold in predicted or predicted in names)


def score(docs) -> dict:
    counts = Counter()
    for row in GOLD:
        doc = docs[source_key(row)]
        actor, mention = predicted(doc, gold_span(doc, row), row)
        if row.get("not_actor"):  # a longer actor around the words ("Polish Institute of ...") is right
            counts["negatives"] += 1
            counts["negatives_kept_out"] += actor is None or (mention["end"] - mention["start"]) > len(row["text"])
            continue
        counts["mentions"] += 1
        counts[f"{row['type']}_mentions"] += 1
        if actor is None or not same_actor(actor, row):
            continue
        counts["resolved"] += 1
        counts[f"{row['type']}_resolved"] += 1
        counts["country_right"] += actor["country"] == row.get("country")
        if row.get("roles") and row["type"] != "person":  # a person's role is the office's, not the mention's
            counts["role_mentions"] += 1
            counts["role_right"] += mention.get("role") in row["roles"]
        if row.get("affiliation"):
            counts["affiliations"] += 1
            counts["affiliation_right"] += same_affiliation(actor.get("affiliation"), row["affiliation"])
    return {
        "mention_accuracy": counts["resolved"] / counts["mentions"],
        "country_accuracy": counts["country_right"] / max(counts["resolved"], 1),
        "role_accuracy": counts["role_right"] / max(counts["role_mentions"], 1),
        "affiliation_accuracy": counts["affiliation_right"] / max(counts["affiliations"], 1),
        "negatives_kept_out": counts["negatives_kept_out"] / max(counts["negatives"], 1),
        **{f"{kind}_accuracy": counts[f"{kind}_resolved"] / max(counts[f"{kind}_mentions"], 1)
           for kind in ("state", "person", "organization", "group")},
        "counts": dict(counts),
    }


def test_gold_file_is_well_formed():
    assert len(GOLD) >= 80
    for row in GOLD:
        assert {"file", "record", "text", "occurrence", "case"} <= set(row)
        assert row.get("not_actor") or {"actor", "type", "country"} <= set(row)


def test_actors_meet_the_pinned_floors(docs):
    scores = score(docs)
    print(json.dumps(scores, indent=2))
    for metric, floor in FLOORS.items():
        assert scores[metric] >= floor, f"{metric} {scores[metric]:.3f} fell below its floor {floor}"
