"""Build a folder of N news files, a share of them broken, and check a run over it.

The good files are real articles from ``../shared/data/corpora`` (BBC News 2005 and Reuters-21578,
research use only: the folder is written outside the repository and never committed), one article
per file, as ``.txt``, ``.html`` or one-line ``.jsonl`` in turn. The broken ones are the small
kinds of ``make_broken_files.py`` in turn (some hold good articles too: the good lines of a broken
JSON Lines file, a readable UTF-16 file). Files go in sub-folders of 1,000; the hidden
``.expected.json`` (skipped by tieline's folder walk) lists every error and good article to expect.

Example:
    python scripts/make_broken_run.py --files 10000 --bad 0.05 /tmp/run10k
    tieline ingest /tmp/run10k --db /tmp/run10k.db 2> /tmp/run10k.log; echo "exit $?"
    python scripts/make_broken_run.py /tmp/run10k --check /tmp/run10k.log --db /tmp/run10k.db
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_broken_files import KINDS, Expect, page_html  # noqa: E402 - the script's folder, added above

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora"
SOURCES = ("bbc-news-2005/articles.jsonl.gz", "reuters-21578/articles.jsonl.gz")
MANIFEST = ".expected.json"
FORMATS = ("txt", "html", "jsonl")
MIN_CHARS = 300  # shorter items (Reuters one-liners) are left out: a page with one line is not an article
PER_FOLDER = 1000
_PARAGRAPH = re.compile(r"\n\s*\n|\n {3,}")  # BBC: blank lines; Reuters: indented first lines


def articles(corpora: Path = CORPORA) -> list[dict]:
    """Every usable article of both corpora, each text once, in a fixed shuffled order."""
    seen: set[str] = set()
    found = []
    for name in SOURCES:
        path = corpora / name
        if not path.exists():
            raise SystemExit(f"{path} is missing: put ../shared beside the checkout, or pass --corpora")
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                text = (item.get("text") or "").strip()
                if len(text) >= MIN_CHARS and text not in seen:
                    seen.add(text)
                    found.append({"id": item["id"], "title": (item.get("title") or "").strip(), "text": text})
    random.Random(0).shuffle(found)
    return found


def write_article(folder: Path, stem: str, fmt: str, item: dict) -> str:
    """Write one article as ``stem.fmt``; return its source name relative to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{stem}.{fmt}"
    if fmt == "txt":
        (folder / name).write_text(f"{item['title']}\n\n{item['text']}\n", encoding="utf-8")
        return name
    if fmt == "html":
        paragraphs = [" ".join(p.split()) for p in _PARAGRAPH.split(item["text"]) if p.strip()]
        (folder / name).write_text(page_html(item["title"], paragraphs), encoding="utf-8")
        return name
    record = {"id": item["id"], "title": item["title"], "text": item["text"]}
    (folder / name).write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return f"{name}#{item['id']}"


def build(out: Path, files: int, bad: float, corpora: Path = CORPORA) -> dict:
    """Write ``files`` files into ``out`` (``bad`` of them broken) and the manifest; return it."""
    broken = round(files * bad)
    pool = articles(corpora)
    if files - broken > len(pool):
        raise SystemExit(f"only {len(pool)} articles in {corpora}: ask for at most {len(pool) + broken} files")
    bad_at = set(random.Random(files).sample(range(files), broken))
    kinds = [kind for kind in KINDS if not kind.large]
    expect, made_good, made_bad = Expect(), 0, 0
    for i in range(files):
        sub = f"{i // PER_FOLDER:02d}"
        if i in bad_at:
            kind = kinds[made_bad % len(kinds)]
            expect.extend(_within(sub, kind.make(out / sub, f"{i:05d}-{kind.name}", 100_000 + i)))
            made_bad += 1
        else:
            source = write_article(out / sub, f"{i:05d}", FORMATS[made_good % len(FORMATS)], pool[made_good])
            expect.good.append((f"{sub}/{source}", ""))
            made_good += 1
    manifest = {"files": files, "bad": broken, "errors": expect.errors, "good": expect.good}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=0), encoding="utf-8")
    return manifest


def _within(sub: str, made: Expect) -> Expect:
    return Expect([(f"{sub}/{s}", reason) for s, reason in made.errors], [(f"{sub}/{s}", t) for s, t in made.good])


