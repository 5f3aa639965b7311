"""Is an HTML page one article? Home pages, section fronts, live blogs, galleries, search results
and video pages are not, and are marked with their page type rather than analysed as one article.

Signals, strongest first (the table is ``resources/page_types.tsv``):

1. schema.org types the page declares (JSON-LD ``@type``, microdata ``itemtype``): a
   ``LiveBlogPosting`` is a live blog; an article type (``NewsArticle``, ``BlogPosting`` ...) is an
   article; ``SearchResultsPage``, ``ImageGallery``, ``CollectionPage`` name their type;
2. ``og:type``: ``article`` or ``video``; ``website`` is weak (see 4);
3. the URL: ``/live/``, ``/gallery/``, ``/search?q=``, ``/video/`` ...;
4. the URL's shape: an empty path is a ``home`` page; a page whose ``og:type`` is ``website``
   and whose path and query have no part that looks like an article's (a slug of three words or
   more, or a number of four digits or more: a date or an id) is a ``section`` front. Otherwise,
   and without a URL, a page is an article.

    >>> page_type('<meta property="og:type" content="website">', "https://www.bbc.co.uk/news")
    ('section', 'og:type website, and no article-like segment in the URL path')
    >>> page_type('<script type="application/ld+json">{"@type": "NewsArticle"}</script>', "https://x.org/")
    ('article', 'schema.org NewsArticle')
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from ..resources import table

ARTICLE = "article"
PAGE_TYPES = ("article", "home", "section", "live_blog", "gallery", "search", "video")

_SCHEMA_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]{0,300}\]|"[^"]{1,80}")')
_ITEMTYPE = re.compile(r'itemtype\s*=\s*["\']https?://schema\.org/(\w+)', re.I)
_QUOTED = re.compile(r'"([^"]+)"')
_OG_TYPE = re.compile(r'<meta[^>]{0,200}?property\s*=\s*["\']og:type["\'][^>]{0,200}?content\s*=\s*["\']([^"\']+)'
                      r'|<meta[^>]{0,200}?content\s*=\s*["\']([^"\']+)["\'][^>]{0,200}?property\s*=\s*["\']og:type',
                      re.I)
_SLUG_WORDS = 3
_LONG_NUMBER = re.compile(r"\d{4,}")


@lru_cache(maxsize=1)
def _rules() -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {"schema": [], "og": [], "url": []}
    for row in table("page_types.tsv"):
        found[row["signal"]].append((row["value"], row["page_type"]))
    return found


@lru_cache(maxsize=1)
def _url_rules() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(value, re.I), kind) for value, kind in _rules()["url"])


def schema_types(html: str, tree=None) -> list[str]:
    """The schema.org types a page declares, in order (JSON-LD and microdata); from the parsed
    ``tree`` where the caller has one (its scripts and ``itemtype`` attributes only: faster)."""
    found: list[str] = []
    scripts = html if tree is None else "\n".join(tree.xpath('//script[@type="application/ld+json"]/text()'))
    for match in _SCHEMA_TYPE.finditer(scripts):
        found.extend(_QUOTED.findall(match.group(1)))
    if tree is None:
        found.extend(_ITEMTYPE.findall(html))
    else:
        found.extend(value for value in tree.xpath("//@itemtype") if "schema.org/" in value)
    return [name.rsplit("/", 1)[-1] for name in found]


def og_type(html: str) -> str | None:
    """The page's ``og:type`` (lowercase), or None."""
    match = _OG_TYPE.search(html)
    return (match.group(1) or match.group(2)).strip().lower() if match else None


def page_type(html: str, url: str | None = None, og: str | None = None, tree=None) -> tuple[str, str]:
    """``(page type, the signal that decided it)`` of an HTML page; ``og``: its ``og:type`` and
    ``tree``: the parsed page, where the caller has them already (else ``html`` is searched)."""
    rules = _rules()
    declared = schema_types(html, tree)
    schema = dict(rules["schema"])
    kinds = [(schema[name], name) for name in declared if name in schema]
    for wanted in ("live_blog", ARTICLE):
        for kind, name in kinds:
            if kind == wanted:
                return kind, f"schema.org {name}"
    if kinds:
        return kinds[0][0], f"schema.org {kinds[0][1]}"
    og = og.strip().lower() if og else (og_type(html) if tree is None else None)
    og_kind = next((kind for value, kind in rules["og"] if og and (og == value or og.startswith(value + "."))), None)
    if og_kind in (ARTICLE, "video"):
        return og_kind, f"og:type {og}"
    if url:
        return _by_url(url, og)
    return ARTICLE, "no signal: an article by default"


def _by_url(url: str, og: str | None) -> tuple[str, str]:
    parts = urlsplit(url)
    where = parts.path + (f"?{parts.query}" if parts.query else "")
    for pattern, kind in _url_rules():
        if pattern.search(where):
            return kind, f"URL {where!r} matches {pattern.pattern!r}"
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments and not parts.query:
        return "home", "the URL has an empty path"
    if og == "website" and not any(_article_like(part) for part in [*segments, parts.query]):
        return "section", "og:type website, and no article-like segment in the URL path"
    return ARTICLE, f"og:type {og}, but an article-like URL" if og else "no signal: an article by default"


def _article_like(segment: str) -> bool:
    """A slug of three words or more, or a number of four digits or more (a date, an id)."""
    stem = segment.rsplit(".", 1)[0]
    return len(re.split(r"[-_+]", stem)) >= _SLUG_WORDS or bool(_LONG_NUMBER.search(stem))
