"""NewsML 1 and NewsML-G2: items read as articles, safely (no entity or network access)."""

from __future__ import annotations

from conftest import shared_file
from tieline.readers import read
from tieline.types import RawArticle, ReadError

NEWSML_1 = """<?xml version="1.0" encoding="utf-8"?>
<NewsML version="2.0"><NewsItem>
  <NewsManagement><FirstCreated>2024-05-16T09:00:00+01</FirstCreated></NewsManagement>
  <NewsLines><HeadLine><![CDATA[Xi and Putin sign a joint statement]]></HeadLine><ByLine>Ana Ruiz</ByLine>
    <DerivedFrom>https://news.example.org/2024/05/16/xi-putin-statement.html</DerivedFrom></NewsLines>
  <NewsComponent><ContentItem><DataContent><nitf><body><body.content>
    <media media-type="image"><media-caption>A photo caption that is not text</media-caption></media>
    <![CDATA[<p>Xi Jinping and Vladimir Putin signed a joint statement in Beijing on Thursday.</p>
    <p>The statement denounced what it called US interference.</p>]]>
  </body.content></body></nitf></DataContent></ContentItem></NewsComponent>
</NewsItem></NewsML>
"""

G2 = """<?xml version="1.0" encoding="utf-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet><newsItem guid="urn:x:1">
  <itemMeta><firstCreated>2024-05-17T08:00:00Z</firstCreated></itemMeta>
  <contentMeta><headline>Europe hesitates over new sanctions</headline><by>Lena Weber</by></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>
    <p>European governments were divided on Friday over a new round of sanctions on Russia.</p>
    <p>Hungary said it would not back the package.</p></body></html></inlineXML></contentSet>
</newsItem></itemSet></newsMessage>
"""


def one(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return list(read([path]))


def test_newsml_1_item(tmp_path):
    [article] = one(tmp_path, "agency.xml", NEWSML_1)
    assert isinstance(article, RawArticle) and article.format == "newsml"
    assert (article.title, article.byline, article.published) == (
        "Xi and Putin sign a joint statement", "Ana Ruiz", "2024-05-16")
    assert article.url == "https://news.example.org/2024/05/16/xi-putin-statement.html"
    assert article.text.split("\n\n") == [
        "Xi Jinping and Vladimir Putin signed a joint statement in Beijing on Thursday.",
        "The statement denounced what it called US interference."]


def test_newsml_g2_item(tmp_path):
    [article] = one(tmp_path, "g2.xml", G2)
    assert (article.title, article.byline, article.published) == (
        "Europe hesitates over new sanctions", "Lena Weber", "2024-05-17")
    assert article.text.startswith("European governments were divided") and "Hungary" in article.text


def test_an_external_entity_is_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    hostile = NEWSML_1.replace('<?xml version="1.0" encoding="utf-8"?>',
                               f'<?xml version="1.0"?><!DOCTYPE NewsML [<!ENTITY leak SYSTEM "file://{secret}">]>')
    hostile = hostile.replace("<ByLine>Ana Ruiz</ByLine>", "<ByLine>&leak;</ByLine>")
    results = one(tmp_path, "hostile.xml", hostile)
    assert all("TOP-SECRET-LINE" not in repr(result) for result in results)


def test_a_document_without_items_is_one_clear_line(tmp_path):
    [error] = one(tmp_path, "empty.xml", '<?xml version="1.0"?><NewsML version="1.2"></NewsML>')
    assert isinstance(error, ReadError) and "has no news items" in str(error)


def test_the_real_la_vanguardia_newsml_feed():
    results = list(read([shared_file("data/corpora/rss-feeds/lavanguardia-newsml.xml")]))
    articles = [r for r in results if isinstance(r, RawArticle)]
    errors = [r for r in results if isinstance(r, ReadError)]
    assert len(results) == 34 and len(articles) == 32
    assert all("has no text" in e.message for e in errors)   # two live pages with no body
    assert all(a.published == "2020-12-20" and a.url.startswith("https://www.lavanguardia.com/") for a in articles)
    assert "Matt Hancock" in articles[0].text and "<p" not in articles[0].text
