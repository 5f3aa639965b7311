"""Title, author and date against trafilatura-eval's gold metadata."""

from __future__ import annotations

from tieline.evaluation import metadata


def test_titles_match_without_the_site_name_and_quote_style():
    assert metadata.same_title("Remake de “I Cavalieri” - Remember 80/90", 'Remake de "I Cavalieri"')
    assert metadata.same_title("Talks end", "talks  END")
    assert not metadata.same_title("Talks end", "Talks begin") and not metadata.same_title(None, "Talks")


def test_authors_match_as_sets_of_name_words():
    assert metadata.same_author("Lemire, Daniel", "Daniel Lemire")
    assert metadata.same_author("Ana Ruiz; Lena Weber", ["Lena Weber", "Ana Ruiz"])
    assert not metadata.same_author("Daniel", "Daniel Lemire") and not metadata.same_author(None, "Daniel Lemire")


def test_dates_match_by_day():
    assert metadata.same_date("2019-08-02", "2019-08-02T10:00:00") and not metadata.same_date("2019-08-03", "2019-08-02")


def test_a_byline_element_names_the_author(tmp_path):
    from tieline.readers import read

    page = tmp_path / "byline.html"
    page.write_text('<html><head><title>Talks end in Doha</title></head><body><article><h1>Talks end in Doha</h1>'
                    '<p class="article-byline">By Amara Lindqvist</p>'
                    "<p>Negotiators in Doha ended a third round of talks without agreement on Monday evening.</p>"
                    "<p>Another round is expected next month, a mediator said on state television.</p>"
                    "</article></body></html>", encoding="utf-8")
    [article] = list(read([page]))
    assert article.byline == "Amara Lindqvist"
