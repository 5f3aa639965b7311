"""Copy detection of the dedup stage on a test set of perturbed real articles, and its speed.

The set (:mod:`tieline.evaluation.copy_perturb`; ``scripts/make_copy_testset.py`` writes it to a
file) holds originals from BBC 2005 and Reuters-21578, one exact, near or reworded copy of each,
and hard negatives (different BBC articles on the same topic). The dedup stage, built as
``tieline analyze`` builds it (``tieline.registry.get("dedup")``), gets the originals first, then
the copies and negatives shuffled together, in batches of 64 Docs (no batch mixes the two
phases, so each original is indexed before its copy and stays canonical). The Docs carry their
clean body, truncation flag and no date or actors: stories are not exercised here (a document
needs two actor ids to join a story), copies are.

Definitions (``docs/benchmarks.md``, "Copies: detection and speed"):

- the *target* of a copy is its original's canonical document: the original itself, or, when the
  stage found the original to copy an earlier original (the corpora hold some duplicates), that
  one's;
- a copy is *found* as kind K when its ``duplicate_of`` is its target and its ``copy_kind`` is K;
  *recall* of K: copies made as K found as K; *precision* of K: of the copies and negatives
  predicted K, those made as K and pointing to their target (originals marked as copies of
  another original are counted apart, not scored);
- a hard negative is *kept out* when its ``duplicate_of`` is null.

Speed is documents per second of the stage over the whole stream (originals, copies, negatives),
with the in-memory index (as ``tieline analyze``) and the store's index (as ``tieline ingest``: a
SQLite file in a temporary folder, each batch's documents saved and the index flushed in one
transaction; the saving is timed apart). Each run is a forked process; its peak RSS
(``resource.getrusage``) includes the test set it was handed. ``replays`` repeats the set with new
ids and each replay's content words mapped through its own seeded bijection of the vocabulary
(:func:`copy_perturb.replay`), so replays are not copies of one another.

    python -m tieline.evaluation.copies --docs 10000 --markdown
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from . import copy_perturb

DEFAULT_DATA = copy_perturb.DEFAULT_CORPORA
DEFAULT_OUT = Path("eval") / "results" / "copies.json"
FLOORS_KEY = "copies"
KINDS = copy_perturb.KINDS
OUTCOMES = (*KINDS, "none", "wrong original")
BATCH = 64


# --- running the stage -----------------------------------------------------------------------


def stream(records: list[dict[str, Any]], replays: int = 1) -> list[dict[str, Any]]:
    """The set, then each replay of it (2 .. ``replays``), in feeding order."""
    found = list(records)
    for n in range(1, replays):
        found += copy_perturb.replay(records, n)
    return found


def batches(records: list[dict[str, Any]], size: int = BATCH) -> list[list[dict[str, Any]]]:
    """Batches of ``size`` that never mix originals with what comes after them."""
    found, current = [], []
    for record in records:
        if current and (len(current) >= size or (record["role"] == "original") != (current[-1]["role"] == "original")):
            found.append(current)
            current = []
        current.append(record)
    return found + [current] if current else found


def _doc(record: dict[str, Any]):
    from ..testing import make_doc

    return make_doc(record["text"], source=record["id"], id=record["id"], text=record["text"],
                    truncated=bool(record["truncated"]))


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))


def run(records: list[dict[str, Any]], index: str = "memory", size: int = BATCH) -> dict[str, Any]:
    """The dedup stage over ``records`` (in order) with the ``memory`` or ``store`` index: each
    document's ``[duplicate_of, copy_kind]``, the stage's seconds (and the store's saving)."""
    from ..registry import get
    from ..store import Store

    stage, store, seconds, saving = get("dedup"), None, 0.0, 0.0
    folder = tempfile.TemporaryDirectory(prefix="tieline-copies-")
    if index == "store":
        store = Store(Path(folder.name) / "copies.db")
        stage.use_store(store)
    predicted, started_rss = {}, _rss_kb()
    for batch in batches(records, size):
        docs = [_doc(record) for record in batch]
        started = time.perf_counter()
        docs = list(stage.pipe(docs))
        seconds += time.perf_counter() - started
        if store is not None:
            seconds, saving = _save(store, stage, docs, seconds, saving)
        predicted.update((doc.id, [doc.duplicate_of, doc.copy_kind]) for doc in docs)
    if store is not None:
        predicted.update(_stored_predictions(store))
        store.close()
    folder.cleanup()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"index": index, "docs": len(records), "seconds": round(seconds, 2), "saving_seconds": round(saving, 2),
            "docs_per_s": round(len(records) / seconds, 1) if seconds else None,
            "rss_start_mb": round(started_rss / 1024), "rss_peak_mb": round(peak / 1024), "predicted": predicted}


