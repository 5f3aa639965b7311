"""PETRARCH validation suites as behaviour tests: how close tieline's events come to PETRARCH-2's.

Gold data: ``../shared/data/anchors/events/petrarch-validation/`` (MIT; never copied here). These
are expected codings of a coder and its dictionaries, regression tests of PETRARCH, not human
gold: a pass rate measures closeness to PETRARCH-2, not accuracy. Definitions in full:
``docs/benchmarks.md``, "Events: PETRARCH validation suites".

Suites (:data:`SUITES`): ``unit`` (``PETR.UnitTest.records``, PETRARCH-2's unit tests), ``ud``
(UD-PETRARCH's ``PETR_Validate_records_2_02``) and ``gsr`` (``PETR2_GSR_validation``, real news
sentences). The first two are stylised sentences about fictional states (Arnor ``ARN``, Gondor
``GON``) that exist only in the suite's actor dictionary, so, as PETRARCH runs them, they run with
that dictionary: :func:`dictionary_tables` writes its entries the built-in knowledge base lacks as
tieline actor tables (``countries.tsv`` for three-letter codes, ``metonyms.tsv`` for coded parts
such as ``DAGGOV``), added to the pipeline with ``--actor-tables``. ``gsr`` runs with tieline's
own knowledge base only.

A record expecting events passes when every expected (source, target, CAMEO) triple is found in
some event (factual or not): the event's CAMEO root (first two digits) is the expected one, or its
type is the expected code's PLOVER type (``resources/events/cameo.tsv``); and each side whose code
has a country part (:func:`expected_key`) has an event actor of that side with that country. A
record expecting no events (``noevents``, a story or sentence discard, or no coding at all)
passes when tieline reports no factual event. Records marked ``evaluate=false`` or expecting
another PETRARCH error (a bad parse, a dateline) are left out (counted).

    python -m tieline.evaluation.petrarch --markdown
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import Counter
from contextlib import ExitStack
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import require_events, run_sentences, sentence_main
from .plover_gsr import NON_STATE, actor_key, predicted_key
from .polnear import floors, write_json  # noqa: F401  (the harness interface)

PETRARCH_RELATIVE = "data/anchors/events/petrarch-validation"
DEFAULT_DATA = Path("..") / "shared" / PETRARCH_RELATIVE
DEFAULT_OUT = Path("eval") / "results" / "petrarch.json"
FLOORS_KEY = "petrarch"
#: suite -> (records without extension, actor dictionary or None), relative to the data folder.
SUITES = {
    "unit": ("PETR.UnitTest.records", "PETR.Validate.actors.txt"),
    "ud": ("ud-petrarch/PETR_Validate_records_2_02", "ud-petrarch/PETR_Validate_actors_2_02.txt"),
    "gsr": ("ud-petrarch/PETR2_GSR_validation", None),
}
#: Feature tags read from a record's XML comments (case folded); a record may carry several.
TAGS = {
    "compound": r"compound", "passive": r"passive", "agent": r"\bagents?\b", "negation": r"negat",
    "clause": r"clause|embedded|subordinate", "speech": r"\bsaid\b|\bsays?\b|speech|quot",
    "paired": r"paired", "possessive": r"possessive", "date restriction": r"restriction",
    "discard": r"discard", "synset": r"synset",
}
_NO_ACTOR = {"---", "+++", "###"}
#: Three-letter codes of the validation dictionaries that name organisations, not states (UN, IMF,
#: World Bank, European Community, Group of 77).
DICTIONARY_ORGANISATIONS = frozenset({"UNO", "IMF", "IBR", "EEC", "G77"})


# --- reading ---------------------------------------------------------------------------------


def read_records(data: str | Path, suite: str, limit: int | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` records of a suite's JSONL, each with its XML ``comment`` added."""
    stem = Path(data) / SUITES[suite][0]
    path = stem.with_name(stem.name + ".jsonl")
    if not path.is_file():
        raise InputError(f"{path}: no such file", f"pass the petrarch-validation folder, normally ../shared/{PETRARCH_RELATIVE}")
    with open(path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    notes = record_notes(stem.with_name(stem.name + ".xml"))
    for record in records:
        record.update(notes.get(record["id"], {"comment": "", "error": ""}))
    return records[:limit] if limit is not None else records


def record_notes(xml: Path) -> dict[str, dict[str, str]]:
    """Record id -> its ``<!-- -->`` comments joined and the ``error`` PETRARCH expects, if any
    (the files are not well-formed XML: regex)."""
    if not xml.is_file():
        return {}
    text = xml.read_text(encoding="utf-8", errors="replace")
    found: dict[str, dict[str, str]] = {}
    for attributes, body in re.findall(r"<Sentence\b([^>]*)>(.*?)</Sentence>", text, re.S):
        ident = re.search(r'\bid="([^"]*)"', attributes)
        comment = " ".join(" ".join(c.split()) for c in re.findall(r"<!--(.*?)-->", body, re.S))
        error = re.search(r'<EventCoding\b[^>]*\berror="([^"]*)"', body)
        if ident:
            found.setdefault(ident.group(1), {"comment": comment, "error": error.group(1) if error else ""})
    return found


def expects_no_event(record: dict[str, Any]) -> bool:
    """``noevents``, a story or sentence discard, or a scored record with no expected coding."""
    return bool(record.get("expect_no_events") or "discard" in record.get("error", "")
                or (not record.get("expected") and not record.get("expect_error")))


def category(record: dict[str, Any]) -> str:
    """The record's category, upper case, a plural or a trailing mark dropped (AGENTS, COMPOUNDx)."""
    name = re.sub(r"[^A-Z]+$", "", record.get("category") or "OTHER") or "OTHER"
    return {"AGENTS": "AGENT"}.get(name, name)


def tags(record: dict[str, Any]) -> list[str]:
    """The :data:`TAGS` its comments (or category) carry, and ``no event expected``."""
    text = f"{record.get('comment', '')} {record.get('category', '')}".casefold()
    found = [tag for tag, pattern in TAGS.items() if re.search(pattern, text)]
    return found + (["no event expected"] if expects_no_event(record) else [])


# --- the suite's actor dictionary as tieline tables ------------------------------------------


def read_dictionary(path: str | Path) -> dict[str, list[str]]:
    """Code -> phrases (as written, ``_`` as spaces) of a PETRARCH actor dictionary.

    A block is a phrase, its ``+`` synonyms and its ``[CODE]`` lines; the code without a date
    restriction is taken, else the first; ``ELR/GAL`` gives ``ELR``; comments are dropped.
    """
    text = re.sub(r"<!\s*--.*?-->", "\n", Path(path).read_text(encoding="utf-8", errors="replace"), flags=re.S)
    blocks: list[tuple[list[str], list[str]]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = re.findall(r"\[([^\]]+)\]", line)
        phrase = re.sub(r"\[[^\]]*\]|\{[^}]*\}", "", line).strip().lstrip("+").strip()
        if not raw[0].isspace() and not raw.startswith("+"):
            blocks.append(([], []))
        if blocks and phrase:
            blocks[-1][0].append(phrase.replace("_", " ").strip())
        if blocks:
            blocks[-1][1].extend(codes)
    table: dict[str, list[str]] = {}
    for phrases, codes in blocks:
        code = _pick_code(codes)
        known = table.setdefault(code, []) if code and phrases else []
        known += [p for p in dict.fromkeys(phrases) if p not in known]
    return table


def _pick_code(codes: list[str]) -> str | None:
    plain = [c.split()[0] for c in codes if len(c.split()) == 1] or [c.split()[0] for c in codes if c.split()]
    code = plain[0].split("/")[0].upper() if plain else None
    return None if not code or code in _NO_ACTOR else code


def written_form(phrase: str) -> str:
    """A dictionary phrase as news writes it: title case, acronyms kept.

    >>> written_form("MINAS TIRITH"), written_form("U.N."), written_form("PLO"), written_form("USSR"), written_form("IRAN")
    ('Minas Tirith', 'U.N.', 'PLO', 'USSR', 'Iran')
    """
    vowels = sum(c in "AEIOU" for c in phrase[1:])
    if " " not in phrase and ("." in phrase or len(phrase) <= 3 or (len(phrase) == 4 and not vowels)):
        return phrase
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), phrase.lower())


