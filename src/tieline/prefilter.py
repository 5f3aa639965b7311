"""Which sentences of a body can hold a record: the parse stage parses only those.

A record needs an actor, a quote or a speech cue, so a sentence is kept for the parse when it
has any of:

- two capitalised words in a row after the first word (a name the tables may not know);
- a capitalised word that starts a name in the actor knowledge base (a country, demonym,
  capital, person, organisation, group or seat of power: "Beijing", "Chinese", "Xi", "NATO",
  "Kremlin"), an honorific ("Mr", "Dr") or an office title ("President", "Minister");
- a speech cue of ``resources/quote_cues.tsv`` ("said", "told", "according");
- a role noun of the actor tables ("officials", "troops", "protesters"), which can name an
  unnamed actor, a document noun ("statement", "report") or a personal pronoun ("he", "their"),
  which can stand for a speaker or an actor named elsewhere;
- any part of a quoted region (so a quotation running over several sentences stays whole), or
  the sentence after one with a speech cue in the same paragraph (reported speech runs on).

Every other sentence is *skipped*: its characters are replaced by spaces (line breaks kept) in the
text spaCy parses, so every offset still points into ``Doc.text``, and it is recorded in
``Doc.unparsed``. Sentences here are cut cheaply (a full stop, question or exclamation mark and
closing quotes, then a space and a capital, digit or quote; or a line break); the parser cuts the
kept text again. What the skip costs in recall is measured on the gold sets (docs/benchmarks.md).

    >>> selector = Prefilter(words=frozenset({"china"}), cues=frozenset({"said"}), roles=frozenset())
    >>> text = "China and Brazil met. The weather was fine. It rained, he said."
    >>> kept, skipped = selector.split(text)
    >>> [text[s:e] for s, e in skipped]
    ['The weather was fine.']
    >>> masked(text, skipped)
    'China and Brazil met.                       It rained, he said.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .actors.quote_marks import quoted_regions

#: Where a sentence ends: . ! ? (and closing quotes or brackets), space, then a capital, digit or
#: opening quote; or a line break.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’»)\]]*[ \t]+(?=[\"“‘'«(\[]?[A-Z0-9\u00C0-\u00DE])|\n+")
_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_NOT_NEWLINE = re.compile(r"[^\n]")
#: Pronouns that can stand for an actor named in another sentence ("He met Putin", "Their statement").
PERSONAL_PRONOUNS = frozenset("he she they his her their him them we our us".split())
#: Two capitalised words in a row after the sentence's first word: a name the tables may not know
#: ("... met Maria Lopez", "... at Acme Holdings").
_NAME = re.compile(r"(?<=\S )(?:[A-Z][\w'’.-]+ )[A-Z][\w'’-]+")


@dataclass(frozen=True)
class Prefilter:
    """The words that make a sentence worth parsing: ``words`` (lowercase, dots removed) count when
    capitalised in the text; ``cues`` and ``roles`` (lowercase) in any case."""

    words: frozenset[str]
    cues: frozenset[str]
    roles: frozenset[str]

    def split(self, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """``(kept, skipped)`` sentence spans of ``text``."""
        quoted = quoted_regions(text)
        kept, skipped = [], []
        after_cue = False  # reported speech runs on into the next sentence ("..., analysts say. This could be ...")
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            holds = after_cue or _overlaps(quoted, start, end) or self.holds_record(sentence)
            (kept if holds else skipped).append((start, end))
            after_cue = self.has_cue(sentence) and not text[end:end + 2].startswith("\n\n") and "\n\n" not in text[end:end + 4]
        return kept, skipped

    def has_cue(self, sentence: str) -> bool:
        return any(_POSSESSIVE.sub("", word.rstrip(".")).lower() in self.cues for word in _WORD.findall(sentence))

    def holds_record(self, sentence: str) -> bool:
        if _NAME.search(sentence):
            return True
        for word in _WORD.findall(sentence):
            lowered = _POSSESSIVE.sub("", word.rstrip(".")).lower()
            if lowered in self.cues or lowered in self.roles:
                return True
            if word[0].isupper():
                plain = lowered.replace(".", "")
                if plain in self.words or any(part in self.words for part in re.split(r"[-'’]", plain) if part):
                    return True
        return False


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Cheap sentence spans (whitespace around each left out)."""
    spans, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(text)))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _overlaps(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in regions)


def masked(text: str, skipped: list[tuple[int, int]]) -> str:
    """``text`` with the skipped spans blanked (line breaks kept): same length, same offsets."""
    if not skipped:
        return text
    pieces, last = [], 0
    for start, end in skipped:
        pieces.append(text[last:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


@lru_cache(maxsize=8)
def from_knowledge(tables: tuple[str, ...] = ()) -> Prefilter:
    """The prefilter of the actor knowledge base (built-in tables plus ``tables``) and the cue table."""
    from .actors.knowledge import load
    from .resources import table

    from spacy.lang.en.stop_words import STOP_WORDS

    kb = load(tables)
    acronyms = {key[1:].split()[0].lower().replace(".", "") for key in kb.phrases if key.startswith("=")}
    words = {word.replace(".", "") for word in kb.first_words} - STOP_WORDS | acronyms  # "A", "I" are no names; "US" is
    words |= {name.split()[0].lower().rstrip(".") for name in kb.honorifics}
    words |= {key.lstrip("=").split()[0].lower().replace(".", "") for key in kb.titles}
    from .quotes.speakers import DOCUMENT_WORDS

    roles = {noun for noun, sector in kb.agents.items() if sector and " " not in noun} | DOCUMENT_WORDS | PERSONAL_PRONOUNS
    cues = {row["form"].lower() for row in table("quote_cues.tsv")}
    return Prefilter(frozenset(words - {""}), frozenset(cues), frozenset(roles))
