"""Commands that measure tieline: ``bench`` (the pipeline against the bare parse),
``bench-queries`` (the store's main queries on a synthetic million events) and ``bench-serve``
(concurrent clients against ``tieline serve``). Registered by ``cli.py``;
the figures go to docs/benchmarks.md, never into unit tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli_options import FIELD_OPTIONS, read_options
from .web.loadtest import LOOPBACK, MAX_CLIENTS, MAX_SECONDS


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--docs", type=int, default=None, help="Only the first N documents of the corpus (default: all).")
@click.option("--batch-size", default=64, show_default=True, help="Documents per batch (and per transaction).")
@click.option("--workers", type=int, default=1, show_default=True,
              help="Worker processes for tieline (over 1: the Dask engine on a local cluster).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, writable=True), help="Also write the result as JSON here.")
@click.option("--skip-sentences", is_flag=True, help="tieline parses only the sentences that can hold a record.")
@click.option("--replays", type=int, default=1, show_default=True,
              help="Feed the corpus this many times (each replay's texts end with a new line: new ids; "
                   "copy detection finds them). For 100,000 documents from the 22,000 of the corpora.")
@click.option("--no-bare", is_flag=True, help="Leave the bare parse out (memory and rates of tieline alone).")
def bench(paths, docs, batch_size, workers, json_out, skip_sentences, replays, no_bare, **read_args) -> None:
    """Time the whole pipeline against the bare spaCy parse of the same texts (docs/benchmarks.md).

    Example: tieline bench ../shared/data/corpora/bbc-news-2005/articles.jsonl.gz --docs 1000 --json bench.json
    """
    from .bench import format_bench, run_bench

    if replays < 1:
        raise click.BadParameter("give 1 or more", param_hint="--replays")
    result = run_bench(list(paths), docs, batch_size, read_options(**read_args), workers, skip_sentences,
                       replays, bare=not no_bare)
    click.echo(format_bench(result))
    if json_out:
        with open(json_out, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2)
            handle.write("\n")


for _option in reversed(FIELD_OPTIONS):
    bench = _option(bench)


@click.command("bench-queries")
@click.option("--events", default=1_000_000, show_default=True, help="Synthetic events to write.")
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
              help="Where the synthetic store goes (a new file; default: a temporary one, removed after).")
@click.option("--repeat", default=5, show_default=True, help="Timed runs of each query (after one warm-up).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, writable=True), help="Also write the result as JSON here.")
def bench_queries(events, db, repeat, json_out) -> None:
    """Time the pages' main queries on a synthetic store of many events (docs/benchmarks.md).

    Example: tieline bench-queries --events 1000000
    """
    import tempfile

    from .bench_store import format_timings, generate, time_queries

    with tempfile.TemporaryDirectory(prefix="tieline-queries-") as folder:
        path = db or str(Path(folder) / "synthetic.db")
        try:
            written = generate(path, events)
        except FileExistsError as error:
            raise click.ClickException(str(error)) from error
        timings = time_queries(path, repeat)
    click.echo(format_timings(written, timings))
    if json_out:
        with open(json_out, "w", encoding="utf-8") as handle:
            json.dump({"written": written, "queries": timings}, handle, indent=2)
            handle.write("\n")


@click.command("bench-serve")
@click.option("--db", type=click.Path(dir_okay=False, exists=True), default=None,
              help="The store to serve (default: the bundled sample corpus, ingested into a temporary store).")
@click.option("--clients", default=50, show_default=True, type=click.IntRange(1, MAX_CLIENTS),
              help="Concurrent clients, each asking again as soon as it is answered.")
@click.option("--seconds", default=30.0, show_default=True, type=click.FloatRange(1, MAX_SECONDS),
              help="How long the clients ask.")
@click.option("--host", default="127.0.0.1", show_default=True, type=click.Choice(LOOPBACK),
              help="Loopback address to serve on (no other is allowed).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, writable=True), help="Also write the report as JSON here.")
def bench_serve(db, clients, seconds, host, json_out) -> None:
    """Load `tieline serve` on the loopback address with concurrent clients over every API endpoint:
    requests per second, p50/p99 latency per endpoint and overall, and errors (docs/reliability.md).

    Example: tieline bench-serve --clients 50 --seconds 30 --json serve.json
    """
    import tempfile

    from .errors import TielineError
    from .web.loadtest import format_report, run_load

    with tempfile.TemporaryDirectory(prefix="tieline-serve-") as folder:
        try:
            report = run_load(db or _sample_store(Path(folder)), clients, seconds, host)
        except TielineError as error:
            raise click.ClickException(str(error)) from None
    click.echo(format_report(report))
    if json_out:
        with open(json_out, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)
            handle.write("\n")


def _sample_store(folder: Path) -> Path:
    """A store of the bundled sample corpus in ``folder``."""
    from . import api

    click.echo("tieline: ingesting the sample corpus into a temporary store", err=True)
    path = folder / "sample.db"
    api.ingest([api.sample_path()], path, command="demo")
    return path


COMMANDS = [bench, bench_queries, bench_serve]
