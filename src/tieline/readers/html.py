"""HTML pages: trafilatura finds the article text; metadata from the page's meta tags and JSON-LD.

The page is parsed once. Title, author, URL and date come from its ``<meta>`` tags and JSON-LD
(trafilatura's readers of those), a title from the ``<title>``/``<h1>`` where they say nothing, an
author from the first byline element (``rel="author"``, a class with "author" or "byline"),
and the date from htmldate's quick search (meta tags, the URL, ``<time>`` elements), else from a
dateline opening one of the body's first paragraphs. The page type
(:mod:`tieline.readers.pagetype`) says whether it is one article. The body is trafilatura's
``fast`` extraction, with ``favor_precision`` on pages that declare a schema.org ``NewsArticle``;
a body shorter than ``FALLBACK_CHARS`` is extracted again with trafilatura's fallback extractors
(readability, jusText). The article's text is the page's visible blocks in order: the body's
paragraphs, and every block the extractor left out as a line of its own in ``dropped`` with the
reason the page's markup names (:mod:`tieline.readers.page_blocks`); the clean stage removes those.
Text is NFC-normalised, as trafilatura's own output is. Measured against
trafilatura on two public sets: ``tieline eval clean`` and ``tieline eval metadata``
(docs/benchmarks.md).

Also :func:`html_to_text` for the small HTML fragments that feeds carry.
"""

from __future__ import annotations

import html
import re
import unicodedata

import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from tieline.dates import parse_dateline
from tieline.readers.decode import decode_or_error
from tieline.readers.page_blocks import page_text
from tieline.readers.pagetype import page_type
from tieline.types import RawArticle, ReadError

NO_TEXT = "no article text found in the page"
#: libxml2 stops parsing an HTML page whose elements nest deeper than this (without XML_PARSE_HUGE).
DEPTH_LIMIT = 256

#: A body shorter than this from the fast extraction is extracted again with trafilatura's
#: fallback extractors (tuned on the tune half of both sets, docs/benchmarks.md).
FALLBACK_CHARS = 600

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
    decoded = decode_or_error(source, data, declared=declared, markup=True)
    if isinstance(decoded, ReadError):
        return decoded
    return extract(source, decoded.text, url=url, encoding=decoded.encoding, notes=decoded.notes)


def extract(
    source: str, page: str, url: str | None = None, encoding: str | None = None, notes: list[str] | None = None
) -> RawArticle | ReadError:
    """Article text (paragraphs split by blank lines), title, date, author, URL and page type of one page."""
    notes = list(notes or [])
    try:
        tree = load_html(page)
        meta = _metadata(tree) if tree is not None else None
        kind, why = page_type(page, url or (meta.url if meta else None), meta.pagetype if meta else None, tree)
        published = (meta.date if meta else None) or _page_date(tree, url, notes)
        news = kind == "article" and "NewsArticle" in why  # schema.org NewsArticle or one of its subtypes
        paragraphs = _body(tree, page, url, precise=news) if tree is not None else []
        published = published or _text_date(paragraphs, notes)
        text, dropped = page_text(tree, paragraphs) if paragraphs else ("", [])
    except (ValueError, TypeError, lxml.etree.LxmlError) as error:
        return ReadError(source, f"{NO_TEXT} (the HTML could not be parsed: {error})", reason="broken_html")
    if not paragraphs:
        return _no_text(source, page)
    if kind != "article":
        notes.append(f"page type {kind}: {why}")
    return RawArticle(
        source=source,
        text=text,
        format="html",
        title=meta.title or None,
        published=published,
        byline=meta.author or None,
        url=url or meta.url or None,
        encoding=encoding,
        notes=notes,
        page_type=kind,
        dropped=dropped,
    )


def _no_text(source: str, page: str) -> ReadError:
    """No paragraphs: say so, and say why when the parser stopped at its nesting limit."""
    if _too_deep(page):
        message = f"{NO_TEXT}: its elements nest more than {DEPTH_LIMIT} levels deep, where the HTML parser stops"
        return ReadError(source, message, "save the page's text as a .txt file", reason="too_deep")
    return ReadError(source, NO_TEXT, reason="no_text")


