"""Copy detection checked from the outside, with copies this module makes itself.

For each of the two seed articles (../shared/seeds) the module builds, from a
seeded ``random.Random``, copies in the styles an independent tool would make:

* exact: CRLF line endings, trailing spaces, non-breaking spaces, straight
  instead of curly quotes (and all of them at once), the page hard-wrapped at
  72 columns (only whitespace changes: the same normalised text);
* near: another site's boilerplate around the body, a copy cut at 70 % of the
  body (at a paragraph end, and mid-sentence), two paragraphs swapped;
* reworded: a spinner with its own synonym table (over 80 common news words)
  and other spinner habits (``X said`` <-> ``said X``, contractions, ``A and B``
  -> ``B and A``, two short sentences merged, a long one split, one or two
  sentences dropped in the middle).

Each seed/copy pair is written to two plain-text files and analysed with
``tieline.analyze`` and the stages ``tieline analyze`` runs by default, once with
the seed first and once with the copy first. The stages are built once per
module; only the dedup stage is fresh per case, so no case sees another's copies.

Expected direction: the canonical document is the most complete one (not
truncated, then the longest clean body), then the earliest. "Truncated" and
"body length" are what this module knows about its own copies (a copy cut at
70 % is truncated even when it ends on a full stop). Bodies whose lengths are
within 3 % of each other are a tie, as are exact copies; for a tie either
document may be canonical, but exactly one must be and the other must point
to it with the expected kind.
"""

from __future__ import annotations

import random
import re
import textwrap
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

import tieline
from tieline import registry
from tieline.pipeline import Pipeline

pytestmark = pytest.mark.model

SEED_FILES = {
    "newspaper": "000_e731bccc482f2f40.txt",  # machine-reworded newspaper article, complete
    "scraped": "002_3edabc9831f43f0c.txt",  # cookie banner, subscribe box, spam, cut off mid-sentence
}
#: Seeds that are themselves cut off (known from reading them).
SEED_TRUNCATED = {"newspaper": False, "scraped": True}

EXACT = ("exact_crlf_trailing", "exact_nbsp", "exact_straight_quotes", "exact_all", "exact_wrap72")
NEAR = ("near_boilerplate", "near_cut70_paragraphs", "near_cut70_midsentence", "near_swap_paragraphs")
REWORDED = ("reworded_synonyms", "reworded_said_and_lists", "reworded_merge_split", "reworded_full")
VARIANTS = EXACT + NEAR + REWORDED
TIE_TOLERANCE = 0.03


# --------------------------------------------------------------------------- seeds


@dataclass
class Seed:
    key: str
    raw: str
    title: str
    body: list[str]  # article paragraphs
    trailer: list[str]  # credit lines that belong to the article
    junk: list[str]  # the page's own junk after the article


def load_seed(key: str) -> Seed:
    from conftest import shared_file

    raw = shared_file(f"seeds/{SEED_FILES[key]}").read_text(encoding="utf-8")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", raw) if b.strip()]
    title, rest = blocks[0], blocks[1:]
    body, trailer, junk = [], [], []
    in_junk = False
    for block in rest:
        if block.startswith("Read More:") or block == "Leave a Comment":
            in_junk = True
        if in_junk:
            junk.append(block)
        elif "contributed to the research" in block:
            trailer.append(block)
        else:
            body.append(block)
    return Seed(key, raw, title, body, trailer, junk)


def page(title: str, paragraphs: list[str]) -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def body_length(paragraphs: list[str]) -> int:
    return len("\n\n".join(paragraphs))


# --------------------------------------------------------------------------- exact copies

