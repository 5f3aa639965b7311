"""Events against the ZSP PLV test set: root and quad class of a (source, target) pair given gold spans.

Gold data: ``../shared/data/anchors/events/zsp-plv/PLV_test.tsv`` (Hu et al., ACL 2024; no licence
file, research use; never copied here). Definitions in full: ``docs/benchmarks.md``, "Events: ZSP PLV".

Each distinct sentence is one document through the pipeline (after a dummy title line). For each
row (a sentence with ``<s>source</s>`` and ``<t>target</t>`` marked), the predicted root is that of
the first event (of all events, factual or not) whose source mention overlaps an ``<s>`` span and
whose target mention overlaps a ``<t>`` span; else of the first event whose source overlaps an
``<s>`` span; else ``NONE`` (wrong). Roots are tieline's PLOVER types in ZSP's 15 classes
(:data:`ZSP_ROOT`: CONCEDE and RETREAT are YIELD); the quad class is ZSP's (:data:`ZSP_QUAD`, from
the repo's ``prompts/Tree.txt`` and the gold columns: PROTEST is 4 there, not GDELT's 3).

Macro-F1 is over the gold classes (15 roots, 4 quads): per class F1 from the rows whose gold or
prediction is that class, then the plain mean; ``NONE`` and classes outside the gold lower recall
only. Nothing here was tuned on the test split.

    python -m tieline.evaluation.zsp --markdown
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from . import require_events, run_sentences, sentence_main
from .polnear import align, floors, to_original, write_json  # noqa: F401  (floors, write_json: the harness interface)

PLV_RELATIVE = "data/anchors/events/zsp-plv/PLV_test.tsv"
DEFAULT_DATA = Path("..") / "shared" / PLV_RELATIVE
DEFAULT_OUT = Path("eval") / "results" / "zsp.json"
FLOORS_KEY = "zsp"
NONE = "NONE"
#: tieline's PLOVER type -> ZSP root class (identity for the other 14).
ZSP_ROOT = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
#: ZSP root class -> ZSP's quad class ("penta" 1-4): prompts/Tree.txt, and every gold row of PLV_test.
ZSP_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "AID": 2, "COOPERATE": 2, "YIELD": 2,
            "ACCUSE": 3, "REQUEST": 3, "REJECT": 3, "THREATEN": 3,
            "ASSAULT": 4, "COERCE": 4, "MOBILIZE": 4, "PROTEST": 4, "SANCTION": 4}
#: ZSP zero-shot (roberta-large-mnli, gold source/target given; the repo's demo.ipynb, PLV_test).
ANCHORS = {"root_macro_f1": 0.824, "root_accuracy": 0.838, "quad_macro_f1": 0.896, "quad_accuracy": 0.901,
           "binary_accuracy": 0.965}

_TAG = re.compile(r"</?[st]>")

Span = tuple[int, int]


# --- gold ------------------------------------------------------------------------------------


def marked_spans(marked: str) -> tuple[str, dict[str, list[Span]]]:
    """The sentence without its tags, and the character spans of its ``<s>`` and ``<t>`` marks.

    Tags may nest and a role may be marked more than once.

    >>> marked_spans("<s><t>Serbia</t>n President</s> visited <t>Albania</t>.")
    ('Serbian President visited Albania.', {'s': [(0, 17)], 't': [(0, 6), (26, 33)]})
    """
    text, spans, open_at, cursor = "", {"s": [], "t": []}, {}, 0
    for tag in _TAG.finditer(marked):
        text += marked[cursor:tag.start()]
        cursor = tag.end()
        role = tag.group().strip("</>")
        if tag.group().startswith("</"):
            spans[role].append((open_at.pop(role, len(text)), len(text)))
        else:
            open_at[role] = len(text)
    text += marked[cursor:]
    return text, {role: sorted(found) for role, found in spans.items()}


def read_rows(path: str | Path = DEFAULT_DATA, limit: int | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` rows of the PLV TSV: uid, gold root and quad, sentence, spans (ZSP's
    own prediction columns are dropped)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file", f"pass PLV_test.tsv, normally ../shared/{PLV_RELATIVE}")
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = []
    for row in table[:limit] if limit is not None else table:
        text, spans = marked_spans(row["marked_sentence"])
        rows.append({"uid": row["uid"], "root": row["gold_root"], "quad": int(row["gold_penta"]),
                     "sentence": text, "source_spans": spans["s"], "target_spans": spans["t"]})
    return rows


# --- prediction ------------------------------------------------------------------------------


def zsp_root(plover_type: str | None) -> str:
    """ZSP's root class of a tieline event type; ``NONE`` for no event."""
    return ZSP_ROOT.get(plover_type, plover_type) if plover_type else NONE


