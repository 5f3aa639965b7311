"""Stage ``clean``: the article body, its title, byline and date, and what was left out.

Reads ``raw`` line by line. Each line is the title, a byline, a dateline, a
credit line, junk (with the reason from ``resources/junk.tsv``) or body. Junk
spreads to short neighbouring lines of the same box ("Get more stuff like
this" beside "Thank you for subscribing."). Body lines get the safe repairs
of ``resources/repairs.tsv``; a body that ends mid-sentence is ``truncated``.
Offsets of ``removed`` and ``repairs`` point into ``raw``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..dates import normalise_date, parse_dateline
from ..pipeline import DocStage
from ..resources import table
from ..types import Doc, Problem, Removed, Repair

#: Reasons for lines that are metadata of the article rather than junk.
METADATA_REASONS = ("title", "byline", "dateline", "credit_line")
#: The reason of a block the extractor left out of a page when nothing names a kind of junk.
OTHER = "other"
#: How many lines from the top a byline or dateline may stand.
HEADER_LINES = 5
#: Lines this short, between junk lines or between junk and the edge, join the junk.
SHORT_LINE_WORDS = 6
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’»)\]]*$|[\"”»]$")
_ENDS_CUT = re.compile(r"(…|\.\.\.|\. \. \.)[\"'”’»]?$")
_DANGLING = re.compile(r"[,;:–—-]$")
_LOWERCASE_END = re.compile(r"\b[a-z][a-z'’-]*$")
#: A last line this long that ends on a lowercase word is a sentence cut off.
PROSE_WORDS = 5
#: A last line this long with no sentence end is prose cut off, whatever its last word.
LONG_LINE_WORDS = 12
#: Share of words starting lowercase that makes a line prose rather than a list of names.
PROSE_LOWERCASE = 0.4
_BYLINE = re.compile(r"^by\s+(?P<name>[A-Z][^\n]{1,80}?)\s*$", re.I)


@dataclass
class Line:
    start: int
    end: int
    text: str
    blank_before: bool
    reason: str | None = None

    @cached_property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Rule:
    reason: str
    pattern: re.Pattern
    max_words: int


@lru_cache(maxsize=1)
def junk_rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(row["reason"], re.compile(row["pattern"], re.I), int(row["max_words"])) for row in table("junk.tsv")
    )


@lru_cache(maxsize=1)
def credit_rules() -> tuple[Rule, ...]:
    return tuple(Rule("credit_line", re.compile(row["pattern"], re.I), int(row["max_words"])) for row in table("credits.tsv"))


@lru_cache(maxsize=1)
def repair_rules() -> tuple[tuple[str, re.Pattern, str], ...]:
    return tuple((row["kind"], re.compile(row["pattern"]), row["replacement"]) for row in table("repairs.tsv"))


def split_lines(raw: str) -> list[Line]:
    """Non-blank lines of ``raw`` with their offsets, stripped of surrounding spaces."""
    lines, offset, blank = [], 0, True
    for piece in raw.split("\n"):
        stripped = piece.strip()
        if stripped:
            start = offset + (len(piece) - len(piece.lstrip()))
            lines.append(Line(start, start + len(stripped), stripped, blank_before=blank))
            blank = False
        else:
            blank = True
        offset += len(piece) + 1
    return lines


def kept_lines(raw: str, dropped: list[Removed]) -> list[Line]:
    """The lines of ``raw`` outside the ``dropped`` blocks (each block a whole line of its own)."""
    if not dropped:
        return split_lines(raw)
    lines, start = [], 0
    for block in sorted(dropped, key=lambda block: block.start):
        if not raw[start:block.start].isspace():
            lines.extend(_shifted(split_lines(raw[start:block.start]), start))
        start = max(start, block.end)
    lines.extend(_shifted(split_lines(raw[start:]), start))
    return lines


def _shifted(lines: list[Line], offset: int) -> list[Line]:
    for line in lines:
        line.start += offset
        line.end += offset
    return lines


#: Unicode spaces (no-break, thin, ideographic ...) that junk patterns see as a plain space.
_UNICODE_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def plain_spaces(text: str) -> str:
    """``text`` with Unicode spaces made plain (same length, so offsets hold)."""
    return _UNICODE_SPACE.sub(" ", text)


def match_rule(line: Line, rules: tuple[Rule, ...]) -> str | None:
    text = plain_spaces(line.text)
    for rule in rules:
        if line.words <= rule.max_words and rule.pattern.search(text):
            return rule.reason
    return None


class CleanStage(DocStage):
    """Split ``raw`` into body and removed lines; fill title, byline, date, credits, repairs, truncated."""

    name = "clean.rules.v1"
    requires = ("raw", "format", "title", "dropped")
    assigns = ("text", "title", "byline", "published", "credits", "removed", "repairs", "truncated")
    runs_on_skipped = True

    def process(self, doc: Doc) -> None:
        self.normalise_published(doc)
        lines = kept_lines(doc.raw, doc.dropped)
        self.mark_header(doc, lines)
        for line in lines:
            if line.reason is None:
                line.reason = match_rule(line, junk_rules()) or match_rule(line, credit_rules())
        spread_junk(lines)
        doc.credits = [line.text for line in lines if line.reason == "credit_line"]
        doc.removed = [Removed(line.text, line.reason, line.start, line.end) for line in lines if line.reason]
        if doc.dropped:
            doc.removed = sorted(doc.removed + self.dropped_blocks(doc), key=lambda removed: removed.start)
        body = [line for line in lines if line.reason is None]
        doc.text, doc.repairs = build_body(body)
        doc.truncated = is_truncated(body)
        if not doc.text:
            doc.problems.append(Problem(self.name, "empty_body", "no body text left after cleaning"))
            doc.skipped = doc.skipped or "empty_body"
        elif doc.page_type != "article":
            doc.skipped = doc.skipped or f"page_type:{doc.page_type}"

    def normalise_published(self, doc: Doc) -> None:
        """Turn the container's date into ``YYYY-MM-DD``; an unreadable one is noted and cleared."""
        iso = normalise_date(doc.published)
        if doc.published and not iso:
            doc.problems.append(Problem(self.name, "unreadable_date", doc.published))
        doc.published = iso

    def dropped_blocks(self, doc: Doc) -> list[Removed]:
        """The blocks the reader left out (``doc.dropped``), each with the reason the page's markup
        names, else the title's, a junk or credit rule's, else ``other``."""
        return [block if block.reason else Removed(block.text, self.dropped_reason(doc, block), block.start, block.end)
                for block in doc.dropped]

    @staticmethod
    def dropped_reason(doc: Doc, block: Removed) -> str:
        if doc.title and is_title(block.text, doc.title):
            return "title"
        line = Line(block.start, block.end, block.text, blank_before=True)
        return match_rule(line, junk_rules()) or match_rule(line, credit_rules()) or OTHER

    def mark_header(self, doc: Doc, lines: list[Line]) -> None:
        """Title, byline and dateline among the first lines."""
        if not lines:
            return
        if doc.title is None and doc.format == "text":
            doc.title = lines[0].text
            lines[0].reason = "title"
        for line in lines[:HEADER_LINES]:
            if line.reason:
                continue
            if doc.title and is_title(line.text, doc.title):
                line.reason = "title"
            elif line.words <= 10 and (date := parse_dateline(plain_spaces(line.text))):
                line.reason = "dateline"
                doc.published = doc.published or date
            elif line.words <= 10 and (match := _BYLINE.match(plain_spaces(line.text))):
                line.reason = "byline"
                doc.byline = doc.byline or match["name"]


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})
#: What separates a page title from the site's name after it ("Title - Site", "Title | Site").
_TITLE_SEPARATORS = ("-", "|", "—", "–", ":", "·", "•", "::")


