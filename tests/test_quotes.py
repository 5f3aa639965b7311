"""The quotes stage on the seeds and on small invented texts (real model, real knowledge base)."""

from __future__ import annotations

import pytest

from tieline.quotes.direct import content_span
from tieline.registry import default_pipeline
from tieline.testing import make_doc

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipeline():
    return default_pipeline()


@pytest.fixture(scope="module")
def seed_quotes(pipeline):
    from conftest import shared_file

    found = {}
    for name in ("000_e731bccc482f2f40.txt", "002_3edabc9831f43f0c.txt"):
        doc = pipeline.run_batch([make_doc(shared_file(f"seeds/{name}").read_text(encoding="utf-8"))])[0]
        for quote in doc.quotes:
            assert doc.text[quote["start"] : quote["end"]] == quote["text"]
        found[name] = doc.quotes
    return found


def speaker_of(quotes, beginning):
    (quote,) = [q for q in quotes if q["text"].startswith(beginning)]
    return quote["speaker"], quote["kind"]


def test_direct_quotes_with_the_cue_after(seed_quotes):
    quotes = seed_quotes["000_e731bccc482f2f40.txt"]
    assert speaker_of(quotes, "The overall goal of both Putin") == ("Alicja Bachulska", "direct")
    assert speaker_of(quotes, "Moscow’s strategic value") == ("Jude Blanchette", "direct")
    assert speaker_of(quotes, "The more the war in Ukraine tilts") == ("Jude Blanchette", "direct")


def test_surname_and_pronoun_speakers_are_the_full_name(seed_quotes):
    quotes = seed_quotes["000_e731bccc482f2f40.txt"]
    assert speaker_of(quotes, "The idea of economic retaliation") == ("Alicja Bachulska", "direct")
    assert speaker_of(quotes, "The problem is that Xi") == ("Michael Schuman", "direct")
    assert speaker_of(quotes, "No matter what happens") == ("Natasha Kuhrt", "direct")


def test_stray_mark_and_cue_less_quotes_keep_their_speaker(seed_quotes):
    quotes = seed_quotes["000_e731bccc482f2f40.txt"]
    assert speaker_of(quotes, "Xi believes this is a good deal") == ("Michael Schuman", "direct")
    assert speaker_of(quotes, "It’s not much of a bargain.") == ("Michael Schuman", "direct")
    assert speaker_of(quotes, "If it looks like Russia") == ("Natasha Kuhrt", "direct")


def test_partial_and_indirect_quotes(seed_quotes):
    second = seed_quotes["002_3edabc9831f43f0c.txt"]
    assert speaker_of(second, "impossible balancing act") == ("Kevin Rudd", "partial")
    assert speaker_of(second, "abandon a Cold War mentality") == ("Xi Jinping", "partial")
    first = seed_quotes["000_e731bccc482f2f40.txt"]
    assert speaker_of(first, "Xi was preparing for all outcomes") == ("Natasha Kuhrt", "indirect")


def test_speaker_affiliation_comes_from_the_actor(seed_quotes):
    (quote,) = [q for q in seed_quotes["002_3edabc9831f43f0c.txt"] if q["text"].startswith("I don’t think")]
    assert quote["speaker_affiliation"] == "Center for China and Globalization"
    assert quote["cue"] == "said" and quote["speaker_mention"] == "Wang Huiyao"


def test_cue_before_and_according_to(pipeline):
    raw = ("Talks\n\nThe minister said: “We will not sign this agreement under pressure.”\n\n"
           "According to two European officials, the talks will resume in Geneva next week.")
    doc = pipeline.run_batch([make_doc(raw)])[0]
    kinds = {q["text"]: (q["kind"], q["cue"], q["speaker"]) for q in doc.quotes}
    assert kinds["We will not sign this agreement under pressure."][:2] == ("direct", "said")
    # the cue as written, so that doc.text[cue_start:cue_end] is the cue (quotes.rules.v2)
    assert kinds["the talks will resume in Geneva next week"] == ("indirect", "According to", "two European officials")


def test_unclosed_and_straight_quotes_do_not_shift_later_pairings(pipeline):
    raw = ('Trade\n\n"The tariffs are a mistake," said Ana Duarte, a trade expert at the Lowy Institute.\n\n'
           "“This one never closes, Duarte said.\n\n"
           "“Markets will adjust,” said Tomas Lind, an economist.")
    doc = pipeline.run_batch([make_doc(raw)])[0]
    speakers = {q["text"]: q["speaker"] for q in doc.quotes}
    assert speakers["The tariffs are a mistake,"] == "Ana Duarte"
    assert speakers["Markets will adjust,"] == "Tomas Lind"


def test_content_span_excludes_the_marks():
    text = "“It is late,” she said."
    assert text[slice(*content_span(text, 0, 13))] == "It is late,"


def test_sentences_never_run_over_a_blank_line(pipeline):
    raw = "T\n\nFor China, “Yes, there are tensions with the West\n\nPut another way, analysts said, Xi has priced in sanctions."
    doc = pipeline.run_batch([make_doc(raw)])[0]
    assert all("\n\n" not in doc.text[s.start : s.end] for s in doc.sentences)
    (aside,) = [q for q in doc.quotes if q["cue"] == "said"]
    assert aside["speaker"] == "analysts" and aside["text"] == "Xi has priced in sanctions"


