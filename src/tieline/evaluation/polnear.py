"""Quote attribution against PolNeAR (US political news, 2016): sources, cues and contents.

Gold data in ``../shared/data/anchors/quotes`` (evaluation use only, never copied here; see each
``SOURCE.md``). Definitions in full: ``docs/benchmarks.md``, "Quotes: PolNeAR".

- :func:`evaluate_sentences`: CofeNet's sentence-level cut of the PolNeAR test split (1,814
  sentences, BIO labels over CoreNLP tokens). Each sentence's text is rebuilt from its tokens
  (:func:`detokenize`, keeping a token -> character map) and analysed alone (after a dummy title
  line); tieline's speaker, cue and content spans become the token spans they touch. Each role
  is scored on its own (no source-content link, as in CofeNet), micro-averaged over sentences:
  ``exact`` and ``begin`` are CofeNet's modes (``exe/eval/evaluation.py``: gold spans read by
  their ``get_element`` rule, :func:`bio_spans`; a prediction is right when a gold span has the
  same first and last token, or the same first token; P = right / predicted, R = right / gold);
  ``overlap`` is ours (a prediction is right when it shares a token with a gold span of the role,
  a gold span is found when a prediction shares a token with it; not one-to-one); ``trimmed`` is
  a diagnostic: ``exact`` once punctuation-only tokens are cut from both ends of every span.
  Predictions are the distinct spans of each role (CofeNet's rule baselines tagged tokens).
- :func:`evaluate_documents`: the PolNeAR test articles (84; one annotator each, the first .ann
  in sorted order), read as ``tieline analyze FILE`` reads them. A predicted pair (a quote with
  a speaker) matches a gold attribution when the contents share at least
  :data:`CONTENT_OVERLAP` of the shorter's characters (in the original text; all pieces of a
  discontinuous gold content count) and the speaker span overlaps the gold source, or the
  speaker's canonical name holds the source's :func:`head_word`. Pair precision = pairs matching
  some gold attribution / pairs; recall = gold attributions with a source matched by some pair /
  those attributions.

``doc.text`` offsets are mapped to the original text line by line (:func:`align`): the clean stage
strips lines, drops the title, may repair a glitch. Iteration is sorted; nothing is random.

    python -m tieline.evaluation.polnear --sentences --documents --markdown
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError, TielineError

SENTENCES_RELATIVE = "data/anchors/quotes/cofenet-polnear/res/polnear"
POLNEAR_RELATIVE = "data/anchors/quotes/polnear"
DEFAULT_SENTENCES = Path("..") / "shared" / SENTENCES_RELATIVE
DEFAULT_POLNEAR = Path("..") / "shared" / POLNEAR_RELATIVE
DEFAULT_OUT = Path("eval") / "results" / "polnear.json"
FLOORS_KEY = "polnear"
ROLES = ("source", "cue", "content")
MODES = ("exact", "begin", "overlap", "trimmed")
#: A predicted content matches a gold one when they share this share of the shorter's characters.
CONTENT_OVERLAP = 0.5
#: The first line of a plain-text document is its title; each sentence goes in after this one.
DUMMY_TITLE = "x\n\n"
BATCH = 64
#: CofeNet's Table 6 (exact match P/R/F1 per role, test split); "-" where not reported.
ANCHORS = {
    "CofeNet (BERT+Cofe)": {"source": (82.9, 83.6, 83.2), "cue": (75.9, 74.7, 75.3), "content": (74.9, 71.1, 72.9)},
    "Stanford CoreNLP": {"source": (32.1, 8.9, 13.9), "content": (59.2, 10.3, 17.5)},
    "CofeNet's rule baseline": {"source": (27.8, 6.7, 10.7), "cue": (67.6, 13.7, 22.8), "content": (26.0, 3.2, 5.6)},
}
#: CofeNet's "begin match" F1 of BERT+Cofe (``docs/cofenet-detail-exp.pdf``).
BEGIN_ANCHOR = {"source": 87.1, "cue": 82.3, "content": 79.6}

_TOKEN_TEXT = {"``": "“", "''": "”", "`": "‘", "'": "’", "'''": "’”", "-LRB-": "(", "-RRB-": ")",
               "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_NO_SPACE_BEFORE = frozenset(", . : ; ? ! % ) ] } ” ’ ’” ... n't 's 'm 're 've 'd 'll".split())
_NO_SPACE_AFTER = frozenset("( [ { “ ‘ $ #".split())
_HEAD_STOP = re.compile(r",|\(|\b(?:who|which|that|of|for|at|from|with|in|on)\b", re.I)
_WORD = re.compile(r"[\w’'-]+")

Span = tuple[int, int]


# --- sentences: tokens, labels, spans --------------------------------------------------------


def detokenize(tokens: list[str]) -> tuple[str, list[Span]]:
    """Text of CoreNLP (PTB) tokens and each token's character span in it.

    >>> detokenize(["``", "It", "'s", "done", ",", "''", "he", "said", "."])
    ("“It's done,” he said.", [(0, 1), (1, 3), (3, 5), (6, 10), (10, 11), (11, 12), (13, 15), (16, 20), (20, 21)])
    """
    text, offsets, glue = "", [], True
    for token in tokens:
        word = _TOKEN_TEXT.get(token, token)
        lowered = token.casefold()
        if not glue and word not in _NO_SPACE_BEFORE and lowered not in _NO_SPACE_BEFORE:
            text += " "
        offsets.append((len(text), len(text) + len(word)))
        text += word
        glue = word in _NO_SPACE_AFTER
    return text, offsets


def bio_spans(labels: list[str]) -> dict[str, list[Span]]:
    """Token spans (end exclusive) per role, by CofeNet's ``get_element`` rule.

    >>> bio_spans(["B-source", "B-cue", "I-cue", "O", "B-content", "I-content", "B-content"])
    {'source': [(0, 1)], 'cue': [(1, 3)], 'content': [(4, 6), (6, 7)]}
    """
    spans: dict[str, list[Span]] = {}
    role, begin = None, -1
    for index, label in enumerate(list(labels) + ["O"]):
        if role is not None and not (label.startswith("I-") and label[2:] == role):
            spans.setdefault(role, []).append((begin, index))
            role = None
        if label.startswith("B-"):
            role, begin = label[2:], index
    return spans


def token_span(start: int, end: int, offsets: list[Span]) -> Span | None:
    """The tokens a character span touches, or ``None`` when it touches none.

    >>> token_span(2, 9, [(0, 3), (4, 8), (9, 12)])
    (0, 2)
    """
    touched = [i for i, (s, e) in enumerate(offsets) if s < end and start < e]
    return (touched[0], touched[-1] + 1) if touched else None


def trim(span: Span, tokens: list[str]) -> Span | None:
    """``span`` without punctuation-only tokens at either end; ``None`` when nothing is left.

    >>> trim((0, 4), ["``", "Yes", ",", "''", "he"])
    (1, 2)
    """
    start, end = span
    while start < end and not any(c.isalnum() for c in tokens[start]):
        start += 1
    while end > start and not any(c.isalnum() for c in tokens[end - 1]):
        end -= 1
    return (start, end) if start < end else None


def align(body: str, original: str, start: int = 0) -> list[int]:
    """For each character of ``body`` (and one past its end), its offset in ``original``.

    Body lines are found in order from ``start``; a line the clean stage repaired is matched
    character by character (:mod:`difflib`); a character with no match takes the offset after
    the one before it.

    >>> align("b c\\nd", "title\\n\\n b c\\n\\n d\\n", start=5)
    [8, 9, 10, 11, 14, 15]
    """
    mapping: list[int] = []
    cursor = start
    for number, line in enumerate(body.split("\n")):
        if number:
            mapping.append(cursor)
        found = original.find(line, cursor) if line else cursor
        if found >= 0:
            mapping.extend(range(found, found + len(line)))
            cursor = found + len(line)
        else:
            cursor = _align_fuzzy(line, original, cursor, mapping)
    mapping.append(cursor)
    return mapping


def _align_fuzzy(line: str, original: str, cursor: int, mapping: list[int]) -> int:
    window = original[cursor:cursor + len(line) + 200]
    matcher = difflib.SequenceMatcher(None, line, window, autojunk=False)
    places = [-1] * len(line)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            places[a + k] = cursor + b + k
    last = cursor - 1
    for place in places:
        last = place if place > last else last + 1
        mapping.append(last)
    return last + 1


def to_original(start: int | None, end: int | None, mapping: list[int]) -> Span | None:
    """A ``doc.text`` span as a span of the original text."""
    if start is None or end is None or end <= start or end > len(mapping) - 1:
        return None
    return mapping[start], mapping[end - 1] + 1


def quote_spans(quote: dict[str, Any]) -> dict[str, tuple[int | None, int | None]]:
    """The speaker, cue and content character spans of one tieline quote (``doc.text`` offsets)."""
    return {"source": (quote.get("speaker_start"), quote.get("speaker_end")),
            "cue": (quote.get("cue_start"), quote.get("cue_end")),
            "content": (quote.get("start"), quote.get("end"))}


# --- scoring ---------------------------------------------------------------------------------


def match_counts(gold: Iterable[Span], predicted: Iterable[Span], mode: str) -> tuple[int, int, int, int]:
    """(right predictions, predictions, gold found, gold) of one role in one sentence.

    >>> match_counts([(0, 2), (5, 9)], [(0, 2), (6, 7), (10, 12)], "exact")
    (1, 3, 1, 2)
    >>> match_counts([(0, 2), (5, 9)], [(0, 2), (6, 7), (10, 12)], "overlap")
    (2, 3, 2, 2)
    """
    gold, predicted = sorted(set(gold)), sorted(set(predicted))
    if mode in ("exact", "begin"):
        g, p = ({s[0] for s in spans} if mode == "begin" else set(spans) for spans in (gold, predicted))
        return len(g & p), len(p), len(g & p), len(g)
    hits = sum(any(_overlaps(p, g) for g in gold) for p in predicted)
    found = sum(any(_overlaps(p, g) for p in predicted) for g in gold)
    return hits, len(predicted), found, len(gold)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def prf(right: int, predicted: int, found: int, gold: int) -> dict[str, float | int]:
    """Precision, recall and F1 (4 decimals) with the counts behind them."""
    p = right / predicted if predicted else 0.0
    r = found / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4),
            "right": right, "predicted": predicted, "found": found, "gold": gold}


# --- sentences -------------------------------------------------------------------------------


def read_sentences(split_dir: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` sentences of CofeNet's ``test.txt`` (JSON Lines), in file order."""
    path = Path(split_dir) / "test.txt"
    if not path.is_file():
        raise InputError(f"{path}: no such file",
                         f"pass the folder of CofeNet's test.txt, normally ../shared/{SENTENCES_RELATIVE}")
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return rows[:limit] if limit is not None else rows


