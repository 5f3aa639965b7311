"""The copy-detection test set: real articles, their perturbed copies, and hard negatives.

Shared by ``scripts/make_copy_testset.py`` (which writes the set to a file) and
:mod:`tieline.evaluation.copies` (which builds it in memory, or reads that file). Everything is
seeded: the same ``seed`` and corpora give the same set, byte for byte.

Sources (``../shared/data/corpora``; never copied into the repository, see each ``SOURCE.md``):

- BBC News 2004-2005 (``bbc-news-2005/articles.jsonl.gz``): every article;
- Reuters-21578 (``reuters-21578/articles.jsonl.gz``): the ``NORM`` stories of at least
  :data:`MIN_WORDS` words, hard line-wrapping undone (an indented line starts a paragraph).

Articles whose normalised text is the same as an earlier one's are dropped. Each chosen original
goes through the clean stage (``title`` + blank line + body, as a plain-text file would), and its
clean body is what the dedup stage sees and what is perturbed.

Copy kinds (one copy per original, kinds dealt in turn over a seeded order):

- ``exact`` (:func:`exact_copy`): the same words; whitespace doubled, paragraphs joined by one
  newline, quote marks straightened.
- ``near`` (:func:`near_copy`), one of three variants: ``boilerplate`` (1-3 lines of
  :data:`BOILERPLATE` added at the top and/or bottom; Reuters' closing "Reuter" removed),
  ``truncated`` (cut mid-sentence, at a word boundary, between 60% and 90% of its characters),
  ``reordered`` (paragraphs shuffled; a text of fewer than 3 paragraphs is cut into 3 runs of
  sentences first).
- ``reworded`` (:func:`reworded_copy`): words swapped for synonyms from :data:`SYNONYMS`
  (each occurrence with probability 0.8), the clauses of about half the sentences with a comma
  moved around it ("A, B." -> "B, a."), one sentence dropped (two from 8 sentences on; never the
  first), and punctuation changed (straight quotes, semicolons to commas, " - " to " -- ").

Hard negatives (:func:`negative_pairs`): pairs of different BBC articles of the same category that
share at least :data:`NEGATIVE_MIN_NAMES` capitalised names (not counting a sentence's first word)
and whose 5-shingle containment (the share of the smaller set found in the other) is below
:data:`NEGATIVE_MAX_CONTAINMENT`, so neither is an update or copy of the other; the pairs with the
most similar content words (Jaccard) are taken first, each article in one pair at most. An article
that is itself an update or copy of another of its category (half its content words shared, and
the 5-shingle test failed: the corpus has a few dozen such) is in no pair.

    >>> import random
    >>> text = "Mr Blair spoke on Monday, the BBC said. He will visit Paris. Talks start soon."
    >>> exact_copy(text, random.Random(1)) != text
    True
    >>> from tieline.dedup.fingerprint import normalise
    >>> normalise(exact_copy(text, random.Random(1))) == normalise(text)
    True
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable

from ..dedup.fingerprint import STOP_WORDS, exact_hash, shingles

#: The corpora folder, relative to ``../shared``.
CORPORA_RELATIVE = "data/corpora"
DEFAULT_CORPORA = Path("..") / "shared" / CORPORA_RELATIVE
BBC = "bbc-news-2005/articles.jsonl.gz"
REUTERS = "reuters-21578/articles.jsonl.gz"

#: Reuters stories shorter than this (in whitespace words) are left out: most are one-line briefs.
MIN_WORDS = 80

#: Hard negatives share at least this many capitalised names ...
NEGATIVE_MIN_NAMES = 2
#: ... and keep less than this share of the smaller text's word 5-shingles in the other.
NEGATIVE_MAX_CONTAINMENT = 0.3

KINDS = ("exact", "near", "reworded")
NEAR_VARIANTS = ("boilerplate", "truncated", "reordered")

#: Lines a web page wraps around an article: a subscribe box, a cookie banner, share buttons.
BOILERPLATE = (
    "Subscribe to our newsletter for the latest headlines, delivered to your inbox every morning.",
    "We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.",
    "Share this article",
    "Related stories",
    "Advertisement",
    "Follow us on Twitter and Facebook for breaking news as it happens.",
    "Copyright. All rights reserved. This material may not be published, broadcast or redistributed.",
    "Click here to read more stories like this one.",
    "Sign up for our daily briefing and never miss a story from around the world.",
)

#: The reworder's thesaurus: a word (lower case; a capitalised occurrence keeps its capital) and
#: the word a content farm's spinner puts in its place. Common newsroom words of both corpora.
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "added": "noted", "leader": "head",
    "leaders": "heads", "talks": "discussions", "support": "backing", "war": "conflict",
    "country": "nation", "countries": "nations", "statement": "declaration", "economic": "financial",
    "visit": "trip", "meeting": "gathering", "week": "seven days", "called": "described as",
    "show": "display", "shows": "displays", "sharply": "steeply", "almost": "nearly", "clear": "evident",
    "forces": "troops", "about": "regarding", "after": "following", "also": "additionally", "but": "yet",
    "because": "since", "many": "numerous", "new": "fresh", "between": "among", "including": "such as",
    "during": "throughout", "while": "whereas", "however": "nevertheless", "more": "further",
    "could": "might", "help": "assist", "strong": "robust", "ties": "links", "big": "large",
    "biggest": "largest", "company": "firm", "companies": "firms", "firm": "company", "buy": "purchase",
    "bought": "purchased", "sell": "offload", "sold": "offloaded", "rise": "increase", "rose": "climbed",
    "fell": "dropped", "fall": "drop", "profit": "earnings", "profits": "earnings", "shares": "stocks",
    "government": "administration", "plan": "proposal", "plans": "proposals", "expected": "anticipated",
    "began": "started", "begin": "start", "end": "finish", "ended": "finished", "year": "twelve months",
    "years": "years' time", "month": "four weeks", "people": "individuals", "important": "significant",
    "major": "key", "price": "cost", "prices": "costs", "market": "marketplace", "markets": "marketplaces",
    "agreed": "consented", "agreement": "accord", "deal": "pact", "announced": "revealed",
    "reported": "disclosed", "official": "representative", "officials": "representatives",
    "minister": "secretary", "chief": "head", "executive": "boss", "start": "launch", "think": "believe",
    "want": "wish", "wanted": "wished", "make": "create", "made": "created", "get": "obtain",
    "got": "obtained", "use": "employ", "used": "employed", "need": "require", "needs": "requires",
    "show's": "programme's", "film": "movie", "films": "movies", "game": "match", "games": "matches",
    "win": "victory", "won": "secured", "lost": "surrendered", "team": "squad", "players": "athletes",
    "player": "athlete", "music": "songs", "phone": "handset", "phones": "handsets", "users": "customers",
    "net": "overall", "quarter": "three-month period", "total": "sum", "increase": "rise",
    "reduce": "cut", "rate": "level", "rates": "levels", "high": "elevated", "low": "weak",
    # wire abbreviations a rewriter spells out (Reuters), and the BBC's "bn"
    "pct": "percent", "mln": "million", "dlrs": "dollars", "cts": "cents", "bn": "billion", "shr": "per share",
}

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9])")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b")


# --- sources ---------------------------------------------------------------------------------


def _rows(path: Path) -> Iterable[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def unwrap(text: str) -> str:
    """Reuters' hard-wrapped body as paragraphs: an indented line starts one, others continue it.

    >>> unwrap("First line\\nwrapped here.\\n    Second para\\nends.\\n Reuter")
    'First line wrapped here.\\n\\nSecond para ends.\\n\\nReuter'
    """
    paragraphs: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if not paragraphs or line[:1].isspace():
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return "\n\n".join(" ".join(lines) for lines in paragraphs)


def read_sources(corpora: str | Path = DEFAULT_CORPORA) -> list[dict[str, Any]]:
    """The candidate originals of both corpora, each once (by normalised text), in corpus order:
    ``{id, corpus, category, title, body, published}`` (raw body, not yet cleaned)."""
    from ..errors import InputError

    corpora = Path(corpora)
    for relative in (BBC, REUTERS):
        if not (corpora / relative).is_file():
            raise InputError(f"{corpora / relative}: no such file",
                             f"pass --data the corpora folder, normally ../shared/{CORPORA_RELATIVE}")
    found, seen = [], set()
    for row in _rows(corpora / BBC):
        found.append({"id": row["id"], "corpus": "bbc", "category": row["category"], "title": row["title"],
                      "body": row["text"], "published": None})
    for row in _rows(corpora / REUTERS):
        if row["text_type"] == "NORM" and len(row["text"].split()) >= MIN_WORDS:
            found.append({"id": row["id"], "corpus": "reuters", "category": None, "title": row["title"].strip(),
                          "body": unwrap(row["text"]), "published": None})
    unique = []
    for source in found:
        digest = exact_hash(source["body"])
        if digest not in seen:
            seen.add(digest)
            unique.append(source)
    return unique


def clean_bodies(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each source's clean body (``text``) and ``truncated`` flag, from the clean stage."""
    from ..pipeline import Pipeline
    from ..stages.clean import CleanStage
    from ..testing import make_doc

    docs = Pipeline([CleanStage()]).run_batch(
        [make_doc(f"{s['title']}\n\n{s['body']}", source=s["id"]) for s in sources])
    return [{**s, "text": doc.text, "truncated": bool(doc.truncated)} for s, doc in zip(sources, docs)]


