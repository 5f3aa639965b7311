"""A Parquet dataset in place of the SQLite store: for corpora that outgrow one SQLite file.

``tieline ingest PATHS --parquet FOLDER`` writes each batch (with ``--engine dask``, each partition)
as one Parquet file per table, ``FOLDER/<table>/part-<run>-<batch>.parquet``, with the rows and
columns ``tieline export parquet`` writes (the batch goes through the store's own ``save`` into a
scratch SQLite database in memory, and out through the export's Arrow tables: one code path, not
two). ``pyarrow.dataset``, pandas, DuckDB and Spark read each table folder as one table.

Beside the parts, ``FOLDER/_tieline.db`` (a file Parquet readers skip by its leading ``_``) keeps
the runs, the input errors and the ledger: which documents each part holds with which stage
versions, so a second run skips what is written and a stopped run resumes. A part is written to a
temporary name, renamed, and only then entered in the ledger in the batch's transaction; a part the
ledger does not know (the run was killed between the two) is deleted when the dataset is opened,
and its documents are redone.

Copy detection uses the store's index, kept in the ledger with each text compressed beside it
(what it compares a candidate with), so copies are found across partitions and runs; a more
complete copy found later does not rewrite parts already written (the later one is the copy). ``tieline merge FOLDER --db STORE`` (:func:`merge`)
loads a dataset into a store, document by document through the same ``save``, and indexes each
document for copy detection, so later ingests into that store find copies of it (docs/scale.md).

    >>> import tempfile
    >>> from tieline.testing import make_doc
    >>> folder = tempfile.mkdtemp()
    >>> dataset = ParquetDataset(folder)
    >>> doc = make_doc("China warned Japan on Tuesday.")
    >>> with dataset.transaction():
    ...     dataset.save(doc, {"clean": "clean.rules.v1"}, run_id=None)
    >>> dataset.is_current(doc.id, {"clean": "clean.rules.v1"}), [p.parent.name for p in dataset.parts("documents")]
    (True, ['documents'])
    >>> dataset.close()
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import StoreError
from ..types import Doc
from .sqlite import Store, _now, write_error

#: The store's tables written as the dataset's table folders (runs and input errors stay in the ledger).
TABLES = ("documents", "sources", "removed", "problems", "events", "event_actors", "quotes",
          "document_actors", "mentions")

LEDGER = "_tieline.db"

_LEDGER_TABLES = """
    CREATE TABLE IF NOT EXISTS dataset_parts (
        part TEXT PRIMARY KEY, run_id INTEGER, documents INTEGER NOT NULL, written_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS dataset_documents (
        id TEXT PRIMARY KEY, pipeline TEXT NOT NULL, part TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS dataset_texts (id TEXT PRIMARY KEY, text BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS dataset_sources (
        source TEXT PRIMARY KEY, document_id TEXT NOT NULL, run_id INTEGER, first_seen TEXT NOT NULL);
"""


class ParquetDataset:
    """A Parquet dataset at ``folder`` (created on first use), written batch by batch like a store."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(f"{self.folder} is a file, not a folder", "pass --parquet a folder (new or a tieline dataset)")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.ledger = Store(self.folder / LEDGER)
        self.db = self.ledger.db
        self.db.executescript(_LEDGER_TABLES)
        self._batch: Store | None = None
        self._written: list[tuple[str, str]] = []
        self._extra_sources: list[tuple[str, str, int | None, str]] = []
        self._sweep()

    def close(self) -> None:
        self.ledger.close()

    def __str__(self) -> str:
        return f"{self.folder} (Parquet dataset)"

    # what api.ingest asks of a store

    def start_run(self, command: str, stages: dict[str, str]) -> int:
        self._refuse_other_versions(stages)
        return self.ledger.start_run(command, stages)

    def finish_run(self, run_id: int, status: str, counts: dict, seconds: dict) -> None:
        """Record the run's end (inside ``transaction``: sources recorded since the last batch go to a part of their own)."""
        self.ledger.finish_run(run_id, status, counts, seconds)

    def add_read_error(self, run_id: int, source: str, message: str) -> None:
        self.ledger.add_read_error(run_id, source, message)

    def runs(self) -> list[dict]:
        return self.ledger.runs()

    def is_current(self, doc_id: str, pipeline: dict[str, str]) -> bool:
        row = self.db.execute("SELECT pipeline FROM dataset_documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None and json.loads(row[0]) == pipeline

    def has_document(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM dataset_documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def copy_index(self):
        """The store's copy index in the ledger, with the texts kept compressed beside it (the parts
        hold the records); it cannot rewrite parts written already (``can_promote`` is False)."""
        from ..dedup.index import SqliteCopyIndex

        class DatasetCopyIndex(SqliteCopyIndex):
            can_promote = False

            def text(self, doc_id: str) -> str | None:
                if doc_id in self.pending.texts:
                    return self.pending.text(doc_id)
                row = self.db.execute("SELECT text FROM dataset_texts WHERE id = ?", (doc_id,)).fetchone()
                return zlib.decompress(row[0]).decode("utf-8") if row else None

            def flush(self) -> None:
                self.db.executemany("INSERT OR REPLACE INTO dataset_texts VALUES (?, ?)", self.pending.texts.items())
                super().flush()

        return DatasetCopyIndex(self.db)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The batch's documents go to one new part per table, entered in the ledger when all are written."""
        self._batch, self._written = Store(":memory:"), []
        written: list[Path] = []
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            written = self._write_part()
            self.db.execute("COMMIT")
        except BaseException as error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            for path in written:
                path.unlink(missing_ok=True)
            if isinstance(error, (sqlite3.Error, OSError)):
                raise write_error(str(self.folder), error) from error
            raise
        finally:
            self._batch.close()
            self._batch = None

    def save(self, doc: Doc, pipeline: dict[str, str], run_id: int | None = None) -> None:
        """Add ``doc`` to the batch's part (call inside ``transaction``)."""
        if self._batch is None:
            raise StoreError("ParquetDataset.save outside a transaction", "wrap the batch in `with dataset.transaction():`")
        self._batch.save(doc, pipeline, run_id)
        self._written.append((doc.id, json.dumps(pipeline, sort_keys=True)))
        self._note_source(doc.source, doc.id, run_id)

    def add_source(self, source: str, doc_id: str, run_id: int | None = None) -> bool:
        """Record that ``source`` holds the written document ``doc_id``; False when already known."""
        if not self._note_source(source, doc_id, run_id):
            return False
        self._extra_sources.append((source, doc_id, run_id, _now()))
        return True

    # reading back

    def part_names(self) -> list[str]:
        """The parts the ledger knows, in the order they were written."""
        return [part for (part,) in self.db.execute("SELECT part FROM dataset_parts ORDER BY rowid")]

    def parts(self, table: str) -> list[Path]:
        """The files of ``table``, one per part, in the order they were written."""
        return [self.folder / table / f"{part}.parquet" for part in self.part_names()]

    # internals

    def _note_source(self, source: str, doc_id: str, run_id: int | None) -> bool:
        cursor = self.db.execute("INSERT OR IGNORE INTO dataset_sources VALUES (?, ?, ?, ?)",
                                 (source, doc_id, run_id, _now()))
        return cursor.rowcount > 0

    def _write_part(self) -> list[Path]:
        """Write the batch (and sources recorded outside it) as a new part; enter it in the ledger."""
        import pyarrow as pa

        from ..export.tables import arrow_table

        if not self._written and not self._extra_sources:
            return []
        part = f"part-{self._next_number():06d}"
        tables = {name: arrow_table(self._batch, name) for name in TABLES}
        if self._extra_sources:
            extra = pa.Table.from_pylist([dict(zip(tables["sources"].column_names, row)) for row in self._extra_sources],
                                         schema=tables["sources"].schema)
            tables["sources"] = pa.concat_tables([tables["sources"], extra])
        written = [self._write_table(name, part, table) for name, table in tables.items()]
        self.db.executemany("INSERT OR REPLACE INTO dataset_documents VALUES (?, ?, ?)",
                            [(doc_id, pipeline, part) for doc_id, pipeline in self._written])
        self.db.execute("INSERT INTO dataset_parts VALUES (?, ?, ?, ?)", (part, None, len(self._written), _now()))
        self._extra_sources = []
        return written

    def _write_table(self, name: str, part: str, table) -> Path:
        import pyarrow.parquet as pq

        folder = self.folder / name
        folder.mkdir(exist_ok=True)
        path, partial = folder / f"{part}.parquet", folder / f".{part}.parquet.partial"
        pq.write_table(table, partial, compression="zstd")
        os.replace(partial, path)
        return path

    def _next_number(self) -> int:
        row = self.db.execute("SELECT count(*) FROM dataset_parts").fetchone()
        return row[0] + 1

    def _sweep(self) -> None:
        """Delete parts the ledger does not know (a run killed between writing and entering them)."""
        known = {f"{part}.parquet" for (part,) in self.db.execute("SELECT part FROM dataset_parts")}
        for table in TABLES:
            folder = self.folder / table
            for path in sorted(folder.iterdir()) if folder.is_dir() else ():
                unfinished = path.name.startswith(".part-") and path.name.endswith(".partial")
                if unfinished or (path.name.startswith("part-") and path.name not in known):
                    path.unlink()

    def _refuse_other_versions(self, stages: dict[str, str]) -> None:
        row = self.db.execute("SELECT pipeline FROM dataset_documents WHERE pipeline != ? LIMIT 1",
                              (json.dumps(stages, sort_keys=True),)).fetchone()
        if row is not None:
            raise StoreError(f"{self.folder} holds documents written by other stage versions ({row[0]})",
                             "write to a new --parquet folder (parts are not rewritten), or ingest into a SQLite store")


def merge(folder: str | Path, store: Store, command: str | None = None) -> dict[str, int]:
    """Load the dataset at ``folder`` into ``store``, part by part (one transaction each), through the
    store's own ``save``; each document is indexed for copy detection. Documents the store holds with
    the same stage versions are left as they are. Returns counts of documents merged and left."""
    import pyarrow.parquet as pq

    from ..stages.dedup import DedupStage

    dataset = ParquetDataset(folder)
    counts = {"merged": 0, "unchanged": 0, "sources": 0}
    remember = DedupStage()
    index = remember.use_store(store)
    run_id = store.start_run(command or f"merge {folder}", {})
    status = "interrupted"
    try:
        for part in dataset.part_names():
            with store.transaction():
                for row in pq.read_table(dataset.folder / "documents" / f"{part}.parquet").to_pylist():
                    _merge_document(row, store, remember, run_id, counts)
                index.flush()
                for row in pq.read_table(dataset.folder / "sources" / f"{part}.parquet").to_pylist():
                    if store.has_document(row["document_id"]):
                        counts["sources"] += store.add_source(row["source"], row["document_id"], run_id)
        status = "done"
    finally:
        store.finish_run(run_id, status, counts, {})
        dataset.close()
    return counts


def _merge_document(row: dict, store: Store, remember, run_id: int, counts: dict[str, int]) -> None:
    pipeline = json.loads(row["pipeline"])
    if store.is_current(row["id"], pipeline):
        counts["unchanged"] += 1
        return
    doc = Doc.from_dict({**json.loads(row["record"]), "raw": row["raw"], "text": row["text"]})
    store.save(doc, pipeline, run_id)
    remember.remember(doc)
    counts["merged"] += 1