def predicted_token_spans(doc, text: str, offsets: list[Span]) -> dict[str, list[Span]]:
    """tieline's spans of one sentence document as token spans, per role (distinct, sorted)."""
    mapping = align(doc.text, text)
    found: dict[str, set[Span]] = {role: set() for role in ROLES}
    for quote in doc.quotes:
        for role, (start, end) in quote_spans(quote).items():
            original = to_original(start, end, mapping)
            span = token_span(*original, offsets) if original else None
            if span:
                found[role].add(span)
    return {role: sorted(spans) for role, spans in found.items()}


def _run_sentences(rows: list[dict[str, Any]], pipeline) -> tuple[list, list, float]:
    from ..testing import make_doc

    texts = [detokenize(row["tokens"]) for row in rows]
    docs = [make_doc(DUMMY_TITLE + text, source=f"sentence-{i}") for i, (text, _) in enumerate(texts)]
    pipeline.run_batch([make_doc(DUMMY_TITLE + "“It is done,” she said.")])  # load the model outside the clock
    started = time.perf_counter()
    done = [d for i in range(0, len(docs), BATCH) for d in pipeline.run_batch(docs[i:i + BATCH])]
    return texts, done, time.perf_counter() - started


def _mode_counts(gold: list[Span], predicted: list[Span], mode: str, tokens: list[str]) -> tuple[int, ...]:
    if mode != "trimmed":
        return match_counts(gold, predicted, mode)
    cut = [[t for t in (trim(s, tokens) for s in spans) if t] for spans in (gold, predicted)]
    return match_counts(cut[0], cut[1], "exact")


