"""`tieline serve`: the JSON API, its errors and paging, OpenAPI, and the pages over the sample store."""

from __future__ import annotations

import json
import re
import sqlite3
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from tieline.cli import cli
from tieline.errors import StoreError
from tieline.web import api, create_app
from tieline.web.answers import MAX_LIMIT
from tieline.web.store import ReadOnlyStore

fastapi_testclient = pytest.importorskip("fastapi.testclient")

PAIR_KEYS = {"a", "b", "events", "a_to_b", "b_to_a", "q1", "q2", "q3", "q4", "net_cooperation_count", "goldstein_sum"}
PAGE_KEYS = {"rows", "limit", "offset", "next_offset", "filters"}
FLAGS = ("negated", "hypothetical", "future", "claimed", "historical")
LISTS = ["/api/pairs", "/api/events", "/api/actors", "/api/quotes", "/api/documents", "/api/search?q=sanctions",
         "/api/pairs/CHN/RUS", "/api/pairs/CHN/RUS/events", "/api/pairs/CHN/RUS/quotes", "/api/actors/CHN/speakers"]
PAGES = {"/": "Busiest pairs", "/pairs/CHN/RUS": "What happened", "/actors": "Actors", "/actors/CHN": "Who speaks for it",
         "/documents/b7ac1c8e869ceb34": "Removed junk", "/search?q=sanctions": "Quotes", "/search": "Search"}


@pytest.fixture(scope="module")
def client(sample_store):
    with fastapi_testclient.TestClient(create_app(sample_store), raise_server_exceptions=False) as test_client:
        yield test_client


def get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    return response.json()


def error(client, url: str, status: int) -> dict:
    """The one error shape: ``{"error": {"status", "message", "fix"}}``, never a stack trace."""
    body = get(client, url, status)
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message", "fix"}
    assert body["error"]["status"] == status and body["error"]["message"]
    assert "Traceback" not in str(body)
    return body["error"]


def sep(url: str) -> str:
    return "&" if "?" in url else "?"


# the JSON API

def test_overview_counts_the_store_and_its_busiest_pairs(client):
    body = get(client, "/api/overview")
    assert body["counts"] == {"documents": 33, "copies": 2, "actors": body["counts"]["actors"], "quotes": 210, "events": 160}
    assert body["pairs"]["rows"] and PAIR_KEYS <= set(body["pairs"]["rows"][0])
    events = [row["events"] for row in body["pairs"]["rows"]]
    assert events == sorted(events, reverse=True)
    assert {row["quad_class"] for row in body["timeline"]} <= {1, 2, 3, 4}
    assert all(re.fullmatch(r"\d{4}-\d{2}", row["period"]) for row in body["timeline"] if row["period"])


def test_pairs_of_an_actor_page_on_with_next_offset(client):
    first = get(client, "/api/pairs?actor=chn&limit=2")
    assert set(first) == PAGE_KEYS and first["filters"]["actor"] == "CHN"
    assert [row["a"] for row in first["rows"]] == ["CHN", "CHN"] and first["next_offset"] == 2
    second = get(client, "/api/pairs?actor=CHN&limit=2&offset=2")
    assert {row["b"] for row in first["rows"]}.isdisjoint(row["b"] for row in second["rows"])
    last = get(client, f"/api/pairs?actor=CHN&limit={MAX_LIMIT}")
    assert last["next_offset"] is None and len(last["rows"]) > 4


def test_pair_by_month_has_each_direction_apart(client):
    body = get(client, "/api/pairs/CHN/RUS?by=month")
    assert (body["a"], body["b"]) == ("CHN", "RUS")
    assert {(row["source"], row["target"]) for row in body["rows"]} == {("CHN", "RUS"), ("RUS", "CHN")}
    assert all(re.fullmatch(r"\d{4}-\d{2}", row["period"]) for row in body["rows"])
    assert all(row["q1"] + row["q2"] + row["q3"] + row["q4"] == row["events"] for row in body["rows"])
    yearly = get(client, "/api/pairs/CHN/RUS?by=year")
    assert {row["period"] for row in yearly["rows"]} == {"2026"}
    assert "choose one of" in error(client, "/api/pairs/CHN/RUS?by=fortnight", 400)["fix"]


