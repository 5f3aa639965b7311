"""Read raw news files into :class:`~tieline.types.RawArticle` records.

:func:`read` takes files, folders and ``"-"`` (stdin) and yields, in a stable
order, one ``RawArticle`` per article found and one ``ReadError`` per problem.
Bad input never raises: each problem is reported and the batch goes on.

Formats (by extension, else by content): plain text, HTML, WARC (also gzipped),
JSON Lines (also gzipped), RSS/Atom/RDF feeds and JSON Feed. Any other file
with a ``.gz`` suffix is decompressed and read by the name under it. JSON Lines
and WARC are streamed; the other formats are read whole, up to ``max_bytes``.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tieline.readers import sniff
from tieline.readers.common import bad_gzip, binary_error, os_error, too_big, truncated_gzip
from tieline.readers.decode import binary_kind
from tieline.readers.paths import Input, Opened, TooBig, expand, gunzip, open_input, read_capped
from tieline.types import RawArticle, ReadError

__all__ = ["ReadOptions", "read"]

FORMATS_FIX = "give a .txt, .html, .jsonl, .warc, RSS/Atom .xml or JSON Feed .json file"


@dataclass
class ReadOptions:
    """How to read input.

    The ``*_field`` names are for JSON Lines. When a configured field is absent
    from a line, the common alternatives are tried: ``date`` for the date,
    ``body``/``content`` for the text, ``author`` for the byline, ``link`` for
    the URL, ``headline`` for the title, ``id`` for the id. The text field is the
    exception: once set to anything other than ``"text"``, only that field counts.

    ``max_bytes`` caps formats read whole (text, HTML, feeds), and one JSON line
    or one WARC record.
    """

    text_field: str = "text"
    title_field: str = "title"
    date_field: str = "published"
    byline_field: str = "byline"
    url_field: str = "url"
    id_field: str = "id"
    max_bytes: int = 50_000_000


def read(paths: Iterable[str | os.PathLike], options: ReadOptions | None = None) -> Iterator[RawArticle | ReadError]:
    """Yield a RawArticle per article and a ReadError per problem, file by file."""
    options = options or ReadOptions()
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    for item in expand(paths):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from _read_file(item, options)


def _read_file(item: Input, options: ReadOptions) -> Iterator[RawArticle | ReadError]:
    try:
        opened = open_input(item)
    except OSError as error:
        yield os_error(item.source, error)
        return
    with opened.stream:
        try:
            yield from _dispatch(item, opened, options)
        except OSError as error:
            yield os_error(item.source, error)
        except Exception as error:  # noqa: BLE001 - a reader bug must not stop the batch
            yield ReadError(item.source, f"internal error while reading ({type(error).__name__}: {error})",
                            "please report this with the file", reason="internal_error")


def _dispatch(item: Input, opened: Opened, options: ReadOptions) -> Iterator[RawArticle | ReadError]:
    from tieline.readers import warc  # the readers load their libraries on first use

    source = item.source
    if not opened.head:
        yield ReadError(source, "empty file", reason="empty")
        return
    name = "" if item.path is None else item.path
    kind, detail = sniff.sniff(name, opened.head)
    if kind == "gzip":
        yield from _read_gzip(source, name, opened, options)
    elif kind == "warc":
        yield from warc.read_warc(source, opened.stream, options)
    elif kind == "jsonl":
        yield from _read_jsonl(source, opened.stream, opened.head, options)
    else:
        yield from _read_whole(source, kind, detail, opened, options)


def _read_gzip(source: str, name: str, opened: Opened, options: ReadOptions) -> Iterator[RawArticle | ReadError]:
    from tieline.readers import warc

    try:
        head = sniff.gunzip_head(opened.head)
    except zlib.error as error:
        yield bad_gzip(source, error)
        return
    kind, detail = sniff.sniff(sniff.strip_gz(name), head)
    if kind == "warc" and opened.size is not None:
        # warcio reads gzip members itself; a single-stream gzip is reopened and read through Python's gzip
        yield from warc.read_warc(source, opened.stream, options, reopen=lambda: open(name, "rb"))
        return
    stream, guard = gunzip(opened.stream)
    if kind == "warc":
        yield from warc.read_warc(source, stream, options, guard=guard)
    elif kind == "jsonl":
        yield from _read_jsonl(source, stream, head, options, guard)
    elif kind == "gzip":
        yield ReadError(source, "gzip inside gzip is not read", "decompress the file once first", reason="nested_gzip")
    else:
        yield from _read_whole(source, kind, detail, Opened(stream, head, None), options, guard)


def _read_jsonl(source, stream, head, options, guard=None) -> Iterator[RawArticle | ReadError]:
    from tieline.readers import jsonl

    kind = binary_kind(head)
    if kind is not None:
        yield binary_error(source, kind or None)
        return
    yield from jsonl.read_jsonl(source, stream, options, guard)


def _read_whole(source, kind, detail, opened: Opened, options, guard=None) -> Iterator[RawArticle | ReadError]:
    if kind == "binary":
        yield binary_error(source, detail or None)
        return
    if kind == "unknown":
        yield ReadError(source, f"unknown format: {detail}", FORMATS_FIX, reason="unknown_format")
        return
    if opened.size is not None and opened.size > options.max_bytes:
        yield too_big(source, options.max_bytes, opened.size)
        return
    try:
        data = read_capped(opened.stream, options.max_bytes)
    except TooBig:
        yield too_big(source, options.max_bytes, None)
        return
    if guard is not None and guard.problem:
        yield truncated_gzip(source) if guard.problem == "truncated" else bad_gzip(source, guard.problem)
    elif not data:
        yield ReadError(source, "empty file", reason="empty")
    else:
        yield from _parse_whole(source, kind, data)


def _parse_whole(source: str, kind: str, data: bytes) -> Iterator[RawArticle | ReadError]:
    from tieline.readers import feeds, html, newsml, text

    if kind == "html":
        yield html.read_html(source, data)
    elif kind == "feed":
        yield from feeds.read_feed(source, data)
    elif kind == "jsonfeed":
        yield from feeds.read_json_feed(source, data)
    elif kind == "newsml":
        yield from newsml.read_newsml(source, data)
    else:
        yield text.read_text(source, data)
