"""Hostile input under any name: ``read`` yields records and never raises.

Arbitrary bytes, and input that looks like each format but is hostile (tests/fuzz_inputs.py): HTML
with random tags, attributes and declared charsets; WARC records with random payloads and lengths;
JSON Lines with random types and deep nesting; RSS, Atom and JSON feeds with random entities, CDATA
and nesting; any encoding and byte-order mark. Every file yields records; an error is one line that
names the file; an article has text, and its ``dropped`` blocks keep their offsets into ``text``.
How many examples each test runs: the hypothesis profile of tests/conftest.py.
"""

from __future__ import annotations

import gzip
import io
import json
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fuzz_inputs import encoded_text, html_pages, json_feeds, jsonl_files, warc_files, xml_feeds
from tieline.readers import ReadOptions, read
from tieline.types import RawArticle, ReadError

EXTENSIONS = [
    ".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".json", ".jsonl", ".ndjson", ".jsonl.gz",
    ".warc", ".warc.gz", ".gz", ".txt.gz", "", ".md", ".png", ".csv",
]  # fmt: skip

PREFIXES = [b"", b"\x1f\x8b", b"WARC/1.0\r\n", b"<?xml version='1.0'?><rss>", b'{"version": "https://jsonfeed.org/version/1", ',
            b"<html><body><p>", b"\xff\xfe", b"\xef\xbb\xbf", b'{"text": "']  # fmt: skip

#: The profile (tests/conftest.py) sets how many examples; these only lift the per-example deadline.
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def check(results, source=None):
    """Every named file yields at least one record; each is an article with text or a one-line error
    that names the file (``source``, when given) and says why."""
    assert results, "every named file yields at least one record"
    for result in results:
        assert isinstance(result, (RawArticle, ReadError))
        if source is not None:
            assert result.source.startswith(source), result
        if isinstance(result, ReadError):
            assert "internal error" not in result.message, result
            assert result.message.strip() and "\n" not in str(result) and "\r" not in str(result), result
        else:
            assert result.text.strip()
            for block in result.dropped:
                assert result.text[block.start : block.end] == block.text, block


@SETTINGS
@given(data=st.binary(max_size=3000), prefix=st.sampled_from(PREFIXES), ext=st.sampled_from(EXTENSIONS))
def test_arbitrary_bytes_never_raise(tmp_path, data, prefix, ext):
    path = tmp_path / f"input{ext}"
    path.write_bytes(prefix + data)
    check(list(read([path], ReadOptions(max_bytes=2500))))


@SETTINGS
@given(data=st.binary(max_size=2000), ext=st.sampled_from([".jsonl.gz", ".warc.gz", ".txt.gz", ".xml.gz"]))
def test_gzipped_arbitrary_bytes_never_raise(tmp_path, data, ext):
    packed = gzip.compress(data)
    path = tmp_path / f"input{ext}"
    path.write_bytes(packed[: max(2, len(packed) - len(data) % 7)])
    check(list(read([path])))


@SETTINGS
@given(data=st.binary(max_size=2000), prefix=st.sampled_from(PREFIXES))
def test_arbitrary_stdin_never_raises(monkeypatch, data, prefix):
    class Stdin:
        buffer = io.BytesIO(prefix + data)

    monkeypatch.setattr(sys, "stdin", Stdin())
    check(list(read(["-"])))


@SETTINGS
@given(text=st.text(max_size=500))
def test_any_text_survives_as_utf8(tmp_path, text):
    path = tmp_path / "input.txt"
    path.write_bytes(text.encode("utf-8"))
    results = list(read([path]))
    check(results)
    if text.replace("\x00", "").strip() and isinstance(results[0], RawArticle):
        assert results[0].encoding in {"utf-8", "utf-16-le", "utf-16-be"} or results[0].notes


def read_file(tmp_path, name: str, data: bytes):
    """``data`` written as ``name`` and read: the records, checked to name the file."""
    path = tmp_path / name
    path.write_bytes(data)
    results = list(read([str(path)]))
    check(results, str(path))
    return results


@SETTINGS
@given(data=encoded_text, ext=st.sampled_from([".txt", ".md", ""]))
def test_text_in_any_encoding_with_any_bom_is_read_or_named(tmp_path, data, ext):
    read_file(tmp_path, f"article{ext}", data)


@SETTINGS
@given(page=html_pages(), ext=st.sampled_from([".html", ".htm", ".txt"]))
def test_html_with_random_markup_and_declared_charsets_is_read_or_named(tmp_path, page, ext):
    read_file(tmp_path, f"page{ext}", page)