def zsp_quad(root: str) -> int | str:
    """ZSP's quad class (1-4) of a root class; ``NONE`` when it has none."""
    return ZSP_QUAD.get(root, NONE)


def _overlaps_any(span: Span | None, spans: Iterable[Span]) -> bool:
    return span is not None and any(span[0] < e and s < span[1] for s, e in spans)


def actor_spans(events: list[dict[str, Any]], mapping: list[int]) -> list[tuple[list, list]]:
    """Per event, the source and target mention spans in the sentence's own offsets."""
    def spans(actors):
        return [to_original(a.get("start"), a.get("end"), mapping) for a in actors or []]
    return [(spans(e.get("source")), spans(e.get("target"))) for e in events]


def predict(row: dict[str, Any], events: list[dict[str, Any]], spans: list[tuple[list, list]]) -> tuple[str, str]:
    """(root, rule) for one row: rule ``pair``, ``source`` or ``none`` (see the module's docstring)."""
    gold_s, gold_t = row["source_spans"], row["target_spans"]
    hits = [any(_overlaps_any(s, gold_s) for s in sources) for sources, _ in spans]
    for event, hit, (_, targets) in zip(events, hits, spans):
        if hit and any(_overlaps_any(t, gold_t) for t in targets):
            return zsp_root(event.get("type")), "pair"
    for event, hit in zip(events, hits):
        if hit:
            return zsp_root(event.get("type")), "source"
    return NONE, "none"


# --- scoring ---------------------------------------------------------------------------------


def macro_f1(gold: list, predicted: list, classes: Iterable) -> tuple[float, dict]:
    """Macro-F1 over ``classes`` and each class's P/R/F1 and support.

    >>> round(macro_f1(["A", "A", "B"], ["A", "NONE", "B"], ["A", "B"])[0], 4)
    0.8333
    """
    per_class, scores = {}, []
    for label in classes:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        n_pred, n_gold = sum(p == label for p in predicted), sum(g == label for g in gold)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        scores.append(2 * p * r / (p + r) if p + r else 0.0)
        per_class[label] = {"p": round(p, 4), "r": round(r, 4), "f1": round(scores[-1], 4), "gold": n_gold,
                            "predicted": n_pred}
    return (sum(scores) / len(scores) if scores else 0.0), per_class


