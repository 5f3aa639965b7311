"""``python -m tieline.reporting --sample docs/sample-report.html``: the sample corpus's report, regenerated.

Ingests the bundled sample corpus into a temporary store (as ``tieline demo`` does) and writes its
report; ``--db`` writes the report on an existing store instead (as ``tieline report``). The test
``tests/test_report_html.py`` checks that docs/sample-report.html equals what this writes now.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def sample_report(out: str | Path) -> Path:
    """Ingest the sample corpus into a temporary store and write its report to ``out``."""
    import tieline

    from . import build_report

    with tempfile.TemporaryDirectory(prefix="tieline-sample-") as folder:
        db = Path(folder) / "sample.db"
        tieline.ingest([tieline.sample_path()], db, command="demo")
        return build_report(db, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tieline.reporting", description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--sample", metavar="OUT", help="ingest the bundled sample corpus and write its report to OUT")
    source.add_argument("--db", help="write the report on this store (with --out)")
    parser.add_argument("--out", default="report.html", help="where --db writes the report (default: report.html)")
    args = parser.parse_args(argv)
    from ..errors import TielineError
    from . import build_report

    try:
        path = sample_report(args.sample) if args.sample else build_report(args.db, args.out)
    except TielineError as error:
        print(f"tieline: {error}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