def dictionary_states(dictionary: dict[str, list[str]]) -> frozenset[str]:
    """The dictionary's three-letter codes that stand for a state: not a non-state code (IGO, NGO ...)
    nor one of its organisations (:data:`DICTIONARY_ORGANISATIONS`)."""
    return frozenset(code for code in dictionary if len(code) == 3 and code.isalpha()
                     and actor_key(code) != NON_STATE and code not in DICTIONARY_ORGANISATIONS)


def dictionary_tables(dictionary: dict[str, list[str]], folder: Path, known=None) -> dict[str, int]:
    """Write the entries ``known`` (a phrase -> bool test; default: the built-in knowledge base)
    lacks as ``countries.tsv`` and ``metonyms.tsv`` in ``folder``; returns the rows written."""
    if known is None:
        from ..actors.knowledge import load

        kb = load(builtin=True)
        known = lambda phrase: bool(kb.lookup(phrase))
    states = dictionary_states(dictionary)
    countries, metonyms = [], []
    for code, phrases in sorted(dictionary.items()):
        new = [written_form(p) for p in phrases if not known(written_form(p))]
        if new and code in states:
            countries.append(f"{code}\t{new[0]}\t\t{'|'.join(new[1:])}\t\t")
        elif new and code[:3] in states:
            metonyms += [f"{p}\t{code[:3]}\t{code[3:6]}\tPETRARCH validation dictionary: {code}" for p in new]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "countries.tsv").write_text("iso3\tname\tqid\taliases\tadjectives\tcapitals\n"
                                          + "".join(r + "\n" for r in countries), encoding="utf-8")
    (folder / "metonyms.tsv").write_text("phrase\tiso3\trole\tnote\n" + "".join(r + "\n" for r in metonyms),
                                         encoding="utf-8")
    return {"countries": len(countries), "metonyms": len(metonyms)}


