"""The events stage on the seeds and on small invented texts (real model, real tables)."""

from __future__ import annotations

import pytest

from tieline.events import dyads
from tieline.events.lexicon import codes, triggers
from tieline.registry import default_pipeline
from tieline.testing import make_doc

pytestmark = pytest.mark.model

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


@pytest.fixture(scope="module")
def pipeline():
    return default_pipeline()


@pytest.fixture(scope="module")
def seed_events(pipeline):
    from conftest import shared_file

    found = {}
    for name in ("000_e731bccc482f2f40.txt", "002_3edabc9831f43f0c.txt"):
        doc = pipeline.run_batch([make_doc(shared_file(f"seeds/{name}").read_text(encoding="utf-8"))])[0]
        found[name] = (doc.text, doc.events)
    return found


def countries(actors) -> set[str]:
    return {a["country"] or a["id"] for a in actors}


def find(events, trigger, type_=None):
    hits = [e for e in events if e["trigger"] == trigger and (type_ is None or e["type"] == type_)]
    assert hits, f"no {type_ or ''} event triggered by {trigger!r}"
    return hits[0]


def events_of(pipeline, text):
    return pipeline.run_batch([make_doc("Title\n\n" + text)])[0].events


def test_every_trigger_row_names_a_plover_type_and_a_known_code():
    for (lemma, pos), rows in triggers().items():
        for trigger in rows:
            assert trigger.type in PLOVER_TYPES, lemma
            assert trigger.cameo in codes() or trigger.cameo[:3] in codes(), (lemma, trigger.cameo)


def test_seed_summit_joint_accusation_and_aid_to_russias_war(seed_events):
    text, events = seed_events["000_e731bccc482f2f40.txt"]
    summit = find(events, "summit", "CONSULT")
    assert countries(summit["source"]) == {"CHN"} and countries(summit["target"]) == {"RUS"} and summit["factual"]
    accusation = find(events, "denouncing", "ACCUSE")
    assert countries(accusation["source"]) == {"CHN", "RUS"} and countries(accusation["target"]) == {"USA"}
    aid = find(events, "bolstered", "AID")
    assert countries(aid["source"]) == {"CHN", "PRK", "IRN"} and countries(aid["target"]) == {"RUS"} and aid["factual"]
    banks = find(events, "aiding", "AID")
    assert countries(banks["source"]) == {"CHN"} and countries(banks["target"]) == {"RUS"} and banks["factual"]
    invasion = find(events, "invasion", "ASSAULT")
    assert countries(invasion["source"]) == {"RUS"} and countries(invasion["target"]) == {"UKR"}
    for event in events:
        assert text[event["trigger_start"] : event["trigger_end"]] == event["trigger"]


def test_threatened_sanctions_are_a_threat_not_sanctions_that_happened(seed_events):
    _, events = seed_events["000_e731bccc482f2f40.txt"]
    sanctions = [e for e in events if e["trigger"] == "sanctions" and e["type"] == "SANCTION"]
    assert sanctions and all(e["hypothetical"] and not e["factual"] for e in sanctions)
    threat = find(events, "threat", "THREATEN")
    assert countries(threat["source"]) == {"USA"} and countries(threat["target"]) == {"CHN"} and threat["factual"]


def test_seed_rebuff_shared_intelligence_accusation_and_assault(seed_events):
    _, events = seed_events["002_3edabc9831f43f0c.txt"]
    rebuff = find(events, "rebuffed", "REJECT")
    assert countries(rebuff["source"]) == {"CHN"} and countries(rebuff["target"]) == {"USA"}
    shared = find(events, "shared", "COOPERATE")
    assert countries(shared["source"]) == {"CHN"} and countries(shared["target"]) == {"RUS"} and shared["mode"] == "intelligence"
    accused = find(events, "accused", "ACCUSE")
    assert countries(accused["source"]) == {"CHN"} and countries(accused["target"]) == {"USA"} and accused["factual"]
    attack = find(events, "attack", "ASSAULT")
    assert countries(attack["source"]) == {"RUS"} and countries(attack["target"]) == {"UKR"}


def test_the_hypothetical_attack_on_taiwan_and_the_negated_endorsement_never_happened(seed_events):
    _, events = seed_events["002_3edabc9831f43f0c.txt"]
    taiwan = [e for e in events if "TWN" in countries(e["target"])]
    assert taiwan and all(e["hypothetical"] and not e["factual"] for e in taiwan)
    assert not [e for e in events if e["trigger"] == "endorsing" and e["factual"]]


