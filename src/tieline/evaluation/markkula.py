"""Speaker names and titles against the Markkula journalistic-sourcing set (43 US news articles).

The set (``../shared/data/anchors/quotes/markkula-journ-sourcing``, see its ``SOURCE.md``; evaluation
use only, never copied here) gives, for each sourced statement of an article, the type of source and
the source's canonical name and title. This harness runs tieline's own pipeline on every article and
scores the actors it finds against the gold **named people**:

- **name recall**: share of distinct (article, gold name) pairs for which the article's actors hold a
  ``person`` whose canonical ``name`` matches the gold name (:func:`names_match`);
- **title accuracy**: for the matched pairs whose gold title is not empty, the share where the
  actor's ``description`` + " " + ``affiliation`` has a content-word token F1 of at least
  :data:`TITLE_F1_THRESHOLD` with the gold title (:func:`title_f1`); also the mean F1 and the share
  where tieline gave neither a description nor an affiliation.

Input. Articles without a header block are read from the data folder as they are, exactly as
``tieline analyze FILE`` reads them. Articles that open with a metadata block ("Headline:/Subtitle:/
Date:/Publisher:" lines, or "Title:/Author:/Date:/URL:" between "=====" rules) are analysed from a
temporary copy (outside the repository, deleted afterwards) in which the block is rewritten into the
plain-text conventions of the clean stage (``docs/cleaning.md``): the headline as the first line (the
title), "By <author>" (a byline), the date line (a dateline), then the subtitle as the first body
paragraph (it is article text the annotators saw: a dek or the lede), then the body unchanged. The
publisher and URL lines are dropped (metadata, not text). Left as they are, "Headline: ..." would be
taken as a title with its label, "Publisher: Reuters" as body text, and a "=====" rule as the title
with "Author: Mike Isaac" in the body as a person.

Gold names (named person rows only; type labels normalised by :func:`normalise_type`) are cleaned by
:func:`gold_sources`; every rule is counted in the result under ``gold_name_fixes``. Iteration is
sorted everywhere and nothing is random, so the same pipeline and data give the same numbers.

    python -m tieline.evaluation.markkula --data ../shared/data/anchors/quotes/markkula-journ-sourcing
"""

from __future__ import annotations

import csv
import math
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from . import markkula_main

#: Where the set lies inside ``../shared``.
DATA_RELATIVE = "data/anchors/quotes/markkula-journ-sourcing"
#: Default data folder, relative to the repository root (the working directory of every command).
DEFAULT_DATA = Path("..") / "shared" / DATA_RELATIVE
#: Default place of the per-article JSON.
DEFAULT_OUT = Path("eval") / "results" / "markkula-actors.json"
#: Key of this harness in ``eval/floors.json``.
FLOORS_KEY = "markkula_actors"
#: A title is right when its token F1 with the gold title reaches this.
TITLE_F1_THRESHOLD = 0.5

#: Name suffixes dropped before names are compared ("Benjamin Tarbutton III" = "Benjamin Tarbutton").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Words that carry no content in a title ("director *of* advocacy *at the* Sentencing Project").
TITLE_STOP_WORDS = frozenset(
    "a an the of at for and or in on to from by with as who is was are were be its his her their our "
    "this that these those s".split()
)
#: Abbreviations the gold titles and the articles write both ways ("Gov." / "Governor").
TITLE_ABBREVIATIONS = {"gov": "governor", "sen": "senator", "rep": "representative", "asst": "assistant"}

_HEADER_FIELD = re.compile(r"^(Headline|Title|Subtitle|Date|Publisher|Author|URL):[ \t]*(.*)$")
_RULE = re.compile(r"^={5,}$")
_LEADING_ID = re.compile(r"^(\d+)-")
_QUOTED = re.compile(r"\s*[“\"][^”\"]*[”\"]\s*")
_APOSTROPHES = re.compile(r"['’‘`]")
_POSSESSIVE = re.compile(r"['’]s\b")


# --- the data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    id: int
    text_path: Path
    gold_path: Path


