"""``--parquet``: a Parquet dataset written batch by batch (either engine), resumable, and merged into a store."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import tieline
from tieline.cli import cli
from tieline.engines import LocalEngine, make_engine
from tieline.errors import StoreError
from tieline.export import export
from tieline.store.dataset import LEDGER, TABLES, ParquetDataset

pytestmark = pytest.mark.model

PARTITION = 4  # small partitions: the sample's copies and their originals fall in different ones
TOTAL = 33  # documents in the sample corpus
#: Columns that say when and by which run a row was written, not what it holds.
WHEN = ("run_id", "updated_at", "first_seen")


def table(folder, name) -> list[dict]:
    """Every row of table ``name`` of the dataset at ``folder``, without the columns of ``WHEN``."""
    rows = pq.ParquetDataset(folder / name).read().to_pylist()
    return sorted(({k: v for k, v in row.items() if k not in WHEN} for row in rows), key=repr)


def records(db) -> dict[str, dict]:
    with tieline.open(db) as store:
        return {doc.id: doc.to_dict() for doc in store.docs()}


def test_dask_engine_writes_the_local_engines_dataset(tmp_path):
    local = tieline.ingest([tieline.sample_path()], ParquetDataset(tmp_path / "local"), batch_size=PARTITION,
                           engine=LocalEngine())
    engine = make_engine("dask", workers=2)
    try:
        distributed = tieline.ingest([tieline.sample_path()], ParquetDataset(tmp_path / "dask"), batch_size=PARTITION,
                                     engine=engine)
    finally:
        engine.close()
    assert local.documents == distributed.documents == TOTAL
    for name in TABLES:
        assert table(tmp_path / "dask", name) == table(tmp_path / "local", name), name
    documents = table(tmp_path / "dask", "documents")
    assert len(documents) == TOTAL == len({row["id"] for row in documents})
    assert sum(1 for row in documents if row["duplicate_of"]) == 2  # the sample's copies, across partitions
    assert len(list((tmp_path / "dask" / "documents").glob("part-*.parquet"))) == -(-TOTAL // PARTITION)
    assert len(table(tmp_path / "dask", "events")) > 50


def test_the_dataset_has_the_columns_of_the_parquet_export(tmp_path):
    tieline.ingest([tieline.sample_path() / "text"], ParquetDataset(tmp_path / "ds"))
    tieline.ingest([tieline.sample_path() / "text"], tmp_path / "t.db")
    with tieline.Store(tmp_path / "t.db") as store:
        export(store, "parquet", tmp_path / "export")
    for name in TABLES:
        written = pq.ParquetDataset(tmp_path / "ds" / name).schema
        assert written == pq.read_schema(tmp_path / "export" / f"{name}.parquet"), name


def test_merge_gives_a_store_with_the_records_of_a_direct_ingest(tmp_path):
    tieline.ingest([tieline.sample_path()], ParquetDataset(tmp_path / "ds"), batch_size=PARTITION)
    tieline.ingest([tieline.sample_path()], tmp_path / "direct.db", batch_size=PARTITION)
    with tieline.Store(tmp_path / "direct.db") as store:
        indexed = sorted(row[0] for row in store.db.execute("SELECT document_id FROM copy_index"))
    with tieline.Store(tmp_path / "merged.db") as store:
        counts = tieline.merge(tmp_path / "ds", store)
        assert store.count("events") > 50 and store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert sorted(row[0] for row in store.db.execute("SELECT document_id FROM copy_index")) == indexed  # found by later ingests
    assert counts == {"merged": TOTAL, "unchanged": 0, "sources": 0} and len(indexed) > 25
    merged, direct = records(tmp_path / "merged.db"), records(tmp_path / "direct.db")
    assert merged.keys() == direct.keys()
    copy_fields = ("duplicate_of", "copy_kind", "copy")
    for doc_id, record in direct.items():
        assert {k: v for k, v in merged[doc_id].items() if k not in copy_fields} == \
               {k: v for k, v in record.items() if k not in copy_fields}, doc_id
    pairs = lambda found: {frozenset((d, r["duplicate_of"])) for d, r in found.items() if r["duplicate_of"]}  # noqa: E731
    assert pairs(merged) == pairs(direct) and len(pairs(direct)) == 2  # the same copies (which is canonical: docs/scale.md)
    with tieline.Store(tmp_path / "merged.db") as store:
        assert tieline.merge(tmp_path / "ds", store)["unchanged"] == TOTAL  # a second merge changes nothing


def test_a_merged_store_finds_copies_of_merged_documents(tmp_path):
    text = sorted((tieline.sample_path() / "text").iterdir())[0]
    tieline.ingest([text], ParquetDataset(tmp_path / "ds"))
    with tieline.Store(tmp_path / "m.db") as store:
        tieline.merge(tmp_path / "ds", store)
    copy = tmp_path / "copy.txt"
    copy.write_text(text.read_text(encoding="utf-8") + "\n\nShare this article with a friend.\n", encoding="utf-8")
    tieline.ingest([copy], tmp_path / "m.db")
    with tieline.open(tmp_path / "m.db") as store:
        marked = [doc for doc in store.docs() if doc.duplicate_of]
    assert len(marked) == 1 and marked[0].source.endswith("copy.txt")


def test_a_second_run_skips_what_is_written_and_parts_left_by_a_killed_run_are_redone(tmp_path):
    folder = tmp_path / "ds"
    first = tieline.ingest([tieline.sample_path()], ParquetDataset(folder), batch_size=PARTITION, limit=10)
    assert first.documents == 10
    # what a run killed between writing a part and entering it in the ledger leaves behind
    part = sorted((folder / "documents").glob("part-*.parquet"))[0]
    for name in TABLES:
        shutil.copy(folder / name / part.name, folder / name / "part-000999.parquet")
    (folder / "events" / ".part-001000.parquet.partial").write_bytes(b"PAR1 cut")
    second = tieline.ingest([tieline.sample_path()], ParquetDataset(folder), batch_size=PARTITION)
    assert (second.documents, second.unchanged) == (TOTAL - 10, 10)
    assert not (folder / "documents" / "part-000999.parquet").exists()
    assert not list(folder.glob("*/.part-*"))
    ids = [row["id"] for row in table(folder, "documents")]
    assert len(ids) == len(set(ids)) == TOTAL  # none lost, none doubled


def test_a_dataset_refuses_other_stage_versions(tmp_path):
    folder = tmp_path / "ds"
    tieline.ingest([tieline.sample_path() / "text"], ParquetDataset(folder), limit=1)
    pipeline = tieline.default_pipeline(stages=("clean", "language"))
    with pytest.raises(StoreError, match="other stage versions"):
        tieline.ingest([tieline.sample_path() / "text"], ParquetDataset(folder), pipeline=pipeline)
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        ParquetDataset(tmp_path / "file")


def test_ingest_parquet_and_merge_on_the_command_line(tmp_path):
    folder, db = tmp_path / "ds", tmp_path / "m.db"
    result = CliRunner().invoke(cli, ["ingest", str(tieline.sample_path() / "text"), "--parquet", str(folder)])
    assert result.exit_code == 0, result.output
    assert "(Parquet dataset)" in result.output and (folder / LEDGER).exists()
    result = CliRunner().invoke(cli, ["merge", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    written = len(table(folder, "documents"))
    assert f"merged {written} documents" in result.output and written > 5
    with tieline.open(db) as store:
        assert store.count() == written


def test_copies_are_found_across_runs_into_one_dataset(tmp_path):
    text = sorted((tieline.sample_path() / "text").iterdir())[0]
    tieline.ingest([text], ParquetDataset(tmp_path / "ds"))
    copy = tmp_path / "copy.txt"
    copy.write_text(text.read_text(encoding="utf-8") + "\n\nShare this article with a friend.\n", encoding="utf-8")
    tieline.ingest([copy], ParquetDataset(tmp_path / "ds"))
    marked = [row for row in table(tmp_path / "ds", "documents") if row["duplicate_of"]]
    assert len(marked) == 1 and marked[0]["source"].endswith("copy.txt")