def evaluate_sentences(split_dir: str | Path = DEFAULT_SENTENCES, pipeline=None,
                       limit: int | None = None) -> dict[str, Any]:
    """Span P/R/F1 per role and mode on CofeNet's sentence-level test split; see the module's docstring."""
    from ..registry import default_pipeline

    pipeline = pipeline or default_pipeline()
    rows = read_sentences(split_dir, limit)
    texts, docs, seconds = _run_sentences(rows, pipeline)
    counts = {mode: {role: [0, 0, 0, 0] for role in ROLES} for mode in MODES}
    per_sentence = []
    for index, (row, (text, offsets), doc) in enumerate(zip(rows, texts, docs)):
        gold = bio_spans(row["labels"])
        predicted = predicted_token_spans(doc, text, offsets)
        for mode in MODES:
            for role in ROLES:
                got = _mode_counts(gold.get(role, []), predicted[role], mode, row["tokens"])
                counts[mode][role] = [a + b for a, b in zip(counts[mode][role], got)]
        per_sentence.append({"index": index, "id": row["id"], "text": text, "skipped": doc.skipped,
                             "gold": {r: gold.get(r, []) for r in ROLES}, "predicted": predicted})
    return {
        "benchmark": "polnear-cofenet-sentences", "stages": dict(pipeline.versions),
        "sentences": len(rows), "tokens": sum(len(r["tokens"]) for r in rows),
        "skipped": dict(sorted(Counter(d.skipped for d in docs if d.skipped).items())),
        "problems": dict(sorted(Counter(f"{p.stage}: {p.reason}" for d in docs for p in d.problems).items())),
        "quotes": sum(len(d.quotes) for d in docs),
        "scores": {mode: {role: prf(*counts[mode][role]) for role in ROLES} for mode in MODES},
        "seconds": round(seconds, 2), "sentences_per_second": round(len(rows) / seconds, 1) if seconds else 0.0,
        "per_sentence": per_sentence,
    }


