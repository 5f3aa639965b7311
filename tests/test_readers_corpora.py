"""The readers on real feeds and WARC files from the shared corpora.

The data lives outside the repository, in ``../shared/data/corpora`` beside the
checkout. Without it these tests skip -- except on CI (``CI`` set), where missing
data is a failure (``conftest.shared_file``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path


from conftest import shared_file

from tieline.readers import read
from tieline.types import RawArticle, ReadError

def corpus(relative: str) -> Path:
    return shared_file(f"data/corpora/{relative}")


def kinds(results):
    return Counter(type(r).__name__ for r in results)


def test_real_feeds():
    results = list(read([corpus("rss-feeds")]))
    count = kinds(results)
    assert count["RawArticle"] > 700
    assert all(isinstance(r, (RawArticle, ReadError)) for r in results)
    errors = [r for r in results if isinstance(r, ReadError)]
    assert not [e for e in errors if "internal error" in e.message]
    by_file = {r.source.split("#")[0] for r in results if isinstance(r, RawArticle) and r.format == "feed"}
    assert any(name.endswith("elpais-portada.xml") for name in by_file)  # malformed XML, entries still read
    assert any(name.endswith("npr-technology-jsonfeed.json") for name in by_file)  # JSON Feed


def test_real_mojibake_feed_is_repaired():
    results = list(read([corpus("rss-feeds/eldiario-portada.xml")]))
    text = " ".join(r.text for r in results if isinstance(r, RawArticle))
    assert "Ã³" not in text and "Ã©" not in text
    assert "ó" in text


def test_real_warc_samples():
    results = list(read([corpus("warc/format-samples")]))
    articles = [r for r in results if isinstance(r, RawArticle)]
    assert len(articles) > 30
    assert all(a.format == "html" and a.url and "#" in a.source for a in articles)
    errors = [r for r in results if isinstance(r, ReadError)]
    assert not [e for e in errors if "internal error" in e.message]


def test_real_clipped_warc_reports_the_cut():
    path = corpus("warc/format-samples/clipped.warc.gz")
    (error,) = list(read([path]))
    assert error.source == f"{path}#0"
    assert error.message.startswith("truncated gzip: the file ends in the middle of record 0")


def test_real_jsonl_gz():
    results = list(read([corpus("bbc-news-2005/articles.jsonl.gz")]))
    assert len(results) > 2000
    assert all(isinstance(r, RawArticle) and r.format == "jsonl" for r in results)
    assert "#" in results[0].source


def test_the_repackaged_warc_gives_the_same_text_as_the_html_files():
    import json

    warc = corpus("warc/zyte-benchmark-181-news-pages.REPACKAGED.warc.gz")
    pages = shared_file("data/anchors/extraction/scrapinghub-article-extraction-benchmark/ground-truth.json")
    by_url = {entry["url"]: key for key, entry in json.loads(pages.read_text(encoding="utf-8")).items()}
    records = [r for r in read([warc]) if isinstance(r, RawArticle)]
    assert len(records) == 181
    for record in records:
        [page] = list(read([pages.parent / "html" / f"{by_url[record.url]}.html.gz"]))
        assert page.text == record.text, record.url


def test_international_pages_get_their_language_and_non_english_ones_are_kept_and_marked():
    from tieline.pipeline import Pipeline
    from tieline.registry import get
    from tieline.types import Doc

    folder = corpus("news-html-trafilatura-eval/html")
    articles = [r for r in read([folder]) if isinstance(r, RawArticle)]
    assert len(articles) == 60
    docs = Pipeline([get("clean"), get("language")]).run_batch([Doc.from_raw(a) for a in articles])
    languages = Counter(doc.language for doc in docs)
    assert languages["en"] >= 25 and languages["es"] >= 5 and languages["de"] >= 5 and languages["fr"] >= 1
    for doc in docs:
        assert doc.language and doc.text
        if doc.language != "en":
            assert doc.skipped == f"language:{doc.language}"
