"""The app under uvicorn in a background thread on a free loopback port (browser tests, screenshots).

    python -m tieline.web.serving docs/images   # screenshots of the sample corpus's main pages
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = Path("/usr/bin/chromium")
#: The pages ``screenshots`` takes, by file name.
PAGES = {"overview.png": "/", "pair-CHN-RUS.png": "/pairs/CHN/RUS", "actor-CHN.png": "/actors/CHN"}


@contextmanager
def serving(db, start_seconds: float = 10.0) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` of the app over ``db`` while the block runs."""
    import uvicorn

    from . import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_seconds
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start within {start_seconds:.0f} s on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def screenshots(out: Path, db=None) -> list[Path]:
    """Screenshots of ``PAGES`` (the sample corpus's store unless ``db``) in ``out``, charts drawn."""
    from playwright.sync_api import sync_playwright

    import tieline

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tieline-shots-") as folder:
        if db is None:
            db = Path(folder) / "sample.db"
            tieline.ingest([tieline.sample_path()], db)
        with serving(db) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            written = []
            for name, path in PAGES.items():
                page.goto(url + path)
                page.wait_for_load_state("networkidle")
                page.wait_for_selector(".chart svg, .chart canvas, #network canvas", timeout=10_000)
                page.screenshot(path=str(out / name), full_page=False)
                written.append(out / name)
            browser.close()
    return written


if __name__ == "__main__":
    for path in screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")):
        print(path)
