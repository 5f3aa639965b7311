"""The copy-detection benchmark: the perturbations (seeded, checked one by one), the scorer on
hand-made predictions, then the dedup stage on a 300-original subset held to eval/floors.json."""

from __future__ import annotations

import random

import pytest

from tieline.dedup.fingerprint import fingerprint, normalise, shingles, similarity
from tieline.evaluation import copies
from tieline.evaluation import copy_perturb as cp


TEXT = (
    "Tony Blair met Gordon Brown in London on Monday, officials said. The talks were about the budget.\n\n"
    "In Brussels, the European Commission said it would support the plan. \u201cWe want a deal,\u201d "
    "the minister told reporters.\n\n"
    "Shares in the company rose sharply after the statement. Analysts expected profits to fall, however.\n\n"
    "The government will announce new measures next week. Many countries are watching closely."
)


def rng(seed: int = 3) -> random.Random:
    return random.Random(seed)


# --- perturbations -----------------------------------------------------------------------------


def test_an_exact_copy_changes_only_whitespace_and_quote_marks():
    copy = cp.exact_copy(TEXT, rng())
    assert copy != TEXT and normalise(copy) == normalise(TEXT)
    assert "\u201c" not in copy


@pytest.mark.parametrize("make", [cp.exact_copy, cp.reworded_copy, cp.add_boilerplate, cp.truncate, cp.reorder])
def test_each_perturbation_is_deterministic_by_seed(make):
    assert make(TEXT, rng(5)) == make(TEXT, rng(5))


def test_boilerplate_wraps_the_body_and_drops_the_wire_signoff():
    copy = cp.add_boilerplate(TEXT + "\n\nReuter", rng())
    added = [line for line in copy.split("\n\n") if line in cp.BOILERPLATE]
    assert 1 <= len(added) <= 3 and TEXT in copy and not copy.endswith("Reuter")


@pytest.mark.parametrize("seed", range(20))
def test_truncation_cuts_mid_sentence_between_60_and_90_percent(seed):
    copy = cp.truncate(TEXT, rng(seed))
    assert 0.5 * len(TEXT) <= len(copy) <= 0.9 * len(TEXT) and TEXT.startswith(copy)
    assert copy[-1] not in ".!?\u201d"


def test_reordering_keeps_every_paragraph_in_another_order():
    copy = cp.reorder(TEXT, rng())
    assert sorted(copy.split("\n\n")) == sorted(TEXT.split("\n\n")) and copy != TEXT


def test_a_short_text_is_reordered_by_runs_of_sentences():
    text = "One thing happened. Then another. A third came. The fourth ended it. Fifth."
    assert sorted(cp.sentences(cp.reorder(text, rng()).replace("\n\n", " "))) == sorted(cp.sentences(text))


def test_a_reworded_copy_swaps_words_and_drops_sentences():
    copy = cp.reworded_copy(TEXT, rng())
    assert len([s for p in cp.paragraphs(copy) for s in cp.sentences(p)]) == 6   # 8 sentences, two dropped
    assert copy.startswith("Tony Blair met Gordon Brown") and "\u201c" not in copy
    assert any(word in copy for word in ("stated", "backing", "discussions", "firm", "stocks"))
    assert normalise(copy) != normalise(TEXT)
    assert len(shingles(copy) & shingles(TEXT)) / len(shingles(TEXT)) < 0.8


def test_moving_a_clause_keeps_a_name_capitalised_and_skips_quotes():
    assert cp.move_clause("In London, the talks began.") == "The talks began, in London."
    assert cp.move_clause("Gordon Brown said, the talks began.") == "The talks began, Gordon Brown said."
    assert cp.move_clause("\u201cNo,\u201d he said.") == "\u201cNo,\u201d he said."


def test_reuters_paragraphs_are_unwrapped():
    assert cp.unwrap("A line\nwrapped.\n    Next one\nhere.") == "A line wrapped.\n\nNext one here."


