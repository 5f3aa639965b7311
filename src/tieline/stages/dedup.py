"""Stage ``dedup``: copies and stories, so that each article counts once.

Method in ``tieline.dedup`` (docs/dedup.md). Each document is fingerprinted, compared with the
documents indexed before it (exact, near and reworded copies), and put in a story. The index is
in memory for one run of ``tieline analyze``; ``tieline ingest`` gives the stage the store's index
(``use_store``), so a second run finds copies of documents from the first.

The canonical document of a copy group is the most complete: not truncated, the longest clean
body (sentences, then words), then the earliest. Within a batch the stage looks at the most complete documents first, so
the rule holds there; a document already indexed (an earlier batch or run) stays canonical even
when a more complete copy comes later (that copy is marked as its copy).
"""

from __future__ import annotations

from typing import Iterator, Sequence

from ..dedup.align import split_sentences
from ..dedup.copies import completeness_key, find_copy
from ..dedup.fingerprint import fingerprint, words
from ..dedup.index import CopyIndex, MemoryCopyIndex, SqliteCopyIndex, make_entry
from ..dedup.stories import find_story
from ..pipeline import DocStage
from ..types import Doc


class DedupStage(DocStage):
    """Fill ``duplicate_of``, ``copy_kind``, ``copy`` and ``story``."""

    name = "dedup.minhash.v1"
    requires = ("text", "actors", "truncated", "published")
    assigns = ("duplicate_of", "copy_kind", "copy", "story")

    def __init__(self, index: CopyIndex | None = None):
        self.index = index if index is not None else MemoryCopyIndex()

    def use_store(self, store) -> SqliteCopyIndex:
        """Index into ``store`` from now on; the caller flushes the index in each batch's transaction."""
        self.index = store.copy_index()
        return self.index

    def pipe(self, docs: Sequence[Doc]) -> Iterator[Doc]:
        """Process the batch most complete first; yield it in its own order."""
        docs = list(docs)
        for doc in sorted((doc for doc in docs if self.applies_to(doc)), key=_completeness):
            self._process_safely(doc)
        yield from docs

    def process(self, doc: Doc) -> None:
        fp = fingerprint(doc.text)
        match = find_copy(doc.id, doc.text, fp, self.index)
        actors = tuple(sorted({actor["id"] for actor in doc.actors if actor.get("id")}))
        if match is None:
            doc.duplicate_of, doc.copy_kind, doc.copy = None, None, None
            doc.story = find_story(doc.id, doc.published, actors, fp, self.index)
        else:
            doc.duplicate_of, doc.copy_kind, doc.copy = match.entry.canonical, match.kind, match.record()
            doc.story = match.entry.story or match.entry.canonical
        self.index.add(make_entry(doc.id, fp, canonical=doc.duplicate_of or doc.id, published=doc.published,
                                  truncated=doc.truncated, length=len(doc.text), story=doc.story, actors=actors),
                       doc.text)


def _completeness(doc: Doc) -> tuple:
    return completeness_key(doc.truncated, len(split_sentences(doc.text)), len(words(doc.text)), doc.published)
