"""``tieline bench-serve``: many concurrent clients against ``tieline serve`` on the loopback address.

``run_load`` starts ``tieline serve`` in a child process on a free loopback port, reads the API's
endpoints from its ``/openapi.json`` (so a new endpoint is loaded too), fills their path and
required parameters from the store's own data (its busiest pair, one of their documents, a word of
its title), then runs ``clients`` keep-alive HTTP/1.1 clients for ``seconds``, each asking for the
next URL as soon as the last one is answered. It reports requests per second, p50/p99 latency
per endpoint and overall, and errors: a status outside 2xx, or an exception (a refused or dropped
connection, a request over ``REQUEST_SECONDS``).

The clients are asyncio and the standard library (no HTTP client package is needed at run time),
which keeps the load generator light beside the server on a small machine. Bounded: loopback
hosts only, at most ``MAX_CLIENTS`` clients and ``MAX_SECONDS`` seconds.

    >>> check_bounds("10.0.0.2", 5, 2)
    Traceback (most recent call last):
    ...
    tieline.errors.ConfigError: bench-serve runs only on the loopback address, not 10.0.0.2 (give --host 127.0.0.1 (or ::1, localhost))
"""

from __future__ import annotations

import asyncio
import http.client
import json
import math
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

from ..errors import ConfigError, TielineError

LOOPBACK = ("127.0.0.1", "::1", "localhost")
MAX_CLIENTS = 200
MAX_SECONDS = 600.0
#: A request unanswered after this long counts as an error (and its connection is dropped).
REQUEST_SECONDS = 10.0
#: How long the server may take to start answering.
START_SECONDS = 60.0
#: Optional parameters every endpoint that takes them is also asked with (filled from the store).
FILTERS = ("actor", "by")


class LoadTestError(TielineError):
    """The server could not be started or planned for."""


def check_bounds(host: str, clients: int, seconds: float) -> None:
    """``ConfigError`` unless ``host`` is a loopback address and the run stays within the caps."""
    if host not in LOOPBACK:
        raise ConfigError(f"bench-serve runs only on the loopback address, not {host}",
                          "give --host 127.0.0.1 (or ::1, localhost)")
    if not 1 <= clients <= MAX_CLIENTS:
        raise ConfigError(f"{clients} clients is out of range", f"give --clients 1 to {MAX_CLIENTS}")
    if not 1 <= seconds <= MAX_SECONDS:
        raise ConfigError(f"{seconds:g} seconds is out of range", f"give --seconds 1 to {MAX_SECONDS:g}")


# the server

def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@contextmanager
def served(db: str | Path, host: str = "127.0.0.1") -> Iterator[tuple[str, int]]:
    """``(host, port)`` of ``tieline serve --db db`` in a child process while the block runs."""
    port = free_port(host)
    src = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "tieline.cli", "serve", "--db", str(db), "--host", host, "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env=env)
        try:
            _wait_until_up(server, log, host, port)
            yield host, port
        finally:
            _stop(server)


