"""A copy of the store for Datasette, with a ``metadata.json`` beside it (labels, descriptions, facets).

    datasette tieline-copy.db --metadata metadata.json

The copy is a consistent snapshot (SQLite's ``VACUUM INTO``) of every table; full-text search
works on documents and quotes; the dedup stage's index tables are hidden.

    >>> metadata("copy")["databases"]["copy"]["tables"]["events"]["facets"][:2]
    ['type', 'quad_class']
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ConfigError
from .tables import TABLES

#: Datasette settings per table, beside the descriptions of ``tables.TABLES``.
_TABLES = {
    "documents": {"label_column": "title", "facets": ["language", "format", "skipped", "truncated"],
                  "sort_desc": "published", "fts_table": "documents_fts", "fts_pk": "rowid"},
    "removed": {"facets": ["reason"]},
    "problems": {"facets": ["stage", "reason"]},
    "events": {"facets": ["type", "quad_class", "factual", "negated", "hypothetical", "claimed"], "sort": "date",
               "columns": {"quad_class": "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict",
                           "goldstein": "Goldstein score of the CAMEO code, -10 to +10",
                           "factual": "1 when none of the flags is set: what the text reports as having happened",
                           "sentence_start": "offset of the evidence sentence in the document's text"}},
    "event_actors": {"facets": ["role", "country", "type"]},
    "quotes": {"label_column": "text", "facets": ["kind", "speaker", "speaker_country", "attribution"], "sort": "date",
               "fts_table": "quotes_fts", "fts_pk": "rowid"},
    "document_actors": {"facets": ["type", "country", "in_kb"]},
    "mentions": {"facets": ["kind", "actor_id"]},
    "actors": {"label_column": "name", "facets": ["type", "country"], "sort_desc": "mentions"},
    "runs": {"facets": ["status"]},
}

#: Internal tables left out of Datasette's listing.
_HIDDEN = ("copy_index", "copy_bands", "story_actors", "migrations")


def metadata(name: str) -> dict:
    """Datasette's metadata for the database ``name``."""
    tables = {table: {"description": description, **_TABLES.get(table, {})} for table, description in TABLES.items()}
    tables.update({table: {"hidden": True} for table in _HIDDEN})
    return {
        "title": "tieline",
        "description": "Actors, quotes and events found in news by tieline, each traced to its sentence.",
        "databases": {name: {"tables": tables}},
    }


def write(store, out: Path) -> list[Path]:
    """Copy the store to the file ``out`` and write ``metadata.json`` beside it."""
    if out.exists() and out.resolve() == Path(store.path).resolve():
        raise ConfigError(f"{out} is the store itself", "give --out a new file for the copy")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    store.db.execute("VACUUM INTO ?", (str(out),))
    meta = out.parent / "metadata.json"
    meta.write_text(json.dumps(metadata(out.stem), indent=2) + "\n", encoding="utf-8")
    return [out, meta]