def _stored_predictions(store) -> dict[str, list]:
    """``[duplicate_of, copy_kind]`` of each stored document at the end: promotions rewrite earlier ones."""
    rows = store.db.execute("SELECT id, duplicate_of, json_extract(record, '$.copy_kind') FROM documents")
    return {doc_id: [duplicate_of, kind] for doc_id, duplicate_of, kind in rows}


def _save(store, stage, docs, seconds: float, saving: float) -> tuple[float, float]:
    """Save the batch and flush the index in one transaction (``tieline ingest``'s order)."""
    with store.transaction():
        started = time.perf_counter()
        for doc in docs:
            store.save(doc, {"dedup": stage.name})
        middle = time.perf_counter()
        stage.index.flush()
        ended = time.perf_counter()
    return seconds + ended - middle, saving + middle - started


def _child(records, index, size, conn) -> None:
    try:
        conn.send(run(records, index, size))
    except BaseException as error:  # reported to the parent, which raises
        conn.send({"error": f"{type(error).__name__}: {error}"})
    finally:
        conn.close()


def run_forked(records: list[dict[str, Any]], index: str = "memory", size: int = BATCH) -> dict[str, Any]:
    """:func:`run` in a forked process, so that its peak RSS is its own."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(records, index, size, child))
    process.start()
    child.close()
    result = parent.recv()
    process.join()
    if "error" in result:
        raise RuntimeError(f"the {index} run failed: {result['error']}")
    return result


# --- scoring ---------------------------------------------------------------------------------


def promoted(record: dict[str, Any], predicted: dict[str, list]) -> bool:
    """Whether the stage made ``record`` canonical over the original it copies (or is a negative
    of): the store's index promotes a later, more complete copy, and the original then copies it."""
    of = record.get("of")
    return of is not None and predicted.get(of, [None])[0] == record["id"]


def outcome(record: dict[str, Any], predicted: dict[str, list], canonical: dict[str, str]) -> str:
    """What the stage made of one copy or negative: a kind (right target), ``none`` or ``wrong original``.

    The direction does not matter: a copy is found when it points to its original's canonical
    document, or when it was promoted over its original, which then points to it with the kind.
    """
    if promoted(record, predicted):
        return predicted[record["of"]][1]
    duplicate_of, kind = predicted[record["id"]]
    if duplicate_of is None:
        return "none"
    if record["role"] == "copy" and duplicate_of != canonical.get(record["of"], record["of"]):
        return "wrong original"
    return kind


def called_kind(record: dict[str, Any], predicted: dict[str, list]) -> str | None:
    """The kind the stage gave the pair of ``record`` and its original, whichever way it points."""
    return predicted[record["of"]][1] if promoted(record, predicted) else predicted[record["id"]][1]


def originals_marked(records: list[dict[str, Any]], predicted: dict[str, list]) -> int:
    """Originals marked as copies of another original (not of a copy promoted over them)."""
    own = {(r["of"], r["id"]) for r in records if r.get("of")}
    return sum(1 for r in records if r["role"] == "original" and predicted[r["id"]][0]
               and (r["id"], predicted[r["id"]][0]) not in own)


