"""Thin commands over the Python API. Data goes to stdout, logs and progress to stderr."""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import api
from .cli_bench import COMMANDS as BENCH_COMMANDS
from .cli_explore import COMMANDS as EXPLORE_COMMANDS
from .cli_options import BOUND_OPTIONS, FIELD_OPTIONS, read_options
from .web.cli import serve
from .errors import TielineError
from .readers import ReadOptions
from .pipeline import RunReport
from .registry import DEFAULT_STAGES, default_pipeline
from .report import format_summary


#: Shared by every command that runs the pipeline.
ACTOR_TABLES = click.option("--actor-tables", multiple=True, type=click.Path(file_okay=False, exists=True),
                            help="A folder of your own actor tables (repeatable); see docs/actors.md.")


def _read_options(command):
    """Options shared by every command that reads input files."""
    options = [
        *FIELD_OPTIONS,
        click.option("--stages", default=",".join(DEFAULT_STAGES), show_default=True, help="Stages to run, in order."),
        click.option("--batch-size", default=64, show_default=True, help="Documents per batch (and per transaction)."),
        ACTOR_TABLES,
        click.option("--strict", is_flag=True, help="Exit non-zero on any input error."),
        click.option("--profile", type=click.Path(dir_okay=False, writable=True),
                     help="Write a cProfile file of the run here (open it with snakeviz)."),
        click.option("--skip-sentences", is_flag=True,
                     help="Parse only the sentences that can hold a record (faster; see docs/benchmarks.md for what it costs)."),
        *BOUND_OPTIONS,
        click.argument("paths", nargs=-1, required=True),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _exit_code(report: RunReport, strict: bool) -> int:
    """docs/cli.md, "Exit codes": 1 when no document was analysed or found already stored, or with
    ``--strict`` when any input could not be read; else 0 (input errors are named on stderr and counted)."""
    nothing_done = report.documents == 0 and report.unchanged == 0
    return 1 if nothing_done or (strict and report.read_errors) else 0


@click.group()
@click.option("-v", "--verbose", count=True, help="More log lines on stderr (-vv for debug).")
@click.version_option(package_name="tieline")
def cli(verbose: int) -> None:
    """tieline: who stands with whom in international news."""
    _configure_logging([logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)])


def _configure_logging(level: int) -> None:
    """Log lines go to this invocation's stderr, one line each, prefixed ``tieline:``."""
    logger = logging.getLogger("tieline")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("tieline: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


@cli.command()
@_read_options
@click.option("--json", "out", type=click.File("w", encoding="utf-8"), default="-", help="Write JSON Lines here.")
@click.option("--explain", is_flag=True, help="Print each document's lines, kept or removed with the reason, "
              "instead of JSON (JSON still goes to a file named by --json).")
def analyze(paths, out, stages, batch_size, actor_tables, strict, explain, profile, skip_sentences, max_chars, time_budget,
            **read_args) -> None:
    """Analyse files and print one JSON object per document (nothing is stored).

    Example: tieline analyze article.txt feed.xml --json docs.jsonl
    """
    from .explain import explain as explained

    report = RunReport()
    pipeline = _pipeline(stages, actor_tables, skip_sentences, max_chars, time_budget)
    to_file = getattr(out, "name", "<stdout>") != "<stdout>"
    with _profiled(profile):
        for doc in api.analyze(paths, read_options(**read_args), pipeline, report, batch_size):
            if explain:
                click.echo(explained(doc) + "\n")
            if to_file or not explain:
                out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
    click.echo(format_summary(report), err=True)
    sys.exit(_exit_code(report, strict))


@cli.command()
@_read_options
@click.option("--db", default="tieline.db", show_default=True, help="The SQLite store.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the stages run: this process, or a dask.distributed cluster (docs/scale.md).")
@click.option("--scheduler", help="With --engine dask: the address of a running Dask scheduler (default: a local cluster).")
@click.option("--workers", type=int, help="With --engine dask and no --scheduler: worker processes to start (default 2).")
@click.option("--parquet", "parquet", type=click.Path(file_okay=False),
              help="Write the records to this Parquet dataset folder instead of --db (docs/scale.md).")
def ingest(paths, db, stages, batch_size, actor_tables, strict, profile, skip_sentences, max_chars, time_budget, engine,
           scheduler, workers, parquet, **read_args) -> None:
    """Analyse files and keep the results in the store; a second run adds only what is new.

    Example: tieline ingest news/ --db tieline.db
    """
    from .engines import make_engine

    pipeline = _pipeline(stages, actor_tables, skip_sentences, max_chars, time_budget)
    runner = make_engine(engine, scheduler, workers)
    try:
        with _profiled(profile):
            target = api.ParquetDataset(parquet) if parquet else db
            report = _ingest(paths, target, pipeline, read_options(**read_args), "ingest " + " ".join(paths), batch_size, runner)
    finally:
        runner.close()
    sys.exit(_exit_code(report, strict))


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default="tieline.db", show_default=True, help="The SQLite store to merge into.")
def merge(folder, db) -> None:
    """Merge a Parquet dataset written by `tieline ingest --parquet` into the store.

    Example: tieline merge dataset/ --db tieline.db
    """
    with api.Store(db) as store:
        counts = api.merge(folder, store, command=f"merge {folder}")
    click.echo(f"merged {counts['merged']} documents into {db} ({counts['unchanged']} already there, "
               f"{counts['sources']} sources)", err=True)


