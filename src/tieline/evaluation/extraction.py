"""Article extraction: tieline's clean body of an HTML page against two public gold sets.

tieline's path is the one ``tieline analyze PAGE.html`` takes: the page's bytes are decoded
(:func:`tieline.readers.decode.decode`, as :func:`~tieline.readers.html.read_html` does), the
article is extracted (:func:`tieline.readers.html.extract`), made a ``Doc``
(:meth:`~tieline.types.Doc.from_raw`) and cleaned by the ``clean`` stage
(``tieline.registry.get("clean")``); the prediction is ``doc.text``, empty when the reader gives a
``ReadError``. Beside it, in the same process and on the same decoded strings, run the baselines
``trafilatura.extract(page, include_comments=False)`` (``trafilatura``) and the same with
``favor_precision=True`` (``trafilatura_precision``).

The sets (``../shared/data/anchors/extraction``, their ``SOURCE.md`` files define the scoring,
:mod:`tieline.evaluation.extraction_metrics` implements it):

- ``scrapinghub``: ScrapingHub's article-extraction-benchmark, 181 pages with a gold body; shingle
  and bag-of-tokens P/R/F1 (page-averaged) and exact-token accuracy. Page id: the file's hash.
- ``trafilatura``: trafilatura's evaluation corpus, 990 pages with "with"/"without" snippets;
  micro-summed snippet P/R/F1 and accuracy. Page id: the HTML file's name.

Each page belongs to the ``tune`` half when the first byte of sha256(page id) is even, else to
``heldout``. The split is written once to ``eval/splits/extraction.tsv`` (:func:`write_splits`,
``python -m tieline.evaluation.extraction --write-splits``) and read from there afterwards.

Speed is pages per second over the wall time of each system's extraction calls only (the page
already decompressed and decoded; for tieline, ``extract`` plus the clean stage), after one
untimed warm-up page per set; *ratio* is a system's pages/s over trafilatura's.

    python -m tieline.evaluation.extraction --markdown
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from . import extraction_metrics as m

DEFAULT_DATA = Path("../shared/data/anchors/extraction")
DEFAULT_OUT = Path("eval") / "results" / "clean.json"
DEFAULT_PAGES = Path("eval") / "results" / "clean-pages.jsonl"
SPLITS = Path("eval") / "splits" / "extraction.tsv"
FLOORS_KEY = "clean"
SETS = ("scrapinghub", "trafilatura")
FOLDERS = {"scrapinghub": "scrapinghub-article-extraction-benchmark", "trafilatura": "trafilatura-eval"}
LABELS = {"scrapinghub": "ScrapingHub", "trafilatura": "trafilatura-eval"}
HALVES = ("tune", "heldout")
SYSTEMS = ("tieline", "trafilatura", "trafilatura_precision")
BASELINE = "trafilatura"
#: The CI subset: the first held-out pages of each set, in sorted id order.
CI_SUBSET = {"scrapinghub": 25, "trafilatura": 60}


@dataclass(frozen=True)
class Gold:
    """One page of a set: where its HTML lies and what it should give."""

    set: str
    id: str
    path: Path
    body: str | None = None
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()


# --- the gold sets ----------------------------------------------------------------------------


def read_scrapinghub(folder: Path) -> list[Gold]:
    """The ScrapingHub pages with their gold bodies, by id."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [Gold("scrapinghub", key, folder / "html" / f"{key}.html.gz", body=truth[key]["articleBody"])
            for key in sorted(truth)]


def read_trafilatura(folder: Path) -> list[Gold]:
    """The trafilatura-eval pages with their snippets, by file name."""
    items = json.loads((folder / "evaldata.json").read_text(encoding="utf-8")).values()
    pages = [Gold("trafilatura", item["file"], folder / "html" / f"{item['file']}.gz",
                  with_=tuple(item["with"]), without=tuple(item["without"])) for item in items]
    return sorted(pages, key=lambda page: page.id)


READERS: dict[str, Callable[[Path], list[Gold]]] = {"scrapinghub": read_scrapinghub, "trafilatura": read_trafilatura}


def read_set(data: str | Path, name: str) -> list[Gold]:
    """Every page of set ``name`` under ``data``; a missing folder names the fix."""
    from ..errors import ConfigError

    folder = Path(data) / FOLDERS[name]
    if not folder.is_dir():
        raise ConfigError(f"no {LABELS[name]} set at {folder}", "pass --data, the folder holding "
                          f"{FOLDERS['scrapinghub']}/ and {FOLDERS['trafilatura']}/ (in ../shared/data/anchors/extraction)")
    return READERS[name](folder)


# --- the split --------------------------------------------------------------------------------


