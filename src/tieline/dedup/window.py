"""A copy index in memory that forgets: bounded memory for a ``tieline analyze`` run of any length.

``WindowCopyIndex`` keeps two ``MemoryCopyIndex`` generations of ``window // 2`` documents each:
new documents go into the current one; when it is full, the older generation is dropped and the
current one becomes the older. A document is therefore compared with at least the last
``window // 2`` documents and at most the last ``window`` (copies of a story come within days of
each other, so a window of 100,000 documents holds them), and memory stays that of ``window``
documents (about 8 MB per 1,000: docs/benchmarks.md). The store's index (``tieline ingest``) keeps
everything in SQLite and needs no window.

    >>> from tieline.dedup.fingerprint import fingerprint
    >>> from tieline.dedup.index import make_entry
    >>> index = WindowCopyIndex(window=4)
    >>> texts = {f"d{n}": f"Story {n}: ministers of {n} states met in Geneva on day {n} to talk trade." for n in range(5)}
    >>> for doc_id, text in texts.items():
    ...     index.add(make_entry(doc_id, fingerprint(text), length=len(text)), text)
    >>> index.entry("d0") is None, index.entry("d4").id   # d0 and d1 went with the oldest generation
    (True, 'd4')
"""

from __future__ import annotations

from typing import Iterable

from .fingerprint import Fingerprint
from .index import MAX_CANDIDATES, Entry, MemoryCopyIndex

#: Documents ``tieline analyze`` compares each new one with, at most (at least half as many).
DEFAULT_WINDOW = 100_000


class WindowCopyIndex:
    """The last ``window`` documents (at least the last ``window // 2``), in two generations."""

    can_promote = False

    def __init__(self, window: int = DEFAULT_WINDOW) -> None:
        self.generation_size = max(1, window // 2)
        self.older = MemoryCopyIndex()
        self.current = MemoryCopyIndex()

    def _both(self) -> tuple[MemoryCopyIndex, MemoryCopyIndex]:
        return self.older, self.current

    def exact(self, digest: str) -> list[Entry]:
        return [entry for index in self._both() for entry in index.exact(digest)]

    def candidates(self, fp: Fingerprint) -> list[Entry]:
        return [entry for _, _, entry in self.ranked_candidates(fp)]

    def ranked_candidates(self, fp: Fingerprint) -> list[tuple[int, int, Entry]]:
        """Both generations' candidates ranked as one index would: most shared bands, then the older
        generation's documents before the current one's, each in the order they were indexed."""
        offset = len(self.older.ids)
        ranked = self.older.ranked_candidates(fp) + [
            (count, offset + order, entry) for count, order, entry in self.current.ranked_candidates(fp)]
        return sorted(ranked, key=lambda found: found[:2])[:MAX_CANDIDATES]

    def neighbours(self, actors: Iterable[str], since: str, until: str) -> list[Entry]:
        actors = list(actors)
        return [entry for index in self._both() for entry in index.neighbours(actors, since, until)]

    def entry(self, doc_id: str) -> Entry | None:
        return self.current.entry(doc_id) or self.older.entry(doc_id)

    def text(self, doc_id: str) -> str | None:
        found = self.current.text(doc_id)
        return found if found is not None else self.older.text(doc_id)

    def add(self, entry: Entry, text: str) -> None:
        if len(self.current.ids) >= self.generation_size and entry.id not in self.current.order:
            self.older, self.current = self.current, MemoryCopyIndex()
        self.current.add(entry, text)

    def promote(self, old: str, new: str, copy: dict) -> None:
        for index in self._both():
            index.promote(old, new, copy)
