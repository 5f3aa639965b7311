"""Dates written on a line of their own near the top of an article ("March 4, 2025")."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_PREFIX = r"^(?:(?:published|updated|posted|last updated|date)\s*(?:on)?\s*:?\s*)?(?:[A-Za-z]{3,9},?\s+)?"
_TIME = r"(?:\s*(?:,|at|-|–|\|)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|[+-]\d{4}))?)?\s*$"
_PATTERNS = [
    re.compile(_PREFIX + r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?:[T ][\d:.+Z-]*)?" + _TIME, re.I),
    re.compile(_PREFIX + _MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})" + _TIME, re.I),
    re.compile(_PREFIX + r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME, re.I),
]


def parse_dateline(line: str) -> str | None:
    """Return the ISO date a line consists of, or ``None``.

    >>> parse_dateline("Published: March 4, 2025 10:32 GMT")
    '2025-03-04'
    >>> parse_dateline("The talks began on March 4, 2025, in Geneva.") is None
    True
    """
    for pattern in _PATTERNS:
        match = pattern.match(line.strip())
        if match:
            return _to_iso(match.groupdict())
    return None


def _to_iso(parts: dict[str, str | None]) -> str | None:
    month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS.get((parts.get("month") or "").lower())
    try:
        return date(int(parts["year"]), month, int(parts["day"])).isoformat() if month else None
    except ValueError:
        return None


def normalise_date(value: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` for a date written by a feed, a page or a JSON field; ``None`` if unreadable.

    >>> normalise_date("2024-05-17T10:00:00+02:00"), normalise_date("Fri, 17 May 2024 08:00:00 GMT")
    ('2024-05-17', '2024-05-17')
    """
    if not value:
        return None
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return _to_iso({"year": match[1], "mnum": match[2], "day": match[3]})
    return parse_dateline(text)