# --- scoring ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def crosswalk() -> dict[str, str]:
    """CAMEO code -> PLOVER type from ``resources/events/cameo.tsv``; empty while it is missing."""
    from ..resources import table

    try:
        return {row["cameo"]: row["plover_type"] for row in table("events/cameo.tsv") if row.get("plover_type")}
    except (FileNotFoundError, KeyError):
        return {}


def plover_type(cameo: str) -> str | None:
    """The PLOVER type of a CAMEO code: its own row, else that of its shorter prefixes ("0231" -> "023" -> "02")."""
    table = crosswalk()
    for size in range(len(cameo), 1, -1):
        if cameo[:size] in table:
            return table[cameo[:size]]
    return None


@lru_cache(maxsize=1)
def _iso_countries() -> frozenset[str]:
    from ..resources import table

    return frozenset(row["iso3"] for row in table("actors/countries.tsv"))


def expected_key(code: str, states: frozenset[str] = frozenset()) -> str | None:
    """The country part of an expected actor code: its first three letters normalised like a gold
    PLOVER code (``actor_key``) when they are a country (ISO-3 or one of ``states``) or non-state
    (IGO, NGO ...); ``None`` (side not checked) for ``---`` and other codes.

    >>> expected_key("USAGOV"), expected_key("IGOEUREEC"), expected_key("---"), expected_key("ARN", frozenset({"ARN"}))
    ('USA', 'NON-STATE', None, 'ARN')
    """
    part = (code or "")[:3].upper()
    if len(part) < 3 or not part.isalpha():
        return None
    key = actor_key(part)
    return key if key == NON_STATE or key in _iso_countries() or key in states else None


def code_match(event: dict[str, Any], expected: str) -> bool:
    """The event's CAMEO root is the expected one, or its type is the expected code's PLOVER type."""
    cameo = str(event.get("cameo") or "")
    return (len(cameo) >= 2 and cameo[:2] == expected[:2]) or (
        event.get("type") is not None and event.get("type") == plover_type(expected))


