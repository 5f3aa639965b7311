"""What the golden tests share: the gold lines, their floors, and the analysed sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import tieline

ROOT = Path(__file__).resolve().parents[1]


def load_gold(name: str) -> list[dict]:
    """The lines of ``tests/golden/<name>``."""
    return [json.loads(line) for line in (ROOT / "tests" / "golden" / name).read_text(encoding="utf-8").splitlines()]


def floors(key: str) -> dict[str, float]:
    """The floors pinned for ``key`` in eval/floors.json."""
    return json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8")).get(key, {})


def source_key(row: dict) -> str:
    """The analysed document a gold line's ``file`` and ``record`` name."""
    path = str(tieline.sample_path() / row["file"])
    return path if row["record"] is None else f"{path}#{row['record']}"


def analyse_sample() -> dict:
    """Every sample document through the default pipeline, keyed as ``source_key`` names them
    (JSON Lines records by their index in the file, like feed entries and WARC records)."""
    found = {}
    for doc in tieline.analyze([tieline.sample_path()]):
        if doc.format == "jsonl":
            path = doc.source.split("#")[0]
            found[f"{path}#{sum(1 for key in found if key.startswith(path + '#'))}"] = doc
        else:
            found[doc.source] = doc
    return found


def gold_span(doc, row: dict) -> tuple[int, int]:
    """Offsets of the gold line's ``text`` at its ``occurrence`` in the clean body."""
    start = -1
    for _ in range(row["occurrence"] + 1):
        start = doc.text.find(row["text"], start + 1)
    assert start >= 0, f"gold text {row['text'][:40]!r} not in {doc.source}"
    return start, start + len(row["text"])
