"""Stories: documents about the same event, clustered.

A document joins the story of a document indexed before it when the two were published within
``STORY_WINDOW_DAYS`` of each other, share at least ``STORY_MIN_ACTORS`` actor ids and their
content words have an estimated Jaccard similarity of at least ``STORY_SIMILARITY``; of several,
the most similar wins. Otherwise it starts a story whose id is its own id. A document without a
date joins no story (it starts its own).

    >>> window("2025-10-14", 3)
    ('2025-10-11', '2025-10-17')
    >>> window("sometime", 3) is None
    True
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

from .fingerprint import Fingerprint, similarity
from .index import CopyIndex, Entry

#: Provisional (docs/dedup.md): the most days between two documents of one story.
STORY_WINDOW_DAYS = 3

#: Provisional: the fewest actor ids two documents of one story share.
STORY_MIN_ACTORS = 2

#: Provisional: the least estimated Jaccard similarity of the content words of two documents of
#: one story. Different sample articles on the same day and region (the Japan-Philippines radar
#: deal and the North Korean missile tests, 2025-09-18) score 0.13-0.16; the seed pair 0.09-0.13.
STORY_SIMILARITY = 0.2


def window(published: str | None, days: int = STORY_WINDOW_DAYS) -> tuple[str, str] | None:
    """The ISO dates ``days`` before and after ``published``; None without a readable date."""
    try:
        day = date.fromisoformat((published or "")[:10])
    except ValueError:
        return None
    return (day - timedelta(days=days)).isoformat(), (day + timedelta(days=days)).isoformat()


def same_story(fp: Fingerprint, actors: set[str], entry: Entry) -> float:
    """The similarity of a document and an indexed one when they may share a story, else 0."""
    if len(actors & set(entry.actors)) < STORY_MIN_ACTORS:
        return 0.0
    score = similarity(fp.words, entry.words)
    return score if score >= STORY_SIMILARITY else 0.0


def find_story(doc_id: str, published: str | None, actors: Iterable[str], fp: Fingerprint, index: CopyIndex) -> str:
    """The story ``doc_id`` joins: the most similar earlier document's story, else ``doc_id``."""
    span = window(published)
    actors = set(actors)
    if span is None or len(actors) < STORY_MIN_ACTORS:
        return doc_id
    scored = [(same_story(fp, actors, entry), entry) for entry in index.neighbours(actors, *span) if entry.id != doc_id]
    scored = [(score, entry) for score, entry in scored if score]
    if not scored:
        return doc_id
    best = max(scored, key=lambda pair: (pair[0], pair[1].id))[1]
    return best.story or best.canonical or best.id
