"""Write the copy-detection test set (originals, exact/near/reworded copies, hard negatives) as JSONL.

The set is built from BBC News 2005 and Reuters-21578 in ../shared/data/corpora (research use
only: the set is written outside the repository's tracked files, never committed). How each copy
is made, and how hard negatives are chosen: ``tieline.evaluation.copy_perturb`` (the harness
``tieline eval copies`` uses the same functions, and can read this file with ``--testset``).
Deterministic: the same --seed and corpora give the same file, byte for byte.

One JSON object a line, in the order the harness feeds them (originals, then copies and negatives
shuffled): id, role (original|copy|negative), kind (exact|near|reworded for copies), variant
(near: boilerplate|truncated|reordered; negatives: the content-word Jaccard with their partner),
of (a copy's original, a negative's partner), corpus, category, truncated, text.

Example:
    .venv/bin/python scripts/make_copy_testset.py --docs 10000 --out eval/results/copies/testset.jsonl
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tieline.evaluation import copy_perturb  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(copy_perturb.DEFAULT_CORPORA), help="the corpora folder")
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the set (default 10000)")
    parser.add_argument("--negatives", type=int, default=None, help="hard-negative pairs (default: docs / 20)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="eval/results/copies/testset.jsonl", help="the JSONL file to write")
    args = parser.parse_args(argv)
    records = copy_perturb.build(args.data, args.docs, args.seed, args.negatives)
    path = copy_perturb.write(records, args.out)
    counts = Counter(r["kind"] or r["role"] for r in records)
    print(f"{path}: {len(records)} documents: {dict(sorted(counts.items()))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
