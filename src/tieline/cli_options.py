"""Click options shared by the commands of several modules (``cli.py``, ``cli_bench.py``)."""

from __future__ import annotations

import click

from .budget import TIME_BUDGET
from .readers import ReadOptions
from .stages.parse import MAX_CHARS

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


#: Per-document bounds of the pipeline (docs/cli.md, "Per-document bounds"): a document over one is
#: kept and marked with the reason (``too_long``, ``over_time``); the rest of its batch goes on.
BOUND_OPTIONS = [
    click.option("--max-chars", type=click.IntRange(min=1), default=MAX_CHARS, show_default=True,
                 help="Longest body parsed, in characters; a longer one is kept, unparsed, marked too_long."),
    click.option("--time-budget", type=click.FloatRange(min=0), default=TIME_BUDGET, show_default=True,
                 help="Seconds the stages after the parse may spend on one document (0: no limit); "
                      "a document over it is kept, marked over_time."),
]


def read_options(**fields) -> ReadOptions:
    """The ``ReadOptions`` of the ``FIELD_OPTIONS`` a command was given."""
    return ReadOptions(**fields)