def _comparable(text: str) -> str:
    return " ".join(plain_spaces(text).translate(_QUOTES).casefold().split())


def is_title(line: str, title: str) -> bool:
    """The line is the page title, or the title without the site's name after it."""
    line, title = _comparable(line), _comparable(title)
    if line == title:
        return True
    rest = title[len(line):].lstrip() if title.startswith(line) else ""
    return len(line.split()) >= 3 and rest.startswith(_TITLE_SEPARATORS)


def spread_junk(lines: list[Line]) -> None:
    """Give short unmarked lines the reason of the junk around them (a box spans several lines)."""
    changed = True
    while changed:
        changed = False
        for index, line in enumerate(lines):
            if line.reason or line.words > SHORT_LINE_WORDS:
                continue
            before = _junk_reason(lines, index - 1)
            after = _junk_reason(lines, index + 1)
            if (before or after) and before is not False and after is not False:
                line.reason = _same_box_reason(lines, index, before, after)
                changed = True


def _same_box_reason(lines: list[Line], index: int, before, after) -> str:
    """Prefer the neighbour in the same paragraph (no blank line between)."""
    if after and index + 1 < len(lines) and not lines[index + 1].blank_before:
        return after
    if before and not lines[index].blank_before:
        return before
    return before or after


def _junk_reason(lines: list[Line], index: int) -> str | None | bool:
    """The junk reason of ``lines[index]``; ``None`` past either edge; ``False`` for body."""
    if index < 0 or index >= len(lines):
        return None
    reason = lines[index].reason
    if reason in METADATA_REASONS:
        return None if reason == "credit_line" else False
    return reason or False