# --- perturbations ---------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, by end punctuation and a capital (independent of tieline.dedup)."""
    return [s for s in _SENTENCE.split(paragraph) if s.strip()]


def exact_copy(text: str, rng: random.Random) -> str:
    """The same words: quote marks straightened, spaces doubled after some sentences, paragraphs
    joined by one newline (the normalised text is unchanged)."""
    out = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    out = re.sub(r"(?<=[.!?]) (?=[A-Z])", lambda m: "  " if rng.random() < 0.5 else " ", out)
    return re.sub(r"\n\s*\n", "\n" if rng.random() < 0.5 else "\n \n", out) + (" " if rng.random() < 0.5 else "")


def add_boilerplate(text: str, rng: random.Random) -> str:
    """1-3 lines of :data:`BOILERPLATE` at the top and/or bottom; a closing "Reuter" removed."""
    body = re.sub(r"\n\s*\n\s*Reuter\s*$", "", text)
    lines = rng.sample(BOILERPLATE, rng.randint(1, 3))
    split = rng.randint(0, len(lines))
    return "\n\n".join([*lines[:split], body, *lines[split:]])


def truncate(text: str, rng: random.Random) -> str:
    """Cut at a word boundary between 60% and 90% of the characters, never just after a full stop."""
    cut = int(len(text) * rng.uniform(0.6, 0.9))
    cut = text.rfind(" ", 0, cut)
    while cut > 0 and text[cut - 1] in ".!?\"”":
        cut = text.rfind(" ", 0, cut - 1)
    return text[:cut].rstrip() if cut > 0 else text


