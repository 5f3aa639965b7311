"""NewsML: IPTC's news exchange format, as agencies and some outlets syndicate full articles.

Two generations are read: NewsML 1 (``<NewsML>`` with ``<NewsItem>`` elements: ``HeadLine``,
``ByLine``, ``FirstCreated``, the body as NITF in ``DataContent``) and NewsML-G2
(``<newsMessage>`` with ``<newsItem>``: ``headline``, ``by``, ``firstCreated``, the body as NITF or
XHTML in ``inlineXML``, or text in ``inlineData``). Each item is one article. The XML is parsed
with entity resolution and network access off: a feed cannot make tieline read a local file or
fetch anything. Element names are matched without their namespace.
"""

from __future__ import annotations

import html as html_entities
import re
from collections.abc import Iterator

import lxml.etree

from tieline.readers.common import iso_date
from tieline.readers.decode import decode_or_error
from tieline.readers.html import html_to_text
from tieline.types import RawArticle, ReadError

NEWSML_FIX = "check that the file is a complete NewsML 1 or NewsML-G2 document"

#: Where each field lies, per generation: element local names, searched in order.
_ITEMS = ("NewsItem", "newsItem")
_TITLE = ("HeadLine", "headline")
_BYLINE = ("ByLine", "Author", "by")
_DATE = ("FirstCreated", "DateLine", "firstCreated", "versionCreated", "contentCreated")
_URL = ("DerivedFrom", "DeriveredFrom", "link")
_BODY = ("body.content", "inlineXML", "inlineData")
_SUMMARY = ("Description", "SlugLine", "description")


def _parser() -> lxml.etree.XMLParser:
    return lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                recover=True, remove_comments=True)


def read_newsml(source: str, data: bytes) -> Iterator[RawArticle | ReadError]:
    """Every item of a NewsML document, or one line naming what is wrong with it."""
    decoded = decode_or_error(source, data, markup=True)
    if isinstance(decoded, ReadError):
        yield decoded
        return
    try:
        root = lxml.etree.fromstring(decoded.text.encode("utf-8"), _parser())
    except (lxml.etree.XMLSyntaxError, ValueError) as error:
        yield ReadError(source, f"not a readable NewsML document: {error}", NEWSML_FIX, reason="broken_xml")
        return
    items = [element for element in root.iter() if _local(element) in _ITEMS] if root is not None else []
    if not items:
        yield ReadError(source, "NewsML document has no news items", NEWSML_FIX, reason="no_records")
        return
    for index, item in enumerate(items):
        yield _item(f"{source}#{index}", index, item, decoded)


def _item(where: str, index: int, item, decoded) -> RawArticle | ReadError:
    title = _text(_first(item, _TITLE))
    body = _first(item, _BODY)
    text = _body_text(body) if body is not None else ""
    if not text:
        text = html_to_text(html_entities.unescape(_text(_first(item, _SUMMARY)) or ""))
    if not text:
        named = f" ({title!r})" if title else ""
        return ReadError(where, f"item {index}{named} has no text: no body, description or slug line", reason="no_text")
    url = _first(item, _URL)
    return RawArticle(
        source=where,
        text=text,
        format="newsml",
        title=html_entities.unescape(title) if title else None,
        published=iso_date(_text(_first(item, _DATE)) or None),
        byline=_text(_first(item, _BYLINE)),
        url=(_text(url) or (url.get("href") if url is not None else None)) if url is not None else None,
        encoding=decoded.encoding,
        notes=list(decoded.notes),
    )


#: Elements of a body that are not its text: pictures with their captions and rights.
_NOT_TEXT = frozenset({"media", "media-reference", "media-caption", "media-producer", "hasSyndicationRights",
                       "liscenseId", "liscensorName", "licenseId", "licensorName", "remoteContent"})


def _body_text(element) -> str:
    """Paragraphs of a body element: its markup (NITF, XHTML) and the HTML its text carries (CDATA),
    pictures and their captions left out."""
    pieces = [element.text or ""]
    for child in element:
        if _local(child) not in _NOT_TEXT:
            pieces.append(_strip_namespaces(lxml.etree.tostring(child, encoding="unicode", with_tail=False)))
        pieces.append(child.tail or "")
    return html_to_text("".join(pieces))


def _strip_namespaces(markup: str) -> str:
    return re.sub(r"(</?)[\w.-]+:", r"\1", re.sub(r'\s+xmlns(:[\w.-]+)?="[^"]*"', "", markup))


def _first(item, names: tuple[str, ...]):
    for name in names:
        for element in item.iter():
            if _local(element) == name:
                return element
    return None


def _text(element) -> str | None:
    if element is None:
        return None
    value = " ".join("".join(element.itertext()).split())
    return value or None


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
