"""The blocks of an HTML page the extractor left out, with the element cue that says why.

trafilatura gives the article's paragraphs; the rest of the page (menus, consent banners, share
buttons, related links, footers) is what a reader of the page also saw. :func:`page_text` lays
both out in the page's order: every visible block (a paragraph, list item, heading, table cell,
caption ...) that the body does not hold becomes one line of its own, recorded as
a :class:`~tieline.types.Removed` with its offsets and the reason named by the innermost element around it
whose tag, class, id or role has a cue in ``resources/page_blocks.tsv`` ("share-buttons" ->
``share_prompt``), or ``""`` where no element says (the clean stage then tries its line rules).
The body's paragraphs are laid out unchanged, so the article text is trafilatura's whatever the
page looks like.

    >>> import lxml.html
    >>> tree = lxml.html.fromstring(
    ...     "<html><body><nav><a>Home</a> <a>World</a></nav><article><p>Talks ended on Friday.</p>"
    ...     "<div class='share-bar'>Share on X</div><p>Both sides spoke.</p></article>"
    ...     "<footer>(c) 2024 Daily</footer></body></html>")
    >>> text, dropped = page_text(tree, ["Talks ended on Friday.", "Both sides spoke."])
    >>> print(text)
    Home World
    <BLANKLINE>
    Talks ended on Friday.
    <BLANKLINE>
    Share on X
    <BLANKLINE>
    Both sides spoke.
    <BLANKLINE>
    (c) 2024 Daily
    >>> [(d.reason, text[d.start:d.end]) for d in dropped]
    [('site_chrome', 'Home World'), ('share_prompt', 'Share on X'), ('footer', '(c) 2024 Daily')]
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import lxml.etree

from tieline.resources import table
from tieline.types import Removed

#: Elements that end one block of text and start another.
BLOCK_TAGS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr td th section article figure figcaption "
    "header footer nav aside main address dd dt dl form fieldset legend label button select option "
    "details summary caption hr body".split()
)
#: Elements whose text no reader sees.
INVISIBLE_TAGS = frozenset("script style noscript template head title meta link svg iframe object".split())
#: A dropped block with at least this many words is judged covered by the body when this share of its
#: word trigrams is in the body (trafilatura sometimes trims a word or a link from a paragraph).
TRIGRAM_WORDS, TRIGRAM_SHARE = 8, 0.8
#: A block of fewer words is found in the body only at the start of a paragraph or line, at most
#: this many characters after the text found before it.
SHORT_WORDS, SHORT_SLACK = 4, 300
#: Elements whose attributes say nothing about one block (a page-wide ``class="has-cookie-bar"``).
_NO_CUE = frozenset(["html", "body"])


@dataclass(frozen=True)
class _Block:
    text: str
    holder: object  # the innermost block element around the text


@dataclass(frozen=True)
class CueRule:
    reason: str
    tags: frozenset[str]
    words: frozenset[str]
    parts: re.Pattern | None  # any of the row's parts, as one pattern


@lru_cache(maxsize=1)
def cue_rules() -> tuple[CueRule, ...]:
    return tuple(
        CueRule(row["reason"], frozenset(row["tags"].split()), frozenset(row["words"].split()),
                re.compile("|".join(map(re.escape, row["parts"].split()))) if row["parts"].strip() else None)
        for row in table("page_blocks.tsv")
    )


_WORD_SPLIT = re.compile(r"[\W_]+")


@lru_cache(maxsize=8192)
def cue(tag: str, *names: str | None) -> str:
    """The reason an element's tag and its class, id and role (``names``) name; ``""`` if none."""
    described = " ".join(filter(None, names)).lower()
    words = frozenset(_WORD_SPLIT.split(described)) if described else frozenset()
    for rule in cue_rules():
        if tag in rule.tags or not words.isdisjoint(rule.words) or (rule.parts and rule.parts.search(described)):
            return rule.reason
    return ""


def page_text(tree, body: list[str]) -> tuple[str, list[Removed]]:
    """The page's text in its order: the body's paragraphs as they are, and each visible block the
    body does not hold as a line of its own (blank lines between), with the dropped blocks' offsets."""
    blocks = visible_blocks(tree)
    covered, anchors = _align(blocks, body)
    pieces: list[str] = []
    dropped: list[Removed] = []
    offset, next_paragraph = 0, 0
    cues: dict = {}

    def emit(text: str, reason: str | None) -> None:
        nonlocal offset
        if pieces:
            offset += 2
        if reason is not None:
            dropped.append(Removed(text, reason, offset, offset + len(text)))
        pieces.append(text)
        offset += len(text)

    for index, block in enumerate(blocks):
        while next_paragraph < len(body) and anchors[next_paragraph] <= index:
            emit(body[next_paragraph], None)
            next_paragraph += 1
        if not covered[index]:
            emit(block.text, block_reason(block.holder, cues))
    for paragraph in body[next_paragraph:]:
        emit(paragraph, None)
    return "\n\n".join(pieces), dropped