_CURLY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def crlf_trailing(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    lines = [line + " " * rng.choice((0, 1, 2, 3)) if line else line + rng.choice(("", " ", "\t")) for line in lines]
    return "\r\n".join(lines)


def nbsp(text: str, rng: random.Random) -> str:
    out = []
    for i, ch in enumerate(text):
        if ch == " " and (text[max(0, i - 3):i] in ("Mr.", "Ms.") or rng.random() < 0.15):
            out.append("\u00a0")
        else:
            out.append(ch)
    return "".join(out)


def straight_quotes(text: str, rng: random.Random) -> str:
    return text.translate(_CURLY).replace("\u2014", "--").replace("\u2026", "...")


def exact_all(text: str, rng: random.Random) -> str:
    return crlf_trailing(nbsp(straight_quotes(text, rng), rng), rng)


# --------------------------------------------------------------------------- near copies

HEADER = [
    "Skip to main content",
    "Home | World | Asia | Europe | Politics | Business | Opinion | Video",
    "Menu  Search  Sign in",
    "WORLD NEWS",
]
READ_MORE = [
    "Read more: Oil prices climb as OPEC+ weighs output cuts",
    "Read more: What the G7 communique says about critical minerals",
    "Read more: Five things to know about the Black Sea grain corridor",
]
NEWSLETTER = [
    "Sign up for The Morning Dispatch",
    "The day's top stories, in your inbox every weekday.",
    "Enter your email address",
    "Sign Up",
    "By signing up you agree to our Terms of Use and Privacy Policy.",
]
FOOTER = [
    "\u00a9 2024 The Global Ledger Media Group. All rights reserved.",
    "About Us | Contact | Careers | Advertise | Privacy Policy | Terms of Service | Cookie Settings",
]


def near_boilerplate(seed: Seed, rng: random.Random) -> tuple[str, list[str]]:
    body = seed.body + seed.trailer
    out: list[str] = []
    slots = sorted(rng.sample(range(2, len(seed.body) - 1), 2))
    links = rng.sample(READ_MORE, 2)
    for i, para in enumerate(body):
        out.append(para)
        if i in slots:
            out.append(links[slots.index(i)])
    text = "\n".join(HEADER) + "\n\n" + seed.title + "\n\n" + "\n\n".join(out)
    text += "\n\n" + "\n".join(NEWSLETTER) + "\n\n" + "\n".join(FOOTER) + "\n"
    return text, seed.body


def _cut_paragraphs(seed: Seed) -> list[str]:
    target = 0.7 * body_length(seed.body)
    kept: list[str] = []
    for para in seed.body:
        if body_length(kept + [para]) > target:
            break
        kept.append(para)
    return kept


def near_cut70_paragraphs(seed: Seed, rng: random.Random) -> tuple[str, list[str]]:
    kept = _cut_paragraphs(seed)
    return page(seed.title, kept), kept


def near_cut70_midsentence(seed: Seed, rng: random.Random) -> tuple[str, list[str]]:
    joined = "\n\n".join(seed.body)
    cut = int(0.7 * len(joined))
    while not joined[cut].isspace():
        cut -= 1
    body = joined[:cut].rstrip(" ,;") + "\u2026"
    paragraphs = body.split("\n\n")
    return page(seed.title, paragraphs), paragraphs


def near_swap_paragraphs(seed: Seed, rng: random.Random) -> tuple[str, list[str]]:
    blocks = [b for b in re.split(r"\n\s*\n", seed.raw)]
    body_idx = [i for i, b in enumerate(blocks) if b.strip() in seed.body[1:-1]]
    i, j = sorted(rng.sample(body_idx, 2))
    blocks[i], blocks[j] = blocks[j], blocks[i]
    return "\n\n".join(blocks), seed.body


def wrap72(text: str, rng: random.Random) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    wrapped = [textwrap.fill(b.replace("\n", " "), width=72, break_long_words=False, break_on_hyphens=False)
               for b in blocks]
    return "\n\n".join(wrapped) + "\n"


# --------------------------------------------------------------------------- the spinner

SYNONYMS = {
    "said": "stated", "says": "states", "say": "state", "leader": "chief", "leaders": "chiefs",
    "meeting": "talks", "talks": "discussions", "summit": "meeting", "country": "nation",
    "countries": "nations", "support": "backing", "war": "conflict", "conflict": "clash",
    "expert": "specialist", "experts": "specialists", "trip": "journey", "visit": "trip",
    "uncomfortable": "awkward", "reality": "truth", "firm": "steadfast", "show": "display",
    "solidarity": "unity", "fighting": "battling", "pressure": "strain", "issued": "released",
    "lengthy": "long", "statement": "declaration", "denouncing": "condemning", "interference": "meddling",
    "intimidation": "coercion", "promised": "pledged", "expand": "broaden", "ties": "links",
    "evening": "night", "stroll": "walk", "signs": "indications", "significant": "major",
    "divergence": "split", "particularly": "especially", "risk": "danger", "key": "crucial",
    "partner": "ally", "help": "assist", "revive": "revitalize", "struggling": "ailing",
    "threat": "menace", "banks": "lenders", "aiding": "assisting", "appeared": "seemed",
    "seemed": "appeared", "deter": "discourage", "discourage": "deter", "goal": "aim",
    "enemy": "foe", "potential": "possible", "acceptable": "tolerable", "indispensable": "essential",
    "friend": "companion", "reshape": "remake", "global": "worldwide", "resists": "opposes",
    "latest": "newest", "decisions": "choices", "value": "worth", "strengthening": "growing",
    "competition": "rivalry", "intense": "fierce", "essentially": "basically", "erosion": "weakening",
    "dominance": "supremacy", "grievances": "complaints", "vision": "view", "alliances": "pacts",
    "intimidate": "bully", "invasion": "incursion", "intensified": "heightened", "attempt": "effort",
    "emerged": "surfaced", "allies": "partners", "bolstered": "reinforced", "missiles": "rockets",
    "opportunity": "chance", "deepen": "strengthen", "evade": "dodge", "facilitating": "enabling",
    "useful": "helpful", "beginning": "start", "clear": "evident", "quick": "rapid",
    "decisive": "conclusive", "victory": "win", "enraged": "infuriated", "hinted": "suggested",
    "weapons": "arms", "difficult": "hard", "task": "job", "maintain": "keep", "stable": "steady",
    "situation": "circumstances", "changing": "shifting", "forces": "troops", "largest": "biggest",
    "momentum": "impetus", "officials": "authorities", "warned": "cautioned", "dire": "grave",
    "consequences": "repercussions", "major": "big", "concern": "worry", "eased": "lessened",
    "imposing": "levying", "highlighting": "underscoring", "divisions": "rifts", "idea": "notion",
    "retaliation": "reprisal", "frightening": "alarming", "definitely": "certainly", "mindset": "mentality",
    "rival": "competitor", "ability": "capacity", "seemingly": "apparently", "focus": "emphasis",
    "growth": "expansion", "agenda": "program", "serious": "severe", "miscalculation": "misjudgment",
    "declining": "waning", "problem": "issue", "advanced": "sophisticated", "strong": "robust",
    "humiliating": "embarrassing", "defeat": "loss", "probably": "likely", "ultimately": "eventually",
    "preparing": "readying", "outcomes": "scenarios", "rebuild": "reconstruct", "proposal": "plan",
    "widely": "broadly", "rejected": "dismissed", "insincere": "disingenuous", "protecting": "shielding",
    "happens": "occurs", "defeated": "beaten", "wants": "wishes", "visited": "toured",
    "popular": "well-liked", "perhaps": "maybe", "warm": "cordial", "relationship": "bond",
    "reflecting": "mirroring", "deepening": "growing", "upend": "overturn", "alliance": "coalition",
    "expectation": "hope", "subjugation": "conquest", "foundering": "faltering", "resistance": "opposition",
    "stalled": "halted", "sharply": "steeply", "escalated": "ramped up", "totally": "completely",
    "attack": "assault", "assault": "attack", "forced": "compelled", "diplomat": "envoy",
    "camaraderie": "friendship", "blowback": "backlash", "endorsing": "backing", "condemned": "denounced",
    "spoke": "talked", "telephone": "phone", "expressed": "voiced", "negotiated": "brokered",
    "resolution": "settlement", "senior": "top", "advisers": "aides", "rebuffed": "turned down",
    "requests": "appeals", "influence": "sway", "instead": "rather", "accused": "charged",
    "trying": "attempting", "sow": "spread", "discord": "division", "adventurism": "recklessness",
    "organization": "body", "advises": "counsels", "solution": "answer", "deteriorate": "worsen",
    "sever": "cut", "tensions": "strains", "rattled": "shaken", "roil": "disrupt",
    "important": "significant", "expected": "anticipated", "furor": "uproar", "subdue": "subjugate",
    "territory": "land", "explicit": "overt", "reciprocally": "in return", "decade": "ten-year span",
}
assert len(SYNONYMS) >= 80

CONTRACT = {
    "does not": "doesn\u2019t", "do not": "don\u2019t", "will not": "won\u2019t", "cannot": "can\u2019t",
    "would not": "wouldn\u2019t", "could not": "couldn\u2019t", "is not": "isn\u2019t", "it is": "it\u2019s",
}
EXPAND = {
    "doesn\u2019t": "does not", "don\u2019t": "do not", "it\u2019s": "it is", "that\u2019s": "that is",
    "can\u2019t": "cannot", "won\u2019t": "will not", "isn\u2019t": "is not",
}
#: Words an ``A and B`` pair may be turned around on.
ANDABLE = {
    "economic", "military", "ideological", "quick", "decisive", "sanctions", "tariffs", "missiles",
    "projectiles", "questions", "concerns", "interference", "intimidation", "Xi", "Putin", "Ukrainian",
    "American", "Europe", "Moscow", "Beijing", "Russia", "China", "warm", "respectful",
}
_ABBREV = re.compile(r"(?:\b(?:Mr|Ms|Mrs|Dr|St|Gen|Sen)|\b[A-Z])\.$")


def split_sentences(paragraph: str) -> list[str]:
    """A plain splitter: end mark (+ closing quote), blank, then a capital or an opening quote."""
    sentences, start = [], 0
    for m in re.finditer(r"[.!?\u2026][\u201d\"]?\s+(?=[A-Z\u201c\"])", paragraph):
        head = paragraph[start:m.start() + 1]
        if _ABBREV.search(head):
            continue
        sentences.append(paragraph[start:m.end()].strip())
        start = m.end()
    sentences.append(paragraph[start:].strip())
    return [s for s in sentences if s]


def _has_quote(sentence: str) -> bool:
    return any(q in sentence for q in "\u201c\u201d\"")


def synonyms(text: str, rng: random.Random, share: float = 0.9) -> str:
    pattern = re.compile(r"(?<![\w\-\u2019'])(" + "|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True))
                         + r")(?![\w\-])")
    return pattern.sub(lambda m: SYNONYMS[m.group(1)] if rng.random() < share else m.group(1), text)


def contractions(text: str, rng: random.Random) -> str:
    table = {**CONTRACT, **EXPAND}
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, table), key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: table[m.group(1)] if rng.random() < 0.8 else m.group(1), text)


