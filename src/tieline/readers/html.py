"""HTML pages: trafilatura finds the article text and metadata; htmldate fills a missing date.

Also :func:`html_to_text` for the small HTML fragments that feeds carry.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date
from trafilatura.xml import xmltotxt

from tieline.readers.common import binary_error
from tieline.readers.decode import NotText, decode
from tieline.types import RawArticle, ReadError

NO_TEXT = "no article text found in the page"

_BLOCKS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article "
    "figure figcaption header footer hr dd dt dl aside main address".split()
)
_DROP = frozenset(["script", "style", "noscript", "template"])
_BREAK = "\x00"  # paragraph boundary while walking; never left in the output
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\f\v\xa0\u2000-\u200a\u202f\u205f\u3000]+")



def read_html(source: str, data: bytes, declared: str | None = None, url: str | None = None) -> RawArticle | ReadError:
    """Decode a page (charset: BOM, ``declared``, then ``<meta>``) and extract its article."""
    try:
        decoded = decode(data, declared=declared, markup=True)
    except NotText as error:
        return binary_error(source, error.kind)
    return extract(source, decoded.text, url=url, encoding=decoded.encoding, notes=decoded.notes)


def extract(
    source: str, page: str, url: str | None = None, encoding: str | None = None, notes: list[str] | None = None
) -> RawArticle | ReadError:
    """Article text (paragraphs split by blank lines), title, date, author and URL of one page."""
    notes = list(notes or [])
    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    except (ValueError, TypeError, lxml.etree.LxmlError) as error:
        return ReadError(source, f"{NO_TEXT} (the HTML could not be parsed: {error})")
    text = _paragraphs(doc) if doc is not None else ""
    if not text:
        return ReadError(source, NO_TEXT)
    published = doc.date or _page_date(page, url, notes)
    return RawArticle(
        source=source,
        text=text,
        format="html",
        title=doc.title or None,
        published=published,
        byline=doc.author or None,
        url=url or doc.url or None,
        encoding=encoding,
        notes=notes,
    )


def _paragraphs(doc) -> str:
    body = getattr(doc, "body", None)
    if body is None or len(body) == 0:
        return (doc.text or "").strip()
    parts = (xmltotxt(child, False).strip() for child in body)
    return "\n\n".join(part for part in parts if part)


def _page_date(page: str, url: str | None, notes: list[str]) -> str | None:
    try:
        found = find_date(page, extensive_search=True, original_date=True, url=url)
    except (ValueError, TypeError, lxml.etree.LxmlError):
        return None
    if found:
        notes.append("date found by htmldate")
    return found or None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment; block elements become paragraphs split by blank lines."""
    fragment = fragment.replace(_BREAK, "")
    if "<" not in fragment:
        return _tidy(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError, lxml.etree.LxmlError):
        return _tidy(fragment)
    pieces: list[str] = []
    _walk(root, pieces)
    # libxml2 drops what is nested too deep; then fall back to the text between the tags.
    return _tidy("".join(pieces)) or _tidy(_TAG.sub(" ", fragment))


def _walk(root, pieces: list[str]) -> None:
    lxml.etree.strip_elements(root, lxml.etree.Comment, lxml.etree.ProcessingInstruction, *_DROP, with_tail=False)
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            pieces.append(_BREAK if tag in _BLOCKS else "\n" if tag == "br" else "")
            pieces.append(element.text or "")
        else:
            pieces.append(_BREAK if tag in _BLOCKS else "")
            if element is not root:
                pieces.append(element.tail or "")


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for chunk in re.split(f"{_BREAK}|\n\\s*\n", text):
        lines = [_SPACES.sub(" ", line).strip() for line in chunk.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)
