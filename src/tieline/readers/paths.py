"""Where the bytes come from: paths, folders, stdin, and the streams over them.

Folders are walked recursively in sorted order; hidden entries are skipped, and
so are files whose extension marks them as no article (images, styles, ...).
Every folder is entered once, so symbolic-link loops end; a link back to a folder it is inside
is reported once (``symlink_loop``) and not followed.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from tieline.readers.common import LINK_FIX
from tieline.readers.sniff import HEAD_BYTES, skipped_in_folder
from tieline.types import ReadError

STDIN = "-"
STDIN_SOURCE = "<stdin>"


@dataclass(frozen=True)
class Input:
    """One file to read: ``source`` names it in records, ``path`` is ``None`` for stdin."""

    source: str
    path: str | None


@dataclass
class Opened:
    stream: BinaryIO
    head: bytes
    size: int | None  # bytes on disk for a regular file; None for pipes and stdin


class TooBig(Exception):
    pass


def expand(paths: Iterable[str | os.PathLike]) -> Iterator[Input | ReadError]:
    """Turn the user's paths into files to read, in a stable order."""
    for given in paths:
        name = os.fsdecode(given)
        if name == STDIN:
            yield Input(STDIN_SOURCE, None)
        elif os.path.isdir(name):
            yield from _folder(name)
        else:
            yield Input(name, name)


def _folder(top: str) -> Iterator[Input | ReadError]:
    found = False
    for item in _walk(top, set()):
        found = True
        yield item
    if not found:
        yield ReadError(top, "folder has no files to read", "give a folder with text, HTML, feed, JSONL or WARC files",
                        reason="empty_folder")


def _walk(folder: str, seen: set[tuple[int, int]], above: tuple = ()) -> Iterator[Input | ReadError]:
    """The files under ``folder``; ``seen`` holds every folder entered, ``above`` the ones this one is inside."""
    try:
        info = os.stat(folder)
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield ReadError(folder, f"cannot list the folder: {error.strerror or error}", "check its permissions",
                        reason="permission" if isinstance(error, PermissionError) else "os_error")
        return
    key = (info.st_dev, info.st_ino)
    if key in above:  # a link back to a folder it is inside: reported once, not followed
        yield ReadError(folder, "symbolic link loop: it leads back to a folder it is inside; not followed",
                        LINK_FIX, reason="symlink_loop")
        return
    if key in seen:  # a second way to a folder already read: its files are read once
        return
    seen.add(key)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        full = os.path.join(folder, entry.name)
        kind = _entry_kind(entry)
        if kind == "dir":
            yield from _walk(full, seen, above + (key,))
        elif kind == "file" and not skipped_in_folder(entry.name):
            yield Input(full, full)


def _entry_kind(entry: os.DirEntry) -> str:
    """'dir', 'file' (also a broken link, to be reported) or 'other' (pipes, sockets, devices: skipped)."""
    try:
        if entry.is_dir():
            return "dir"
        if entry.is_file() or entry.is_symlink():
            return "file"
    except OSError:
        return "file"
    return "other"


def open_input(item: Input) -> Opened:
    """Open a file or stdin and read its first bytes; raise ``OSError`` when it cannot be read."""
    if item.path is None:
        raw = sys.stdin.buffer
        head = raw.read(HEAD_BYTES)
        return Opened(io.BufferedReader(_Prefixed(head, raw)), head, None)
    handle = open(item.path, "rb")  # noqa: SIM115 - closed by the caller
    try:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "is a folder", item.path)
        head = handle.read(HEAD_BYTES)
        if not stat.S_ISREG(info.st_mode):  # a pipe such as <(zcat file): no seeking back
            return Opened(io.BufferedReader(_Prefixed(head, handle, owned=True)), head, None)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return Opened(handle, head, info.st_size)


def read_capped(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read the whole stream, raising :class:`TooBig` past ``max_bytes``."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooBig()
    return data


def gunzip(stream: BinaryIO) -> tuple[io.BufferedReader, GzipGuard]:
    """A buffered reader of the decompressed data, and the guard that notes where it broke."""
    guard = GzipGuard(gzip.GzipFile(fileobj=stream, mode="rb"))
    return io.BufferedReader(guard), guard


class GzipGuard(io.RawIOBase):
    """A gzip reader that ends quietly where the data breaks and records why in ``problem``.

    ``problem`` is ``"truncated"`` when the compressed data ends early, or the
    error text when it is not gzip at all; ``None`` while all is well.
    """

    def __init__(self, inner: gzip.GzipFile):
        super().__init__()
        self.inner = inner
        self.problem: str | None = None
        self.offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self.problem is not None:
            return 0
        try:
            data = self.inner.read1(len(buffer))
        except EOFError:
            self.problem = "truncated"
            return 0
        except (gzip.BadGzipFile, zlib.error, OSError) as error:
            self.problem = str(error) or type(error).__name__
            return 0
        buffer[: len(data)] = data
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset


class _Prefixed(io.RawIOBase):
    """The bytes already read from a pipe, then the rest of the pipe."""

    def __init__(self, head: bytes, rest: BinaryIO, owned: bool = False):
        super().__init__()
        self.head = head
        self.rest = rest
        self.owned = owned  # close ``rest`` too (never stdin)
        self.offset = 0

    def close(self) -> None:
        if self.owned and not self.closed:
            self.rest.close()
        super().close()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self.head:
            data, self.head = self.head[: len(buffer)], self.head[len(buffer) :]
        else:
            data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset
