"""``tieline bench-queries``: how fast the store answers when it holds a million events.

A synthetic store is written straight into the real schema (the store's own migrations and
indexes): ``events`` events over ``events / 10`` documents spread over ten years, each with one
source and one target country drawn from 40 (China and Russia among the most frequent, as in
international news), a PLOVER type with its quad class and Goldstein score, and one event in ten
flagged (negated, hypothetical ...). Then the queries the pages and the API run are timed on it,
each ``repeat`` times after one warm-up, and the median and the slowest are reported:
the pair by month (``/api/pairs/CHN/RUS?by=month``), the busiest partners of one actor
(``/api/pairs?actor=CHN``) and the first page of an actor's events (``/api/events?actor=CHN``).
Generated data never goes near a real store: the file is new, and removed unless ``keep``.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any, Callable

#: Countries and how often each stands on one side of an event (rough shares of news).
COUNTRIES = {
    "USA": 14, "CHN": 10, "RUS": 9, "UKR": 6, "ISR": 5, "IRN": 4, "GBR": 4, "FRA": 3, "DEU": 3, "IND": 3,
    "JPN": 2, "PRK": 2, "KOR": 2, "TUR": 2, "SAU": 2, "PAK": 2, "SYR": 2, "PSE": 2, "LBN": 1, "EGY": 1,
    "BRA": 1, "AUS": 1, "CAN": 1, "ITA": 1, "ESP": 1, "POL": 1, "TWN": 1, "VNM": 1, "PHL": 1, "IDN": 1,
    "NGA": 1, "ZAF": 1, "ETH": 1, "MEX": 1, "VEN": 1, "AFG": 1, "IRQ": 1, "QAT": 1, "ARE": 1, "BLR": 1,
}
#: PLOVER types with their quad class and a Goldstein score.
TYPES = [("AGREE", 1, 3.0), ("CONSULT", 1, 1.0), ("SUPPORT", 1, 3.5), ("COOPERATE", 2, 6.0), ("AID", 2, 7.0),
         ("REQUEST", 1, 1.5), ("ACCUSE", 3, -2.0), ("REJECT", 3, -4.0), ("THREATEN", 3, -6.0),
         ("PROTEST", 3, -3.0), ("SANCTION", 4, -8.0), ("MOBILIZE", 4, -7.2), ("COERCE", 4, -7.0), ("ASSAULT", 4, -10.0)]
FLAGS = ("negated", "hypothetical", "future", "claimed", "historical")
EVENTS_PER_DOCUMENT = 10
BATCH = 20_000


def generate(db: str | Path, events: int, seed: int = 7) -> dict[str, Any]:
    """Write a synthetic store of ``events`` events at ``db`` (a new file); what was written."""
    from .store import Store

    path = Path(db)
    if path.exists():
        raise FileExistsError(f"{path} exists; the benchmark writes a new store (give a new --db path)")
    pick = random.Random(seed)
    countries, weights = list(COUNTRIES), list(COUNTRIES.values())
    started = time.perf_counter()
    with Store(path) as store:
        store.db.execute("PRAGMA synchronous=OFF")
        with store.transaction():
            for first in range(0, events, BATCH):
                _write_batch(store.db, pick, countries, weights, first, min(events, first + BATCH))
        store.db.execute("ANALYZE")
    seconds = time.perf_counter() - started
    return {"events": events, "documents": -(-events // EVENTS_PER_DOCUMENT), "seconds": round(seconds, 1),
            "store_mb": round(path.stat().st_size / 2**20, 1)}


def _write_batch(db, pick: random.Random, countries: list, weights: list, first: int, last: int) -> None:
    documents, rows, actors = [], [], []
    for number in range(first, last):
        doc_id = f"syn{number // EVENTS_PER_DOCUMENT:08d}"
        day = f"{2015 + pick.randrange(10)}-{1 + pick.randrange(12):02d}-{1 + pick.randrange(28):02d}"
        if number % EVENTS_PER_DOCUMENT == 0:
            documents.append((doc_id, f"synthetic/{doc_id}.txt", day, "2025-01-01T00:00:00+00:00"))
        source, target = pick.choices(countries, weights, k=2)
        if source == target:
            target = countries[(countries.index(target) + 1) % len(countries)]
        kind, quad, goldstein = pick.choice(TYPES)
        flags = [int(pick.random() < 0.02) for _ in FLAGS]
        event_id = f"{doc_id}:e{number % EVENTS_PER_DOCUMENT}"
        rows.append((event_id, doc_id, day, kind, quad, goldstein, *flags, int(not any(flags))))
        actors.append((event_id, "source", source, source, source, "state"))
        actors.append((event_id, "target", target, target, target, "state"))
    db.executemany(
        "INSERT INTO documents (id, source, format, published, text, raw, record, pipeline, schema, updated_at) "
        "VALUES (?, ?, 'text', ?, '', '', '{}', '{}', 'synthetic', ?)", documents)
    db.executemany(
        f"INSERT INTO events (event_id, document_id, date, type, quad_class, goldstein, {', '.join(FLAGS)}, factual, record) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')", rows)
    db.executemany("INSERT INTO event_actors (event_id, role, actor_id, name, country, type) VALUES (?, ?, ?, ?, ?, ?)",
                   actors)
    db.executemany("INSERT INTO event_pairs (event_id, source, target) VALUES (?, ?, ?)",
                   [(source[0], source[2], target[2]) for source, target in zip(actors[::2], actors[1::2])])


def time_queries(db: str | Path, repeat: int = 5) -> dict[str, dict[str, float]]:
    """Median and slowest milliseconds of the pages' main queries (one warm-up run each)."""
    from .store import Store
    from .store.queries import event_rows, pair_rows

    queries: dict[str, Callable] = {
        "pair CHN RUS by month": lambda store: pair_rows(store, "CHN", "RUS", by="month"),
        "busiest partners of CHN": lambda store: pair_rows(store, "CHN"),
        "first 50 events of CHN": lambda store: event_rows(store, "CHN", limit=50),
    }
    timings = {}
    with Store(db) as store:
        for name, query in queries.items():
            rows = query(store)
            runs = []
            for _ in range(repeat):
                started = time.perf_counter()
                query(store)
                runs.append((time.perf_counter() - started) * 1000)
            timings[name] = {"median_ms": round(statistics.median(runs), 1), "max_ms": round(max(runs), 1),
                             "rows": len(rows)}
    return timings


def format_timings(written: dict[str, Any], timings: dict[str, dict[str, float]]) -> str:
    lines = [f"store: {written['events']:,} events over {written['documents']:,} documents, "
             f"written in {written['seconds']} s, {written['store_mb']} MB"]
    lines += [f"{name:<26} median {t['median_ms']:>8.1f} ms   slowest {t['max_ms']:>8.1f} ms   ({t['rows']:,} rows)"
              for name, t in timings.items()]
    return "\n".join(lines)
