"""Quote attribution against the Markkula journalistic-sourcing set: statements and their speakers.

The set (``../shared/data/anchors/quotes/markkula-journ-sourcing``, see its ``SOURCE.md``; evaluation
use only, never copied here) lists, for each of 43 articles, every sourced statement as copied from
the article (direct quotes, paraphrases, document-sourced facts) with its type of source and the
source's canonical name and title. This harness runs tieline's own pipeline on every article (the
input exactly as :mod:`tieline.evaluation.markkula` prepares it: header blocks rewritten, see there)
and scores ``doc.quotes`` against the gold statements:

- **statement found**: share of gold statements (all types) matched by a tieline quote. A quote's
  *score* against a statement is the larger of two token F1s (:func:`token_f1` over
  :func:`statement_tokens`, content words folded): statement against the quote's ``text``, and
  statement against the quote's *context*, the text of the sentences of ``doc.sentences`` that the
  quote overlaps (:func:`quote_context`). Pairs scoring at least :data:`MATCH_F1` are matched one
  to one, greedily by best score (ties: earlier statement, then earlier quote; :func:`match`).
  The same at :data:`LOOSE_F1` is reported as ``statement_found_loose`` for context.
- **speaker name accuracy**: on matched statements whose gold type is a named person, the share
  whose quote ``speaker`` matches the gold name (:func:`~tieline.evaluation.markkula.names_match`;
  gold names cleaned by :func:`~tieline.evaluation.markkula.clean_gold_name`, any of the people a
  cell names counts); on matched named-organisation statements, the share whose ``speaker``
  contains the gold name, or is at least half of it (:func:`organisation_match`).
- **title accuracy**: on matched named-person statements with a gold title, the share where
  ``speaker_description`` + " " + ``speaker_affiliation`` (without an affiliation that is only the
  speaker's country) has a title F1 of at least
  :data:`~tieline.evaluation.markkula.TITLE_F1_THRESHOLD` with the gold title
  (:func:`~tieline.evaluation.markkula.title_f1`).

The published LLM scores on the set (scu.edu, 2026) are defined the same way (statements matched
by a model statement; name and title on the matched ones) but match with the authors' fuzzy
split-and-match and judge names and titles their own way, so they are anchors, not a like-for-like
comparison. Iteration is sorted everywhere and nothing is random.

    python -m tieline.evaluation.markkula_quotes --data ../shared/data/anchors/quotes/markkula-journ-sourcing
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from ..quotes.speakers import country_names
from . import markkula_main
from .markkula import (  # summary and write_json are this harness's too (markkula_main, the CLI)
    DEFAULT_DATA,
    TITLE_F1_THRESHOLD,
    TITLE_STOP_WORDS,
    Article,
    _analyse,
    _setting,
    _share,
    articles,
    clean_gold_name,
    name_tokens,
    names_match,
    normalise_type,
    read_gold,
    summary,  # noqa: F401
    title_f1,
    title_tokens,
    write_json,  # noqa: F401
)

#: Default place of the per-article JSON.
DEFAULT_OUT = Path("eval") / "results" / "markkula-quotes.json"
#: Key of this harness in ``eval/floors.json``.
FLOORS_KEY = "markkula_quotes"
#: A quote matches a statement when its score reaches this.
MATCH_F1 = 0.5
#: The looser level reported for context.
LOOSE_F1 = 0.3
#: The metrics floors are pinned for.
METRICS = ("statement_found", "name_accuracy", "organisation_accuracy", "title_accuracy")

#: Words that carry no content in a statement: the title stop words, pronouns, auxiliaries, negation
#: ("wasn" of "wasn't": the apostrophe splits the word).
STATEMENT_STOP_WORDS = TITLE_STOP_WORDS | frozenset(
    "i me my we us you your he him she it they them not no nt do does did done has have had having "
    "will would can could should shall may might must been being am but if so than then there here "
    "also just about into over out up all any some more most very what which when where how "
    "isn aren wasn weren don doesn didn hasn haven hadn wouldn couldn shouldn".split()
)

#: Gold types scored for names: named people (:func:`names_match`) and organisations (:func:`organisation_match`).
PERSON, ORGANISATION = "named_person", "named_organization"


# --- matching -------------------------------------------------------------------------------


def statement_tokens(text: str) -> Counter:
    """The bag of content words of a statement: :func:`title_tokens` without
    :data:`STATEMENT_STOP_WORDS`.

    >>> sorted(statement_tokens("“It wasn’t serious,” he said of the Mayor’s plan.").items())
    [('mayor', 1), ('plan', 1), ('said', 1), ('serious', 1)]
    """
    return Counter(t for t in title_tokens(text) if t not in STATEMENT_STOP_WORDS)


def token_f1(gold: Counter, found: Counter) -> float:
    """F1 of two bags of words (0 when either is empty).

    >>> token_f1(Counter("a b c d".split()), Counter("a b".split()))
    0.6666666666666666
    """
    overlap = sum((gold & found).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(found.values()), overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def quote_context(text: str, sentences: Sequence[tuple[int, int]], start: int, end: int) -> str:
    """The text of the sentences that ``[start, end)`` overlaps (the span itself when none does).

    >>> quote_context("One. Two three. Four.", [(0, 4), (5, 15), (16, 21)], 9, 14)
    'Two three.'
    >>> quote_context("One. Two three. Four.", [(0, 4), (5, 15), (16, 21)], 2, 8)
    'One. Two three.'
    """
    spans = [(s, e) for s, e in sentences if s < end and start < e]
    if not spans:
        return text[start:end]
    return text[spans[0][0] : spans[-1][1]]


def match_score(gold: Counter, quote: Counter, context: Counter) -> float:
    """A quote's score against a statement: the better of its text's and its context's token F1."""
    return max(token_f1(gold, quote), token_f1(gold, context))