# --- documents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """One gold attribution relation: character ranges of its source (maybe none), cue, content."""

    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    source_text: str = ""


def read_ann(path: str | Path) -> list[Attribution]:
    """The attribution relations of a brat ``.ann`` file, in the order of their ``E`` lines.

    Lines that are not ``T``/``E`` records (notes, continuations of a surface text that
    crosses a line break) are ignored.
    """
    spans: dict[str, tuple[str, tuple[Span, ...], str]] = {}
    events = []
    for line in Path(path).read_text(encoding="utf-8").split("\n"):
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"T\d+", parts[0]):
            role, _, field = parts[1].partition(" ")
            ranges = tuple((int(a), int(b)) for a, b in (piece.split() for piece in field.split(";")))
            spans[parts[0]] = (role, ranges, parts[2] if len(parts) > 2 else "")
        elif len(parts) >= 2 and re.fullmatch(r"E\d+", parts[0]):
            events.append([spans[ref] for ref in sorted(a.split(":", 1)[1] for a in parts[1].split()) if ref in spans])
    return [Attribution(*(tuple(sorted({x for r, ranges, _ in event if r == role for x in ranges}))
                          for role in ("Source", "Cue", "Content")),
                        " ".join(text for r, _, text in event if r == "Source")) for event in events]


def articles(polnear_dir: str | Path, split: str = "test") -> list[tuple[Path, Path]]:
    """(text, annotation) per article of ``split``: the first ``.ann`` in sorted order (one annotator)."""
    root = Path(polnear_dir) / "data" / split
    chosen: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    pairs = [(root / "text" / f"{stem}.txt", ann) for stem, ann in sorted(chosen.items())]
    if not pairs or not all(text.is_file() for text, _ in pairs):
        raise InputError(f"{root}: not a PolNeAR split (text/ and attributions/)",
                         f"pass the folder holding SOURCE.md and data/, normally ../shared/{POLNEAR_RELATIVE}")
    return pairs


