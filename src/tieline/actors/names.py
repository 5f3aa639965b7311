"""Person names: honorifics and titles before them, initials inside them, surnames."""

from __future__ import annotations

import re
import unicodedata

_INITIAL = re.compile(r"^[A-Z]\.?$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
#: Family name first in news English (Xi Jinping, Kim Jong Un, Lai Ching-te).
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "PRK", "KOR", "VNM", "HKG", "MAC", "SGP"})


def strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text).strip()


def name_key(name: str) -> str:
    """First and last name, folded, without middle initials: "Vladimir V. Putin" -> "vladimir putin"."""
    words = [w for w in strip_possessive(name).split() if not _INITIAL.match(w)]
    if len(words) > 2:
        words = [words[0], words[-1]]
    return fold(" ".join(words))


def fold(text: str) -> str:
    """Lowercase without accents, curly apostrophes or long dashes: "Erdoğan" -> "erdogan"."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("–", "-").replace("—", "-"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def surnames(name: str, country: str | None) -> list[str]:
    """The words a later mention may use alone, the likeliest first."""
    words = [w for w in strip_possessive(name).split() if not _INITIAL.match(w)]
    if not words:
        return []
    if country in FAMILY_NAME_FIRST:
        return [fold(words[0]), fold(words[-1])]
    return [fold(words[-1])] + ([fold(words[0])] if len(words) == 1 else [])


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
