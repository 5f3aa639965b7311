"""One Parquet file per table (``documents.parquet``, ``events.parquet``, ...) in the folder ``out``.

Columns keep their SQLite types (integers stay integers where a value is missing); read with
``pandas.read_parquet``, ``pyarrow.parquet.read_table``, DuckDB or R's arrow.
"""

from __future__ import annotations

from pathlib import Path

from .tables import write_tables


def write(store, out: Path) -> list[Path]:
    import pyarrow.parquet as pq

    return write_tables(store, out, ".parquet", lambda table, path: pq.write_table(table, path, compression="zstd"))
