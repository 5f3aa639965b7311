"""Title, author and date of HTML pages against trafilatura-eval's gold metadata.

trafilatura's evaluation corpus (``../shared/data/anchors/extraction/trafilatura-eval``) gives a
title for 845 of its 990 pages, a date for 728 and an author for 538. tieline's values are the
record's ``title``, ``byline`` and ``published`` after the reader and the clean stage (the path of
``tieline analyze PAGE.html``); trafilatura's are those of ``bare_extraction(with_metadata=True)``
on the same decoded page, as a baseline. A value is right when:

- title: equal to the gold once case, quote marks and spaces are folded, or equal to it once the
  site's name after a separator is cut ("Title - Site") from either;
- author: the same set of name words (case folded), so "Lemire, Daniel" matches "Daniel Lemire";
- date: the same ``YYYY-MM-DD``.

Accuracy is the share of the pages with gold for a field whose value is right (a missing value is
wrong). Pages are split as ``tieline eval clean`` splits them (``eval/splits/extraction.tsv``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import extraction

FIELDS = ("title", "author", "date")
_SEPARATOR = re.compile(r"\s+[-|–—:·•]\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


def fold(text: str | list[str] | None) -> str:
    """Case, quote marks and spaces folded (a list of names is joined)."""
    if isinstance(text, list):
        text = "; ".join(str(item) for item in text)
    return " ".join((text or "").translate(_QUOTES).casefold().split())


def same_title(found: str | None, gold: str) -> bool:
    a, b = fold(found), fold(gold)
    if not a:
        return False
    return a == b or _SEPARATOR.split(a)[0] == b or a == _SEPARATOR.split(b)[0]


def same_author(found: str | None, gold: str | list[str]) -> bool:
    words = lambda text: set(re.findall(r"\w+", fold(text)))  # noqa: E731
    return bool(found) and words(found) == words(gold)


def same_date(found: str | None, gold: str) -> bool:
    return bool(found) and found[:10] == gold[:10]


CHECKS = {"title": same_title, "author": same_author, "date": same_date}


def tieline_metadata(page: str, clean) -> dict[str, str | None]:
    from ..readers.html import extract
    from ..types import Doc, ReadError

    found = extract("page.html", page)
    if isinstance(found, ReadError):
        return dict.fromkeys(FIELDS)
    [doc] = clean.pipe([Doc.from_raw(found)])
    return {"title": doc.title, "author": doc.byline, "date": doc.published}


def trafilatura_metadata(page: str) -> dict[str, str | None]:
    import trafilatura

    try:
        found = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    except Exception:  # noqa: BLE001 - a baseline that crashes scores as missing
        found = None
    if found is None:
        return dict.fromkeys(FIELDS)
    return {"title": found.title, "author": found.author, "date": found.date}


def evaluate(data: str | Path = extraction.DEFAULT_DATA, half: str = "both",
             splits: str | Path = extraction.SPLITS) -> dict[str, Any]:
    """Accuracy per field and system over the pages with gold metadata."""
    import json

    from ..registry import get

    folder = Path(data) / extraction.FOLDERS["trafilatura"]
    gold = {item["file"]: item for item in json.loads((folder / "evaldata.json").read_text(encoding="utf-8")).values()}
    pages = extraction.select(extraction.read_set(data, "trafilatura"), extraction.read_splits(splits), half)
    clean = get("clean")
    runners = {"tieline": lambda page: tieline_metadata(page, clean), "trafilatura": trafilatura_metadata}
    right = {system: dict.fromkeys(FIELDS, 0) for system in runners}
    total = dict.fromkeys(FIELDS, 0)
    for page, _ in pages:
        html = extraction.decoded(page.path)
        wanted = {field: gold[page.id].get(field) for field in FIELDS if gold[page.id].get(field)}
        for field in wanted:
            total[field] += 1
        for system, run in runners.items():
            found = run(html) if html is not None else dict.fromkeys(FIELDS)
            for field, value in wanted.items():
                right[system][field] += CHECKS[field](found[field], value)
    return {"half": half, "pages": len(pages), "with_gold": total,
            "accuracy": {system: {field: round(right[system][field] / total[field], 4) if total[field] else None
                                  for field in FIELDS} for system in runners}}


def markdown(result: dict[str, Any]) -> str:
    lines = ["| system | title | author | date |", "|---|---|---|---|"]
    for system, scores in result["accuracy"].items():
        lines.append(f"| {system} | " + " | ".join(f"{scores[f]:.3f}" for f in FIELDS) + " |")
    gold = result["with_gold"]
    return "\n".join(lines) + (f"\n\n{result['pages']} pages ({result['half']}); with gold: title {gold['title']}, "
                               f"author {gold['author']}, date {gold['date']}.")