def visible_blocks(tree) -> list[_Block]:
    """Text of the page block by block, spaces collapsed. Strips scripts, styles, comments and the
    head from ``tree`` first (the caller is done with them)."""
    lxml.etree.strip_elements(tree, lxml.etree.Comment, lxml.etree.ProcessingInstruction, *INVISIBLE_TAGS,
                              with_tail=False)
    blocks: list[_Block] = []
    current: list[str] = []
    holders = [tree]
    block_tags = BLOCK_TAGS

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            if not text.isascii() and not unicodedata.is_normalized("NFC", text):
                text = unicodedata.normalize("NFC", text)
            blocks.append(_Block(text, holders[-1]))
        current.clear()

    for event, element in lxml.etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            if element.tag in block_tags:
                if current:
                    flush()
                holders.append(element)
            if element.text:
                current.append(element.text)
            elif element.tag == "br":
                current.append(" ")
        else:
            if element.tag in block_tags:
                if current:
                    flush()
                holders.pop()
            if element.tail and element is not tree:
                current.append(element.tail)
    flush()
    return blocks


def block_reason(element, cues: dict) -> str:
    """The reason named by ``element`` or its nearest ancestor with a cue; ``""`` where none does."""
    chain = []
    while element is not None and element not in cues:
        chain.append(element)
        element = element.getparent()
    reason = cues.get(element, "") if element is not None else ""
    for holder in reversed(chain):
        reason = _own_cue(holder) or reason
        cues[holder] = reason
    return cues[chain[0]] if chain else reason


def _own_cue(element) -> str:
    tag = element.tag
    if tag in _NO_CUE:
        return ""
    get = element.get
    return cue(tag, get("class"), get("id"), get("role"))


def _normal(text: str) -> str:
    return " ".join(text.split())


def _trigrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


class _Body:
    """The body's paragraphs as one normalised string ("\n" between them), searched in page order."""

    def __init__(self, paragraphs: list[str]):
        normal = [_normal(paragraph) for paragraph in paragraphs]
        self.whole = "\n".join(normal)
        self.starts = [0]
        for text in normal[:-1]:
            self.starts.append(self.starts[-1] + len(text) + 1)
        self.position = 0
        self._trigrams: set | None = None

    def find(self, text: str) -> int:
        """Where ``text`` stands at or after the current position, on word boundaries; -1 where not.
        A short text (a menu item, a label) counts only at the start of a paragraph or line and near
        the current position, so that "World" in a menu is not found inside a sentence."""
        short = len(text.split()) < SHORT_WORDS
        at = self.position
        stop = at + SHORT_SLACK + len(text) if short else len(self.whole)
        while (at := self.whole.find(text, at, stop)) >= 0:
            before = self.whole[at - 1] if at else "\n"
            after = self.whole[at + len(text)] if at + len(text) < len(self.whole) else " "
            if (before == "\n" if short else not before.isalnum()) and not after.isalnum():
                self.position = at + len(text)
                return at
            at += 1
        return -1

    def holds_most_of(self, words: list[str]) -> bool:
        if self._trigrams is None:
            self._trigrams = _trigrams(self.whole.split())
        own = _trigrams(words)
        return len(own & self._trigrams) >= TRIGRAM_SHARE * len(own)

    def paragraph_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


def _align(blocks: list[_Block], paragraphs: list[str]) -> tuple[list[bool], list[int]]:
    """Which blocks the body holds, and for each body paragraph the index of the first block found
    in it (a paragraph found in no block stands where the previous one stood)."""
    body = _Body(paragraphs)
    covered, first_block = [], {}
    for index, block in enumerate(blocks):
        text = block.text  # spaces already collapsed
        at = body.find(text)
        if at >= 0:
            first_block.setdefault(body.paragraph_at(at), index)
            covered.append(True)
        else:
            words = text.split()
            covered.append(len(words) >= TRIGRAM_WORDS and body.holds_most_of(words))
    anchors, previous = [], 0
    for paragraph in range(len(paragraphs)):
        previous = max(previous, first_block.get(paragraph, previous))
        anchors.append(previous)
    return covered, anchors
