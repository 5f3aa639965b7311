"""Where quoted text stands, robust to unbalanced marks.

Curly quotes pair an opening “ with the next ”; a new “ before the close ends the
earlier region there (a stray or unclosed mark never swallows the rest of the text).
Straight double quotes pair up within a paragraph. « » pair like curly quotes.
"""

from __future__ import annotations

_PAIRS = {"“": "”", "«": "»", "„": "“"}


def quoted_regions(text: str) -> list[tuple[int, int]]:
    regions = []
    for paragraph_start, paragraph in _paragraphs(text):
        regions.extend((paragraph_start + s, paragraph_start + e) for s, e in _paired(paragraph))
        regions.extend((paragraph_start + s, paragraph_start + e) for s, e in _straight(paragraph))
    return sorted(regions)


def _paragraphs(text: str):
    start = 0
    for block in text.split("\n\n"):
        yield start, block
        start += len(block) + 2


def _paired(paragraph: str):
    opened = None
    for index, char in enumerate(paragraph):
        if char in _PAIRS and (opened is None or char != "“" or paragraph[opened] != "„"):
            if opened is not None:
                yield opened, index
            opened = index
        elif opened is not None and char == _PAIRS.get(paragraph[opened]):
            yield opened, index + 1
            opened = None
    if opened is not None:
        yield opened, len(paragraph)


def _straight(paragraph: str):
    marks = [i for i, char in enumerate(paragraph) if char == '"']
    for open_at, close_at in zip(marks[::2], marks[1::2]):
        yield open_at, close_at + 1
