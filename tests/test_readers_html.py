"""HTML pages: trafilatura extraction, metadata, charsets, and pages with no text."""

from __future__ import annotations

from pathlib import Path

from tieline.readers import read
from tieline.readers.html import html_to_text
from tieline.stages.clean import CleanStage
from tieline.types import Doc, RawArticle, ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "readers"


def only(path):
    results = list(read([path]))
    assert len(results) == 1, results
    return results[0]


def test_article_text_and_metadata():
    article = only(FIXTURES / "article.html")
    assert isinstance(article, RawArticle)
    assert article.format == "html"
    assert article.title == "Envoys meet in Geneva to revive ceasefire talks"
    assert article.published == "2024-03-05"
    assert article.byline == "Amara Lindqvist"
    assert article.url == "https://courier.example.org/world/geneva-ceasefire-talks"
    assert article.encoding == "utf-8"
    dropped = {(block.reason, article.text[block.start:block.end]) for block in article.dropped}
    assert dropped == {("site_chrome", "Home World Sport"), ("footer", "© The Example Courier. All rights reserved.")}
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Home World Sport"  # the page's blocks in the page's order
    assert paragraphs[2].startswith("Envoys from five governments met behind closed doors")
    assert any(p.startswith("The talks, hosted by the Swiss foreign ministry") for p in paragraphs)
    assert "“frank but constructive”" in article.text
    assert paragraphs[-1] == "© The Example Courier. All rights reserved."


def test_blocks_outside_the_article_are_removed_with_their_reason():
    doc = Doc.from_raw(only(FIXTURES / "article.html"))
    CleanStage().process(doc)
    assert doc.text.startswith("Envoys from five governments met behind closed doors")
    assert "Sport" not in doc.text and "All rights reserved" not in doc.text
    reasons = {removed.text: removed.reason for removed in doc.removed}
    assert reasons["Home World Sport"] == "site_chrome"
    assert reasons["© The Example Courier. All rights reserved."] == "footer"
    assert all(doc.raw[r.start:r.end] == r.text for r in doc.removed)


def test_declared_charset_in_meta():
    article = only(FIXTURES / "latin1.html")
    assert isinstance(article, RawArticle)
    assert article.encoding == "cp1252"  # iso-8859-1 is read as its superset, as browsers do
    assert "São Paulo" in article.text
    assert article.title == "Río Verde dam talks end without accord"


def test_page_without_text():
    error = only(FIXTURES / "empty_page.html")
    assert isinstance(error, ReadError)
    assert str(error) == f"{FIXTURES / 'empty_page.html'}: no article text found in the page"


def test_html_without_extension_is_sniffed(tmp_path):
    path = tmp_path / "page"
    path.write_bytes((FIXTURES / "article.html").read_bytes())
    assert only(path).format == "html"


def test_html_in_utf16(tmp_path):
    path = tmp_path / "wide.html"
    path.write_bytes((FIXTURES / "article.html").read_text(encoding="utf-8").encode("utf-16"))
    article = only(path)
    assert article.title == "Envoys meet in Geneva to revive ceasefire talks"
    assert article.encoding == "utf-16"


def test_date_written_in_the_page_is_found(tmp_path):
    path = tmp_path / "dated.html"
    path.write_text(
        "<html><head><title>Talks</title></head><body><article><h1>Talks end</h1>"
        "<p>Published 14 February 2024. Negotiators in Doha ended a third round of talks without agreement.</p>"
        "<p>Another round is expected next month, a mediator said on state television.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    article = only(path)
    assert isinstance(article, RawArticle)
    assert article.published == "2024-02-14"


def test_html_to_text_keeps_paragraphs():
    fragment = "<p>One <b>bold</b> move.</p><p>Second<br>line</p><!-- note -->tail <script>x()</script><ul><li>a</li></ul>"
    assert html_to_text(fragment) == "One bold move.\n\nSecond\nline\n\ntail\n\na"
    assert html_to_text("plain   words\n\nnext") == "plain words\n\nnext"
    assert html_to_text("") == ""


def test_valid_utf8_wins_over_a_stale_declared_charset(tmp_path):
    page = tmp_path / "stale.html"
    body = "<p>Talks in Zürich between Ukraine’s envoy and José Álvarez of the Organización de Estados " \
           "Americanos ended on Monday without an accord, officials said, after three days.</p>" * 3
    page.write_bytes(f'<html><head><meta charset="iso-8859-1"><title>Zürich talks</title></head>'
                     f"<body><article>{body}</article></body></html>".encode("utf-8"))
    article = only(page)
    assert article.encoding == "utf-8" and "Zürich" in article.text and "José Álvarez" in article.text
    assert any("valid UTF-8" in note for note in article.notes)
