"""Click options shared by the commands of several modules (``cli.py``, ``cli_bench.py``)."""

from __future__ import annotations

import click

from .readers import ReadOptions

#: How input is read: JSON Lines field names and the size cap (``ReadOptions``).
FIELD_OPTIONS = [
    click.option("--text-field", default="text", show_default=True, help="JSON Lines field holding the body."),
    click.option("--title-field", default="title", show_default=True, help="JSON Lines field holding the title."),
    click.option("--date-field", default="published", show_default=True, help="JSON Lines field holding the date."),
    click.option("--byline-field", default="byline", show_default=True, help="JSON Lines field holding the author."),
    click.option("--url-field", default="url", show_default=True, help="JSON Lines field holding the URL."),
    click.option("--id-field", default="id", show_default=True, help="JSON Lines field holding a record id."),
    click.option("--max-bytes", default=50_000_000, show_default=True, help="Largest file (or record) read."),
]


def read_options(**fields) -> ReadOptions:
    """The ``ReadOptions`` of the ``FIELD_OPTIONS`` a command was given."""
    return ReadOptions(**fields)
