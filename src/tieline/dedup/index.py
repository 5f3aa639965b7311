"""The copy index: what the dedup stage remembers of the documents it has seen.

Two implementations of one protocol, ``CopyIndex``:

- ``MemoryCopyIndex``: dictionaries, for one run of ``tieline analyze`` (it keeps each text,
  compressed).
- ``SqliteCopyIndex``: tables of the store (``copy_index``, ``copy_bands``, ``story_actors``), so
  a second ``tieline ingest`` finds copies of documents from the first; candidates come from SQL,
  and memory holds one batch (``flush`` writes it in the batch's transaction).

Candidates are found by MinHash LSH over each document's content words: the signature's first
``BANDS * ROWS`` values are cut into ``BANDS`` bands of ``ROWS``; two documents whose words have
Jaccard similarity J share a band with probability 1 - (1 - J**ROWS)**BANDS (0.68 at J = 0.3,
0.94 at 0.4, 0.995 at 0.5). The stage then checks each candidate (``tieline.stages.dedup``).

    >>> from tieline.dedup.fingerprint import fingerprint
    >>> index = MemoryCopyIndex()
    >>> text = "Xi Jinping met Vladimir Putin in Beijing to sign energy and grain agreements."
    >>> index.add(make_entry("a", fingerprint(text), length=len(text)), text)
    >>> [entry.id for entry in index.candidates(fingerprint(text + " Share this article."))]
    ['a']
"""

from __future__ import annotations

import json
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Protocol

import numpy as np

from .fingerprint import SCHEME, Fingerprint, band_hashes

#: Measured (docs/dedup.md, "Thresholds"): LSH bands and rows per band over the content-word signature
#: (42 x 3 = 126 of the 128 values; the candidate threshold (1/BANDS)**(1/ROWS) is about 0.29).
BANDS = 42
ROWS = 3

#: At most this many candidates are checked per document, those sharing the most bands first, then
#: the first indexed (both indexes order them so, and so find the same copies).
MAX_CANDIDATES = 20


@dataclass(frozen=True)
class Entry:
    """One indexed document."""

    id: str
    exact: str
    words: np.ndarray = field(repr=False, compare=False)
    word_count: int = 0
    canonical: str = ""
    published: str | None = None
    truncated: bool = False
    length: int = 0
    story: str | None = None
    actors: tuple[str, ...] = ()


def make_entry(doc_id: str, fp: Fingerprint, **fields) -> Entry:
    """An ``Entry`` for ``doc_id``; ``canonical`` defaults to the document itself."""
    fields.setdefault("canonical", doc_id)
    return Entry(doc_id, fp.exact, fp.words, int(fp.word_count), **fields)


class CopyIndex(Protocol):
    """What the dedup stage asks of an index."""

    def exact(self, digest: str) -> list[Entry]: ...

    def candidates(self, fp: Fingerprint) -> list[Entry]: ...

    def neighbours(self, actors: Iterable[str], since: str, until: str) -> list[Entry]: ...

    def entry(self, doc_id: str) -> Entry | None: ...

    def text(self, doc_id: str) -> str | None: ...

    def add(self, entry: Entry, text: str) -> None: ...

    #: Whether ``promote`` can rewrite documents already written.
    can_promote: bool

    def promote(self, old: str, new: str, copy: dict) -> None: ...


