"""What the corpus is: its documents, outlets, formats, languages, dates, copies and stages."""

from __future__ import annotations

import json

from ..errors import StoreError
from . import charts, lookups


def stage_versions(store) -> list[tuple[str, int]]:
    """The stage versions the documents were analysed by (``name@version, ...``), most documents first."""
    rows = store.db.execute("SELECT pipeline, count(*) AS n FROM documents GROUP BY pipeline ORDER BY n DESC, pipeline")
    return [(", ".join(sorted(json.loads(row["pipeline"]).values())), row["n"]) for row in rows]


def section(store) -> dict:
    """The corpus section; ``StoreError`` naming the fix when the store holds no documents."""
    totals = lookups.totals(store)
    if not totals["documents"]:
        raise StoreError(f"the store {store.path} has no documents", f"run `tieline ingest PATH --db {store.path}` first")
    first, last = lookups.date_range(store)
    months = lookups.months(store)
    outlets, languages = lookups.outlets(store), lookups.grouped(store, "language")
    return {
        **totals, "first": first, "last": last, "copy_list": lookups.copies(store),
        "languages": languages, "formats": lookups.grouped(store, "format"),
        "not_analysed": [(reason, n) for reason, n in lookups.grouped(store, "skipped") if reason],
        "outlets": outlets, "stages": stage_versions(store),
        "outlet_count": sum(1 for name, _ in outlets if name), "language_count": sum(1 for name, _ in languages if name),
        "charts": {"documents_per_month": charts.documents_per_month(months)} if months else {},
    }
