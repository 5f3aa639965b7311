"""WARC files: HTML responses only, record numbers, gzip flavours, truncation."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tieline.readers import ReadOptions, read
from tieline.types import RawArticle, ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "readers"


@pytest.mark.parametrize("name", ["news.warc", "news.warc.gz", "single_gzip.warc.gz"])
def test_html_responses_become_articles(name):
    path = FIXTURES / name
    results = list(read([path]))
    # records: 0 warcinfo, 1 request, 2 HTML, 3 PNG, 4 HTML 404, 5 HTML in windows-1252
    assert [r.source for r in results] == [f"{path}#2", f"{path}#5"]
    first, second = results
    assert first.format == "html"
    assert first.url == "https://courier.example.org/fisheries"
    assert first.title == "Coastal states agree fisheries quota"
    assert first.byline == "Farah Osei"
    assert first.published == "2024-07-08"
    assert first.text.split("\n\n")[1].startswith("Six coastal states agreed on a shared fisheries quota")
    assert second.encoding == "cp1252"  # from the HTTP header
    assert "São Paulo" in second.text
    assert second.url == "https://courier.example.org/rio-verde"


def test_truncated_warc():
    path = FIXTURES / "truncated.warc"
    first, error = list(read([path]))
    assert isinstance(first, RawArticle) and first.source == f"{path}#2"
    assert isinstance(error, ReadError)
    assert str(error) == (
        f"{path}#5: truncated WARC: the file ends in the middle of record 5; the records before it were read "
        "(re-download or re-copy the file)"
    )


def test_truncated_gzip_warc():
    path = FIXTURES / "truncated.warc.gz"
    first, error = list(read([path]))
    assert first.source == f"{path}#2"
    assert error.source == f"{path}#5"
    assert error.message == (
        "truncated gzip: the file ends in the middle of record 5; the records before it were read"
    )


@pytest.mark.parametrize("cut", [200, 900, 1700, 2100, 2600, 3200])
def test_any_cut_keeps_good_records_and_reports_the_break(tmp_path, cut):
    whole = (FIXTURES / "news.warc").read_bytes()
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[:cut])
    results = list(read([path]))
    assert isinstance(results[-1], ReadError)
    assert all(isinstance(r, RawArticle) for r in results[:-1])
    assert "truncated WARC" in results[-1].message or "no HTML response" in results[-1].message


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("This is just a note about trade talks.\n", encoding="utf-8")
    (error,) = list(read([path]))
    assert error.source == str(path)
    assert error.message.startswith("not a WARC file (")


def test_record_over_max_bytes():
    path = FIXTURES / "news.warc"
    results = list(read([path], ReadOptions(max_bytes=300)))
    assert [str(r) for r in results] == [
        f"{path}#2: record 2 is larger than the 300 bytes limit for one article (raise --max-bytes or split the file)",
        f"{path}#5: record 5 is larger than the 300 bytes limit for one article (raise --max-bytes or split the file)",
    ]


class FakeStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def test_warc_from_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin((FIXTURES / "news.warc.gz").read_bytes()))
    assert [r.source for r in read(["-"])] == ["<stdin>#2", "<stdin>#5"]


def test_single_stream_gzip_warc_from_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin((FIXTURES / "single_gzip.warc.gz").read_bytes()))
    assert [r.source for r in read(["-"])] == ["<stdin>#2", "<stdin>#5"]


def test_truncated_gzip_warc_from_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin((FIXTURES / "truncated.warc.gz").read_bytes()))
    first, error = list(read(["-"]))
    assert first.source == "<stdin>#2"
    assert error.source == "<stdin>#5"
    assert error.message.startswith("truncated gzip: the file ends in the middle of record 5")