def test_negated_future_and_claimed_events(pipeline):
    events = events_of(pipeline, "Japan did not sanction Russia. France will visit China next month. "
                                 "China accused Australia of trying to attack Vietnam.")
    assert find(events, "sanction")["negated"]
    visit = find(events, "visit")
    assert visit["future"] and not visit["factual"]
    accused = find(events, "accused", "ACCUSE")
    assert accused["factual"] and countries(accused["source"]) == {"CHN"} and countries(accused["target"]) == {"AUS"}
    attack = find(events, "attack", "ASSAULT")
    assert attack["claimed"] and not attack["factual"]


def test_hypothetical_and_historical_events(pipeline):
    events = events_of(pipeline, "If Russia invades Georgia, Turkey would condemn Moscow. "
                                 "For more than a decade, France has supported Mali.")
    assert find(events, "invades")["hypothetical"]
    assert find(events, "condemn")["hypothetical"]
    assert find(events, "supported")["historical"]


def test_passive_with_agent_and_noun_events(pipeline):
    events = events_of(pipeline, "Ukraine was attacked by Russia. Germany's sanctions against Iran took effect.")
    attacked = find(events, "attacked", "ASSAULT")
    assert countries(attacked["source"]) == {"RUS"} and countries(attacked["target"]) == {"UKR"}
    sanctions = find(events, "sanctions", "SANCTION")
    assert countries(sanctions["source"]) == {"DEU"} and countries(sanctions["target"]) == {"IRN"}
    assert sanctions["quad_class"] == 4 and sanctions["goldstein"] < 0 and sanctions["rule"] == "noun:sanction"


def test_an_event_inside_a_quote_is_the_speakers_claim(pipeline):
    events = events_of(pipeline, "“Russia attacked Ukraine without warning,” said Anna Berg, an analyst at the Lowy Institute.")
    attacked = find(events, "attacked", "ASSAULT")
    assert attacked["claimed"] and attacked["claimed_by"] == "Anna Berg" and attacked["quote_id"]


def test_dyads_expand_compound_events():
    event = {"source": [{"id": "CHN"}, {"id": "RUS"}], "target": [{"id": "USA"}, {"id": "CHN"}]}
    assert [(s["id"], t["id"]) for s, t in dyads(event)] == [("CHN", "USA"), ("RUS", "USA"), ("RUS", "CHN")]


def test_an_attribution_tag_reports_an_event_but_a_speakers_clause_claims_it(pipeline):
    events = events_of(pipeline, "Russia attacked Ukraine on Monday, officials said. "
                                 "Officials said that Turkey had attacked Greece.")
    tagged = [e for e in events if "UKR" in countries(e["target"])]
    assert tagged and tagged[0]["factual"]
    claimed = [e for e in events if "GRC" in countries(e["target"])]
    assert claimed and claimed[0]["claimed"] and not claimed[0]["factual"]


def test_crowds_protest_while_governments_accuse(pipeline):
    events = events_of(pipeline, "Thousands of people in Kenya protested against the government of Uganda. "
                                 "France protested against Italy's decision.")
    crowd = find(events, "protested", "PROTEST")
    assert countries(crowd["source"]) == {"KEN"}
    official = [e for e in events if e["type"] == "ACCUSE" and "FRA" in countries(e["source"])]
    assert official and countries(official[0]["target"]) == {"ITA"}


def test_it_and_its_stand_for_the_state_that_was_the_subject_before(pipeline):
    doc = pipeline.run_batch([make_doc("Title\n\nChina’s foreign ministry urged restraint. Its spokesman said "
                                       "the drills were routine. North Korea fired two missiles. It was the third launch.")])[0]
    china = next(a for a in doc.actors if a["id"] == "CHN")
    assert "Its spokesman" in [m["text"] for m in china["mentions"]]  # the pronoun, with its role noun
    north_korea = next(a for a in doc.actors if a["id"] == "PRK")
    assert "It" not in [m["text"] for m in north_korea["mentions"]]  # "It was ...": a placeholder


def test_an_acronym_the_article_defines_wins_over_the_knowledge_base(pipeline):
    doc = pipeline.run_batch([make_doc("Title\n\nDeutsche Boerse held talks with the London Stock Exchange (LSE). "
                                       "The LSE rejected the offer.")])[0]
    exchange = next(a for a in doc.actors if a["name"] == "London Stock Exchange")
    assert [m["text"] for m in exchange["mentions"]] == ["London Stock Exchange", "LSE", "LSE"]
    assert not any(a["name"] == "London School of Economics" for a in doc.actors)
