"""The actor knowledge base: states, people with offices, organisations, groups, role nouns.

Everything is read from TSV tables (``resources/actors/*.tsv``, sources in
``resources/SOURCES.md``); a user adds actors by putting tables of the same names
and columns in a folder and passing it as ``tables`` (or listing folders in the
``TIELINE_ACTOR_TABLES`` environment variable, separated like ``PATH``).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from ..resources import parse_tsv

TABLES_ENV = "TIELINE_ACTOR_TABLES"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.&-]{0,7}$")


def phrase_key(text: str) -> str:
    """Lookup key of a name: acronyms keep their case ("US", "WHO"); other names are folded.

    >>> phrase_key("the Kremlin"), phrase_key("U.S."), phrase_key("King’s College London")
    ('kremlin', '=U.S.', "king's college london")
    """
    text = " ".join(text.translate(_APOSTROPHES).split())
    if _ACRONYM.match(text):
        return "=" + text
    lowered = text.lower()
    return lowered[4:] if lowered.startswith("the ") else lowered


@dataclass(frozen=True)
class Entry:
    """What a phrase names: an actor id, its kind, and how the phrase names it."""

    id: str
    name: str
    type: str  # state | person | organization | group
    country: str | None = None
    role: str | None = None
    via: str = "name"  # name | alias | adjective | capital | metonym


@dataclass
class Person:
    id: str
    name: str
    country: str | None
    gender: str | None


@dataclass
class Office:
    person_id: str
    country: str
    office: str
    title: str
    start: str
    end: str


@dataclass(eq=False)
class KnowledgeBase:
    phrases: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    people: dict[str, Person] = field(default_factory=dict)
    offices: dict[tuple[str, str], list[Office]] = field(default_factory=lambda: defaultdict(list))
    titles: dict[str, list[tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(list))
    agents: dict[str, str] = field(default_factory=dict)
    honorifics: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    #: First word of every phrase (lowercase) -> the most words a phrase starting with it has.
    first_words: dict[str, int] = field(default_factory=dict)

    def lookup(self, text: str) -> list[Entry]:
        """Entries a phrase names, the likeliest first (``rank`` orders them once, after loading)."""
        return self.phrases.get(phrase_key(text), [])

    def rank(self) -> None:
        """Order every phrase's entries: a named organisation before a state it stands for."""
        for entries in self.phrases.values():
            entries.sort(key=lambda e: _PREFERENCE.get((e.type, e.via), 2))

    def add(self, phrase: str, entry: Entry) -> None:
        phrase = phrase.strip()
        if not phrase:
            return
        key = phrase_key(phrase)
        if entry not in self.phrases[key]:
            self.phrases[key].append(entry)
        words = key.lstrip("=").lower().split()
        tokens = len(words) + key.count("'") + 2 * key.count("-") + 1  # spaCy splits "King's", "al-Shabaab"
        for first in {words[0], re.split(r"['-]", words[0])[0]} - {""}:
            self.first_words[first] = max(self.first_words.get(first, 0), tokens)

    def longest_from(self, word: str) -> int:
        """How many words a phrase starting with ``word`` may have (0: no phrase starts with it)."""
        return self.first_words.get(word.translate(_APOSTROPHES).lower(), 0)

    def holder(self, country: str, office: str, on: str | None) -> Office | None:
        """Who held ``office`` in ``country`` on date ``on`` (ISO), else the latest holder."""
        terms = self.offices.get((country, office), [])
        if on:
            current = [t for t in terms if (t.start or "0000") <= on and (not t.end or on <= _end_of(t.end))]
        else:
            current = [t for t in terms if not t.end]
        return max(current, key=lambda t: t.start or "", default=None)


_PREFERENCE = {("person", "name"): 0, ("organization", "name"): 1, ("state", "metonym"): 3}


def _end_of(value: str) -> str:
    """An end date written as a year or a month lasts the whole year or month."""
    return value + {4: "-12-31", 7: "-31"}.get(len(value), "")


