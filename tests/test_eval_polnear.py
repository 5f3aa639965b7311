"""The PolNeAR harness: span conversion and scorers on invented data, then tieline held to its floors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tieline.evaluation.polnear import (
    FLOORS_KEY,
    POLNEAR_RELATIVE,
    SENTENCES_RELATIVE,
    Attribution,
    align,
    bio_spans,
    content_match,
    detokenize,
    evaluate_documents,
    evaluate_sentences,
    floors,
    head_word,
    markdown_documents,
    markdown_sentences,
    match_counts,
    metrics,
    read_ann,
    speaker_match,
    to_original,
    token_span,
    trim,
)
from tieline.pipeline import DocStage, Pipeline
from tieline.stages.clean import CleanStage

FLOORS = Path(__file__).resolve().parents[1] / "eval" / "floors.json"


# --- STAND-IN for quotes.rules.v1 (test only) ---------------------------------------------------
# A regex that finds '“..., ” Name said' so the harness can be tested without the spaCy model and
# whatever the real quotes stage does. It fills the quote fields the harness reads.


class StandInQuotes(DocStage):
    name = "quotes.standin.v0"
    requires = ("text",)
    assigns = ("quotes",)
    pattern = re.compile(r"“(?P<content>[^”]+?),?” (?P<speaker>[A-Z]\w+) (?P<cue>said)")

    def process(self, doc) -> None:
        doc.quotes = [
            {"text": m["content"], "start": m.start("content"), "end": m.end("content"), "kind": "direct",
             "speaker": m["speaker"], "speaker_mention": m["speaker"], "speaker_start": m.start("speaker"),
             "speaker_end": m.end("speaker"), "cue": m["cue"], "cue_start": m.start("cue"), "cue_end": m.end("cue")}
            for m in self.pattern.finditer(doc.text)
        ]


def stand_in_pipeline() -> Pipeline:
    return Pipeline([CleanStage(), StandInQuotes()])


# --- span conversion ------------------------------------------------------------------------------


def test_detokenize_rebuilds_text_with_a_token_map():
    tokens = "`` We do n't know -LRB- yet -RRB- , '' Ms. Roe 's aide said .".split()
    text, offsets = detokenize(tokens)
    assert text == "“We don't know (yet),” Ms. Roe's aide said."
    assert [text[s:e] for s, e in offsets] == "“ We do n't know ( yet ) , ” Ms. Roe 's aide said .".split()


def test_bio_spans_follow_cofenets_reading():
    labels = ["B-source", "I-source", "B-cue", "B-content", "I-content", "B-content", "I-cue", "O", "B-cue"]
    # a B- right after a span of its own role starts a new span; an I- of another role ends the span
    # and starts nothing
    assert bio_spans(labels) == {"source": [(0, 2)], "cue": [(2, 3), (8, 9)], "content": [(3, 5), (5, 6)]}
    assert bio_spans(["O", "O"]) == {}


def test_character_spans_become_the_tokens_they_touch():
    offsets = [(0, 1), (1, 6), (7, 11), (11, 12), (12, 13), (14, 17)]  # “Taxes rise,” Lee
    assert token_span(1, 11, offsets) == (1, 3)
    assert token_span(0, 13, offsets) == (0, 5)
    assert token_span(3, 8, offsets) == (1, 3)  # a partial token counts
    assert token_span(13, 14, offsets) is None  # only the space
    assert trim((0, 5), ["“", "Taxes", "rise", ",", "”"]) == (1, 3)
    assert trim((3, 5), ["“", "Taxes", "rise", ",", "”"]) is None


def test_align_maps_body_offsets_back_to_the_original():
    original = "Title line\n\n  First para.  \n\nSecond  para . goes on\n"
    body = "First para.\n\nSecond  para goes on"  # stripped, and a repair removed " ."
    mapping = align(body, original, start=original.find("\n") + 1)
    assert original[slice(*to_original(0, 5, mapping))] == "First"
    second = body.index("Second")
    assert original[slice(*to_original(second, second + 6, mapping))] == "Second"
    goes = body.index("goes")
    assert original[slice(*to_original(goes, goes + 4, mapping))] == "goes"
    assert to_original(None, 3, mapping) is None and to_original(4, 4, mapping) is None


# --- scorers --------------------------------------------------------------------------------------


def test_scorers_count_exact_begin_and_overlap_hits():
    gold = [(0, 4), (6, 9), (12, 15)]
    predicted = [(0, 4), (6, 8), (10, 11), (14, 20), (14, 20)]
    # (right predictions, predictions, gold found, gold); duplicates count once
    assert match_counts(gold, predicted, "exact") == (1, 4, 1, 3)
    assert match_counts(gold, predicted, "begin") == (2, 4, 2, 3)
    assert match_counts(gold, predicted, "overlap") == (3, 4, 3, 3)
    assert match_counts([(0, 10)], [(1, 2), (4, 6)], "overlap") == (2, 2, 1, 1)  # not one-to-one
    assert match_counts([], [], "exact") == (0, 0, 0, 0)


def test_content_and_speaker_matching_of_document_pairs():
    gold = Attribution(source=((50, 62),), cue=((63, 67),), content=((0, 20), (30, 40)),
                       source_text="Dana Whitfield, the mayor")
    assert content_match((0, 20), gold.content)  # all of the shorter
    assert content_match((10, 35), gold.content)  # 15 shared of 25
    assert not content_match((15, 34), gold.content)  # 9 shared of 19
    assert speaker_match((55, 60), None, gold)
    assert speaker_match(None, "Dana Whitfield", gold)
    assert speaker_match((90, 95), "Mayor Whitfield", gold)
    assert not speaker_match((90, 95), "Dana Whitfieldson", gold)
    assert head_word("a spokesman for the Clinton campaign") == "spokesman"
    assert head_word("Clinton’s campaign manager, Robby Mook") == "manager"
    assert head_word("he") == "he"


def test_read_ann_reads_relations_with_discontinuous_contents(tmp_path):
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSource 0 3\tLee\nT2\tCue 4 8\tsaid\nT3\tContent 9 20;25 30\tabc def\nT4\tAttribution 4 8\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n#1\tAnnotatorNotes T3\tcheck\n"
        "T5\tCue 40 47\tclaimed\nT6\tContent 48 60\ttext that\ncrosses a line\nT7\tContent 62 64\tup\n"
        "E2\tAttribution-no-source:T5 Cue:T5 Content:T6 Content2:T7\n",
        encoding="utf-8",
    )
    assert read_ann(ann) == [
        Attribution(((0, 3),), ((4, 8),), ((9, 20), (25, 30)), "Lee"),
        Attribution((), ((40, 47),), ((48, 60), (62, 64)), ""),
    ]


def test_floors_are_measurement_minus_two_points_rounded_down():
    assert floors({"documents_pair_p": 0.8524, "sentences_exact_cue_f1": 0.02}) == {
        "documents_pair_p": 0.83, "sentences_exact_cue_f1": 0.0}


# --- the harness end to end, with the stand-in ---------------------------------------------------


def _sentence(tokens: str, labels: str) -> str:
    return json.dumps({"tokens": tokens.split(), "labels": labels.split(), "id": "invented_0000"})


def test_sentence_harness_with_the_stand_in(tmp_path):
    lines = [
        _sentence("`` Taxes will rise , '' Smith said .", "B-content" + " I-content" * 5 + " B-source B-cue O"),
        _sentence("The mayor said the road is closed .", "B-source I-source B-cue B-content" + " I-content" * 3 + " O"),
        _sentence("It rained .", "O O O"),
        _sentence("`` Hello , '' Jones said .", "O O O O O O O"),
    ]
    (tmp_path / "test.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = evaluate_sentences(tmp_path, stand_in_pipeline())
    scores = result["scores"]
    assert (result["sentences"], result["quotes"], result["skipped"]) == (4, 2, {})
    assert scores["exact"]["source"] == {
        "p": 0.5, "r": 0.5, "f1": 0.5, "right": 1, "predicted": 2, "found": 1, "gold": 2}
    assert scores["exact"]["cue"]["f1"] == 0.5
    assert scores["exact"]["content"]["f1"] == 0.0  # gold keeps the marks and the comma, the stand-in does not
    assert scores["begin"]["content"]["f1"] == 0.0
    assert (scores["overlap"]["content"]["p"], scores["overlap"]["content"]["r"]) == (0.5, 0.5)
    assert scores["trimmed"]["content"]["f1"] == 0.5
    assert result["per_sentence"][0]["predicted"] == {"source": [(6, 7)], "cue": [(7, 8)], "content": [(1, 4)]}
    assert "| source | 50.0/50.0/50.0 |" in markdown_sentences(result)
    assert len(metrics(result)) == 6


def test_document_harness_with_the_stand_in(tmp_path):
    text = ("Lee says the strike is over\n\n“The strike is over,” Lee said on Monday.\n\n"
            "The union said it would vote again. “We won,” Ortiz said.\n")
    root = tmp_path / "data" / "test"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "wire_2016-12-01_strike.txt").write_text(text, encoding="utf-8")

    def t(n, role, surface, start_at=0):
        start = text.index(surface, start_at)
        return f"T{n}\t{role} {start} {start + len(surface)}\t{surface}\n"

    body = text.index("\n")
    ann = (t(1, "Source", "Lee") + t(2, "Cue", "says") + t(3, "Content", "the strike is over")
           + t(4, "Source", "Lee", body) + t(5, "Cue", "said", body) + t(6, "Content", "“The strike is over,”")
           + t(7, "Source", "The union") + t(8, "Cue", "said", text.index("union"))
           + t(9, "Content", "it would vote again")
           + "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\nE2\tAttribution:T5 Source:T4 Cue:T5 Content:T6\n"
           + "E3\tAttribution:T8 Source:T7 Cue:T8 Content:T9\n")
    (root / "attributions" / "wire_2016-12-01_strike_abcd.ann").write_text(ann, encoding="utf-8")
    (root / "attributions" / "wire_2016-12-01_strike_ffff.ann").write_text("", encoding="utf-8")  # a second annotator
    result = evaluate_documents(tmp_path, pipeline=stand_in_pipeline())
    assert result["articles"] == 1 and result["per_article"][0]["file"].endswith("_abcd.ann")
    assert result["pair"] == {"p": 0.5, "r": 0.3333, "f1": 0.4, "right": 1, "predicted": 2, "found": 1, "gold": 3}
    assert result["counts"]["gold_in_title"] == 1 and result["pair_recall_outside_title"] == 0.5
    assert result["per_article"][0]["wrong"] == [{"speaker": "Ortiz", "content": "We won", "gold_content": False}]
    assert "| speaker-quote pairs | 50.0 | 33.3 | 40.0 |" in markdown_documents(result)


# --- tieline's own pipeline on a fixed subset, held to eval/floors.json ----------------------------


@pytest.mark.model
def test_polnear_subset_holds_its_floors():
    from conftest import shared_file

    sentence_dir = shared_file(f"{SENTENCES_RELATIVE}/test.txt").parent
    polnear_dir = shared_file(f"{POLNEAR_RELATIVE}/SOURCE.md").parent
    from tieline.registry import default_pipeline

    pipeline = default_pipeline()
    sentences = evaluate_sentences(sentence_dir, pipeline, limit=300)
    documents = evaluate_documents(polnear_dir, pipeline=pipeline, limit=20)
    assert (sentences["sentences"], documents["articles"]) == (300, 20)
    assert sentences["scores"]["exact"]["source"]["gold"] == sum(
        len(row["gold"]["source"]) for row in sentences["per_sentence"])
    measured = metrics(sentences, documents)
    pinned = json.loads(FLOORS.read_text(encoding="utf-8")).get(FLOORS_KEY, {})
    for metric, floor in sorted(pinned.items()):
        assert measured[metric] >= floor, f"{metric} {measured[metric]} fell below its floor {floor}"
