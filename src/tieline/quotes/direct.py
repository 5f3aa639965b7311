"""Quoted text: direct quotes (a whole statement in quotation marks) and partial quotes
(a few quoted words inside the writer's sentence), each given to a speaker.

Attribution, in order, for each quoted region:

1. a cue right after the closing mark, in the same sentence ("...," said X; "...," X said);
2. a cue before the opening mark, in the same sentence (X said: "..."; X called it an "...");
3. for a partial quote, the cue verb that governs the quoted words ("he said all countries
   should "abandon ..."");
4. for a partial quote, the document it sits in: a statement above it in the parse ("issued a
   statement ... laying out Russia's "legitimate security interests"") or the statement the
   paragraph is about ("Their joint statement laid out ... It was one in which ... "according to
   ..."") speaks, and its authors are the speaker;
5. the quote before it in the same paragraph ("...," he added. "It is not much of a bargain.");
6. a paragraph that opens with a quote continues the last quote of the paragraph before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..actors.quote_marks import quoted_regions
from ..budget import checked
from .speakers import DOCUMENT_WORDS, SUBJECT_DEPS, Speaker, SpeakerIndex, cue_forms

#: Tokens after a closing mark within which the cue must stand.
CUE_AFTER_WINDOW = 6
#: Tokens after a closing mark within which a cue whose subject stands before it may still come.
CUE_AFTER_LIMIT = 30
#: A quoted region with fewer words than this inside a sentence is a partial quote.
DIRECT_MIN_WORDS = 6
_OPENING = "“«„\""
#: Plural subjects that stand for the two people just named together.
PAIR_NOUNS = ("leaders", "presidents", "men", "sides")
_CLOSING = "”»“\""


@dataclass
class Found:
    start: int
    end: int
    kind: str
    speaker: Speaker | None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    how: str = "cue"
    confidence: float = 0.9


def content_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The words inside the marks (an unclosed quote runs to its region's end)."""
    inner_start = start + 1 if text[start] in _OPENING else start
    inner_end = end - 1 if end - 1 > inner_start and text[end - 1] in _CLOSING else end
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return inner_start, inner_end


def find_quoted(parsed, speakers: SpeakerIndex) -> list[Found]:
    text = speakers.text
    starts = [token.idx for token in parsed]
    found: list[Found] = []
    for start, end in checked(quoted_regions(text), every=4):
        inner = content_span(text, start, end)
        if inner[1] - inner[0] < 2:
            continue
        quote = _attribute(parsed, speakers, start, end, inner, starts)
        if quote is not None:
            found.append(quote)
    _carry_over(text, found)
    return found


def _attribute(parsed, speakers, start, end, inner, starts) -> Found | None:
    first, last = bisect_left(starts, inner[0]), bisect_left(starts, inner[1]) - 1
    if first > last:
        return None
    span = parsed[first : last + 1]
    kind = _kind(speakers.text, start, span)
    after, before = bisect_left(starts, end), bisect_left(starts, start) - 1
    if kind == "partial":  # quoted words inside the writer's sentence hang on their own verb
        cue = _governing_cue(span) or _cue_before(parsed, before) or _cue_after(parsed, after)
    else:
        cue = _cue_after(parsed, after) or _cue_before(parsed, before)
    found = Found(inner[0], inner[1], kind, None, how="unattributed", confidence=0.3)
    if cue is None and kind == "partial":
        found.speaker = _clause_subject_person(speakers, span)
        if found.speaker is not None:
            found.how, found.confidence = "clause subject", 0.5
        else:
            found.speaker = _document_speaker(speakers, span)
            if found.speaker is not None:
                found.how, found.confidence = "document", 0.5
    if cue is not None:
        found.speaker = speakers.speaker(_subject(cue)) or _adjacent_speaker(speakers, cue)
        found.cue, found.cue_start, found.cue_end = cue.text, cue.idx, cue.idx + len(cue.text)
        found.how, found.confidence = "cue", 0.9 if found.speaker else 0.5
    return found


def _kind(text: str, start: int, span) -> str:
    """Direct when the quote opens its sentence (or follows a colon) or is long; partial otherwise."""
    sentence = span[0].sent
    before = text[sentence.start_char : start].strip()
    if not before or before.endswith(":") or len(span) >= DIRECT_MIN_WORDS * 2:
        return "direct"
    return "partial" if len([t for t in span if t.is_alpha]) < DIRECT_MIN_WORDS * 2 else "direct"


def _cue_after(parsed, first: int):
    """A cue after the closing mark, before the sentence or a new quote ends: among the first
    tokens, or further on when its subject stands between the quote and the cue
    ("...," Jane Doe, the executive director of a housing charity, said)."""
    for token in parsed[first : first + CUE_AFTER_LIMIT]:
        if token.text in _OPENING or "\n" in token.text:
            return None
        if token.lower_ in cue_forms() and token.pos_ in ("VERB", "AUX"):
            near = token.i < first + CUE_AFTER_WINDOW
            subject_between = any(c.dep_ in SUBJECT_DEPS and first <= c.i < token.i for c in token.children)
            if near or subject_between:
                return token
        if token.is_sent_end and token.is_punct and token.i > first:
            return None
    return None


