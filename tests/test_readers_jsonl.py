"""JSON Lines: one article per line, field names, per-line errors, gzip."""

from __future__ import annotations

import json
from pathlib import Path

from tieline.readers import ReadOptions, read
from tieline.types import RawArticle, ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
LINES = FIXTURES / "articles.jsonl"


def test_good_and_bad_lines_in_order():
    results = list(read([LINES]))
    assert [r.source for r in results] == [
        f"{LINES}#a1",
        f"{LINES}:3",  # no id: the line number; line 2 is blank and skipped
        f"{LINES}:4",
        f"{LINES}:5",
        f"{LINES}:6",
        f"{LINES}:7",
        f"{LINES}:8",
        f"{LINES}#a7",
    ]
    assert [type(r) for r in results] == [RawArticle, RawArticle] + [ReadError] * 5 + [RawArticle]


def test_article_fields():
    first = next(iter(read([LINES])))
    assert first.format == "jsonl"
    assert first.text == "Central bank governors met in Basel on Sunday to discuss cross-border payments."
    assert first.title == "Central bank governors meet in Basel"
    assert first.published == "2024-06-02"
    assert first.byline == "Noor Rahman"
    assert first.url == "https://courier.example.org/a1"
    assert first.encoding == "utf-8"


def test_common_alternative_field_names():
    second = list(read([LINES]))[1]
    assert second.text.startswith("Dock workers at the country’s largest port")
    assert second.published == "2024-06-03"  # from "date", RFC 2822
    assert second.byline == "Ana Silva, Ben Okafor"  # from "author", a list
    assert second.url == "https://courier.example.org/a2"  # from "link"
    assert "text from the 'body' field" in second.notes


def test_error_messages_name_file_and_line():
    errors = {r.source: str(r) for r in read([LINES]) if isinstance(r, ReadError)}
    assert errors[f"{LINES}:4"] == (
        f"{LINES}:4: line 4: invalid JSON (Expecting ',' delimiter at column 68) (fix the line or remove it)"
    )
    assert errors[f"{LINES}:5"] == (
        f"{LINES}:5: line 5: expected a JSON object, got a list (give one JSON object per line)"
    )
    assert errors[f"{LINES}:6"] == (
        f"{LINES}:6: line 6: no 'text' field (nor 'body' or 'content') (name the field with --text-field)"
    )
    assert errors[f"{LINES}:7"] == (
        f"{LINES}:7: line 7: the 'text' field is a number, not text (name the field with --text-field)"
    )
    assert errors[f"{LINES}:8"] == f"{LINES}:8: line 8: the 'text' field is empty (name the field with --text-field)"


def test_unparsed_date_is_left_out_with_a_note():
    last = list(read([LINES]))[-1]
    assert last.published is None
    assert "date 'last Tuesday' not understood; left out" in last.notes


def test_explicit_text_field_has_no_alternatives():
    results = list(read([LINES], ReadOptions(text_field="summary")))
    articles = [r for r in results if isinstance(r, RawArticle)]
    assert [a.text for a in articles] == ["Only a summary."]
    assert articles[0].source == f"{LINES}#a4"
    missing = next(r for r in results if r.source == f"{LINES}#a1" or r.source == f"{LINES}:1")
    assert str(missing) == f"{LINES}:1: line 1: no 'summary' field (name the field with --text-field)"


def test_custom_field_names(tmp_path):
    path = tmp_path / "custom.jsonl"
    row = {"key": "x9", "story": "Envoys met in Oslo.", "head": "Oslo talks", "when": "2024-01-02", "who": "Kai Berg"}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    options = ReadOptions(text_field="story", title_field="head", date_field="when", byline_field="who", id_field="key")
    (article,) = list(read([path], options))
    assert (article.source, article.text, article.title, article.published, article.byline) == (
        f"{path}#x9", "Envoys met in Oslo.", "Oslo talks", "2024-01-02", "Kai Berg")


def test_gzipped_lines():
    path = FIXTURES / "articles.jsonl.gz"
    results = list(read([path]))
    assert [r.source for r in results] == [f"{path}#g1", f"{path}#g2", f"{path}#g3"]
    assert results[0].text == "Envoys held round 1 of talks on the border dispute."


def test_truncated_gzip_yields_lines_before_the_break():
    path = FIXTURES / "truncated.jsonl.gz"
    results = list(read([path]))
    *articles, error = results
    assert len(articles) >= 3 and all(isinstance(a, RawArticle) for a in articles)
    assert isinstance(error, ReadError)
    assert error.source == f"{path}:{len(articles)}" or error.source == f"{path}:{len(articles) + 1}"
    assert error.message.startswith("truncated gzip: the compressed data ends early")
    assert f"line {error.source.rsplit(':', 1)[1]}" in error.message


def test_line_over_max_bytes(tmp_path):
    path = tmp_path / "long.jsonl"
    short = json.dumps({"text": "Short note on the summit."})
    long = json.dumps({"text": "Very long. " * 100})
    path.write_text(f"{short}\n{long}\n{short}\n", encoding="utf-8")
    results = list(read([path], ReadOptions(max_bytes=200)))
    assert [type(r) for r in results] == [RawArticle, ReadError, RawArticle]
    assert str(results[1]) == (
        f"{path}:2: line 2 is larger than the 200 bytes limit for one article (raise --max-bytes or split the file)"
    )
    assert results[2].source == f"{path}:3"


def test_binary_named_jsonl(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_bytes(bytes(range(256)) * 4)
    (error,) = list(read([path]))
    assert error.message == "binary file, not text"


def test_only_blank_lines(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n  \n", encoding="utf-8")
    (error,) = list(read([path]))
    assert error.message == "no JSON lines in the file"


def test_non_utf8_line_is_still_read(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes('{"text": "Réunion à Genève des ministres européens des affaires étrangères."}\n'.encode("cp1252"))
    (article,) = list(read([path]))
    assert article.text == "Réunion à Genève des ministres européens des affaires étrangères."


def test_json_file_with_lines_is_read_as_jsonl(tmp_path):
    path = tmp_path / "rows.json"
    path.write_text(json.dumps({"text": "Talks resume in Nairobi."}) + "\n", encoding="utf-8")
    (article,) = list(read([path]))
    assert article.format == "jsonl"


def test_pretty_printed_json_is_unknown(tmp_path):
    path = tmp_path / "pretty.json"
    path.write_text(json.dumps({"text": "Talks resume."}, indent=2), encoding="utf-8")
    (error,) = list(read([path]))
    assert error.message.startswith("unknown format: JSON that is neither a JSON Feed nor JSON Lines")
