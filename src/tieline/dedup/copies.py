"""Copy detection: is this text an exact, near or reworded copy of an indexed document?

For each candidate of the index (an equal exact hash first, then the LSH candidates whose
estimated content-word containment reaches ``CANDIDATE_CONTAINMENT``), the candidate's text is
compared with the document's:

- ``exact``: the same normalised text;
- ``near``: at least ``NEAR_CONTAINMENT`` of the shorter text's word 5-shingles are in the other,
  or of its sentences, word for word in any order (paragraphs of one sentence moved around: each
  seam breaks 4 shingles);
- ``reworded``: at least ``REWORDED_MIN_SENTENCES`` sentences align in order and they cover at
  least ``REWORDED_COVERAGE`` of the shorter text's sentences (``tieline.dedup.align``).

Of several matches the best kind (exact, near, reworded), then the highest score, wins.

    >>> completeness_key(False, 9, 900, "2025-01-02") < completeness_key(True, 12, 1200, "2025-01-01")
    True
    >>> whole = " ".join(f"word{n}" for n in range(40))
    >>> more_complete(whole, completeness_key(True, 1, 40, None), whole[:150], completeness_key(False, 1, 20, None))
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .align import align, altered_quotes, counted, coverage, shared_sentences, split_sentences
from .fingerprint import Fingerprint, shingles, similarity
from .index import CopyIndex, Entry

#: Measured (docs/dedup.md, "Thresholds"): the least estimated share of the smaller content-word set found in
#: the other for a candidate to be compared at all (a filter that saves time, not a decision). The
#: sample's reworded copy scores 0.78; a long seed article against a short sample article on
#: other news scores 0.61, and the comparison then rejects it.
CANDIDATE_CONTAINMENT = 0.45

#: The least share of the shorter text's word 5-shingles (or counted sentences, in any order) found
#: in the other for a near copy. Near copies: recall 1.000 on the 10k copy set; the sample's
#: reworded copy shares 0.37 of its 5-shingles, different articles under 0.01.
NEAR_CONTAINMENT = 0.8

#: Texts with fewer 5-shingles than this are only ever exact copies.
MIN_SHINGLES = 20

#: A reworded copy aligns at least this many counted sentences (3 missed short wire items with one
#: sentence dropped) ...
REWORDED_MIN_SENTENCES = 2

#: ... covering at least this share of the shorter text's sentences. The sample's reworded copy
#: covers 1.0; different articles at most 0.13; on BBC 2005, follow-up stories of the same event
#: (shared background paragraphs) cover 0.5-0.6, so copies need more.
REWORDED_COVERAGE = 0.8

#: A longer text holding at least this share of another's 5-shingles is more complete than it,
#: whatever the truncation flags say: a copy cut at a paragraph's end is not flagged truncated,
#: yet it is a part of the longer one.
CONTAINS = 0.9

_KIND_RANK = {"exact": 3, "near": 2, "reworded": 1}


@dataclass
class Match:
    """A document found to copy ``entry``."""

    entry: Entry
    kind: str
    score: float
    aligned: list[tuple[int, int, float]] = field(default_factory=list)
    altered: list[dict] = field(default_factory=list)

    def record(self) -> dict:
        """The ``copy`` field of the copy (docs/schema.md)."""
        return {"of": self.entry.id, "kind": self.kind, "score": round(self.score, 3),
                "aligned_sentences": [list(pair) for pair in self.aligned], "altered_quotes": self.altered}


def completeness_key(truncated: bool, sentences: int, words: int, published: str | None) -> tuple:
    """Sorts the most complete document first: not truncated, the longest clean body (in sentences,
    then words: a reworded copy's synonyms change its length, rarely its sentences), then the
    earliest."""
    return (bool(truncated), -sentences, -words, published or "9999")


def more_complete(text: str, key: tuple, other: str, other_key: tuple) -> bool:
    """Whether ``text`` is more complete than ``other`` (``key``: their ``completeness_key``)."""
    ours, theirs = shingles(text), shingles(other)
    if len(ours) > len(theirs) and theirs and len(ours & theirs) / len(theirs) >= CONTAINS:
        return True
    if len(theirs) > len(ours) and ours and len(ours & theirs) / len(ours) >= CONTAINS:
        return False
    return key < other_key


def containment(a: set, b: set) -> float:
    """The share of the smaller set found in the other."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def estimated_containment(fp: Fingerprint, entry: Entry) -> float:
    """Containment of the smaller content-word set, estimated from the signatures and set sizes."""
    jaccard = similarity(fp.words, entry.words)
    smaller = min(fp.word_count, entry.word_count)
    return jaccard * (fp.word_count + entry.word_count) / (1 + jaccard) / smaller if smaller else 0.0


def compare(original: str, copy: str, entry: Entry) -> Match | None:
    """How ``copy`` copies ``original`` (the text of ``entry``), or None."""
    ours, theirs = shingles(copy), shingles(original)
    if min(len(ours), len(theirs)) < MIN_SHINGLES:
        return None
    a, b = split_sentences(original), split_sentences(copy)
    pairs = align(a, b)
    near = containment(ours, theirs)
    if near < NEAR_CONTAINMENT and min(len(a), len(b)) >= REWORDED_MIN_SENTENCES:
        near = max(near, shared_sentences(a, b))
    if near >= NEAR_CONTAINMENT:
        return Match(entry, "near", near, pairs, altered_quotes(original, copy, pairs, a, b))
    covered = coverage(pairs, a, b)
    if counted(pairs, a) >= REWORDED_MIN_SENTENCES and covered >= REWORDED_COVERAGE:
        return Match(entry, "reworded", covered, pairs, altered_quotes(original, copy, pairs, a, b))
    return None


def find_copy(doc_id: str, text: str, fp: Fingerprint, index: CopyIndex) -> Match | None:
    """The best match of ``text`` among the indexed documents, or None (``doc_id`` itself excluded)."""
    for entry in index.exact(fp.exact):
        if doc_id not in (entry.id, entry.canonical):
            return Match(entry, "exact", 1.0)
    matches = [match for match in (_check(doc_id, text, fp, entry, index) for entry in index.candidates(fp)) if match]
    return max(matches, key=lambda m: (_KIND_RANK[m.kind], m.score), default=None)


def _check(doc_id: str, text: str, fp: Fingerprint, entry: Entry, index: CopyIndex) -> Match | None:
    if doc_id in (entry.id, entry.canonical) or estimated_containment(fp, entry) < CANDIDATE_CONTAINMENT:
        return None
    original = index.text(entry.id)
    return compare(original, text, entry) if original else None
