"""`tieline report`: one self-contained page whose numbers are the store's (docs/report.md)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import tieline
from tieline.cli import cli
from tieline.reporting import build_report, render_report
from tieline.reporting.build import LIBRARIES
from tieline.store import queries
from tieline.store.event_tables import FLAGS
from tieline.testing import make_doc

REPO = Path(__file__).resolve().parents[1]
SAMPLE_REPORT = REPO / "docs" / "sample-report.html"
VENDOR = REPO / "src" / "tieline" / "web" / "static" / "vendor"
CHROMIUM = Path("/usr/bin/chromium")
REGENERATE = "python -m tieline.reporting --sample docs/sample-report.html"

#: Attributes through which a page loads or links something.
URL_ATTRIBUTES = {"src", "href", "action", "formaction", "poster", "data", "srcset", "xlink:href", "background", "manifest"}


class Page(HTMLParser):
    """The parts of the report the tests read: tags with their attributes and section, scripts, text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict, str | None]] = []  # (tag, attributes, enclosing section id)
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self.text_by_id: dict[str, str] = {}
        self._section: str | None = None
        self._raw: tuple[str, dict] | None = None
        self._open: list[tuple[str, str, list[str]]] = []  # (tag, id, text parts) of elements with an id
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section":
            self._section = attributes.get("id")
        self.tags.append((tag, attributes, self._section))
        if tag in ("script", "style"):
            self._raw = (tag, attributes)
            self._chunks: list[str] = []
        if attributes.get("id") and tag not in ("script", "style"):
            self._open.append((tag, attributes["id"], []))

    def handle_endtag(self, tag):
        if tag == "section":
            self._section = None
        if self._raw and tag == self._raw[0]:
            body = "".join(self._chunks)
            (self.scripts.append((self._raw[1], body)) if tag == "script" else self.styles.append(body))
            self._raw = None
        if self._open and self._open[-1][0] == tag:
            _, element_id, parts = self._open.pop()
            self.text_by_id[element_id] = " ".join("".join(parts).split())

    def handle_data(self, data):
        if self._raw:
            self._chunks.append(data)
        for _, _, parts in self._open:
            parts.append(data)

    def specs(self) -> dict[str, dict]:
        return {attrs["id"].removeprefix("spec-"): json.loads(body) for attrs, body in self.scripts
                if attrs.get("type") == "application/json"}

    def with_attribute(self, name: str) -> list[tuple[str, dict, str | None]]:
        return [(tag, attrs, section) for tag, attrs, section in self.tags if name in attrs]


@pytest.fixture(scope="module")
def html(sample_store) -> str:
    return render_report(sample_store)


@pytest.fixture(scope="module")
def page(html) -> Page:
    return Page(html)


@pytest.fixture(scope="module")
def store(sample_store):
    with tieline.open(sample_store) as opened:
        yield opened


def every(query, store, **filters) -> list[dict]:
    return query(store, **filters, limit=queries.MAX_LIMIT)


# the file: committed, self-contained, offline


def test_committed_sample_report_is_what_the_command_writes_now(html):
    assert SAMPLE_REPORT.exists(), f"docs/sample-report.html is missing; run `{REGENERATE}`"
    committed = SAMPLE_REPORT.read_text(encoding="utf-8")
    assert committed == html, f"docs/sample-report.html is stale or was edited by hand; run `{REGENERATE}`"


def test_the_sample_command_writes_the_same_bytes(tmp_path, html):
    out = tmp_path / "sample-report.html"
    done = subprocess.run([sys.executable, "-m", "tieline.reporting", "--sample", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == html


def test_no_attribute_or_style_points_outside_the_page(html, page):
    for tag, attrs, _ in page.tags:
        for name in URL_ATTRIBUTES & set(attrs):
            value = (attrs[name] or "").strip()
            assert value.startswith(("#", "data:")), f"<{tag} {name}={value!r}> leaves the page"
        assert tag not in ("link", "iframe", "img", "object", "embed", "base"), f"<{tag}> in the report"
    assert not [attrs for attrs, _ in page.scripts if "src" in attrs]
    styles = page.styles + [attrs["style"] for _, attrs, _ in page.with_attribute("style")]
    for style in styles:
        for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", style):
            assert target.startswith(("#", "data:")), f"url({target}) in a style"
        assert "@import" not in style and "@font-face" not in style
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)
    assert "://" not in markup, "a URL outside the inlined libraries (the sample's texts hold none)"


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for child in value.values() for key in _keys(child)}
    if isinstance(value, list):
        return {key for child in value for key in _keys(child)}
    return set()


