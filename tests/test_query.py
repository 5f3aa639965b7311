"""The query layer: tables of quotes and actors, tieline.open's DataFrames, and the CLI over them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import tieline
from tieline.cli import cli
from tieline.errors import ConfigError
from tieline.store import Store
from tieline.store.queries import MAX_LIMIT, actor_rows, pair_rows, quote_rows
from tieline.testing import make_doc

XI = {"id": "Q15031", "name": "Xi Jinping", "type": "person", "country": "CHN", "roles": ["GOV"], "in_kb": True,
      "mentions": [{"start": 0, "end": 10, "text": "Xi Jinping", "kind": "name", "role": None}]}
RUSSIA = {"id": "RUS", "name": "Russia", "type": "state", "country": "RUS", "roles": [], "in_kb": True,
          "mentions": [{"start": 37, "end": 43, "text": "Russia", "kind": "name", "role": None}]}


def quoted_doc(published="2024-03-05"):
    text = "Xi Jinping said: “We stand with our Russia friends.” He left."
    doc = make_doc(text, text=text, published=published)
    doc.actors = [XI, RUSSIA]
    doc.quotes = [{"id": f"{doc.id}:q0", "text": "We stand with our Russia friends.", "start": 18, "end": 51,
                   "kind": "direct", "speaker": "Xi Jinping", "speaker_id": "Q15031", "speaker_type": "person",
                   "speaker_country": "CHN", "cue": "said", "cue_start": 11, "cue_end": 15, "stage": "quotes.test.v1"}]
    return doc


@pytest.fixture
def small(tmp_path):
    store = Store(tmp_path / "small.db")
    with store.transaction():
        store.save(quoted_doc(), {})
    yield store
    store.close()


def rows(store, table):
    return [tuple(row) for row in store.db.execute(f"SELECT * FROM {table} ORDER BY rowid")]


def test_a_store_from_before_the_tables_is_backfilled_with_the_rows_save_writes(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as store:
        with store.transaction():
            store.save(quoted_doc(), {})
        written = {table: rows(store, table) for table in ("quotes", "document_actors", "mentions")}
        store.db.executescript(
            "DROP VIEW actors; DROP TABLE quotes_fts; DROP TABLE quotes; DROP TABLE document_actors; "
            "DROP TABLE mentions; DELETE FROM migrations WHERE name = 'm007_quotes_and_actors';")
    with Store(path) as store:                       # reopening applies m007 and fills the tables from `record`
        assert {table: rows(store, table) for table in written} == written
        assert written["quotes"] and written["mentions"]
        assert [row["text"] for row in quote_rows(store, search="friends")] == ["We stand with our Russia friends."]


def test_quotes_filter_by_speaker_country_mention_kind_and_date(small):
    assert len(quote_rows(small, speaker="jinping")) == len(quote_rows(small, speaker="Q15031")) == 1
    assert quote_rows(small, speaker="Putin") == []
    assert len(quote_rows(small, actor="CHN")) == 1 and quote_rows(small, actor="CHN", by_country=False) == []
    assert len(quote_rows(small, about="RUS")) == 1 and quote_rows(small, about="Q15031") == []
    assert quote_rows(small, kind="indirect") == [] and quote_rows(small, since="2024-04") == []
    assert len(quote_rows(small, until="2024-03")) == 1


def test_actors_count_mentions_quotes_and_wikidata_ids(small):
    by_id = {row["actor_id"]: row for row in actor_rows(small)}
    assert (by_id["Q15031"]["wikidata"], by_id["Q15031"]["quotes"], by_id["Q15031"]["mentions"]) == ("Q15031", 1, 1)
    assert by_id["RUS"]["wikidata"] is None
    assert [row["actor_id"] for row in actor_rows(small, type="person")] == ["Q15031"]


def test_pages_are_bounded_and_name_the_fix(small):
    with pytest.raises(ConfigError, match="offset"):
        quote_rows(small, limit=MAX_LIMIT + 1)
    with pytest.raises(ConfigError):
        actor_rows(small, limit=0)
    assert len(actor_rows(small, limit=1)) == 1 and actor_rows(small, limit=1, offset=2) == []


def test_open_gives_the_five_tables_as_dataframes(sample_store):
    with tieline.open(sample_store) as store:
        frames = {name: getattr(store, name)() for name in ("events", "pairs", "quotes", "actors", "documents")}
        assert {name: type(frame).__name__ for name, frame in frames.items()} == dict.fromkeys(frames, "DataFrame")
        assert len(frames["documents"]) == 33 and frames["documents"]["quotes"].sum() == store.count("quotes") > 100
        assert len(frames["events"]) == store.count("events") > 100
        assert list(frames["actors"]["actor_id"][:3]) == ["CHN", "USA", "RUS"]
        assert {"Q15031", "Q7747"} <= set(store.actors(type="person", limit=MAX_LIMIT)["actor_id"])
        assert len(list(store.docs())) == 33


def test_pages_do_not_overlap_and_cover_the_rows(sample_store):
    with tieline.open(sample_store) as store:
        first, second = store.events(limit=50)["event_id"], store.events(limit=50, offset=50)["event_id"]
        everything = store.events(limit=MAX_LIMIT)["event_id"]
        assert list(first) + list(second) == list(everything[:100]) and not set(first) & set(second)


def test_pairs_over_time_are_the_relations_of_the_pair(sample_store):
    with tieline.open(sample_store) as store:
        by_month = store.pairs("CHN", "RUS", by="month")
        assert by_month.to_dict("records") == store.relations("CHN", "RUS", by="month").to_dict("records")
        by_year = store.pairs("CHN", "RUS", by="year")
        assert by_year["events"].sum() == by_month["events"].sum() > 0
        assert all(len(period) == 4 for period in by_year["period"].dropna())
        partners = store.pairs(actor="CHN")
        assert (partners["a"] == "CHN").all() and list(partners["events"]) == sorted(partners["events"], reverse=True)
        with pytest.raises(ConfigError, match="actor"):
            pair_rows(store, by="month")


def test_events_since_keep_the_dated_rows_after_it(sample_store):
    with tieline.open(sample_store) as store:
        events = store.events(actor="CHN", since="2025-01")
        assert len(events) and all(date is None or date >= "2025-01" for date in events["date"])
        assert len(events) < len(store.events(actor="CHN"))


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_prints_tables_json_and_csv(sample_store):
    db = str(sample_store)
    table = run("pairs", "CHN", "RUS", "--by", "month", "--db", db)
    assert table.splitlines()[0].split()[:3] == ["period", "direction", "events"] and "CHN->RUS" in table
    partners = json.loads(run("pairs", "--actor", "CHN", "--json", "--db", db))
    assert partners and all(row["a"] == "CHN" for row in partners)
    events = list(csv.DictReader(io.StringIO(run("events", "--actor", "CHN", "--since", "2024-01", "--csv", "--db", db))))
    assert events and all(row["date"] == "" or row["date"] >= "2024-01" for row in events)
    quotes = json.loads(run("quotes", "--speaker", "Xi Jinping", "--json", "--db", db))
    assert quotes and all("Xi" in row["speaker"] or row["speaker_id"] == "Q15031" for row in quotes)
    assert run("actors", "--limit", "3", "--db", db).splitlines()[1].split()[0] == "CHN"


def test_cli_on_a_missing_store_names_the_fix(tmp_path):
    result = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "tieline ingest" in result.output
    assert not (tmp_path / "none.db").exists()
