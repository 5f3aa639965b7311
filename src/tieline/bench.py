"""``tieline bench``: the whole pipeline against the bare spaCy parse of the same texts.

Two phases, each in a fresh child process (so each one's peak memory is its own), over the
first ``docs`` documents of a corpus:

1. **bare parse**: the documents are read and cleaned untimed, exactly as the pipeline would (the
   ``clean`` and ``language`` stages; documents those stages skip are not parsed by tieline
   either), then the same spaCy model, with the components the parse stage runs, parses every
   remaining body with ``nlp.pipe`` at the parse stage's batch size. Only the parse is timed.
2. **tieline**: :func:`tieline.ingest` from the raw files into a fresh store in a temporary
   folder, every stage on (reading, all stages and the store writes are timed).

Both load the model (and the pipeline's tables, by one warm-up document) before the clock
starts. The result says articles/s and words/s of each, the ratio of tieline's articles/s to the
bare parse's, each phase's peak resident memory, and each part's share of tieline's time.
Timings belong here, never in unit tests (docs/benchmarks.md).
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from .readers import ReadOptions

#: The sentence that loads the model and every table before the clock starts.
WARM_UP = "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday, officials said."


def run_bench(paths: list[str], docs: int | None = None, batch_size: int = 64,
              options: ReadOptions | None = None, workers: int = 1, skip_sentences: bool = False,
              replays: int = 1, bare: bool = True) -> dict[str, Any]:
    """Measure both phases on the first ``docs`` documents of ``paths`` (all when None); with
    ``workers`` over 1, tieline runs on the Dask engine with that many local worker processes.

    ``replays`` over 1 feeds the corpus that many times (:func:`write_replays`, untimed, before
    either phase); ``bare=False`` leaves the bare parse out (memory at 100,000 documents)."""
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="tieline-replays-") as folder:
        corpus = [str(path) for path in paths]
        read_with = options or ReadOptions()
        if replays > 1:
            corpus, read_with = [str(write_replays(corpus, replays, Path(folder) / "replays.jsonl", docs, read_with))], ReadOptions()
        args = (corpus, docs, batch_size, read_with)
        baseline = _in_child(context, bare_parse, args) if bare else None
        whole = _in_child(context, whole_pipeline, (*args, workers, skip_sentences))
    result = summarise(baseline, whole, paths, batch_size, workers)
    result["replays"] = replays
    return result


#: The line each replay (2, 3, ...) of a text ends with: a new text, so a new document id.
REPLAY_LINE = "\n\n(Replay {n} of this article.)"


def write_replays(paths: list[str], replays: int, out: Path, docs: int | None, options: ReadOptions) -> Path:
    """The corpus ``replays`` times over as one JSON Lines file (the first ``docs`` lines when given).

    Replay ``n`` (2, 3, ...) of an article is its text with :data:`REPLAY_LINE` added: a new
    document (ids are the text's hash) with every stage's full work to do, which the dedup stage
    finds to be a copy of the first reading (copy detection stays on and is measured, with its
    index growing by every document)."""
    from .api import _documents
    from .pipeline import RunReport

    originals = [{"text": doc.raw, "title": doc.title, "date": doc.published, "byline": doc.byline, "url": doc.url}
                 for doc in _documents(paths, options, RunReport(), docs)]
    written = 0
    with open(out, "w", encoding="utf-8") as handle:
        for n in range(1, replays + 1):
            for number, original in enumerate(originals):
                if docs is not None and written >= docs:
                    return out
                text = original["text"] + (REPLAY_LINE.format(n=n) if n > 1 else "")
                handle.write(json.dumps({**original, "id": f"{number}~r{n}", "text": text}, ensure_ascii=False) + "\n")
                written += 1
    return out


def _in_child(context, function, args) -> dict[str, Any]:
    """``function(*args)`` in a fresh (non-daemon: it may start Dask workers) child process."""
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(sender, function, args))
    child.start()
    sender.close()
    try:
        ok, value = receiver.recv()
    except EOFError:
        ok, value = False, f"the benchmark process died (exit code {child.join() or child.exitcode})"
    child.join()
    if not ok:
        raise RuntimeError(value)
    return value


def _child_main(sender, function, args) -> None:
    try:
        sender.send((True, function(*args)))
    except Exception as error:  # reported by the parent with its message
        sender.send((False, f"{type(error).__name__}: {error}"))


def bare_parse(paths: list[str], docs: int | None, batch_size: int, options: ReadOptions) -> dict[str, Any]:
    """Phase 1, in its own process: the parse stage's model over the bodies the pipeline would parse."""
    from .api import _documents
    from .pipeline import Pipeline, RunReport
    from .registry import default_pipeline
    from .stages.parse import UNUSED_COMPONENTS, ParseStage

    prepare = Pipeline([stage for stage in default_pipeline().stages if stage.name.split(".")[0] in ("clean", "language")])
    read = list(prepare.run(_documents(paths, options, RunReport(), docs), batch_size))
    texts = [doc.text for doc in read if not doc.skipped]
    parse = ParseStage()
    nlp = parse.nlp
    disabled = [name for name in UNUSED_COMPONENTS if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        nlp(WARM_UP)
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=parse.batch_size):
            pass
        seconds = time.perf_counter() - started
    return {
        "articles": len(read),
        "parsed": len(texts),
        "words": sum(len(text.split()) for text in texts),
        "seconds": seconds,
        "components": [name for name in nlp.pipe_names if name not in disabled],
        "peak_rss_mb": peak_rss_mb(),
    }


def whole_pipeline(paths: list[str], docs: int | None, batch_size: int, options: ReadOptions,
                   workers: int = 1, skip_sentences: bool = False) -> dict[str, Any]:
    """Phase 2, in its own process: ``tieline.ingest`` from the raw files into a fresh store (on the
    Dask engine's local cluster when ``workers`` is over 1; each worker warmed up first)."""
    from . import api
    from .engines import LocalEngine, make_engine
    from .registry import default_pipeline
    from .testing import make_doc

    pipeline = default_pipeline({"parse": {"skip": skip_sentences}})
    engine = LocalEngine() if workers <= 1 else make_engine("dask", workers=workers)
    try:
        engine.warm_up(pipeline, [make_doc(WARM_UP)])  # the model and every table, before the clock starts
        worker_peaks: list[float] = []
        with tempfile.TemporaryDirectory(prefix="tieline-bench-") as folder:
            db = Path(folder) / "bench.db"
            started = time.perf_counter()
            report = api.ingest(paths, db, options, pipeline, batch_size, command="bench", limit=docs, engine=engine)
            seconds = time.perf_counter() - started
            store_mb = sum(path.stat().st_size for path in Path(folder).iterdir()) / 2**20
            words, copies = _stored_words_and_copies(db)
        if workers > 1:
            worker_peaks = sorted(engine.client.run(peak_rss_mb).values())
    finally:
        engine.close()
    return {
        "workers_peak_rss_mb": worker_peaks,
        "articles": report.documents + report.unchanged,  # what was read, as the bare parse counts
        "repeats": report.unchanged,  # read again within the run (the same text): not analysed twice
        "seconds": seconds,
        "parts": dict(report.seconds),
        "skipped": dict(report.skipped),
        "actors": report.actors,
        "quotes": report.quotes,
        "events": report.events,
        "store_mb": round(store_mb, 1),
        "words": words,
        "copies": copies,
        "sentences": report.sentences,
        "unparsed": report.unparsed,
        "stages": pipeline.versions,
        "peak_rss_mb": peak_rss_mb(),
        "cpu_s": cpu_seconds(),
    }


def _stored_words_and_copies(db: Path) -> tuple[int, int]:
    """Words of the analysed bodies (as the bare parse counts them) and documents marked as copies, after the clock."""
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        words = sum(len(text.split()) for (text,) in connection.execute("SELECT text FROM documents WHERE skipped IS NULL"))
        copies = connection.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0]
    finally:
        connection.close()
    return words, copies


