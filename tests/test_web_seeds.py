"""The pair pages on the two shared seeds: what happened between China and Russia, and the US
sanctions and tariffs, in the right direction, each event linked to its sentence; flagged claims apart."""

from __future__ import annotations

import pytest

import tieline
from conftest import shared_file

fastapi_testclient = pytest.importorskip("fastapi.testclient")
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from tieline.web import create_app

    seeds = shared_file("seeds")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    tieline.ingest([seeds], db)
    with fastapi_testclient.TestClient(create_app(db)) as test_client:
        yield test_client


def events(client, a: str, b: str, include: str) -> list[dict]:
    response = client.get(f"/api/pairs/{a}/{b}/events?include={include}&limit=500")
    assert response.status_code == 200, response.text
    return response.json()["rows"]


def test_the_summit_and_the_joint_statement_are_china_russia_cooperation(client):
    happened = events(client, "CHN", "RUS", "factual")
    by_trigger = {row["trigger"]: row for row in happened}
    assert by_trigger["summit"]["type"] == "CONSULT" and by_trigger["summit"]["quad_class"] == 1
    statement = by_trigger["issued"]
    assert statement["type"] == "AGREE" and statement["quad_class"] == 1
    assert sorted(statement["sources"]) == sorted(statement["targets"]) == ["Q15031", "Q7747"]  # Xi and Putin, together
    assert "statement" in statement["sentence"]
    for row in happened:  # every event leads to its sentence, highlighted on its document page
        page = client.get(f"/documents/{row['document_id']}").text
        assert f'data-ref="{row["event_id"]}"' in page


def test_the_statement_denounces_the_us_and_us_sanctions_are_conflict_aimed_at_china(client):
    denounce = [row for row in events(client, "CHN", "USA", "factual") if row["trigger"] == "denouncing"]
    assert denounce and denounce[0]["type"] == "ACCUSE" and denounce[0]["quad_class"] == 3
    sanctions = [row for row in events(client, "USA", "CHN", "all") if row["type"] == "SANCTION"]
    assert sanctions and all(row["quad_class"] == 4 for row in sanctions)
    for row in sanctions:
        assert row["sources"] == ["USA"] and row["targets"] == ["CHN"], row
        assert not row["factual"], "the seeds speak of a threat of US sanctions and of others following US tariffs"
    page = client.get("/pairs/CHN/USA").text
    happened, flagged = page.split('id="flagged"', 1) if 'id="flagged"' in page else (page, "")
    assert all(row["event_id"] not in happened.split('id="happened"', 1)[-1] for row in sanctions)
    assert all(row["event_id"] in flagged for row in sanctions)
