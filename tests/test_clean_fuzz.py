"""Property tests of the clean stage and of every offset the stages write.

The invariant (docs/schema.md): every kept span carries offsets into the string it came from.
``removed``, ``dropped`` and ``repairs`` index ``Doc.raw``; sentences, actor mentions, quotes,
speakers, cues and events index ``Doc.text``; ``raw[start:end]`` (or ``text[start:end]``) is the
span's own text. And no document is lost: every document given comes out, a bad one marked with
the reason. Inputs: raw text made of the lines scraped news holds (junk, credits, bylines,
datelines, glitches the repairs mend, Unicode spaces, any character), pages through the HTML
reader (its ``dropped`` blocks), and news-like prose through the real model.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fuzz_inputs import any_text, html_pages, news_text
from tieline.pipeline import Pipeline
from tieline.readers.html import read_html
from tieline.stages.clean import CleanStage, split_lines
from tieline.stages.language import LanguageStage
from tieline.stages.parse import ParseStage
from tieline.testing import blank_nlp, make_doc
from tieline.types import Doc, RawArticle, Removed

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Lines scraped news carries: junk of each kind, credits, bylines, datelines, glitches, titles.
SCRAPED_LINES = (
    "Subscribe to our newsletter", "Thank you for subscribing.", "Get more stuff like this", "Advertisement",
    "Share this article", "Read more: China and Russia", "We use cookies to improve your experience.",
    "© 2024 Reuters. All rights reserved.", "Photo: AFP", "Additional reporting by Jane Doe",
    "Olivia Wang contributed reporting to this article.", "By Jane Doe", "BEIJING, Feb 14 (Reuters) -",
    "14 February 2024", "Updated: 2024-02-14", "Xi and Putin met in Beijing.", "his support for Putin . remains firm",
    "European Council. on Foreign Relations", "growth agenda. analysts say.", "analysts say. . This is",
    "Thank\u00a0you for subscribing", "“We will never accept this,” the minister said.", "Comments (12)",
    "The talks ended without a deal, officials said", "Sanctions —", "slot gacor online", "   ", "\t",
)
line = st.one_of(st.sampled_from(SCRAPED_LINES), news_text, any_text)
raw_texts = st.lists(st.tuples(line, st.sampled_from(["\n", "\n\n", "\r\n", "\n \t\n", " \n"])), max_size=20).map(
    lambda parts: "".join(text + end for text, end in parts))
titles = st.one_of(st.none(), st.sampled_from(SCRAPED_LINES), any_text)
dates = st.one_of(st.none(), st.sampled_from(["2024-02-14", "Tue, 10 Jun 2003 04:00:00 GMT", "garbage", ""]), any_text)


@st.composite
def docs(draw) -> Doc:
    """A document as a reader makes it, with some whole lines of ``raw`` as ``dropped`` blocks."""
    raw = draw(raw_texts)
    lines = split_lines(raw)
    chosen = draw(st.lists(st.sampled_from(lines), unique_by=lambda l: l.start, max_size=4)) if lines else []
    reasons = st.sampled_from(["", "related", "newsletter", "caption", "other"])
    dropped = sorted((Removed(l.text, draw(reasons), l.start, l.end) for l in chosen), key=lambda b: b.start)
    return make_doc(raw, title=draw(titles), published=draw(dates), format=draw(st.sampled_from(["text", "html", "feed"])),
                    page_type=draw(st.sampled_from(["article", "article", "live_blog"])), dropped=dropped)


def assert_raw_offsets(doc: Doc, raw: str) -> None:
    """``removed``, ``dropped`` and ``repairs`` point into ``raw`` (unchanged), without overlaps."""
    assert doc.raw == raw
    for span in doc.removed + doc.dropped:
        assert raw[span.start : span.end] == span.text, span
        assert span.start < span.end and span.text.strip() == span.text
    for repair in doc.repairs:
        assert raw[repair.start : repair.end] == repair.before, repair
    removed = sorted((span.start, span.end) for span in doc.removed)
    assert all(end <= start for (_, end), (start, _) in zip(removed, removed[1:])), "removed spans overlap"
    assert all(span.reason for span in doc.removed), "every removed span says why"


def assert_nothing_lost(doc: Doc) -> None:
    """Every line of ``raw`` is removed with a reason, or (when no repair touched it) in the body."""
    removed = {(span.start, span.end) for span in doc.removed}
    for kept in split_lines(doc.raw):
        inside = any(start <= kept.start and kept.end <= end for start, end in removed)
        repaired = any(kept.start <= r.start < kept.end for r in doc.repairs)
        assert inside or repaired or kept.text in doc.text, f"line {kept.text!r} is neither removed nor in the body"


@SETTINGS
@given(doc=docs())
@example(doc=make_doc("Title\n\nSubscribe to our newsletter\nThank\u00a0you for subscribing\n\nBody line here."))
@example(doc=make_doc("\r\n\r\n  \u2028 \r\n"))
def test_clean_keeps_every_offset_and_loses_no_line(doc):
    raw = doc.raw
    [cleaned] = list(CleanStage().pipe([doc]))
    assert cleaned is doc
    assert_raw_offsets(doc, raw)
    assert_nothing_lost(doc)
    if not doc.text:
        assert doc.skipped and any(p.reason == "empty_body" for p in doc.problems), "an empty body is marked"


@SETTINGS
@given(page=html_pages())
def test_pages_through_the_reader_and_clean_keep_their_offsets(page):
    article = read_html("page.html", page)
    if not isinstance(article, RawArticle):
        assert article.message and "\n" not in str(article)
        return
    doc = Doc.from_raw(article)
    [cleaned] = list(CleanStage().pipe([doc]))
    assert_raw_offsets(cleaned, article.text)
    assert_nothing_lost(cleaned)


@SETTINGS
@given(batch=st.lists(docs(), min_size=1, max_size=6))
def test_a_batch_of_hostile_documents_all_come_through_marked(batch):
    pipeline = Pipeline([CleanStage(), LanguageStage(), ParseStage(nlp=blank_nlp())])
    ids = [doc.id for doc in batch]
    out = pipeline.run_batch(batch)
    assert [doc.id for doc in out] == ids, "every document comes out, in order"
    for doc in out:
        assert doc.stages.get("clean") == "clean.rules.v1"
        assert doc.skipped or doc.sentences, "a document not analysed says why"
        assert_sentences(doc)


def assert_sentences(doc: Doc) -> None:
    spans = [(s.start, s.end) for s in doc.sentences]
    assert spans == sorted(spans)
    for start, end in spans:
        assert 0 <= start < end <= len(doc.text)
        assert doc.text[start:end] == doc.text[start:end].strip()


#: Prose with the names, cue verbs, quotation marks and event words the later stages read.
PROSE_WORDS = ("Xi", "Jinping", "Vladimir", "Putin", "China", "Russia", "Ukraine", "NATO", "the", "minister", "said",
               "told", "reporters", "according", "to", "met", "accused", "sanctioned", "attacked", "supported",
               "signed", "agreement", "in", "Beijing", "Moscow", "on", "Tuesday", "he", "she", "it", "its", "his",
               "“", "”", '"', ",", ".", "that", "would", "not", "Mr.", "Ms.", "President", "spokesman", "and",
               "\n\n", "The", "French", "foreign", "ministry", "warned", "against", "talks", "with")
words = st.lists(st.sampled_from(PROSE_WORDS), min_size=1, max_size=25).map(" ".join)
NAMES = ("Xi Jinping", "Putin", "Mr. Putin", "the French foreign ministry", "China", "a spokesman", "He", "NATO")
TEMPLATES = ('{name} said “{words}.”', '“{words},” {name} told reporters.', "According to {name}, {words}.",
             '{name} said that {words}.', '{name} accused {other} of {words}.', '{name} met {other} in Beijing.',
             '"{words}," said {name}. "{words}"', "{name} warned against {words}.", "{words}")
sentence = st.builds(lambda template, name, other, text: template.format(name=name, other=other, words=text),
                     st.sampled_from(TEMPLATES), st.sampled_from(NAMES), st.sampled_from(NAMES), words)
prose = st.lists(st.tuples(sentence, st.sampled_from([" ", " ", "\n\n", "  ", "\n"])), min_size=1, max_size=12).map(
    lambda parts: "".join(text + gap for text, gap in parts))


@pytest.fixture(scope="module")
def full_pipeline():
    from tieline.registry import default_pipeline

    return default_pipeline(stages=("clean", "language", "parse", "actors", "quotes", "events"))


@pytest.mark.model
@SETTINGS
@given(body=prose)
@example(body="Xi said “ we will win ” , according to\n\nMoscow . Putin met Xi in Beijing on Tuesday .")
@example(body="Xi Jinping said “Xi.” According to Xi Jinping, Xi.  Xi Jinping said “Xi.” ")  # found: the cue was "according to"
def test_every_span_the_analysis_stages_write_holds_its_text(full_pipeline, body):
    [doc] = full_pipeline.run_batch([make_doc("Summit talks\n\n" + body)])
    assert_sentences(doc)
    text = doc.text
    for actor in doc.actors:
        for mention in actor["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"], mention
    for quote in doc.quotes:
        assert text[quote["start"] : quote["end"]] == quote["text"], quote
        assert_span(text, quote, "speaker_start", "speaker_end", "speaker_mention")
        assert_span(text, quote, "cue_start", "cue_end", "cue")
    for event in doc.events:
        assert_span(text, event, "trigger_start", "trigger_end", "trigger")
        assert 0 <= event["sentence_start"] <= event["trigger_start"] < event["trigger_end"] <= event["sentence_end"]
        for actor in event["source"] + event["target"]:
            assert_span(text, actor, "start", "end", "mention")


def assert_span(text: str, record: dict, start: str, end: str, field: str) -> None:
    if record[start] is not None:
        assert text[record[start] : record[end]] == record[field], (field, record)