def test_pair_events_keep_what_happened_apart_from_flagged_claims(client, sample_store):
    happened = get(client, "/api/pairs/CHN/RUS/events?include=factual")["rows"]
    flagged = get(client, "/api/pairs/CHN/RUS/events?include=" + ",".join(FLAGS))["rows"]
    assert happened and flagged
    assert all(row["factual"] and not any(row[flag] for flag in FLAGS) for row in happened)
    assert all(not row["factual"] and any(row[flag] for flag in FLAGS) for row in flagged)
    assert {row["event_id"] for row in happened}.isdisjoint(row["event_id"] for row in flagged)
    every = get(client, "/api/pairs/CHN/RUS/events")["rows"]
    assert {row["event_id"] for row in every} == {row["event_id"] for row in happened + flagged}
    with sqlite3.connect(sample_store) as db:
        for row in happened + flagged:
            text, title = db.execute("SELECT text, title FROM documents WHERE id = ?", (row["document_id"],)).fetchone()
            assert row["sentence"] == text[row["sentence_start"]:row["sentence_end"]] and row["title"] == title


def test_pair_quotes_name_their_speakers(client):
    rows = get(client, "/api/pairs/CHN/RUS/quotes")["rows"]
    assert rows and all(row["speaker"] and row["text"] for row in rows)


def test_events_filter_by_actor_date_type_and_kind(client):
    rows = get(client, "/api/events?actor=CHN&since=2024-01-01&type=SANCTION")["rows"]
    assert rows and {row["type"] for row in rows} == {"SANCTION"}
    assert all(row["date"] is None or row["date"] >= "2024-01-01" for row in rows)
    assert all(row["sentence"] and row["title"] for row in rows)
    later = get(client, "/api/events?actor=CHN&since=2026-01")["rows"]
    assert later and all(row["date"] is None or row["date"] >= "2026-01" for row in later)
    factual = get(client, "/api/events?include=factual&limit=500")["rows"]
    assert factual and all(row["factual"] for row in factual)
    assert "choose from" in error(client, "/api/events?include=rumour", 400)["fix"]


def test_actors_list_filter_and_one_actor(client):
    rows = get(client, "/api/actors?type=person")["rows"]
    assert rows and {row["type"] for row in rows} == {"person"}
    body = get(client, "/api/actors/chn")
    assert body["actor"]["actor_id"] == "CHN" and body["actor"]["name"] == "China"
    assert body["partners"]["rows"] and all(row["a"] == "CHN" for row in body["partners"]["rows"])
    assert body["partners"]["names"]["USA"] == "United States"
    assert body["speakers"]["rows"] and all(row["quotes"] >= 1 for row in body["speakers"]["rows"])
    assert body["quotes"]["rows"] and all("CHN" in (row["speaker_id"], row["speaker_country"]) for row in body["quotes"]["rows"])


def test_quotes_by_speaker(client):
    rows = get(client, "/api/quotes?speaker=Katarzyna")["rows"]
    assert rows and {row["speaker"] for row in rows} == {"Katarzyna Nowicka"}
    assert get(client, "/api/quotes?speaker=Nobody+Atall")["rows"] == []


def test_document_spans_equal_the_text_at_their_offsets(client):
    body = get(client, "/api/documents/b7ac1c8e869ceb34?event=b7ac1c8e869ceb34:e0")
    assert {span["kind"] for span in body["spans"]} == {"actor", "quote", "trigger", "sentence"}
    assert all(span["text"] == body["text"][span["start"]:span["end"]] for span in body["spans"])
    triggers = {span["text"] for span in body["spans"] if span["kind"] == "trigger"}
    assert "signed" in triggers
    assert body["removed"] and all(row["reason"] for row in body["removed"])
    assert body["story_documents"]["rows"][0]["id"] == "b7ac1c8e869ceb34"


def test_document_copies_point_both_ways(client):
    copy = get(client, "/api/documents/1d383128aec308ab")
    assert copy["duplicate_of"] == "917fce7f7b614efa" and copy["original"]["id"] == "917fce7f7b614efa"
    original = get(client, "/api/documents/917fce7f7b614efa")
    assert [row["id"] for row in original["copies"]["rows"]] == ["1d383128aec308ab"]