def score(records: list[dict[str, Any]], predicted: dict[str, list]) -> dict[str, Any]:
    """Precision and recall per kind, the confusion table, negatives kept out (module docstring)."""
    originals = [r for r in records if r["role"] == "original"]
    canonical = {r["id"]: predicted[r["id"]][0] or r["id"] for r in originals}
    later = [(r, outcome(r, predicted, canonical)) for r in records if r["role"] != "original"]
    copies = [(r, o) for r, o in later if r["role"] == "copy"]
    negatives = [(r, o) for r, o in later if r["role"] == "negative"]
    confusion = {kind: dict(Counter(o for r, o in copies if r["kind"] == kind)) for kind in KINDS}
    confusion["negative"] = dict(Counter(o if o == "none" else called_kind(r, predicted) for r, o in negatives))
    scores = {"originals": len(originals), "copies": len(copies), "negatives": len(negatives),
              "originals_marked_as_copies": originals_marked(records, predicted),
              "promoted": sum(1 for r, _ in later if promoted(r, predicted))}
    for kind in KINDS:
        made = [o for r, o in copies if r["kind"] == kind]
        called = [(r, o) for r, o in later if o != "none" and called_kind(r, predicted) == kind]
        right = sum(1 for r, o in called if r["role"] == "copy" and r["kind"] == kind and o == kind)
        scores[f"recall_{kind}"] = _share(sum(o == kind for o in made), len(made))
        scores[f"found_{kind}"] = _share(sum(o in KINDS for o in made), len(made))
        scores[f"precision_{kind}"] = _share(right, len(called))
    scores["negatives_kept_out"] = _share(sum(o == "none" for _, o in negatives), len(negatives))
    scores["false_copies_of_partner"] = sum(
        1 for r, o in negatives if o != "none" and (promoted(r, predicted) or
                                                   predicted[r["id"]][0] == canonical.get(r["of"], r["of"])))
    scores["confusion"] = confusion
    scores["near_variants"] = _recall_by(copies, "near", lambda r: r["variant"])
    scores["by_corpus"] = {kind: _recall_by(copies, kind, lambda r: r["corpus"]) for kind in KINDS}
    return scores


def outcomes(records: list[dict[str, Any]], predicted: dict[str, list]) -> dict[str, tuple]:
    """Each record's copy group (the ids that share its canonical document) and, for a copy or
    negative, its outcome: two runs agree on a record when these do, whichever way it points."""
    root = {r["id"]: predicted[r["id"]][0] or r["id"] for r in records}
    groups: dict[str, set] = {}
    for doc_id, canonical in root.items():
        groups.setdefault(canonical, set()).add(doc_id)
    originals = {r["id"]: root[r["id"]] for r in records if r["role"] == "original"}
    return {r["id"]: (frozenset(groups[root[r["id"]]]),
                      None if r["role"] == "original" else outcome(r, predicted, originals)) for r in records}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _recall_by(copies, kind: str, key) -> dict[str, dict]:
    groups: dict[str, list[str]] = {}
    for record, found in copies:
        if record["kind"] == kind:
            groups.setdefault(key(record), []).append(found)
    return {name: {"copies": len(found), "recall": _share(found.count(kind), len(found))}
            for name, found in sorted(groups.items())}


def errors(records: list[dict[str, Any]], predicted: dict[str, list], limit: int = 50) -> list[dict]:
    """The first ``limit`` copies and negatives the stage got wrong, for reading."""
    originals = {r["id"]: r for r in records if r["role"] == "original"}
    canonical = {i: predicted[i][0] or i for i in originals}
    found = []
    for record in records:
        if record["role"] == "original":
            continue
        got = outcome(record, predicted, canonical)
        if got != (record["kind"] or "none"):
            found.append({"id": record["id"], "role": record["role"], "kind": record["kind"],
                          "variant": record["variant"], "of": record["of"], "predicted": predicted[record["id"]],
                          "outcome": got})
    return found[:limit]


# --- the benchmark ---------------------------------------------------------------------------


def evaluate(data: str | Path = DEFAULT_DATA, docs: int = 10_000, replays: int = 1, indexes=("memory", "store"),
             seed: int = 7, testset: str | Path | None = None, fork: bool = True) -> dict[str, Any]:
    """Build (or read) the set, run the stage with each index, score the first run."""
    from ..registry import get

    records = copy_perturb.read(testset) if testset else copy_perturb.build(data, docs, seed)
    fed = stream(records, replays)
    runs = [(run_forked if fork else run)(fed, index) for index in indexes]
    predicted = runs[0]["predicted"]
    result = {"benchmark": "copies", "measured": date.today().isoformat(), "stage": get("dedup").name,
              "seed": seed, "testset": str(testset) if testset else None, "set_docs": len(records),
              "replays": replays, "docs": len(fed), "cpus": os.cpu_count(),
              "scores": score(fed, predicted), "errors": errors(fed, predicted),
              "runs": [{**{k: v for k, v in r.items() if k != "predicted"},
                        "promoted": sum(1 for record in fed if promoted(record, r["predicted"]))} for r in runs]}
    if len(runs) > 1:
        first, second = outcomes(fed, predicted), outcomes(fed, runs[1]["predicted"])
        result["runs_disagree"] = sum(1 for key, value in first.items() if second.get(key) != value)
    return result


