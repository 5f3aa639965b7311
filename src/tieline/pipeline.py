"""Stages, the pipeline that chains them, and the report of a run.

A stage is a small object with a versioned ``name`` ("clean.rules.v1"), the
``Doc`` fields it ``requires`` and the fields it ``assigns``, and a
``pipe(docs)`` method. ``Pipeline.check()`` proves, before any data flows, that
every field a stage requires is assigned by the reader or an earlier stage.

A stage that raises on one document does not lose it: the document gets a
``Problem`` naming the stage and is passed on, marked, to the next stage.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Protocol, Sequence, runtime_checkable

from .errors import PipelineError
from .types import Doc, Problem, ReadError

log = logging.getLogger(__name__)

#: Fields every reader fills before the first stage runs.
READER_ASSIGNS = ("id", "source", "raw", "format", "title", "published", "byline", "url", "encoding", "page_type", "dropped")


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def pipe(self, docs: Sequence[Doc]) -> Iterable[Doc]: ...


class DocStage:
    """Base for stages that work one document at a time.

    Subclasses set ``name``, ``requires``, ``assigns`` and implement
    ``process(doc)``. Documents marked ``skipped`` (not English, empty body)
    pass through untouched unless ``runs_on_skipped`` is true.
    """

    name = "stage.v0"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    runs_on_skipped = False
    #: A stage that compares each document with the whole corpus (copy detection) runs where every
    #: document passes, never on a partition of them (``tieline.engines``).
    corpus_wide = False

    def process(self, doc: Doc) -> None:
        raise NotImplementedError

    def pipe(self, docs: Sequence[Doc]) -> Iterator[Doc]:
        for doc in docs:
            if self.applies_to(doc):
                self._process_safely(doc)
            yield doc

    def applies_to(self, doc: Doc) -> bool:
        return self.runs_on_skipped or doc.skipped is None

    def _process_safely(self, doc: Doc) -> None:
        try:
            self.process(doc)
        except Exception as error:  # a bad document is marked, never dropped
            log.warning("%s: stage %s failed: %s", doc.source, self.name, error)
            doc.problems.append(Problem(self.name, "error", f"{type(error).__name__}: {error}"))
        else:
            doc.stages[self.name.split(".")[0]] = self.name


@dataclass
class RunReport:
    """What one run read, wrote and spent, stage by stage."""

    stages: dict[str, str] = field(default_factory=dict)
    documents: int = 0
    read_errors: list[str] = field(default_factory=list)
    #: ``read_errors`` counted by ``ReadError.reason`` (``tieline.types.READ_ERROR_REASONS``).
    read_reasons: Counter = field(default_factory=Counter)
    unchanged: int = 0
    truncated: int = 0
    skipped: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    problems: Counter = field(default_factory=Counter)
    repairs: int = 0
    actors: int = 0
    quotes: int = 0
    events: int = 0
    copies: Counter = field(default_factory=Counter)
    seconds: Counter = field(default_factory=Counter)
    sentences: int = 0
    unparsed: int = 0

    def add_read_error(self, error: ReadError) -> None:
        """Keep the error's line and count its reason."""
        self.read_errors.append(str(error))
        self.read_reasons[error.reason] += 1

    def count(self, doc: Doc) -> None:
        self.documents += 1
        self.truncated += doc.truncated
        self.repairs += len(doc.repairs)
        self.actors += len(doc.actors)
        self.quotes += len(doc.quotes)
        self.events += len(doc.events)
        self.sentences += len(doc.sentences)
        self.unparsed += len(doc.unparsed)
        if doc.copy_kind:
            self.copies[doc.copy_kind] += 1
        if doc.skipped:
            self.skipped[doc.skipped] += 1
        self.removed.update(item.reason for item in doc.removed)
        self.problems.update(f"{p.stage}: {p.reason}" for p in doc.problems)

    def to_dict(self) -> dict:
        return {
            "stages": self.stages,
            "documents": self.documents,
            "unchanged": self.unchanged,
            "read_errors": self.read_errors,
            "read_reasons": dict(self.read_reasons),
            "truncated": self.truncated,
            "skipped": dict(self.skipped),
            "removed": dict(self.removed),
            "problems": dict(self.problems),
            "repairs": self.repairs,
            "actors": self.actors,
            "quotes": self.quotes,
            "events": self.events,
            "copies": dict(self.copies),
            "sentences": self.sentences,
            "unparsed": self.unparsed,
            "seconds": {name: round(value, 3) for name, value in self.seconds.items()},
        }


class Pipeline:
    """An ordered list of stages, checked before it runs."""

    def __init__(self, stages: Sequence[Stage], recipe: tuple[tuple[str, ...], dict] | None = None):
        self.stages = list(stages)
        #: How to build this pipeline again in another process: stage names and their config
        #: (``registry.default_pipeline`` sets it; engines that run stages elsewhere need it).
        self.recipe = recipe
        self.check()

    @property
    def versions(self) -> dict[str, str]:
        return {stage.name.split(".")[0]: stage.name for stage in self.stages}

    def check(self) -> None:
        """Raise ``PipelineError`` when a stage needs a field nothing before it assigns."""
        available = set(READER_ASSIGNS)
        for stage in self.stages:
            missing = [name for name in stage.requires if name not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.name} requires {', '.join(missing)}; nothing before it assigns it",
                    "put a stage that assigns it first; `tieline stages` lists what each assigns",
                )
            available.update(stage.assigns)

    def run_batch(self, docs: list[Doc], report: RunReport | None = None) -> list[Doc]:
        """Run every stage over one batch; time each stage into ``report``.

        Transient fields (the spaCy parse) are released when the batch is done,
        so memory stays bounded by one batch.
        """
        for stage in self.stages:
            started = time.perf_counter()
            docs = list(stage.pipe(docs))
            if report is not None:
                report.seconds[stage.name] += time.perf_counter() - started
        for doc in docs:
            doc.parsed = None
        return docs

    def run(self, docs: Iterable[Doc], batch_size: int = 64, report: RunReport | None = None) -> Iterator[Doc]:
        """Stream documents through the stages, ``batch_size`` at a time."""
        for batch in chunks(docs, batch_size):
            yield from self.run_batch(batch, report)


def chunks(docs: Iterable[Doc], size: int) -> Iterator[list[Doc]]:
    """``docs`` in lists of ``size`` (the last may be shorter)."""
    batch: list[Doc] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