def reorder(text: str, rng: random.Random) -> str:
    """Paragraphs in a different order (a short text is cut into 3 runs of sentences first)."""
    parts = paragraphs(text)
    if len(parts) < 3:
        flat = [s for p in parts for s in sentences(p)]
        step = max(1, -(-len(flat) // 3))
        parts = [" ".join(flat[i:i + step]) for i in range(0, len(flat), step)]
    if len(parts) < 2:
        return text
    order = list(range(len(parts)))
    while order == sorted(order):
        rng.shuffle(order)
    return "\n\n".join(parts[i] for i in order)


def near_copy(text: str, rng: random.Random, variant: str | None = None) -> tuple[str, str]:
    """A near copy and its variant (one of :data:`NEAR_VARIANTS`, chosen by ``rng`` unless given)."""
    variant = variant or rng.choice(NEAR_VARIANTS)
    perturb = {"boilerplate": add_boilerplate, "truncated": truncate, "reordered": reorder}[variant]
    return perturb(text, rng), variant


def _swap(word: str, rng: random.Random) -> str:
    swap = SYNONYMS.get(word.lower())
    if swap is None or rng.random() >= 0.8 or word.isupper() and len(word) > 1:
        return word
    return swap[0].upper() + swap[1:] if word[0].isupper() else swap


def move_clause(sentence: str) -> str:
    """``"A, B."`` -> ``"B, a."`` for a sentence with a comma and no quote; else unchanged. ``A``
    keeps its capital when it opens with an acronym or two capitalised words (a name), not a
    function word.

    >>> move_clause("In London, the talks began.")
    'The talks began, in London.'
    """
    head, comma, tail = sentence.partition(", ")
    if not comma or not head.strip() or not tail.endswith(".") or re.search(r"[\"“”]", sentence) or not tail[:1].isalpha():
        return sentence
    first_words = head.split()
    name_like = first_words[0].isupper() or len(first_words) > 1 and first_words[1][:1].isupper()
    keep_capital = name_like and first_words[0].lower() not in STOP_WORDS
    first = head if keep_capital else head[0].lower() + head[1:]
    return f"{tail[0].upper()}{tail[1:-1]}, {first}."


def reworded_copy(text: str, rng: random.Random) -> str:
    """Synonyms, clauses moved, one or two sentences dropped, punctuation changed (module docstring)."""
    parts = [sentences(p) for p in paragraphs(text)]
    flat = [(i, j) for i, p in enumerate(parts) for j in range(len(p))]
    drop = set(rng.sample(flat[1:], min(len(flat) - 3, 2 if len(flat) >= 8 else 1))) if len(flat) > 3 else set()
    out = []
    for i, paragraph in enumerate(parts):
        kept = [move_clause(s) if rng.random() < 0.5 else s for j, s in enumerate(paragraph) if (i, j) not in drop]
        if kept:
            out.append(" ".join(kept))
    body = _WORD.sub(lambda m: _swap(m.group(), rng), "\n\n".join(out))
    body = body.replace("“", '"').replace("”", '"').replace("’", "'").replace(";", ",")
    return body.replace(" - ", " -- ")


# --- hard negatives --------------------------------------------------------------------------


def names(text: str) -> set[str]:
    """Capitalised words that do not open a sentence (a rough set of names).

    >>> sorted(names("The BBC said Mr Blair met Gordon Brown. Brown agreed."))
    ['Blair', 'Brown', 'Gordon']
    """
    return set(_NAME.findall(text))


def content_words(text: str) -> set[str]:
    return {w for w in (m.group().lower() for m in _WORD.finditer(text)) if len(w) >= 3 and w not in STOP_WORDS}


def containment(a: set, b: set) -> float:
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def _updates(a: dict, b: dict) -> bool:
    """Whether one article may be an update or copy of the other (5-shingle containment)."""
    return containment(shingles(a["body"]), shingles(b["body"])) >= NEGATIVE_MAX_CONTAINMENT


def negative_pairs(sources: list[dict[str, Any]], limit: int) -> list[tuple[str, str, float]]:
    """Up to ``limit`` hard-negative pairs ``(a_id, b_id, jaccard)`` among the BBC sources (module
    docstring), the most similar first, each article in one pair at most."""
    by_category: dict[str, list[dict]] = defaultdict(list)
    for s in sources:
        if s["corpus"] == "bbc":
            by_category[s["category"]].append(s)
    scored, duplicated = [], set()
    for members in by_category.values():
        words = {s["id"]: content_words(s["body"]) for s in members}
        named = {s["id"]: names(s["body"]) for s in members}
        for a, b in combinations(members, 2):
            wa, wb = words[a["id"]], words[b["id"]]
            shared = len(wa & wb)
            jaccard = shared / (len(wa) + len(wb) - shared) if wa or wb else 0.0
            if shared >= 0.5 * min(len(wa), len(wb)) and _updates(a, b):
                duplicated.update((a["id"], b["id"]))
            if jaccard >= 0.1 and len(named[a["id"]] & named[b["id"]]) >= NEGATIVE_MIN_NAMES:
                scored.append((jaccard, a, b))
    scored.sort(key=lambda t: (-t[0], t[1]["id"], t[2]["id"]))
    pairs, used = [], set(duplicated)
    for jaccard, a, b in scored:
        if len(pairs) >= limit:
            break
        if a["id"] in used or b["id"] in used:
            continue
        if _updates(a, b):
            continue
        pairs.append((a["id"], b["id"], round(jaccard, 3)))
        used.update((a["id"], b["id"]))
    return pairs


# --- the set ---------------------------------------------------------------------------------


def build(corpora: str | Path = DEFAULT_CORPORA, docs: int = 10_000, seed: int = 7,
          negatives: int | None = None) -> list[dict[str, Any]]:
    """The test set of about ``docs`` documents, in the order the harness feeds them: originals,
    then copies and negatives shuffled together.

    Each record: ``{id, role, kind, variant, of, corpus, category, truncated, text}``; ``role`` is
    ``original``, ``copy`` or ``negative``; a copy's ``of`` is its original's id, a negative's the
    article it was paired with; ``kind`` is the copy kind (None for the others).
    """
    rng = random.Random(seed)
    sources = read_sources(corpora)
    negatives = max(1, docs // 20) if negatives is None else negatives
    pairs = negative_pairs(sources, negatives)
    held = {b for _, b, _ in pairs}
    pool = [s for s in sources if s["id"] not in held]
    rng.shuffle(pool)
    paired = {a for a, _, _ in pairs}
    n_originals = max(len(pairs), (docs - len(pairs)) // 2)
    chosen = [s for s in pool if s["id"] in paired] + [s for s in pool if s["id"] not in paired]
    originals = clean_bodies(chosen[:n_originals])
    by_id = {s["id"]: s for s in sources}
    negative_docs = clean_bodies([by_id[b] for _, b, _ in pairs])
    return _records(originals, negative_docs, {b: (a, j) for a, b, j in pairs}, rng)


def _record(source: dict, role: str, **fields) -> dict[str, Any]:
    base = {"id": source["id"], "role": role, "kind": None, "variant": None, "of": None,
            "corpus": source["corpus"], "category": source["category"], "truncated": source["truncated"],
            "text": source["text"]}
    return {**base, **fields}


def _records(originals: list[dict], negative_docs: list[dict], partner: dict, rng: random.Random) -> list[dict]:
    kinds = [KINDS[i % len(KINDS)] for i in range(len(originals))]
    rng.shuffle(kinds)
    later = []
    for source, kind in zip(originals, kinds):
        later.append(make_copy(source, kind, rng))
    for source in negative_docs:
        a, jaccard = partner[source["id"]]
        later.append(_record(source, "negative", of=a, variant=f"jaccard {jaccard}"))
    rng.shuffle(later)
    return [_record(s, "original") for s in originals] + later


def make_copy(source: dict, kind: str, rng: random.Random) -> dict[str, Any]:
    """A copy record of ``source`` (a record with ``id``, ``text``...) of the given kind."""
    variant, truncated = None, source["truncated"]
    if kind == "exact":
        text = exact_copy(source["text"], rng)
    elif kind == "near":
        text, variant = near_copy(source["text"], rng)
        truncated = truncated or variant == "truncated"
    else:
        text = reworded_copy(source["text"], rng)
    return _record(source, "copy", id=f"{source['id']}#{kind}", kind=kind, variant=variant, of=source["id"],
                   truncated=truncated, text=text)


# --- replays (throughput at 100k) ------------------------------------------------------------


def cipher(records: list[dict[str, Any]], seed: int) -> dict[str, str]:
    """A seeded bijection of the content-word vocabulary of ``records`` (lower case, 3+ letters,
    no stop words) onto itself: a replay's texts keep their length, sentences, stop words and
    word-frequency shape, but share almost no content words with other replays."""
    vocabulary = sorted({w for r in records for w in content_words(r["text"])})
    shuffled = vocabulary[:]
    random.Random(seed).shuffle(shuffled)
    return dict(zip(vocabulary, shuffled))


def replay_text(text: str, mapping: dict[str, str]) -> str:
    """``text`` with each content word put through ``mapping`` (first capital or all capitals kept)."""
    def swap(match: re.Match) -> str:
        word = match.group()
        new = mapping.get(word.lower())
        if new is None:
            return word
        return new.upper() if word.isupper() and len(word) > 1 else new.capitalize() if word[0].isupper() else new
    return _WORD.sub(swap, text)


def replay(records: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """Replay ``n`` (1, 2, ...) of the set: new ids (``~rN``) and texts through :func:`cipher`.

    Copies stay copies of their replayed original; replays of one article are not copies of each other.
    """
    mapping = cipher(records, n)
    suffix = f"~r{n}"
    return [{**r, "id": r["id"] + suffix, "of": r["of"] + suffix if r["of"] else None,
             "text": replay_text(r["text"], mapping)} for r in records]


def write(records: list[dict[str, Any]], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return path


def read(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
