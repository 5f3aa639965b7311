"""Resolve one parsed document's actor mentions to canonical actors.

The method, in order (each step documented in docs/actors.md):

1. gazetteer: the longest knowledge-base phrase at each capitalised token
   (states by name, alias, adjective, capital or seat of power; organisations;
   groups; people by full name);
2. titles: "China's leader", "the German chancellor" -> who held the office on
   the article's date;
3. people from spaCy's entities and honorifics ("Mr. Xi", "Ms. Bachulska"),
   joined within the document by surname, then by the knowledge base;
4. organisations spaCy finds that the knowledge base lacks;
5. CAMEO roles from role nouns after a state ("Chinese banks" -> BUS);
6. descriptions and affiliations from appositions and "of/at X";
7. pronouns ("he said") -> the nearest compatible person (``pronouns``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span

from ..budget import check, checked
from ..resources import table
from .descriptions import describe_people
from .knowledge import Entry, KnowledgeBase
from .names import fold, name_key, slug, strip_possessive, surnames
from .acronyms import defined_acronyms
from .pronouns import resolve_neuter_pronouns, resolve_pronouns

#: spaCy entity labels that name people and organisations.
PERSON_LABELS = ("PERSON",)
ORG_LABELS = ("ORG",)
#: Share of title-case words above which a sentence is a headline merged into the body.
HEADLINE_SHARE = 0.7
#: Tokens after a state mention within which a role noun may follow ("Chinese state-owned banks").
ROLE_WINDOW = 3
_POSSESSIVE_TOKENS = ("'s", "’s", "'", "’")
#: Words before a capital that make it the place where something happened, not its government.
VENUE_WORDS = ("in", "at", "near", "outside", "inside", "across", "around")


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    return frozenset(row["word"] for row in table("org_words.tsv"))


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str
    role: str | None = None


@dataclass
class Draft:
    """An actor while its document is being read."""

    id: str
    name: str
    type: str
    country: str | None = None
    in_kb: bool = False
    gender: str | None = None
    description: str | None = None
    affiliation: str | None = None
    affiliation_id: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def roles(self) -> list[str]:
        return sorted({m.role for m in self.mentions if m.role})

    def to_dict(self, stage: str) -> dict:
        return {
            "id": self.id, "name": self.name, "type": self.type, "country": self.country,
            "roles": self.roles, "description": self.description, "affiliation": self.affiliation,
            "affiliation_id": self.affiliation_id, "in_kb": self.in_kb,
            "mentions": [vars(m) for m in sorted(self.mentions, key=lambda m: m.start)], "stage": stage,
        }


class Resolver:
    """Holds the actors of one document while its mentions are resolved."""

    def __init__(self, kb: KnowledgeBase, parsed, published: str | None):
        self.kb = kb
        self.sp = parsed
        self.text = parsed.text
        self.tokens = list(parsed)
        self.published = published
        self.actors: dict[str, Draft] = {}
        self.taken: list[tuple[int, int]] = []
        self._country: str | None = None
        self.unheld_titles: list[Mention] = []
        self.acronyms = defined_acronyms(self.text)

    # bookkeeping

    def overlaps(self, start: int, end: int) -> bool:
        check()  # called for every candidate mention: the time budget's check (tieline.budget)
        return any(start < e and s < end for s, e in self.taken)

    def add(self, entry: Entry | Draft, mention: Mention) -> Draft:
        actor = self.actors.get(entry.id)
        if actor is None:
            actor = entry if isinstance(entry, Draft) else Draft(entry.id, entry.name, entry.type, entry.country, True)
            if actor.type == "person" and actor.in_kb and actor.id in self.kb.people:
                actor.gender = self.kb.people[actor.id].gender
            self.actors[actor.id] = actor
        actor.mentions.append(mention)
        self.taken.append((mention.start, mention.end))
        return actor

    # the steps

    def run(self) -> list[Draft]:
        matches = self.gazetteer()
        self.titles(matches)
        for tokens, entry, via in matches:
            if not self.overlaps(tokens[0].idx, _end(tokens[-1])):
                start, end = tokens[0].idx, _end(tokens[-1])
                self.add(entry, Mention(start, end, self.text[start:end], via))
        for step in (self.people, self.surnames_alone, self.appositive_titles, self.organizations, self.roles,
                     lambda: describe_people(self), lambda: resolve_pronouns(self), lambda: resolve_neuter_pronouns(self)):
            check()
            step()
        return sorted(self.actors.values(), key=lambda a: min(m.start for m in a.mentions))

    def gazetteer(self) -> list[tuple[list, Entry, str]]:
        """Longest knowledge-base phrase starting at each capitalised token."""
        found, tokens, index = [], self.tokens, 0
        while index < len(tokens):
            starts = tokens[index].text[:1].isupper() and tokens[index].lower_ != "the"
            match = self._longest(tokens, index) if starts else None
            if match:
                found.append(match)
                index += len(match[0])
            else:
                index += 1
        found = self._defined_names(found)
        return [m for m in checked(found) if not self._inside_other_person(m)]

    def _defined_names(self, found):
        """The name an acronym is defined by is one mention of that actor ("the London Stock Exchange
        (LSE)" is the exchange, not London)."""
        for acronym, name in self.acronyms.items():
            at = self.text.find(f"{name} ({acronym})")
            span = self.sp.char_span(at, at + len(name)) if at >= 0 else None
            if span is None or any(m[0][0].idx == at and len(m[0]) == len(span) for m in found):
                continue  # the knowledge base already names it
            entry = self._as_defined(acronym, [Entry("", "", "organization")])[0]
            found = [m for m in found if m[0][-1].idx + len(m[0][-1].text) <= at or m[0][0].idx >= at + len(name)]
            found.append((list(span), entry, "name"))
        return sorted(found, key=lambda m: m[0][0].i)

    def _longest(self, tokens, index):
        for size in range(min(self.kb.longest_from(tokens[index].text), len(tokens) - index), 0, -1):
            span = tokens[index : index + size]
            if span[-1].text in _POSSESSIVE_TOKENS:
                continue
            written = self.text[span[0].idx : _end(span[-1])]
            entries = self.kb.lookup(written)
            if entries and written in self.acronyms:
                entries = self._as_defined(written, entries)
            if entries:
                return span, entries[0], entries[0].via
        return None

    def _as_defined(self, acronym: str, entries: list[Entry]) -> list[Entry]:
        """An acronym the article defines is what it defines ("London Stock Exchange (LSE)")."""
        name = self.acronyms[acronym]
        if any(fold(e.name) == fold(name) for e in entries):
            return entries
        named = self.kb.lookup(name)
        if named:
            return [Entry(named[0].id, named[0].name, named[0].type, named[0].country, named[0].role, "alias")]
        return [Entry(f"local:org:{slug(name)}", name, "organization", None, None, "alias")]

    def _inside_other_person(self, match) -> bool:
        """Not a state or group: a name inside a longer person's name ("Jordan" in "Michael Jordan"),
        inside an organisation's or facility's name ("Cairo University"), a capital used as a venue
        ("talks in Beijing"), or a group word inside a longer proper name ("West African")."""
        tokens, entry, via = match
        if entry.type not in ("state", "group"):
            return False
        if via == "capital" and tokens[0].i > 0 and tokens[0].nbor(-1).lower_ in VENUE_WORDS:
            return True
        after = tokens[-1].nbor(1) if tokens[-1].i + 1 < len(tokens[0].doc) else None
        if entry.type == "group" and after is not None and after.text[:1].isupper() and after.pos_ in ("ADJ", "PROPN"):
            return True
        ent = _entity_of(tokens[0]) if tokens[0].ent_type_ in ("PERSON", "ORG", "FAC") else None
        if ent is None or len(ent) <= len(tokens) or self.kb.lookup(ent.text):
            return False
        return ent.label_ == "PERSON" or any(t.text in _org_words() for t in ent)

    def titles(self, matches) -> None:
        """"China's leader", "the German chancellor": a state, then a post, -> the holder on that date."""
        for tokens, entry, via in matches:
            if entry.type != "state" or not entry.country:
                continue
            self._country = entry.country
            found = self._title_after(tokens[-1].i + 1)
            if not found:
                continue
            office, end_token = found
            holder = self.kb.holder(entry.country, office, self.published)
            start = _with_article(tokens[0]).idx
            mention = Mention(start, _end(end_token), self.text[start:_end(end_token)], "title")
            if holder is None or holder.person_id not in self.kb.people:
                self.unheld_titles.append(mention)  # may still name the person before it in apposition
                continue
            person = self.kb.people[holder.person_id]
            self.add(Entry(person.id, person.name, "person", person.country), mention)

    def _title_after(self, index: int):
        doc = self.sp
        if index < len(doc) and doc[index].text in _POSSESSIVE_TOKENS:
            index += 1
        for size in (4, 3, 2, 1):
            if index + size > len(doc):
                continue
            span = doc[index : index + size]
            rows = self.kb.titles.get(fold(span.text), [])
            specific = [office for office, countries in rows if countries and self._country in countries.split("|")]
            general = [office for office, countries in rows if not countries]
            if specific or general:
                return (specific or general)[0], span[-1]
        return None

    def people(self) -> None:
        """People from spaCy's entities and from honorifics, joined by name within the document."""
        for start, end, gender in self._person_spans():
            if self.overlaps(start, end):
                continue
            name = strip_possessive(self.text[start:end])
            if name:
                actor = self._person_for(name)
                actor.gender = actor.gender or gender
                self.add(actor, Mention(start, start + len(name), name, "name" if " " in name else "surname"))

    def _person_spans(self):
        spans = {}
        for ent in checked(self.sp.ents, every=1):
            if ent.label_ in PERSON_LABELS and not _headline(ent.sent):
                start, gender = self._after_honorifics(ent)
                if start < ent.end:
                    spans[ent.start_char if start == ent.start else self.sp[start].idx] = (ent.end_char, gender)
        for token, name in zip(self.tokens, self.tokens[1:]):
            kind = self.kb.honorifics.get(token.text, (None, None))
            if kind[0] == "honorific" and name.text[:1].isupper():
                spans.setdefault(name.idx, (_end(name), kind[1]))
        return sorted((start, end, gender) for start, (end, gender) in spans.items())

    def _after_honorifics(self, ent):
        index, gender = ent.start, None
        if index > 0 and self.kb.honorifics.get(self.sp[index - 1].text, ("",))[0] == "honorific":
            gender = self.kb.honorifics[self.sp[index - 1].text][1]
        while index < ent.end - 1 and self.sp[index].text in self.kb.honorifics:
            gender = gender or self.kb.honorifics[self.sp[index].text][1]
            index += 1
        return index, gender

    def _person_for(self, name: str) -> Draft:
        for entry in self.kb.lookup(name):
            if entry.type == "person":
                return self.actors.get(entry.id) or Draft(entry.id, entry.name, "person", entry.country, True)
        key = name_key(name)
        words = key.split()
        for actor in self.actors.values():
            if actor.type != "person":
                continue
            if len(words) == 1 and words[0] in surnames(actor.name, actor.country):
                return actor
            if len(words) > 1 and name_key(actor.name) == key:
                return actor
        known = self._kb_person(key)
        if known:
            return self.actors.get(known.id) or Draft(known.id, known.name, "person", known.country, True, known.gender)
        if len(words) == 1:
            name = self._full_name_before(name)
            joined = next((a for a in self.actors.values() if a.type == "person" and a.name == name), None)
            if joined is not None:
                return joined
        return Draft(f"local:person:{slug(name)}", name, "person")

    def _full_name_before(self, surname: str) -> str:
        """A lone surname whose full name spaCy missed: the first "First Surname" pair in the text."""
        match = re.search(rf"\b([A-Z][a-z]+(?:\s[A-Z]\.)?)\s+{re.escape(surname)}\b", self.text)
        if match is None or match.group(1) in self.kb.honorifics or self.kb.lookup(match.group(1)):
            return surname
        return f"{match.group(1)} {surname}"

    def _kb_person(self, key: str):
        """A full name without middle initials, or a lone surname of someone in office on the date."""
        words = key.split()
        if not words:
            return None
        if len(words) > 1:
            entries = [e for e in self.kb.lookup(key) if e.type == "person"]
            return self.kb.people.get(entries[0].id) if entries else None
        holders = self._holders_by_surname().get(words[0], set())
        return self.kb.people[next(iter(holders))] if len(holders) == 1 else None

    def _holders_by_surname(self) -> dict[str, set[str]]:
        """Surnames of everyone in office on the article's date (computed once per date)."""
        return _holders_by_surname(self.kb, self.published)

    def surnames_alone(self) -> None:
        """A capitalised word equal to the surname of a person already named is that person, even
        where spaCy tagged no entity ("Kuhrt said")."""
        people = {}
        for actor in self.actors.values():
            if actor.type == "person" and " " in actor.name:
                for surname in surnames(actor.name, actor.country)[:1]:
                    people.setdefault(surname, []).append(actor)
        for token in self.tokens:
            matches = people.get(fold(token.text), []) if token.text[:1].isupper() else []
            start, end = token.idx, _end(token)
            if len(matches) == 1 and not self.overlaps(start, end) and start > min(m.start for m in matches[0].mentions):
                self.add(matches[0], Mention(start, end, token.text, "surname"))

    def appositive_titles(self) -> None:
        """"Olaf Scholz, the German chancellor," names Scholz, whoever held the post on the date."""
        ends = {m.end: a for a in self.actors.values() if a.type == "person" for m in a.mentions if m.kind != "title"}
        titled = [(a, m) for a in self.actors.values() for m in a.mentions if m.kind == "title"]
        for actor, mention in titled + [(None, m) for m in self.unheld_titles]:
            comma = re.search(r",\s+$", self.text[max(0, mention.start - 3) : mention.start])
            named = ends.get(mention.start - len(comma.group())) if comma else None
            if named is None or named is actor:
                continue
            if actor is not None:
                actor.mentions.remove(mention)
            else:
                self.taken.append((mention.start, mention.end))
            named.mentions.append(mention)
            named.description = named.description or mention.text
            for other in self.actors.values():  # "German" inside "the German chancellor" is not Germany
                if other is not named:
                    other.mentions = [m for m in other.mentions if not (mention.start <= m.start and m.end <= mention.end)]
        for actor in [a for a in self.actors.values() if not a.mentions]:
            del self.actors[actor.id]

    def organizations(self) -> None:
        """Organisations spaCy finds that the knowledge base lacks (two words or more, not a headline)."""
        for ent in self.sp.ents:
            if ent.label_ not in ORG_LABELS or _headline(ent.sent):
                continue
            span = _without_article(ent)
            if len(span) < 2 or self.overlaps(span.start_char, span.end_char):
                continue
            name = strip_possessive(span.text)
            draft = Draft(f"local:org:{slug(name)}", name, "organization")
            self.add(draft, Mention(span.start_char, span.start_char + len(name), name, "name"))

    def roles(self) -> None:
        """A role noun after a state ("Russian forces", "China's foreign ministry") gives the mention its role."""
        state_mentions = sorted(
            (m for a in self.actors.values() if a.type in ("state", "group") for m in a.mentions if m.kind != "title"),
            key=lambda m: m.start, reverse=True,
        )
        for mention in state_mentions:
            self.role_for(mention)
        for first, second in zip(state_mentions[1:], state_mentions):
            between = self.text[first.end : second.start].strip()
            if between in ("and", "or", ",", "and the") and second.role and not first.role:
                first.role = second.role

    def role_for(self, mention: Mention) -> None:
        """A role noun right after the mention ("its foreign ministry") gives it the role and extends it."""
        if mention.role:
            return
        after = self.sp.char_span(mention.start, mention.end, alignment_mode="expand")
        if after is None:
            return
        for token in self.sp[after.end : after.end + ROLE_WINDOW + 1]:
            if token.text in _POSSESSIVE_TOKENS:
                continue
            role = self.kb.agents.get(token.lower_)
            if role:
                mention.role, mention.end = role, _end(token)
                mention.text = self.text[mention.start : mention.end]
                return
            if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON", "CCONJ"):
                return
            if self.overlaps(token.idx, _end(token)):  # another actor's name starts here
                return


@lru_cache(maxsize=64)
def _holders_by_surname(kb: KnowledgeBase, on: str | None) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for country, office in list(kb.offices):
        holder = kb.holder(country, office, on)
        if holder and holder.person_id in kb.people:
            for surname in surnames(kb.people[holder.person_id].name, country)[:1]:
                found.setdefault(surname, set()).add(holder.person_id)
    return found


def _end(token) -> int:
    return token.idx + len(token.text)


def _entity_of(token):
    """The entity holding ``token``, found from the tokens' IOB tags around it (``doc.ents`` builds
    every entity of the document: a scan per call made the gazetteer quadratic)."""
    if not token.ent_type_:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def _with_article(token):
    previous = token.doc[token.i - 1] if token.i > 0 else None
    return previous if previous is not None and previous.lower_ == "the" else token


def _without_article(ent):
    return ent[1:] if ent[0].lower_ == "the" else ent


def _headline(sentence) -> bool:
    """A sentence of mostly title-case words is a headline that slipped into the body."""
    words = [t for t in sentence if t.is_alpha and len(t.text) > 3]
    if len(words) < 5:
        return False
    return sum(t.text[0].isupper() for t in words) / len(words) >= HEADLINE_SHARE
