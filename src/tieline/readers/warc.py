"""WARC files, record by record (warcio): each HTML ``response`` becomes an article.

Records are numbered from 0 in file order, counting every record (warcinfo,
request, ...), so ``source`` is ``f"{path}#{n}"`` with ``n`` the record's place.
Only 2xx responses whose HTTP Content-Type is HTML are read; the charset comes
from the HTTP header, else from the page.

A record whose data stops before its Content-Length at the end of the file is
cut short: the records before it are yielded, then one error names it. A gzip
member that ends cleanly but early only earns a note (a wrong Content-Length).
A WARC gzipped as one stream (not one member per record) is read again through
Python's gzip when it comes from a file.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tieline.readers.common import RECOPY_FIX, bad_gzip, too_big
from tieline.readers.html import read_html
from tieline.readers.paths import GzipGuard, gunzip
from tieline.types import RawArticle, ReadError

if TYPE_CHECKING:
    from tieline.readers import ReadOptions

_CHUNK = 1 << 16
SINGLE_GZIP_FIX = "decompress it, or recompress it one record per gzip member ('warcio recompress')"


class _SingleGzip(Exception):
    """warcio met a WARC gzipped as one stream."""


@dataclass
class _Progress:
    number: int = -1  # the record being read
    found: bool = False  # anything yielded yet
    member: object = None  # the gzip decompressor of the last record, when warcio decompresses


def read_warc(
    source: str,
    stream: BinaryIO,
    options: ReadOptions,
    reopen: Callable[[], AbstractContextManager[BinaryIO]] | None = None,
    guard: GzipGuard | None = None,
) -> Iterator[RawArticle | ReadError]:
    """Yield an article or error per HTML response, then one error where the file breaks.

    ``stream`` is a WARC, or a gzipped WARC that warcio decompresses itself; ``reopen``
    opens the file again for a single-stream gzip. With ``guard``, ``stream`` is
    already decompressed by :func:`~tieline.readers.paths.gunzip` (stdin).
    """
    progress = _Progress()
    try:
        yield from _records(source, ArchiveIterator(stream), options, progress, guard)
        return
    except _SingleGzip:
        done = progress.number + 1
    if reopen is None:
        yield ReadError(source, "WARC gzipped as one stream cannot be read from a pipe", SINGLE_GZIP_FIX,
                        reason="warc_from_pipe")
        return
    with reopen() as raw:
        plain, guard = gunzip(raw)
        again = _Progress(found=progress.found)
        yield from _records(source, ArchiveIterator(plain), options, again, guard, skip=done)


def _records(source, records, options, progress: _Progress, guard: GzipGuard | None = None, skip: int = 0):
    iterator = iter(records)
    while True:
        try:
            with contextlib.redirect_stderr(io.StringIO()):  # warcio prints warnings about odd records
                record = next(iterator)
        except StopIteration:
            break
        except Exception as error:  # noqa: BLE001 - warcio fails in many ways on broken input
            yield _parse_failure(source, progress, guard, error)
            return
        if record.format != "warc":  # warcio takes text it cannot place for an old ARC file
            yield _parse_failure(source, progress, guard, ValueError(f"{record.format.upper()} record, not WARC"))
            return
        progress.number += 1
        if progress.number < skip:
            continue
        whole = _has_length(record)
        result = _record(source, progress.number, record, options) if whole else None
        if not whole or not _complete(records, record, result, guard):
            yield _broken(source, progress.number, _gzip_cut(records, guard), progress.found)
            return
        progress.member = getattr(getattr(records, "reader", None), "decompressor", None)
        if result is not None:
            progress.found = True
            yield result
    if _ends_early(records, progress, guard):
        gzip_problem = guard.problem if guard is not None else "truncated" if progress.member else None
        yield _broken(source, progress.number + 1, gzip_problem, progress.found)
    elif not progress.found:
        yield ReadError(source, "no HTML response records in the WARC file", reason="no_records")


def _parse_failure(source: str, progress: _Progress, guard: GzipGuard | None, error: Exception) -> ReadError:
    if isinstance(error, ArchiveLoadFailed) and "non-chunked gzip" in str(error):
        raise _SingleGzip() from error
    if guard is not None and guard.problem:
        return _broken(source, progress.number + 1, guard.problem, True)
    if progress.number < 0:
        return ReadError(source, f"not a WARC file ({_one_line(error)})", "give a .warc or .warc.gz file",
                         reason="not_warc")
    number = progress.number + 1
    return ReadError(f"{source}#{number}", f"broken WARC: record {number} cannot be read ({_one_line(error)})",
                     RECOPY_FIX, reason="broken_warc")


def _record(source: str, number: int, record, options: ReadOptions) -> RawArticle | ReadError | None:
    content_type = _html_content_type(record)
    if content_type is None:
        return None
    where = f"{source}#{number}"
    try:
        body = record.content_stream().read(options.max_bytes + 1)
    except Exception as error:  # noqa: BLE001 - warcio's chunked/gzip decoding of a broken body
        return ReadError(where, f"record {number}: the HTTP body cannot be decoded ({_one_line(error)})",
                         reason="broken_warc")
    if len(body) > options.max_bytes:
        return too_big(where, options.max_bytes, what=f"record {number}")
    if not body.strip():
        return ReadError(where, f"record {number}: empty HTML response", reason="no_text")
    url = record.rec_headers.get_header("WARC-Target-URI")
    return read_html(where, body, declared=_charset(content_type), url=url)


def _html_content_type(record) -> str | None:
    """The HTTP Content-Type of a 2xx HTML response record, else ``None``."""
    if record.rec_type != "response" or not record.http_headers:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    if not status.startswith("2") or "html" not in content_type.lower():
        return None
    return content_type


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def _complete(records, record, result, guard: GzipGuard | None) -> bool:
    """Read the record to its end; False when the data stops before it."""
    raw = record.raw_stream
    try:
        while raw.read(_CHUNK):
            pass
    except Exception:  # noqa: BLE001 - a broken gzip member inside warcio
        return False
    missing = getattr(raw, "limit", 0)
    if missing <= 0:
        return True
    if guard is None and _member_ended(records):
        if isinstance(result, RawArticle):
            result.notes.append(f"WARC Content-Length is {missing} bytes more than the record holds")
        return True
    return False


def _has_length(record) -> bool:
    """Every WARC record names its length; one without lost its headers to a cut."""
    length = record.rec_headers.get_header("Content-Length")
    return record.format != "warc" or (length or "").strip().isdigit()


def _left_over(records) -> bool:
    """True when bytes follow the last whole record: the next one was cut inside its headers."""
    try:
        return records.fh.tell() > records.offset
    except (AttributeError, OSError, ValueError):
        return False


def _ends_early(records, progress: _Progress, guard: GzipGuard | None) -> bool:
    """After the last record: did the data break off?

    So it did when the gzip stream broke, when bytes follow the last whole record
    (the next was cut inside its headers), when the last gzip member lacks its
    trailer, or when no blank lines close the last record of a plain WARC.
    """
    if guard is not None and guard.problem or _left_over(records):
        return True
    if progress.member is not None:
        return not getattr(progress.member, "eof", True)
    info = getattr(records, "member_info", None)
    return bool(guard is None and progress.number >= 0 and info and records.offset == info[0] + info[1])


def _member_ended(records) -> bool:
    """True when the record's gzip member ended cleanly (so its Content-Length was wrong)."""
    decompressor = getattr(getattr(records, "reader", None), "decompressor", None)
    return bool(decompressor is not None and decompressor.eof)


def _gzip_cut(records, guard: GzipGuard | None) -> str | None:
    """'truncated' when a gzip stream broke off, ``None`` for a plain WARC cut short."""
    if guard is not None:
        return guard.problem
    reader = getattr(records, "reader", None)
    return "truncated" if getattr(reader, "decompressor", None) is not None else None


def _broken(source: str, number: int, gzip_problem: str | None, after_some: bool) -> ReadError:
    where = f"{source}#{number}"
    if gzip_problem and gzip_problem != "truncated":
        return bad_gzip(where, f"{gzip_problem}, in record {number}")
    what, reason = ("truncated gzip", "truncated_gzip") if gzip_problem else ("truncated WARC", "truncated_warc")
    before = "; the records before it were read" if after_some else ""
    message = f"{what}: the file ends in the middle of record {number}{before}"
    return ReadError(where, message, RECOPY_FIX, reason=reason)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:200] or type(error).__name__