def head_word(source: str) -> str | None:
    """The head word of a gold source: the last word before a comma, a parenthesis, a relative
    pronoun or a preposition.

    >>> head_word("the influential US daily"), head_word("Donald Trump, the nominee")
    ('daily', 'Trump')
    >>> head_word("a spokesman for Clinton")
    'spokesman'
    """
    words = _WORD.findall(_HEAD_STOP.split(source, maxsplit=1)[0]) or _WORD.findall(source)
    return words[-1] if words else None


def content_match(predicted: Span, gold: tuple[Span, ...]) -> bool:
    """Overlap of at least :data:`CONTENT_OVERLAP` of the shorter, in characters."""
    shared = sum(max(0, min(predicted[1], e) - max(predicted[0], s)) for s, e in gold)
    shorter = min(predicted[1] - predicted[0], sum(e - s for s, e in gold))
    return shorter > 0 and shared >= CONTENT_OVERLAP * shorter


def speaker_match(span: Span | None, name: str | None, gold: Attribution) -> bool:
    """The speaker span overlaps the gold source, or the name holds the source's head word."""
    if span and any(_overlaps(span, g) for g in gold.source):
        return True
    head = head_word(gold.source_text)
    return bool(name and head) and head.casefold() in {w.casefold() for w in _WORD.findall(name)}


def predicted_pairs(doc, original: str) -> list[dict[str, Any]]:
    """tieline's quotes of one article in original offsets: content, speaker span and name, kind."""
    mapping = align(doc.text, original, start=original.find("\n") + 1 if doc.title else 0)
    pairs = []
    for quote in doc.quotes:
        spans = quote_spans(quote)
        content = to_original(*spans["content"], mapping)
        if content:
            pairs.append({"content": content, "speaker": to_original(*spans["source"], mapping),
                          "name": quote.get("speaker"), "kind": quote.get("kind"), "text": quote.get("text", "")[:80]})
    return pairs


def score_article(gold: list[Attribution], pairs: list[dict[str, Any]], original: str) -> dict[str, Any]:
    """Pair and content matches of one article; rows of the misses for reading."""
    with_source = [g for g in gold if g.source]
    spoken = [p for p in pairs if p["speaker"] or p["name"]]

    def pair_ok(p, g):
        return content_match(p["content"], g.content) and speaker_match(p["speaker"], p["name"], g)

    def brief(g):
        content = " ".join(original[s:e] for s, e in g.content)
        return {"source": g.source_text, "content": content[:80], "quoted": any(m in content for m in '"“”')}

    title_end = original.find("\n")
    return {
        "gold": len(gold), "gold_with_source": len(with_source), "predicted": len(pairs), "pairs": len(spoken),
        "pairs_right": sum(any(pair_ok(p, g) for g in with_source) for p in spoken),
        "gold_found": sum(any(pair_ok(p, g) for p in spoken) for g in with_source),
        "gold_in_title": sum(bool(g.content) and g.content[0][0] < title_end for g in with_source),
        "content_right": sum(any(content_match(p["content"], g.content) for g in gold) for p in pairs),
        "content_found": sum(any(content_match(p["content"], g.content) for p in pairs) for g in gold),
        "content_found_speaker_wrong": sum(
            any(content_match(p["content"], g.content) for p in spoken) and not any(pair_ok(p, g) for p in spoken)
            for g in with_source),
        "right_by_kind": dict(sorted(Counter(
            f"{p['kind']}:{any(pair_ok(p, g) for g in with_source)}" for p in spoken).items())),
        "missed": [brief(g) for g in with_source if not any(pair_ok(p, g) for p in spoken)],
        "wrong": [{"speaker": p["name"], "content": p["text"],
                   "gold_content": any(content_match(p["content"], g.content) for g in gold)}
                  for p in spoken if not any(pair_ok(p, g) for g in with_source)],
    }