def side_match(actors: list[dict[str, Any]], key: str | None) -> bool:
    """An unchecked side (``None``) always matches; else some actor of the side has the key."""
    return key is None or any(predicted_key(a) == key for a in actors or [])


def triple_found(events: list[dict[str, Any]], triple: dict[str, str], states: frozenset[str]) -> bool:
    """Some event has the expected code, source country and target country."""
    source, target = expected_key(triple["source"], states), expected_key(triple["target"], states)
    return any(code_match(e, triple["event"]) and side_match(e.get("source"), source)
               and side_match(e.get("target"), target) for e in events)


def judge(record: dict[str, Any], events: list[dict[str, Any]], states: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Pass or fail of one record, with the expected triples found."""
    if expects_no_event(record):
        factual = [e for e in events if e.get("factual")]
        return {"passed": not factual, "triples_found": 0, "triples_expected": 0}
    found = sum(triple_found(events, t, states) for t in record["expected"])
    expected = len(record["expected"])
    return {"passed": expected > 0 and found == expected, "triples_found": found, "triples_expected": expected}


def scored(record: dict[str, Any]) -> bool:
    """PETRARCH evaluates the record, and expects no error other than a discard (bad parse, dateline)."""
    return record.get("evaluate", True) and (not record.get("expect_error") or "discard" in record.get("error", ""))


def _rate(items: list[bool]) -> dict[str, Any]:
    return {"passed": sum(items), "cases": len(items), "rate": round(sum(items) / len(items), 4) if items else 0.0}


def tally(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Pass rates overall, per category and per tag; triples found."""
    by_category: dict[str, list[bool]] = {}
    by_tag: dict[str, list[bool]] = {}
    for row in rows:
        by_category.setdefault(row["category"], []).append(row["passed"])
        for tag in row["tags"]:
            by_tag.setdefault(tag, []).append(row["passed"])
    found, expected = sum(r["triples_found"] for r in rows), sum(r["triples_expected"] for r in rows)
    return {**_rate([r["passed"] for r in rows]),
            "triples": {"found": found, "expected": expected, "rate": round(found / expected, 4) if expected else 0.0},
            "per_category": {k: _rate(v) for k, v in sorted(by_category.items())},
            "per_tag": {k: _rate(v) for k, v in sorted(by_tag.items())}}


# --- running ---------------------------------------------------------------------------------


def record_row(record: dict[str, Any], events: list[dict[str, Any]], states: frozenset[str]) -> dict[str, Any]:
    """One record's row of the output: its verdict, expectations and tieline's events in brief."""
    def brief(e):
        return {**{k: e.get(k) for k in ("type", "cameo", "trigger", "factual")},
                "source": [a.get("country") for a in e.get("source") or []],
                "target": [a.get("country") for a in e.get("target") or []]}
    return {"id": record["id"], "category": category(record), "tags": tags(record), **judge(record, events, states),
            "text": " ".join(record["text"].split()), "expected": record["expected"],
            "expect_no_event": expects_no_event(record), "events": [brief(e) for e in events]}


def suite_dictionary(data: Path, suite: str) -> dict[str, list[str]]:
    """The suite's actor dictionary (:func:`read_dictionary`); empty for a suite without one."""
    name = SUITES[suite][1]
    if name and not (data / name).is_file():
        raise InputError(f"{data / name}: no such file", f"pass the petrarch-validation folder, normally ../shared/{PETRARCH_RELATIVE}")
    return read_dictionary(data / name) if name else {}


def _suite_pipeline(dictionary: dict[str, list[str]], actor_tables, stack: ExitStack) -> tuple[Any, dict]:
    """The default pipeline with the dictionary's new entries as extra actor tables, and the rows written."""
    from ..registry import default_pipeline

    if not dictionary:
        return default_pipeline({"actors": {"tables": list(actor_tables)}}), {}
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tieline-petrarch-")))
    written = dictionary_tables(dictionary, folder)
    return default_pipeline({"actors": {"tables": [*actor_tables, str(folder)]}}), written


def run_suite(data: Path, suite: str, pipeline, limit: int | None, actor_tables=()) -> dict[str, Any]:
    """One suite: every scored record run and judged."""
    records = read_records(data, suite, limit)
    dictionary = suite_dictionary(data, suite)
    states = dictionary_states(dictionary)
    with ExitStack() as stack:
        written = {}
        if pipeline is None:
            pipeline, written = _suite_pipeline(dictionary, actor_tables, stack)
        require_events(pipeline)
        cases = [r for r in records if scored(r)]
        docs, seconds = run_sentences([" ".join(r["text"].split()) for r in cases], pipeline)
    rows = [record_row(record, doc.events, states) for record, doc in zip(cases, docs)]
    left_out = [r for r in records if not scored(r)]
    return {"records": len(records), "left_out": {"evaluate_false": sum(not r.get("evaluate", True) for r in left_out),
                                                  "expect_error": sum(r.get("evaluate", True) for r in left_out)},
            "dictionary_rows": written, "stages": dict(pipeline.versions), "seconds": round(seconds, 2),
            "skipped": dict(Counter(d.skipped for d in docs if d.skipped)), **tally(rows), "per_record": rows}


def evaluate(data: str | Path = DEFAULT_DATA, pipeline=None, limit: int | None = None,
             suites: tuple[str, ...] | list[str] | None = None, actor_tables=()) -> dict[str, Any]:
    """Every suite asked for (all by default); ``pipeline`` given: used as is, without dictionaries."""
    data = Path(data)
    return {"benchmark": "petrarch-validation", "measured": date.today().isoformat(), "limit": limit,
            "crosswalk_rows": len(crosswalk()),
            "suites": {s: run_suite(data, s, pipeline, limit, actor_tables) for s in (suites or SUITES)}}


# --- output ----------------------------------------------------------------------------------


def metrics(result: dict[str, Any]) -> dict[str, float]:
    """The flat metrics ``eval/floors.json`` pins: ``<suite>_pass_rate`` and ``<suite>_triples``."""
    flat = {}
    for suite, scores in result["suites"].items():
        flat.update({f"{suite}_pass_rate": scores["rate"], f"{suite}_triples": scores["triples"]["rate"]})
    return flat


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The result without its per-record rows."""
    return {**result, "suites": {s: {k: v for k, v in r.items() if k != "per_record"} for s, r in result["suites"].items()}}


def markdown(result: dict[str, Any]) -> str:
    """The tables of ``docs/benchmarks.md``: pass rates per suite, then per category and per tag."""
    lines = ["| suite | cases passed | expected triples found | left out (evaluate=false, error) | seconds |",
             "|---|---|---|---|---|"]
    for suite, s in result["suites"].items():
        lines.append(f"| {suite} | {s['passed']}/{s['cases']} ({100 * s['rate']:.1f}%) | "
                     f"{s['triples']['found']}/{s['triples']['expected']} ({100 * s['triples']['rate']:.1f}%) | "
                     f"{s['left_out']['evaluate_false']}, {s['left_out']['expect_error']} | {s['seconds']} |")
    for heading, key in (("category", "per_category"), ("tag (from the comments)", "per_tag")):
        lines += ["", f"| {heading} | " + " | ".join(result["suites"]) + " |", "|---|" + "---|" * len(result["suites"])]
        names = sorted({n for s in result["suites"].values() for n in s[key]})
        for name in names:
            cells = [f"{c['passed']}/{c['cases']}" if (c := s[key].get(name)) else "–" for s in result["suites"].values()]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    stages = next(iter(result["suites"].values()))["stages"] if result["suites"] else {}
    lines.append(f"\nCAMEO->PLOVER crosswalk rows: {result['crosswalk_rows']}. Stages: "
                 f"{', '.join(f'`{v}`' for v in stages.values())}. Measured {result['measured']}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    extra = ((("--suite",), {"dest": "suites", "action": "append", "choices": sorted(SUITES),
                             "help": "only this suite (repeatable; default: all)"}),)
    return sentence_main(sys.modules[__name__], argv, extra)


if __name__ == "__main__":
    sys.exit(main())