@cli.command()
@click.option("--db", default="tieline.db", show_default=True, help="The SQLite store.")
def demo(db) -> None:
    """Ingest the bundled sample corpus into the store and print the summary.

    Example: tieline demo --db tieline.db
    """
    report = _ingest([str(api.sample_path())], db, default_pipeline(), ReadOptions(), "demo")
    sys.exit(_exit_code(report, strict=False))


@contextmanager
def _profiled(path: str | None):
    """Profile the block into ``path`` (cProfile's format: snakeviz, or pstats); nothing when None."""
    if not path:
        yield
        return
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        profiler.dump_stats(path)
        click.echo(f"tieline: profile written to {path} (open it with `snakeviz {path}`)", err=True)


def _pipeline(stages: str, actor_tables=(), skip_sentences: bool = False, max_chars: int | None = None,
              time_budget: float | None = None):
    """The default pipeline's stages named in ``stages``, configured (JSON-ready: the Dask engine rebuilds it).
    ``max_chars`` and ``time_budget`` are the per-document bounds; ``None`` keeps each stage's default."""
    tables = {"tables": tuple(actor_tables)}
    budget = {} if time_budget is None else {"time_budget": time_budget}
    parse = {**tables, "skip": skip_sentences, **({} if max_chars is None else {"max_chars": max_chars})}
    config = {"actors": {**tables, **budget}, "parse": parse, "quotes": budget, "events": budget, "dedup": budget}
    return default_pipeline(config, stages=stages.split(","))


def _ingest(paths, db, pipeline, options, command, batch_size=64, engine=None) -> RunReport:
    from tqdm import tqdm

    from .readers.count import count_documents

    shown = sys.stderr.isatty()
    total = count_documents(paths) if shown else None  # a cheap scan, for the time left
    with tqdm(total=total, unit=" docs", file=sys.stderr, disable=not shown, leave=False, smoothing=0.1) as progress:
        report = api.ingest(paths, db, options, pipeline, batch_size, command=command, progress=progress, engine=engine)
    click.echo(format_summary(report, db=db), err=True)
    return report


@cli.command()
def stages() -> None:
    """List the registered stages with what each reads and writes.

    Example: tieline stages
    """
    from . import registry

    for name in registry.names():
        stage_class = registry._factories[name]
        click.echo(f"{name}\n  requires: {', '.join(stage_class.requires)}\n  assigns:  {', '.join(stage_class.assigns)}")


