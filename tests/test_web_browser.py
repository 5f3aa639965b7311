"""`tieline serve` in a real browser: Debian's chromium driven by Playwright against uvicorn on 127.0.0.1.

The charts must render (vega-embed draws an svg in each chart container), no page may log a
console error or ask any host but the server, and an event of the pair page must lead to its
document with the event's sentence highlighted. Screenshots of each page are kept in
build/test-artifacts/web (or $TIELINE_TEST_ARTIFACTS/web). Skipped where /usr/bin/chromium is
missing; failed instead when CI is set (.ci/run installs chromium).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"browser tests need {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def server(sample_store):
    """The app under uvicorn on a free loopback port, in a background thread."""
    _need_chromium()
    from tieline.web.serving import serving

    with serving(sample_store) as url:
        yield url


@pytest.fixture(scope="module")
def artifacts():
    """Where the screenshots are kept after the run (``TIELINE_TEST_ARTIFACTS``, else build/test-artifacts)."""
    folder = Path(os.environ.get("TIELINE_TEST_ARTIFACTS", "build/test-artifacts")) / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors, page errors and every request to another host."""
    tab = browser.new_page(viewport={"width": 1200, "height": 900})
    tab.problems = []
    tab.on("console", lambda message: message.type == "error" and tab.problems.append(f"console: {message.text}"))
    tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    tab.on("request", lambda request: request.url.startswith(server + "/") or request.url.startswith("data:")
           or tab.problems.append(f"request to another host: {request.url}"))
    yield tab
    tab.close()


def _chart_drawn(page, selector: str) -> None:
    page.wait_for_selector(f"{selector} svg, {selector} canvas", timeout=10_000)
    assert page.locator(f"{selector} svg").first.bounding_box()["height"] > 50


def test_overview_draws_its_timeline(page, server, artifacts):
    page.goto(server + "/")
    _chart_drawn(page, "#timeline")
    assert page.locator("table.pairs tbody tr").count() >= 5
    page.screenshot(path=str(artifacts / "overview.png"), full_page=True)
    assert page.problems == []


def test_pair_page_draws_its_chart_and_leads_to_the_highlighted_sentence(page, server, artifacts):
    import json
    from urllib.request import urlopen

    page.goto(server + "/pairs/CHN/RUS")
    _chart_drawn(page, "#pair-chart")
    assert page.locator("#happened li.event").count() >= 1 and page.locator("#flagged li.event").count() >= 1
    page.screenshot(path=str(artifacts / "pair.png"), full_page=True)
    first = page.locator("#happened li.event").first
    event_id = first.get_attribute("data-event")
    first.locator("a.to-document").click()
    page.wait_for_load_state("load")
    assert "/documents/" in page.url
    with urlopen(f"{server}/api/pairs/CHN/RUS/events?include=factual") as response:
        sentence = next(row["sentence"] for row in json.load(response)["rows"] if row["event_id"] == event_id)
    marked = page.locator(f'mark.hl-sentence[data-ref="{event_id}"]:not([data-part])')
    assert marked.count() == 1 and marked.text_content() == sentence
    page.screenshot(path=str(artifacts / "document.png"), full_page=True)
    assert page.problems == []


def test_actor_page_draws_its_network(page, server, artifacts):
    page.goto(server + "/actors/CHN")
    page.wait_for_selector("#network canvas", timeout=10_000)
    page.screenshot(path=str(artifacts / "actor.png"), full_page=True)
    assert page.problems == []
