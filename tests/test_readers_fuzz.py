"""Arbitrary bytes under any name: ``read`` yields records and never raises."""

from __future__ import annotations

import gzip
import io
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tieline.readers import ReadOptions, read
from tieline.types import RawArticle, ReadError

EXTENSIONS = [
    ".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".json", ".jsonl", ".ndjson", ".jsonl.gz",
    ".warc", ".warc.gz", ".gz", ".txt.gz", "", ".md", ".png", ".csv",
]  # fmt: skip

PREFIXES = [b"", b"\x1f\x8b", b"WARC/1.0\r\n", b"<?xml version='1.0'?><rss>", b'{"version": "https://jsonfeed.org/version/1", ',
            b"<html><body><p>", b"\xff\xfe", b"\xef\xbb\xbf", b'{"text": "']  # fmt: skip

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(results):
    assert results, "every named file yields at least one record"
    for result in results:
        assert isinstance(result, (RawArticle, ReadError))
        if isinstance(result, ReadError):
            assert "internal error" not in result.message, result
            assert "\n" not in str(result)
        else:
            assert result.text.strip()


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