def match(golds: Sequence[Counter], quotes: Sequence[tuple[Counter, Counter]],
          threshold: float) -> dict[int, tuple[int, float]]:
    """Statement index -> (quote index, score), one to one.

    Every pair scoring at least ``threshold`` is a candidate; candidates are taken best score
    first (ties: earlier statement, then earlier quote) while neither side is taken yet.

    >>> golds = [Counter("rain falls plain".split()), Counter("snow melts".split())]
    >>> quotes = [(Counter(["rain", "falls"]), Counter()), (Counter(["rain"]), Counter(["snow", "melts"]))]
    >>> match(golds, quotes, 0.5)
    {1: (1, 1.0), 0: (0, 0.8)}
    """
    candidates = []
    for g, gold in enumerate(golds):
        for q, (text, context) in enumerate(quotes):
            score = match_score(gold, text, context)
            if score >= threshold:
                candidates.append((-score, g, q))
    candidates.sort()
    pairs: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for negative, g, q in candidates:
        if g not in pairs and q not in taken:
            pairs[g] = (q, -negative)
            taken.add(q)
    return pairs


def organisation_match(gold: str, found: str | None) -> bool:
    """Whether the speaker ``found`` is the gold organisation: once folded (:func:`name_tokens`,
    a leading "the" dropped), the gold's words are a run of the speaker's words, or the speaker's
    words are a run of at least half of the gold's words. An acronym in brackets in the gold name
    is a second name ("U.S. Department of Housing and Urban Development (HUD)").

    >>> organisation_match("Reuters/Ipsos", "Reuters"), organisation_match("the U.S. Census Bureau", "Census Bureau")
    (True, True)
    >>> organisation_match("Harbor Board", "the Harbor Board of Trustees"), organisation_match("OUSD", "Oakland")
    (True, False)
    >>> organisation_match("California Department of Education", "California")
    False
    >>> organisation_match("Ace Bank (AB)", "AB")
    True
    """
    f = _org_tokens(found or "")
    if not f:
        return False
    names = [re.sub(r"\([^)]*\)", " ", gold)] + re.findall(r"\(([^)]*)\)", gold)
    for g in filter(None, map(_org_tokens, names)):
        if _run(g, f) or (2 * len(f) >= len(g) and _run(f, g)):
            return True
    return False


def _org_tokens(name: str) -> tuple[str, ...]:
    tokens = name_tokens(name)
    return tokens[1:] if tokens[:1] == ("the",) else tokens


