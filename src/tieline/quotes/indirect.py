"""Reported speech: "X said (that) ...", "X told Y that ...", "according to X, ...",
"X warned against ...". The content is the reported clause; quoted text inside it is
left to the direct and partial quotes.
"""

from __future__ import annotations

from ..budget import checked
from .direct import Found
from .speakers import SUBJECT_DEPS, SpeakerIndex, cue_forms

#: Nouns that are sources without a name ("according to analysts", "according to the summary").
SOURCE_NOUNS = frozenset({
    "analysts", "experts", "officials", "sources", "diplomats", "observers", "people", "residents", "witnesses",
    "critics", "economists", "aides", "advisers", "advisors", "lawmakers", "investigators", "researchers",
    "data", "estimates", "figures", "reports", "report", "summary", "statement", "documents", "document",
    "survey", "poll", "study", "analysis", "filing", "readout", "transcript", "spokesman", "spokeswoman",
    "spokesperson", "ministry", "government", "police", "military", "army", "agency", "media", "newspaper",
})
#: Dependency labels of a reported clause under its cue verb.
CLAUSE_DEPS = ("ccomp",)


def find_reported(parsed, speakers: SpeakerIndex, quoted: list[tuple[int, int]]) -> list[Found]:
    found = []
    for token in checked(parsed, every=8):
        kind = cue_forms().get(token.lower_, (None, None))[1]
        if kind == "source" and token.lower_ == "according":
            quote = _according_to(parsed, token, speakers)
        elif kind in ("speech", "writing") and token.pos_ in ("VERB", "AUX"):
            quote = _said_that(token, speakers)
        else:
            quote = None
        if quote is not None and not _overlaps_quoted(quote, quoted):
            found.append(quote)
    return found


def _said_that(cue, speakers: SpeakerIndex) -> Found | None:
    subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS]
    if not subjects and (cue.dep_ == "conj" or (cue.dep_ in ("advcl", "xcomp") and cue.tag_ == "VBG")):
        subjects = [c for c in cue.head.children if c.dep_ in SUBJECT_DEPS]  # "..., saying that"; "... but said"
    if subjects and cue.dep_ == "parataxis":  # "Xi, analysts said, has priced in sanctions"
        return _aside(cue, subjects[0], speakers)
    clauses = [c for c in cue.children if c.dep_ in CLAUSE_DEPS]
    if not subjects or not clauses:
        prep = [c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("against", "about", "of") and c.i > cue.i]
        if not subjects or not prep or not list(prep[0].children):
            return None
        clauses = [prep[0]]
    clause = clauses[0]
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.lower_ == "that" and t.head == clause)]
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    if end - start < 8:
        return None
    speaker = speakers.speaker(subjects[0])
    return Found(start, end, "indirect", speaker, cue.text, cue.idx, cue.idx + len(cue.text), "reported", 0.6)


def _aside(cue, subject, speakers: SpeakerIndex) -> Found | None:
    """The sentence around a parenthetical cue is what the cue's subject said."""
    aside = [t.i for t in cue.subtree]
    after = [t for t in cue.sent if t.i > max(aside)]
    rest = after if len([t for t in after if t.is_alpha]) >= 4 else [t for t in cue.sent if t.i < min(aside)]
    while rest and rest[0].is_punct:
        rest.pop(0)
    while rest and rest[-1].is_punct:
        rest.pop()
    if len(rest) < 4:
        return None
    start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
    return Found(start, end, "indirect", speakers.speaker(subject), cue.text, cue.idx, cue.idx + len(cue.text), "reported", 0.6)


def _according_to(parsed, according, speakers: SpeakerIndex) -> Found | None:
    to = next((c for c in according.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if source is None:
        return None
    sentence = according.sent
    phrase = sorted({according.i, *(t.i for t in according.subtree)})
    rest = [t for t in sentence if t.i not in phrase and not (t.is_punct and (t.i == phrase[-1] + 1 or t.i == phrase[0] - 1))]
    while rest and rest[-1].is_punct:
        rest.pop()
    if not rest:
        return None
    speaker = speakers.speaker(source)
    named = source.pos_ == "PROPN" or source.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")
    if speaker is None or (speaker.id is None and speaker.type == "anonymous" and not named and source.lower_ not in SOURCE_NOUNS):
        return None  # "according to their own national conditions" names no source
    start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
    cue_end = to.idx + len(to.text)
    return Found(start, end, "indirect", speaker, "according to", according.idx, cue_end, "reported", 0.6)


def _overlaps_quoted(quote: Found, quoted: list[tuple[int, int]]) -> bool:
    """Reported speech that is mostly quoted text is left to the direct or partial quote."""
    inside = sum(max(0, min(quote.end, e) - max(quote.start, s)) for s, e in quoted)
    return inside > 0.5 * (quote.end - quote.start)
