"""A per-document time budget for the stages after the parse (actors, quotes, events; dedup apart).

The parse is bounded by length (``ParseStage.max_chars``: spaCy's time grows linearly with the
text). The stages after it are rule code over the parse, and some of their steps grow faster than
the text on pathological input (a 4,000-word run of "Putin said Xi said" costs half a minute in
the quotes stage). So each document gets ``seconds`` of those stages together: a stage runs its
document :func:`within` the budget, the methods call :func:`check` in their loops (a cooperative
check, cheap: one clock read), and a document that runs out is kept, marked with the problem
``over_time`` and ``skipped: over_time``, with what the stages before finished. Copy detection
(``dedup``) compares a document with the corpus, not with itself: it gets a budget of its own
(``shared=False``), and a document that runs out is marked but neither skipped nor lost.

    >>> import time
    >>> from tieline.testing import make_doc
    >>> doc = make_doc("Title\\n\\nBody.")
    >>> with within(doc, 1e-9, "quotes.rules.v2"):
    ...     time.sleep(0.001)
    ...     check()
    >>> doc.skipped, doc.problems[0].reason
    ('over_time', 'over_time')
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from .types import Doc, Problem

#: Seconds the stages after the parse may spend on one document, together (``--time-budget``).
TIME_BUDGET = 60.0
#: Where the seconds a document has spent so far are kept: the parse's ``user_data`` (transient).
SPENT = "tieline_seconds"
OVER_TIME = "over_time"

_deadline: ContextVar[float | None] = ContextVar("tieline_deadline", default=None)


class OverTime(Exception):
    """The running document has spent its time budget."""


def check() -> None:
    """Raise :class:`OverTime` when the document being processed has spent its budget."""
    deadline = _deadline.get()
    if deadline is not None and time.perf_counter() > deadline:
        raise OverTime()


def checked(items, every: int = 8) -> Iterator:
    """``items``, with a :func:`check` every ``every`` of them (for loops over tokens)."""
    for number, item in enumerate(items):
        if number % every == 0:
            check()
        yield item


@contextmanager
def within(doc: Doc, seconds: float | None, stage: str, shared: bool = True) -> Iterator[None]:
    """Run the block on what is left of ``doc``'s budget; mark the document when it runs out.

    ``seconds`` of ``None`` or 0 means no budget. The time spent adds up over the stages in
    ``doc.parsed.user_data``, so the budget is one for the document, not per stage; with
    ``shared`` false (copy detection, which compares the document with the corpus) the block has
    a budget of its own and a document that runs out is marked but not skipped.
    """
    store = doc.parsed.user_data if shared and doc.parsed is not None else {}
    spent = store.get(SPENT, 0.0)
    started = time.perf_counter()
    limited = bool(seconds and seconds > 0)
    token = _deadline.set(started + seconds - spent if limited else None)
    try:
        yield
    except OverTime:
        if shared:
            mark_over_time(doc, stage, seconds or 0.0)
        else:
            doc.problems.append(Problem(stage, OVER_TIME, f"copy detection spent its {seconds or 0.0:g} s budget for one "
                                        "document: it counts as a copy of none of the documents it was not compared "
                                        "with (raise --time-budget to compare it with all)"))
    finally:
        _deadline.reset(token)
        store[SPENT] = spent + time.perf_counter() - started


def mark_over_time(doc: Doc, stage: str, seconds: float) -> None:
    """Keep the document, with the reason its analysis stopped and what would lift the limit."""
    detail = (f"the stages after the parse spent their {seconds:g} s budget for one document; "
              f"this stage and the ones after it left it out (raise --time-budget to analyse it)")
    doc.problems.append(Problem(stage, OVER_TIME, detail))
    doc.skipped = doc.skipped or OVER_TIME