def evaluate_documents(polnear_dir: str | Path = DEFAULT_POLNEAR, split: str = "test", pipeline=None,
                       limit: int | None = None) -> dict[str, Any]:
    """Speaker-quote pair precision and recall on PolNeAR articles; see the module's docstring."""
    from ..api import analyze
    from ..registry import default_pipeline

    pipeline = pipeline or default_pipeline()
    items = articles(polnear_dir, split)[:limit]
    started = time.perf_counter()
    docs = {doc.source: doc for doc in analyze([str(text) for text, _ in items], pipeline=pipeline)}
    seconds = time.perf_counter() - started
    rows = []
    for text_path, ann_path in items:
        original = text_path.read_text(encoding="utf-8")
        doc = docs.get(str(text_path))
        pairs = predicted_pairs(doc, original) if doc is not None else []
        rows.append({"file": ann_path.name, "skipped": getattr(doc, "skipped", "missing"),
                     **score_article(read_ann(ann_path), pairs, original)})
    return _document_result(rows, pipeline, split, seconds)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _document_result(rows: list[dict[str, Any]], pipeline, split: str, seconds: float) -> dict[str, Any]:
    total = Counter()
    for row in rows:
        total.update({k: v for k, v in row.items() if isinstance(v, int) and not isinstance(v, bool)})
        total.update({f"kind:{k}": v for k, v in row["right_by_kind"].items()})
    pair = prf(total["pairs_right"], total["pairs"], total["gold_found"], total["gold_with_source"])
    content = prf(total["content_right"], total["predicted"], total["content_found"], total["gold"])
    return {
        "benchmark": f"polnear-{split}-documents", "stages": dict(pipeline.versions), "articles": len(rows),
        "counts": dict(sorted((k, v) for k, v in total.items() if not k.startswith("kind:"))),
        "pair": pair, "content": content,
        "pair_recall_outside_title": _share(total["gold_found"], total["gold_with_source"] - total["gold_in_title"]),
        "pairs_by_kind": dict(sorted((k[5:], v) for k, v in total.items() if k.startswith("kind:"))),
        "seconds": round(seconds, 2), "per_article": rows,
    }


# --- output ----------------------------------------------------------------------------------


def metrics(sentences: dict[str, Any] | None = None, documents: dict[str, Any] | None = None) -> dict[str, float]:
    """The flat metrics ``eval/floors.json`` pins: ``sentences_<mode>_<role>_f1``, ``documents_pair_p|r``."""
    flat: dict[str, float] = {}
    if sentences:
        scores = sentences["scores"]
        flat.update({f"sentences_{m}_{r}_f1": scores[m][r]["f1"] for m in ("exact", "overlap") for r in ROLES})
    if documents:
        flat.update({"documents_pair_p": documents["pair"]["p"], "documents_pair_r": documents["pair"]["r"]})
    return flat


def floors(flat: dict[str, float], margin: float = 0.02) -> dict[str, float]:
    """Each metric minus ``margin``, rounded down to 2 decimals, never below 0.

    >>> floors({"documents_pair_p": 0.4133, "documents_pair_r": 0.01})
    {'documents_pair_p': 0.39, 'documents_pair_r': 0.0}
    """
    from . import floors_below

    return floors_below(flat, margin)


def _cell(values) -> str:
    return "/".join(f"{v:.1f}" for v in values) if values else "–"