def test_every_chart_has_one_spec_with_its_data_inline(page):
    specs = page.specs()
    boxes = [attrs["data-spec"].removeprefix("spec-") for _, attrs, _ in page.with_attribute("data-spec")]
    assert sorted(boxes) == sorted(specs) and len(boxes) == len(set(boxes))
    assert set(specs) == {"documents_per_month", "pairs_over_time", "quad_balance", "goldstein_balance",
                          "speakers", "quote_topics"}
    for name, spec in specs.items():
        assert isinstance(spec["data"]["values"], list) and spec["data"]["values"], name
        assert not _keys(spec) & {"url", "$schema", "href"}, f"{name} names a URL"
        assert "datasets" not in spec and "transform" not in spec, name


def test_the_vendored_libraries_are_inlined_with_their_licences(html, page):
    bodies = [body for attrs, body in page.scripts if not attrs]
    for name, package, licence in LIBRARIES:
        code = (VENDOR / name).read_text(encoding="utf-8")
        holding = [body for body in bodies if code in body]
        assert len(holding) == 1, f"{name} is not inlined once"
        head = holding[0][: holding[0].index(code)]
        assert package in head and (VENDOR / licence).read_text(encoding="utf-8").strip().splitlines()[0] in head
        assert "Redistribution and use in source and binary forms" in head
    assert html.index("vega-embed.min.js") > html.index("vega-lite.min.js") > html.index("vega.min.js")


# the numbers: the store's, from the query layer


def test_corpus_numbers_are_the_stores(html, store):
    documents = every(queries.document_rows, store)
    originals = [d for d in documents if d["duplicate_of"] is None]
    events = [e for e in every(queries.event_rows, store) if e["document_id"] in {d["id"] for d in originals}]
    quotes = [q for q in every(queries.quote_rows, store) if q["duplicate_of"] is None]
    expected = {"documents": len(documents), "copies": len(documents) - len(originals),
                "happened": sum(e["factual"] for e in events), "flagged": sum(not e["factual"] for e in events),
                "quotes": len(quotes), "languages": len({d["language"] for d in documents if d["language"]})}
    for name, number in expected.items():
        assert re.search(rf'data-fact="{name}"><b>{number}</b>', html), (name, number)
    days = sorted(d["published"][:10] for d in documents if d["published"])
    assert f"from <b>{days[0]}</b> to <b>{days[-1]}</b>" in html


def test_pair_counts_are_the_query_layers(page, store):
    busiest = queries.pair_rows(store, limit=8)
    rows = [attrs["data-pair"] for tag, attrs, _ in page.tags if tag == "tr" and "data-pair" in attrs]
    events = [int(attrs["data-events"]) for tag, attrs, _ in page.tags if tag == "td" and "data-events" in attrs]
    assert len(busiest) == 8 and rows == [f"{p['a']}|{p['b']}" for p in busiest]
    assert events == [p["events"] for p in busiest]
    grid = Counter()
    for value in page.specs()["pairs_over_time"]["data"]["values"]:
        grid[value["pair"]] += value["events"]
    assert list(grid.values()) == [p["events"] for p in busiest], "events per month do not add up to the pair's"


def test_each_direction_is_counted_apart_as_the_query_layer_counts_it(page, store):
    quads = Counter()
    for value in page.specs()["quad_balance"]["data"]["values"]:
        quads[value["direction"], value["quad"]] += value["events"]
        assert value["signed"] == (value["events"] if value["quad"] <= 2 else -value["events"])
    goldstein = {v["direction"]: v["goldstein"] for v in page.specs()["goldstein_balance"]["data"]["values"]}
    directions = [attrs["data-direction"] for tag, attrs, _ in page.tags if "data-direction" in attrs]
    assert len(directions) == len(goldstein) == 16
    for label, direction in zip(goldstein, directions):
        source, target = direction.split("|")
        rows = [r for r in every(queries.pair_rows, store, actor=source, partner=target, by="month")
                if r["source"] == source and r["target"] == target]
        for quad in (1, 2, 3, 4):
            assert quads[label, quad] == sum(r[f"q{quad}"] for r in rows), (label, quad)
        assert goldstein[label] == pytest.approx(sum(r["goldstein_sum"] for r in rows))


def test_flagged_claims_are_listed_apart_and_never_counted_as_happened(page, store):
    copies = {d["id"] for d in every(queries.document_rows, store) if d["duplicate_of"]}
    flagged = {e["event_id"] for e in every(queries.event_rows, store, include=FLAGS) if e["document_id"] not in copies}
    factual = {e["event_id"] for e in every(queries.event_rows, store, include="factual")}
    listed = [(attrs["data-event"], section) for _, attrs, section in page.with_attribute("data-event")]
    in_flagged = {event for event, section in listed if section == "flagged"}
    elsewhere = {event for event, section in listed if section != "flagged"}
    assert in_flagged == flagged and len(flagged) > 40
    assert not elsewhere & flagged and elsewhere <= factual and elsewhere
    assert len([e for e, s in listed if s == "flagged"]) == len(flagged), "a flagged event is listed twice"
    pair_events = {i for p in queries.pair_rows(store, limit=8) for i in p["event_ids"]}
    assert not pair_events & flagged