def metrics(result: dict[str, Any]) -> dict[str, float]:
    """The flat metrics ``eval/floors.json`` pins."""
    s = result["scores"]
    keys = [f"{m}_{k}" for k in KINDS for m in ("recall", "precision")] + ["negatives_kept_out"]
    found = {key: s[key] for key in keys if s[key] is not None}
    if s["originals"]:
        found["originals_kept_apart"] = round(1 - s["originals_marked_as_copies"] / s["originals"], 4)
    return found


def floors(values: dict[str, float]) -> dict[str, float]:
    """Each metric minus 0.02, rounded down to two decimals."""
    from . import floors_below

    return floors_below(values, 0.02)


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The result without its error rows."""
    return {k: v for k, v in result.items() if k != "errors"}


def write_json(result: dict[str, Any], out: str | Path) -> Path:
    from . import write_result

    return write_result(result, out, indent=1)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def markdown(result: dict[str, Any]) -> str:
    """The tables of ``docs/benchmarks.md``: detection per kind, confusion, speed."""
    s = result["scores"]
    lines = ["| kind | copies | precision | recall | found, any kind |", "|---|---|---|---|---|"]
    for kind in KINDS:
        lines.append(f"| {kind} | {sum(s['confusion'][kind].values())} | {_pct(s[f'precision_{kind}'])} | "
                     f"{_pct(s[f'recall_{kind}'])} | {_pct(s[f'found_{kind}'])} |")
    lines.append(f"| hard negatives kept out | {s['negatives']} | – | {_pct(s['negatives_kept_out'])} | – |")
    lines += ["", f"| made as \\ called | {' | '.join(OUTCOMES)} |", "|---" * (len(OUTCOMES) + 1) + "|"]
    for made in (*KINDS, "negative"):
        row = s["confusion"][made]
        lines.append(f"| {made} | {' | '.join(str(row.get(o, 0)) for o in OUTCOMES)} |")
    variants = ", ".join(f"{name} {v['recall']:.3f} ({v['copies']})" for name, v in s["near_variants"].items())
    corpora = "; ".join(f"{kind}: " + ", ".join(f"{c} {v['recall']:.3f} ({v['copies']})" for c, v in by.items())
                        for kind, by in s["by_corpus"].items())
    lines += ["", f"Near recall by variant: {variants}. Recall by corpus: {corpora}. Originals marked as copies "
              f"of another original: {s['originals_marked_as_copies']} of {s['originals']}; hard negatives "
              f"called copies of their partner: {s['false_copies_of_partner']}."]
    lines += ["", "| index | documents | stage seconds | documents/s | store saving, s | peak RSS (MB) | RSS at start (MB) |",
              "|---|---|---|---|---|---|---|"]
    for r in result["runs"]:
        lines.append(f"| {r['index']} | {r['docs']:,} | {r['seconds']} | {r['docs_per_s']:,} | "
                     f"{r['saving_seconds'] if r['index'] == 'store' else '–'} | {r['rss_peak_mb']:,} | {r['rss_start_mb']:,} |")
    note = f"; the two indexes disagree on {result['runs_disagree']} documents" if "runs_disagree" in result else ""
    lines.append(f"\n{result['docs']:,} documents ({result['set_docs']:,} × {result['replays']} replays), seed "
                 f"{result['seed']}, stage `{result['stage']}`, {result['cpus']} CPUs{note}. Measured {result['measured']}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from ..errors import TielineError

    parser = argparse.ArgumentParser(prog="python -m tieline.evaluation.copies", description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="the corpora folder (bbc-news-2005/, reuters-21578/)")
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the set (originals, copies, negatives)")
    parser.add_argument("--replays", type=int, default=1, help="feed the set this many times (new ids, ciphered words)")
    parser.add_argument("--index", choices=("memory", "store", "both"), default="both")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--testset", default=None, help="read the set from scripts/make_copy_testset.py's file")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="where the JSON goes")
    parser.add_argument("--markdown", action="store_true", help="print the docs/benchmarks.md tables, not JSON")
    args = parser.parse_args(argv)
    indexes = ("memory", "store") if args.index == "both" else (args.index,)
    try:
        result = evaluate(args.data, args.docs, args.replays, indexes, args.seed, args.testset)
    except TielineError as error:
        print(f"tieline: {error}", file=sys.stderr)
        return 2
    path = write_json(result, args.out)
    print(markdown(result) if args.markdown else json.dumps(summary(result), ensure_ascii=False, indent=2))
    print(f"rows: {path}; floors at this measurement: {json.dumps(floors(metrics(result)))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
