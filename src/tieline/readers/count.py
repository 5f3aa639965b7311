"""About how many documents reading some paths will give, cheaply, for a progress bar's total.

One per text or HTML file; a line per JSON Lines line; a response record per WARC; an
``<item>``/``<entry>`` (or NewsML item) per feed; the items of a JSON Feed. Compressed files are
scanned decompressed, a megabyte at a time; nothing is parsed. ``None`` when it cannot be known
(stdin, or a file that cannot be opened).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("One article."), (folder / "b.jsonl").write_text('{"text": "x"}\\n{"text": "y"}\\n')
    >>> count_documents([folder])
    3
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from typing import Iterable

from . import sniff
from .paths import expand
from ..types import ReadError

CHUNK = 1 << 20
HEAD = 64 * 1024
_MARKS = {
    "warc": re.compile(rb"WARC-Type: response"),
    "feed": re.compile(rb"<(?:item|entry)[\s>/]"),
    "newsml": re.compile(rb"<(?:\w+:)?(?:NewsItem|newsItem)[\s>/]"),
    "jsonfeed": re.compile(rb'"(?:content_html|content_text)"\s*:'),
}


def count_documents(paths: Iterable[str | os.PathLike]) -> int | None:
    """About how many documents ``tieline.readers.read(paths)`` yields (``None``: cannot tell)."""
    total = 0
    for item in expand(paths):
        if isinstance(item, ReadError):
            continue
        if item.path is None:
            return None
        found = _count_file(item.path)
        if found is None:
            return None
        total += found
    return total


def _count_file(path: str) -> int | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD)
            if not head:
                return 0
            name = path
            if head.startswith(sniff.GZIP_MAGIC):
                try:
                    head = sniff.gunzip_head(head)
                except zlib.error:
                    return 1
                name = sniff.strip_gz(path)
            kind, _ = sniff.sniff(name, head)
            if kind not in _MARKS and kind != "jsonl":
                return 1
            handle.seek(0)
            return _scan(_opened(handle), kind)
    except (OSError, EOFError, zlib.error):
        return None


def _opened(handle):
    magic = handle.read(2)
    handle.seek(0)
    return gzip.GzipFile(fileobj=handle) if magic == sniff.GZIP_MAGIC[:2] else handle


def _read(stream) -> bytes:
    """The next chunk; empty at the end or where a compressed file is cut off (count what came)."""
    try:
        return stream.read1(CHUNK)
    except (EOFError, zlib.error, OSError):
        return b""


def _scan(stream, kind: str) -> int:
    """Count a kind's marks (or lines) in the stream, a chunk at a time (marks cut by a chunk edge
    are found by keeping the last bytes of each chunk)."""
    count, tail, last = 0, b"", b"\n"
    mark = _MARKS.get(kind)
    while chunk := _read(stream):
        if mark is None:
            count += chunk.count(b"\n")
            last = chunk[-1:]
        else:
            data = tail + chunk
            count += len(mark.findall(data)) - len(mark.findall(tail))
            tail = data[-64:]
    if mark is None and last != b"\n":
        count += 1
    return count
