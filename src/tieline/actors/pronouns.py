"""Pronouns that quotes and events need ("he said", "She added") -> a person.

Method: for "he"/"she" as the subject of a clause, or "his"/"her" as a possessive
("his office said"), take the nearest person
mentioned before it, within the same paragraph or the two before, whose gender
agrees (gender from the knowledge base or from "Mr."/"Ms."; unknown agrees with
both). A mention inside quotation marks is passed over when the pronoun is
outside them: the speaker of a quote is seldom named inside it. A possessive never
stands for a person its own noun phrase names ("his support for Putin" is not Putin's).
"""

from __future__ import annotations

import re

from .quote_marks import quoted_regions

PRONOUN_GENDER = {"he": "m", "she": "f", "his": "m", "her": "f"}
#: Dependency labels of the pronouns resolved: clause subjects and possessives ("his office said").
PRONOUN_DEPS = ("nsubj", "nsubjpass", "poss")
#: The person spoken to ("told X") is never the referent of the speaker's pronoun.
OBJECT_DEPS = ("dobj", "dative", "iobj")
#: Paragraphs back (besides the pronoun's own) where the referent may stand.
PARAGRAPHS_BACK = 2


def resolve_pronouns(resolver) -> None:
    text = resolver.text
    regions = quoted_regions(text)
    paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]
    people = sorted(
        ((m, a) for a in resolver.actors.values() if a.type == "person" for m in a.mentions if m.kind != "pronoun"),
        key=lambda item: item[0].start,
    )
    objects = frozenset(t.left_edge.idx for t in resolver.tokens if t.dep_ in OBJECT_DEPS and t.head.lower_ in ("told", "tells", "tell"))
    for token in resolver.tokens:
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is None or token.dep_ not in PRONOUN_DEPS:
            continue
        bound = _named_in_phrase(token, people) if token.dep_ == "poss" else ()
        actor = _referent(token.idx, gender, people, regions, _window_start(token.idx, paragraph_starts), objects, bound)
        if actor is not None:
            actor.mentions.append(type(people[0][0])(token.idx, token.idx + len(token.text), token.text, "pronoun"))


def _window_start(offset: int, paragraph_starts: list[int]) -> int:
    own = max(i for i, start in enumerate(paragraph_starts) if start <= offset)
    return paragraph_starts[max(0, own - PARAGRAPHS_BACK)]


def _named_in_phrase(token, people) -> list:
    """People named inside the noun phrase a possessive belongs to."""
    head = token.head
    start, end = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    return [actor for mention, actor in people if start <= mention.start < end]


def _referent(offset, gender, people, regions, window_start, objects=frozenset(), bound=()):
    pronoun_quoted = _inside(offset, regions)
    for mention, actor in reversed(people):
        if any(actor is other for other in bound):
            continue
        if mention.start >= offset or mention.start < window_start:
            continue
        if not pronoun_quoted and _inside(mention.start, regions):
            continue
        if mention.start in objects:  # "told Gazetteer": the one spoken to is not the one speaking
            continue
        if actor.gender in (None, gender):
            return actor
    return None


def _inside(offset: int, regions) -> bool:
    return any(start <= offset < end for start, end in regions)
