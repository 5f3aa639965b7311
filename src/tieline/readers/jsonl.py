"""JSON Lines: one article per line, read line by line (also inside gzip).

Field names come from :class:`~tieline.readers.ReadOptions`. When the configured
field is absent, the usual alternatives are tried (see ``ALTERNATIVES``) -- except
for the text field when the user named it: then only that field counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from tieline.readers.common import bad_gzip, iso_date, too_big, truncated_gzip
from tieline.readers.decode import NotText, decode_bytes, repair
from tieline.readers.paths import GzipGuard
from tieline.types import RawArticle, ReadError

if TYPE_CHECKING:
    from tieline.readers import ReadOptions

DEFAULT_TEXT_FIELD = "text"
ALTERNATIVES = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "date": ("published", "date"),
    "byline": ("byline", "author"),
    "url": ("url", "link"),
    "id": ("id",),
}
TEXT_FIX = "name the field with --text-field"
LINE_FIX = "fix the line or remove it"


def read_jsonl(source: str, stream: BinaryIO, options: ReadOptions, guard: GzipGuard | None = None) -> Iterator:
    """Yield one RawArticle or ReadError per non-blank line, then one for a broken gzip."""
    lineno = 0
    yielded = cut = False
    while line := stream.readline(options.max_bytes + 1):
        lineno += 1
        if guard is not None and guard.problem and not line.endswith(b"\n"):
            cut = True  # a line cut short by the broken gzip: reported below
            break
        if len(line) > options.max_bytes and not line.endswith(b"\n"):
            _skip_line(stream)
            yielded = True
            yield too_big(f"{source}:{lineno}", options.max_bytes, what=f"line {lineno}")
            continue
        result = parse_line(source, lineno, line, options)
        if result is not None:
            yielded = True
            yield result
    if guard is not None and guard.problem:
        yield _gzip_problem(source, guard.problem, lineno, cut)
    elif not yielded:
        yield ReadError(source, "no JSON lines in the file", "give one JSON object per line", reason="no_records")


def parse_line(source: str, lineno: int, raw: bytes, options: ReadOptions) -> RawArticle | ReadError | None:
    """One line: ``None`` when blank, else the article or the reason it is not one."""
    where = f"{source}:{lineno}"
    try:
        decoded = decode_bytes(raw, declared="utf-8")
    except NotText:
        return ReadError(where, f"line {lineno}: binary data, not a JSON object", LINE_FIX, reason="binary")
    line = decoded.text.lstrip("\ufeff").strip()
    if not line:
        return None
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as error:  # RecursionError: arrays nested thousands deep
        detail = _json_problem(error)
        return ReadError(where, f"line {lineno}: invalid JSON ({detail})", LINE_FIX, reason="invalid_json")
    if not isinstance(obj, dict):
        return ReadError(where, f"line {lineno}: expected a JSON object, got {_kind(obj)}",
                         "give one JSON object per line", reason="not_object")
    return _article(source, lineno, obj, options, decoded.encoding, decoded.notes)


def _article(source: str, lineno: int, obj: dict, options: ReadOptions, encoding: str, notes: list[str]):
    where = f"{source}:{lineno}"
    explicit = options.text_field != DEFAULT_TEXT_FIELD
    keys = (options.text_field,) if explicit else _keys(options.text_field, "text")
    key = next((k for k in keys if k in obj), None)
    if key is None:
        return ReadError(where, f"line {lineno}: no {_names(keys)}", TEXT_FIX, reason="missing_field")
    value = obj[key]
    if not isinstance(value, str):
        message = f"line {lineno}: the '{key}' field is {_kind(value)}, not text"
        return ReadError(where, message, TEXT_FIX, reason="wrong_type")
    text, repairs = repair(value)
    if not text.strip():  # blank, or only control characters that the repair removes ("\b")
        return ReadError(where, f"line {lineno}: the '{key}' field is empty", TEXT_FIX, reason="empty_field")
    notes = notes + repairs + ([f"text from the '{key}' field"] if key != options.text_field else [])
    ident = _field(obj, _keys(options.id_field, "id"))
    published = _date(_field(obj, _keys(options.date_field, "date")), notes)
    return RawArticle(
        source=f"{source}#{ident}" if ident else where,
        text=text,
        format="jsonl",
        title=_field(obj, _keys(options.title_field, "title")),
        published=published,
        byline=_field(obj, _keys(options.byline_field, "byline")),
        url=_field(obj, _keys(options.url_field, "url")),
        encoding=encoding,
        notes=notes,
    )


def _json_problem(error: ValueError | RecursionError) -> str:
    """json's message with the column: 'Expecting ',' delimiter at column 68'."""
    if isinstance(error, RecursionError):
        return "arrays or objects nested too deeply to read"
    if not isinstance(error, json.JSONDecodeError):
        return str(error)
    return f"{error.msg.removesuffix(' at')} at column {error.colno}"  # 'Unterminated string starting at'


def _keys(configured: str, role: str) -> tuple[str, ...]:
    return (configured,) + tuple(k for k in ALTERNATIVES[role] if k != configured)


def _field(obj: dict, keys: tuple[str, ...]) -> str | None:
    """The first usable value among ``keys`` as one line of text."""
    for key in keys:
        value = _as_text(obj.get(key))
        if value:
            return value
    return None


#: Lists and objects deeper than this hold no name (and would exhaust Python's stack).
MAX_NAME_DEPTH = 8


def _as_text(value: Any, depth: int = 0) -> str | None:
    if isinstance(value, bool) or value is None or depth > MAX_NAME_DEPTH:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return " ".join(repair(value)[0].split()) or None
    if isinstance(value, dict):
        return _as_text(value.get("name"), depth + 1)
    if isinstance(value, list):
        names = [name for name in (_as_text(item, depth + 1) for item in value) if name]
        return ", ".join(names) or None
    return None


def _date(value: str | None, notes: list[str]) -> str | None:
    if value is None:
        return None
    found = iso_date(value)
    if found is None:
        notes.append(f"date {value!r} not understood; left out")
    return found


def _names(keys: tuple[str, ...]) -> str:
    first = f"'{keys[0]}' field"
    if len(keys) == 1:
        return first
    return f"{first} (nor {' or '.join(repr(k) for k in keys[1:])})"


def _kind(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}
    for cls, name in kinds.items():
        if isinstance(value, cls):
            return name
    return "a number"


def _skip_line(stream: BinaryIO) -> None:
    while chunk := stream.readline(1 << 16):
        if chunk.endswith(b"\n"):
            return


def _gzip_problem(source: str, problem: str, lineno: int, cut: bool) -> ReadError:
    where = f"in line {lineno}" if cut else f"after line {lineno}"
    at = f"{source}:{lineno}" if lineno else source
    if problem == "truncated":
        return truncated_gzip(at, f"{where}; the lines before it were read")
    return bad_gzip(at, f"{problem}, {where}")
