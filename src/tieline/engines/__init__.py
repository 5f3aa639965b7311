"""Engines: where the stages run. Each yields the processed documents batch by batch, in input order.

- :class:`LocalEngine` (the default): every stage in this process, one batch at a time.
- :class:`~tieline.engines.dask_engine.DaskEngine` (``--engine dask``): the stages that look at one
  document at a time run as Dask tasks on a ``dask.distributed`` cluster, one partition (a batch) per
  task; the corpus-wide stages (copy detection and stories) run here, over the partitions in input
  order, so documents in two partitions that copy each other are still found and the records equal
  the local engine's.

The store is written by the caller (:func:`tieline.ingest`), one batch per transaction.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from ..errors import ConfigError
from ..pipeline import Pipeline, RunReport, chunks
from ..types import Doc

ENGINES = ("local", "dask")


class LocalEngine:
    """Every stage in this process."""

    name = "local"

    def batches(self, docs: Iterable[Doc], pipeline: Pipeline, batch_size: int, report: RunReport) -> Iterator[list[Doc]]:
        for batch in chunks(docs, batch_size):
            yield pipeline.run_batch(batch, report)

    def warm_up(self, pipeline: Pipeline, docs: list[Doc]) -> None:
        """Load the model and every table (run ``docs`` through the stages) before timing anything."""
        pipeline.run_batch(docs)

    def close(self) -> None:
        pass


def make_engine(name: str = "local", scheduler: str | None = None, workers: int | None = None):
    """The engine called ``name``; ``scheduler`` and ``workers`` are for Dask."""
    if name == "local":
        if scheduler:
            raise ConfigError("--scheduler is for the Dask engine", "add --engine dask, or drop --scheduler")
        return LocalEngine()
    if name == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(scheduler=scheduler, workers=workers)
    raise ConfigError(f"unknown engine {name!r}", f"choose one of: {', '.join(ENGINES)}")
