"""The store as ``tieline.open`` gives it: every query method returns a ``pandas.DataFrame``.

``Explorer`` is a ``Store`` (it ingests, saves and searches the same way) whose ``documents()``
returns one page of documents as a table, like ``events()``, ``pairs()``, ``quotes()`` and
``actors()``; ``docs()`` iterates the stored ``Doc`` records as ``Store.documents()`` does.

    >>> explorer = Explorer(":memory:")
    >>> list(explorer.documents().columns[:3]), explorer.quotes().shape
    (['id', 'title', 'published'], (0, 24))
"""

from __future__ import annotations

from typing import Iterator

from ..types import Doc
from .sqlite import Store


class Explorer(Store):
    """A store opened for reading what it holds (``tieline.open``)."""

    def documents(self, actor: str | None = None, since: str | None = None, until: str | None = None,
                  search: str | None = None, text: bool = False, by_country: bool = True,
                  limit: int | None = None, offset: int = 0):
        """One page of documents, oldest first (best matches first with ``search``), with how many
        actors, quotes and events each holds (``tieline.store.queries.document_rows``)."""
        from .queries import DOCUMENT_FRAME, document_rows, frame

        rows = document_rows(self, actor, since, until, search, text, by_country, limit, offset)
        return frame(rows, (*DOCUMENT_FRAME, "text") if text else DOCUMENT_FRAME)

    def docs(self, limit: int | None = None) -> Iterator[Doc]:
        """Stored documents as ``Doc`` records, oldest first (``Store.documents``)."""
        return Store.documents(self, limit)
