"""Sentence alignment: how a machine-reworded copy maps onto its original.

A content farm's reworded copy keeps the order and meaning of the original's sentences but swaps
words for synonyms, moves clauses around commas and drops a sentence here and there. Each pair of
sentences is scored by the Dice coefficient of their character trigrams (robust to inflection,
punctuation and clause order), and an order-preserving alignment (a weighted longest common
subsequence) keeps the pairs scoring at least ``SENTENCE_MATCH`` that maximise the total score.
Two sentences whose numbers disagree (neither's numbers all found in the other) never align: a
copy keeps its facts, while reports written on one template ("X is raising 40 mln dlrs ...")
differ in them.

    >>> a = "Xi met Putin in Beijing on Monday. “We are friends,” he said. Trade grew."
    >>> b = "Xi met with Putin in Beijing on Monday. “We are close friends,” he stated."
    >>> [(i, j) for i, j, _ in align(split_sentences(a), split_sentences(b))]
    [(0, 0), (1, 1)]
    >>> [(q["original"], q["copy"]) for q in altered_quotes(a, b)]
    [('We are friends,', 'We are close friends,')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import zip_longest

from ..budget import checked
from .fingerprint import normalise

#: The least score of two sentences that may align (docs/dedup.md): as a paraphrase classifier, F1
#: 0.810 on MSRP test and 0.872 on PAN-10 test (``tieline eval paraphrase``). The best pair of
#: sentences from two different sample articles scores 0.56, so one stray pair can align:
#: ``REWORDED_COVERAGE`` decides.
SENTENCE_MATCH = 0.5

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n")

#: Words before a full stop that does not end a sentence ("Mr. Putin", "Vladimir V. Putin").
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Sen|Rep|Gov|Pres|St|Jr|Sr|No|Vol|U\.S|U\.N|U\.K)|\b[A-Z])\.$")
_QUOTE = re.compile(r"[“\"]([^“”\"]{2,}?)[”\"]")
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")

#: Sentences of fewer words ("Reuter", a dateline) align but do not count towards coverage.
MIN_SENTENCE_WORDS = 4


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text: its offsets and words; trigrams, numbers and normalised words on demand."""

    start: int
    end: int
    text: str = field(repr=False)

    @cached_property
    def trigrams(self) -> frozenset[str]:
        return trigrams(self.text)

    @cached_property
    def numbers(self) -> frozenset[str]:
        return numbers(self.text)

    @cached_property
    def key(self) -> str:
        return normalise(self.text)

    @property
    def counts(self) -> bool:
        """Whether the sentence is long enough to count towards coverage."""
        return self.key.count(" ") + 1 >= MIN_SENTENCE_WORDS


def trigrams(text: str) -> frozenset[str]:
    """Character trigrams of the normalised text."""
    flat = f" {normalise(text)} "
    return frozenset(flat[i:i + 3] for i in range(len(flat) - 2))


def numbers(text: str) -> frozenset[str]:
    """The numbers written in digits, thousands separators dropped ("1,200" is "1200")."""
    return frozenset(re.sub(r"(?<=\d),(?=\d{3})", "", found) for found in _NUMBER.findall(text))