def test_a_replay_is_not_a_copy_of_its_original_but_keeps_its_shape():
    filler = " ".join("".join(random.Random(n).choices("abcdefghij", k=6)) for n in range(3000))
    records = [{"id": "a", "of": None, "text": TEXT}, {"id": "a#near", "of": "a", "text": cp.truncate(TEXT, rng())},
               {"id": "other", "of": None, "text": filler}]   # a vocabulary larger than one article's
    mapping = cp.cipher(records, 1)
    assert sorted(mapping) == sorted(mapping.values())
    replayed = cp.replay(records, 1)
    assert [r["id"] for r in replayed[:2]] == ["a~r1", "a#near~r1"] and replayed[1]["of"] == "a~r1"
    assert len(replayed[0]["text"].split()) == len(TEXT.split()) and " the " in replayed[0]["text"]
    assert similarity(fingerprint(replayed[0]["text"]).words, fingerprint(TEXT).words) < 0.2
    assert shingles(replayed[1]["text"]) <= shingles(replayed[0]["text"])


def test_names_leave_out_sentence_openers():
    assert cp.names("The BBC said. Mr Blair met Gordon Brown.") == {"Blair", "Gordon", "Brown"}


# --- the scorer --------------------------------------------------------------------------------


def record(id_, role, kind=None, of=None):
    return {"id": id_, "role": role, "kind": kind, "variant": None, "of": of, "corpus": "bbc", "truncated": False,
            "text": ""}


def test_batches_never_mix_originals_with_later_documents():
    recs = [record(f"o{i}", "original") for i in range(5)] + [record(f"c{i}", "copy", "exact", "o0") for i in range(3)]
    assert [len(b) for b in copies.batches(recs, 4)] == [4, 1, 3]


def test_scores_count_kind_target_and_negatives():
    recs = [record("a", "original"), record("b", "original"), record("c", "original"),
            record("a#exact", "copy", "exact", "a"), record("b#near", "copy", "near", "b"),
            record("c#reworded", "copy", "reworded", "c"), record("n", "negative", of="a")]
    predicted = {"a": [None, None], "b": [None, None], "c": ["b", "reworded"],   # c: the corpus's own duplicate of b
                 "a#exact": ["a", "exact"], "b#near": ["b", "reworded"], "c#reworded": ["b", "reworded"],
                 "n": ["a", "near"]}
    s = copies.score(recs, predicted)
    assert (s["recall_exact"], s["recall_near"], s["recall_reworded"]) == (1.0, 0.0, 1.0)
    assert (s["found_near"], s["precision_reworded"], s["precision_near"]) == (1.0, 0.5, 0.0)
    assert (s["negatives_kept_out"], s["false_copies_of_partner"], s["originals_marked_as_copies"]) == (0.0, 1, 1)
    assert s["confusion"]["near"] == {"reworded": 1} and s["confusion"]["negative"] == {"near": 1}


def test_a_copy_promoted_over_its_original_is_found_either_way():
    recs = [record("a", "original"), record("b", "original"), record("a#near", "copy", "near", "a"),
            record("n", "negative", of="b")]
    promoted = {"a": ["a#near", "near"], "a#near": [None, None], "b": ["n", "reworded"], "n": [None, None]}
    plain = {"a": [None, None], "a#near": ["a", "near"], "b": [None, None], "n": ["b", "reworded"]}
    for predicted in (promoted, plain):
        s = copies.score(recs, predicted)
        assert (s["recall_near"], s["originals_marked_as_copies"], s["negatives_kept_out"]) == (1.0, 0, 0.0)
        assert s["confusion"]["negative"] == {"reworded": 1} and s["false_copies_of_partner"] == 1
    assert copies.outcomes(recs, promoted) == copies.outcomes(recs, plain)


# --- the dedup stage on a fixed subset, held to eval/floors.json --------------------------------


@pytest.fixture(scope="module")
def subset():
    from conftest import assert_holds_floors, shared_file

    shared_file(f"{cp.CORPORA_RELATIVE}/{cp.BBC}")
    corpora = shared_file(f"{cp.CORPORA_RELATIVE}/{cp.REUTERS}").parents[1]
    return copies.evaluate(corpora, docs=630, seed=7, fork=False)


def test_the_subset_is_the_seeded_one(subset):
    s = subset["scores"]
    assert (s["originals"], s["copies"], s["negatives"]) == (299, 299, 31)


def test_both_indexes_find_the_same_copies(subset):
    assert [r["index"] for r in subset["runs"]] == ["memory", "store"] and subset["runs_disagree"] == 0


def test_the_subset_holds_its_floors(subset):
    from conftest import assert_holds_floors

    assert_holds_floors(copies.FLOORS_KEY, copies.metrics(subset))
