"""Exports of the store for the tools people already use (docs/exports.md).

One module per format, each with ``write(store, out) -> list[Path]``:

    parquet   one Parquet file per table (pyarrow, pandas, DuckDB, R arrow)
    csv       one CSV file per table
    gdelt     the GDELT 2.0 event table: its 61 tab-separated columns, then tieline's own
    plover    PLOVER/POLECAT-style event records, one JSON object per line
    gexf      the actor network for Gephi, with time spells for its timeline
    sqlite    a copy of the store with a metadata.json for Datasette

    >>> sorted(FORMATS)
    ['csv', 'gdelt', 'gexf', 'parquet', 'plover', 'sqlite']
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..errors import ConfigError

#: Format name -> module of this package that writes it.
FORMATS = {"parquet": "parquet", "csv": "csv", "gdelt": "gdelt", "plover": "plover", "gexf": "gexf", "sqlite": "sqlite"}

__all__ = ["FORMATS", "export"]


def export(store, format: str, out: str | Path) -> list[Path]:  # noqa: A002 - the format's name
    """Write ``store`` as ``format`` to ``out`` (a folder for parquet and csv, else a file); return the paths written."""
    if format not in FORMATS:
        raise ConfigError(f"no export format {format!r}", f"choose one of: {', '.join(FORMATS)}")
    module = import_module(f".{FORMATS[format]}", __name__)
    return module.write(store, Path(out))
