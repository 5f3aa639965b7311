"""Evaluation harnesses: tieline's own pipeline scored against public gold data in ``../shared``.

Each harness reads the gold data where it lies (nothing is copied into the repository), runs the
same code path as ``tieline analyze`` and returns plain numbers; ``eval/floors.json`` pins the
floors the tests hold them to, and ``docs/benchmarks.md`` records what was measured.

- :mod:`tieline.evaluation.markkula`: speaker names and titles (Markkula journalistic-sourcing set).
- :mod:`tieline.evaluation.markkula_quotes`: statements, speakers and titles of quotes (same set).
- :mod:`tieline.evaluation.polnear`: source, cue and content spans; speaker-quote pairs (PolNeAR).
"""

from __future__ import annotations

import argparse
import json
import sys


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