def _cue_before(parsed, last: int):
    """The last cue before the opening mark in the same sentence ("X said: ..."), not one inside a
    relative clause that describes someone ("a research group that advises the government")."""
    if last < 0:
        return None
    sentence = parsed[last].sent
    for token in reversed(parsed[sentence.start : last + 1]):
        if token.lower_ in cue_forms() and token.pos_ in ("VERB", "AUX") and token.dep_ != "relcl":
            return token
    return None


def _governing_cue(span):
    """The cue verb above the quoted words in the parse ("called an "impossible balancing act"")."""
    for token in span[0].ancestors:
        if token.lower_ in cue_forms() and token.pos_ in ("VERB", "AUX"):
            return token
    return None


def _clause_subject_person(speakers: SpeakerIndex, span) -> Speaker | None:
    """A partial quote with no cue belongs to the person the clause is about ("Xi may have had
    "questions and concerns"") when that subject is a person; never to a state or a phrase."""
    for token in span[0].ancestors:
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS] if token.pos_ in ("VERB", "AUX") else []
        if subjects:
            speaker = speakers.speaker(subjects[0])
            if speaker is not None and speaker.type == "anonymous" and subjects[0].lower_ in PAIR_NOUNS:
                speaker = speakers.pair_before(subjects[0].idx, joined=False)  # "The two leaders issued ..."
            return speaker if speaker is not None and speaker.type in ("person", "group", "document") else None
    return None


def _document_speaker(speakers: SpeakerIndex, span) -> Speaker | None:
    """The authors of the statement a partial quote sits in: a document noun above the quoted
    words, else a document that is the subject of a sentence earlier in the same paragraph."""
    document = next((t for t in span[0].ancestors if _is_document(t)), None)
    if document is None:
        text = speakers.text
        paragraph_start = text.rfind("\n\n", 0, span[0].idx) + 1
        before = span[0].doc.char_span(paragraph_start, span[0].idx, alignment_mode="expand")
        document = next((t for t in before or () if _is_document(t) and t.dep_ in SUBJECT_DEPS), None)
    return _authors(speakers, document) if document is not None else None


def _is_document(token) -> bool:
    return token.pos_ == "NOUN" and token.lower_ in DOCUMENT_WORDS


def _authors(speakers: SpeakerIndex, document) -> Speaker | None:
    """Who wrote a document: its possessor ("Their joint statement", "China's statement") or the
    subject of the verb that issued it ("The two leaders issued a statement")."""
    owner = next((c for c in document.children if c.dep_ == "poss"), None)
    if owner is None and document.dep_ in ("dobj", "obj"):
        owner = next((c for c in document.head.children if c.dep_ in SUBJECT_DEPS), None)
    if owner is None:
        return None
    speaker = speakers.speaker(owner)
    if speaker is not None and speaker.type == "anonymous" and owner.lower_ in PAIR_NOUNS:
        speaker = speakers.pair_before(owner.idx, joined=False)
    if speaker is None or speaker.type == "anonymous":
        return None
    phrase = document.doc[document.left_edge.i : document.i + 1]
    speaker.mention, speaker.start, speaker.end = phrase.text, phrase.start_char, phrase.end_char
    speaker.description = speaker.description if speaker.type == "person" else _ARTICLE_OR_OWNER.sub("", phrase.text)
    return speaker


_ARTICLE_OR_OWNER = re.compile(r"^(?:a|an|the|their|its|his|her)\s+", re.I)


def _subject(cue):
    subjects = [child for child in cue.children if child.dep_ in SUBJECT_DEPS]
    if subjects:
        return subjects[0]
    if cue.dep_ in ("relcl", "acl") and cue.head.pos_ in ("NOUN", "PROPN"):  # "what X called", "a report that said"
        return cue.head
    return None


def _adjacent_speaker(speakers: SpeakerIndex, cue) -> Speaker | None:
    """No parsed subject: the actor named right after the cue ("said Alicja Bachulska, ...")."""
    for token in cue.doc[cue.i + 1 : cue.i + 4]:
        actor, mention = speakers.actor_at(token.idx, token.idx + len(token.text))
        if actor is not None:
            return speakers.speaker(token)
    return None


def _carry_over(text: str, found: list[Found]) -> None:
    """Quotes without a cue take the speaker of the quote right after them when only a stray mark
    parts the two (“Xi believes this. “He is trading ...,” wrote Schuman); else the speaker of the
    quote before them, in the same paragraph or, for a paragraph that opens with a quote, the one before."""
    for quote, following in zip(reversed(found[:-1]), reversed(found[1:])):
        if quote.speaker is None and following.speaker is not None and not text[quote.end : following.start].strip(_OPENING + _CLOSING + " "):
            quote.speaker, quote.cue, quote.how, quote.confidence = following.speaker, following.cue, "same quote", 0.8
    previous = None
    for quote in found:
        if quote.speaker is None and previous is not None and previous.speaker is not None:
            new_paragraph = "\n\n" in text[previous.end : quote.start]
            paragraph_start = text.rfind("\n\n", 0, quote.start) + 2
            opens_paragraph = not text[paragraph_start : quote.start].strip(_OPENING + " ")
            if not new_paragraph or opens_paragraph:
                quote.speaker, quote.cue = previous.speaker, previous.cue
                quote.how = "continuation" if new_paragraph else "same paragraph"
                quote.confidence = 0.7
                quote.kind = "direct" if quote.kind == "partial" and new_paragraph else quote.kind
        previous = quote
