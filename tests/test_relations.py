"""Relations over time from stored events (docs/relations.md), with hand-made events (docs/events.md)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

import tieline
from tieline.aggregate import dyads, event_rows, pair_rows, relation_rows
from tieline.cli import cli
from tieline.errors import ConfigError, StoreError
from tieline.store import Store
from tieline.store.event_tables import FLAGS
from tieline.testing import make_doc

CHN = {"id": "CHN", "name": "China", "type": "state", "country": "CHN"}
RUS = {"id": "RUS", "name": "Russia", "type": "state", "country": "RUS"}
USA = {"id": "USA", "name": "United States", "type": "state", "country": "USA"}
XI = {"id": "Q15031", "name": "Xi Jinping", "type": "person", "country": "CHN"}
PUTIN = {"id": "Q7747", "name": "Vladimir Putin", "type": "person", "country": "RUS"}

#: PLOVER type -> (CAMEO, quad class, Goldstein)
CODES = {"CONSULT": ("040", 1, 1.0), "AID": ("070", 2, 7.0), "ACCUSE": ("112", 3, -2.0), "SANCTION": ("163", 4, -8.0)}


def event(doc_id, n, type_, sources, targets, **flags):
    """One event as the events stage writes it (docs/events.md)."""
    cameo, quad, goldstein = CODES[type_]
    marks = {flag: bool(flags.get(flag)) for flag in FLAGS}
    return {
        "id": f"{doc_id}:e{n}", "type": type_, "mode": None, "cameo": cameo, "quad_class": quad,
        "goldstein": goldstein, "intensity": 1.0, "contexts": ["diplomatic"],
        "source": [{**a, "mention": a["name"], "start": 0, "end": 5} for a in sources],
        "target": [{**a, "mention": a["name"], "start": 10, "end": 15} for a in targets],
        **marks, "claimed_by": None, "factual": not any(marks.values()),
        "trigger": "met", "trigger_start": 6, "trigger_end": 9, "sentence_start": 0, "sentence_end": 20,
        "quote_id": None, "rule": f"verb:{type_.lower()}", "confidence": 0.9, "stage": "events.rules.v1",
    }


def doc_with(raw, published, events, **fields):
    doc = make_doc(raw, published=published, text=raw, **fields)
    doc.events = [event(doc.id, n, *spec[:3], **spec[3]) for n, spec in enumerate(events, 1)]
    return doc


FEBRUARY = [
    ("ACCUSE", [CHN, RUS], [USA], {}),            # compound: CHN->USA and RUS->USA
    ("CONSULT", [XI], [PUTIN], {}),              # people: count for their states
    ("AID", [CHN], [RUS], {"negated": True}),    # did not happen
    ("AID", [CHN], [RUS], {"future": True}),     # not yet
    ("AID", [CHN], [RUS], {"future": True, "hypothetical": True}),
]


def corpus():
    """January and February, a copy of the February article, and an undated one."""
    january = doc_with("January talks.", "2024-01-10", [("CONSULT", [CHN], [RUS], {}), ("AID", [RUS], [CHN], {})])
    february = doc_with("February summit.", "2024-02-03", FEBRUARY)
    copy = doc_with("February summit (copy).", "2024-02-04", FEBRUARY, duplicate_of=february.id)
    undated = doc_with("Undated sanctions.", None, [("SANCTION", [CHN], [RUS], {})])
    return [january, february, copy, undated]


def fill(path, docs):
    store = Store(path)
    with store.transaction():
        for doc in docs:
            store.save(doc, {"events": "events.test.v1"})
    return store


@pytest.fixture
def store(tmp_path):
    with fill(tmp_path / "t.db", corpus()) as store:
        yield store


def by_key(rows):
    return {(row["period"], row["source"], row["target"]): row for row in rows}


def test_each_direction_and_month_is_a_row_of_its_own(store):
    rows = by_key(relation_rows(store, "CHN", "RUS"))
    assert list(rows) == [("2024-01", "CHN", "RUS"), ("2024-01", "RUS", "CHN"), ("2024-02", "CHN", "RUS"), (None, "CHN", "RUS")]
    jan = rows["2024-01", "RUS", "CHN"]
    assert (jan["events"], jan["q2"], jan["goldstein_sum"], jan["net_cooperation_count"]) == (1, 1, 7.0, 1)
    undated = rows[None, "CHN", "RUS"]
    assert (undated["q4"], undated["net_cooperation_count"], undated["net_cooperation_goldstein"]) == (1, -1, -8.0)


def test_a_copy_counts_once_and_people_count_for_their_state(store):
    feb = by_key(relation_rows(store, "CHN", "RUS"))["2024-02", "CHN", "RUS"]
    february, copy = [doc for doc in corpus() if doc.published and doc.published.startswith("2024-02")]
    assert (feb["events"], feb["q1"], feb["stories"], feb["documents"]) == (1, 1, 1, 1)
    assert feb["event_ids"] == [f"{february.id}:e2"]          # the copy's events are stored, not counted
    assert store.events(actor="CHN")["document_id"].tolist().count(copy.id) == 5
    assert ("2024-02", "CHN", "RUS") not in by_key(relation_rows(store, "CHN", "RUS", by_country=False))
    assert by_key(relation_rows(store, "Q15031", "Q7747", by_country=False))["2024-02", "Q15031", "Q7747"]["events"] == 1


def test_a_compound_event_expands_into_one_dyad_per_source_and_target(store):
    february = corpus()[1]
    found = [(d.source, d.target) for d in dyads(store, by_country=False) if d.event_id == f"{february.id}:e1"]
    assert found == [("CHN", "USA"), ("RUS", "USA")]
    partners = by_key(relation_rows(store, "USA"))
    assert list(partners) == [("2024-02", "CHN", "USA"), ("2024-02", "RUS", "USA")]
    assert all((row["q3"], row["events"], row["stories"]) == (1, 1, 1) for row in partners.values())


def test_flagged_events_count_only_when_included(store):
    def february(include):
        return by_key(relation_rows(store, "CHN", "RUS", include=include))["2024-02", "CHN", "RUS"]

    assert february(("factual",))["q2"] == 0
    assert february(("factual", "negated"))["q2"] == 1     # in the article (its copy does not count)
    assert february("factual,future")["q2"] == 1          # announced, not announced-and-hypothetical
    assert february("all")["q2"] == 3
    with pytest.raises(ConfigError, match="choose from: all, factual, negated"):
        relation_rows(store, "CHN", "RUS", include="rumoured")


def test_periods_directions_and_dates(store):
    assert {row["period"] for row in relation_rows(store, "CHN", "RUS", by="week")} == {"2024-W02", "2024-W05", None}
    days = {row["period"] for row in relation_rows(store, "CHN", "RUS", by="day")}
    assert days == {"2024-01-10", "2024-02-03", None}          # the copy of 2024-02-04 does not count
    assert [(r["source"], r["target"]) for r in relation_rows(store, "RUS", "CHN", directed=True)] == [("RUS", "CHN")]
    later = relation_rows(store, "CHN", "RUS", since="2024-02")
    assert [row["period"] for row in later] == ["2024-02", None]      # undated events are never dropped
    assert [row["period"] for row in relation_rows(store, "CHN", "RUS", until="2024-01")] == ["2024-01", "2024-01", None]
    with pytest.raises(ConfigError, match="YYYY-MM"):
        relation_rows(store, "CHN", "RUS", since="last week")


def test_the_dataframe_api(store):
    table = tieline.open(store.path).relations("chn", "rus", by="month")
    assert list(table.columns[:4]) == ["period", "source", "target", "events"]
    assert table["source"].tolist() == ["CHN", "RUS", "CHN", "CHN"]
    assert table["period"].tolist()[-1] is None
    assert table["q1"].sum() == 2 and isinstance(table["event_ids"].iloc[0], list)
    events = store.events(actor="CHN", type="consult")
    assert events["type"].unique().tolist() == ["CONSULT"] and len(events) == 3
    assert store.events(include="factual").shape[0] < store.events().shape[0]
    assert store.relations("CHN", "RUS", since="2025").shape[0] == 1      # only the undated row


def test_busiest_pairs(store):
    rows = pair_rows(store)
    assert [(row["a"], row["b"], row["events"]) for row in rows] == [("CHN", "RUS", 4), ("CHN", "USA", 1), ("RUS", "USA", 1)]
    chn_rus = rows[0]
    assert (chn_rus["a_to_b"], chn_rus["b_to_a"], chn_rus["stories"]) == (3, 1, 3)
    assert (chn_rus["first"], chn_rus["last"]) == ("2024-01-10", "2024-02-03")
    assert [(row["a"], row["b"]) for row in pair_rows(store, "RUS", limit=1)] == [("RUS", "CHN")]
    assert list(store.pairs(limit=2)["b"]) == ["RUS", "USA"]


def test_events_table_rows(store):
    rows = event_rows(store, actor="Q15031", by_country=False)
    assert len(rows) == 2 and rows[0]["sources"] == ["Q15031"] and rows[0]["targets"] == ["Q7747"]
    assert rows[0]["factual"] is True and rows[0]["contexts"] == ["diplomatic"] and rows[0]["date"] == "2024-02-03"
    assert event_rows(store)[-1]["date"] is None


def test_unknown_actor_names_the_ids_to_use(store):
    with pytest.raises(ConfigError, match=r"try CHN \(China\)"):
        relation_rows(store, "China", "RUS")
    with pytest.raises(ConfigError, match=r"Q15031 \(Xi Jinping\)"):
        relation_rows(store, "Xi", "RUS")
    with pytest.raises(ConfigError, match="busiest: CHN"):
        relation_rows(store, "Atlantis")
    with pytest.raises(ConfigError, match="same actor"):
        relation_rows(store, "CHN", "chn")


def test_empty_store_says_to_ingest_first(tmp_path):
    with pytest.raises(StoreError, match="no documents .*tieline ingest"):
        relation_rows(Store(tmp_path / "empty.db"), "CHN")
    with pytest.raises(StoreError, match="1 documents but no events .*events stage"):
        relation_rows(fill(tmp_path / "t.db", [make_doc("No events here.")]), "CHN")


def test_resaving_a_document_replaces_its_events(tmp_path):
    january = corpus()[0]
    store = fill(tmp_path / "t.db", [january])
    assert (store.count("events"), store.count("event_actors")) == (2, 4)
    january.events = january.events[:1]
    with store.transaction():
        store.save(january, {})
    assert (store.count("events"), store.count("event_actors")) == (1, 2)
    january.events = [january.events[0], january.events[0]]
    with pytest.raises(StoreError, match="two events share an id"):
        with store.transaction():
            store.save(january, {})
    assert store.count("events") == 1


def test_migration_backfills_events_of_an_existing_store(tmp_path):
    def tables(store):
        events = [(*row[:-1], json.loads(row[-1])) for row in store.db.execute("SELECT * FROM events ORDER BY event_id")]
        actors = store.db.execute("SELECT * FROM event_actors ORDER BY event_id, role, rowid").fetchall()
        return events, [tuple(row) for row in actors]

    saved = tables(fill(tmp_path / "t.db", corpus()))
    # the same store as tieline wrote it before m004: no event tables, one record without `events`
    old = sqlite3.connect(tmp_path / "t.db")
    old.executescript("""DROP TABLE event_actors; DROP TABLE events; DELETE FROM migrations WHERE name = 'm004_events';
                         INSERT INTO documents SELECT 'old', source, format, title, published, byline, url, language,
                           truncated, duplicate_of, story, skipped, text, raw, json_remove(record, '$.events'), pipeline,
                           schema, run_id, updated_at FROM documents LIMIT 1;""")
    old.close()
    store = Store(tmp_path / "t.db")
    assert tables(store) == saved
    assert store.count("events") == 2 + 5 + 5 + 1


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_cli_table_json_and_csv(store):
    table = run("relations", "CHN", "RUS", "--db", store.path)
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["period", "direction", "events"]
    assert lines[-1].split()[:2] == ["none", "CHN->RUS"]
    assert "counted: factual events (4)" in table.stderr
    rows = json.loads(run("relations", "CHN", "RUS", "--db", store.path, "--json", "--include", "future").stdout)
    assert rows[2]["period"] == "2024-02" and rows[2]["q2"] == 1 and rows[-1]["period"] is None
    weekly = list(csv.DictReader(io.StringIO(run("relations", "USA", "--db", store.path, "--csv", "--by", "week").stdout)))
    found = [(r["period"], r["source"], r["target"], r["q3"]) for r in weekly]
    assert found == [("2024-W05", "CHN", "USA", "1"), ("2024-W05", "RUS", "USA", "1")]
    assert len(weekly[0]["event_ids"].split()) == 1


def test_cli_errors_name_the_fix(tmp_path, store):
    missing = run("relations", "CHN", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 1 and "run `tieline ingest PATH --db" in missing.output
    assert not (tmp_path / "none.db").exists()
    unknown = run("relations", "China", "--db", store.path)
    assert isinstance(unknown.exception, ConfigError) and "CHN (China)" in str(unknown.exception)
    both = run("relations", "CHN", "--db", store.path, "--json", "--csv")
    assert both.exit_code == 2 and "choose one of --json and --csv" in both.output


@pytest.mark.parametrize("directed", [False, True])
def test_two_countries_read_from_event_pairs_give_the_dyads_the_actors_give(sample_store, directed):
    from tieline.aggregate.query import dyads
    from tieline.store import Store

    with Store(sample_store) as store:
        pairs = {tuple(sorted((s, t))) for s, t in store.db.execute("SELECT source, target FROM event_pairs")}
        countries = [pair for pair in pairs if all(len(side) == 3 and side.isupper() for side in pair)]
        assert len(countries) >= 5
        for a, b in countries:
            for include in (("factual",), ("factual", "hypothetical", "negated", "claimed", "future", "historical")):
                fast = dyads(store, a, b, directed=directed, include=include)
                slow = dyads(store, a, b, directed=directed, include=include, use_pairs=False)
                assert fast == slow, (a, b, include)


def test_a_countrys_partners_counted_in_sql_equal_those_counted_from_its_dyads(sample_store):
    from tieline.aggregate.relations import pair_rows
    from tieline.store import Store

    with Store(sample_store) as store:
        countries = sorted({row[0] for row in store.db.execute("SELECT source FROM event_pairs")
                            if len(row[0]) == 3 and row[0].isupper()})
        assert len(countries) >= 10
        for country in countries:
            for include in (("factual",), "all"):
                fast = pair_rows(store, country, limit=None, include=include)
                slow = pair_rows(store, country, limit=None, include=include, use_pairs=False)
                assert fast == slow, (country, include)
