"""Periods that events are counted by: a day, an ISO week, a month, a quarter or a year.

    >>> [period("2024-03-05", by) for by in PERIODS]
    ['2024-03-05', '2024-W10', '2024-03', '2024-Q1', '2024']
    >>> period(None, "month") is None
    True
"""

from __future__ import annotations

from datetime import date

from ..errors import ConfigError

#: ``by`` values, each with the form of its periods.
PERIODS = {"day": "YYYY-MM-DD", "week": "YYYY-Www (ISO week)", "month": "YYYY-MM", "quarter": "YYYY-Qn",
           "year": "YYYY"}


def check_period(by: str) -> str:
    """``by`` when it is a known period, else ``ConfigError`` naming the choices."""
    if by not in PERIODS:
        raise ConfigError(f"cannot count by {by!r}", f"choose one of: {', '.join(PERIODS)}")
    return by


def period(day: str | None, by: str) -> str | None:
    """The period holding ``day`` (``YYYY-MM-DD``); None for an undated event."""
    if day is None:
        return None
    if by == "month":
        return day[:7]
    if by == "quarter":
        return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"
    if by == "year":
        return day[:4]
    if by == "week":
        try:
            year, week, _ = date.fromisoformat(day[:10]).isocalendar()
        except ValueError:  # not a calendar day (2024-02-30): no week to put it in
            return None
        return f"{year}-W{week:02d}"
    return day[:10]
