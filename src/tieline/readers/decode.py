"""Bytes to text, the same way for every format.

Order: byte-order mark; then strict UTF-8 (bytes that are valid UTF-8 are read as
UTF-8 even where another charset is declared: archived pages often keep a stale
``<meta charset>``, and text in a single-byte charset is hardly ever valid UTF-8
unless it is plain ASCII, which reads the same); then the declared charset (given
by the caller, e.g. an HTTP header, or found in an HTML ``<meta>`` / XML
declaration); then charset-normalizer's guess. The text is then repaired
(:func:`repair`): NUL characters removed, mojibake mended with ftfy (curly
quotes are kept) and newlines normalised to ``\\n``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import charset_normalizer
import ftfy

# (prefix, what it is): content with these first bytes is never article text.
MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\x00\x01\x00\x00\x00", "a font"),
    (b"OggS\x00", "an Ogg media file"),
    (b"ID3\x03", "an MP3 file"),
    (b"ID3\x04", "an MP3 file"),
)

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that plain text hardly ever holds (tab, LF, FF, CR are fine).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_CONTROL_SHARE = 0.05
_SAMPLE = 8192

_META = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")

# Labels that browsers read as windows-1252, which is a superset for text.
_WINDOWS_1252 = {"latin-1", "iso8859-1", "ascii", "iso-8859-1", "us-ascii"}

_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    unescape_html=False,
    fix_line_breaks=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    normalization=None,
    explain=False,
)


class NotText(ValueError):
    """The bytes are binary or in no encoding we can find."""

    def __init__(self, kind: str | None = None):
        super().__init__(kind or "binary")
        self.kind = kind


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def decode(data: bytes, declared: str | None = None, markup: bool = False) -> Decoded:
    """Decode ``data`` and repair the text; raise :class:`NotText` for binary content.

    ``declared`` is a charset named outside the bytes (an HTTP header, "utf-8" for JSON).
    With ``markup`` a charset declared in an HTML ``<meta>`` or XML declaration is used too.
    """
    result = decode_bytes(data, declared, markup)
    text, notes = repair(result.text)
    result.text = text
    result.notes.extend(notes)
    return result


def decode_or_error(source: str, data: bytes, declared: str | None = None, markup: bool = False):
    """``decode(data)``, or for binary content the ``ReadError`` naming ``source`` (the readers' one way in)."""
    from tieline.readers.common import binary_error

    try:
        return decode(data, declared=declared, markup=markup)
    except NotText as error:
        return binary_error(source, error.kind)


def decode_bytes(data: bytes, declared: str | None = None, markup: bool = False) -> Decoded:
    """Decode without repairing: BOM, declared charset, strict UTF-8, detection."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _with_bom(data, codec)
    utf16 = _utf16_codec(data[:_SAMPLE])
    if utf16 is not None:
        text = data[: len(data) // 2 * 2].decode(utf16, errors="replace")
        return Decoded(text, utf16, ["UTF-16 without a byte-order mark"])
    kind = binary_kind(data)
    if kind is not None:
        raise NotText(kind or None)
    notes: list[str] = []
    if declared is None and markup:
        declared = declared_charset(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared and _differs_from_utf8(declared) and not text.isascii():
            notes.append(f"read as UTF-8 (valid UTF-8) although {declared!r} was declared")
        return Decoded(text, "utf-8", notes)
    if declared:
        found = _try_declared(data, declared, notes)
        if found is not None:
            return found
    return _detect(data, notes)


def _differs_from_utf8(label: str) -> bool:
    try:
        return codecs.lookup(label).name not in ("utf-8", "utf-8-sig")
    except (LookupError, ValueError):  # ValueError: a label with a NUL byte ("utf8\x00" in an HTTP header)
        return True


def repair(text: str) -> tuple[str, list[str]]:
    """Remove NULs, mend mojibake (keeping curly quotes) and normalise newlines."""
    notes = []
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
        notes.append(f"removed {nuls} NUL character{'s' if nuls > 1 else ''}")
    fixed = ftfy.fix_text(text, config=_FTFY)
    if fixed != text:
        notes.append("ftfy repaired mis-decoded characters (mojibake) or stray control characters")
    fixed = fixed.replace("\r\n", "\n").replace("\r", "\n")
    return fixed, notes


def binary_kind(data: bytes) -> str | None:
    """Return what binary ``data`` looks like, '' for unnamed binary, ``None`` for text."""
    for prefix, kind in MAGIC:
        if data.startswith(prefix):
            return kind
    sample = data[:_SAMPLE]
    if not sample:
        return None
    if _utf16_codec(sample):
        return None
    controls = sum(sample.count(bytes((b,))) for b in _CONTROL)
    return "" if controls / len(sample) > _CONTROL_SHARE else None


def declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration or HTML ``<meta>`` names in the first bytes, if any."""
    head = data[:4096]
    match = _XML_DECL.match(head) or _META.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def codec_name(label: str) -> str | None:
    """Python's name for a charset label, or ``None`` when it is unknown."""
    try:
        return codecs.lookup(label.strip().lower()).name
    except (LookupError, ValueError):
        return None


def _with_bom(data: bytes, codec: str) -> Decoded:
    name = "utf-8" if codec == "utf-8-sig" else codec
    try:
        return Decoded(data.decode(codec), name, ["byte-order mark removed"])
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        return Decoded(text, name, ["byte-order mark removed", f"bytes invalid in {name} replaced with U+FFFD"])


def _try_declared(data: bytes, declared: str, notes: list[str]) -> Decoded | None:
    name = codec_name(declared)
    if name is None:
        notes.append(f"declared charset {declared!r} is unknown; ignored")
        return None
    if name.startswith(("utf-16", "utf-32")):  # without a BOM (checked first) the label cannot be right
        notes.append(f"declared charset {declared!r} without a byte-order mark; ignored")
        return None
    if name in _WINDOWS_1252:
        name = "cp1252"
    try:
        return Decoded(data.decode(name), name, notes)
    except UnicodeDecodeError:
        notes.append(f"declared charset {declared!r} does not fit the bytes; ignored")
        return None


def _detect(data: bytes, notes: list[str]) -> Decoded:
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        raise NotText(None)
    text = str(best)
    top = [r for r in results if r.chaos <= best.chaos and r.coherence >= best.coherence - 0.02]
    codec = best.encoding
    if any(r.encoding == "cp1252" for r in top) or _same_as_cp1252(data, text):
        codec, text = "cp1252", data.decode("cp1252")
    name = codec_name(codec) or codec
    notes.append(f"no charset declared and not UTF-8; guessed {name}")
    return Decoded(text, name, notes)


def _same_as_cp1252(data: bytes, text: str) -> bool:
    try:
        return data.decode("cp1252") == text
    except UnicodeDecodeError:
        return False


def _utf16_codec(sample: bytes) -> str | None:
    """The UTF-16 codec of text without a BOM: NULs in every other byte, as ASCII in UTF-16 has."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for half, other, codec in ((even, odd, "utf-16-be"), (odd, even, "utf-16-le")):
        if half.count(0) / len(half) > 0.9 and other.count(0) / len(other) < 0.1:
            try:
                sample[: len(sample) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None
