"""The Dask engine: per-document stages as tasks on a ``dask.distributed`` cluster.

Each partition is one batch of documents (``batch_size``), sent to a worker as plain records
(``Doc.to_dict``). The worker builds the pipeline once per process from the pipeline's
``recipe`` (stage names and config, so the same code runs there, not a second implementation),
runs every stage that is not ``corpus_wide`` over the batch, and sends the records back with its
stage times. Here, partitions are taken back in input order and the corpus-wide stages (copy
detection and stories, against the store's index) run over each, exactly as the local engine runs
them over the same batch: the records are the same, and copies across partitions are found.
At most ``2 * workers`` partitions are in flight, so memory here stays bounded.

Without ``scheduler`` a ``LocalCluster`` of ``workers`` processes (one thread each) starts on this
machine; with it, the engine joins that cluster, whose workers need tieline and the spaCy model
installed (docs/scale.md).
"""

from __future__ import annotations

import json
import os
from collections import deque
from functools import lru_cache
from typing import Any, Iterable, Iterator

from ..errors import ConfigError
from ..pipeline import Pipeline, RunReport, chunks
from ..types import Doc


class DaskEngine:
    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - dask is a declared dependency
            raise ConfigError(f"the Dask engine needs dask.distributed ({error})",
                              "pip install 'dask[distributed]' in tieline's environment") from error
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        if scheduler:
            self.cluster = None
            self.client = Client(scheduler)
            self.workers = max(1, len(self.client.scheduler_info()["workers"]))  # the cluster's own
        else:
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)

    def batches(self, docs: Iterable[Doc], pipeline: Pipeline, batch_size: int, report: RunReport) -> Iterator[list[Doc]]:
        recipe = _recipe(pipeline)
        corpus_wide = [stage for stage in pipeline.stages if getattr(stage, "corpus_wide", False)]
        in_flight: deque = deque()
        for batch in chunks(docs, batch_size):
            in_flight.append(self.client.submit(run_partition, recipe, [doc.to_dict() for doc in batch], pure=False))
            if len(in_flight) >= 2 * self.workers:
                yield self._finish(in_flight.popleft(), corpus_wide, report)
        while in_flight:
            yield self._finish(in_flight.popleft(), corpus_wide, report)

    def warm_up(self, pipeline: Pipeline, docs: list[Doc]) -> None:
        """Build the pipeline on every worker and run ``docs`` through it there (model and tables loaded)."""
        recipe, records = _recipe(pipeline), [doc.to_dict() for doc in docs]
        self.client.run(lambda: run_partition(recipe, records) and None)

    def _finish(self, future, corpus_wide: list, report: RunReport) -> list[Doc]:
        records, seconds = future.result()
        report.seconds.update(seconds)
        docs = [Doc.from_dict(record) for record in records]
        for stage in corpus_wide:
            docs = _timed(stage, docs, report)
        return docs

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _recipe(pipeline: Pipeline) -> str:
    """The pipeline's recipe as the key workers build it from (JSON: hashable, sent cheaply)."""
    if pipeline.recipe is None:
        raise ConfigError("the Dask engine rebuilds the pipeline on its workers from its recipe",
                          "build the pipeline with tieline.registry.default_pipeline")
    return json.dumps([list(pipeline.recipe[0]), pipeline.recipe[1]], sort_keys=True)


def _timed(stage, docs: list[Doc], report: RunReport) -> list[Doc]:
    import time

    started = time.perf_counter()
    docs = list(stage.pipe(docs))
    report.seconds[stage.name] += time.perf_counter() - started
    return docs


def run_partition(recipe: str, records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """On a worker: the per-document stages over one partition; records and stage seconds back."""
    report = RunReport()
    docs = worker_pipeline(recipe).run_batch([Doc.from_dict(record) for record in records], report)
    return [doc.to_dict() for doc in docs], dict(report.seconds)


@lru_cache(maxsize=4)
def worker_pipeline(recipe: str) -> Pipeline:
    """The recipe's pipeline without its corpus-wide stages, built once per worker process."""
    from ..registry import default_pipeline

    names, config = json.loads(recipe)
    whole = default_pipeline(config, stages=names)
    return Pipeline([stage for stage in whole.stages if not getattr(stage, "corpus_wide", False)])