def half_of(page_id: str) -> str:
    """``tune`` when the first byte of sha256(``page_id``) is even, else ``heldout``."""
    return HALVES[hashlib.sha256(page_id.encode("utf-8")).digest()[0] % 2]


def split_rows(data: str | Path = DEFAULT_DATA) -> list[tuple[str, str, str]]:
    """``(set, id, half)`` of every page of both sets."""
    return [(name, page.id, half_of(page.id)) for name in SETS for page in read_set(data, name)]


def write_splits(data: str | Path = DEFAULT_DATA, path: str | Path = SPLITS) -> Path:
    """Write the split file (header ``set id half``, one page a line)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["set\tid\thalf"] + ["\t".join(row) for row in split_rows(data)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_splits(path: str | Path = SPLITS) -> dict[tuple[str, str], str]:
    """``{(set, id): half}`` from the split file."""
    from ..errors import ConfigError

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"no split file at {path}", "run from the repository root (it holds eval/splits/), or "
                          "write it with `python -m tieline.evaluation.extraction --write-splits`")
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return {(name, page_id): half for name, page_id, half in (row.split("\t") for row in rows if row)}


def select(pages: list[Gold], splits: dict[tuple[str, str], str], half: str = "both",
           limit: int | None = None) -> list[tuple[Gold, str]]:
    """The pages of ``half`` (``both``: every page) with their half, the first ``limit`` in id order."""
    from ..errors import ConfigError

    missing = [page.id for page in pages if (page.set, page.id) not in splits]
    if missing:
        raise ConfigError(f"{len(missing)} pages are not in the split file (first: {missing[0]})",
                          "rewrite it with `python -m tieline.evaluation.extraction --write-splits`")
    chosen = [(page, splits[page.set, page.id]) for page in pages if half == "both" or splits[page.set, page.id] == half]
    return chosen[:limit] if limit is not None else chosen


# --- the systems ------------------------------------------------------------------------------


def decoded(path: Path) -> str | None:
    """The page as ``tieline analyze`` decodes it (BOM, meta charset, UTF-8, guess); ``None`` if not text."""
    from ..readers.decode import NotText, decode

    try:
        return decode(gzip.decompress(path.read_bytes()), markup=True).text
    except NotText:
        return None


def tieline_text(page: str, clean, source: str = "page.html") -> tuple[str, str | None]:
    """tieline's clean body of a decoded page and the reader's error (``read_html`` after decoding)."""
    from ..readers.html import extract
    from ..types import Doc, ReadError

    found = extract(source, page)
    if isinstance(found, ReadError):
        return "", found.message
    [doc] = clean.pipe([Doc.from_raw(found)])
    return doc.text or "", None


def trafilatura_text(page: str, favor_precision: bool = False) -> tuple[str, str | None]:
    """trafilatura's text of a decoded page (comments left out); a crash gives no text."""
    import trafilatura

    try:
        return trafilatura.extract(page, include_comments=False, favor_precision=favor_precision) or "", None
    except Exception as error:  # noqa: BLE001 - a baseline that crashes scores as empty
        return "", f"{type(error).__name__}: {error}"


def systems() -> dict[str, Callable[[str], tuple[str, str | None]]]:
    """Each system's ``page -> (text, error)``; tieline's holds the clean stage ``analyze`` builds."""
    from ..registry import get

    clean = get("clean")
    return {"tieline": lambda page: tieline_text(page, clean), "trafilatura": trafilatura_text,
            "trafilatura_precision": lambda page: trafilatura_text(page, favor_precision=True)}


def timed(extract: Callable[[str], tuple[str, str | None]], page: str) -> tuple[str, str | None, float]:
    started = time.perf_counter()
    text, error = extract(page)
    return text, error, time.perf_counter() - started


# --- scoring pages ----------------------------------------------------------------------------


def score_page(gold: Gold, text: str) -> dict[str, Any]:
    """One system's numbers on one page (the counts its set's scores are built from)."""
    if gold.set == "scrapinghub":
        counts = m.page_counts(gold.body or "", text)
        shingle = counts["shingle"]
        return {**counts, "p": _r(m.page_precision(shingle)), "r": _r(m.page_recall(shingle)),
                "f1": _r(m.page_f1(shingle)), "chars": len(text)}
    counts = m.snippet_counts(list(gold.with_), list(gold.without), text)
    found = m.norm(text)
    return {"counts": counts, "f1": _r(m.snippet_f1(counts)), "chars": len(text),
            "with_missing": [i for i, s in enumerate(gold.with_) if not found or m.norm(s) not in found],
            "without_found": [i for i, s in enumerate(gold.without) if found and m.norm(s) in found]}


