"""The sentence prefilter: what it skips, that offsets hold, and that on the sample it loses no record."""

from __future__ import annotations

import pytest

import tieline
from tieline.prefilter import from_knowledge, masked, sentence_spans
from tieline.registry import default_pipeline


def test_sentences_without_actor_cue_or_quote_are_skipped_and_blanked():
    text = ("Chinese and Russian leaders met in Moscow on Tuesday.\n\n"
            "The weather was mild for the season.\n\n"
            "“We stand together,” Mr. Xi said. The rest is up to them.\n\n"
            "Bilateral trade rose sharply.")
    kept, skipped = from_knowledge().split(text)
    assert [text[s:e] for s, e in skipped] == ["The weather was mild for the season.", "Bilateral trade rose sharply."]
    blank = masked(text, skipped)
    assert len(blank) == len(text) and blank.count("\n") == text.count("\n")
    assert all(blank[s:e] == text[s:e] for s, e in kept)
    assert all(not blank[s:e].strip() for s, e in skipped)


def test_reported_speech_runs_on_into_the_next_sentence_of_its_paragraph():
    text = "The deal is fragile, analysts say. This could be a serious miscalculation.\n\nRain fell all day."
    _, skipped = from_knowledge().split(text)
    assert [text[s:e] for s, e in skipped] == ["Rain fell all day."]


def test_a_quotation_over_several_sentences_stays_whole():
    text = "“It was a long day. Nothing moved. Talks will go on,” the envoy said."
    _, skipped = from_knowledge().split(text)
    assert skipped == []


def test_names_the_tables_do_not_know_and_pronouns_are_kept():
    selector = from_knowledge()
    assert selector.holds_record("The fund is run by Maria Lopez from a small office.")
    assert selector.holds_record("Their statement came a day later.")
    assert not selector.holds_record("The weather was mild for the season.")


def test_sentence_spans_cut_at_stops_before_capitals_and_at_line_breaks():
    text = "It rose 2.5 per cent. The U.S. economy grew.\nNext line"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["It rose 2.5 per cent.", "The U.S. economy grew.", "Next line"]


@pytest.mark.model
def test_on_the_sample_skipping_loses_no_actor_quote_or_event():
    texts = tieline.sample_path() / "text"
    whole = list(tieline.analyze([texts], pipeline=default_pipeline()))
    skipping = list(tieline.analyze([texts], pipeline=default_pipeline({"parse": {"skip": True}})))
    assert sum(len(doc.unparsed) for doc in skipping) > 0
    assert all(doc.unparsed == [] for doc in whole)
    for full, fast in zip(whole, skipping):
        assert (full.actors, full.quotes, full.events) == (fast.actors, fast.quotes, fast.events), full.source
        assert not any(s.start < u.end and u.start < s.end for s in fast.sentences for u in fast.unparsed)
