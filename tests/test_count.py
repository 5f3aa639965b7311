"""The progress bar's total: about as many documents as the readers give, from a cheap scan."""

from __future__ import annotations

import gzip

import tieline
from tieline.readers import read
from tieline.readers.count import count_documents
from tieline.types import RawArticle


def test_count_matches_what_the_readers_give_on_the_sample():
    sample = tieline.sample_path()
    articles = sum(isinstance(item, RawArticle) for item in read([sample]))
    assert articles == 33
    assert count_documents([sample]) in (33, 34)  # a JSON Lines line that holds no article still counts


def test_count_scans_compressed_and_cut_files(tmp_path):
    lines = "".join(f'{{"id": {i}, "text": "Article {i}."}}\n' for i in range(2500))
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    whole = gzip.compress(lines.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    assert count_documents([tmp_path / "a.jsonl.gz"]) == 2500
    assert 0 < count_documents([tmp_path / "cut.jsonl.gz"]) < 2500
    assert count_documents(["-"]) is None
