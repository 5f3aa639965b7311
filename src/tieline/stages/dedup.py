"""Stage ``dedup``: copies and stories, so that each article counts once.

Method in ``tieline.dedup`` (docs/dedup.md). Each document is fingerprinted, compared with the
documents indexed before it (exact, near and reworded copies), and put in a story. The index is
in memory for one run of ``tieline analyze``; ``tieline ingest`` gives the stage the store's index
(``use_store``), so a second run finds copies of documents from the first.

The canonical document of a copy group is the most complete: not truncated, the longest clean
body (sentences, then words), then the earliest. Within a batch the stage looks at the most
complete documents first, and a longer document that holds a shorter one's text is more complete
than it whatever their truncation flags (a copy cut at a paragraph's end is not flagged); one that
comes later in the batch is promoted over it. When a more complete copy of a document indexed
in an earlier batch or run comes later, the store's index promotes it: the new document becomes
canonical and the stored documents of the group are rewritten to point to it (``tieline
ingest``). The memory index cannot rewrite what ``tieline analyze`` has already written, so there
the earlier document stays canonical and the new one is marked as its copy.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator, Sequence

from ..dedup.align import split_sentences
from ..dedup.copies import Match, completeness_key, compare, find_copy, more_complete
from ..dedup.fingerprint import fingerprint, words
from ..dedup.index import CopyIndex, Entry, SqliteCopyIndex, make_entry
from ..dedup.window import WindowCopyIndex
from ..dedup.stories import find_story
from ..budget import TIME_BUDGET, within
from ..pipeline import DocStage
from ..types import Doc


class DedupStage(DocStage):
    """Fill ``duplicate_of``, ``copy_kind``, ``copy`` and ``story``."""

    name = "dedup.minhash.v1"
    requires = ("text", "actors", "truncated", "published")
    assigns = ("duplicate_of", "copy_kind", "copy", "story")
    corpus_wide = True

    def __init__(self, index: CopyIndex | None = None, time_budget: float | None = TIME_BUDGET):
        self.index = index if index is not None else WindowCopyIndex()
        #: Seconds the comparison of one document with its candidates may take (``tieline.budget``):
        #: aligning two long near-copies sentence by sentence grows with the product of their lengths.
        self.time_budget = time_budget
        self.batch: list[Doc] = []
        self.keys: dict[str, tuple] = {}

    def use_store(self, store) -> SqliteCopyIndex:
        """Index into ``store`` from now on; the caller flushes the index in each batch's transaction."""
        self.index = store.copy_index()
        return self.index

    def remember(self, doc: Doc) -> None:
        """Index ``doc`` as it was decided elsewhere (``tieline merge``), so later documents find it."""
        if not self.applies_to(doc):
            return
        fp = fingerprint(doc.text)
        actors = tuple(sorted({actor["id"] for actor in doc.actors if actor.get("id")}))
        self.index.add(make_entry(doc.id, fp, canonical=doc.duplicate_of or doc.id, published=doc.published,
                                  truncated=doc.truncated, length=len(doc.text), story=doc.story, actors=actors),
                       doc.text)

    def pipe(self, docs: Sequence[Doc]) -> Iterator[Doc]:
        """Process the batch most complete first; yield it in its own order."""
        self.batch = docs = list(docs)
        self.keys = {doc.id: _completeness(doc) for doc in docs if self.applies_to(doc)}
        for doc in sorted((doc for doc in docs if doc.id in self.keys), key=lambda doc: self.keys[doc.id]):
            self._process_safely(doc)
        self.batch, self.keys = [], {}
        yield from docs

    def process(self, doc: Doc) -> None:
        fp = fingerprint(doc.text)
        match = self._find_copy(doc, fp)
        actors = tuple(sorted({actor["id"] for actor in doc.actors if actor.get("id")}))
        if match is None:
            doc.duplicate_of, doc.copy_kind, doc.copy = None, None, None
            doc.story = find_story(doc.id, doc.published, actors, fp, self.index)
        else:
            doc.duplicate_of, doc.copy_kind, doc.copy = match.entry.canonical, match.kind, match.record()
            doc.story = match.entry.story or match.entry.canonical
        entry = make_entry(doc.id, fp, canonical=doc.duplicate_of or doc.id, published=doc.published,
                           truncated=doc.truncated, length=len(doc.text), story=doc.story, actors=actors)
        if match is not None and self._promotes(doc, match):
            entry = self._promote(doc, entry, match)
        self.index.add(entry, doc.text)

    def _find_copy(self, doc: Doc, fp) -> Match | None:
        """The best match among the candidates, compared within the time budget (None when it runs out;
        a match found in time is promoted as usual: the reverse comparison is of the same pair)."""
        with within(doc, self.time_budget, self.name, shared=False):
            return find_copy(doc.id, doc.text, fp, self.index)
        return None

    def _promotes(self, doc: Doc, match: Match) -> bool:
        """Whether ``doc`` is more complete than the canonical document of the group it copies, and
        that document can still be rewritten (in this batch, or in the store)."""
        old = match.entry.canonical
        if not (self.index.can_promote or old in self.keys):
            return False
        canonical = self.index.entry(old)
        text = self.index.text(old) if canonical is not None else None
        if text is None:
            return False
        theirs = completeness_key(canonical.truncated, len(split_sentences(text)), len(words(text)), canonical.published)
        return more_complete(doc.text, self.keys.get(doc.id) or _completeness(doc), text, theirs)

    def _promote(self, doc: Doc, entry: Entry, match: Match) -> Entry:
        """Make ``doc`` the group's canonical document; the old one becomes its copy."""
        old = match.entry.canonical
        reverse = compare(doc.text, self.index.text(old), entry) if match.kind != "exact" else None
        record = (reverse or Match(entry, match.kind, match.score)).record()
        self.index.promote(old, doc.id, record)
        for other in self.batch:
            if other.id == old:
                other.duplicate_of, other.copy_kind, other.copy = doc.id, record["kind"], record
            elif other.duplicate_of == old:
                other.duplicate_of = doc.id
        doc.duplicate_of, doc.copy_kind, doc.copy = None, None, None
        return replace(entry, canonical=doc.id)


def _completeness(doc: Doc) -> tuple:
    return completeness_key(doc.truncated, len(split_sentences(doc.text)), len(words(doc.text)), doc.published)