def _accuracy(gold: list, predicted: list) -> float:
    return round(sum(g == p for g, p in zip(gold, predicted)) / len(gold), 4) if gold else 0.0


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Root and quad macro-F1 and accuracy, binary cooperation/conflict accuracy, coverage."""
    roots = sorted({r["root"] for r in rows})
    gold_root, pred_root = [r["root"] for r in rows], [r["predicted"] for r in rows]
    gold_quad, pred_quad = [r["quad"] for r in rows], [zsp_quad(r["predicted"]) for r in rows]
    root_f1, root_classes = macro_f1(gold_root, pred_root, roots)
    quad_f1, quad_classes = macro_f1(gold_quad, pred_quad, sorted(set(gold_quad)))
    side = lambda q: NONE if q == NONE else ("cooperation" if q <= 2 else "conflict")
    rules = Counter(r["rule"] for r in rows)
    return {
        "rows": len(rows), "root_macro_f1": round(root_f1, 4), "root_accuracy": _accuracy(gold_root, pred_root),
        "quad_macro_f1": round(quad_f1, 4), "quad_accuracy": _accuracy(gold_quad, pred_quad),
        "binary_accuracy": _accuracy([side(q) for q in gold_quad], [side(q) for q in pred_quad]),
        "coverage": round((len(rows) - rules["none"]) / len(rows), 4) if rows else 0.0,
        "rules": dict(sorted(rules.items())), "per_root": root_classes, "per_quad": quad_classes,
        "confusion": dict(Counter(f"{g}->{p}" for g, p in zip(gold_root, pred_root) if g != p).most_common(25)),
    }


def evaluate(data: str | Path = DEFAULT_DATA, pipeline=None, limit: int | None = None) -> dict[str, Any]:
    """Every score of the module's docstring, with one row per (sentence, source, target) row."""
    from ..registry import default_pipeline

    pipeline = pipeline or default_pipeline()
    require_events(pipeline)
    rows = read_rows(data, limit)
    sentences = list(dict.fromkeys(r["sentence"] for r in rows))
    docs, seconds = run_sentences(sentences, pipeline)
    by_sentence = {text: (doc, actor_spans(doc.events, align(doc.text, text))) for text, doc in zip(sentences, docs)}
    for row in rows:
        doc, spans = by_sentence[row["sentence"]]
        row["predicted"], row["rule"] = predict(row, doc.events, spans)
        row["events"] = [{"type": e.get("type"), "trigger": e.get("trigger"), "factual": e.get("factual"),
                          "source": [a.get("mention") or a.get("name") for a in e.get("source") or []],
                          "target": [a.get("mention") or a.get("name") for a in e.get("target") or []]}
                         for e in doc.events]
    return {"benchmark": "zsp-plv-test", "measured": date.today().isoformat(), "stages": dict(pipeline.versions),
            "limit": limit, "sentences": len(sentences), "seconds": round(seconds, 2),
            "skipped": dict(Counter(d.skipped for d in docs if d.skipped)), "scores": score(rows), "per_row": rows}


# --- output ----------------------------------------------------------------------------------


def metrics(result: dict[str, Any]) -> dict[str, float]:
    """The flat metrics ``eval/floors.json`` pins."""
    s = result["scores"]
    return {key: s[key] for key in ("root_macro_f1", "root_accuracy", "quad_macro_f1", "quad_accuracy", "coverage")}


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The result without its per-row rows."""
    return {k: v for k, v in result.items() if k != "per_row"}


def markdown(result: dict[str, Any]) -> str:
    """The tables of ``docs/benchmarks.md``: the scores beside ZSP's, then F1 per root class."""
    s = result["scores"]
    names = {"root_macro_f1": "root macro-F1 (15 classes)", "root_accuracy": "root accuracy",
             "quad_macro_f1": "quad macro-F1 (4 classes)", "quad_accuracy": "quad accuracy",
             "binary_accuracy": "cooperation/conflict accuracy"}
    lines = ["| metric | tieline | ZSP zero-shot (gold spans) |", "|---|---|---|"]
    lines += [f"| {name} | {s[key]:.3f} | {ANCHORS[key]:.3f} |" for key, name in names.items()]
    rules = s["rules"]
    lines.append(f"| coverage (an event at the source span) | {s['coverage']:.3f} | – |")
    lines += ["", "| gold root | rows | P | R | F1 |", "|---|---|---|---|---|"]
    lines += [f"| {root} | {c['gold']} | {c['p']:.2f} | {c['r']:.2f} | {c['f1']:.2f} |" for root, c in s["per_root"].items()]
    lines.append(f"\n{s['rows']} rows, {result['sentences']} sentences; predicted by pair {rules.get('pair', 0)}, "
                 f"by source only {rules.get('source', 0)}, none {rules.get('none', 0)}; skipped: "
                 f"{result['skipped'] or 'none'}; {result['seconds']} s. Stages: "
                 f"{', '.join(f'`{v}`' for v in result['stages'].values())}. Measured {result['measured']}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return sentence_main(sys.modules[__name__], argv)


if __name__ == "__main__":
    sys.exit(main())