@cli.command()
@click.argument("doc_id")
@click.option("--db", default="tieline.db", show_default=True, help="The SQLite store.")
def show(doc_id, db) -> None:
    """Print one stored document as JSON.

    Example: tieline show 3f2a9c0d1e2b4a5f --db tieline.db
    """
    with api.open(db) as store:
        try:
            doc = store.get(doc_id)
        except KeyError:
            raise click.ClickException(f"no document {doc_id} in {db}; `tieline search` finds ids") from None
    click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("query")
@click.option("--db", default="tieline.db", show_default=True, help="The SQLite store.")
@click.option("--limit", default=20, show_default=True, help="Most results shown.")
def search(query, db, limit) -> None:
    """Full-text search over stored titles and bodies (SQLite FTS5 syntax).

    Example: tieline search 'sanctions NEAR/5 banks' --db tieline.db
    """
    with api.open(db) as store:
        for hit in store.search(query, limit):
            click.echo(f"{hit['id']}  {hit['published'] or '----------'}  {hit['title']}\n    {hit['snippet']}")


@cli.command()
@click.option("--db", default="tieline.db", show_default=True, help="The SQLite store.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def runs(db, as_json) -> None:
    """List the runs recorded in the store, with their stage versions and counts.

    Example: tieline runs --db tieline.db
    """
    with api.open(db) as store:
        rows = store.runs()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        counts = row["counts"] or {}
        click.echo(f"{row['id']:>4}  {row['started_at']}  {row['status']:<11}  {counts.get('documents', 0):>6} new  "
                   f"{counts.get('unchanged', 0):>6} unchanged  {len(counts.get('read_errors', [])):>4} errors  {row['command']}")


@cli.command()
@click.argument("a")
@click.argument("b", required=False)
@click.option("--db", default="tieline.db", show_default=True, help="The SQLite store.")
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="month", show_default=True,
              help="Count per day, ISO week or month.")
@click.option("--since", help="First date counted: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--until", help="Last date counted (inclusive): YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--include", default="", help="Also count flagged events (comma-separated): negated, hypothetical, "
              "future, claimed, historical, or all.")