def markdown_sentences(result: dict[str, Any]) -> str:
    """Per-role table: tieline's P/R/F1 (%) in each mode beside the published numbers."""
    s = result["scores"]
    head = ["role", "tieline exact P/R/F1", "tieline overlap P/R/F1", "tieline begin F1", "tieline trimmed F1",
            *(f"{name} exact" for name in ANCHORS), "CofeNet begin F1"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for role in ROLES:
        cells = [role, *(_cell([100 * s[m][role][k] for k in ("p", "r", "f1")]) for m in ("exact", "overlap")),
                 *(f"{100 * s[m][role]['f1']:.1f}" for m in ("begin", "trimmed")),
                 *(_cell(a.get(role)) for a in ANCHORS.values()), f"{BEGIN_ANCHOR[role]:.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(f"\n{result['sentences']} sentences ({result['tokens']} tokens), {result['quotes']} quotes found, "
                 f"skipped: {result['skipped'] or 'none'}; {result['sentences_per_second']} sentences/s "
                 f"({result['seconds']} s). Stages: {', '.join(f'`{v}`' for v in result['stages'].values())}.")
    return "\n".join(lines)


def markdown_documents(result: dict[str, Any]) -> str:
    """Pair and content P/R/F1 (%) over the articles, with their counts."""
    c, pair, content = result["counts"], result["pair"], result["content"]
    return "\n".join([
        "| metric | P | R | F1 | counts |", "|---|---|---|---|---|",
        f"| speaker-quote pairs | {100 * pair['p']:.1f} | {100 * pair['r']:.1f} | {100 * pair['f1']:.1f} | "
        f"{pair['right']} of {pair['predicted']} pairs right; "
        f"{pair['found']} of {pair['gold']} gold attributions with a source found |",
        f"| contents alone | {100 * content['p']:.1f} | {100 * content['r']:.1f} | {100 * content['f1']:.1f} | "
        f"{content['right']} of {content['predicted']} quotes right; "
        f"{content['found']} of {content['gold']} gold attributions found |",
        "",
        f"{result['articles']} articles; {c.get('gold_in_title', 0)} gold attributions lie in the title line "
        f"(recall without them {100 * result['pair_recall_outside_title']:.1f}%); "
        f"{c.get('content_found_speaker_wrong', 0)} gold contents found with the wrong speaker; "
        f"pairs right by kind: {result['pairs_by_kind']}; {result['seconds']} s.",
    ])


def write_json(result: dict[str, Any], out: str | Path = DEFAULT_OUT) -> Path:
    from . import write_result

    return write_result(result, out, indent=1)


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The result of :func:`run` without its per-sentence and per-article rows."""
    rows = ("per_sentence", "per_article")
    return {k: {kk: vv for kk, vv in v.items() if kk not in rows} if k in ("sentences", "documents") else v
            for k, v in result.items()}


def run(sentences: bool, documents: bool, limit: int | None = None, sentence_dir=DEFAULT_SENTENCES,
        polnear_dir=DEFAULT_POLNEAR, pipeline=None) -> dict[str, Any]:
    """Both harnesses (or one) with one pipeline; the shape ``main`` and ``tieline eval polnear`` write."""
    from ..registry import default_pipeline

    pipeline = pipeline or default_pipeline()
    result: dict[str, Any] = {"measured": date.today().isoformat(), "limit": limit}
    if sentences:
        result["sentences"] = evaluate_sentences(sentence_dir, pipeline, limit)
    if documents:
        result["documents"] = evaluate_documents(polnear_dir, "test", pipeline, limit)
    result["metrics"] = metrics(result.get("sentences"), result.get("documents"))
    return result


def markdown(result: dict[str, Any]) -> str:
    parts = [markdown_sentences(result["sentences"])] if "sentences" in result else []
    parts += [markdown_documents(result["documents"])] if "documents" in result else []
    return "\n\n".join(parts) + f"\n\nMeasured {result['measured']}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tieline.evaluation.polnear", description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", action="store_true", help="CofeNet's sentence-level test split")
    parser.add_argument("--documents", action="store_true", help="PolNeAR test articles, speaker-quote pairs")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences / articles")
    parser.add_argument("--sentence-data", default=str(DEFAULT_SENTENCES), help="folder of CofeNet's test.txt")
    parser.add_argument("--polnear-data", default=str(DEFAULT_POLNEAR), help="PolNeAR folder (SOURCE.md, data/)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="where the JSON with per-item rows goes")
    parser.add_argument("--markdown", action="store_true", help="print the docs/benchmarks.md tables, not JSON")
    args = parser.parse_args(argv)
    both = not (args.sentences or args.documents)
    try:
        result = run(args.sentences or both, args.documents or both, args.limit, args.sentence_data, args.polnear_data)
    except TielineError as error:
        print(f"tieline: {error}", file=sys.stderr)
        return 2
    out = write_json(result, args.out)
    print(markdown(result) if args.markdown else json.dumps(summary(result), ensure_ascii=False, indent=2))
    print(f"per-item rows: {out}; floors at this measurement: {json.dumps(floors(result['metrics']))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
