"""Small helpers shared by the readers: sizes, dates, error records."""

from __future__ import annotations

import datetime as _dt
import email.utils
import errno
import os
import re
import time

from tieline.types import ReadError

RECOPY_FIX = "re-download or re-copy the file"
MAX_BYTES_FIX = "raise --max-bytes or split the file"
LINK_FIX = "fix or remove the link"

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def human_size(n: int) -> str:
    """Return ``n`` bytes as a short decimal size: '61 MB', '12 KB', '300 bytes'."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.0f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.0f} KB"
    return f"{n} bytes"


def too_big(source: str, max_bytes: int, size: int | None = None, what: str = "file") -> ReadError:
    """The error for input over ``max_bytes``; ``size`` is ``None`` when it is not known."""
    limit = f"the {human_size(max_bytes)} limit for one article"
    if size is None:
        message = f"{what} is larger than {limit}"
    else:
        message = f"{what} is {human_size(size)}, over {limit}"
    return ReadError(source, message, MAX_BYTES_FIX, reason="too_big")


def binary_error(source: str, kind: str | None = None) -> ReadError:
    message = "binary file, not text" + (f": looks like {kind}" if kind else "")
    return ReadError(source, message, "give a text, HTML, feed, JSON Lines or WARC file", reason="binary")


def truncated_gzip(source: str, where: str = "") -> ReadError:
    message = "truncated gzip: the compressed data ends early" + (f" {where}" if where else "")
    return ReadError(source, message, RECOPY_FIX, reason="truncated_gzip")


def bad_gzip(source: str, detail: object) -> ReadError:
    return ReadError(source, f"not a valid gzip file ({detail})", RECOPY_FIX, reason="bad_gzip")


def os_error(source: str, error: OSError) -> ReadError:
    """Turn an ``OSError`` from opening or reading a path into a one-line error."""
    if isinstance(error, FileNotFoundError):
        if error.filename and os.path.islink(error.filename):
            return ReadError(source, "broken symbolic link: its target does not exist", LINK_FIX, reason="broken_link")
        return ReadError(source, "no such file or folder", "check the path", reason="not_found")
    if isinstance(error, PermissionError):
        return ReadError(source, "permission denied", "check the file's permissions", reason="permission")
    if isinstance(error, IsADirectoryError):
        return ReadError(source, "is a folder, not a file", reason="is_folder")
    if error.errno == errno.ELOOP:
        return ReadError(source, "symbolic link loop", LINK_FIX, reason="symlink_loop")
    reason = error.strerror or str(error)
    return ReadError(source, f"cannot read: {reason}", reason="os_error")


def iso_date(value: object) -> str | None:
    """Return ``YYYY-MM-DD`` for a date given as ISO text, RFC 2822 text, struct_time or datetime."""
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%d", value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, str) or not value.strip():
        return None
    match = _ISO_DATE.match(value)
    if match:
        return _checked(*match.groups())
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.strftime("%Y-%m-%d") if parsed else None


def _checked(year: str, month: str, day: str) -> str | None:
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
