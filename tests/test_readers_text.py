"""Plain text reading and the decoding every format shares."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

from tieline.readers import ReadOptions, read
from tieline.types import RawArticle, ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
CURLY = "The minister’s reply was blunt: “No deal without guarantees.”"


def only(path, options=None):
    results = list(read([path], options))
    assert len(results) == 1, results
    return results[0]


def test_plain_text_is_kept_verbatim_with_curly_quotes():
    article = only(FIXTURES / "plain.txt")
    assert isinstance(article, RawArticle)
    raw = (FIXTURES / "plain.txt").read_text(encoding="utf-8")
    assert article.text == raw
    assert "“We have a window of perhaps two weeks,”" in article.text
    assert article.format == "text"
    assert article.title is None
    assert article.encoding == "utf-8"
    assert article.source == str(FIXTURES / "plain.txt")
    assert article.notes == []


def test_crlf_newlines_become_lf():
    article = only(FIXTURES / "crlf.txt")
    assert "\r" not in article.text
    assert article.text.startswith("Coalition talks stall in Brussels\n\nNegotiators")


def test_cp1252_without_declaration_is_detected():
    article = only(FIXTURES / "cp1252.txt")
    assert isinstance(article, RawArticle)
    assert article.text.startswith("Le ministre a déclaré « nous sommes prêts » à Genève")
    assert article.encoding == "cp1252"
    assert any("guessed cp1252" in note for note in article.notes)


def test_utf16_with_bom():
    article = only(FIXTURES / "utf16_bom.txt")
    assert article.encoding == "utf-16"
    assert CURLY in article.text
    assert not article.text.startswith("\ufeff")
    assert "byte-order mark removed" in article.notes


def test_utf8_bom_is_removed():
    article = only(FIXTURES / "bom.txt")
    assert article.text.startswith("Sanctions package")
    assert article.encoding == "utf-8"


def test_mojibake_is_repaired_and_curly_quotes_survive():
    raw = (FIXTURES / "mojibake.txt").read_text(encoding="utf-8")
    assert "â€" in raw  # the fixture really is mojibake
    article = only(FIXTURES / "mojibake.txt")
    assert CURLY in article.text
    assert "â€" not in article.text
    assert any("mojibake" in note for note in article.notes)


def test_nul_bytes_are_removed_and_noted():
    article = only(FIXTURES / "nul.txt")
    assert "\x00" not in article.text
    assert "Diplomats in Vienna" in article.text
    assert "removed 3 NUL characters" in article.notes


def test_binary_noise_named_txt():
    error = only(FIXTURES / "noise.txt")
    assert isinstance(error, ReadError)
    assert error.message == "binary file, not text"
    assert str(error).startswith(f"{FIXTURES / 'noise.txt'}: binary file, not text")


def test_png_named_txt_is_named(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    error = only(path)
    assert error.message == "binary file, not text: looks like a PNG image"


def test_empty_and_blank_files():
    assert str(only(FIXTURES / "empty.txt")) == f"{FIXTURES / 'empty.txt'}: empty file"
    blank = only(FIXTURES / "blank.txt")
    assert isinstance(blank, ReadError)
    assert blank.message == "file has only blank space, no text"


def test_gzipped_text():
    article = only(FIXTURES / "story.txt.gz")
    assert isinstance(article, RawArticle)
    assert article.format == "text"
    assert article.text.count("Sanctions package wins approval") == 20


def test_truncated_gzip_text():
    error = only(FIXTURES / "truncated.txt.gz")
    assert isinstance(error, ReadError)
    assert str(error) == (
        f"{FIXTURES / 'truncated.txt.gz'}: truncated gzip: the compressed data ends early "
        "(re-download or re-copy the file)"
    )


def test_not_gzip_but_named_gz(tmp_path):
    path = tmp_path / "story.txt.gz"
    path.write_bytes(b"\x1f\x8b" + b"garbage that is not deflate" * 3)
    error = only(path)
    assert isinstance(error, ReadError)
    assert error.message.startswith("not a valid gzip file")


def test_file_over_max_bytes(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Talks resumed. " * 200, encoding="utf-8")
    error = only(path, ReadOptions(max_bytes=1000))
    assert isinstance(error, ReadError)
    assert str(error) == (
        f"{path}: file is 3 KB, over the 1 KB limit for one article (raise --max-bytes or split the file)"
    )


def test_file_over_max_bytes_in_megabytes(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(61_000_000)  # sparse: no disk used
    error = only(path)
    assert error.message == "file is 61 MB, over the 50 MB limit for one article"
    assert error.fix == "raise --max-bytes or split the file"


def test_gzip_over_max_bytes_when_decompressed(tmp_path):
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress(b"Envoys met again. " * 500))
    error = only(path, ReadOptions(max_bytes=2000))
    assert error.message == "file is larger than the 2 KB limit for one article"


class FakeStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def test_stdin_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin("Ceasefire holds – for now.\r\n".encode("utf-8")))
    article = only("-")
    assert isinstance(article, RawArticle)
    assert article.source == "<stdin>"
    assert article.text == "Ceasefire holds – for now.\n"
    assert article.format == "text"


def test_stdin_is_sniffed_as_html(monkeypatch):
    page = (FIXTURES / "article.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", FakeStdin(page))
    article = only("-")
    assert article.format == "html"
    assert article.title == "Envoys meet in Geneva to revive ceasefire talks"


def test_stdin_gzipped_jsonl(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin((FIXTURES / "articles.jsonl.gz").read_bytes()))
    results = list(read(["-"]))
    assert [r.source for r in results] == ["<stdin>#g1", "<stdin>#g2", "<stdin>#g3"]


def test_stdin_empty(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b""))
    assert str(only("-")) == "<stdin>: empty file"


def test_utf16_without_bom(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Summit ends with joint statement on shipping.\n".encode("utf-16-le"))
    article = only(path)
    assert article.text == "Summit ends with joint statement on shipping.\n"
    assert article.encoding == "utf-16-le"
