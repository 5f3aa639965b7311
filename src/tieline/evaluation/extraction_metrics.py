"""The two article-extraction metrics :mod:`tieline.evaluation.extraction` scores with.

**ScrapingHub article-extraction-benchmark** (the body against a human-annotated gold body; the
authors' ``evaluate.py`` as its ``SOURCE.md`` describes it):

- tokens are Unicode ``\\w+`` runs, case kept, punctuation dropped; *shingles* are the overlapping
  runs of 4 tokens, and a text of 1 to 3 tokens gives one shorter shingle (an empty text, none);
- on one page, with the gold and predicted shingles as multisets, TP = the sum over shingles of
  min(gold count, predicted count), FP = predicted shingles beyond gold's count, FN = gold
  shingles beyond the prediction's count;
- page precision TP/(TP+FP) counts only where the prediction has shingles, page recall
  TP/(TP+FN) only where gold has some (every page of the set); a page where both are empty counts
  as 1 for both. Precision and recall are the means of the page values (so long pages weigh no
  more than short ones), and **F1 is the harmonic mean of the two means**, not a mean of page F1s;
- *accuracy*: the share of pages whose ``\\w+`` token sequence equals gold's;
- the *bag* variant: tokens are the lowercased whitespace-split words, compared as one multiset
  per page, averaged the same way.

**trafilatura-eval** (``with`` snippets that must appear in the output, ``without`` snippets that
must not): output and snippets are whitespace-normalised (runs of whitespace become one space,
the ends stripped) and each snippet is searched as a substring. A found ``with`` snippet is a TP,
a missing one an FN, a found ``without`` snippet an FP, an absent one a TN; no output at all finds
nothing. Counts are summed over the pages (micro average): P = TP/(TP+FP), R = TP/(TP+FN), F1,
accuracy = (TP+TN)/all.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

SHINGLE = 4
_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")

Counts = tuple[int, int, int]


# --- ScrapingHub: shingles and bags of tokens -------------------------------------------------


def tokens(text: str) -> list[str]:
    """The ``\\w+`` tokens of ``text``, case kept."""
    return _TOKEN.findall(text or "")


def shingles(words: list[str], n: int = SHINGLE) -> Counter:
    """The multiset of overlapping ``n``-token runs; fewer than ``n`` tokens give one shorter run."""
    return Counter(tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1)) if words[i:i + n])


def bag(text: str) -> Counter:
    """The multiset of lowercased whitespace-split words."""
    return Counter((text or "").lower().split())


def overlap(gold: Counter, predicted: Counter) -> Counts:
    """``(TP, FP, FN)`` of two multisets."""
    tp = sum((gold & predicted).values())
    return tp, sum(predicted.values()) - tp, sum(gold.values()) - tp


def page_counts(gold: str, predicted: str) -> dict[str, Any]:
    """One page's shingle and bag counts and whether its token sequence equals gold's."""
    gold_tokens, predicted_tokens = tokens(gold), tokens(predicted)
    return {"shingle": overlap(shingles(gold_tokens), shingles(predicted_tokens)),
            "bag": overlap(bag(gold), bag(predicted)), "exact": gold_tokens == predicted_tokens}


def page_precision(counts: Counts) -> float | None:
    """TP/(TP+FP); 1 when gold and prediction are both empty, ``None`` when only the prediction is."""
    tp, fp, fn = counts
    if tp + fp == 0:
        return 1.0 if fn == 0 else None
    return tp / (tp + fp)


def page_recall(counts: Counts) -> float | None:
    """TP/(TP+FN); 1 when gold and prediction are both empty, ``None`` when only gold is."""
    tp, fp, fn = counts
    if tp + fn == 0:
        return 1.0 if fp == 0 else None
    return tp / (tp + fn)


def page_f1(counts: Counts) -> float:
    """One page's F1 (for ranking pages, not for the set's score); 1 when nothing is to be found."""
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def harmonic(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def averaged(pages: Iterable[Counts]) -> dict[str, float | None]:
    """Mean page precision and recall (where defined) and their harmonic mean."""
    pages = list(pages)
    precision = _mean(page_precision(c) for c in pages)
    recall = _mean(page_recall(c) for c in pages)
    return {"p": _round(precision), "r": _round(recall), "f1": _round(harmonic(precision, recall))}


def body_scores(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A system's ScrapingHub scores over ``rows`` (each from :func:`page_counts`)."""
    shingle, bags = averaged(r["shingle"] for r in rows), averaged(r["bag"] for r in rows)
    return {"pages": len(rows), **{f"shingle_{k}": v for k, v in shingle.items()},
            **{f"bag_{k}": v for k, v in bags.items()},
            "accuracy": _round(sum(r["exact"] for r in rows) / len(rows)) if rows else None,
            "empty": sum(1 for r in rows if r["shingle"][0] + r["shingle"][1] == 0)}


# --- trafilatura-eval: snippets ---------------------------------------------------------------


def norm(text: str) -> str:
    """Whitespace runs made one space, the ends stripped."""
    return _SPACE.sub(" ", text).strip()


def snippet_counts(with_: list[str], without: list[str], predicted: str | None) -> tuple[int, int, int, int]:
    """``(TP, FP, FN, TN)`` of one page's snippets in the output (``None`` or empty finds nothing)."""
    found = norm(predicted or "")
    tp = sum(1 for snippet in with_ if found and norm(snippet) in found)
    fp = sum(1 for snippet in without if found and norm(snippet) in found)
    return tp, fp, len(with_) - tp, len(without) - fp


def snippet_scores(pages: Iterable[tuple[int, int, int, int]]) -> dict[str, Any]:
    """Micro-summed P, R, F1 and accuracy (each ``None`` when its denominator is 0)."""
    pages = list(pages)
    tp, fp, fn, tn = (sum(c[i] for c in pages) for i in range(4))
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    total = tp + fp + fn + tn
    return {"pages": len(pages), "tp": tp, "fp": fp, "fn": fn, "tn": tn, "p": _round(precision),
            "r": _round(recall), "f1": _round(harmonic(precision, recall)),
            "accuracy": _round((tp + tn) / total) if total else None}


def snippet_f1(counts: tuple[int, int, int, int]) -> float:
    """One page's snippet F1 (for ranking pages); 1 when nothing is to be found."""
    return page_f1(counts[:3])


# --- helpers ----------------------------------------------------------------------------------


def _mean(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
