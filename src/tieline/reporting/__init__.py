"""``tieline report``: one self-contained HTML page that tells a reader what a store's corpus says.

    >>> from tieline.reporting import build_report
    >>> build_report("tieline.db", "report.html")  # doctest: +SKIP
    PosixPath('report.html')

The page (docs/report.md) shows what the corpus is, the busiest pairs over time and their
balance of cooperation and conflict, who is quoted most and about whom, and the flagged claims
(negated, hypothetical, reported ...) apart from what happened; every event and quote it lists
names its document's id and title. Charts are Vega-Lite specs with their data inline, drawn by
the vendored vega libraries inlined in the page: it opens offline.

Modules: ``corpus``, ``pairs``, ``speakers``, ``claims`` gather one section each from
``tieline.store.queries`` (``lookups`` holds the few counts and labels the query layer does not
answer); ``charts`` builds the specs; ``build`` renders ``templates/report.html.j2``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError

__all__ = ["build_report", "render_report"]


def _existing(db: str | os.PathLike) -> Path:
    path = Path(db)
    if not path.exists():
        raise StoreError(f"no store at {path}", f"run `tieline ingest PATH --db {path}` first")
    return path


def render_report(db: str | os.PathLike) -> str:
    """The report on the store at ``db`` as an HTML string."""
    from ..api import open as open_store
    from .build import render

    with open_store(_existing(db)) as store:
        return render(store)


def build_report(db: str | os.PathLike, out: str | os.PathLike) -> Path:
    """Write the report on the store at ``db`` to ``out``; ``StoreError`` naming `tieline ingest`
    when there is no store there (it is never created) or it holds no documents."""
    from ..api import open as open_store
    from .build import write

    with open_store(_existing(db)) as store:
        return write(store, out)