def _wait_until_up(server: subprocess.Popen, log, host: str, port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise LoadTestError(f"tieline serve exited ({server.returncode}): {log.read().decode(errors='replace')[-500:]}",
                                "check that --db is a store `tieline ingest` wrote")
        try:
            get_json(host, port, "/openapi.json")
            return
        except OSError:
            time.sleep(0.1)
    raise LoadTestError(f"tieline serve did not answer within {START_SECONDS:g} s", "is the machine very busy?")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def get_json(host: str, port: int, target: str) -> dict:
    """One blocking GET (for planning): the JSON answer, or ``LoadTestError`` on a status outside 2xx."""
    connection = http.client.HTTPConnection(host, port, timeout=REQUEST_SECONDS)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise LoadTestError(f"GET {target} answered {response.status}: {body[:300]!r}", "see the server's log")
    return json.loads(body)


# the plan: which URLs to ask for

def store_values(host: str, port: int) -> dict[str, str]:
    """Realistic parameters from the store: its busiest pair, a document of the pair's first actor,
    the longest word of that document's title."""
    pairs = get_json(host, port, "/api/overview")["pairs"]["rows"]
    if not pairs:
        raise LoadTestError("the store holds no events between two actors", "serve a store with events (tieline demo)")
    a, b = pairs[0]["a"], pairs[0]["b"]
    documents = get_json(host, port, "/api/documents?" + urlencode({"actor": a, "limit": 1}))["rows"]
    if not documents:
        raise LoadTestError(f"no document names {a}", "serve a store `tieline ingest` wrote")
    words = re.findall(r"[A-Za-z]{4,}", documents[0].get("title") or "") or ["the"]
    return {"a": a, "b": b, "actor_id": a, "doc_id": documents[0]["id"], "q": max(words, key=len).lower(),
            "actor": a, "by": "month"}


def endpoints(spec: dict) -> dict[str, list[dict]]:
    """Every GET path of the JSON API in ``spec`` (OpenAPI), with its parameters."""
    return {path: operations["get"].get("parameters", []) for path, operations in sorted(spec["paths"].items())
            if path.startswith("/api/") and "get" in operations}


def endpoint_urls(path: str, parameters: list[dict], values: dict[str, str]) -> list[str]:
    """URLs of one endpoint: with its required parameters only, and also with ``FILTERS`` when it takes them."""
    required = {p["name"]: p for p in parameters if p.get("required") or p["in"] == "path"}
    unknown = sorted(set(required) - set(values))
    if unknown:
        raise LoadTestError(f"no value for {', '.join(unknown)} of {path}",
                            "add one to store_values in tieline/web/loadtest.py")
    target = path.format(**{name: values[name] for name, p in required.items() if p["in"] == "path"})
    query = {name: values[name] for name, p in required.items() if p["in"] == "query"}
    urls = [target + ("?" + urlencode(query) if query else "")]
    filters = {name: values[name] for name in FILTERS if name in {p["name"] for p in parameters} and name not in query}
    if filters:
        urls.append(target + "?" + urlencode({**query, **filters}))
    return urls


def plan(host: str, port: int) -> list[tuple[str, str]]:
    """``(endpoint, url)`` for every URL the clients ask for, the endpoint as OpenAPI names it."""
    values = store_values(host, port)
    return [(path, url) for path, parameters in endpoints(get_json(host, port, "/openapi.json")).items()
            for url in endpoint_urls(path, parameters, values)]


# the clients

class Connection:
    """One keep-alive HTTP/1.1 connection (asyncio streams); ``get`` answers ``(status, body)``."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\nAccept: application/json\r\n\r\n".encode())
        await self.writer.drain()
        status, headers = _head(await self.reader.readuntil(b"\r\n\r\n"))
        body = await self._body(headers)
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, body

    async def _body(self, headers: dict[str, str]) -> bytes:
        if "content-length" in headers:
            return await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("transfer-encoding", "").lower() == "chunked":
            return await self._chunks()
        body = await self.reader.read()
        await self.close()
        return body

    async def _chunks(self) -> bytes:
        parts = []
        while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append((await self.reader.readexactly(size + 2))[:-2])
        await self.reader.readuntil(b"\r\n")
        return b"".join(parts)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


def _head(raw: bytes) -> tuple[int, dict[str, str]]:
    lines = raw.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
    return status, {key.strip().lower(): value.strip() for key, value in headers.items()}


async def _client(number: int, host: str, port: int, urls: list[tuple[str, str]], deadline: float,
                  samples: list) -> None:
    """Ask for ``urls`` in turn (starting at the ``number``-th) until ``deadline``; append
    ``(endpoint, seconds, error or None)`` to ``samples``."""
    connection = Connection(host, port)
    turn = number
    while time.perf_counter() < deadline:
        endpoint, url = urls[turn % len(urls)]
        turn += 1
        started = time.perf_counter()
        error = await _one(connection, url)
        samples.append((endpoint, time.perf_counter() - started, error))
    await connection.close()


async def _one(connection: Connection, url: str) -> str | None:
    """None when ``url`` answered 2xx, else what went wrong (the connection is dropped after an exception)."""
    try:
        status, _ = await asyncio.wait_for(connection.get(url), REQUEST_SECONDS)
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
        await connection.close()
        return type(error).__name__
    return None if 200 <= status < 300 else f"HTTP {status}"


async def _load(host: str, port: int, urls: list[tuple[str, str]], clients: int, seconds: float) -> tuple[list, float]:
    samples: list = []
    started = time.perf_counter()
    await asyncio.gather(*(_client(n, host, port, urls, started + seconds, samples) for n in range(clients)))
    return samples, time.perf_counter() - started


# the report

def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (sorted here), ``share`` in 0..1.

    >>> percentile([0.3, 0.1, 0.2, 0.4], 0.5), percentile([0.3, 0.1, 0.2, 0.4], 0.99)
    (0.2, 0.4)
    """
    ordered = sorted(values)
    rank = math.ceil(share * len(ordered))
    return ordered[min(max(rank, 1), len(ordered)) - 1]


def _figures(samples: list, elapsed: float) -> dict:
    latencies = [seconds for _, seconds, _ in samples]
    errors: dict[str, int] = {}
    for _, _, error in samples:
        if error:
            errors[error] = errors.get(error, 0) + 1
    return {"requests": len(samples), "errors": sum(errors.values()), "error_kinds": errors,
            "requests_per_second": round(len(samples) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 0.50) * 1000, 1) if latencies else None,
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 1) if latencies else None,
            "max_ms": round(max(latencies) * 1000, 1) if latencies else None}


def summarise(samples: list, elapsed: float, urls: list[tuple[str, str]], clients: int, seconds: float) -> dict:
    """The report: the run's settings, every endpoint's figures, and the overall ones."""
    by_endpoint: dict[str, list] = {endpoint: [] for endpoint, _ in urls}
    for sample in samples:
        by_endpoint[sample[0]].append(sample)
    return {"clients": clients, "seconds": seconds, "elapsed_seconds": round(elapsed, 2),
            "urls": [url for _, url in urls],
            "endpoints": {endpoint: _figures(rows, elapsed) for endpoint, rows in by_endpoint.items()},
            "overall": _figures(samples, elapsed)}


def format_report(report: dict) -> str:
    """The report as a table, one line per endpoint and one overall."""
    lines = [f"{report['clients']} clients for {report['seconds']:g} s "
             f"({report['elapsed_seconds']:g} s with the last answers)",
             f"{'endpoint':34} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}"]
    rows = [*report["endpoints"].items(), ("overall", report["overall"])]
    for name, row in rows:
        lines.append(f"{name:34} {row['requests']:>8} {row['requests_per_second']:>7} {_ms(row['p50_ms']):>8} "
                     f"{_ms(row['p99_ms']):>8} {_ms(row['max_ms']):>8} {row['errors']:>6}")
    kinds = report["overall"]["error_kinds"]
    lines.append("errors: " + (", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())) or "none"))
    return "\n".join(lines)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def run_load(db: str | Path, clients: int = 50, seconds: float = 30.0, host: str = "127.0.0.1") -> dict:
    """Serve ``db`` on ``host`` and load it with ``clients`` clients for ``seconds``; the report (``summarise``)."""
    check_bounds(host, clients, seconds)
    with served(db, host) as (host, port):
        urls = plan(host, port)
        samples, elapsed = asyncio.run(_load(host, port, urls, clients, seconds))
    return summarise(samples, elapsed, urls, clients, seconds)
