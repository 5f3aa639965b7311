"""RSS, Atom and RDF feeds (feedparser), and JSON Feed (read here: feedparser lacks it).

Each entry is one article; its text is the entry's content, else its summary,
with HTML turned into paragraphs. The file is decoded by :mod:`decode` first and
handed to feedparser as UTF-8 bytes in a stream -- never a string, which
feedparser would take for a URL or a path.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from tieline.readers.common import iso_date
from tieline.readers.decode import decode_or_error
from tieline.readers.html import html_to_text
from tieline.types import RawArticle, ReadError

FEED_FIX = "check that the file is a complete RSS, Atom or JSON feed"
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _no_impossible_charrefs(text: str) -> str:
    """Character references to no character (a surrogate, NUL, beyond U+10FFFF) as U+FFFD:
    feedparser's fallback parser raises on them (``&#xD800;`` in a title)."""
    def replace(match: re.Match) -> str:
        digits = match[1] or match[2]
        code = -1 if len(digits) > 8 else int(digits, 16) if match[1] else int(digits)
        return match[0] if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "&#xFFFD;"

    return _CHARREF.sub(replace, text)


#: The doctype's internal subset, and the entities it declares (name, value or SYSTEM/PUBLIC id).
_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.DOTALL)
_ENTITY = re.compile(r"""<!ENTITY\s+(%\s+)?([\w.:-]+)\s+(SYSTEM|PUBLIC|(["']))""")
_ENTITY_REFERENCE = re.compile(r"[&%][\w.:-]+;")


def _entity_guard(source: str, text: str) -> tuple[str, list[str]] | ReadError:
    """Entities the feed's doctype declares are never expanded: an entity whose value refers to
    other entities (an expansion bomb) refuses the file; the doctype of one that only declares
    plain or external entities is removed (an external one is never fetched), with a note."""
    subset = _INTERNAL_SUBSET.search(text[:100_000])
    if subset is None or "<!ENTITY" not in subset[1]:
        return text, []
    declared = _ENTITY.findall(subset[1])
    if any(_ENTITY_REFERENCE.search(value) for value in re.findall(r"<!ENTITY[^>]*?([\"'][^\"']*[\"'])", subset[1])):
        return ReadError(source, "refused: the feed's doctype declares entities built from other entities "
                                 "(an entity-expansion bomb); nothing was expanded",
                         "remove the <!DOCTYPE ...[...]> block if the feed is genuine", reason="entity_bomb")
    external = sum(1 for _, _, kind, _ in declared if kind in ("SYSTEM", "PUBLIC"))
    note = (f"the feed's doctype declares {len(declared)} entities ({external} external, never fetched); "
            "none was expanded")
    return text[:subset.start()] + text[subset.end():], [note]


def read_feed(source: str, data: bytes) -> Iterator[RawArticle | ReadError]:
    decoded = decode_or_error(source, data, markup=True)
    if isinstance(decoded, ReadError):
        yield decoded
        return
    guarded = _entity_guard(source, decoded.text)
    if isinstance(guarded, ReadError):
        yield guarded
        return
    text, entity_notes = guarded
    decoded.notes.extend(entity_notes)
    xml = _no_impossible_charrefs(_XML_ENCODING.sub(r"\1\2utf-8\2", text, count=1)).encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(xml), resolve_relative_uris=False)
    problem = _problem(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    if not parsed.entries:
        message = f"not a readable feed: {problem}" if problem else "feed has no entries"
        yield ReadError(source, message, FEED_FIX, reason="broken_feed" if problem else "no_records")
        return
    notes = list(decoded.notes)
    if problem:
        notes.append(f"feed is not well-formed ({problem}); its entries were read anyway")
    for index, entry in enumerate(parsed.entries):
        result = _entry(source, index, entry, decoded.encoding, notes)
        if isinstance(result, ReadError) and problem:
            result.message += f"; the feed is not well-formed ({problem})"
            result.fix = FEED_FIX
        yield result


def _entry(source: str, index: int, entry: Any, encoding: str, notes: list[str]) -> RawArticle | ReadError:
    where = f"{source}#{index}"
    title = _line(entry.get("title"))
    text = _entry_text(entry)
    if not text:
        return _no_text(where, index, title)
    return RawArticle(
        source=where,
        text=text,
        format="feed",
        title=title,
        published=iso_date(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")),
        byline=_rss_author(entry.get("author")),
        url=_line(entry.get("link")),
        encoding=encoding,
        notes=list(notes),
    )


def _entry_text(entry: Any) -> str:
    for detail in list(entry.get("content") or []) + [entry.get("summary_detail")]:
        if not detail or not detail.get("value"):
            continue
        value = detail["value"]
        text = html_to_text(value) if "html" in (detail.get("type") or "html") else _plain(value)
        if text:
            return text
    return ""


def read_json_feed(source: str, data: bytes) -> Iterator[RawArticle | ReadError]:
    decoded = decode_or_error(source, data, declared="utf-8")
    if isinstance(decoded, ReadError):
        yield decoded
        return
    try:
        feed = json.loads(decoded.text)
    except (ValueError, RecursionError) as error:  # RecursionError: arrays nested thousands deep
        yield ReadError(source, f"not a readable JSON Feed: invalid JSON ({error})", FEED_FIX, reason="invalid_json")
        return
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list) or not items:
        yield ReadError(source, "JSON Feed has no items", FEED_FIX, reason="no_records")
        return
    default_author = _author(feed)
    for index, item in enumerate(items):
        yield _json_item(source, index, item, default_author, decoded)


def _json_item(source: str, index: int, item: Any, default_author: str | None, decoded) -> RawArticle | ReadError:
    where = f"{source}#{index}"
    if not isinstance(item, dict):
        return ReadError(where, f"item {index} of the JSON Feed is not an object", FEED_FIX, reason="not_object")
    title = _line(item.get("title"))
    text = _json_text(item)
    if not text:
        return _no_text(where, index, title)
    date = item.get("date_published") or item.get("date_modified")
    return RawArticle(
        source=where,
        text=text,
        format="feed",
        title=title,
        published=iso_date(date),
        byline=_author(item) or default_author,
        url=_line(item.get("url")),
        encoding=decoded.encoding,
        notes=list(decoded.notes),
    )


def _json_text(item: dict) -> str:
    for key, convert in (("content_html", html_to_text), ("content_text", _plain), ("summary", _plain)):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            text = convert(value)
            if text:
                return text
    return ""


def _author(obj: dict) -> str | None:
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj.get("author")]
    names = [_line(a.get("name")) for a in authors if isinstance(a, dict)]
    return ", ".join(n for n in names if n) or None


def _problem(error: Any) -> str:
    """feedparser's complaint as one line, with the place in the file when it has one."""
    if error is None:
        return "malformed feed"
    message = error.getMessage() if hasattr(error, "getMessage") else str(error)
    if hasattr(error, "getLineNumber"):
        return f"{message} at line {error.getLineNumber()}, column {error.getColumnNumber()}"
    return " ".join(str(message).split())


def _no_text(where: str, index: int, title: str | None) -> ReadError:
    named = f" ({title!r})" if title else ""
    return ReadError(where, f"entry {index}{named} has no text: no content or summary", reason="no_text")


def _plain(value: str) -> str:
    lines = (" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _rss_author(value: Any) -> str | None:
    """RSS writes authors as ``email (Name)``; keep the name."""
    line = _line(value)
    match = re.fullmatch(r"\S+@\S+\s*\((?P<name>[^)]+)\)", line or "")
    return match["name"].strip() if match else line
