"""Events against the PLOVER gold-standard records: type, actor countries and dyads, end to end.

Gold data: ``../shared/data/anchors/events/plover-gsr/PLOVER_GSR_CAMEO.normalized.jsonl`` (322
edited CAMEO-manual sentences, CC BY-SA 4.0; never copied here). Definitions in full:
``docs/benchmarks.md``, "Events: PLOVER gold records".

Each sentence is one document through the pipeline (after a dummy title line). Its events are
scored twice: all of them, and the factual ones only (:data:`SELECTIONS`).

- *Type accuracy*: the gold ``event_plover_current`` against the type of the *best event*: the
  first event whose trigger shares a word with the gold event words (the ``EVT:`` spans of the
  markup, else ``event_text``), else the first event. No event is wrong.
- *Actor countries*: a gold actor (recipient) is right when some source (target) of the
  sentence's events has its country. Gold CAMEO-style codes go to ISO-3 through
  ``resources/events/cameo_countries.tsv`` (:func:`actor_key`); non-state codes (IGO, NGO, IMG ...)
  are scored apart: right when such an event actor is an organisation or group with no country.
- *Dyads*: each event gives (source key, type, target key) for every source-target pair; each gold
  record gives (actor, type, recipient) for every actor-recipient pair, or (actor, type, none) when
  it has no recipient, which matches any predicted dyad with that source and type. Precision over
  the distinct predicted dyads of each sentence, recall over gold dyads, micro-averaged.

    python -m tieline.evaluation.plover_gsr --markdown
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from . import require_events, run_sentences, sentence_main
from .polnear import floors, prf, write_json  # noqa: F401  (floors, write_json: the harness interface)

GSR_RELATIVE = "data/anchors/events/plover-gsr/PLOVER_GSR_CAMEO.normalized.jsonl"
DEFAULT_DATA = Path("..") / "shared" / GSR_RELATIVE
DEFAULT_OUT = Path("eval") / "results" / "plover.json"
FLOORS_KEY = "plover"
SELECTIONS = ("all", "factual")
#: The key of an actor that is no state: a gold IGO/NGO/IMG... code, an organisation or group without a country.
NON_STATE = "NON-STATE"
#: Targets named in the issue.
TARGETS = {"type_accuracy": 0.80, "actor_country_accuracy": 0.85}
TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

_EVT = re.compile(r"\(EVT:\s*([^()]*)\)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_STOP = frozenset("a an the to of in on at for with by and or from as that this its their his her will would "
                  "has have had be is are was were been not".split())

Dyad = tuple[str | None, str | None, str | None]


# --- codes and keys --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def cameo_countries() -> dict[str, str]:
    """CAMEO-style code -> ISO-3 (``""`` for a non-state code), from ``resources/events/cameo_countries.tsv``."""
    from ..resources import table

    return {row["cameo"]: row["iso3"] for row in table("events/cameo_countries.tsv")}


def actor_key(code: str | None) -> str | None:
    """The ISO-3 country of a CAMEO-style country code, :data:`NON_STATE`, or ``None`` for no code.

    >>> actor_key("JAP"), actor_key("HUN"), actor_key("IGO"), actor_key("")
    ('JPN', 'HUN', 'NON-STATE', None)
    """
    code = (code or "").strip().upper()
    if not code:
        return None
    iso3 = cameo_countries().get(code, code)
    return iso3 or NON_STATE


def predicted_key(actor: dict[str, Any]) -> str | None:
    """The key of a tieline event actor: its country, :data:`NON_STATE` for an organisation or group
    without one, else ``None`` (never matches).

    >>> predicted_key({"country": "USA", "type": "person"}), predicted_key({"type": "organization"})
    ('USA', 'NON-STATE')
    """
    if actor.get("country"):
        return actor_key(actor["country"])
    return NON_STATE if actor.get("type") in ("organization", "group") else None


def words(text: str | None) -> set[str]:
    """Folded words of ``text`` without function words.

    >>> sorted(words("Israel will evacuate all 21 settlements"))
    ['21', 'all', 'evacuate', 'israel', 'settlements']
    """
    return {w for w in _WORD.findall((text or "").casefold()) if w not in _STOP}


def gold_event_words(record: dict[str, Any]) -> set[str]:
    """The words of the markup's ``EVT:`` spans, else of ``event_text``."""
    spans = _EVT.findall(record.get("markup") or "")
    return words(" ".join(spans) if spans else record.get("event_text"))


# --- events ----------------------------------------------------------------------------------


def select(events: Iterable[dict[str, Any]], selection: str) -> list[dict[str, Any]]:
    """All events, or only those with ``factual`` true."""
    return [e for e in events if selection == "all" or e.get("factual")]


def best_event(events: list[dict[str, Any]], gold_words: set[str]) -> dict[str, Any] | None:
    """The first event whose trigger shares a word with ``gold_words``, else the first event."""
    for event in events:
        if words(event.get("trigger")) & gold_words:
            return event
    return events[0] if events else None


