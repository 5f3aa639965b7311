"""Who a cue's subject is: the actor whose mention stands there, or the words as written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import table

SUBJECT_DEPS = ("nsubj", "nsubjpass")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)


@lru_cache(maxsize=1)
def cue_forms() -> dict[str, tuple[str, str]]:
    """Written form -> (lemma, kind) of every cue word."""
    return {row["form"]: (row["lemma"], row["kind"]) for row in table("quote_cues.tsv")}


@dataclass
class Speaker:
    name: str | None
    id: str | None = None
    type: str = "anonymous"
    mention: str | None = None
    start: int | None = None
    end: int | None = None
    description: str | None = None
    affiliation: str | None = None
    country: str | None = None


PLURAL_PRONOUNS = ("they", "them", "their")
#: Characters back within which "they" looks for the pair of people it stands for.
PAIR_WINDOW = 1500


class SpeakerIndex:
    """Actor mentions of one document, looked up by character offsets."""

    def __init__(self, text: str, actors: list[dict]):
        self.text = text
        self.spans = sorted(
            ((m["start"], m["end"], actor, m) for actor in actors for m in actor["mentions"]), key=lambda s: s[0]
        )

    def actor_at(self, start: int, end: int):
        """The actor with a mention overlapping [start, end): a person first."""
        found = [(actor, m) for s, e, actor, m in self.spans if s < end and start < e]
        found.sort(key=lambda pair: pair[0]["type"] != "person")
        return found[0] if found else (None, None)

    def pair_before(self, offset: int, joined: bool = True) -> Speaker | None:
        """"they" after "Xi and Putin ...": the last two people named together before it. With
        ``joined`` false ("the two leaders" after "Xi's talks with Putin"), the last two people named."""
        people = [(s, e, a) for s, e, a, m in self.spans if a["type"] == "person" and m["kind"] != "pronoun" and e <= offset]
        for (s1, e1, first), (s2, e2, second) in zip(reversed(people[:-1]), reversed(people[1:])):
            if s1 < offset - PAIR_WINDOW:
                return None
            if first["id"] == second["id"]:
                continue
            if self.text[e1:s2] == " and ":
                return Speaker(f"{first['name']} and {second['name']}", None, "group", self.text[s1:e2], s1, e2)
            if not joined:
                return Speaker(f"{first['name']} and {second['name']}", None, "group", None, None, None)
        return None

    def _states_within(self, start: int, end: int) -> list[dict]:
        """The states and bodies named inside a phrase, in order ("Both Ukrainian and American
        officials", "the readout from Seoul", "the Treasury statement")."""
        states = []
        for s, e, actor, mention in self.spans:
            if start <= s and e <= end and actor["type"] != "person" and actor not in states:
                states.append(actor)
        return states

    def _person_in_apposition(self, subject):
        for child in subject.children:
            if child.dep_ == "appos":
                actor, mention = self.actor_at(child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text))
                if actor is not None and actor["type"] == "person":
                    return actor, mention
        return None

    def speaker(self, subject) -> Speaker | None:
        """The speaker a subject token (and its phrase) names."""
        if subject is None or subject.is_punct:
            return None
        if subject.lower_ in PLURAL_PRONOUNS:
            pair = self.pair_before(subject.idx)
            if pair is not None:
                return pair
        phrase = _core_phrase(subject)
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        actor, mention = self.actor_at(subject.idx, subject.idx + len(subject.text))
        if actor is None:
            actor, mention = self.actor_at(start, end)
        written = self.text[start:end]
        if actor is None or actor["type"] != "person":
            named = self._person_in_apposition(subject)  # "The bill's author, Sen. Justin Wayne, said"
            if named is not None:
                actor, mention = named
        if actor is None:
            kind = "document" if subject.lower_ in DOCUMENT_WORDS else "anonymous"
            name = _ARTICLE.sub("", written) if kind == "document" else written
            bodies = self._states_within(subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text))
            return Speaker(name, None, kind, written, start, end, affiliation=" and ".join(a["name"] for a in bodies) or None,
                           country=bodies[0].get("country") if bodies else None)
        if actor["type"] in ("state", "group", "organization") and mention.get("role"):  # "two European officials"
            states = self._states_within(start, end) or [actor]
            return Speaker(written, actor["id"], "anonymous", written, start, end,
                           affiliation=" and ".join(a["name"] for a in states), country=actor.get("country"))
        return Speaker(actor["name"], actor["id"], actor["type"], mention["text"], mention["start"], mention["end"],
                       actor.get("description"), _affiliation(actor), actor.get("country"))


def _affiliation(actor: dict) -> str | None:
    """An organisation the actor speaks for, else, for a person or a body, the state it serves or belongs to."""
    if actor.get("affiliation"):
        return actor["affiliation"]
    if actor["type"] in ("state", "group"):
        return actor["name"]
    country = country_names().get(actor.get("country") or "")
    return country or (actor["name"] if actor["type"] == "organization" else None)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO-3 code -> common English name."""
    return {row["iso3"]: row["name"] for row in table("actors/countries.tsv")}


def _core_phrase(token):
    """The subject's words without appositions or relative clauses: "Alicja Bachulska", "two European officials"."""
    left = [t for t in token.lefts if t.dep_ in ("compound", "amod", "det", "nummod", "poss", "case", "nmod")]
    start = min([token.i] + [t.left_edge.i for t in left])
    return token.doc[start : token.i + 1]


DOCUMENT_WORDS = frozenset({"statement", "communique", "communiqué", "report", "document", "letter", "declaration",
                             "summary", "resolution", "memo", "readout", "proposal", "plan", "text", "notice"})