@click.option("--directed", is_flag=True, help="Only A -> B, not B -> A.")
@click.option("--by-id", is_flag=True, help="Match actors by id only: people and bodies do not count for their country.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
def relations(a, b, db, by, since, until, include, directed, by_id, as_json, as_csv) -> None:
    """What A and B did to each other, per period and direction (every partner of A without B).

    Example: tieline relations CHN RUS --by month --db tieline.db
    """
    from .aggregate import output, relation_rows

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if db != ":memory:" and not Path(db).exists():
        raise click.ClickException(f"no store at {db}; run `tieline ingest PATH --db {db}` first")
    kinds = ",".join(["factual", include]) if include else "factual"
    with api.open(db) as store:
        rows = relation_rows(store, a, b, by, directed, kinds, since, until, by_country=not by_id)
    click.echo(output.to_json(rows) if as_json else output.to_csv(rows) if as_csv else output.table(rows), nl=not as_csv)
    click.echo(f"tieline: {output.footnote(rows, kinds)}", err=True)


for _command in (*EXPLORE_COMMANDS, *BENCH_COMMANDS):  # pairs, events, quotes, actors, export, report; bench
    cli.add_command(_command)
cli.add_command(serve)


@cli.group("eval")
def evaluate() -> None:
    """Score tieline against public gold data (floors in eval/floors.json).

    Example: tieline eval markkula --markdown
    """


def _markkula_options(default_out: str):
    """Options of the commands scored on the Markkula set."""
    def decorate(command):
        for option in reversed([
            click.option("--data", default="../shared/data/anchors/quotes/markkula-journ-sourcing", show_default=True,
                         type=click.Path(file_okay=False), help="The Markkula set's folder (SOURCE.md, articles/, gt/)."),
            click.option("--out", default=default_out, show_default=True,
                         help="Where the JSON with every number and per-article rows goes."),
            click.option("--markdown", is_flag=True, help="Print the table of docs/benchmarks.md instead of JSON."),
            ACTOR_TABLES,
        ]):
            command = option(command)
        return command
    return decorate


def _report_markkula(harness, data, out, markdown, actor_tables) -> None:
    result = harness.evaluate(data, _pipeline(",".join(DEFAULT_STAGES), actor_tables))
    path = harness.write_json(result, out)
    click.echo(harness.markdown_table(result) if markdown else json.dumps(harness.summary(result), ensure_ascii=False, indent=2))
    click.echo(f"tieline: per-article rows in {path}; floors at this measurement: {json.dumps(harness.floors(result))}", err=True)


@evaluate.command("markkula")
@_markkula_options("eval/results/markkula-actors.json")
def eval_markkula(data, out, markdown, actor_tables) -> None:
    """Score speaker names and titles against the Markkula journalistic-sourcing set.

    Example: tieline eval markkula --markdown
    """
    from .evaluation import markkula

    _report_markkula(markkula, data, out, markdown, actor_tables)


@evaluate.command("markkula-quotes")
@_markkula_options("eval/results/markkula-quotes.json")
def eval_markkula_quotes(data, out, markdown, actor_tables) -> None:
    """Score quotes against the Markkula set: statements found, speaker names and titles.

    Example: tieline eval markkula-quotes --markdown
    """
    from .evaluation import markkula_quotes

    _report_markkula(markkula_quotes, data, out, markdown, actor_tables)


@evaluate.command("polnear")
@click.option("--sentences", is_flag=True, help="Only CofeNet's sentence-level test split.")
@click.option("--documents", is_flag=True, help="Only the PolNeAR test articles (speaker-quote pairs).")
@click.option("--limit", type=int, default=None, help="Only the first N sentences and the first N articles.")
@click.option("--sentence-data", default="../shared/data/anchors/quotes/cofenet-polnear/res/polnear", show_default=True,
              type=click.Path(file_okay=False), help="The folder of CofeNet's test.txt.")
@click.option("--polnear-data", default="../shared/data/anchors/quotes/polnear", show_default=True,
              type=click.Path(file_okay=False), help="The PolNeAR folder (SOURCE.md, data/).")
@click.option("--out", default="eval/results/polnear.json", show_default=True,
              help="Where the JSON with every number and per-item rows goes.")
@click.option("--markdown", is_flag=True, help="Print the tables of docs/benchmarks.md instead of JSON.")
@ACTOR_TABLES
def eval_polnear(sentences, documents, limit, sentence_data, polnear_data, out, markdown, actor_tables) -> None:
    """Score quote attribution (sources, cues, contents) against PolNeAR.

    Example: tieline eval polnear --markdown
    """
    from .evaluation import polnear

    both = not (sentences or documents)
    pipeline = _pipeline(",".join(DEFAULT_STAGES), actor_tables)
    result = polnear.run(sentences or both, documents or both, limit, sentence_data, polnear_data, pipeline)
    path = polnear.write_json(result, out)
    click.echo(polnear.markdown(result) if markdown else json.dumps(polnear.summary(result), ensure_ascii=False, indent=2))
    click.echo(f"tieline: per-item rows in {path}; floors at this measurement: "
               f"{json.dumps(polnear.floors(result['metrics']))}", err=True)


def _event_options(data: str, data_help: str, out: str):
    """Options of the commands scored on event gold data (``tieline eval plover|zsp|petrarch``)."""
    def decorate(command):
        for option in reversed([
            click.option("--data", default=data, show_default=True, type=click.Path(), help=data_help),
            click.option("--limit", type=int, default=None, help="Only the first N items (per suite for petrarch)."),
            click.option("--out", default=out, show_default=True, help="Where the JSON with every number and per-item rows goes."),
            click.option("--markdown", is_flag=True, help="Print the tables of docs/benchmarks.md instead of JSON."),
            ACTOR_TABLES,
        ]):
            command = option(command)
        return command
    return decorate


def _report_events(harness, result, out, markdown) -> None:
    path = harness.write_json(result, out)
    click.echo(harness.markdown(result) if markdown else json.dumps(harness.summary(result), ensure_ascii=False, indent=2))
    click.echo(f"tieline: per-item rows in {path}; floors at this measurement: "
               f"{json.dumps(harness.floors(harness.metrics(result)))}", err=True)


@evaluate.command("plover")
@_event_options("../shared/data/anchors/events/plover-gsr/PLOVER_GSR_CAMEO.normalized.jsonl",
                "The PLOVER gold records (PLOVER_GSR_CAMEO.normalized.jsonl).", "eval/results/plover.json")
def eval_plover(data, limit, out, markdown, actor_tables) -> None:
    """Score events against the PLOVER gold records: type, actor countries, dyads.

    Example: tieline eval plover --markdown
    """
    from .evaluation import plover_gsr

    result = plover_gsr.evaluate(data, _pipeline(",".join(DEFAULT_STAGES), actor_tables), limit)
    _report_events(plover_gsr, result, out, markdown)


@evaluate.command("zsp")
@_event_options("../shared/data/anchors/events/zsp-plv/PLV_test.tsv", "The ZSP PLV test file (PLV_test.tsv).",
                "eval/results/zsp.json")
def eval_zsp(data, limit, out, markdown, actor_tables) -> None:
    """Score event classes against the ZSP PLV test set, given its gold actor spans.

    Example: tieline eval zsp --markdown
    """
    from .evaluation import zsp

    result = zsp.evaluate(data, _pipeline(",".join(DEFAULT_STAGES), actor_tables), limit)
    _report_events(zsp, result, out, markdown)


@evaluate.command("petrarch")
@_event_options("../shared/data/anchors/events/petrarch-validation", "The petrarch-validation folder.",
                "eval/results/petrarch.json")
@click.option("--suite", "suites", multiple=True, type=click.Choice(["unit", "ud", "gsr"]),
              help="Only this suite (repeatable; default: all three).")
def eval_petrarch(data, limit, out, markdown, actor_tables, suites) -> None:
    """Run the PETRARCH validation suites as behaviour tests (closeness to PETRARCH-2, not accuracy).

    Example: tieline eval petrarch --suite gsr --markdown
    """
    from .evaluation import petrarch

    result = petrarch.evaluate(data, limit=limit, suites=suites or None, actor_tables=actor_tables)
    _report_events(petrarch, result, out, markdown)


@evaluate.command("paraphrase")
@click.option("--data", default="../shared/data/anchors/copies", show_default=True,
              type=click.Path(file_okay=False), help="The folder holding msrp/ and pan10-paraphrase-sentences/.")
@click.option("--out", default="eval/results/paraphrase.json", show_default=True, help="Where the JSON goes.")
@click.option("--markdown", is_flag=True, help="Print the table of docs/benchmarks.md instead of JSON.")
def eval_paraphrase(data, out, markdown) -> None:
    """Score the reworded-copy aligner's sentence score on MSRP and PAN-10 sentence pairs.

    Example: tieline eval paraphrase --markdown
    """
    from .evaluation import paraphrase

    result = paraphrase.evaluate(data)
    path = paraphrase.write_json(result, out)
    click.echo(paraphrase.markdown(result) if markdown else json.dumps(result, indent=2))
    click.echo(f"tieline: written to {path}; floors at this measurement: "
               f"{json.dumps(paraphrase.floors(paraphrase.metrics(result)))}", err=True)


@evaluate.command("clean")
@click.option("--data", default="../shared/data/anchors/extraction", show_default=True, type=click.Path(file_okay=False),
              help="The folder holding scrapinghub-article-extraction-benchmark/ and trafilatura-eval/.")
@click.option("--set", "which", type=click.Choice(["scrapinghub", "trafilatura", "both"]), default="both",
              show_default=True, help="Which set: ScrapingHub's gold bodies, trafilatura-eval's snippets, or both.")
@click.option("--half", type=click.Choice(["tune", "heldout", "both"]), default="both", show_default=True,
              help="Which half of eval/splits/extraction.tsv.")
@click.option("--limit", type=int, default=None, help="Only the first N pages of each set (in id order).")
@click.option("--out", default="eval/results/clean.json", show_default=True, help="Where the JSON with every score goes.")
@click.option("--pages", default="eval/results/clean-pages.jsonl", show_default=True,
              help="Where the JSON Lines of per-page numbers go.")
@click.option("--markdown", is_flag=True, help="Print one table per set instead of JSON.")
def eval_clean(data, which, half, limit, out, pages, markdown) -> None:
    """Score the clean article body of HTML pages (tieline analyze's path) beside trafilatura, and time both.

    Example: tieline eval clean --set scrapinghub --half tune --markdown
    """
    from .evaluation import extraction

    sets = extraction.SETS if which == "both" else (which,)
    result = extraction.evaluate(data, sets, half, limit)
    path, rows = extraction.write_json(result, out), extraction.write_pages(result, pages)
    click.echo(extraction.markdown(result) if markdown else json.dumps(extraction.summary(result), ensure_ascii=False, indent=2))
    click.echo(f"tieline: written to {path} and {rows}; floors at this measurement: "
               f"{json.dumps(extraction.floors(extraction.metrics(result)))}", err=True)


@evaluate.command("metadata")
@click.option("--data", default="../shared/data/anchors/extraction", show_default=True, type=click.Path(file_okay=False),
              help="The folder holding trafilatura-eval/.")
@click.option("--half", type=click.Choice(["tune", "heldout", "both"]), default="both", show_default=True,
              help="Which half of the split (eval/splits/extraction.tsv).")
def eval_metadata(data, half) -> None:
    """Score the title, author and date of HTML pages against trafilatura-eval's gold, beside trafilatura's.

    Example: tieline eval metadata --half heldout
    """
    from .evaluation import metadata

    click.echo(metadata.markdown(metadata.evaluate(data, half)))


@evaluate.command("copies")
@click.option("--data", default="../shared/data/corpora", show_default=True, type=click.Path(file_okay=False),
              help="The corpora folder (bbc-news-2005/, reuters-21578/) the test set is built from.")
@click.option("--docs", type=int, default=10_000, show_default=True,
              help="Documents in the test set: originals, one copy of each, hard negatives.")
@click.option("--replays", type=int, default=1, show_default=True,
              help="Feed the set this many times (new ids, each replay's words ciphered): 10 gives 100k documents.")
@click.option("--index", "index", type=click.Choice(["memory", "store", "both"]), default="both", show_default=True,
              help="The copy index: in memory (tieline analyze), the store's (tieline ingest), or both.")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the test set's perturbations.")
@click.option("--testset", type=click.Path(dir_okay=False), default=None,
              help="Read the set written by scripts/make_copy_testset.py instead of building it.")
@click.option("--out", default="eval/results/copies.json", show_default=True,
              help="Where the JSON with every number and the first errors goes.")
@click.option("--markdown", is_flag=True, help="Print the tables of docs/benchmarks.md instead of JSON.")
def eval_copies(data, docs, replays, index, seed, testset, out, markdown) -> None:
    """Score copy detection (exact, near, reworded; hard negatives) and time the dedup stage.

    Example: tieline eval copies --docs 10000 --markdown
    """
    from .evaluation import copies

    indexes = ("memory", "store") if index == "both" else (index,)
    result = copies.evaluate(data, docs, replays, indexes, seed, testset)
    path = copies.write_json(result, out)
    click.echo(copies.markdown(result) if markdown else json.dumps(copies.summary(result), ensure_ascii=False, indent=2))
    click.echo(f"tieline: rows in {path}; floors at this measurement: "
               f"{json.dumps(copies.floors(copies.metrics(result)))}", err=True)


def main() -> None:
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("tieline: interrupted; the batch in progress was rolled back and every batch before it is "
                   "stored: run the same command again to resume", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except TielineError as error:
        click.echo(f"tieline: {error}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