def event_dyads(event: dict[str, Any]) -> list[Dyad]:
    """(source key, type, target key) for every source-target pair (``None`` for a missing side),
    without self-pairs: a reciprocal event's sources are its targets ("HUN and ROU agreed")."""
    sources = [predicted_key(a) for a in event.get("source") or []] or [None]
    targets = [predicted_key(a) for a in event.get("target") or []] or [None]
    pairs = [(s, event.get("type"), t) for s in sources for t in targets if s is None or s != t]
    return pairs or [(s, event.get("type"), None) for s in sources]


def gold_dyads(record: dict[str, Any]) -> list[Dyad]:
    """(actor, type, recipient) for every actor-recipient pair; recipient ``None`` when there is none."""
    kind = record["event_plover_current"]
    actors = [actor_key(a.get("code")) for a in record.get("actor") or []] or [None]
    recipients = [actor_key(r.get("code")) for r in record.get("recipient") or []] or [None]
    return [(a, kind, r) for a in actors for r in recipients]


def dyad_match(predicted: Dyad, gold: Dyad) -> bool:
    """Same source and type, and the same target unless the gold has none; ``None`` never matches.

    >>> dyad_match(("USA", "AID", "HTI"), ("USA", "AID", None)), dyad_match(("USA", "AID", None), ("USA", "AID", "HTI"))
    (True, False)
    """
    (ps, pt, ptarget), (gs, gt, gtarget) = predicted, gold
    if ps is None or ps != gs or pt != gt:
        return False
    return gtarget is None or (ptarget is not None and ptarget == gtarget)


# --- scoring ---------------------------------------------------------------------------------


