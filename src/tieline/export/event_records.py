"""The events of the store with what event exports need: their actors, document and sentence.

    >>> from tieline.store import Store
    >>> from tieline.testing import make_doc
    >>> store = Store(":memory:")
    >>> doc = make_doc("China warned Japan. More text.", published="2024-03-05")
    >>> doc.text = doc.raw
    >>> doc.events = [{"id": doc.id + ":e0", "type": "THREATEN", "cameo": "130", "quad_class": 3,
    ...                "sentence_start": 0, "sentence_end": 19,
    ...                "source": [{"id": "CHN", "country": "CHN"}], "target": [{"id": "JPN", "country": "JPN"}]}]
    >>> with store.transaction():
    ...     store.save(doc, {})
    >>> (record,) = event_records(store)
    >>> record.event["type"], record.sentence, record.articles
    ('THREATEN', 'China warned Japan.', 1)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator

_EVENTS = """
    SELECT e.event_id, e.record, e.date, e.sentence_start, e.sentence_end, d.id AS document_id, d.url, d.source,
           d.updated_at, d.published, d.text, d.duplicate_of,
           json_extract(d.record, '$.sentences[0].start') AS first_sentence,
           (SELECT count(*) FROM documents c WHERE c.duplicate_of = d.id) AS copies
    FROM events e JOIN documents d ON d.id = e.document_id
    WHERE {where}
    ORDER BY e.date IS NULL, e.date, e.rowid
"""


@dataclass(frozen=True)
class EventRecord:
    """One stored event, its document's url and date added, and the sentence it comes from."""

    number: int
    event: dict
    date: str | None
    document_id: str
    url: str | None
    added: str
    sentence: str
    is_root: bool
    articles: int


def _sentence(text: str, start, end) -> str:
    """The evidence sentence on one line (tabs and line breaks as spaces)."""
    if start is None or end is None:
        return ""
    return " ".join(text[start:end].split())


def event_records(store, copies: bool = False) -> Iterator[EventRecord]:
    """Every stored event, oldest first; the events of a document marked as a copy only with ``copies``
    (its original's events count the copy in ``articles``)."""
    where = "1" if copies else "d.duplicate_of IS NULL"
    for number, row in enumerate(store.db.execute(_EVENTS.format(where=where)), start=1):
        yield EventRecord(
            number=number,
            event=json.loads(row["record"]),
            date=row["date"],
            document_id=row["document_id"],
            url=row["url"] or row["source"],
            added=row["updated_at"],
            sentence=_sentence(row["text"], row["sentence_start"], row["sentence_end"]),
            is_root=row["sentence_start"] is not None and row["sentence_start"] == row["first_sentence"],
            articles=1 + row["copies"],
        )
