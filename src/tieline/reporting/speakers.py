"""Who is quoted most, in what role, about which actors, with examples traced to their documents.

A speaker is an actor the quote stage identified (``speaker_id``); quotes whose speaker it could
not identify ("officials", "analysts") are counted apart. Quotes in a copy of a document are not
counted again.
"""

from __future__ import annotations

from collections import Counter

from ..store import queries
from . import charts
from .evidence import every_row
from .lookups import quote_mentions

#: How many speakers the report follows, examples it shows each, and actors in the topics chart.
TOP_SPEAKERS = 12
EXAMPLES = 3
TOP_TOPICS = 12

_KIND_ORDER = {kind: n for n, kind in enumerate(charts.QUOTE_KINDS)}


def originals(store) -> list[dict]:
    """Every quote of the store, copies of a document left out, oldest first."""
    return [row for row in every_row(queries.quote_rows, store) if row["duplicate_of"] is None]


def _most_common(values) -> str | None:
    """The most frequent non-empty value (ties: alphabetical first)."""
    counts = Counter(value for value in values if value)
    return min(counts, key=lambda value: (-counts[value], value)) if counts else None


def _ranked(counts: Counter) -> list[tuple[str, int]]:
    """``counts`` most first, ties in alphabetical order."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


#: Which quotes make the best examples: the speaker's own words first, then reported speech, then fragments.
_EXAMPLE_ORDER = {"direct": 0, "indirect": 1, "partial": 2}


def _examples(quotes: list[dict]) -> list[dict]:
    """Direct quotes first, then indirect and partial; the longest (up to 200 characters) first; one per
    document while others remain."""
    ordered = sorted(quotes, key=lambda q: (_EXAMPLE_ORDER.get(q["kind"], 9), -min(len(q["text"]), 200),
                                            q["date"] is None, q["date"] or "", q["quote_id"]))
    seen, first, rest = set(), [], []
    for quote in ordered:
        (rest if quote["document_id"] in seen else first).append(quote)
        seen.add(quote["document_id"])
    return [{**quote, "text": quote["text"].strip()} for quote in (first + rest)[:EXAMPLES]]


def _speaker(speaker_id: str, quotes: list[dict], mentions: dict[str, list[str]], names) -> dict:
    name = names[speaker_id]
    about = Counter(actor for q in quotes for actor in mentions.get(q["quote_id"], []) if actor != speaker_id)
    spoken_as = sorted({q["speaker"] for q in quotes if q["speaker"] and q["speaker"] != name})
    affiliation = _most_common(q["speaker_affiliation"] for q in quotes)
    return {
        "id": speaker_id, "name": name,
        "role": _most_common(q["speaker_description"] for q in quotes), "spoken_as": spoken_as,
        "affiliation": affiliation if affiliation != name else None,
        "quotes": len(quotes), "documents": len({q["document_id"] for q in quotes}),
        "kinds": Counter(q["kind"] for q in quotes),
        "about": [(actor, names[actor], n) for actor, n in _ranked(about)],
        "examples": _examples(quotes),
    }


def section(store, names) -> dict:
    """The speakers section: the most quoted speakers, the unidentified ones, and two charts."""
    quotes = originals(store)
    by_speaker: dict[str, list[dict]] = {}
    for quote in quotes:
        if quote["speaker_id"]:
            by_speaker.setdefault(quote["speaker_id"], []).append(quote)
    ranked = sorted(by_speaker, key=lambda sid: (-len(by_speaker[sid]), sid))[:TOP_SPEAKERS]
    mentions = quote_mentions(store, [q["quote_id"] for sid in ranked for q in by_speaker[sid]])
    top = [_speaker(sid, by_speaker[sid], mentions, names) for sid in ranked]
    unnamed = [q for q in quotes if not q["speaker_id"]]
    return {
        "quotes": len(quotes), "speakers": len(by_speaker), "top": top,
        "unnamed": len(unnamed), "unnamed_as": _ranked(Counter(q["speaker"] or "no name given" for q in unnamed)),
        "charts": _charts(top),
    }


def _charts(top: list[dict]) -> dict:
    if not top:
        return {}
    labels = [speaker["name"] for speaker in top]
    counts = [{"speaker": s["name"], "kind": kind, "quotes": s["kinds"][kind], "order": _KIND_ORDER[kind]}
              for s in top for kind in charts.QUOTE_KINDS if s["kinds"][kind]]
    totals = Counter()
    for speaker in top:
        totals.update({name: n for _, name, n in speaker["about"]})
    actors = [name for name, _ in _ranked(totals)[:TOP_TOPICS]]
    grid = [{"speaker": s["name"], "actor": name, "quotes": n} for s in top for _, name, n in s["about"] if name in actors]
    found = {"speakers": charts.speakers(counts, labels)}
    if grid:
        speaking = {cell["speaker"] for cell in grid}
        found["quote_topics"] = charts.quote_topics(grid, [name for name in labels if name in speaking], actors)
    return found