def test_speakers_are_counted_as_the_actors_query_counts_them(page, store):
    actors = {row["actor_id"]: row for row in every(queries.actor_rows, store)}
    shown = [(attrs["data-speaker"], int(attrs["data-quotes"])) for _, attrs, _ in page.with_attribute("data-speaker")]
    assert len(shown) == 12
    assert [n for _, n in shown] == sorted((n for _, n in shown), reverse=True)
    for speaker, quotes in shown:
        assert actors[speaker]["quotes"] == quotes, speaker
    most = max(row["quotes"] for row in actors.values())
    assert shown[0][1] == most


def test_every_event_and_quote_row_names_its_document_id_and_title(html, page, store):
    documents = {d["id"]: d for d in every(queries.document_rows, store)}
    owners = {e["event_id"]: e["document_id"] for e in every(queries.event_rows, store)}
    owners.update({q["quote_id"]: q["document_id"] for q in every(queries.quote_rows, store)})
    linked = {attrs["href"].removeprefix("#doc-") for tag, attrs, _ in page.tags if tag == "a" and attrs.get("class") == "doc"}
    rows = {element_id.removeprefix("doc-") for element_id in page.text_by_id if element_id.startswith("doc-")}
    assert linked == rows, "a document link without its row in Documents cited"
    for document_id in rows:
        assert documents[document_id]["title"] in page.text_by_id[f"doc-{document_id}"]
    cited = [attrs.get("data-event") or attrs.get("data-quote") for _, attrs, _ in page.tags
             if "data-event" in attrs or "data-quote" in attrs]
    found = re.findall(r'data-(?:event|quote)="([^"]+)".*?href="#doc-([0-9a-f]+)">\2</a> ([^<]+)<', html, re.S)
    assert len(cited) > 60 and [item for item, _, _ in found] == cited, "an event or quote row without its document"
    for item, document_id, title in found:
        assert owners[item] == document_id
        assert unescape(title).strip() == documents[document_id]["title"]


# the command and the Python function


def test_the_command_writes_the_report_and_says_where(tmp_path, sample_store, html):
    out = tmp_path / "nested" / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(sample_store), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert out.read_text(encoding="utf-8") == html


def test_a_missing_store_is_one_error_naming_ingest_and_is_never_created(tmp_path):
    db = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["report", "--db", str(db), "--out", str(tmp_path / "r.html")])
    assert result.exit_code != 0
    assert f"no store at {db}; run `tieline ingest PATH --db {db}` first" in result.output
    with pytest.raises(tieline.StoreError, match="tieline ingest"):
        build_report(db, tmp_path / "r.html")
    assert not db.exists() and not (tmp_path / "r.html").exists()


def test_an_empty_store_is_an_error_naming_ingest(tmp_path):
    db = tmp_path / "empty.db"
    tieline.open(db).close()
    with pytest.raises(tieline.StoreError, match=r"has no documents .*tieline ingest"):
        build_report(db, tmp_path / "r.html")


def test_a_store_without_events_or_quotes_still_tells_what_it_holds(tmp_path):
    db = tmp_path / "bare.db"
    with tieline.Store(db) as store, store.transaction():
        store.save(make_doc("China met Russia.", text="China met Russia.", published="2024-03-05"), {})
    page = Page(render_report(db))
    assert set(page.specs()) == {"documents_per_month"}
    assert "No events reported as having happened" in page.text_by_id["pairs"]
    assert [attrs for _, attrs, _ in page.with_attribute("data-event")] == []


# a real browser, offline


def test_the_report_draws_every_chart_offline_in_chromium(tmp_path, html):
    if not CHROMIUM.exists():
        message = f"browser test skipped: {CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    outside, requested, problems = [], [], []

    def block(route):
        if route.request.url.startswith("file:"):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.route("**/*", block)
            page.on("request", lambda request: requested.append(request.url))
            page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(path.as_uri())
            page.wait_for_function(
                "[...document.querySelectorAll('.chart')].every(box => box.querySelector('svg, canvas'))", timeout=20_000)
            drawn = page.eval_on_selector_all(
                ".chart", "boxes => boxes.map(box => [box.id, box.querySelectorAll('svg .mark-rect path, svg .mark-text text, svg path').length])")
        finally:
            browser.close()
    assert outside == [] and all(url.startswith(("file:", "data:")) for url in requested), outside or requested
    assert problems == []
    assert sorted(box for box, _ in drawn) == sorted(f"chart-{name}" for name in Page(html).specs())
    assert all(marks > 0 for _, marks in drawn), drawn
