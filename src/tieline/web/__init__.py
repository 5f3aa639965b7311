"""``tieline serve``: the store as web pages and a JSON API (docs/web.md).

Importing this package loads nothing heavy; ``create_app`` imports FastAPI on first call.
"""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(db_path, timeout: float = 10.0):
    """The ASGI app over the store at ``db_path`` (``tieline.web.app.create_app``)."""
    from .app import create_app as make

    return make(db_path, timeout)
