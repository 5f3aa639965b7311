"""The actors stage on the seeds, with a small knowledge base of its own (tests/fixtures/actors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tieline.actors.knowledge import load, phrase_key
from tieline.actors.names import name_key, surnames
from tieline.actors.quote_marks import quoted_regions
from tieline.pipeline import Pipeline
from tieline.stages.actors import ActorsStage
from tieline.stages.clean import CleanStage
from tieline.stages.language import LanguageStage
from tieline.stages.parse import ParseStage
from tieline.testing import make_doc

TABLES = Path(__file__).parent / "fixtures" / "actors"
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline([CleanStage(), LanguageStage(), ParseStage(), ActorsStage(kb=load([TABLES], builtin=False))])


@pytest.fixture(scope="module")
def seed_actors(pipeline, request):
    from conftest import shared_file

    found = {}
    for name in ("000_e731bccc482f2f40.txt", "002_3edabc9831f43f0c.txt"):
        raw = shared_file(f"seeds/{name}").read_text(encoding="utf-8")
        doc = pipeline.run_batch([make_doc(raw)])[0]
        found[name] = {actor["id"]: actor for actor in doc.actors}
        for actor in doc.actors:
            for mention in actor["mentions"]:
                assert doc.text[mention["start"] : mention["end"]] == mention["text"]
    return found


def mentions(actor, kind=None):
    return [m["text"] for m in actor["mentions"] if kind is None or m["kind"] == kind]


def test_one_actor_for_every_name_of_a_leader(seed_actors):
    xi = seed_actors["000_e731bccc482f2f40.txt"]["Q15031"]
    assert {"China’s leader", "Xi Jinping", "Xi"} <= set(mentions(xi))
    putin = seed_actors["002_3edabc9831f43f0c.txt"]["Q7747"]
    assert {"Vladimir V. Putin", "Putin", "the Russian leader"} <= set(mentions(putin))


def test_states_by_name_adjective_capital_and_seat(seed_actors):
    first = seed_actors["000_e731bccc482f2f40.txt"]
    assert {"China", "Chinese", "Beijing"} <= set(mentions(first["CHN"]))
    assert {"Washington", "US", "American", "United States"} <= set(mentions(first["USA"]))
    assert "Moscow" in mentions(first["RUS"])


def test_cameo_roles_from_role_nouns(seed_actors):
    first = seed_actors["000_e731bccc482f2f40.txt"]
    roles = {m["text"]: m["role"] for actor in first.values() for m in actor["mentions"] if m["role"]}
    assert roles["Chinese banks"] == "BUS"
    assert roles["Russian forces"] == "MIL"
    second = seed_actors["002_3edabc9831f43f0c.txt"]
    assert "GOV" in second["USA"]["roles"]  # "according to American officials"


def test_people_outside_the_knowledge_base_with_description_and_affiliation(seed_actors):
    people = {a["name"]: a for a in seed_actors["000_e731bccc482f2f40.txt"].values() if a["type"] == "person"}
    bachulska = people["Alicja Bachulska"]
    assert bachulska["description"] == "an expert on Chinese foreign policy"
    assert bachulska["affiliation"] == "European Council on Foreign Relations"
    assert "Bachulska" in mentions(bachulska)  # "Ms. Bachulska", later
    assert people["Natasha Kuhrt"]["affiliation"] == "King's College London"
    assert people["Jude Blanchette"]["affiliation"] == "Center for Strategic and International Studies"
    assert people["Olaf Scholz"]["description"] == "the German chancellor"


def test_pronoun_after_a_quote_is_its_speaker_not_a_name_inside_it(seed_actors):
    people = {a["name"]: a for a in seed_actors["000_e731bccc482f2f40.txt"].values() if a["type"] == "person"}
    assert mentions(people["Michael Schuman"], "pronoun") == ["he"]


def test_a_pronoun_of_the_wrong_gender_is_left_alone(seed_actors):
    xi = seed_actors["000_e731bccc482f2f40.txt"]["Q15031"]
    assert "she" not in mentions(xi)


def test_title_resolves_to_the_holder_on_the_articles_date(pipeline):
    raw = "Talks\n\nMarch 4, 2024\n\nThe German chancellor met Chinese officials in Beijing on Monday."
    doc = pipeline.run_batch([make_doc(raw)])[0]
    (scholz,) = [a for a in doc.actors if a["type"] == "person"]
    assert scholz["id"] == "Q61053" and mentions(scholz) == ["The German chancellor"]
    later = pipeline.run_batch([make_doc(raw.replace("2024", "2026"))])[0]
    assert not [a for a in later.actors if a["type"] == "person"]  # nobody in the fixture after 2025-05-06


def test_headline_merged_into_the_body_gives_no_people(pipeline):
    raw = "x\n\nKremlin Hawks Warn Western Capitals Over Baltic Drills Plan\n\nOfficials met."
    doc = pipeline.run_batch([make_doc(raw)])[0]
    assert not [a for a in doc.actors if a["type"] == "person"]


def test_keys_and_names():
    assert phrase_key("the Kremlin") == "kremlin" and phrase_key("US") == "=US"
    assert name_key("Vladimir V. Putin") == "vladimir putin"
    assert surnames("Xi Jinping", "CHN")[0] == "xi" and surnames("Olaf Scholz", "DEU") == ["scholz"]


def test_quoted_regions_survive_broken_marks():
    text = "“Xi believes this. “He is trading,” wrote Schuman. “Unclosed here"
    regions = quoted_regions(text)
    assert [text[s:e] for s, e in regions] == ["“Xi believes this. ", "“He is trading,”", "“Unclosed here"]


def test_a_name_of_initials_only_does_not_break_the_stage(pipeline):
    doc = pipeline.run_batch([make_doc("Budget\n\nMr. J. K. said the budget would pass, and Mr. A. B. agreed.")])[0]
    assert not doc.problems


def test_a_title_in_apposition_names_the_person_before_it(pipeline):
    raw = "Tariffs\n\nMarch 4, 2026\n\nOlaf Scholz, the German chancellor, warned against new tariffs."
    doc = pipeline.run_batch([make_doc(raw)])[0]
    (scholz,) = [a for a in doc.actors if a["type"] == "person"]
    assert scholz["id"] == "Q61053" and mentions(scholz) == ["Olaf Scholz", "the German chancellor"]
    assert scholz["description"] == "the German chancellor"
    assert "DEU" not in [a["id"] for a in doc.actors]


def test_an_article_defines_its_own_acronyms():
    from tieline.actors.acronyms import defined_acronyms

    text = ("Talks with the London Stock Exchange (LSE) stalled. The Association of Southeast Asian Nations (ASEAN) "
            "met. Prices rose (BBC) and fell (in part).")
    assert defined_acronyms(text) == {"LSE": "London Stock Exchange", "ASEAN": "Association of Southeast Asian Nations"}
