"""The store's tables as Arrow tables, typed by their declared SQLite types (for Parquet and CSV).

    >>> from tieline.store import Store
    >>> table = arrow_table(Store(":memory:"), "quotes")
    >>> str(table.schema.field("start").type), str(table.schema.field("text").type), table.num_rows
    ('int64', 'string', 0)
"""

from __future__ import annotations

#: The tables (and the ``actors`` view) an export writes, with what each holds.
TABLES = {
    "documents": "one row per document: metadata, clean text, raw text and the whole record as JSON",
    "sources": "every file or record a document was found in",
    "removed": "what cleaning left out of each document, with the reason",
    "problems": "stages that could not do their work on a document",
    "events": "one row per event: PLOVER type, CAMEO code, quad class, Goldstein score, flags, trigger and sentence offsets",
    "event_actors": "each source and target actor of each event",
    "quotes": "one row per quote: text, offsets, kind, speaker and cue",
    "document_actors": "one row per actor per document: name, type, country, Wikidata id, number of mentions",
    "mentions": "each mention of an actor, with its offsets in the document's text",
    "actors": "one row per actor over the whole store (a view of document_actors)",
    "runs": "each ingest run: stage versions, counts and timings",
    "read_errors": "input that could not be read, per run",
}

_TYPES = {"INTEGER": "int64", "REAL": "float64", "TEXT": "string", "BLOB": "binary"}


def _arrow_type(declared: str):
    import pyarrow as pa

    name = _TYPES.get(declared.upper())
    return None if name is None else getattr(pa, name)()


def arrow_table(store, name: str):
    """Every row of table ``name`` as a ``pyarrow.Table``; a column without a declared type is inferred."""
    import pyarrow as pa

    if name not in TABLES:
        raise KeyError(name)
    info = store.db.execute(f'PRAGMA table_info("{name}")').fetchall()
    rows = store.db.execute(f'SELECT * FROM "{name}" ORDER BY rowid' if name != "actors" else
                            'SELECT * FROM actors ORDER BY actor_id').fetchall()
    arrays = [pa.array([row[i] for row in rows], type=_arrow_type(column["type"]))
              for i, column in enumerate(info)]
    return pa.table(arrays, names=[column["name"] for column in info])


def write_tables(store, out, suffix: str, write_one) -> list:
    """Call ``write_one(table, path)`` for each of ``TABLES`` into folder ``out``; return the paths."""
    from pathlib import Path

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in TABLES:
        path = out / f"{name}{suffix}"
        write_one(arrow_table(store, name), path)
        paths.append(path)
    return paths
