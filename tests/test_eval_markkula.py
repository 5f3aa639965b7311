"""The Markkula journalistic-sourcing harness: its matching rules, and tieline's scores held to their floors."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tieline.evaluation.markkula import (
    DATA_RELATIVE,
    FLOORS_KEY,
    clean_gold_name,
    evaluate,
    floors,
    gold_sources,
    markdown_table,
    names_match,
    normalise_type,
    rewrite_header,
    split_header,
    title_f1,
)

FLOORS = Path(__file__).resolve().parents[1] / "eval" / "floors.json"


@pytest.mark.parametrize(
    ("gold", "found", "expected"),
    [
        ("Dana Q. Whitfield", "Dana Whitfield", True),  # middle initial dropped
        ("Dana Whitfield", "Dana Marie Whitfield", True),  # middle name dropped
        ("DANA WHITFIELD", "Dána Whitfield", True),  # case and accents folded
        ("Ray O’Donnell-Price", "Ray O'Donnell-Price", True),  # apostrophes folded
        ("Lee Pham Jr.", "Lee Pham", True),  # suffix dropped
        ("Whitfield", "Dana Whitfield", True),  # the gold names a surname-only source
        ("Dan Whitfield", "Daniel Whitfield", False),  # no nicknames
        ("D. Whitfield", "Dana Whitfield", False),  # no initial for a first name
        ("Dana Whitfield", "Whitfield", False),  # tieline's name must be the full name
        ("Dana Whitfield", "Dana Whitmore", False),
        ("Dana Whitfield", "Superintendent Dana Whitfield", False),  # a title left in the name
        ("Dana Lee Whitfield", "Dana Kim Whitfield", False),  # different middle names
    ],
)
def test_names_match(gold, found, expected):
    assert names_match(gold, found) is expected


def test_title_f1_over_content_words():
    assert title_f1("a senior fellow at the Harbor Institute", "Senior fellow, Harbor Institute") == 1.0
    assert title_f1("Gov.", "Governor") == 1.0
    assert title_f1("", "Mayor") == 0.0
    assert title_f1("the mayor", "") == 0.0
    # predicted {spokeswoman, utility}, gold {spokeswoman, northern, grid, power}: P 1/2, R 1/4
    assert title_f1("a spokeswoman for the utility", "Spokeswoman, Northern Grid Power") == pytest.approx(1 / 3)
    assert title_f1("Harbor Institute’s director", "director of the Harbor Institute") == 1.0


def test_type_labels_and_gold_names_are_normalised():
    labels = ["Named Person", "named individual", "Named Individual\n", "Unamed group of People ", "Document ", ""]
    assert [normalise_type(label) for label in labels] == [
        "named_person", "named_person", "named_person", "unnamed_group", "document", "unknown"]
    fixes = Counter()
    rows = [
        {"type": "Named Person", "name": "Dana Whitfield", "title": "Chair, Harbor Board"},
        {"type": "Named individual", "name": "Whitfield", "title": "chair"},
        {"type": "Named Person", "name": "Kim and Lee Pham", "title": ""},
        {"type": "Named Person", "name": "Ray Ortiz, spokesman, City Hall", "title": ""},
        {"type": "Named Person", "name": "the mayor", "title": ""},
        {"type": "Named Organization", "name": "Harbor Board", "title": ""},
    ]
    people = gold_sources(7, rows, fixes)
    assert [(p.name, p.titles, p.rows) for p in people] == [
        ("Dana Whitfield", ["Chair, Harbor Board", "chair"], 2),
        ("Kim Pham", [], 1),
        ("Lee Pham", [], 1),
        ("Ray Ortiz", ["spokesman, City Hall"], 1),
    ]
    assert fixes == {"surname_merged": 1, "joined_names": 1, "comma_title": 1, "not_a_name": 1}
    assert clean_gold_name("Kevin ‚ÄúCoach‚Äù Christie", "", Counter()) == [("Kevin Christie", "")]


def test_header_blocks_become_title_byline_and_dateline():
    headline = ("\ufeffHeadline: Port strike ends\nSubtitle: Dockers vote yes.\nDate: 2024-01-30\n"
                "Publisher: Wire\n\nBody one.\n")
    assert split_header(headline)[0] == {
        "headline": "Port strike ends", "subtitle": "Dockers vote yes.", "date": "2024-01-30", "publisher": "Wire"}
    assert rewrite_header(headline) == "Port strike ends\n2024-01-30\n\nDockers vote yes.\n\nBody one.\n"
    banner = "=====\nTitle: Port strike ends\nAuthor: Ann Lee\nDate: April 4, 2025\nURL: x\n=====\n\nBody one.\n"
    assert rewrite_header(banner) == "Port strike ends\nBy Ann Lee\nApril 4, 2025\n\nBody one.\n"
    assert rewrite_header("Port strike ends\nBody one.\n") is None


def test_floors_are_measurement_minus_two_points_rounded_down():
    assert floors({"name_recall": 0.8924, "title_accuracy": 0.3983}) == {"name_recall": 0.87, "title_accuracy": 0.37}
    assert floors({"name_recall": 0.52, "title_accuracy": 0.01}) == {"name_recall": 0.5, "title_accuracy": 0.0}


@pytest.mark.model
def test_markkula_actor_metrics_hold_their_floors():
    from conftest import shared_file

    data = shared_file(f"{DATA_RELATIVE}/SOURCE.md").parent
    result = evaluate(data)
    assert (result["articles"], result["gold_rows"], result["gold_named_person_rows"]) == (43, 645, 383)
    assert result["names"] == sum(len(row["gold_names"]) for row in result["per_article"])
    assert result["names_found"] + sum(len(row["missed"]) for row in result["per_article"]) == result["names"]
    assert "| name recall |" in markdown_table(result)
    pinned = json.loads(FLOORS.read_text(encoding="utf-8"))[FLOORS_KEY]
    for metric, floor in sorted(pinned.items()):
        assert result[metric] >= floor, f"{metric} {result[metric]} fell below its floor {floor}"
