"""Page types: an HTML page is one article, or a home page, section front, live blog, gallery,
search results or video page, kept and marked rather than analysed as one article."""

from __future__ import annotations

import pytest

from conftest import shared_file
from tieline.pipeline import Pipeline
from tieline.readers import read
from tieline.readers.pagetype import page_type, schema_types
from tieline.stages.clean import CleanStage
from tieline.types import Doc, RawArticle

NEWS = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle"}</script>'
LIVE = '<script type="application/ld+json">{"@type": ["LiveBlogPosting", "NewsArticle"]}</script>'
WEBSITE = '<meta property="og:type" content="website">'


@pytest.mark.parametrize("html,url,expected", [
    (NEWS, "https://example.org/news", "article"),                         # a declared article wins over the URL
    (LIVE, "https://example.org/world/2024/talks", "live_blog"),           # a live blog wins over its article type
    ('<div itemtype="https://schema.org/SearchResultsPage">', None, "search"),
    ('<meta content="video.other" property="og:type">', "https://example.org/a", "video"),
    (WEBSITE, "https://www.bbc.co.uk/news", "section"),
    (WEBSITE, "https://www.bbc.co.uk/news/world-europe-59520256", "article"),
    (WEBSITE, "https://example.org/news_view.html?idx=85761", "article"),  # an id in the query
    ("", "https://example.org/", "home"),
    ("", "https://example.org/world/live/ukraine", "live_blog"),
    ("", "https://example.org/in-pictures/", "gallery"),
    ("", "https://example.org/search?q=putin", "search"),
    ("", "https://example.org/about", "article"),                           # no signal: an article by default
    ("", None, "article"),
])
def test_signals_decide_the_page_type(html, url, expected):
    assert page_type(html, url)[0] == expected


def test_schema_types_come_from_json_ld_and_microdata():
    html = NEWS + '<body itemscope itemtype="http://schema.org/WebPage">'
    assert schema_types(html) == ["NewsArticle", "WebPage"]


def test_a_page_that_is_not_an_article_is_kept_and_skipped():
    text = "Leaders of both countries met in Beijing on Monday to sign a trade agreement, officials said."
    raw = RawArticle(source="home.html", text=text, format="html", page_type="section")
    [doc] = Pipeline([CleanStage()]).run_batch([Doc.from_raw(raw)])
    assert (doc.page_type, doc.skipped) == ("section", "page_type:section") and doc.text


def test_the_bbc_news_home_page_captures_are_section_fronts():
    warc = shared_file("data/corpora/warc/bbc-news-homepage-cc-2021-11_2022-01.warc.gz")
    found = [item for item in read([warc]) if isinstance(item, RawArticle)]
    assert len(found) == 2
    assert {item.page_type for item in found} == {"section"}
    assert all(any("page type section" in note for note in item.notes) for item in found)


def test_the_starmer_article_is_an_article():
    page = shared_file("data/corpora/warc/bbc-article-starmer-2022.html.gz")
    [article] = [item for item in read([page]) if isinstance(item, RawArticle)]
    assert article.page_type == "article" and "Starmer" in article.text