def test_search_covers_documents_and_quotes_with_filters(client):
    body = get(client, "/api/search?q=sanctions")
    assert body["documents"]["rows"] and body["quotes"]["rows"]
    assert all("[" in row["snippet"] for row in body["documents"]["rows"])
    narrow = get(client, "/api/search?q=sanctions&actor=USA&since=2025-01-01&until=2026-12-31&type=SANCTION")
    ids = {row["id"] for row in body["documents"]["rows"]}
    assert narrow["documents"]["rows"] and {row["id"] for row in narrow["documents"]["rows"]} <= ids
    assert all(row["published"] >= "2025" for row in narrow["documents"]["rows"])
    assert len(narrow["documents"]["rows"]) < len(body["documents"]["rows"])
    assert get(client, "/api/search?q=sanctions&type=NO_SUCH_TYPE")["documents"]["rows"] == []


@pytest.mark.parametrize("q", ['"unterminated', "a:b", "AND", "sanctions NEAR("])
def test_full_text_syntax_errors_are_400(client, q):
    assert "full-text" in error(client, f"/api/search?q={q}", 400)["message"]


# errors and bounds

@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("limit", ["0", "-1", str(MAX_LIMIT + 1), "100000", "abc"])
def test_out_of_range_limits_are_400(client, url, limit):
    assert "limit" in error(client, f"{url}{sep(url)}limit={limit}", 400)["message"]


@pytest.mark.parametrize("url", LISTS)
def test_every_list_is_bounded_and_pages(client, url):
    body = get(client, url)
    page = next(part for part in (body, body.get("documents")) if part and "rows" in part)
    assert page["limit"] == 50 and len(page["rows"]) <= 50
    assert "offset" in error(client, f"{url}{sep(url)}offset=-1", 400)["message"]


def test_bad_dates_name_the_form(client):
    assert "YYYY" in error(client, "/api/events?since=yesterday", 400)["fix"]
    assert "YYYY" in error(client, "/api/pairs/CHN/RUS?until=March", 400)["fix"]


@pytest.mark.parametrize("url", ["/api/documents/nope", "/api/actors/NOPE", "/api/pairs/CHN/NOPE",
                                 "/api/pairs?actor=NOPE", "/api/events?actor=NOPE", "/api/nope"])
def test_unknown_things_are_404(client, url):
    assert error(client, url, 404)["fix"]


def test_the_same_actor_twice_is_400(client):
    assert "two different" in error(client, "/api/pairs/CHN/chn", 400)["fix"]


def test_overlong_urls_are_refused(client):
    assert error(client, "/api/search?q=" + "a" * 3000, 414)


def test_openapi_lists_every_api_path(client):
    spec = get(client, "/openapi.json")
    api_paths = {route.path for route in api.router.routes}
    assert len(api_paths) >= 12 and all(path.startswith("/api/") for path in api_paths)
    assert api_paths == set(spec["paths"])
    parameters = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "since", "until", "type", "include", "limit", "offset"} <= parameters


def test_responses_carry_the_safety_headers(client):
    headers = client.get("/").headers
    assert headers["content-security-policy"].startswith("default-src 'self'")
    assert headers["x-content-type-options"] == "nosniff"


def test_the_store_is_read_only_and_long_queries_stop(sample_store):
    store = ReadOnlyStore(sample_store)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.db.execute("DELETE FROM documents")
    store.close()
    slow = fastapi_testclient.TestClient(create_app(sample_store, timeout=1e-9), raise_server_exceptions=False)
    assert "stopped" in error(slow, "/api/pairs", 503)["message"]


def test_a_missing_store_names_tieline_ingest(tmp_path):
    with pytest.raises(StoreError, match="tieline ingest"):
        create_app(tmp_path / "missing.db")
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code != 0 and "tieline ingest" in result.output and len(result.output.strip().splitlines()) == 1