def test_they_after_two_named_people_and_partial_quotes_about_a_person(seed_quotes):
    first = seed_quotes["000_e731bccc482f2f40.txt"]
    assert speaker_of(first, "democratization of international relations") == ("Xi Jinping and Vladimir Putin", "partial")
    assert speaker_of(first, "questions and concerns") == ("Xi Jinping", "partial")
    (cold_war,) = [q for q in seed_quotes["002_3edabc9831f43f0c.txt"] if q["text"].startswith("abandon a Cold War")]
    assert cold_war["cue"] == "said"


#: Every quoted passage of the seeds: its first words -> (speaker, affiliation).
SEED_QUOTED = {
    "000_e731bccc482f2f40.txt": {
        "legitimate security interests": ("Xi Jinping and Vladimir Putin", None),
        "The overall goal of both Putin": ("Alicja Bachulska", "European Council on Foreign Relations"),
        "Yes, there are tensions": ("Alicja Bachulska", "European Council on Foreign Relations"),
        "Moscow’s strategic value": ("Jude Blanchette", "Center for Strategic and International Studies"),
        "democratization of international": ("Xi Jinping and Vladimir Putin", None),
        "according to their own national": ("Xi Jinping and Vladimir Putin", None),
        "questions and concerns": ("Xi Jinping", "China"),  # as the article reads: no other source is named
        "The more the war in Ukraine": ("Jude Blanchette", "Center for Strategic and International Studies"),
        "bad to dismantle global trade": ("Ulf Kristersson", "Sweden"),
        "The idea of economic retaliation": ("Alicja Bachulska", "European Council on Foreign Relations"),
        "There is definitely a shift": ("Alicja Bachulska", "European Council on Foreign Relations"),
        "Xi believes this is a good deal": ("Michael Schuman", "Atlantic Council"),
        "He is trading a United States": ("Michael Schuman", "Atlantic Council"),
        "The problem is that Xi": ("Michael Schuman", "Atlantic Council"),
        "It’s not much of a bargain": ("Michael Schuman", "Atlantic Council"),
        "No matter what happens": ("Natasha Kuhrt", "King's College London"),
        "If it looks like Russia": ("Natasha Kuhrt", "King's College London"),
    },
    "002_3edabc9831f43f0c.txt": {
        "impossible balancing act": ("Kevin Rudd", "Australia"),
        "best friend": ("Xi Jinping", "China"),
        "abandon a Cold War mentality": ("Xi Jinping", "China"),
        "I don’t think this is good": ("Wang Huiyao", "Center for China and Globalization"),
        "Conflict is not a solution": ("Wang Huiyao", "Center for China and Globalization"),
    },
}


@pytest.mark.parametrize("seed", sorted(SEED_QUOTED))
def test_every_quoted_passage_of_the_seeds_has_its_speaker_and_affiliation(seed_quotes, seed):
    quotes = [q for q in seed_quotes[seed] if q["kind"] != "indirect"]
    got = {}
    for beginning in SEED_QUOTED[seed]:
        (quote,) = [q for q in quotes if q["text"].startswith(beginning)]
        got[beginning] = (quote["speaker"], quote["speaker_affiliation"])
    assert got == SEED_QUOTED[seed]


def test_partial_quotes_of_a_statement_belong_to_its_authors(seed_quotes):
    quotes = seed_quotes["000_e731bccc482f2f40.txt"]
    (statement,) = [q for q in quotes if q["text"].startswith("according to their own")]
    assert statement["speaker_mention"] == "Their joint statement" and statement["attribution"] == "document"


def test_a_cue_in_a_relative_clause_does_not_introduce_a_quote(pipeline):
    raw = ("Talks\n\n“Nobody wins,” said Lena Berg, director of a think tank in Oslo that advises the government. "
           "“Conflict is not a solution.”")
    doc = pipeline.run_batch([make_doc(raw)])[0]
    speakers = {q["text"]: (q["speaker"], q["cue"]) for q in doc.quotes}
    assert speakers["Conflict is not a solution."] == ("Lena Berg", "said")


def test_officials_of_two_states_are_affiliated_with_both(seed_quotes):
    (warned,) = [q for q in seed_quotes["000_e731bccc482f2f40.txt"] if q["speaker"] == "Both Ukrainian and American officials"]
    assert warned["speaker_affiliation"] == "Ukraine and United States" and warned["speaker_type"] == "anonymous"


def test_affiliation_from_a_state_body_or_a_name_after_at(pipeline):
    raw = ("Talks\n\n“India is hedging,” said Ishita Varadarajan, a senior fellow at Carnegie India in New Delhi.\n\n"
           "Andre Baptiste, a spokesman for Guyana’s foreign ministry, said: “Guyana will defend its territory.”\n\n"
           "“We are counting,” said Max Simmons, one of OUSD’s student directors.")
    doc = pipeline.run_batch([make_doc(raw)])[0]
    people = {a["name"]: (a["description"], a["affiliation"]) for a in doc.actors if a["type"] == "person"}
    assert people["Ishita Varadarajan"] == ("a senior fellow", "Carnegie India")
    assert people["Andre Baptiste"][1] == "Guyana’s foreign ministry"
    assert people["Max Simmons"][1] is None
