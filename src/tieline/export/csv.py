"""One CSV file per table (``documents.csv``, ``events.csv``, ...) in the folder ``out``.

UTF-8, a header row, commas, fields quoted where needed, a missing value as an empty field.
"""

from __future__ import annotations

from pathlib import Path

from .tables import write_tables


def write(store, out: Path) -> list[Path]:
    import pyarrow.csv as pacsv

    return write_tables(store, out, ".csv", lambda table, path: pacsv.write_csv(table, path))