def test_serve_binds_loopback_by_default_and_warns_otherwise(sample_store, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    quiet = CliRunner().invoke(cli, ["serve", "--db", str(sample_store)])
    assert quiet.exit_code == 0 and calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert "warning" not in quiet.output
    loud = CliRunner().invoke(cli, ["serve", "--db", str(sample_store), "--host", "0.0.0.0", "--port", "9000"])
    assert loud.exit_code == 0 and calls[-1]["host"] == "0.0.0.0" and calls[-1]["port"] == 9000
    assert "warning" in loud.output


# the pages

class Marks(HTMLParser):
    """Each ``<mark>`` with its attributes and the text inside it; each src/href; each element's id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.marks, self.links, self.sections, self.ids = [], [], [], [], {}
        self.section = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.links += [attrs[key] for key in ("src", "href") if attrs.get(key)]
        if tag == "section":
            self.section = attrs.get("id")
        if tag == "li" and attrs.get("data-event"):
            self.ids[attrs["data-event"]] = self.section
        if tag == "mark":
            self.open.append([attrs, ""])

    def handle_endtag(self, tag):
        if tag == "mark" and self.open:
            self.marks.append(self.open.pop())
        if tag == "section":
            self.section = None

    def handle_data(self, data):
        for mark in self.open:
            mark[1] += data


def parse(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("url", sorted(PAGES))
def test_every_page_renders_links_its_json_twin_and_nothing_external(client, url):
    response = client.get(url)
    assert response.status_code == 200 and PAGES[url] in response.text
    links = parse(response.text).links
    external = [link for link in links if re.match(r"(https?:)?//", link) and not link.startswith("http://testserver/")]
    assert external == []
    found = re.search(r'<a class="twin" href="([^"]+)"', response.text)
    if url == "/search":  # the empty search form: nothing to answer yet
        assert found is None
        return
    twin = found.group(1).replace("&amp;", "&")
    assert twin.startswith("/api/") and client.get(twin).status_code == 200


def test_overview_page_embeds_the_timeline_spec(client):
    html = client.get("/").text
    spec = json.loads(html.split('<script type="application/json" id="timeline-spec">')[1].split("</script>")[0])
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["color"]["field"] == "quad"
    assert sum(value["events"] for value in spec["data"]["values"]) == sum(
        row["events"] for row in get(client, "/api/overview")["timeline"])
    assert "/static/vendor/vega-embed.min.js" in html
    assert client.get("/static/vendor/vega-embed.min.js").status_code == 200


def test_pair_page_shows_events_and_flagged_claims_apart(client):
    html = client.get("/pairs/CHN/RUS").text
    sections = parse(html).ids
    happened = get(client, "/api/pairs/CHN/RUS/events?include=factual")["rows"]
    flagged = get(client, "/api/pairs/CHN/RUS/events?include=" + ",".join(FLAGS))["rows"]
    assert {row["event_id"]: "happened" for row in happened}.items() <= sections.items()
    assert {row["event_id"]: "flagged" for row in flagged}.items() <= sections.items()
    assert 'class="badge flag-future"' in html and "Xi and Putin Seal Energy" in html
    assert "Vladimir Putin signed a package of energy" in html


def test_document_page_marks_each_span_at_its_offsets(client):
    body = get(client, "/api/documents/b7ac1c8e869ceb34?event=b7ac1c8e869ceb34:e0")
    marks = parse(client.get("/documents/b7ac1c8e869ceb34?event=b7ac1c8e869ceb34:e0").text).marks
    spans = [(attrs, text) for attrs, text in marks if "data-start" in attrs]
    assert len(spans) >= len(body["spans"]) > 20
    for attrs, text in spans:
        start, end = int(attrs["data-start"]), int(attrs["data-end"])
        assert text == body["text"][start:end], attrs
    whole = {(a["data-kind"], int(a["data-start"]), int(a["data-end"])) for a, _ in spans if "data-part" not in a}
    assert ("sentence", 0, body["events"][0]["sentence_end"]) in whole


def test_document_page_collapses_removed_junk_with_reasons(client):
    html = client.get("/documents/b7ac1c8e869ceb34").text
    removed = html.split('<details class="removed">')[1].split("</details>")[0]
    assert "<summary>Removed junk: 6 blocks</summary>" in removed and 'class="badge">title<' in removed


def test_pages_answer_errors_as_html(client):
    response = client.get("/documents/nope")
    assert response.status_code == 404 and "no document" in response.text and "Traceback" not in response.text
    assert client.get("/pairs/CHN/NOPE").status_code == 404
    assert client.get("/search?q=%22open").status_code == 400


@pytest.mark.parametrize("url", ["/api/pairs", "/api/pairs?actor=CHN", "/api/pairs/CHN/RUS?by=month"])
def test_pair_rows_carry_counts_not_every_event_id(client, url):
    rows = get(client, url)["rows"]
    assert rows and all("event_ids" not in row and row["events"] >= 1 for row in rows)
