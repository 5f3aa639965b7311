"""Evaluation harnesses: tieline's own pipeline scored against public gold data in ``../shared``.

Each harness reads the gold data where it lies (nothing is copied into the repository), runs the
same code path as ``tieline analyze`` and returns plain numbers; ``eval/floors.json`` pins the
floors the tests hold them to, and ``docs/benchmarks.md`` records what was measured.

- :mod:`tieline.evaluation.markkula`: speaker names and titles (Markkula journalistic-sourcing set).
- :mod:`tieline.evaluation.markkula_quotes`: statements, speakers and titles of quotes (same set).
- :mod:`tieline.evaluation.polnear`: source, cue and content spans; speaker-quote pairs (PolNeAR).
- :mod:`tieline.evaluation.plover_gsr`: event types, actor countries and dyads (PLOVER gold records).
- :mod:`tieline.evaluation.zsp`: event root and quad classes given gold actor spans (ZSP PLV test).
- :mod:`tieline.evaluation.petrarch`: PETRARCH validation suites as behaviour tests.
- :mod:`tieline.evaluation.copies`: exact, near and reworded copies, hard negatives, speed (a perturbed BBC/Reuters set).
- :mod:`tieline.evaluation.paraphrase`: the reworded-copy aligner's sentence score (MSRP, PAN-10).
- :mod:`tieline.evaluation.extraction`: the clean body of HTML pages against trafilatura (ScrapingHub, trafilatura-eval).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any


def write_result(data: Any, out: str | Path, indent: int = 2) -> Path:
    """Write a harness's result as JSON to ``out``, creating its folder; return the path."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=indent) + "\n", encoding="utf-8")
    return path


def floors_below(values: dict[str, float], margin: float = 0.02) -> dict[str, float]:
    """Floors for ``eval/floors.json``: each metric minus ``margin``, rounded down to 2 decimals, never below 0.

    >>> floors_below({"recall": 0.9798, "precision": 0.01}, 0.01)
    {'precision': 0.0, 'recall': 0.96}
    """
    return {key: max(0.0, math.floor(round((value - margin) * 100, 6)) / 100) for key, value in sorted(values.items())}


def markkula_main(harness, argv: list[str] | None = None) -> int:
    """``python -m`` entry point shared by the harnesses scored on the Markkula set."""
    from ..errors import TielineError

    parser = argparse.ArgumentParser(prog=f"python -m {harness.__spec__.name}", description=harness.__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(harness.DEFAULT_DATA), help="the set's folder (SOURCE.md, articles/, gt/)")
    parser.add_argument("--out", default=str(harness.DEFAULT_OUT), help="where the JSON with per-article rows goes")
    parser.add_argument("--markdown", action="store_true", help="print the docs/benchmarks.md table, not JSON")
    args = parser.parse_args(argv)
    try:
        result = harness.evaluate(args.data)
    except TielineError as error:
        print(f"tieline: {error}", file=sys.stderr)
        return 2
    out = harness.write_json(result, args.out)
    print(harness.markdown_table(result) if args.markdown else json.dumps(harness.summary(result), ensure_ascii=False, indent=2))
    print(f"per-article rows: {out}; floors at this measurement: {json.dumps(harness.floors(result))}", file=sys.stderr)
    return 0


#: The first line of a plain-text document is its title; each gold sentence goes in after this one.
DUMMY_TITLE = "x\n\n"


def run_sentences(texts: list[str], pipeline, batch: int = 64) -> tuple[list, float]:
    """Each text as one plain-text document (after :data:`DUMMY_TITLE`) through ``pipeline``.

    Returns the documents in input order and the seconds they took (the model is loaded first,
    outside the clock).
    """
    import time

    from ..testing import make_doc

    docs = [make_doc(DUMMY_TITLE + text, source=f"sentence-{i}") for i, text in enumerate(texts)]
    pipeline.run_batch([make_doc(DUMMY_TITLE + "Russia attacked Ukraine on Monday.")])
    started = time.perf_counter()
    done = [doc for i in range(0, len(docs), batch) for doc in pipeline.run_batch(docs[i:i + batch])]
    return done, time.perf_counter() - started


def require_events(pipeline) -> None:
    """Raise :class:`~tieline.errors.ConfigError` when no stage of ``pipeline`` assigns ``events``."""
    from ..errors import ConfigError

    if not any("events" in getattr(stage, "assigns", ()) for stage in pipeline.stages):
        raise ConfigError("the pipeline has no stage that assigns events",
                          "add the events stage (`tieline stages` lists the stages) or pass a pipeline with one")


def sentence_main(harness, argv: list[str] | None = None, extra: tuple = ()) -> int:
    """``python -m`` entry point shared by the event harnesses (``--data --out --markdown --limit``).

    ``extra`` holds ``(flags, keyword arguments)`` of further ``add_argument`` calls; their values
    go to ``harness.evaluate`` by name.
    """
    from ..errors import TielineError

    parser = argparse.ArgumentParser(prog=f"python -m {harness.__spec__.name}", description=harness.__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(harness.DEFAULT_DATA), help="the gold data (file or folder)")
    parser.add_argument("--out", default=str(harness.DEFAULT_OUT), help="where the JSON with per-item rows goes")
    parser.add_argument("--markdown", action="store_true", help="print the docs/benchmarks.md tables, not JSON")
    parser.add_argument("--limit", type=int, default=None, help="only the first N items")
    for flags, options in extra:
        parser.add_argument(*flags, **options)
    args = vars(parser.parse_args(argv))
    out, markdown = args.pop("out"), args.pop("markdown")
    try:
        result = harness.evaluate(**args)
    except TielineError as error:
        print(f"tieline: {error}", file=sys.stderr)
        return 2
    path = harness.write_json(result, out)
    print(harness.markdown(result) if markdown else json.dumps(harness.summary(result), ensure_ascii=False, indent=2))
    print(f"per-item rows: {path}; floors at this measurement: {json.dumps(harness.floors(harness.metrics(result)))}",
          file=sys.stderr)
    return 0
