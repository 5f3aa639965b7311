"""Pronouns that quotes and events need ("he said", "She added") -> a person.

Method: for "he"/"she" as the subject of a clause, or "his"/"her" as a possessive
("his office said"), take the nearest person
mentioned before it, within the same paragraph or the two before, whose gender
agrees (gender from the knowledge base or from "Mr."/"Ms."; unknown agrees with
both). A mention inside quotation marks is passed over when the pronoun is
outside them: the speaker of a quote is seldom named inside it. A possessive never
stands for a person its own noun phrase names ("his support for Putin" is not Putin's).

"it"/"its" as a subject or possessive stands for a state, an organisation or a group that is the
subject of an earlier clause of the same sentence, else of the sentence before it in the same
paragraph ("North Korea fired two missiles. It was the North's third launch ..." is not taken:
"it" before "be", "seem", "appear" is no actor; "China's foreign ministry ... its" is).
"""

from __future__ import annotations

import re

from ..budget import checked
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
    for token in checked(resolver.tokens):
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is None or token.dep_ not in PRONOUN_DEPS:
            continue
        bound = _named_in_phrase(token, people) if token.dep_ == "poss" else ()
        actor = _referent(token.idx, gender, people, regions, _window_start(token.idx, paragraph_starts), objects, bound)
        if actor is not None:
            actor.mentions.append(type(people[0][0])(token.idx, token.idx + len(token.text), token.text, "pronoun"))


NEUTER_PRONOUNS = ("it", "its")
#: Verbs whose subject "it" is a placeholder, not an actor ("it is clear", "it seems").
EXPLETIVE_HEADS = frozenset({"be", "seem", "appear", "remain", "matter", "take", "become", "look", "emerge"})


def resolve_neuter_pronouns(resolver) -> None:
    """"it"/"its" -> the state, organisation or group that was the subject just before."""
    subjects = _subject_actors(resolver)
    for token in checked(resolver.tokens):
        if token.lower_ not in NEUTER_PRONOUNS or token.dep_ not in PRONOUN_DEPS:
            continue
        if token.dep_ != "poss" and token.head.lemma_.lower() in EXPLETIVE_HEADS:
            continue
        actor = _last_subject_before(token, subjects, resolver.text)
        if actor is not None:
            mention = type(actor.mentions[0])(token.idx, token.idx + len(token.text), token.text, "pronoun")
            resolver.role_for(mention)  # "its foreign ministry": the state's ministry
            actor.mentions.append(mention)


def _subject_actors(resolver):
    """sentence start -> [(offset, actor or None)] for every clause subject, in order; the actor is
    the state, body or group the subject names, None when it names none ("The Treasury")."""
    spans = [(m.start, m.end, a) for a in resolver.actors.values() if a.type != "person" for m in a.mentions if m.kind != "pronoun"]
    found: dict[int, list] = {}
    for token in checked(resolver.tokens):
        if token.dep_ not in ("nsubj", "nsubjpass") or token.lower_ in NEUTER_PRONOUNS:
            continue
        words = [token] + [w for c in token.lefts if c.dep_ in ("compound", "amod", "poss") for w in c.subtree]
        actor = next((a for start, end, a in spans if any(start <= w.idx < end for w in words)), None)
        if any(c.dep_ == "mark" for c in token.head.children):
            continue  # "If Russia wins, it will offer ...": a subordinate clause's subject is not "it"
        found.setdefault(token.sent.start_char, []).append((token.idx, actor))
    return found


def _last_subject_before(token, subjects, text):
    """An earlier subject of the same sentence, else the first subject of the sentence before
    (in the same paragraph), when it names a state, body or group."""
    sentence = token.sent
    earlier = [actor for offset, actor in subjects.get(sentence.start_char, []) if offset < token.idx and actor is not None]
    if earlier:
        return earlier[-1]
    if sentence.start == 0:
        return None
    before = token.doc[sentence.start - 1].sent
    if "\n\n" in text[before.end_char - 1 : sentence.start_char + 1] or "\n\n" in before.text:
        return None
    first = subjects.get(before.start_char, [])
    return first[0][1] if first else None


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
