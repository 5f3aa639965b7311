"""The reworded-copy aligner's sentence score on MSRP and PAN-10, held to eval/floors.json."""

from __future__ import annotations


import pytest

from conftest import assert_holds_floors, shared_file
from tieline.evaluation import paraphrase



def test_classify_counts_the_paraphrase_class():
    scored = [(0.9, 1), (0.6, 0), (0.4, 1), (0.1, 0)]
    assert paraphrase.classify(scored, 0.5) == {"threshold": 0.5, "precision": 0.5, "recall": 0.5, "f1": 0.5,
                                                "accuracy": 0.5}
    assert paraphrase.tune(scored) == 0.2   # 0.75 from 0.20 to 0.40 and from 0.61 to 0.90: the lowest


def test_numbers_that_disagree_sink_the_aligner_score():
    a = "The Bank of England forecast a shortage of around 450 mln stg in the money market today."
    b = "The Bank of England forecast a shortage of around 350 mln stg in the money market today."
    assert paraphrase.trigram_score(a, b) > 0.9 and paraphrase.aligner_score(a, b) == 0.0
    assert paraphrase.aligner_score(a, a.replace("forecast", "predicted")) > 0.8


def test_pan_files_that_do_not_pair_up_name_the_fix(tmp_path):
    folder = tmp_path / "pan10-paraphrase-sentences"
    folder.mkdir()
    (folder / "pan-test_s1.txt").write_text("a\nb\n")
    (folder / "pan-test_s2.txt").write_text("a\n")
    (folder / "pan-test.labels").write_text("1\n0\n")
    with pytest.raises(ValueError, match="pair line by line"):
        paraphrase.read_pan(tmp_path, "test")


@pytest.fixture(scope="module")
def measured():
    shared_file("data/anchors/copies/msrp/msr_paraphrase_test.txt")
    folder = shared_file("data/anchors/copies/pan10-paraphrase-sentences/pan-test.labels").parents[1]
    return paraphrase.evaluate(folder)


def test_both_sets_are_read_whole(measured):
    assert {name: s["aligner"]["test_pairs"] for name, s in measured["sets"].items()} == {"msrp": 1725, "pan10": 3000}


def test_the_aligner_holds_its_floors(measured):
    assert_holds_floors(paraphrase.FLOORS_KEY, paraphrase.metrics(measured))
