"""The SQLite store: documents, what was removed from them, runs and read errors."""

from .sqlite import Store

__all__ = ["Store"]
