"""The Dask engine gives the local engine's records, field by field, copies across partitions included."""

from __future__ import annotations

import pytest

import tieline
from tieline.engines import LocalEngine, chunks, make_engine
from tieline.errors import ConfigError
from tieline.testing import make_doc

pytestmark = pytest.mark.model

#: Small partitions, so that the sample's copies and their originals fall in different ones.
PARTITION = 4


def records(db) -> dict[str, dict]:
    with tieline.open(db) as store:
        return {doc.id: doc.to_dict() for doc in store.docs()}


def test_dask_engine_equals_local_engine(tmp_path):
    local = tieline.ingest([tieline.sample_path()], tmp_path / "local.db", batch_size=PARTITION, engine=LocalEngine())
    engine = make_engine("dask", workers=2)
    try:
        assert len(engine.client.scheduler_info()["workers"]) == 2
        distributed = tieline.ingest([tieline.sample_path()], tmp_path / "dask.db", batch_size=PARTITION, engine=engine)
    finally:
        engine.close()
    expected, found = records(tmp_path / "local.db"), records(tmp_path / "dask.db")
    assert local.documents == distributed.documents == len(expected) == 33
    assert found.keys() == expected.keys()
    for doc_id, record in expected.items():
        for field, value in record.items():
            assert found[doc_id][field] == value, (doc_id, field)
    copies = {doc_id: r["duplicate_of"] for doc_id, r in found.items() if r["duplicate_of"]}
    assert len(copies) == 2  # the sample's exact and reworded copies
    order = list(expected)  # stored in input order
    assert any(order.index(a) // PARTITION != order.index(b) // PARTITION for a, b in copies.items()), \
        "a copy and its original should sit in different partitions for this test to mean anything"
    assert set(distributed.seconds) >= {"parse.spacy.v1", "dedup.minhash.v1", "store"}


def test_chunks_and_engine_names():
    docs = [make_doc(f"Text {i}.") for i in range(5)]
    assert [len(batch) for batch in chunks(docs, 2)] == [2, 2, 1]
    with pytest.raises(ConfigError, match="unknown engine"):
        make_engine("spark")
    with pytest.raises(ConfigError, match="--scheduler is for the Dask engine"):
        make_engine("local", scheduler="tcp://127.0.0.1:8786")


def test_the_dask_engine_joins_a_running_scheduler(tmp_path):
    from dask.distributed import LocalCluster

    texts = tieline.sample_path() / "text"
    tieline.ingest([texts], tmp_path / "local.db", batch_size=3, engine=LocalEngine())
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        engine = make_engine("dask", scheduler=cluster.scheduler_address)
        try:
            assert engine.cluster is None and engine.workers == 1  # in flight: twice the cluster's own workers
            tieline.ingest([texts], tmp_path / "joined.db", batch_size=3, engine=engine)
        finally:
            engine.close()
    assert records(tmp_path / "joined.db") == records(tmp_path / "local.db")
