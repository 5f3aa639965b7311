"""RSS, Atom and JSON Feed entries; malformed and empty feeds."""

from __future__ import annotations

import time

from pathlib import Path

from tieline.readers import read
from tieline.types import RawArticle, ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "readers"


def test_rss_entries():
    path = FIXTURES / "world.rss"
    first, second, third = list(read([path]))
    assert isinstance(first, RawArticle)
    assert first.source == f"{path}#0"
    assert first.format == "feed"
    assert first.title == "Talks on river treaty resume after two-year pause"
    assert first.url == "https://courier.example.org/world/river-treaty"
    assert first.byline == "Tomasz Wrona"
    assert first.published == "2024-03-12"
    assert first.text.startswith("Delegations from three upstream states returned to the negotiating table")
    assert "\n\nA mediator said both sides had “moved a little”" in first.text  # content:encoded, paragraphs kept
    assert second.text == (
        "Leaders failed to agree on a single paragraph about sanctions, delaying the final communiqué by a day."
    )
    assert second.published == "2024-03-13"
    assert isinstance(third, ReadError)
    assert str(third) == f"{path}#2: entry 2 ('Photo gallery: the week in pictures') has no text: no content or summary"


def test_atom_entry():
    (entry,) = list(read([FIXTURES / "world.atom"]))
    assert entry.title == "Foreign ministers sign maritime boundary accord"
    assert entry.byline == "Leila Haddad"
    assert entry.url == "https://courier.example.org/diplomacy/maritime-accord"
    assert entry.published == "2024-04-01"
    assert entry.text.split("\n\n") == [
        "The two foreign ministers signed an accord fixing their maritime boundary, ending a dispute that had "
        "lasted three decades.",
        "Fishing communities on both coasts welcomed the deal.",
    ]


def test_json_feed():
    path = FIXTURES / "feed.json"
    first, second, third = list(read([path]))
    assert first.source == f"{path}#0"
    assert first.format == "feed"
    assert first.byline == "Inés Carvalho"
    assert first.published == "2024-05-10"
    assert first.url == "https://courier.example.org/briefing/1"
    assert first.text.endswith("\n\nTheir mission will publish a preliminary report on Tuesday.")
    assert second.byline == "Courier Desk"  # the feed's author stands in
    assert second.text == "Trade ministers agreed to extend a tariff truce by six months.\n\nNeither side gave ground on steel."
    assert isinstance(third, ReadError)
    assert third.message == "entry 2 ('Empty item') has no text: no content or summary"


def test_malformed_feed_with_entries_is_read_with_a_note():
    results = list(read([FIXTURES / "bozo.xml"]))
    assert [type(r) for r in results] == [RawArticle, RawArticle]
    assert results[0].text.startswith("The crossing reopened on Friday & forty lorries")
    assert any(note.startswith("feed is not well-formed (undefined entity") for note in results[0].notes)


def test_broken_feed_entry_names_the_feed_problem():
    (error,) = list(read([FIXTURES / "broken.rss"]))
    assert isinstance(error, ReadError)
    assert error.source == f"{FIXTURES / 'broken.rss'}#0"
    assert "the feed is not well-formed" in error.message


def test_feed_without_entries():
    (error,) = list(read([FIXTURES / "empty_feed.rss"]))
    assert str(error) == (
        f"{FIXTURES / 'empty_feed.rss'}: feed has no entries (check that the file is a complete RSS, Atom or JSON feed)"
    )


def test_unreadable_feed(tmp_path):
    path = tmp_path / "cut.xml"
    path.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Cut', encoding="utf-8")
    (error,) = list(read([path]))
    assert error.message.startswith("not a readable feed: ")
    assert "line 2" in error.message


def test_declared_latin1_feed():
    (entry,) = list(read([FIXTURES / "latin1.rss"]))
    assert entry.text == "Los ministros alcanzaron un acuerdo sobre la política de asilo tras doce horas de negociación."
    assert entry.encoding == "cp1252"


def test_xml_that_is_no_feed():
    (error,) = list(read([FIXTURES / "unknown.xml"]))
    assert error.message == "unknown format: XML that is not an RSS, Atom, RDF or NewsML feed (its root is <inventory>)"


def test_feed_with_mojibake_is_repaired(tmp_path):
    body = "El ministro dijo: “No habrá acuerdo sin garantías”."
    broken = body.encode("utf-8").decode("cp1252", errors="replace").replace("\ufffd", "\x9d")
    path = tmp_path / "moji.rss"
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>Garantías</title><description>{broken}</description></item></channel></rss>",
        encoding="utf-8",
    )
    (entry,) = list(read([path]))
    assert entry.text == body


XXE_FEED = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [ <!ENTITY leak SYSTEM "file://{secret}"> ]>
<rss version="2.0"><channel><title>T</title>
<item><title>Leak &leak;</title><description>The article talks about &leak; and about talks in Geneva.</description>
<link>http://example.org/1</link></item></channel></rss>
"""
BOMB_FEED = """<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"> <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"> <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"> ]>
<rss version="2.0"><channel><title>T</title><item><title>Bomb</title><description>&g;</description></item></channel></rss>
"""


def test_a_feed_with_an_internal_doctype_is_read_and_its_external_entity_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN-12345")
    feed = tmp_path / "feed.xml"
    feed.write_text(XXE_FEED.format(secret=secret))
    results = list(read([feed]))
    assert [type(item) for item in results] == [RawArticle]
    assert "Geneva" in results[0].text
    assert all("SECRET" not in str(vars(item)) for item in results)
    assert any("1 external, never fetched" in note for note in results[0].notes)


def test_an_entity_expansion_bomb_is_not_expanded(tmp_path):
    feed = tmp_path / "bomb.xml"
    feed.write_text(BOMB_FEED)
    started = time.perf_counter()
    (error,) = list(read([feed]))  # 10 million a's if expanded
    assert time.perf_counter() - started < 5  # refused at once (a generous guard, not a speed figure)
    assert isinstance(error, ReadError) and error.reason == "entity_bomb"
    assert "entity-expansion bomb" in str(error) and "\n" not in str(error) and str(error).startswith(str(feed))


def test_character_references_of_an_html_summary_without_tags_are_resolved(tmp_path):
    feed = tmp_path / "amp.xml"
    feed.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
                    "<item><title>AT&amp;T</title><description>Shares of AT&amp;T rose 3% as Barnes &amp; Noble "
                    "fell, traders said.</description><link>http://example.org/1</link></item></channel></rss>")
    (article,) = read([feed])
    assert article.text == "Shares of AT&T rose 3% as Barnes & Noble fell, traders said."
