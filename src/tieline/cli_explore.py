"""Commands that read the store: pairs, events, quotes, actors, export and report (registered by ``cli.py``).

Each is a few lines over ``tieline.store.queries`` (the functions the Python API and an HTTP
API call): a table a person reads on stdout, or ``--json`` / ``--csv`` for pipes.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import api

DB = click.option("--db", default="tieline.db", show_default=True, help="The SQLite store.")
SINCE = click.option("--since", help="First date: YYYY, YYYY-MM or YYYY-MM-DD.")
UNTIL = click.option("--until", help="Last date (inclusive): YYYY, YYYY-MM or YYYY-MM-DD.")
LIMIT = click.option("--limit", type=int, default=None, help="Most rows shown (default 1000 for lists, 20 for pairs).")
OFFSET = click.option("--offset", type=int, default=0, show_default=True, help="Rows skipped first (the next page).")
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
AS_CSV = click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
BY_ID = click.option("--by-id", is_flag=True, help="Match actors by id only: people and bodies do not count for their country.")


def _common(command):
    for option in reversed([DB, SINCE, UNTIL, LIMIT, OFFSET, AS_JSON, AS_CSV]):
        command = option(command)
    return command


def _open(db: str):
    """The store at ``db``; a missing file is an error naming the fix, never a new empty store."""
    if db != ":memory:" and not Path(db).exists():
        raise click.ClickException(f"no store at {db}; run `tieline ingest PATH --db {db}` first")
    return api.open(db)


def _echo(rows: list[dict], columns, table, as_json: bool, as_csv: bool) -> None:
    """Rows as a table (``table(rows)``), JSON or CSV on stdout; how many to stderr."""
    from .aggregate import output

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if as_json:
        click.echo(output.to_json(rows))
    elif as_csv:
        click.echo(output.to_csv(rows, columns), nl=False)
    elif rows:
        click.echo(table(rows))
    click.echo(f"tieline: {len(rows)} row{'' if len(rows) == 1 else 's'}", err=True)


def _grid(cells: dict, left):
    """A ``table`` for ``_echo``: ``output.grid`` with these cells."""
    from .aggregate import output

    return lambda rows: output.grid(rows, cells, left)


def _num(value, form: str = "{:+.1f}") -> str:
    return "-" if value is None else form.format(value)


def _short(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


#: Terminal tables: header -> how the cell is made from a row.
PAIR_CELLS = {
    "pair": lambda r: f"{r['a']}-{r['b']}", "events": lambda r: str(r["events"]),
    "a->b": lambda r: str(r["a_to_b"]), "b->a": lambda r: str(r["b_to_a"]),
    **{q: (lambda r, q=q: str(r[q])) for q in ("q1", "q2", "q3", "q4")},
    "net": lambda r: f"{r['net_cooperation_count']:+d}", "goldstein": lambda r: _num(r["goldstein_sum"]),
    "stories": lambda r: str(r["stories"]), "first": lambda r: r["first"] or "-", "last": lambda r: r["last"] or "-",
}
EVENT_CELLS = {
    "date": lambda r: r["date"] or "none", "type": lambda r: r["type"] or "", "q": lambda r: str(r["quad_class"] or ""),
    "goldstein": lambda r: _num(r["goldstein"]),
    "who": lambda r: f"{' '.join(r['sources'])} -> {' '.join(r['targets']) or '?'}",
    "flags": lambda r: ",".join(f for f in ("negated", "hypothetical", "future", "claimed", "historical") if r[f]) or "factual",
    "trigger": lambda r: r["trigger"] or "", "event": lambda r: r["event_id"],
}
QUOTE_CELLS = {
    "date": lambda r: r["date"] or "none", "speaker": lambda r: _short(r["speaker"], 28), "kind": lambda r: r["kind"] or "",
    "quote": lambda r: _short(r["text"]), "id": lambda r: r["quote_id"],
}
ACTOR_CELLS = {
    "actor": lambda r: r["actor_id"], "name": lambda r: _short(r["name"], 32), "type": lambda r: r["type"] or "",
    "country": lambda r: r["country"] or "", **{k: (lambda r, k=k: str(r[k])) for k in ("documents", "mentions", "events", "quotes")},
}


@click.command()
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--actor", help="Busiest partners of this actor (same as giving A alone).")
@click.option("--by", type=click.Choice(["day", "week", "month", "quarter", "year"]), default=None,
              help="Count the pair per period and direction (month when B is given).")
@click.option("--include", default="", help="Also count flagged events: negated, hypothetical, future, claimed, historical, or all.")
@click.option("--directed", is_flag=True, help="Only A -> B, not B -> A.")
@BY_ID
@_common
def pairs(a, b, actor, by, include, directed, by_id, db, since, until, limit, offset, as_json, as_csv) -> None:
    """The busiest pairs of actors (of A, or of the store), or what A and B did to each other per period.

    Example: tieline pairs CHN RUS --by month --db tieline.db
    """
    from .aggregate import output
    from .aggregate.relations import COLUMNS, PAIR_COLUMNS
    from .store.queries import pair_rows

    kinds = ",".join(["factual", include]) if include else "factual"
    over_time = bool(b or by)
    with _open(db) as store:
        rows = pair_rows(store, a or actor, b, by, since, until, kinds, directed, not by_id,
                         limit or (None if over_time else 20), offset)
    if over_time:
        _echo(rows, COLUMNS, output.table, as_json, as_csv)
    else:
        _echo(rows, PAIR_COLUMNS, _grid(PAIR_CELLS, ("pair", "first", "last")), as_json, as_csv)


@click.command()
@click.option("--actor", help="Events with this actor as source or target (an id or ISO-3 code).")
@click.option("--type", "types", multiple=True, help="PLOVER event type (repeatable), e.g. SANCTION.")
@click.option("--include", default="all", show_default=True,
              help="Kinds of event: factual, negated, hypothetical, future, claimed, historical (comma-separated) or all.")
@BY_ID
@_common
def events(actor, types, include, by_id, db, since, until, limit, offset, as_json, as_csv) -> None:
    """The stored events, oldest first, with their actors and flags.

    Example: tieline events --actor CHN --since 2024-01 --db tieline.db
    """
    from .aggregate.events import COLUMNS
    from .store.queries import event_rows

    with _open(db) as store:
        rows = event_rows(store, actor, since, until, list(types) or None, include, not by_id, limit, offset)
    _echo(rows, COLUMNS, _grid(EVENT_CELLS, ("date", "type", "who", "flags", "trigger", "event")), as_json, as_csv)


@click.command()
@click.option("--speaker", help="An actor id, or words of the speaker's name.")
@click.option("--actor", help="Quotes whose speaker is this actor or of this country.")
@click.option("--about", help="Quotes that mention this actor (or an actor of this country).")
@click.option("--kind", type=click.Choice(["direct", "partial", "indirect"]), help="Only this kind of quote.")
@click.option("--search", help="Full-text search over quotes and speakers (SQLite FTS5 syntax).")
@BY_ID
@_common
def quotes(speaker, actor, about, kind, search, by_id, db, since, until, limit, offset, as_json, as_csv) -> None:
    """The stored quotes with their speakers, oldest first (best matches first with --search).

    Example: tieline quotes --speaker "Xi Jinping" --db tieline.db
    """
    from .store.queries import QUOTE_FRAME, quote_rows

    with _open(db) as store:
        rows = quote_rows(store, speaker, actor, about, since, until, kind, search, None, not by_id, limit, offset)
    _echo(rows, QUOTE_FRAME, _grid(QUOTE_CELLS, ("date", "speaker", "kind", "quote", "id")), as_json, as_csv)


@click.command()
@click.option("--type", "kind", type=click.Choice(["state", "person", "organization", "group"]), help="Only this type of actor.")
@click.option("--country", help="Only actors of this country (ISO-3).")
@click.option("--search", help="Words of the actor's name, or its id.")
@_common
def actors(kind, country, search, db, since, until, limit, offset, as_json, as_csv) -> None:
    """The actors of the store, most mentioned first, with their documents, mentions, events and quotes.

    Example: tieline actors --type person --db tieline.db
    """
    from .store.queries import ACTOR_FRAME, actor_rows

    with _open(db) as store:
        rows = actor_rows(store, kind, country, search, since, until, limit, offset)
    _echo(rows, ACTOR_FRAME, _grid(ACTOR_CELLS, ("actor", "name", "type", "country")), as_json, as_csv)


@click.command()
@click.argument("format", type=click.Choice(["parquet", "csv", "gdelt", "plover", "gexf", "sqlite"]))
@DB
@click.option("--out", required=True, type=click.Path(), help="Where to write: a folder (parquet, csv) or a file.")
def export(format, db, out) -> None:  # noqa: A002 - the command's argument
    """Write the store for another tool: Parquet, CSV, GDELT 2.0 events, PLOVER JSON Lines, GEXF, Datasette.

    Example: tieline export parquet --db tieline.db --out tables/
    """
    from .export import export as write

    with _open(db) as store:
        paths = write(store, format, out)
    for path in paths:
        click.echo(str(path))
    click.echo(f"tieline: {format} export written ({len(paths)} files)", err=True)


@click.command()
@DB
@click.option("--out", default="report.html", show_default=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (one self-contained page).")
def report(db, out) -> None:
    """Write one self-contained HTML page on what the store's corpus says: its pairs over time, cooperation
    and conflict, who is quoted most, and the flagged claims apart (docs/report.md).

    Example: tieline report --db tieline.db --out report.html
    """
    from .reporting import build_report

    if not Path(db).exists():
        raise click.ClickException(f"no store at {db}; run `tieline ingest PATH --db {db}` first")
    path = build_report(db, out)
    click.echo(str(path))
    click.echo(f"tieline: report written ({path.stat().st_size:,} bytes)", err=True)


COMMANDS = (pairs, events, quotes, actors, export, report)