def actor_rows(gold: list[dict[str, Any]], predicted: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per gold actor: its code, key, and whether a predicted actor of the same role has that key."""
    keys = {predicted_key(a) for a in predicted}
    rows = []
    for actor in gold:
        key = actor_key(actor.get("code"))
        rows.append({"code": actor.get("code"), "key": key, "right": key is not None and key in keys})
    return rows


def score_sentence(record: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """Type, actors and dyads of one gold record against one selection of tieline's events."""
    best = best_event(events, gold_event_words(record))
    predicted = sorted(set(d for e in events for d in event_dyads(e)), key=str)
    gold = gold_dyads(record)
    return {
        "events": len(events), "type": best.get("type") if best else None,
        "type_right": bool(best) and best.get("type") == record["event_plover_current"],
        "trigger": best.get("trigger") if best else None,
        "sources": actor_rows(record.get("actor") or [], (a for e in events for a in e.get("source") or [])),
        "targets": actor_rows(record.get("recipient") or [], (a for e in events for a in e.get("target") or [])),
        "dyads": [list(d) for d in predicted],
        "dyads_right": sum(any(dyad_match(p, g) for g in gold) for p in predicted),
        "gold_dyads": len(gold), "gold_dyads_found": sum(any(dyad_match(p, g) for p in predicted) for g in gold),
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _actor_counts(rows: list[dict[str, Any]], role: str) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        for actor in row[role]:
            kind = "nonstate" if actor["key"] == NON_STATE else "country" if actor["key"] else "none"
            counts[f"{kind}_gold"] += 1
            counts[f"{kind}_right"] += actor["right"]
    return counts


def aggregate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The scores of one selection over the per-sentence rows of :func:`score_sentence`."""
    src, tgt = _actor_counts(rows, "sources"), _actor_counts(rows, "targets")
    dyads = prf(sum(r["dyads_right"] for r in rows), sum(len(r["dyads"]) for r in rows),
                sum(r["gold_dyads_found"] for r in rows), sum(r["gold_dyads"] for r in rows))
    return {
        "sentences": len(rows), "coverage": _share(sum(r["events"] > 0 for r in rows), len(rows)),
        "type_accuracy": _share(sum(r["type_right"] for r in rows), len(rows)),
        "type_right": sum(r["type_right"] for r in rows),
        "source_country_accuracy": _share(src["country_right"], src["country_gold"]),
        "target_country_accuracy": _share(tgt["country_right"], tgt["country_gold"]),
        "actor_country_accuracy": _share(src["country_right"] + tgt["country_right"],
                                         src["country_gold"] + tgt["country_gold"]),
        "nonstate_accuracy": _share(src["nonstate_right"] + tgt["nonstate_right"],
                                    src["nonstate_gold"] + tgt["nonstate_gold"]),
        "actor_counts": {"source": dict(sorted(src.items())), "target": dict(sorted(tgt.items()))},
        "dyads": dyads,
    }


def per_type(records: list[dict[str, Any]], rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Type accuracy per gold PLOVER type, with what the misses were predicted as."""
    table: dict[str, dict[str, Any]] = {}
    for record, row in zip(records, rows):
        entry = table.setdefault(record["event_plover_current"], {"gold": 0, "right": 0, "predicted": Counter()})
        entry["gold"] += 1
        entry["right"] += row["type_right"]
        if not row["type_right"]:
            entry["predicted"][row["type"] or "none"] += 1
    return {kind: {"gold": e["gold"], "right": e["right"], "accuracy": _share(e["right"], e["gold"]),
                   "misses_as": dict(e["predicted"].most_common())} for kind, e in sorted(table.items())}


# --- reading and running ---------------------------------------------------------------------


def read_records(path: str | Path = DEFAULT_DATA, limit: int | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` gold records of the normalised JSON Lines file, in file order."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file", f"pass PLOVER_GSR_CAMEO.normalized.jsonl, normally ../shared/{GSR_RELATIVE}")
    with open(path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return records[:limit] if limit is not None else records


def evaluate(data: str | Path = DEFAULT_DATA, pipeline=None, limit: int | None = None) -> dict[str, Any]:
    """Every score of the module's docstring, for both selections, with one row per sentence."""
    from ..registry import default_pipeline

    pipeline = pipeline or default_pipeline()
    require_events(pipeline)
    records = read_records(data, limit)
    docs, seconds = run_sentences([r["text"] for r in records], pipeline)
    rows: dict[str, list] = {s: [score_sentence(r, select(d.events, s)) for r, d in zip(records, docs)] for s in SELECTIONS}
    return {
        "benchmark": "plover-gsr", "measured": date.today().isoformat(), "stages": dict(pipeline.versions),
        "limit": limit, "sentences": len(records), "seconds": round(seconds, 2),
        "skipped": dict(Counter(d.skipped for d in docs if d.skipped)),
        "scores": {s: aggregate(rows[s]) for s in SELECTIONS},
        "per_type": {s: per_type(records, rows[s]) for s in SELECTIONS},
        "per_sentence": [{"id": r["id"], "text": r["text"], "gold_type": r["event_plover_current"],
                          "gold_dyads": [list(d) for d in gold_dyads(r)], **{s: rows[s][i] for s in SELECTIONS}}
                         for i, r in enumerate(records)],
    }


# --- output ----------------------------------------------------------------------------------


def metrics(result: dict[str, Any]) -> dict[str, float]:
    """The flat metrics ``eval/floors.json`` pins, per selection: type, actor country, dyad F1, coverage."""
    flat = {}
    for selection, scores in result["scores"].items():
        flat.update({f"{selection}_type_accuracy": scores["type_accuracy"],
                     f"{selection}_actor_country_accuracy": scores["actor_country_accuracy"],
                     f"{selection}_dyad_f1": scores["dyads"]["f1"], f"{selection}_coverage": scores["coverage"]})
    return flat


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The result without its per-sentence rows."""
    return {k: v for k, v in result.items() if k != "per_sentence"}


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def markdown(result: dict[str, Any]) -> str:
    """The tables of ``docs/benchmarks.md``: the scores per selection, then type accuracy per type."""
    s = result["scores"]
    counts = {sel: s[sel]["actor_counts"] for sel in SELECTIONS}

    def count(sel, role, kind):
        c = counts[sel][role]
        return f"{c.get(f'{kind}_right', 0)}/{c.get(f'{kind}_gold', 0)}"

    def line(name, key, target="–", detail=lambda sel: ""):
        cells = [f"{_pct(s[sel][key])}{detail(sel)}" for sel in SELECTIONS]
        return f"| {name} | {' | '.join(cells)} | {target} |"

    dyad = lambda sel: f"{_pct(s[sel]['dyads']['p'])} / {_pct(s[sel]['dyads']['r'])} / {_pct(s[sel]['dyads']['f1'])}"
    lines = [
        "| metric | all events | factual events only | target (issue) |", "|---|---|---|---|",
        line("type accuracy", "type_accuracy", "80%", lambda sel: f" ({s[sel]['type_right']}/{s[sel]['sentences']})"),
        line("actor-country accuracy (sources and targets)", "actor_country_accuracy", "85%"),
        line("source country accuracy", "source_country_accuracy", detail=lambda sel: f" ({count(sel, 'source', 'country')})"),
        line("target country accuracy", "target_country_accuracy", detail=lambda sel: f" ({count(sel, 'target', 'country')})"),
        line("non-state actors (IGO, NGO, IMG ...)", "nonstate_accuracy"),
        f"| triples (source, type, target) as dyads: P / R / F1 | {dyad('all')} | {dyad('factual')} | – |",
        line("coverage (sentences with an event)", "coverage"),
        "", "| gold type | sentences | right, all events | right, factual only | most frequent miss (all) |",
        "|---|---|---|---|---|",
    ]
    for kind, entry in result["per_type"]["all"].items():
        factual = result["per_type"]["factual"][kind]
        miss = next(iter(entry["misses_as"].items()), None)
        lines.append(f"| {kind} | {entry['gold']} | {entry['right']} ({_pct(entry['accuracy'])}) | "
                     f"{factual['right']} ({_pct(factual['accuracy'])}) | {f'{miss[0]} ×{miss[1]}' if miss else '–'} |")
    lines.append(f"\n{result['sentences']} sentences, skipped: {result['skipped'] or 'none'}; {result['seconds']} s. "
                 f"Stages: {', '.join(f'`{v}`' for v in result['stages'].values())}. Measured {result['measured']}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return sentence_main(sys.modules[__name__], argv)


if __name__ == "__main__":
    sys.exit(main())
