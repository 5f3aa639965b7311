"""Fingerprints of a clean body: normalised text, exact hash, shingles, MinHash signatures.

A document's fingerprint is the hash of its normalised text (exact copies share it) and a MinHash
signature (``NUM_PERM`` permutations, the fixed ``SEED``) of its content words: one-word shingles
without stop words, plurals folded. A near copy (boilerplate added, a paragraph dropped, a
truncated body) keeps most of them, and so does a machine-reworded copy, whose swapped words and
punctuation break most word 5-shingles (the sample corpus's reworded copy keeps 22% of its
original's 5-shingles and 62% of its content words). The signature finds candidates
(``tieline.dedup.index``) and measures story similarity; ``shingles`` (word ``SHINGLE_WORDS``-grams)
then decide a near copy exactly, and sentence alignment (``tieline.dedup.align``) a reworded one.

    >>> normalise("“Hello,” she  SAID — twice.")
    'hello she said twice'
    >>> exact_hash("Hello, world.") == exact_hash("hello world")
    True
    >>> sorted(shingles("a b c d", size=3))
    ['a b c', 'b c d']
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from datasketch import MinHash

#: Permutations per signature: the estimate of a Jaccard similarity has a standard error of about
#: sqrt(J(1-J)/128), 0.04 at J = 0.5.
NUM_PERM = 128

#: Seed of the permutations; signatures from different seeds cannot be compared.
SEED = 1

#: Names the signature scheme stored with each fingerprint (datasketch >= 2.0 ``affine32``).
SCHEME = f"affine32-p{NUM_PERM}-s{SEED}"

#: Words per shingle.
SHINGLE_WORDS = 5

#: Function words left out of ``content_words``.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my no nor not now of off on once only or other our ours out over own same she should so some
    such than that the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your said says say
    mr ms mrs dr""".split()
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def normalise(text: str) -> str:
    """NFKC, case-folded, punctuation dropped, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return " ".join(_WORD.findall(folded))


def words(text: str) -> list[str]:
    """The words of ``normalise(text)``."""
    return normalise(text).split()


def exact_hash(text: str) -> str:
    """SHA-256 (16 hex digits) of the normalised text: the same for exact copies."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word ``size``-grams of the normalised text (the whole text when it is shorter)."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def fold(word: str) -> str:
    """A crude plural fold, so "sanctions" and "sanction" count as one word."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def content_words(text: str) -> set[str]:
    """Folded words of three letters or more that are not stop words."""
    return {fold(word) for word in words(text) if len(word) > 2 and word not in STOP_WORDS}


def signature(features: Iterable[str]) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 values) of a set of strings."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([feature.encode("utf-8") for feature in features])
    return minhash.hashvalues.astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity two signatures estimate: the share of equal values."""
    return float(np.mean(a == b))


def band_hashes(values: np.ndarray, bands: int, rows: int) -> list[int]:
    """One signed 64-bit hash per band of ``rows`` values (an SQLite INTEGER)."""
    chunks = (values[band * rows:(band + 1) * rows].tobytes() for band in range(bands))
    return [int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big", signed=True) for chunk in chunks]


@dataclass
class Fingerprint:
    """What the copy index keeps of one document."""

    exact: str
    words: np.ndarray
    word_count: int


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of a clean body."""
    found = content_words(text)
    return Fingerprint(exact_hash(text), signature(found), len(found))
