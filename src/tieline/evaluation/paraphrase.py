"""Sentence pairs: does the reworded-copy aligner's sentence score tell paraphrases apart?

The dedup stage aligns a reworded copy's sentences with its original's by ``pair_score``
(``tieline.dedup.align``: the Dice coefficient of character trigrams, 0 when the two sentences'
numbers disagree) and keeps pairs scoring at least ``SENTENCE_MATCH``. Two public sets of
human-labelled sentence pairs measure that score as a paraphrase classifier:

- MSRP (``msrp/msr_paraphrase_{train,test}.txt``): news sentences on the same event, 4,076 train
  and 1,725 test pairs;
- PAN-10 (``pan10-paraphrase-sentences/pan-{train,test}_s{1,2}.txt`` and ``.labels``): human
  paraphrase plagiarism, 10,000 train and 3,000 test pairs.

For each set the threshold with the best accuracy on ``train`` is applied to ``test`` (the sets'
own rule), and the aligner's fixed ``SENTENCE_MATCH`` is scored too. Both the aligner's score and
the bare trigram Dice (without the number check) are reported, with pairs/s.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any, Callable

from ..dedup.align import SENTENCE_MATCH, dice, pair_score, sentence

DEFAULT_DATA = Path("../shared/data/anchors/copies")
FLOORS_KEY = "paraphrase"
SETS = ("msrp", "pan10")

#: Thresholds tried on the training split.
THRESHOLDS = [round(0.2 + step / 100, 2) for step in range(71)]

Pair = tuple[int, str, str]


def read_msrp(folder: Path, split: str) -> list[Pair]:
    """``(label, sentence 1, sentence 2)`` of MSRP's ``train`` or ``test`` file."""
    path = folder / "msrp" / f"msr_paraphrase_{split}.txt"
    pairs = []
    with path.open(encoding="utf-8-sig") as lines:
        next(lines)
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            pairs.append((int(fields[0]), fields[3], fields[4]))
    return pairs


def read_pan(folder: Path, split: str) -> list[Pair]:
    """``(label, sentence 1, sentence 2)`` of PAN-10's ``train`` or ``test`` files."""
    base = folder / "pan10-paraphrase-sentences"
    first, second = ((base / f"pan-{split}_s{n}.txt").read_text(encoding="utf-8", errors="replace").splitlines()
                     for n in (1, 2))
    labels = (base / f"pan-{split}.labels").read_text(encoding="utf-8").split()
    if not len(first) == len(second) == len(labels):
        raise ValueError(f"{base}: the {split} files have {len(first)}, {len(second)} and {len(labels)} lines; "
                         "they must pair line by line (restore them from ../shared)")
    return [(int(label), a, b) for label, a, b in zip(labels, first, second)]


READERS: dict[str, Callable[[Path, str], list[Pair]]] = {"msrp": read_msrp, "pan10": read_pan}


def aligner_score(a: str, b: str) -> float:
    """The score the aligner gives two sentences."""
    return pair_score(sentence(a, 0, len(a)), sentence(b, 0, len(b)))


def trigram_score(a: str, b: str) -> float:
    """The trigram Dice alone, without the number check."""
    return dice(sentence(a, 0, len(a)).trigrams, sentence(b, 0, len(b)).trigrams)


SCORERS: dict[str, Callable[[str, str], float]] = {"aligner": aligner_score, "trigram_dice": trigram_score}


def classify(scored: list[tuple[float, int]], threshold: float) -> dict[str, float]:
    """Precision, recall and F1 of the paraphrase class, and accuracy, at ``threshold``."""
    tp = sum(1 for score, label in scored if score >= threshold and label)
    fp = sum(1 for score, label in scored if score >= threshold and not label)
    fn = sum(1 for score, label in scored if score < threshold and label)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = (len(scored) - fp - fn) / len(scored) if scored else 0.0
    return {"threshold": threshold, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4), "accuracy": round(accuracy, 4)}


def tune(scored: list[tuple[float, int]]) -> float:
    """The threshold of best accuracy (the lowest of ties)."""
    return max(THRESHOLDS, key=lambda t: (classify(scored, t)["accuracy"], -t))


def score_set(pairs_train: list[Pair], pairs_test: list[Pair], scorer: Callable[[str, str], float]) -> dict[str, Any]:
    """The scorer tuned on train and applied to test, and at ``SENTENCE_MATCH``."""
    train = [(scorer(a, b), label) for label, a, b in pairs_train]
    started = time.perf_counter()
    test = [(scorer(a, b), label) for label, a, b in pairs_test]
    seconds = time.perf_counter() - started
    return {"tuned": classify(test, tune(train)), "at_sentence_match": classify(test, SENTENCE_MATCH),
            "test_pairs": len(test), "pairs_per_s": round(len(test) / seconds) if seconds else None}


def evaluate(data: str | Path = DEFAULT_DATA, sets: tuple[str, ...] = SETS) -> dict[str, Any]:
    """Every scorer on every set."""
    folder = Path(data)
    result: dict[str, Any] = {"benchmark": "paraphrase", "measured": date.today().isoformat(),
                              "sentence_match": SENTENCE_MATCH, "sets": {}}
    for name in sets:
        train, test = READERS[name](folder, "train"), READERS[name](folder, "test")
        result["sets"][name] = {scorer: score_set(train, test, fn) for scorer, fn in SCORERS.items()}
    return result


def metrics(result: dict[str, Any]) -> dict[str, float]:
    """The flat metrics ``eval/floors.json`` pins: the aligner's test accuracy and F1 per set."""
    found = {}
    for name, scores in result["sets"].items():
        for setting in ("tuned", "at_sentence_match"):
            for metric in ("accuracy", "f1"):
                found[f"{name}_{setting}_{metric}"] = scores["aligner"][setting][metric]
    return found


def floors(values: dict[str, float]) -> dict[str, float]:
    """Each metric minus 0.01, rounded down to two decimals."""
    from . import floors_below

    return floors_below(values, 0.01)


def markdown(result: dict[str, Any]) -> str:
    """The table of docs/benchmarks.md."""
    lines = ["| set | score | threshold | precision | recall | F1 | accuracy | pairs/s |", "|---|---|---|---|---|---|---|---|"]
    for name, scores in result["sets"].items():
        for scorer, found in scores.items():
            for setting in ("tuned", "at_sentence_match"):
                row = found[setting]
                label = f"{row['threshold']:.2f} ({'tuned on train' if setting == 'tuned' else 'SENTENCE_MATCH'})"
                lines.append(f"| {name} | {scorer} | {label} | {row['precision']:.3f} | {row['recall']:.3f} | "
                             f"{row['f1']:.3f} | {row['accuracy']:.3f} | {found['pairs_per_s']:,} |")
    return "\n".join(lines) + f"\n\nMeasured {result['measured']}; test pairs: " + ", ".join(
        f"{name} {scores['aligner']['test_pairs']:,}" for name, scores in result["sets"].items()) + "."


def write_json(result: dict[str, Any], out: str | Path) -> Path:
    from . import write_result

    return write_result(result, out)