def run_page(gold: Gold, half: str, page: str | None, runners: dict) -> dict[str, Any]:
    """Every system on one page: a row with each system's numbers, error and seconds."""
    row: dict[str, Any] = {"set": gold.set, "id": gold.id, "half": half}
    if gold.body is not None:
        row["gold_chars"] = len(gold.body)
    for name, extract in runners.items():
        text, error, seconds = timed(extract, page) if page is not None else ("", "not text", 0.0)
        row[name] = {**score_page(gold, text), "seconds": round(seconds, 5)}
        if error:
            row[name]["error"] = error
    return row


def run_set(chosen: list[tuple[Gold, str]], runners: dict) -> list[dict[str, Any]]:
    """The rows of ``chosen``, after one untimed warm-up page per system."""
    if not chosen:
        return []
    warm = decoded(chosen[0][0].path)
    if warm is not None:
        for extract in runners.values():
            extract(warm)
    return [run_page(gold, half, decoded(gold.path), runners) for gold, half in chosen]


def system_scores(rows: list[dict[str, Any]], system: str) -> dict[str, Any]:
    """One system's scores over rows of one set, with its speed."""
    found = [row[system] for row in rows]
    if rows[0]["set"] == "scrapinghub":
        scores = m.body_scores(found)
    else:
        scores = m.snippet_scores(f["counts"] for f in found)
        scores["empty"] = sum(1 for f in found if not f["chars"])
    seconds = sum(f["seconds"] for f in found)
    scores["errors"] = sum(1 for f in found if "error" in f)
    scores["seconds"] = round(seconds, 3)
    scores["pages_per_s"] = round(len(found) / seconds, 1) if seconds else None
    return scores


def table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each system's scores over ``rows``, with its speed ratio to trafilatura's."""
    found = {system: system_scores(rows, system) for system in SYSTEMS}
    base = found[BASELINE]["seconds"]
    for scores in found.values():
        scores["ratio"] = round(base / scores["seconds"], 2) if scores["seconds"] and base else None
    return found


def gaps(rows: list[dict[str, Any]], n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` pages where tieline's page F1 trails the better trafilatura most (empty outputs first)."""
    def best(row):
        return max(SYSTEMS[1:], key=lambda system: row[system]["f1"])

    def gap(row):
        return row["tieline"]["f1"] - row[best(row)]["f1"]

    trailing = [r for r in rows if not r["tieline"]["chars"] or gap(r) < 0]
    chosen = sorted(trailing, key=lambda r: (bool(r["tieline"]["chars"]), gap(r), r["id"]))[:n]
    return [{"id": r["id"], "half": r["half"], "tieline_f1": r["tieline"]["f1"], "baseline": best(r),
             "baseline_f1": r[best(r)]["f1"], "tieline_chars": r["tieline"]["chars"],
             "baseline_chars": r[best(r)]["chars"], **({"error": r["tieline"]["error"]} if "error" in r["tieline"] else {})}
            for r in chosen]


