"""Knowledge kept as data: TSV tables shipped with tieline, each with its source in SOURCES.md.

Lines starting with ``#`` are comments; the first other line is the header.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


def parse_tsv(text: str) -> list[dict[str, str]]:
    """Rows of a tieline TSV table (``#`` comment lines, then a header) as dicts keyed by the header."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=None)
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``resources/<name>`` as dicts keyed by the header."""
    return tuple(parse_tsv(resources.files(__name__).joinpath(name).read_text(encoding="utf-8")))