def cpu_seconds() -> float:
    """CPU time this process has used (with workers over 1: the driver's own share of the work)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return round(usage.ru_utime + usage.ru_stime, 1)


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def summarise(bare: dict | None, whole: dict, paths, batch_size: int, workers: int = 1) -> dict[str, Any]:
    """Rates, the ratio, and each part's share of tieline's time (no bare parse: rates of tieline alone)."""
    from .nlp import load_model, model_version

    words = bare["words"] if bare else whole["words"]
    bare_rate = bare["articles"] / bare["seconds"] if bare and bare["seconds"] else None
    whole_rate = whole["articles"] / whole["seconds"] if whole["seconds"] else None
    parts = whole["parts"]
    accounted = sum(parts.values())
    shares = {name: round(value / whole["seconds"], 3) for name, value in parts.items()}
    shares["other"] = round(max(whole["seconds"] - accounted, 0.0) / whole["seconds"], 3) if whole["seconds"] else 0.0
    return {
        "corpus": [str(path) for path in paths],
        "batch_size": batch_size,
        "workers": workers,
        "model": model_version(load_model()),
        "bare_parse": {**bare, "articles_per_s": _round(bare_rate), "words_per_s": _round(words / bare["seconds"])} if bare else None,
        "tieline": {**whole, "articles_per_s": _round(whole_rate), "words_per_s": _round(words / whole["seconds"])},
        "ratio": _round(whole_rate / bare_rate, 3) if bare_rate and whole_rate else None,
        "shares": shares,
    }


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def format_bench(result: dict[str, Any]) -> str:
    """The result as a few lines a person reads."""
    bare, whole = result["bare_parse"], result["tieline"]
    replays = result.get("replays", 1)
    lines = [
        f"bench: {whole['articles']:,} articles from {', '.join(result['corpus'])}"
        + (f" ({replays} replays)" if replays > 1 else "") + f"; {result['workers']} worker(s), "
        f"batch {result['batch_size']}; "
        f"model {result['model']}",
        f"{'':24}{'seconds':>9}{'articles/s':>12}{'words/s':>10}{'peak MB':>9}",
        *([_row("bare parse", bare)] if bare else []),
        _row("tieline, all stages", whole),
        *([f"ratio (tieline / bare parse, articles/s): {result['ratio']}",
           f"bare parse: {bare['parsed']:,} of {bare['articles']:,} bodies parsed ({', '.join(bare['components'])}), "
           f"{bare['words']:,} words"] if bare else ["bare parse not run (--no-bare)"]),
        f"tieline analysed {whole['articles'] - whole['repeats']:,} ({whole['repeats']:,} repeated texts read again), "
        f"{whole['words']:,} words; {whole['copies']:,} marked as copies",
        ("tieline's time (summed over its workers): " if result["workers"] > 1 else "tieline's time: ") + ", ".join(f"{name} {share:.0%}" for name, share in result["shares"].items()),
        f"tieline found {whole['actors']:,} actors, {whole['quotes']:,} quotes, {whole['events']:,} events; "
        f"store {whole['store_mb']} MB; sentences parsed {whole['sentences']:,}, skipped {whole['unparsed']:,}",
    ]
    if whole["workers_peak_rss_mb"]:
        lines.append("Dask workers' peak MB: " + ", ".join(f"{mb:.0f}" for mb in whole["workers_peak_rss_mb"])
                     + f"; this process (reading, copies, store, Dask client) used {whole['cpu_s']} CPU seconds")
    return "\n".join(lines)


def _row(label: str, phase: dict) -> str:
    return (f"{label:<24}{phase['seconds']:>9.1f}{phase['articles_per_s'] or 0:>12.1f}"
            f"{phase['words_per_s'] or 0:>10,.0f}{phase['peak_rss_mb']:>9.0f}")