class MemoryCopyIndex:
    """A ``CopyIndex`` in dictionaries: for one run (memory grows with the documents).

    It cannot promote a more complete copy over a canonical document of an earlier batch (that
    document has been written out): ``can_promote`` is False.
    """

    can_promote = False

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.texts: dict[str, bytes] = {}
        self.by_exact: dict[str, list[str]] = defaultdict(list)
        #: band key -> the ordinal of the one document in it, or a list of ordinals: most band keys
        #: hold one document, and an int costs far less memory than a tuple key and a list.
        self.bands: dict[int, int | list[int]] = {}
        self.by_actor: dict[str, list[str]] = defaultdict(list)
        self.order: dict[str, int] = {}
        self.ids: list[str] = []

    def exact(self, digest: str) -> list[Entry]:
        return [self.entries[doc_id] for doc_id in self.by_exact.get(digest, [])]

    def candidates(self, fp: Fingerprint) -> list[Entry]:
        return [entry for _, _, entry in self.ranked_candidates(fp)]

    def ranked_candidates(self, fp: Fingerprint) -> list[tuple[int, int, Entry]]:
        """``(-shared bands, indexing order, entry)`` of the best ``MAX_CANDIDATES``, best first."""
        shared: Counter = Counter()
        for key in _band_keys(fp.words):
            found = self.bands.get(key)
            if found is not None:
                shared.update(found if isinstance(found, list) else (found,))
        ranked = sorted((-count, ordinal) for ordinal, count in shared.items())[:MAX_CANDIDATES]
        return [(count, ordinal, self.entries[self.ids[ordinal]]) for count, ordinal in ranked]

    def neighbours(self, actors: Iterable[str], since: str, until: str) -> list[Entry]:
        shared = Counter(doc_id for actor in set(actors) for doc_id in self.by_actor.get(actor, []))
        found = [self.entries[doc_id] for doc_id, count in shared.items() if count >= 2]
        return [entry for entry in found if entry.published and since <= entry.published[:10] <= until]

    def entry(self, doc_id: str) -> Entry | None:
        return self.entries.get(doc_id)

    def text(self, doc_id: str) -> str | None:
        packed = self.texts.get(doc_id)
        return zlib.decompress(packed).decode("utf-8") if packed is not None else None

    def add(self, entry: Entry, text: str) -> None:
        if entry.id not in self.order:
            self.order[entry.id] = len(self.ids)
            self.ids.append(entry.id)
        ordinal = self.order[entry.id]
        self.entries[entry.id] = entry
        self.texts[entry.id] = zlib.compress(text.encode("utf-8"), 1)
        self.by_exact[entry.exact].append(entry.id)
        for key in _band_keys(entry.words):
            found = self.bands.get(key)
            if found is None:
                self.bands[key] = ordinal
            elif isinstance(found, list):
                if found[-1] != ordinal:
                    found.append(ordinal)
            elif found != ordinal:
                self.bands[key] = [found, ordinal]
        for actor in entry.actors:
            self.by_actor[actor].append(entry.id)


    def promote(self, old: str, new: str, copy: dict) -> None:
        """Point the entries of ``old``'s group to ``new`` (the stage's batch is updated by the stage)."""
        for doc_id, entry in list(self.entries.items()):
            if entry.canonical == old:
                self.entries[doc_id] = replace(entry, canonical=new)


def _band_keys(words: np.ndarray) -> list[int]:
    """One int per band: the band's hash with the band number folded in (bands stay apart)."""
    return [value ^ band for band, value in enumerate(band_hashes(words, BANDS, ROWS))]


def _bands(words: np.ndarray) -> list[tuple[int, int]]:
    return list(enumerate(band_hashes(words, BANDS, ROWS)))


#: Documents of the batch not yet flushed rank after every stored one of as many shared bands.
_PENDING = 1 << 62

_ENTRY_COLUMNS = "document_id, exact, words, word_count, canonical, published, truncated, length, story, actors"