def articles(data_dir: str | Path) -> list[Article]:
    """The articles of the set with their gold files, matched on the leading number, by id."""
    data_dir = Path(data_dir)
    texts = {_number(p.name): p for p in (data_dir / "articles").glob("*.txt")}
    golds = {_number(p.name): p for p in (data_dir / "gt").glob("*.csv")}
    missing = sorted(set(texts) ^ set(golds))
    if not texts or missing:
        found = f"articles without gold or gold without article: {missing}" if missing else "no articles/*.txt"
        raise InputError(f"{data_dir}: not the Markkula set ({found})",
                         "pass the folder holding SOURCE.md, articles/ and gt/, "
                         f"normally ../shared/{DATA_RELATIVE}")
    return [Article(number, texts[number], golds[number]) for number in sorted(texts)]


def _number(name: str) -> int:
    match = _LEADING_ID.match(name)
    if not match:
        raise ValueError(f"{name}: file names of the set start with the article number and '-'")
    return int(match[1])


def _column(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").casefold().split())


def read_gold(path: str | Path) -> list[dict[str, str]]:
    """Rows of a gold CSV with a non-empty statement: ``statement``, ``type``, ``name``, ``title``.

    Columns are found by header name (the headers vary from file to file).
    """
    wanted = {"statement": "sourced statement", "type": "type of source", "name": "name of source",
              "title": "title of source"}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [_column(cell) for cell in next(reader)]
        index = {key: next((i for i, h in enumerate(header) if h.startswith(prefix)), None)
                 for key, prefix in wanted.items()}
        if index["statement"] is None or index["type"] is None or index["name"] is None:
            raise ValueError(f"{path}: no 'Sourced Statements', 'Type of Source' or 'Name of Source' column")
        rows = []
        for cells in reader:
            row = {key: (cells[i].strip() if i is not None and i < len(cells) else "") for key, i in index.items()}
            if row["statement"]:
                rows.append(row)
    return rows


def normalise_type(label: str) -> str:
    """One of ``named_person``, ``named_organization``, ``unnamed_person``, ``unnamed_group``,
    ``anonymous``, ``document``, ``unknown`` (empty) or ``other:<label>``.

    >>> [normalise_type(t) for t in ("Named Individual\\n", "named person", "Unamed group of People ")]
    ['named_person', 'named_person', 'unnamed_group']
    """
    text = " ".join(re.sub(r"[^a-z]+", " ", label.casefold()).split()).replace("unamed", "unnamed")
    if not text:
        return "unknown"
    words = text.split()
    if words[0] in ("named", "unnamed"):
        if any(w in ("person", "individual", "people") for w in words[1:]) and "group" not in words:
            return f"{words[0]}_person"
        if "group" in words:
            return f"{words[0]}_group"
        if any(w in ("organization", "organisation") for w in words):
            return f"{words[0]}_organization"
    if words[0] == "anonymous":
        return "anonymous"
    if words[0] == "document":
        return "document"
    return "other:" + text


@dataclass
class GoldSource:
    """A named person of one article, with every title the gold rows give them."""

    article: int
    name: str
    titles: list[str] = field(default_factory=list)
    rows: int = 0


def _repair_mojibake(text: str) -> str:
    """UTF-8 read as Mac Roman ("Kevin ‚ÄúCoach‚Äù Christie") back to UTF-8."""
    if "‚Ä" not in text:
        return text
    try:
        return text.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def clean_gold_name(name: str, title: str, fixes: Counter) -> list[tuple[str, str]]:
    """The people a gold name cell names, each with its title; ``fixes`` counts each rule applied.

    >>> fixes = Counter()
    >>> clean_gold_name("Stephen and Ayesha Curry", "", fixes)
    [('Stephen Curry', ''), ('Ayesha Curry', '')]
    >>> clean_gold_name("Dana Roe, legal fellow, Public Aid", "", fixes)
    [('Dana Roe', 'legal fellow, Public Aid')]
    >>> clean_gold_name("former President", "", fixes), sorted(fixes)
    ([], ['comma_title', 'joined_names', 'not_a_name'])
    """
    repaired = _repair_mojibake(name)
    if repaired != name:
        fixes["mojibake"] += 1
    unquoted = " ".join(_QUOTED.sub(" ", repaired).split())
    if unquoted != " ".join(repaired.split()):
        fixes["quoted_nickname"] += 1
    text = unquoted.strip(" ,;")
    if "," in text:
        text, rest = (part.strip() for part in text.split(",", 1))
        fixes["comma_title"] += 1
        title = title or rest
    if not text or not text[0].isupper():
        fixes["not_a_name"] += 1
        return []
    parts = [part.strip() for part in re.split(r"\s+and\s+|\s*&\s*", text) if part.strip()]
    if len(parts) > 1:
        fixes["joined_names"] += 1
        surname = parts[-1].split()[-1]
        parts = [part if len(part.split()) > 1 else f"{part} {surname}" for part in parts]
    return [(part, title) for part in parts]


def gold_sources(article: int, rows: Iterable[dict[str, str]], fixes: Counter) -> list[GoldSource]:
    """The distinct named people of an article, in order of first appearance.

    Rules (each counted in ``fixes``): mojibake repaired; a quoted nickname dropped ("Kevin “Coach”
    Christie" = Kevin Christie); text after a comma is the title when the title cell is empty;
    a name cell starting lowercase ("former President") names no one; "A and B Curry" is two people;
    a lone surname that is the last name of another person of the article is that person
    (``surname_merged``). Names are the same person when their folded tokens are equal.
    """
    people: dict[tuple[str, ...], GoldSource] = {}
    for row in rows:
        if normalise_type(row["type"]) != "named_person":
            continue
        for name, title in clean_gold_name(row["name"], row["title"], fixes):
            key = name_tokens(name)
            if not key:
                continue
            source = people.setdefault(key, GoldSource(article, name))
            source.rows += 1
            if title and title not in source.titles:
                source.titles.append(title)
    for key in [k for k in people if len(k) == 1]:
        fuller = [other for other in people if len(other) > 1 and other[-1] == key[0]]
        if fuller:
            target = people[fuller[0]]
            lone = people.pop(key)
            target.rows += lone.rows
            target.titles += [t for t in lone.titles if t not in target.titles]
            fixes["surname_merged"] += 1
    return list(people.values())


# --- matching -------------------------------------------------------------------------------


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded name tokens: accents, case, apostrophes and other punctuation gone, suffixes dropped.

    >>> name_tokens("Joey O’Brien"), name_tokens("Charles R. Simpson III"), name_tokens("Kyla Johnson-Trammell")
    (('joey', 'obrien'), ('charles', 'r', 'simpson'), ('kyla', 'johnson-trammell'))
    """
    text = _APOSTROPHES.sub("", _fold(name))
    tokens = [t.strip("-") for t in re.sub(r"[^\w\s-]", " ", text).split()]
    tokens = [t for t in tokens if t]
    while len(tokens) > 2 and tokens[-1] in NAME_SUFFIXES:
        tokens.pop()
    return tuple(tokens)


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    rest = iter(long)
    return all(token in rest for token in short)


def names_match(gold: str, found: str) -> bool:
    """Whether tieline's canonical name ``found`` is the gold name.

    Equal once folded (:func:`name_tokens`), or the shorter is the longer without some middle
    names or initials (same first and last token, the rest a subsequence). A gold name of one
    token (a source the article names by surname only) matches a name ending in it. Nothing
    else: no nicknames ("Matt" is not "Matthew"), no initial for a first name.

    >>> names_match("Robert Paul Hartley", "Robert Hartley"), names_match("Mark Cancian", "Mark J. Cancian")
    (True, True)
    >>> names_match("Matt Cartwright", "Matthew Cartwright"), names_match("Mark Cancian", "Cancian")
    (False, False)
    >>> names_match("Soto-Martinez", "Hugo Soto-Martinez")
    True
    """
    g, f = name_tokens(gold), name_tokens(found)
    if not g or not f:
        return False
    if g == f:
        return True
    if len(g) == 1:
        return f[-1] == g[0]
    short, long = (g, f) if len(g) < len(f) else (f, g)
    if len(short) < 2 or len(short) == len(long):
        return False
    return short[0] == long[0] and short[-1] == long[-1] and _subsequence(short[1:-1], long[1:-1])


def title_tokens(text: str) -> list[str]:
    """Content words of a title: folded, possessives and punctuation gone, stop words and
    one-letter words dropped, a few abbreviations spelled out.

    >>> title_tokens("Sen. (D-San Jose), director of the U.S. Office’s unit")
    ['senator', 'san', 'jose', 'director', 'us', 'office', 'unit']
    """
    text = _POSSESSIVE.sub("", _fold(text)).replace(".", "")
    words = re.sub(r"[^\w]+|_", " ", text).split()
    words = [TITLE_ABBREVIATIONS.get(w, w) for w in words]
    return [w for w in words if len(w) > 1 and w not in TITLE_STOP_WORDS]


def title_f1(predicted: str, gold: str) -> float:
    """Token F1 (bag of content words) of a predicted title against the gold title.

    >>> round(title_f1("a policy expert at the Acme Institute", "Senior policy expert, Acme Institute"), 3)
    0.889
    >>> title_f1("", "Mayor"), title_f1("Mayor of Springfield", "mayor")
    (0.0, 0.6666666666666666)
    """
    p, g = Counter(title_tokens(predicted)), Counter(title_tokens(gold))
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def predicted_title(actor: dict[str, Any]) -> str:
    """What tieline says a person is: ``description`` and ``affiliation`` joined by a space."""
    return " ".join(part for part in (actor.get("description"), actor.get("affiliation")) if part)


# --- the input ------------------------------------------------------------------------------


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The metadata block at the top of an article (field -> value) and the text after it.

    A block is "Headline:" lines, or "Title:" lines between "=====" rules; text without one
    comes back unchanged with an empty dict.

    >>> split_header("Headline: Big news\\nDate: 2024-01-30\\n\\nBody starts.\\n")
    ({'headline': 'Big news', 'date': '2024-01-30'}, 'Body starts.\\n')
    >>> split_header("Plain first line\\nBody.")
    ({}, 'Plain first line\\nBody.')
    """
    lines = text.lstrip("\ufeff").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    opener = lines[first].strip() if first < len(lines) else ""
    following = next((line.strip() for line in lines[first + 1:] if line.strip()), "")
    if not (opener.startswith("Headline:") or (_RULE.match(opener) and following.startswith("Title:"))):
        return {}, text
    meta: dict[str, str] = {}
    index = first
    while index < len(lines):
        line = lines[index].strip()
        match = _HEADER_FIELD.match(line)
        if match:
            meta.setdefault(match[1].lower(), match[2].strip())
        elif line and not _RULE.match(line):
            break
        index += 1
    return meta, "\n".join(lines[index:])


def rewrite_header(text: str) -> str | None:
    """The article in the clean stage's plain-text conventions, or ``None`` when it has no block.

    >>> block = "=====\\nTitle: Big news\\nAuthor: Ann Lee\\nDate: April 4, 2025\\n=====\\n\\nBody."
    >>> print(rewrite_header(block), end="")
    Big news
    By Ann Lee
    April 4, 2025
    <BLANKLINE>
    Body.
    """
    meta, body = split_header(text)
    if not meta:
        return None
    head = [meta.get("headline") or meta.get("title") or ""]
    if meta.get("author"):
        head.append("By " + meta["author"])
    if meta.get("date"):
        head.append(meta["date"])
    parts = ["\n".join(line for line in head if line)]
    if meta.get("subtitle"):
        parts.append(meta["subtitle"])
    parts.append(body.strip("\n") + "\n")
    return "\n\n".join(part for part in parts if part.strip())


def _analyse(items: list[Article], pipeline, workdir: Path) -> tuple[dict[int, Any], int]:
    """Run ``tieline.analyze`` over the articles (header blocks rewritten in ``workdir``)."""
    from ..api import analyze

    paths, by_path, rewritten = [], {}, 0
    for item in items:
        raw = item.text_path.read_bytes().decode("utf-8-sig", errors="replace")
        text = rewrite_header(raw)
        path = item.text_path
        if text is not None:
            path = workdir / item.text_path.name
            path.write_text(text, encoding="utf-8")
            rewritten += 1
        paths.append(str(path))
        by_path[str(path)] = item.id
    docs = {by_path[doc.source]: doc for doc in analyze(paths, pipeline=pipeline)}
    return docs, rewritten


# --- scoring --------------------------------------------------------------------------------


def _score_article(item: Article, doc, fixes: Counter) -> dict[str, Any]:
    sources = gold_sources(item.id, read_gold(item.gold_path), fixes)
    actors = list(doc.actors) if doc is not None else []
    people = [a for a in actors if a.get("type") == "person"]
    others = [a for a in actors if a.get("type") != "person"]
    row: dict[str, Any] = {
        "article": item.id, "file": item.text_path.name, "skipped": getattr(doc, "skipped", "missing"),
        "gold_names": [s.name for s in sources], "person_actors": sorted({a["name"] for a in people}),
        "found": [], "missed": [], "titles": [],
    }
    for source in sources:
        hits = [a for a in people if names_match(source.name, a["name"])]
        if not hits:
            other = sorted({f"{a['name']} ({a.get('type')})" for a in others if names_match(source.name, a["name"])})
            row["missed"].append({"name": source.name, "as_other_type": other})
            continue
        row["found"].append({"name": source.name, "actors": sorted({a["name"] for a in hits})})
        if source.titles:
            row["titles"].append(_score_title(source, hits))
    return row


def _score_title(source: GoldSource, hits: list[dict[str, Any]]) -> dict[str, Any]:
    """The best (actor, gold title) pair; ties go to the earlier actor and title."""
    best = (-1.0, "", "")
    for actor in hits:
        predicted = predicted_title(actor)
        for gold in source.titles:
            score = title_f1(predicted, gold)
            if score > best[0]:
                best = (score, predicted, gold)
    score, predicted, gold = best
    return {
        "name": source.name, "gold_titles": source.titles, "predicted": predicted, "gold": gold,
        "f1": round(score, 4), "correct": score >= TITLE_F1_THRESHOLD,
        "no_title": not any(predicted_title(a) for a in hits),
    }


def _setting(pipeline) -> dict[str, Any]:
    """The spaCy model and the size of the actor knowledge base the numbers were measured with."""
    from ..nlp import model_version
    from ..stages.actors import ActorsStage
    from ..stages.parse import ParseStage

    setting: dict[str, Any] = {}
    for stage in pipeline.stages:
        if isinstance(stage, ParseStage):
            setting["model"] = model_version(stage.nlp)
        elif isinstance(stage, ActorsStage):
            setting["knowledge_base"] = {"phrases": len(stage.kb.phrases), "people": len(stage.kb.people)}
    return setting


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def evaluate(data_dir: str | Path = DEFAULT_DATA, pipeline=None) -> dict[str, Any]:
    """Run tieline on the set and score speaker names and titles; see the module's docstring.

    ``pipeline`` defaults to :func:`tieline.registry.default_pipeline`. The result holds the
    metrics, the counts behind them, ``seconds`` (wall time) and one row per article.
    """
    from ..registry import default_pipeline

    started = time.perf_counter()
    items = articles(data_dir)
    pipeline = pipeline or default_pipeline()
    with tempfile.TemporaryDirectory(prefix="tieline-markkula-") as workdir:
        docs, rewritten = _analyse(items, pipeline, Path(workdir))
    fixes: Counter = Counter()
    rows = [_score_article(item, docs.get(item.id), fixes) for item in items]
    gold_rows = [read_gold(item.gold_path) for item in items]
    titles = [t for row in rows for t in row["titles"]]
    names = sum(len(row["gold_names"]) for row in rows)
    found = sum(len(row["found"]) for row in rows)
    correct = sum(t["correct"] for t in titles)
    given = [t for t in titles if not t["no_title"]]
    return {
        "benchmark": "markkula-journ-sourcing",
        "stages": dict(pipeline.versions),
        **_setting(pipeline),
        "articles": len(items),
        "articles_rewritten": rewritten,
        "gold_rows": sum(len(r) for r in gold_rows),
        "gold_named_person_rows": sum(normalise_type(x["type"]) == "named_person" for r in gold_rows for x in r),
        "gold_name_fixes": dict(sorted(fixes.items())),
        "names": names,
        "names_found": found,
        "name_recall": _share(found, names),
        "titles": len(titles),
        "titles_correct": correct,
        "title_accuracy": _share(correct, len(titles)),
        "title_f1_mean": round(sum(t["f1"] for t in titles) / len(titles), 4) if titles else 0.0,
        "titles_missing": len(titles) - len(given),
        "no_title_share": _share(len(titles) - len(given), len(titles)),
        "title_accuracy_when_given": _share(sum(t["correct"] for t in given), len(given)),
        "misses_as_other_type": sum(bool(m["as_other_type"]) for row in rows for m in row["missed"]),
        "seconds": round(time.perf_counter() - started, 2),
        "per_article": rows,
    }


# --- output ---------------------------------------------------------------------------------


def write_json(result: dict[str, Any], out: str | Path = DEFAULT_OUT) -> Path:
    """Write the result (per-article rows included) to ``out``, creating its folder."""
    from . import write_result

    return write_result(result, out)


def floors(result: dict[str, Any], margin: float = 0.02) -> dict[str, float]:
    """Floors for ``eval/floors.json``: each metric minus ``margin``, rounded down to 2 decimals.

    >>> floors({"name_recall": 0.5233, "title_accuracy": 0.52})
    {'name_recall': 0.5, 'title_accuracy': 0.5}
    """
    return {key: max(0.0, math.floor(round((result[key] - margin) * 100, 6)) / 100)
            for key in ("name_recall", "title_accuracy")}


def markdown_table(result: dict[str, Any], today: date | None = None) -> str:
    """The table of ``docs/benchmarks.md``, regenerated from a result."""
    r = result
    lines = [
        "| metric | value | counts |",
        "|---|---|---|",
        f"| name recall | {r['name_recall']:.1%} | {r['names_found']} of {r['names']} (article, name) pairs |",
        f"| title accuracy (F1 ≥ {TITLE_F1_THRESHOLD}) | {r['title_accuracy']:.1%} | "
        f"{r['titles_correct']} of {r['titles']} matched names with a gold title |",
        f"| mean title F1 | {r['title_f1_mean']:.3f} | over the same {r['titles']} |",
        f"| no title given | {r['no_title_share']:.1%} | {r['titles_missing']} of {r['titles']} |",
        f"| title accuracy where a title was given | {r['title_accuracy_when_given']:.1%} | "
        f"{r['titles'] - r['titles_missing']} names |",
        f"| missed names found under another actor type | {r['misses_as_other_type']} | "
        f"of {r['names'] - r['names_found']} misses |",
        f"| wall time | {r['seconds']:.1f} s | {r['articles']} articles ({r['articles_rewritten']} header blocks "
        f"rewritten), {r['gold_rows']} gold rows, {r['gold_named_person_rows']} named-person rows |",
        "",
        f"Stages: {', '.join(f'`{v}`' for v in r['stages'].values())}; model `{r.get('model', '-')}`; "
        f"actor knowledge base: {_kb_size(r)}. "
        f"Gold name fixes: {', '.join(f'{k} {v}' for k, v in r['gold_name_fixes'].items()) or 'none'}. "
        f"Measured {(today or date.today()).isoformat()}.",
    ]
    return "\n".join(lines)


def _kb_size(result: dict[str, Any]) -> str:
    kb = result.get("knowledge_base")
    return "none" if kb is None else f"{kb['phrases']} phrases, {kb['people']} people"


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The result without its per-article rows."""
    return {key: value for key, value in result.items() if key != "per_article"}


def main(argv: list[str] | None = None) -> int:
    return markkula_main(sys.modules[__name__], argv)


if __name__ == "__main__":
    sys.exit(main())