def sentence(text: str, start: int, end: int) -> Sentence:
    """The ``Sentence`` of ``text[start:end]``."""
    return Sentence(start, end, text[start:end])


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` by punctuation and blank lines (no model needed)."""
    found, start = [], 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        if match and "\n" not in match.group() and _ABBREVIATION.search(piece):
            continue
        if piece.strip():
            offset = start + len(piece) - len(piece.lstrip())
            found.append(sentence(text, offset, start + len(piece.rstrip())))
        start = match.end() if match else len(text)
    return found


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """The Dice coefficient of two sets (0 when both are empty)."""
    total = len(a) + len(b)
    return 2 * len(a & b) / total if total else 0.0


def facts_agree(a: Sentence, b: Sentence) -> bool:
    """False when both sentences hold numbers and neither's are all in the other."""
    if not a.numbers or not b.numbers:
        return True
    return a.numbers <= b.numbers or b.numbers <= a.numbers


def pair_score(a: Sentence, b: Sentence) -> float:
    """How well sentence ``b`` rewords ``a``: trigram Dice, 0 when their numbers disagree."""
    return dice(a.trigrams, b.trigrams) if facts_agree(a, b) else 0.0


def _scores(a: list[Sentence], b: list[Sentence], floor: float) -> list[list[float]]:
    rows = []
    for left in checked(a, every=1):  # the time budget's check (tieline.budget): quadratic in sentences
        row = [pair_score(left, right) for right in b]
        rows.append([score if score >= floor else 0.0 for score in row])
    return rows


def align(a: list[Sentence], b: list[Sentence], floor: float = SENTENCE_MATCH) -> list[tuple[int, int, float]]:
    """The order-preserving pairs ``(i, j, score)`` of sentences of ``a`` and ``b`` with the best total score."""
    scores = _scores(a, b, floor)
    best = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in checked(range(1, len(a) + 1), every=1):
        for j in range(1, len(b) + 1):
            pair = best[i - 1][j - 1] + scores[i - 1][j - 1] if scores[i - 1][j - 1] else 0.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], pair)
    return _trace(best, scores)


def _trace(best: list[list[float]], scores: list[list[float]]) -> list[tuple[int, int, float]]:
    pairs, i, j = [], len(best) - 1, len(best[0]) - 1
    while i and j:
        score = scores[i - 1][j - 1]
        if score and best[i][j] == best[i - 1][j - 1] + score:
            pairs.append((i - 1, j - 1, round(score, 3)))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def counted(pairs: list[tuple[int, int, float]], a: list[Sentence]) -> int:
    """The aligned pairs whose sentence of ``a`` counts (``MIN_SENTENCE_WORDS``)."""
    return sum(1 for i, _, _ in pairs if a[i].counts)


def coverage(pairs: list[tuple[int, int, float]], a: list[Sentence], b: list[Sentence]) -> float:
    """The share of the shorter text's counted sentences that align."""
    shorter = min(sum(1 for s in a if s.counts), sum(1 for s in b if s.counts))
    return min(1.0, counted(pairs, a) / shorter) if shorter else 0.0


def shared_sentences(a: list[Sentence], b: list[Sentence]) -> float:
    """The share of the shorter text's counted sentences found word for word in the other, in any order."""
    keys_a = {s.key for s in a if s.counts}
    keys_b = {s.key for s in b if s.counts}
    shorter = min(len(keys_a), len(keys_b))
    return len(keys_a & keys_b) / shorter if shorter else 0.0


def quotes(text: str, sentence: Sentence) -> list[tuple[str, int, int]]:
    """The quoted passages of one sentence: ``(text, start, end)``, offsets into ``text``."""
    piece = text[sentence.start:sentence.end]
    return [(m.group(1), sentence.start + m.start(1), sentence.start + m.end(1)) for m in _QUOTE.finditer(piece)]


def altered_quotes(a_text: str, b_text: str, pairs=None, a: list[Sentence] | None = None,
                   b: list[Sentence] | None = None) -> list[dict]:
    """Quotes of ``a_text`` whose aligned sentence in ``b_text`` quotes something else (or nothing).

    Each is ``{original, copy, of_start, of_end, start, end}``: offsets of the original quote in
    ``a_text`` and of the copy's quote in ``b_text`` (``copy`` and its offsets are None when the
    aligned sentence has no quote there).
    """
    a = split_sentences(a_text) if a is None else a
    b = split_sentences(b_text) if b is None else b
    pairs = align(a, b) if pairs is None else pairs
    found = []
    for i, j, _ in pairs:
        for original, copy in zip_longest(quotes(a_text, a[i]), quotes(b_text, b[j])):
            if original and (copy is None or normalise(original[0]) != normalise(copy[0])):
                found.append(_altered(original, copy))
    return found


def _altered(original: tuple[str, int, int], copy: tuple[str, int, int] | None) -> dict:
    text, start, end = copy if copy else (None, None, None)
    return {"original": original[0], "copy": text, "of_start": original[1], "of_end": original[2],
            "start": start, "end": end}
