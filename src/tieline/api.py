"""The Python API: what the CLI commands call.

    >>> import tieline
    >>> docs = list(tieline.analyze([tieline.sample_path() / "text"]))   # doctest: +SKIP
    >>> report = tieline.readers([tieline.sample_path()], db="tieline.db")  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import time
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from .readers import ReadOptions, read
from .pipeline import Pipeline, RunReport
from .engines import LocalEngine
from .registry import default_pipeline
from .errors import StoreError
from .store import Store
from .store.dataset import ParquetDataset, merge
from .store.explorer import Explorer
from .types import Doc, RawArticle, ReadError

log = logging.getLogger("tieline")

PathLike = str | os.PathLike


def sample_path() -> Path:
    """The folder of the bundled sample corpus (invented articles in every input format)."""
    return Path(str(resources.files("tieline").joinpath("sample", "corpus")))


def open(path: PathLike = "tieline.db") -> Explorer:  # noqa: A001 - mirrors sqlite3.connect / tieline.open
    """Open (or create) the store at ``path``; its ``events()``, ``pairs()``, ``quotes()``, ``actors()``
    and ``documents()`` return ``pandas.DataFrame`` pages (docs/exports.md, "Explore from Python")."""
    return Explorer(path)


#: ``RunReport.seconds`` keys for the time spent reading input and writing the store.
READ, STORE = "read", "store"


def _documents(paths: Iterable[PathLike], options: ReadOptions | None, report: RunReport,
               limit: int | None = None) -> Iterator[Doc]:
    """Readers' output as fresh ``Doc`` records (the first ``limit`` when given); read errors logged
    and counted; the time spent reading goes to ``report.seconds["read"]``."""
    items = iter(read(paths, options))
    made = 0
    while limit is None or made < limit:
        started = time.perf_counter()
        item = next(items, None)
        report.seconds[READ] += time.perf_counter() - started
        if item is None:
            return
        if isinstance(item, ReadError):
            log.warning("%s", item)
            report.add_read_error(item)
        elif isinstance(item, RawArticle):
            made += 1
            yield Doc.from_raw(item)


def analyze(
    paths: Iterable[PathLike],
    options: ReadOptions | None = None,
    pipeline: Pipeline | None = None,
    report: RunReport | None = None,
    batch_size: int = 64,
) -> Iterator[Doc]:
    """Read ``paths`` and run every stage; yield each document (bad ones marked, never dropped)."""
    pipeline = pipeline or default_pipeline()
    report = report if report is not None else RunReport()
    report.stages = pipeline.versions
    for doc in pipeline.run(_documents(paths, options, report), batch_size, report):
        report.count(doc)
        yield doc


def ingest(
    paths: Iterable[PathLike],
    db: "PathLike | Store | ParquetDataset" = "tieline.db",
    options: ReadOptions | None = None,
    pipeline: Pipeline | None = None,
    batch_size: int = 64,
    command: str = "ingest",
    progress=None,
    limit: int | None = None,
    engine=None,
) -> RunReport:
    """Read, analyse and store ``paths`` (the first ``limit`` documents when given); documents
    already stored by the same stages are not redone. ``engine`` runs the stages
    (:mod:`tieline.engines`; this process when None). ``db`` is a SQLite store (a path or a
    ``Store``) or a :class:`~tieline.store.dataset.ParquetDataset` (one Parquet part per batch)."""
    store = db if isinstance(db, (Store, ParquetDataset)) else Store(db)
    pipeline = pipeline or default_pipeline()
    engine = engine or LocalEngine()
    report = RunReport(stages=pipeline.versions)
    run_id = store.start_run(command, pipeline.versions)
    indexes = _store_indexes(pipeline, store)
    status = "interrupted"
    try:
        repeats: list[tuple[str, str]] = []
        fresh = _new_documents(_documents(paths, options, report, limit), store, pipeline.versions, report, run_id, repeats)
        stages, in_store = _split_in_store(pipeline)
        for batch in engine.batches(fresh, stages, batch_size, report):
            _store_batch(batch, store, pipeline, report, run_id, progress, indexes, repeats, in_store)
        _add_repeats(store, repeats, run_id)
        status = "done"
    finally:
        _finish_run(store, run_id, status, report)
        if store is not db:
            store.close()
    return report


def _finish_run(store: Store, run_id: int, status: str, report: RunReport) -> None:
    """Record the run's end and input errors; when the store cannot be written (the error that stopped
    the run, usually) say so in the log and let that error be the one reported."""
    try:
        with store.transaction():
            for message in report.read_errors:
                store.add_read_error(run_id, message.split(": ", 1)[0], message)
            store.finish_run(run_id, status, report.to_dict(), report.to_dict()["seconds"])
    except StoreError as error:
        log.warning("the run's summary was not recorded: %s", error)


def _new_documents(docs: Iterable[Doc], store: Store, versions: dict, report: RunReport, run_id: int,
                   repeats: list[tuple[str, str]]) -> Iterator[Doc]:
    """Skip documents stored by these stage versions, and repeats within this run (their sources
    go to ``repeats``: the first copy may not be stored yet)."""
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            repeats.append((doc.source, doc.id))
            report.unchanged += 1
        elif store.is_current(doc.id, versions):
            store.add_source(doc.source, doc.id, run_id)
            report.unchanged += 1
        else:
            seen.add(doc.id)
            yield doc


def _add_repeats(store: Store, repeats: list[tuple[str, str]], run_id: int) -> None:
    """Record the sources of repeated documents whose first copy is stored now; keep the others."""
    waiting = []
    for source, doc_id in repeats:
        if store.has_document(doc_id):
            store.add_source(source, doc_id, run_id)
        else:
            waiting.append((source, doc_id))
    repeats[:] = waiting


def _store_indexes(pipeline: Pipeline, store: Store) -> list:
    """Give stages that keep an index (dedup) the store's; return the indexes to flush per batch."""
    return [stage.use_store(store) for stage in pipeline.stages if hasattr(stage, "use_store")]


def _split_in_store(pipeline: Pipeline) -> tuple[Pipeline, list]:
    """The pipeline without its last corpus-wide stages (copy detection), and those stages: they run
    in each batch's write transaction, so they decide against every committed document, those of
    another ingest into the same store included (else two ingests at once miss copies across them)."""
    stages = list(pipeline.stages)
    tail: list = []
    while stages and getattr(stages[-1], "corpus_wide", False):
        tail.insert(0, stages.pop())
    return Pipeline(stages, pipeline.recipe), tail


def _store_batch(docs: list[Doc], store: Store, pipeline: Pipeline, report: RunReport, run_id: int, progress,
                 indexes: list = (), repeats: list[tuple[str, str]] | None = None, in_store: list = ()) -> None:
    started = time.perf_counter()
    with store.transaction():
        for stage in in_store:
            stage_started = time.perf_counter()
            docs = list(stage.pipe(docs))
            report.seconds[stage.name] += time.perf_counter() - stage_started
            started += time.perf_counter() - stage_started  # not the store's time
        for doc in docs:
            store.save(doc, pipeline.versions, run_id)
        for index in indexes:
            index.flush()
        if repeats:
            _add_repeats(store, repeats, run_id)
    report.seconds[STORE] += time.perf_counter() - started
    for doc in docs:
        report.count(doc)
    if progress is not None:
        progress.update(len(docs))