def _run(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``short`` occurs in ``long`` as consecutive words."""
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def speaker_title(quote: dict[str, Any]) -> str:
    """What tieline says the speaker is: ``speaker_description`` and ``speaker_affiliation``; an
    affiliation that is only the speaker's country is left out (the gold titles are job titles)."""
    affiliation = quote.get("speaker_affiliation")
    if affiliation and affiliation == country_names().get(quote.get("speaker_country") or ""):
        affiliation = None
    return " ".join(p for p in (quote.get("speaker_description"), affiliation) if p)


# --- scoring --------------------------------------------------------------------------------


def _gold_people(row: dict[str, str]) -> list[tuple[str, str]]:
    """The (name, title) pairs a named-person row gives (:func:`clean_gold_name`)."""
    return clean_gold_name(row["name"], row["title"], Counter())


def _quote_row(quote: dict[str, Any]) -> dict[str, Any]:
    return {key: quote.get(key) for key in ("text", "start", "end", "kind", "speaker", "speaker_type",
                                            "speaker_description", "speaker_affiliation", "attribution")}


def score_article(item: Article, doc) -> dict[str, Any]:
    """One article's row: every gold statement with its match (if any) and the name and title
    checks, and the quotes no statement matched. ``doc`` needs ``text``, ``sentences`` and ``quotes``
    (``None``: the article was not analysed, nothing is found).
    """
    gold = read_gold(item.gold_path)
    quotes = list(doc.quotes) if doc is not None else []
    text = doc.text if doc is not None else ""
    sentences = [(s.start, s.end) for s in doc.sentences] if doc is not None else []
    gold_bags = [statement_tokens(row["statement"]) for row in gold]
    quote_bags = [(statement_tokens(q["text"]), statement_tokens(quote_context(text, sentences, q["start"], q["end"])))
                  for q in quotes]
    strict = match(gold_bags, quote_bags, MATCH_F1)
    loose = match(gold_bags, quote_bags, LOOSE_F1)
    statements = []
    for index, row in enumerate(gold):
        kind = normalise_type(row["type"])
        entry: dict[str, Any] = {"no": index + 1, "type": kind, "name": row["name"], "title": row["title"],
                                 "statement": row["statement"], "found": index in strict,
                                 "found_loose": index in loose}
        best = max((match_score(gold_bags[index], *bags) for bags in quote_bags), default=0.0)
        entry["best_score"] = round(best, 4)
        if index in strict:
            q, score = strict[index]
            quote = quotes[q]
            entry.update(score=round(score, 4), quote=_quote_row(quote))
            if kind == PERSON:
                people = _gold_people(row)
                if people:
                    entry["name_correct"] = any(names_match(name, quote.get("speaker") or "") for name, _ in people)
                    titles = [t for _, t in people if t]
                    if titles:
                        predicted = speaker_title(quote)
                        f1 = max(title_f1(predicted, t) for t in titles)
                        entry.update(title_f1=round(f1, 4), title_correct=f1 >= TITLE_F1_THRESHOLD,
                                     no_title=not predicted)
            elif kind == ORGANISATION and row["name"]:
                entry["name_correct"] = organisation_match(row["name"], quote.get("speaker"))
        statements.append(entry)
    matched = {q for q, _ in strict.values()}
    return {
        "article": item.id, "file": item.text_path.name, "skipped": getattr(doc, "skipped", "missing"),
        "quotes": len(quotes), "found": len(strict), "found_loose": len(loose), "statements": statements,
        "unmatched_quotes": [_quote_row(q) for i, q in enumerate(quotes) if i not in matched],
    }


def _count(statements: list[dict[str, Any]], key: str) -> tuple[int, int]:
    scored = [s for s in statements if key in s]
    return sum(bool(s[key]) for s in scored), len(scored)


def evaluate(data_dir: str | Path = DEFAULT_DATA, pipeline=None) -> dict[str, Any]:
    """Run tieline on the set and score its quotes; see the module's docstring.

    ``pipeline`` defaults to :func:`tieline.registry.default_pipeline` (it must end with the
    quotes stage). The result holds the metrics, the counts behind them, ``seconds`` (wall
    time) and one row per article.
    """
    from ..registry import default_pipeline

    started = time.perf_counter()
    items = articles(data_dir)
    pipeline = pipeline or default_pipeline()
    with tempfile.TemporaryDirectory(prefix="tieline-markkula-quotes-") as workdir:
        docs, rewritten = _analyse(items, pipeline, Path(workdir))
    rows = [score_article(item, docs.get(item.id)) for item in items]
    statements = [s for row in rows for s in row["statements"]]
    found = [s for s in statements if s["found"]]
    names_right, names = _count([s for s in found if s["type"] == PERSON], "name_correct")
    orgs_right, orgs = _count([s for s in found if s["type"] == ORGANISATION], "name_correct")
    titles_right, titles = _count(found, "title_correct")
    titled = [s for s in found if "title_correct" in s]
    given = [s for s in titled if not s["no_title"]]
    both = [s for s in titled if s.get("name_correct")]
    quotes = sum(row["quotes"] for row in rows)
    by_type = {}
    for kind in sorted({s["type"] for s in statements}):
        of_kind = [s for s in statements if s["type"] == kind]
        by_type[kind] = {"statements": len(of_kind), "found": sum(s["found"] for s in of_kind),
                         "found_share": _share(sum(s["found"] for s in of_kind), len(of_kind))}
    by_kind = Counter(s["quote"]["kind"] for s in found)
    return {
        "benchmark": "markkula-journ-sourcing",
        "stages": dict(pipeline.versions),
        **_setting(pipeline),
        "articles": len(items),
        "articles_rewritten": rewritten,
        "statements": len(statements),
        "statements_found": len(found),
        "statement_found": _share(len(found), len(statements)),
        "statements_found_loose": sum(s["found_loose"] for s in statements),
        "statement_found_loose": _share(sum(s["found_loose"] for s in statements), len(statements)),
        "statement_found_by_type": by_type,
        "quotes": quotes,
        "quotes_matched": len(found),
        "quotes_matched_share": _share(len(found), quotes),
        "matched_by_quote_kind": dict(sorted(by_kind.items())),
        "names": names,
        "names_correct": names_right,
        "name_accuracy": _share(names_right, names),
        "names_not_a_name": sum(s["type"] == PERSON and "name_correct" not in s for s in found),
        "organisations": orgs,
        "organisations_correct": orgs_right,
        "organisation_accuracy": _share(orgs_right, orgs),
        "titles": titles,
        "titles_correct": titles_right,
        "title_accuracy": _share(titles_right, titles),
        "titles_missing": len(titled) - len(given),
        "title_accuracy_when_given": _share(sum(s["title_correct"] for s in given), len(given)),
        "title_accuracy_when_name_right": _share(sum(s["title_correct"] for s in both), len(both)),
        "seconds": round(time.perf_counter() - started, 2),
        "per_article": rows,
    }


# --- output ---------------------------------------------------------------------------------


def floors(result: dict[str, Any], margin: float = 0.02) -> dict[str, float]:
    """Floors for ``eval/floors.json``: each metric minus ``margin``, rounded down to 2 decimals.

    >>> floors({"statement_found": 0.5233, "name_accuracy": 0.8, "organisation_accuracy": 0.01, "title_accuracy": 0.7})
    {'statement_found': 0.5, 'name_accuracy': 0.78, 'organisation_accuracy': 0.0, 'title_accuracy': 0.68}
    """
    return {key: max(0.0, math.floor(round((result[key] - margin) * 100, 6)) / 100) for key in METRICS}


def markdown_table(result: dict[str, Any], today: date | None = None) -> str:
    """The table of ``docs/benchmarks.md``, regenerated from a result (LLM anchors from SOURCE.md)."""
    r = result
    types = ", ".join(f"{kind} {v['found']}/{v['statements']}" for kind, v in r["statement_found_by_type"].items())
    lines = [
        "| metric | tieline | counts | LLMs (scu.edu 2026) |",
        "|---|---|---|---|",
        f"| statement found (F1 ≥ {MATCH_F1}) | {r['statement_found']:.1%} | {r['statements_found']} of "
        f"{r['statements']} gold statements | 64.9–83.7% |",
        f"| statement found, loose (F1 ≥ {LOOSE_F1}) | {r['statement_found_loose']:.1%} | "
        f"{r['statements_found_loose']} of {r['statements']} | – |",
        f"| speaker name, named people | {r['name_accuracy']:.1%} | {r['names_correct']} of {r['names']} "
        "matched statements | 79.9–89.8% (all types) |",
        f"| speaker name, named organisations | {r['organisation_accuracy']:.1%} | {r['organisations_correct']} of "
        f"{r['organisations']} matched statements | (in the above) |",
        f"| title (F1 ≥ {TITLE_F1_THRESHOLD}) | {r['title_accuracy']:.1%} | {r['titles_correct']} of {r['titles']} "
        f"matched named-person statements with a gold title | 79.8–89.5% |",
        f"| title where one was given | {r['title_accuracy_when_given']:.1%} | "
        f"{r['titles'] - r['titles_missing']} statements ({r['titles_missing']} without a title) | – |",
        f"| tieline quotes matched to a statement | {r['quotes_matched_share']:.1%} | {r['quotes_matched']} of "
        f"{r['quotes']} quotes | – |",
        f"| wall time | {r['seconds']:.1f} s | {r['articles']} articles ({r['articles_rewritten']} header blocks "
        "rewritten) | – |",
        "",
        f"Found by gold type: {types}. Matched quotes by kind: "
        f"{', '.join(f'{k} {v}' for k, v in r['matched_by_quote_kind'].items())}. "
        f"Stages: {', '.join(f'`{v}`' for v in r['stages'].values())}; model `{r.get('model', '-')}`. "
        f"Measured {(today or date.today()).isoformat()}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return markkula_main(sys.modules[__name__], argv)


if __name__ == "__main__":
    sys.exit(main())