def split_cell(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def read_rows(path) -> list[dict[str, str]]:
    return parse_tsv(path.read_text(encoding="utf-8"))


def table_folders(extra: Iterable[str | os.PathLike] = (), builtin: bool = True) -> list:
    """The built-in table folder, then the user's folders (``extra`` and ``TIELINE_ACTOR_TABLES``)."""
    folders = [resources.files("tieline.resources").joinpath("actors")] if builtin else []
    env = [p for p in os.environ.get(TABLES_ENV, "").split(os.pathsep) if p] if builtin else []
    return folders + [Path(p) for p in (*extra, *env)]


def rows(folders: list, name: str) -> Iterable[dict[str, str]]:
    for folder in folders:
        path = folder.joinpath(name)
        if path.is_file():
            yield from read_rows(path)


def load(extra: Iterable[str | os.PathLike] = (), builtin: bool = True) -> KnowledgeBase:
    """Build the knowledge base from the built-in tables and the user's (``builtin=False``: only ``extra``)."""
    return _load(tuple(str(p) for p in extra), os.environ.get(TABLES_ENV, ""), builtin)


@lru_cache(maxsize=4)
def _load(extra: tuple[str, ...], env: str, builtin: bool) -> KnowledgeBase:
    folders = table_folders(extra, builtin)
    kb = KnowledgeBase()
    _add_countries(kb, rows(folders, "countries.tsv"))
    _add_metonyms(kb, rows(folders, "metonyms.tsv"))
    _add_organizations(kb, rows(folders, "organizations.tsv"))
    _add_groups(kb, rows(folders, "groups.tsv"))
    _add_people(kb, rows(folders, "people.tsv"))
    _add_offices(kb, rows(folders, "offices.tsv"))
    for row in rows(folders, "titles.tsv"):
        kb.titles[phrase_key(row["phrase"])].append((row["office"], row.get("country") or None))
    for row in rows(folders, "agents.tsv"):
        for phrase in (row["phrase"], *split_cell(row.get("plural"))):
            kb.agents.setdefault(phrase.lower(), split_cell(row["cameo"])[0] if row["cameo"] else None)
    for row in read_rows(resources.files("tieline.resources").joinpath("honorifics.tsv")):
        kb.honorifics[row["phrase"]] = (row["kind"], row.get("gender") or None)
    kb.rank()
    return kb


def _add_countries(kb: KnowledgeBase, table) -> None:
    for row in table:
        iso3, name = row["iso3"], row["name"]
        kb.names[iso3] = name
        kb.add(name, Entry(iso3, name, "state", iso3))
        for via, column in (("alias", "aliases"), ("adjective", "adjectives"), ("capital", "capitals")):
            for phrase in split_cell(row.get(column)):
                kb.add(phrase, Entry(iso3, name, "state", iso3, via=via))


def _add_metonyms(kb: KnowledgeBase, table) -> None:
    for row in table:
        iso3 = row.get("iso3") or None
        name = kb.names.get(iso3 or "", row["phrase"])
        entry = Entry(iso3 or row["phrase"], name, "state", iso3, row.get("role") or None, "metonym")
        kb.add(row["phrase"], entry)
        bare = row["phrase"].removeprefix("the ")
        if bare.isupper():  # "the FBI" is also written "FBI", matched case-sensitively
            kb.add(bare, entry)


def _add_organizations(kb: KnowledgeBase, table) -> None:
    for row in table:
        entry = Entry(row["id"], row["name"], "organization", row.get("country") or None, _org_role(row))
        kb.names[row["id"]] = row["name"]
        for phrase in (row["name"], *split_cell(row.get("aliases"))):
            kb.add(phrase, entry)


def _org_role(row: dict[str, str]) -> str | None:
    return {"media": "MED", "university": "EDU", "company": "BUS", "ngo": "NGO", "armed_group": "REB",
            "party": "PTY", "igo": "IGO", "think_tank": "NGO"}.get(row.get("type", ""))


def _add_groups(kb: KnowledgeBase, table) -> None:
    for row in table:
        entry = Entry(row["id"], row["name"], "group", None)
        kb.names[row["id"]] = row["name"]
        for phrase in (row["name"], *split_cell(row.get("aliases"))):
            kb.add(phrase, entry)


def _add_people(kb: KnowledgeBase, table) -> None:
    for row in table:
        person = Person(row["id"], row["name"], row.get("country") or None, row.get("gender") or None)
        kb.people[person.id] = person
        kb.names[person.id] = person.name
        for phrase in (row["name"], *split_cell(row.get("aliases"))):
            if len(phrase.split()) > 1:  # a lone surname is resolved in context, never from the table
                kb.add(phrase, Entry(person.id, person.name, "person", person.country))


def _add_offices(kb: KnowledgeBase, table) -> None:
    for row in table:
        office = Office(row["person_id"], row.get("country") or "", row["office"], row.get("title", ""),
                        row.get("start", ""), row.get("end", ""))
        kb.offices[(office.country, office.office)].append(office)