def _too_deep(page: str) -> bool:
    """True when libxml2 gave up on ``page`` at its nesting limit (the rest of the page is lost)."""
    if page.count("<") < DEPTH_LIMIT:
        return False
    parser = lxml.etree.HTMLParser(recover=True, encoding="utf-8")
    try:
        lxml.etree.fromstring(page.encode("utf-8", errors="replace"), parser)
    except (ValueError, lxml.etree.LxmlError):
        pass
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _metadata(tree):
    """Title, author, URL, date and og:type from meta tags and JSON-LD (no whole-page search)."""
    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except (ValueError, TypeError, KeyError, AttributeError):
        pass
    if not meta.title:
        meta.title = extract_title(tree)
    if not meta.url:
        meta.url = extract_url(tree)
    if not meta.author:
        meta.author = _byline_element(tree)
    return meta


#: Elements that name the author: rel/itemprop author, or a class with "author" or "byline".
_AUTHOR_ELEMENTS = lxml.etree.XPath('(//*[@rel="author" or @itemprop="author" or contains(@class, "author") '
                                    'or contains(@class, "byline")])[position() < 6]')
_BY = re.compile(r"^(by|von|por|par|de|di|door|autor(in)?|author)\s*:?\s+", re.I)
_NOT_A_NAME = re.compile(r"\d{3}|@|https?:")


def _byline_element(tree) -> str | None:
    """The author named by the page's first byline element that reads like a name (1-5 words)."""
    for element in _AUTHOR_ELEMENTS(tree):
        name = _BY.sub("", " ".join(element.text_content().split()))
        if name and len(name.split()) <= 5 and not _NOT_A_NAME.search(name):
            return name
    return None


def _body(tree, page: str, url: str | None, precise: bool) -> list[str]:
    """The fast extraction's paragraphs (NFC); the full extraction's (with fallbacks) when those are
    short. ``precise`` (a page that declares a schema.org ``NewsArticle``) favours precision: news
    pages carry the related-story boxes and teasers that the default keeps."""
    found = trafilatura.bare_extraction(tree, url=url, include_comments=False, fast=True, favor_precision=precise)
    paragraphs = _paragraphs(found) if found is not None else []
    if len("\n\n".join(paragraphs)) < FALLBACK_CHARS:
        again = trafilatura.bare_extraction(page, url=url, include_comments=False, favor_precision=precise)
        paragraphs = (_paragraphs(again) if again is not None else []) or paragraphs
    return [unicodedata.normalize("NFC", paragraph) for paragraph in paragraphs]


def _paragraphs(doc) -> list[str]:
    body = getattr(doc, "body", None)
    if body is None or len(body) == 0:
        text = (doc.text or "").strip()
        return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    parts = (xmltotxt(child, False).strip() for child in body)
    return [part for part in parts if part]


def _text_date(paragraphs: list[str], notes: list[str]) -> str | None:
    """A date that opens one of the body's first paragraphs ("Published 14 February 2024. ...")."""
    for paragraph in paragraphs[:3]:
        for piece in (paragraph, paragraph.split(". ", 1)[0]):
            found = parse_dateline(piece[:80]) if len(piece) <= 80 else None
            if found:
                notes.append("date found at the top of the text")
                return found
    return None


def _page_date(tree, url: str | None, notes: list[str]) -> str | None:
    """htmldate's quick search (meta tags, the URL, ``<time>`` elements). Its extensive search of
    the whole page finds 2 more dates in 100 on trafilatura-eval but costs a fifth of the speed."""
    if tree is None:
        return None
    try:
        found = find_date(tree, extensive_search=False, original_date=True, url=url)
    except (ValueError, TypeError, lxml.etree.LxmlError):
        return None
    if found:
        notes.append("date found by htmldate")
    return found or None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment; block elements become paragraphs split by blank lines."""
    fragment = fragment.replace(_BREAK, "")
    if "<" not in fragment:  # text without tags: only its character references to resolve ("AT&amp;T")
        return _tidy(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError, lxml.etree.LxmlError):
        return _tidy(fragment)
    pieces: list[str] = []
    _walk(root, pieces)
    # libxml2 drops what is nested too deep; then fall back to the text between the tags.
    return _tidy("".join(pieces)) or _tidy(html.unescape(_TAG.sub(" ", fragment)))


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