def check(out: Path, log: str, db: Path) -> list[str]:
    """What the last run into ``db`` over ``out`` got wrong against its manifest; ``[]`` when all held."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    expect = Expect([tuple(e) for e in manifest["errors"]], [tuple(g) for g in manifest["good"]])
    return check_run(out, expect, log, db)


def check_run(root: Path, expect: Expect, log: str, db: Path) -> list[str]:
    """What the last run into ``db`` got wrong against ``expect`` (sources relative to ``root``, or absolute).

    ``log`` is the run's stderr. Every expected error is named on exactly one line of it and
    stored once with the run; no other input error; the summary counts them by reason; every
    good article is stored under its source (holding its text where ``expect`` gives some).
    """
    errors = [(os.path.join(root, source), reason) for source, reason in expect.errors]
    with sqlite3.connect(db) as con:
        run_id, counts = con.execute("SELECT id, counts FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        stored_errors = [row[0] for row in con.execute("SELECT source FROM read_errors WHERE run_id = ?", (run_id,))]
        raw = dict(con.execute("SELECT s.source, d.raw FROM sources s JOIN documents d ON d.id = s.document_id"))
    problems = _named_once(errors, log) + _stored_once(errors, stored_errors)
    problems += _by_reason(Counter(reason for _, reason in errors), json.loads(counts or "{}"), log)
    good = ((os.path.join(root, source), text) for source, text in expect.good)
    return problems + [f"{source}: not stored" + (f" with {text!r}" if text else "")
                       for source, text in good if source not in raw or text not in raw[source]]


def _stored_once(errors: list[tuple[str, str]], stored: list[str]) -> list[str]:
    wanted, found = Counter(source for source, _ in errors), Counter(stored)
    if wanted == found:
        return []
    return [f"stored input errors differ: unexpected {sorted(found - wanted)[:5]}, missing {sorted(wanted - found)[:5]}"]


def _named_once(errors: list[tuple[str, str]], log: str) -> list[str]:
    named = Counter(line.removeprefix("tieline: ").split(": ", 1)[0] for line in log.splitlines()
                    if line.startswith("tieline: "))
    return [f"{source}: named {named[source]} times on stderr, not once ({reason})"
            for source, reason in errors if named[source] != 1]


def _by_reason(expected: Counter, counts: dict, log: str) -> list[str]:
    from tieline.report import read_reasons

    problems = []
    if Counter(counts.get("read_reasons", {})) != expected:
        problems.append(f"run counts by reason {counts.get('read_reasons')} != expected {dict(expected)}")
    line = f"input errors by reason: {read_reasons(expected)}"
    if expected and line not in log.splitlines():
        problems.append(f"the summary lacks the line {line!r}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write (or, with --check, the one written)")
    parser.add_argument("--files", type=int, default=10_000, help="how many files (default 10,000)")
    parser.add_argument("--bad", type=float, default=0.05, help="the share of broken files (default 0.05)")
    parser.add_argument("--corpora", type=Path, default=CORPORA, help=f"default {CORPORA}")
    parser.add_argument("--check", type=Path, metavar="LOG", help="check the run whose stderr is in LOG instead")
    parser.add_argument("--db", type=Path, help="with --check: the run's store")
    args = parser.parse_args()
    if args.check:
        _report_check(args.out, args.check, args.db)
        return
    if args.out.exists() and any(args.out.iterdir()):
        raise SystemExit(f"{args.out} is not empty: give a new folder")
    manifest = build(args.out, args.files, args.bad, args.corpora)
    print(f"wrote {args.files} files into {args.out}: {manifest['bad']} broken; expect "
          f"{len(manifest['errors'])} input errors and {len(manifest['good'])} good articles")


def _report_check(out: Path, log: Path, db: Path | None) -> None:
    if db is None:
        raise SystemExit("--check needs --db, the store the run wrote")
    problems = check(out, log.read_text(encoding="utf-8"), db)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    print(f"files {manifest['files']}, broken {manifest['bad']}, input errors expected "
          f"{len(manifest['errors'])}, good articles expected {len(manifest['good'])}; problems: {len(problems)}")
    for problem in problems[:50]:
        print(f"  {problem}")
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