def swap_said(text: str, rng: random.Random) -> str:
    name = r"((?:Mr\.|Ms\.)?\s?[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
    text = re.sub(r"([,.]\u201d) " + name + r" said\b", lambda m: f"{m.group(1)} said {m.group(2).strip()}", text)
    text = re.sub(r"\b([a-z]+ly )?said (Alicja Bachulska|Jude Blanchette|Wang Huiyao)\b",
                  lambda m: f"{m.group(2)} {m.group(1) or ''}said", text)
    return re.sub(r", analysts said,", ", said analysts,", text)


def swap_and(text: str, rng: random.Random) -> str:
    def turn(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        if a in ANDABLE and b in ANDABLE and rng.random() < 0.9:
            return f"{b} and {a}"
        return m.group(0)

    return re.sub(r"(?<![\w\-])([A-Za-z]+) and ([A-Za-z]+)(?![\w\-])", turn, text)


def _lower_first(sentence: str) -> str:
    first = sentence.split(" ", 1)[0]
    if first in ("The", "This", "That", "It", "He", "She", "They", "There", "But", "His", "Their", "Instead"):
        return sentence[0].lower() + sentence[1:]
    return sentence


def merge_short(paragraphs: list[list[str]], rng: random.Random, count: int = 2) -> None:
    spots = [(p, i) for p, sents in enumerate(paragraphs) for i in range(len(sents) - 1)
             if len(sents[i]) < 110 and len(sents[i + 1]) < 110 and not _has_quote(sents[i] + sents[i + 1])
             and sents[i].endswith(".")]
    for p, i in sorted(rng.sample(spots, min(count, len(spots))), reverse=True):
        sents = paragraphs[p]
        if i + 1 >= len(sents):
            continue
        glue = rng.choice(("; ", ", and "))
        sents[i : i + 2] = [sents[i][:-1] + glue + _lower_first(sents[i + 1])]


def split_long(paragraphs: list[list[str]], rng: random.Random, count: int = 2) -> None:
    spots = [(p, i) for p, sents in enumerate(paragraphs) for i, s in enumerate(sents)
             if len(s) > 140 and not _has_quote(s) and (", which " in s or ", and " in s)]
    for p, i in rng.sample(spots, min(count, len(spots))):
        s = paragraphs[p][i]
        cuts = [m for m in re.finditer(r", (which|and) ", s)]
        m = min(cuts, key=lambda c: abs(c.start() - len(s) / 2))
        rest = s[m.end():]
        second = ("It " + rest) if m.group(1) == "which" else (rest[0].upper() + rest[1:])
        paragraphs[p][i : i + 1] = [s[:m.start()] + ".", second]


def drop_middle(paragraphs: list[list[str]], rng: random.Random, count: int) -> None:
    n = len(paragraphs)
    spots = [(p, i) for p in range(1, n - 1) for i, s in enumerate(paragraphs[p])
             if len(paragraphs[p]) > 1 and not _has_quote(s) and i > 0]
    for p, i in sorted(rng.sample(spots, min(count, len(spots))), reverse=True):
        del paragraphs[p][i]


def spin(seed: Seed, rng: random.Random, *, said_and=False, merge_split=False, drop=0) -> tuple[str, list[str]]:
    paragraphs = [split_sentences(p) for p in seed.body]
    if merge_split:
        merge_short(paragraphs, rng)
        split_long(paragraphs, rng)
    if drop:
        drop_middle(paragraphs, rng, drop)
    out = []
    for sents in paragraphs:
        text = " ".join(sents)
        if said_and:
            text = swap_said(text, rng)
            text = swap_and(text, rng)
        text = contractions(text, rng)
        text = synonyms(text, rng)
        out.append(text)
    title = synonyms(seed.title, rng)
    return page(title, out + seed.trailer), out


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    seed: Seed
    variant: str
    kind: str
    text: str
    body: list[str]
    truncated: bool

    @property
    def expected_canonical(self) -> str:
        """'seed', 'copy' or 'either', by: not truncated, then the longest body (3 % is a tie)."""
        if self.kind == "exact":
            return "either"
        seed_trunc = SEED_TRUNCATED[self.seed.key]
        if seed_trunc != self.truncated:
            return "copy" if seed_trunc else "seed"
        a, b = body_length(self.seed.body), body_length(self.body)
        if abs(a - b) <= TIE_TOLERANCE * max(a, b):
            return "either"
        return "seed" if a > b else "copy"


def build_case(key: str, variant: str) -> Case:
    seed = load_seed(key)
    rng = random.Random(zlib.crc32(f"{key}/{variant}".encode()))
    trunc = SEED_TRUNCATED[key]
    if variant in EXACT:
        fn = {"exact_crlf_trailing": crlf_trailing, "exact_nbsp": nbsp,
              "exact_straight_quotes": straight_quotes, "exact_all": exact_all, "exact_wrap72": wrap72}[variant]
        return Case(seed, variant, "exact", fn(seed.raw, rng), seed.body, trunc)
    if variant in NEAR:
        text, body = globals()[variant](seed, rng)
        truncated = trunc or variant.startswith("near_cut70")
        return Case(seed, variant, "near", text, body, truncated)
    options = {
        "reworded_synonyms": {},
        "reworded_said_and_lists": {"said_and": True},
        "reworded_merge_split": {"merge_split": True},
        "reworded_full": {"said_and": True, "merge_split": True, "drop": 2},
    }[variant]
    text, body = spin(seed, rng, **options)
    return Case(seed, variant, "reworded", text, body, trunc)


# --------------------------------------------------------------------------- running tieline


@pytest.fixture(scope="module")
def stages():
    """The stages ``tieline analyze`` runs by default, built (and spaCy loaded) once."""
    pytest.importorskip("spacy")
    return registry.default_pipeline({"actors": {"tables": ()}}).stages


def analyse(stages, paths: list[Path]) -> list:
    """``tieline.analyze`` over ``paths`` with the shared stages and a fresh dedup stage."""
    fresh = [registry.get("dedup") if s.name.startswith("dedup.") else s for s in stages]
    docs = list(tieline.analyze([str(p) for p in paths], pipeline=Pipeline(fresh)))
    assert [d.source for d in docs] == [str(p) for p in paths]
    return docs


def describe(doc) -> str:
    score = doc.copy.get("score") if isinstance(doc.copy, dict) else None
    return (f"id={doc.id} duplicate_of={doc.duplicate_of} copy_kind={doc.copy_kind} score={score} "
            f"story={doc.story} truncated={doc.truncated} text_len={len(doc.text)}")


@pytest.mark.parametrize("order", ["seed_first", "copy_first"])
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_copy_is_found(stages, tmp_path, key, variant, order):
    case = build_case(key, variant)
    seed_path, copy_path = tmp_path / "seed.txt", tmp_path / "copy.txt"
    seed_path.write_bytes(case.seed.raw.encode("utf-8"))
    copy_path.write_bytes(case.text.encode("utf-8"))
    paths = [seed_path, copy_path] if order == "seed_first" else [copy_path, seed_path]
    docs = {d.source: d for d in analyse(stages, paths)}
    seed, copy = docs[str(seed_path)], docs[str(copy_path)]
    assert seed.id != copy.id, "the copy reads as the very same document; the test built a bad copy"

    expected = case.expected_canonical
    report = (f"{key}/{variant} ({order}), expected canonical: {expected}, kind {case.kind}\n"
              f"  seed: {describe(seed)}\n  copy: {describe(copy)}")
    forward = copy.duplicate_of == seed.id and copy.copy_kind == case.kind and seed.duplicate_of is None
    backward = seed.duplicate_of == copy.id and seed.copy_kind == case.kind and copy.duplicate_of is None
    if expected == "seed":
        assert forward, report
    elif expected == "copy":
        assert backward, report
    else:
        assert forward or backward, report


def test_the_two_seeds_are_not_copies(stages, tmp_path):
    paths = []
    for key, name in sorted(SEED_FILES.items()):
        seed = load_seed(key)
        path = tmp_path / name
        path.write_bytes(seed.raw.encode("utf-8"))
        paths.append(path)
    a, b = analyse(stages, paths)
    assert a.duplicate_of is None and b.duplicate_of is None, (describe(a), describe(b))
    assert a.copy_kind is None and b.copy_kind is None, (describe(a), describe(b))
    assert a.story is None or a.story != b.story, (describe(a), describe(b))