def worst(rows: list[dict[str, Any]], n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` pages with tieline's lowest page F1, beside trafilatura's."""
    chosen = sorted(rows, key=lambda r: (r["tieline"]["f1"], r["id"]))[:n]
    return [{"id": r["id"], "half": r["half"], **{f"{system}_f1": r[system]["f1"] for system in SYSTEMS},
             **({"tieline_p": r["tieline"]["p"], "tieline_r": r["tieline"]["r"]} if "p" in r["tieline"] else {})}
            for r in chosen]


# --- the benchmark ----------------------------------------------------------------------------


def evaluate(data: str | Path = DEFAULT_DATA, sets: tuple[str, ...] = SETS, half: str = "both",
             limit: int | dict[str, int] | None = None, splits: str | Path = SPLITS) -> dict[str, Any]:
    """Run every system on the chosen pages of ``sets`` and score them per half.

    ``limit`` keeps the first N chosen pages of each set (in id order); a dict gives N per set.
    """
    import trafilatura

    from ..registry import get

    halves = read_splits(splits)
    runners = systems()
    result: dict[str, Any] = {"benchmark": "clean", "measured": date.today().isoformat(), "stage": get("clean").name,
                              "trafilatura_version": trafilatura.__version__, "half": half, "limit": limit,
                              "sets": {}, "gaps": {}, "worst": {}, "pages": []}
    for name in sets:
        n = limit.get(name) if isinstance(limit, dict) else limit
        rows = run_set(select(read_set(data, name), halves, half, n), runners)
        result["sets"][name] = scored_halves(rows, half)
        result["gaps"][name], result["worst"][name] = gaps(rows), worst(rows)
        result["pages"] += rows
    return result


def scored_halves(rows: list[dict[str, Any]], half: str) -> dict[str, Any]:
    """The tables of each half present in ``rows``, and of all of them when both were run."""
    found = {h: table([r for r in rows if r["half"] == h]) for h in HALVES if any(r["half"] == h for r in rows)}
    if half == "both" and rows:
        found["all"] = table(rows)
    return found


def metrics(result: dict[str, Any], system: str = "tieline") -> dict[str, float]:
    """The flat metrics ``eval/floors.json`` pins (tieline's quality; speed depends on the machine)."""
    keys = {"scrapinghub": ("shingle_p", "shingle_r", "shingle_f1", "bag_p", "bag_r", "bag_f1", "accuracy"),
            "trafilatura": ("p", "r", "f1", "accuracy")}
    prefix = {"scrapinghub": "scrapinghub", "trafilatura": "trafilatura_eval"}
    return {f"{prefix[name]}_{half}_{key}": scores[system][key]
            for name, halves in result["sets"].items() for half, scores in halves.items()
            for key in keys[name] if scores[system][key] is not None}


def floors(values: dict[str, float]) -> dict[str, float]:
    """Each metric minus 0.01, rounded down to two decimals."""
    from . import floors_below

    return floors_below(values, 0.01)


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The result without its page rows."""
    return {k: v for k, v in result.items() if k != "pages"}


def write_json(result: dict[str, Any], out: str | Path) -> Path:
    from . import write_result

    return write_result(summary(result), out)


def write_pages(result: dict[str, Any], out: str | Path) -> Path:
    """One JSON line per page: set, id, half and each system's numbers."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for row in result["pages"]:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


# --- markdown ---------------------------------------------------------------------------------

COLUMNS = {"scrapinghub": ("shingle_p", "shingle_r", "shingle_f1", "bag_p", "bag_r", "bag_f1", "accuracy"),
           "trafilatura": ("p", "r", "f1", "accuracy")}
HEADERS = {"scrapinghub": "shingle P | shingle R | shingle F1 | bag P | bag R | bag F1 | accuracy",
           "trafilatura": "P | R | F1 | accuracy"}


def markdown(result: dict[str, Any]) -> str:
    """One table per set: each system on each half, with its speed."""
    blocks = []
    for name, halves in result["sets"].items():
        width = len(COLUMNS[name]) + 6
        lines = [f"**{LABELS[name]}**", "", f"| half | system | pages | {HEADERS[name]} | empty | pages/s | ratio |",
                 "|---" * width + "|"]
        for half, scores in halves.items():
            for system in SYSTEMS:
                lines.append(_row(half, system, scores[system], COLUMNS[name]))
        blocks.append("\n".join(lines))
    note = (f"tieline `{result['stage']}` (the `tieline analyze` path); trafilatura {result['trafilatura_version']}, "
            f"`include_comments=False` (and `favor_precision=True`). Pages/s over the extraction calls only; ratio "
            f"= pages/s over trafilatura's. Measured {result['measured']}.")
    return "\n\n".join(blocks + [note])


def _row(half: str, system: str, s: dict[str, Any], columns: tuple[str, ...]) -> str:
    values = " | ".join(_f(s[c]) for c in columns)
    speed = "–" if s["pages_per_s"] is None else f"{s['pages_per_s']:,}"
    ratio = "–" if s["ratio"] is None else f"{s['ratio']:.2f}"
    label = system.replace("_precision", " favor_precision")
    return f"| {half} | {label} | {s['pages']} | {values} | {s['empty']} | {speed} | {ratio} |"


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def main(argv: list[str] | None = None) -> int:
    from ..errors import TielineError

    parser = argparse.ArgumentParser(prog="python -m tieline.evaluation.extraction", description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="the folder holding both sets")
    parser.add_argument("--set", dest="which", choices=(*SETS, "both"), default="both")
    parser.add_argument("--half", choices=(*HALVES, "both"), default="both")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="where the JSON goes")
    parser.add_argument("--pages", default=str(DEFAULT_PAGES), help="where the JSON Lines of page rows go")
    parser.add_argument("--markdown", action="store_true", help="print the tables, not JSON")
    parser.add_argument("--write-splits", action="store_true", help=f"(re)write {SPLITS} from the sets and stop")
    args = parser.parse_args(argv)
    try:
        if args.write_splits:
            print(f"written: {write_splits(args.data)}", file=sys.stderr)
            return 0
        result = evaluate(args.data, SETS if args.which == "both" else (args.which,), args.half, args.limit)
    except TielineError as error:
        print(f"tieline: {error}", file=sys.stderr)
        return 2
    path, pages = write_json(result, args.out), write_pages(result, args.pages)
    print(markdown(result) if args.markdown else json.dumps(summary(result), ensure_ascii=False, indent=2))
    print(f"written: {path}, {pages}; floors at this measurement: {json.dumps(floors(metrics(result)))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
