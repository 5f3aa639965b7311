"""Every export loads back in the tool it is for (docs/exports.md)."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner

import tieline
from tieline.cli import cli
from tieline.export import export
from tieline.export.gdelt import COLUMNS, EXTRA_COLUMNS, GDELT_COLUMNS
from tieline.export.tables import TABLES
from tieline.store import Store
from tieline.testing import make_doc

#: The GDELT 2.0 event table, as the GDELT Event Codebook V2.0 lists it (written out, not generated).
CODEBOOK = """GlobalEventID Day MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code
Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code
Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone
Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat
Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat
Actor2Geo_Long Actor2Geo_FeatureID
ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat
ActionGeo_Long ActionGeo_FeatureID
DATEADDED SOURCEURL""".split()


@pytest.fixture(scope="module")
def store(sample_store):
    with tieline.open(sample_store) as opened:
        yield opened


def counts(store) -> dict:
    return {name: store.db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES}


def test_parquet_has_one_file_per_table_with_every_row(store, tmp_path):
    import pyarrow.parquet as pq

    paths = export(store, "parquet", tmp_path)
    assert sorted(path.name for path in paths) == sorted(f"{name}.parquet" for name in TABLES)
    assert {path.stem: pq.read_table(path).num_rows for path in paths} == counts(store)
    events = pq.read_table(tmp_path / "events.parquet")
    assert str(events.schema.field("quad_class").type) == "int64" and str(events.schema.field("goldstein").type) == "double"
    quotes = pq.read_table(tmp_path / "quotes.parquet").to_pandas()
    assert set(quotes["quote_id"]) == {row[0] for row in store.db.execute("SELECT quote_id FROM quotes")}


def test_csv_has_one_file_per_table_that_pandas_reads(store, tmp_path):
    import pandas as pd

    paths = export(store, "csv", tmp_path)
    assert {path.stem: len(pd.read_csv(path)) for path in paths} == counts(store)
    documents = pd.read_csv(tmp_path / "documents.csv")
    stored = dict(store.db.execute("SELECT id, text FROM documents").fetchall())
    assert all(stored[row.id] == row.text for row in documents.itertuples())     # multi-line text survives


def test_gdelt_columns_are_the_codebook_s_61_then_ours():
    assert GDELT_COLUMNS == tuple(CODEBOOK) and len(GDELT_COLUMNS) == 61
    assert COLUMNS[61:] == EXTRA_COLUMNS and len(set(COLUMNS)) == len(COLUMNS)


def test_gdelt_table_has_its_layout_and_types(store, tmp_path):
    import pandas as pd

    (path,) = export(store, "gdelt", tmp_path / "events.tsv")
    table = pd.read_csv(path, sep="\t", header=None, dtype=str, keep_default_na=False, quoting=3)
    assert table.shape[1] == 61 + len(EXTRA_COLUMNS)
    table.columns = COLUMNS
    assert len(table) >= store.db.execute("SELECT count(*) FROM events e JOIN documents d ON d.id = e.document_id "
                                          "WHERE d.duplicate_of IS NULL").fetchone()[0]
    assert table["GlobalEventID"].astype(int).is_unique
    dated = table[table["Day"] != ""]
    assert len(dated) and dated["Day"].str.fullmatch(r"\d{8}").all() and (dated["MonthYear"] == dated["Day"].str[:6]).all()
    assert dated["FractionDate"].astype(float).between(1900, 2100).all()
    assert table["QuadClass"].astype(int).isin([1, 2, 3, 4]).all()
    assert table["GoldsteinScale"].astype(float).between(-10, 10).all()
    assert (table.apply(lambda row: row["EventCode"].startswith(row["EventBaseCode"]) and
                        row["EventBaseCode"].startswith(row["EventRootCode"]), axis=1)).all()
    assert table["DATEADDED"].str.fullmatch(r"\d{14}").all() and table["SOURCEURL"].ne("").all()
    assert table["Factual"].isin(["0", "1"]).all() and table["Sentence"].ne("").all()
    assert set(table["IsRootEvent"]) <= {"0", "1"} and table["AvgTone"].eq("").all()


def test_gdelt_row_of_a_known_event(tmp_path):
    text = "Chinese officials warned Japan on Monday. Nothing else."
    doc = make_doc(text, text=text, published="2024-02-29T08:00:00", url="https://example.org/a")
    doc.events = [{"id": f"{doc.id}:e0", "type": "THREATEN", "cameo": "1382", "quad_class": 3, "goldstein": -6.4,
                   "hypothetical": True, "trigger": "warned", "trigger_start": 18, "trigger_end": 24,
                   "sentence_start": 0, "sentence_end": 41,
                   "source": [{"id": "CHN", "name": "China", "country": "CHN", "role": "GOV"}],
                   "target": [{"id": "JPN", "name": "Japan", "country": "JPN"}]}]
    with Store(tmp_path / "one.db") as one:
        with one.transaction():
            one.save(doc, {})
        (path,) = export(one, "gdelt", tmp_path / "one.tsv")
    (line,) = path.read_text(encoding="utf-8").splitlines()
    row = dict(zip(COLUMNS, line.split("\t")))
    assert (row["Day"], row["MonthYear"], row["Year"], row["FractionDate"]) == ("20240229", "202402", "2024", "2024.1612")
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"], row["Actor2Code"]) == ("CHNGOV", "CHN", "GOV", "JPN")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == ("1382", "138", "13", "3")
    assert (row["SOURCEURL"], row["Hypothetical"], row["Factual"]) == ("https://example.org/a", "1", "0")
    assert row["Sentence"] == "Chinese officials warned Japan on Monday."


def test_plover_records_are_one_json_object_per_event(store, tmp_path):
    (path,) = export(store, "plover", tmp_path / "events.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    originals = store.db.execute("SELECT e.event_id FROM events e JOIN documents d ON d.id = e.document_id "
                                 "WHERE d.duplicate_of IS NULL").fetchall()
    assert sorted(record["id"] for record in records) == sorted(row[0] for row in originals)
    for record in records:
        assert record["event"] and record["actor"] and {"text", "code", "sector"} <= set(record["actor"][0])
        assert record["factual"] == (not any(record[flag] for flag in ("negated", "hypothetical", "future", "claimed", "historical")))


def test_gexf_loads_in_networkx_with_weights_and_spells(store, tmp_path):
    import networkx as nx

    (path,) = export(store, "gexf", tmp_path / "network.gexf")
    network = nx.read_gexf(path)
    assert network.is_directed() and network.graph["mode"] == "dynamic"
    pairs = store.pairs(limit=1000)
    assert sum(weight for _, _, weight in network.edges(data="weight")) == pairs["events"].sum()
    chn_rus = network.edges["CHN", "RUS"]["weight"] + network.edges["RUS", "CHN"]["weight"]
    assert chn_rus == pairs.set_index(["a", "b"]).loc[("CHN", "RUS"), "events"]
    assert network.nodes["CHN"]["label"] == "China" and network.nodes["CHN"]["type"] == "state"
    edge = network.edges["CHN", "RUS"]
    assert edge["spells"] and all(start <= end for start, end in edge["spells"])
    assert sum(value for value, _, _ in edge["monthly_events"]) + edge["undated"] == edge["weight"]
    assert 'timeformat="date"' in path.read_text(encoding="utf-8")


def test_sqlite_copy_opens_in_datasette_with_its_metadata(store, tmp_path):
    from datasette.app import Datasette

    database, metadata = export(store, "sqlite", tmp_path / "tieline-copy.db")
    ds = Datasette([str(database)], metadata=json.loads(metadata.read_text(encoding="utf-8")))

    async def fetch(path):
        response = await ds.client.get(path)
        assert response.status_code == 200, path
        return response.json()

    async def check():
        events = await fetch("/tieline-copy/events.json?_size=1")
        assert events["filtered_table_rows_count"] == store.count("events")
        assert {"type", "quad_class", "factual"} <= set(events["facet_results"])
        found = await fetch("/tieline-copy/quotes.json?_search=sanctions&_shape=objects")
        assert found["rows"] and all("sanction" in (row["text"] + row["speaker"]).lower() for row in found["rows"])
        hidden = {table["name"] for table in (await fetch("/tieline-copy.json"))["tables"] if table["hidden"]}
        assert {"copy_index", "copy_bands", "migrations"} <= hidden
        described = await fetch("/-/metadata.json")
        assert described["databases"]["tieline-copy"]["tables"]["quotes"]["description"]

    asyncio.run(check())


def test_export_command_writes_each_format(sample_store, tmp_path):
    result = CliRunner().invoke(cli, ["export", "gexf", "--db", str(sample_store), "--out", str(tmp_path / "n.gexf")])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "n.gexf") and (tmp_path / "n.gexf").stat().st_size > 0
    result = CliRunner().invoke(cli, ["export", "xml", "--db", str(sample_store), "--out", str(tmp_path / "x")])
    assert result.exit_code != 0 and "parquet" in result.output


def test_every_format_and_gdelt_column_is_documented():
    from pathlib import Path

    from tieline.export import FORMATS

    docs = (Path(__file__).resolve().parents[1] / "docs" / "exports.md").read_text(encoding="utf-8")
    assert all(f"### `{name}`" in docs for name in FORMATS)
    assert all(f"| {i} | `{column}` |" in docs for i, column in enumerate(COLUMNS, start=1))