def build_body(body: list[Line]) -> tuple[str, list[Repair]]:
    """Join body lines (blank line between paragraphs) and apply the safe repairs."""
    parts, repairs = [], []
    for index, line in enumerate(body):
        if index:
            parts.append("\n\n" if line.blank_before else "\n")
        text, line_repairs = repair_line(line)
        parts.append(text)
        repairs.extend(line_repairs)
    return "".join(parts), repairs


def repair_line(line: Line) -> tuple[str, list[Repair]]:
    """Apply every repair rule to one line; matches are found on the original line."""
    found = []
    for kind, pattern, replacement in repair_rules():
        for match in pattern.finditer(line.text):
            found.append((match.start(), match.end(), kind, match.expand(replacement)))
    pieces, repairs, cursor = [], [], 0
    for start, end, kind, after in sorted(found):
        if start < cursor:
            continue
        pieces.append(line.text[cursor:start] + after)
        repairs.append(Repair(kind, line.text[start:end], after, line.start + start, line.start + end))
        cursor = end
    pieces.append(line.text[cursor:])
    return "".join(pieces), repairs


def is_truncated(body: list[Line]) -> bool:
    """A body is cut off when it ends with an ellipsis, or stops mid-sentence.

    Mid-sentence means: no sentence end, and a dangling comma, colon or dash; or, in a
    line of prose, a long line (``LONG_LINE_WORDS``) or a lowercase last word after at
    least ``PROSE_WORDS`` words. Lists of names and tables are not flagged.
    """
    if not body:
        return False
    last = body[-1]
    if _ENDS_CUT.search(last.text):
        return True
    if _ENDS_SENTENCE.search(last.text):
        return False
    if _DANGLING.search(last.text):
        return True
    if not is_prose(last.text):
        return False
    return last.words >= LONG_LINE_WORDS or (last.words >= PROSE_WORDS and bool(_LOWERCASE_END.search(last.text)))


def is_prose(text: str) -> bool:
    """Prose, not a list of names: at least ``PROSE_LOWERCASE`` of its words start lowercase."""
    words = text.split()
    return sum(word[0].islower() for word in words) >= PROSE_LOWERCASE * len(words)