NUL_CHARSET_WARC = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/0\r\nContent-Length: 60\r\n\r\n"
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf8\x00\r\n\r\n!\r\n\r\n")


@SETTINGS
@given(data=warc_files(), ext=st.sampled_from([".warc", ".warc.gz"]))
@example(data=NUL_CHARSET_WARC, ext=".warc")  # found by this test: a charset with a NUL byte raised ValueError
def test_warc_records_with_random_payloads_and_lengths_are_read_or_named(tmp_path, data, ext):
    results = read_file(tmp_path, f"crawl{ext}", data)
    broken = [r for r in results if isinstance(r, ReadError) and r.message.startswith(("truncated", "broken WARC"))]
    assert len(broken) <= 1, "a WARC file breaks once: the records after the break are not read"


@SETTINGS
@given(data=jsonl_files())
# found by this test: arrays nested 100,000 deep raised RecursionError and lost the lines after them
@example(data=b'{"text": "first line"}\n' + b"[" * 100_000 + b"]" * 100_000 + b'\n{"text": "third line"}\n')
@example(data=b'{"text": "Deep", "title": ' + b"[" * 950 + b"]" * 950 + b"}\n")
@example(data=b'{"text": "\\b"}')  # found by this test: a text of control characters only made an empty article
def test_jsonl_lines_of_random_types_are_each_read_or_named(tmp_path, data):
    results = read_file(tmp_path, "wire.jsonl", data)
    numbered = [r for r in results if ":" in r.source.rsplit("/", 1)[-1]]
    assert len({r.source for r in numbered}) == len(numbered), "each line is named once"


@SETTINGS
@given(data=jsonl_files())
def test_gzipped_jsonl_of_random_types_is_read_or_named(tmp_path, data):
    read_file(tmp_path, "wire.jsonl.gz", gzip.compress(data))


@SETTINGS
@given(feed=xml_feeds(), ext=st.sampled_from([".xml", ".rss", ".atom"]))
@example(feed=b"<rss version='2.0'><channel><title>&#xD800;</title></channel></rss>", ext=".xml")  # found by this test
@example(feed=b"<rss version='2.0'><channel><item><title>&#99999999;</title><description>Body</description></item></channel></rss>",
         ext=".rss")
def test_feeds_with_random_entities_cdata_and_nesting_are_read_or_named(tmp_path, feed, ext):
    read_file(tmp_path, f"feed{ext}", feed)


@SETTINGS
@given(feed=json_feeds())
@example(feed=b'{"version": "https://jsonfeed.org/version/1", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
def test_json_feeds_with_random_items_are_read_or_named(tmp_path, feed):
    read_file(tmp_path, "feed.json", feed)


@SETTINGS
@given(files=st.lists(st.one_of(html_pages().map(lambda d: (".html", d)), warc_files().map(lambda d: (".warc", d)),
                                jsonl_files().map(lambda d: (".jsonl", d)), xml_feeds().map(lambda d: (".xml", d)),
                                encoded_text.map(lambda d: (".txt", d))), min_size=2, max_size=5))
def test_a_folder_of_hostile_files_names_every_file_and_reads_the_good_one(tmp_path, files):
    folder = tmp_path / "batch"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    names = [f"{number}{ext}" for number, (ext, _) in enumerate(files)]
    for name, (_, data) in zip(names, files):
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_text("Talks\n\nEnvoys of China and Russia met in Geneva on Tuesday.\n", encoding="utf-8")
    results = list(read([str(folder)]))
    check(results)
    for name in names + ["good.txt"]:
        assert any(r.source.startswith(str(folder / name)) for r in results), f"{name} is never named"
    good = [r for r in results if r.source == str(folder / "good.txt")]
    assert len(good) == 1 and isinstance(good[0], RawArticle) and "Geneva" in good[0].text


def test_a_line_nested_too_deeply_is_named_and_the_lines_after_it_are_read(tmp_path):
    deep = b"[" * 100_000 + b"]" * 100_000
    results = read_file(tmp_path, "wire.jsonl", b'{"text": "First."}\n' + deep + b'\n{"text": "Third."}\n')
    first, error, third = results
    assert first.text == "First." and third.text == "Third."
    assert error.source.endswith("wire.jsonl:2") and "nested too deeply" in error.message


def test_a_feed_with_references_to_no_character_keeps_its_entries(tmp_path):
    feed = (b"<rss version='2.0'><channel><item><title>A &#xD800; B &#99999999;</title>"
            b"<description>Envoys met in Geneva. &#x110000;</description></item></channel></rss>")
    [article] = read_file(tmp_path, "feed.rss", feed)
    assert article.title == "A \ufffd B \ufffd" and article.text.startswith("Envoys met in Geneva.")
