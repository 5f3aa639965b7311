from __future__ import annotations

import sqlite3

import pytest

from tieline.errors import StoreError
from tieline.pipeline import Pipeline
from tieline.stages.clean import CleanStage
from tieline.stages.language import LanguageStage
from tieline.store import Store
from tieline.store.migrations import MIGRATIONS
from tieline.testing import make_doc

VERSIONS = {"clean": "clean.rules.v1"}


def processed(raw: str):
    return Pipeline([CleanStage(), LanguageStage()]).run_batch([make_doc(raw)])[0]


def test_round_trip_is_exact(tmp_path, seeds):
    store = Store(tmp_path / "t.db")
    for raw in seeds.values():
        doc = processed(raw)
        with store.transaction():
            store.save(doc, VERSIONS)
        assert store.get(doc.id) == doc
    assert store.count() == 2


def test_migrations_recorded_and_reopen_is_a_no_op(tmp_path):
    Store(tmp_path / "t.db").close()
    store = Store(tmp_path / "t.db")
    names = [row[0] for row in store.db.execute("SELECT name FROM migrations ORDER BY name")]
    assert names == [migration.__name__ for migration in MIGRATIONS]
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_from_a_newer_tieline_is_refused(tmp_path):
    Store(tmp_path / "t.db").close()
    db = sqlite3.connect(tmp_path / "t.db")
    db.execute("INSERT INTO migrations VALUES ('m999_future', 'now')")
    db.commit()
    with pytest.raises(StoreError, match="newer tieline .*upgrade tieline"):
        Store(tmp_path / "t.db")


def test_not_a_database_names_the_fix(tmp_path):
    (tmp_path / "notes.db").write_text("hello, this is not sqlite" * 100)
    with pytest.raises(StoreError, match="pass --db a tieline store or a new path"):
        Store(tmp_path / "notes.db")


def test_interrupted_batch_leaves_nothing_behind(tmp_path):
    store = Store(tmp_path / "t.db")
    with pytest.raises(KeyboardInterrupt):
        with store.transaction():
            store.save(processed("A\n\nFirst body."), VERSIONS)
            raise KeyboardInterrupt
    assert store.count() == 0 and store.count("removed") == 0


def test_is_current_follows_stage_versions(tmp_path):
    store = Store(tmp_path / "t.db")
    doc = processed("A\n\nBody text here.")
    with store.transaction():
        store.save(doc, VERSIONS)
    assert store.is_current(doc.id, VERSIONS)
    assert not store.is_current(doc.id, {"clean": "clean.rules.v2"})


def test_full_text_search(tmp_path, seeds):
    store = Store(tmp_path / "t.db")
    for raw in seeds.values():
        with store.transaction():
            store.save(processed(raw), VERSIONS)
    hits = store.search("jianbing")
    assert [hit["title"] for hit in hits] == ["Ties That Bind Putin and Xi Tested by Russia’s Ukraine Invasion"]
    assert "[jianbing]" in hits[0]["snippet"]


def test_json_round_trip_is_exact(seeds):
    import json

    from tieline.types import Doc

    for raw in seeds.values():
        doc = processed(raw)
        assert Doc.from_dict(json.loads(json.dumps(doc.to_dict()))) == doc


def test_ctrl_c_mid_run_keeps_finished_batches_and_marks_the_run(tmp_path):
    from tieline import api
    from tieline.pipeline import DocStage

    class CtrlC(DocStage):
        name = "interrupt.test.v1"
        requires = ("text",)
        seen = 0

        def process(self, doc):
            CtrlC.seen += 1
            if CtrlC.seen == 5:
                raise KeyboardInterrupt

    for n in range(8):
        (tmp_path / f"{n}.txt").write_text(f"Title {n}\n\nBody number {n} of the run.\n", encoding="utf-8")
    store = Store(tmp_path / "t.db")
    with pytest.raises(KeyboardInterrupt):
        api.ingest([tmp_path], store, pipeline=Pipeline([CleanStage(), CtrlC()]), batch_size=2)
    assert store.count() == 4
    assert store.runs()[-1]["status"] == "interrupted"
    assert store.runs()[-1]["counts"]["documents"] == 4


def test_a_new_stage_version_reprocesses_what_it_touches(tmp_path):
    from tieline import api

    class CleanV2(CleanStage):
        name = "clean.rules.v2"

    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Title {n}\n\nBody number {n}.\n", encoding="utf-8")
    store = Store(tmp_path / "t.db")
    first = api.ingest([tmp_path], store, pipeline=Pipeline([CleanStage()]))
    again = api.ingest([tmp_path], store, pipeline=Pipeline([CleanStage()]))
    upgraded = api.ingest([tmp_path], store, pipeline=Pipeline([CleanV2()]))
    assert (first.documents, again.documents, again.unchanged, upgraded.documents) == (3, 0, 3, 3)
    assert store.count() == 3 and store.count("sources") == 3
    assert {doc.stages["clean"] for doc in store.documents()} == {"clean.rules.v2"}


def test_a_document_repeated_within_one_batch_is_stored_once_with_both_sources(tmp_path):
    import tieline
    from tieline.registry import default_pipeline

    text = "Envoys met in Geneva on Tuesday.\n\nThe talks lasted six hours, officials said.\n"
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(text if name != "c.txt" else "Other news.\n\nNothing happened today.\n")
    report = tieline.ingest([tmp_path], tmp_path / "t.db", pipeline=default_pipeline(stages=["clean", "language"]))
    assert report.documents == 2 and report.unchanged == 1
    with tieline.open(tmp_path / "t.db") as store:
        sources = store.db.execute("SELECT source FROM sources ORDER BY source").fetchall()
    assert [row[0].rsplit("/", 1)[-1] for row in sources] == ["a.txt", "b.txt", "c.txt"]
