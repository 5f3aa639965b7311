"""Plain text files: the whole decoded file is one article, kept verbatim.

The clean stage takes the title from the first line, so ``title`` stays ``None``.
"""

from __future__ import annotations

from tieline.readers.decode import decode_or_error
from tieline.types import RawArticle, ReadError


def read_text(source: str, data: bytes) -> RawArticle | ReadError:
    decoded = decode_or_error(source, data)
    if isinstance(decoded, ReadError):
        return decoded
    if not decoded.text.strip():
        return ReadError(source, "file has only blank space, no text", reason="blank")
    return RawArticle(
        source=source,
        text=decoded.text,
        format="text",
        encoding=decoded.encoding,
        notes=decoded.notes,
    )
