"""The Markkula quote harness: statement matching and speaker checks on invented strings, and
tieline's quote scores on the full set held to their floors."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from tieline.evaluation.markkula import DATA_RELATIVE, Article
from tieline.evaluation.markkula_quotes import (
    FLOORS_KEY,
    LOOSE_F1,
    MATCH_F1,
    METRICS,
    evaluate,
    floors,
    markdown_table,
    match,
    organisation_match,
    quote_context,
    score_article,
    statement_tokens,
    token_f1,
)

FLOORS = Path(__file__).resolve().parents[1] / "eval" / "floors.json"


def bags(*texts: str) -> list[Counter]:
    return [statement_tokens(text) for text in texts]


def test_statement_tokens_are_folded_content_words():
    assert statement_tokens("“We WON’T stop,” she said of the Harbor Board’s café plan.") == Counter(
        ["won", "stop", "said", "harbor", "board", "cafe", "plan"])
    assert statement_tokens("He is, it was, they were.") == Counter()
    assert statement_tokens("Gov. Lee said 45% agreed") == Counter(["governor", "lee", "said", "45", "agreed"])


def test_token_f1_over_bags():
    gold, found = Counter("ferry fares rise june".split()), Counter("ferry fares rise".split())
    assert token_f1(gold, found) == pytest.approx(2 * 1 * 0.75 / 1.75)
    assert token_f1(gold, gold) == 1.0
    assert token_f1(gold, Counter()) == token_f1(Counter(), gold) == 0.0
    assert token_f1(Counter(["ferry", "ferry"]), Counter(["ferry"])) == pytest.approx(2 / 3)  # counts matter


def test_quote_context_is_the_sentences_the_quote_overlaps():
    text = "The ferry runs. “Fares rise in June,” Dana Roe said. Buses do not."
    sentences = [(0, 15), (16, 52), (53, 66)]
    start = text.index("Fares")
    end = text.index(",”")
    assert quote_context(text, sentences, start, end) == "“Fares rise in June,” Dana Roe said."
    assert quote_context(text, sentences, 10, 20) == "The ferry runs. “Fares rise in June,” Dana Roe said."
    assert quote_context(text, [], start, end) == "Fares rise in June"


def test_match_takes_the_best_pairs_one_to_one():
    golds = bags("Ferry fares will rise in June, Dana Roe said.", "The harbor board voted to close the pier.")
    quotes = [
        (statement_tokens("ferry fares will rise in June"),
         statement_tokens("Ferry fares will rise in June, Dana Roe said.")),
        (statement_tokens("the pier"), statement_tokens("The harbor board voted to close the pier, a memo shows.")),
        (statement_tokens("fares will rise"), statement_tokens("Ferry fares will rise in June, Dana Roe said.")),
    ]
    pairs = match(golds, quotes, MATCH_F1)
    assert pairs[0] == (0, 1.0)  # the first of two quotes with the same context wins the tie
    assert pairs[1][0] == 1 and pairs[1][1] == pytest.approx(2 * 5 / 7 * 1 / (5 / 7 + 1))
    assert set(pairs) == {0, 1}  # quote 2 is left over: each quote matches at most one statement


def test_match_threshold_and_order():
    golds = bags("alpha beta gamma delta", "alpha beta")
    quotes = [(Counter(["alpha", "beta"]), Counter())]
    # the quote fits statement 1 exactly (F1 1.0) and statement 0 at 0.667: the better pair wins
    assert match(golds, quotes, MATCH_F1) == {1: (0, 1.0)}
    # 2 of 6 quote words in the statement, 2 of its 4 words in the quote: F1 0.4
    weak = [(Counter("alpha beta zeta eta theta iota".split()), Counter())]
    assert match(golds[:1], weak, MATCH_F1) == {}
    loose = match(golds[:1], weak, LOOSE_F1)
    assert list(loose) == [0] and loose[0][0] == 0 and loose[0][1] == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("gold", "found", "expected"),
    [
        ("Harbor Board", "Harbor Board", True),
        ("the Harbor Board", "Harbor Board", True),
        ("Harbor Board/Poll Co", "Harbor Board", True),
        ("Harbor Board", "the Harbor Board of Trustees", True),
        ("Harbor Board", "Harbor", True),  # half of the gold name
        ("Harbor Board of Trustees", "Harbor", False),  # less than half
        ("The Harbor Board", "Harbor Board", True),  # a leading "the" does not count
        ("Harbor Board", "Harbour Board", False),
        ("Harbor Board", "HB", False),  # no acronyms
        ("Harbor Board (HB)", "HB", True),  # unless the gold gives it in brackets
        ("Harbor Board (HB)", "the Harbor Board", True),
        ("Harbor Board", None, False),
        ("Harbor Board", "Board Harbor", False),
    ],
)
def test_organisation_match(gold, found, expected):
    assert organisation_match(gold, found) is expected


GOLD_CSV = """\ufeffNo,Sourced Statements ,Type of source,Name of Source,Title of Source
1,"“Fares rise in June,” Dana Roe said.",Named Person,Dana Roe,"spokeswoman, Harbor Board"
2,The harbor board voted to close the pier.,Named Organization,Harbor Board,
3,Ridership fell by a third last year.,Document,,
4,"“We were not told,” said Lee Pham.",Named individual,Lee Pham,rider
5,The pier will stay shut for the summer.,Named Person,former mayor,
"""
TEXT = ("The ferry runs. “Fares rise in June,” Dana Roe said. The Harbor Board voted to close the pier. "
        "Ridership fell by a third last year. “We were not told,” said Lee Pham. "
        "The pier will stay shut for the summer, he said.")


def quote(text, speaker, stype="person", description=None, affiliation=None, kind="direct"):
    start = TEXT.index(text)
    return {"text": text, "start": start, "end": start + len(text), "kind": kind, "speaker": speaker,
            "speaker_type": stype, "speaker_description": description, "speaker_affiliation": affiliation,
            "attribution": "cue"}


def test_score_article_checks_names_and_titles_of_matched_statements(tmp_path):
    (tmp_path / "7-ferry.csv").write_text(GOLD_CSV, encoding="utf-8")
    (tmp_path / "7-ferry.txt").write_text(TEXT, encoding="utf-8")
    ends = [i + 1 for i, c in enumerate(TEXT) if c == "." and (i + 1 == len(TEXT) or TEXT[i + 1] == " ")]
    starts = [0] + [e + 1 for e in ends[:-1]]
    doc = SimpleNamespace(
        text=TEXT, sentences=[SimpleNamespace(start=s, end=e) for s, e in zip(starts, ends)], skipped=None,
        quotes=[
            quote("Fares rise in June,", "Dana Roe", description="a spokeswoman", affiliation="Harbor Board"),
            quote("the pier", "the Harbor Board", "organization", kind="indirect"),
            quote("We were not told,", "Dana Roe"),
            quote("The pier will stay shut for the summer", "he", "anonymous", kind="indirect"),
        ])
    row = score_article(Article(7, tmp_path / "7-ferry.txt", tmp_path / "7-ferry.csv"), doc)
    found = {s["no"]: s for s in row["statements"]}
    assert [found[n]["found"] for n in range(1, 6)] == [True, True, False, True, True]
    assert found[1]["name_correct"] and found[1]["title_correct"] and found[1]["title_f1"] == 1.0
    assert found[2]["name_correct"]  # "the Harbor Board" contains "Harbor Board"
    assert "name_correct" not in found[3]
    assert found[4]["name_correct"] is False and found[4]["title_correct"] is False and found[4]["no_title"]
    assert "name_correct" not in found[5]  # "former mayor" names no one
    assert row["unmatched_quotes"] == [] and row["found"] == 4


def test_an_article_that_was_not_analysed_finds_nothing(tmp_path):
    (tmp_path / "7-ferry.csv").write_text(GOLD_CSV, encoding="utf-8")
    row = score_article(Article(7, tmp_path / "7-ferry.txt", tmp_path / "7-ferry.csv"), None)
    assert row["skipped"] == "missing" and row["found"] == 0 and len(row["statements"]) == 5


def test_floors_are_measurement_minus_two_points_rounded_down():
    result = {"statement_found": 0.7581, "name_accuracy": 0.7243, "organisation_accuracy": 0.4138,
              "title_accuracy": 0.01}
    assert floors(result) == {"statement_found": 0.73, "name_accuracy": 0.7, "organisation_accuracy": 0.39,
                              "title_accuracy": 0.0}
    assert set(floors(result)) == set(METRICS)


@pytest.mark.model
def test_markkula_quote_metrics_hold_their_floors():
    from conftest import shared_file

    data = shared_file(f"{DATA_RELATIVE}/SOURCE.md").parent
    result = evaluate(data)
    assert (result["articles"], result["statements"]) == (43, 645)
    rows = result["per_article"]
    assert result["statements_found"] == sum(row["found"] for row in rows)
    assert result["statements_found"] <= result["statements_found_loose"]
    assert result["names"] + result["names_not_a_name"] == sum(
        s["found"] and s["type"] == "named_person" for row in rows for s in row["statements"])
    assert result["seconds"] < 60, f"the harness took {result['seconds']} s"
    assert "| statement found" in markdown_table(result)
    pinned = json.loads(FLOORS.read_text(encoding="utf-8")).get(FLOORS_KEY, {})
    for metric in METRICS:
        floor = pinned.get(metric, 0.0)
        assert result[metric] >= floor, f"{metric} {result[metric]} fell below its floor {floor}"