class SqliteCopyIndex:
    """A ``CopyIndex`` over the store's tables; ``flush`` writes the batch added since the last one.

    ``promote`` makes a later, more complete copy canonical: ``flush`` rewrites the stored
    documents of the group (``duplicate_of``, and the old canonical's ``copy_kind`` and ``copy``).
    """

    can_promote = True

    def __init__(self, db) -> None:
        self.db = db
        self.pending = MemoryCopyIndex()
        self.promotions: list[tuple[str, str, dict]] = []
        self.redirects: dict[str, str] = {}

    def exact(self, digest: str) -> list[Entry]:
        rows = self._rows("exact = ?", [digest])
        return _merge(self.pending.exact(digest), rows)

    def candidates(self, fp: Fingerprint) -> list[Entry]:
        keys = _bands(fp.words)
        values = ", ".join("(?, ?)" for _ in keys)
        stored = self.db.execute(
            f"""SELECT b.document_id, count(*), min(b.rowid) FROM copy_bands b JOIN (VALUES {values}) v
                ON b.band = v.column1 AND b.hash = v.column2
                GROUP BY b.document_id ORDER BY count(*) DESC, min(b.rowid) LIMIT ?""",
            [value for key in keys for value in key] + [MAX_CANDIDATES],
        ).fetchall()
        entries = {entry.id: entry for entry in self._by_ids([row[0] for row in stored])}
        ranked = [(-count, order, entries[doc_id]) for doc_id, count, order in stored if doc_id in entries]
        pending = [(count, _PENDING + order, entry) for count, order, entry in self.pending.ranked_candidates(fp)]
        best = sorted(pending + ranked, key=lambda item: item[:2])[:MAX_CANDIDATES]
        return _merge([entry for _, _, entry in best], [])

    def neighbours(self, actors: Iterable[str], since: str, until: str) -> list[Entry]:
        actors = sorted(set(actors))
        marks = ", ".join("?" for _ in actors)
        ids = [row[0] for row in self.db.execute(
            f"""SELECT document_id FROM story_actors WHERE actor_id IN ({marks}) AND published BETWEEN ? AND ?
                GROUP BY document_id HAVING count(DISTINCT actor_id) >= 2 LIMIT ?""",
            [*actors, since, until, MAX_CANDIDATES],
        )] if actors else []
        return _merge(self.pending.neighbours(actors, since, until), self._by_ids(ids))

    def entry(self, doc_id: str) -> Entry | None:
        found = self.pending.entry(doc_id)
        if found is None:
            rows = self._by_ids([doc_id])
            found = rows[0] if rows else None
        return found

    def text(self, doc_id: str) -> str | None:
        if doc_id in self.pending.texts:
            return self.pending.text(doc_id)
        row = self.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def add(self, entry: Entry, text: str) -> None:
        self.pending.add(entry, text)

    def promote(self, old: str, new: str, copy: dict) -> None:
        self.pending.promote(old, new, copy)
        for source, target in list(self.redirects.items()):
            if target == old:
                self.redirects[source] = new
        self.redirects[old] = new
        self.promotions.append((old, new, copy))

    def flush(self) -> None:
        """Write what was added since the last flush (call inside the store's batch transaction)."""
        for entry in self.pending.entries.values():
            self._write(entry)
        for old, new, copy in self.promotions:
            self._rewrite(old, new, copy)
        self.pending = MemoryCopyIndex()
        self.promotions, self.redirects = [], {}

    def _rewrite(self, old: str, new: str, copy: dict) -> None:
        """The stored documents of ``old``'s group now copy ``new``; ``old`` copies it as ``copy``."""
        self.db.execute("UPDATE copy_index SET canonical = ? WHERE canonical = ? AND document_id != ?", (new, old, new))
        rows = self.db.execute("SELECT id, record FROM documents WHERE (id = ? OR duplicate_of = ?) AND id != ?",
                               (old, old, new)).fetchall()
        for doc_id, record in rows:
            fields = json.loads(record)
            fields["duplicate_of"] = new
            if doc_id == old:
                fields["copy_kind"], fields["copy"] = copy["kind"], copy
            self.db.execute("UPDATE documents SET duplicate_of = ?, record = ? WHERE id = ?",
                            (new, json.dumps(fields, ensure_ascii=False), doc_id))

    def _write(self, entry: Entry) -> None:
        for table in ("copy_index", "copy_bands", "story_actors"):
            self.db.execute(f"DELETE FROM {table} WHERE document_id = ?", (entry.id,))
        self.db.execute(
            f"INSERT INTO copy_index ({_ENTRY_COLUMNS}, scheme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.id, entry.exact, entry.words.astype(np.uint32).tobytes(), entry.word_count, entry.canonical,
             entry.published, int(entry.truncated), entry.length, entry.story, "\t".join(entry.actors), SCHEME),
        )
        self.db.executemany("INSERT INTO copy_bands (band, hash, document_id) VALUES (?, ?, ?)",
                            [(band, value, entry.id) for band, value in _bands(entry.words)])
        if entry.published:
            self.db.executemany("INSERT INTO story_actors (actor_id, published, document_id) VALUES (?, ?, ?)",
                                [(actor, entry.published[:10], entry.id) for actor in set(entry.actors)])

    def _by_ids(self, ids: list[str]) -> list[Entry]:
        if not ids:
            return []
        return self._rows(f"document_id IN ({', '.join('?' for _ in ids)})", ids)

    def _rows(self, where: str, params: list) -> list[Entry]:
        rows = self.db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM copy_index WHERE {where} AND scheme = ? ORDER BY rowid", [*params, SCHEME]
        ).fetchall()
        entries = [_entry(row) for row in rows]
        return [replace(e, canonical=self.redirects[e.canonical]) if e.canonical in self.redirects else e
                for e in entries]


def _entry(row) -> Entry:
    doc_id, exact, words, word_count, canonical, published, truncated, length, story, actors = tuple(row)
    return Entry(doc_id, exact, np.frombuffer(words, dtype=np.uint32), word_count, canonical, published,
                 bool(truncated), length, story, tuple(actors.split("\t")) if actors else ())


def _merge(first: list[Entry], second: list[Entry]) -> list[Entry]:
    """Entries of both lists, each id once (``first`` wins)."""
    seen = {entry.id for entry in first}
    return first + [entry for entry in second if entry.id not in seen]
