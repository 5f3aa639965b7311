"""Acronyms an article defines itself: "the London Stock Exchange (LSE)" makes every later "LSE"
the exchange, whatever the knowledge base says "LSE" is (the London School of Economics)."""

from __future__ import annotations

import re

_DEFINED = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
_WORD = re.compile(r"[A-Za-z][\w&’'.-]*")
#: Small words an acronym skips ("Association of Southeast Asian Nations" -> ASEAN).
_SKIPPED = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "&"})


def defined_acronyms(text: str) -> dict[str, str]:
    """ACRONYM -> the name before it whose initials it spells, for each "Name (ACRONYM)"."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        acronym = match.group(1)
        words = _WORD.findall(text[max(0, match.start() - 120) : match.start()])
        name = _spelled_by(acronym, words)
        if name and acronym not in found:
            found[acronym] = name
    return found


def _spelled_by(acronym: str, words: list[str]) -> str | None:
    """The shortest run of words ending before the bracket that spells the acronym: each word's
    initial in turn, a word giving further letters from inside it ("Southeast" gives S and E)."""
    letters = acronym.upper()
    for size in range(1, min(len(words), 10) + 1):
        run = words[-size:]
        kept = [w for w in run if w.lower() not in _SKIPPED]
        if run[0][0].isupper() and kept and _spells(letters, kept):
            return " ".join(run)
    return None


def _spells(letters: str, words: list[str]) -> bool:
    if not words:
        return not letters
    word = words[0].upper()
    if not letters or word[0] != letters[0]:
        return False
    for taken in range(1, len(letters) + 1):
        if taken > 1 and not _in_order(letters[1:taken], word[1:]):
            break
        if _spells(letters[taken:], words[1:]):
            return True
    return False


def _in_order(needle: str, hay: str) -> bool:
    position = 0
    for char in needle:
        position = hay.find(char, position) + 1
        if position == 0:
            return False
    return True
