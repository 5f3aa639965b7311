"""Which reader a file needs: by extension first, then by its first bytes.

:func:`sniff` returns one of ``text``, ``html``, ``feed``, ``newsml``, ``jsonfeed``,
``jsonl``, ``warc``, ``gzip`` (look inside), ``binary`` or ``unknown``, with a
detail for the last two.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import zlib

from tieline.readers.decode import binary_kind

GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 8192

EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".xml": "xml", ".rss": "xml", ".atom": "xml", ".rdf": "xml",
    ".json": "json",
}  # fmt: skip

# Skipped without a word when met inside a folder (a file named explicitly is still read).
SKIPPED_IN_FOLDERS = frozenset(
    """
    .png .jpg .jpeg .gif .webp .svg .ico .bmp .tif .tiff .avif .heic
    .css .js .mjs .map .pdf .woff .woff2 .ttf .otf .eot
    .zip .tar .tgz .bz2 .xz .7z .rar .zst .lz4 .jar
    .mp3 .mp4 .m4a .wav .ogg .webm .avi .mov .flac
    .doc .docx .xls .xlsx .ppt .pptx .odt .ods
    .exe .dll .so .dylib .o .a .pyc .class .bin .db .sqlite
    .py .sh .toml .yaml .yml .ini .cfg .lock
    """.split()
)

_FEED_ROOTS = ("rss", "feed", "rdf:rdf")
_NEWSML_ROOTS = ("newsml", "newsmessage", "newsitem")
_HTML_ROOTS = ("html", "head", "body")
#: What may stand before the root element: declarations, comments, and a doctype (with its internal
#: subset in brackets, whose entity declarations hold ">" of their own).
_PROLOG = re.compile(r"<\?.*?\?>|<!--.*?-->|<!doctype[^>\[]*(\[.*?\]\s*)?>", re.S)
_ELEMENT = re.compile(r"<([a-z_][\w:.-]*)")


def extension(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def skipped_in_folder(name: str) -> bool:
    return extension(name) in SKIPPED_IN_FOLDERS


def strip_gz(name: str) -> str:
    """The name without a trailing ``.gz``, as the file is inside its gzip wrapper."""
    return name[:-3] if name.lower().endswith(".gz") else name


def gunzip_head(head: bytes) -> bytes:
    """Decompress what the first compressed bytes give; raise ``zlib.error`` if not gzip."""
    return zlib.decompressobj(wbits=31).decompress(head, HEAD_BYTES)


def sniff(name: str, head: bytes) -> tuple[str, str]:
    """Return ``(kind, detail)`` for a file called ``name`` that starts with ``head``."""
    if head.startswith(GZIP_MAGIC):
        return "gzip", ""
    magic = binary_kind(head)
    if magic:
        return "binary", magic
    kind = EXTENSIONS.get(extension(name))
    lead = _head_text(head)
    if kind == "xml":
        return _xml_kind(lead)
    if kind == "json":
        return _json_kind(lead)
    if kind is not None:
        return kind, ""
    return _by_content(lead)


def _by_content(lead: str) -> tuple[str, str]:
    if lead.startswith("warc/"):
        return "warc", ""
    if lead.startswith("<"):
        kind, detail = _xml_kind(lead)
        return ("text", "") if kind == "unknown" else (kind, detail)
    if lead.startswith("{"):
        return _json_kind(lead)
    return "text", ""


def _xml_kind(lead: str) -> tuple[str, str]:
    root = _root(lead)
    if root in _FEED_ROOTS:
        return "feed", ""
    if root.rsplit(":", 1)[-1] in _NEWSML_ROOTS:
        return "newsml", ""
    if root in _HTML_ROOTS:
        return "html", ""
    named = f" (its root is <{root}>)" if root else ""
    return "unknown", f"XML that is not an RSS, Atom, RDF or NewsML feed{named}"


def _root(lead: str) -> str:
    """The name of the first element, skipping declarations and comments; 'html' for an HTML doctype."""
    rest = lead
    while True:
        rest = rest.lstrip()
        if rest.startswith("<!doctype html"):
            return "html"
        skipped = _PROLOG.match(rest)
        if not skipped:
            break
        rest = rest[skipped.end() :]
    match = _ELEMENT.match(rest)
    return match.group(1) if match else ""


def _json_kind(lead: str) -> tuple[str, str]:
    if "jsonfeed.org" in lead and '"version"' in lead:
        return "jsonfeed", ""
    first = lead.split("\n", 1)[0].strip()
    if "\n" not in lead or first.startswith("{") and _is_object(first):
        return "jsonl", ""
    return "unknown", "JSON that is neither a JSON Feed nor JSON Lines (one object per line)"


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        return False


def _head_text(head: bytes) -> str:
    """The first bytes as lower-case text, for looking at markers only."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(codec, errors="ignore").lower().lstrip()
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    text = head.decode("latin-1").lower()
    if "\x00" in text[:200]:
        text = text.replace("\x00", "")
    return text.lstrip()
