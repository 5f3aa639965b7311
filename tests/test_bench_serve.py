"""`tieline bench-serve` loads every API endpoint of a real `tieline serve` and reports what it
measured (no timing is asserted: the full-size figures live in docs/reliability.md)."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner

from tieline.cli import cli
from tieline.errors import ConfigError
from tieline.web import api
from tieline.web.loadtest import (MAX_CLIENTS, Connection, LoadTestError, check_bounds, endpoint_urls, format_report,
                                  summarise)

FIGURES = {"requests", "errors", "error_kinds", "requests_per_second", "p50_ms", "p99_ms", "max_ms"}


def test_a_reduced_run_hits_every_endpoint_without_errors(sample_store, tmp_path):
    out = tmp_path / "serve.json"
    result = CliRunner().invoke(cli, ["bench-serve", "--db", str(sample_store), "--clients", "5", "--seconds", "2",
                                      "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["clients"] == 5 and report["seconds"] == 2 and report["elapsed_seconds"] >= 2
    assert set(report["endpoints"]) == {route.path for route in api.router.routes}  # every endpoint, from OpenAPI
    for endpoint, figures in [*report["endpoints"].items(), ("overall", report["overall"])]:
        assert set(figures) == FIGURES, endpoint
        assert figures["requests"] > 0 and figures["errors"] == 0, (endpoint, figures)
        assert 0 < figures["p50_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    assert report["overall"]["requests"] == sum(row["requests"] for row in report["endpoints"].values())
    assert "/api/pairs/{a}/{b}" in result.output and "errors: none" in result.output


@pytest.mark.parametrize("args,message", [(["--host", "0.0.0.0"], "0.0.0.0"),
                                          (["--clients", str(MAX_CLIENTS + 1)], "--clients"),
                                          (["--seconds", "0.5"], "--seconds"), (["--seconds", "100000"], "--seconds")])
def test_non_loopback_hosts_and_unbounded_runs_are_refused(sample_store, args, message):
    result = CliRunner().invoke(cli, ["bench-serve", "--db", str(sample_store), *args])
    assert result.exit_code == 2 and message in result.output


def test_bounds_are_checked_in_python_too():
    for host, clients, seconds in [("192.168.1.5", 5, 2), ("127.0.0.1", 0, 2), ("127.0.0.1", 5, 10_000)]:
        with pytest.raises(ConfigError):
            check_bounds(host, clients, seconds)
    check_bounds("::1", MAX_CLIENTS, 1)


def test_an_endpoint_with_an_unknown_required_parameter_names_the_fix():
    parameters = [{"name": "story_id", "in": "path", "required": True}]
    with pytest.raises(LoadTestError, match="store_values"):
        endpoint_urls("/api/stories/{story_id}", parameters, {"actor": "CHN"})


def test_endpoint_urls_fill_paths_and_add_filters():
    parameters = [{"name": "a", "in": "path", "required": True}, {"name": "b", "in": "path", "required": True},
                  {"name": "by", "in": "query"}, {"name": "since", "in": "query"}]
    urls = endpoint_urls("/api/pairs/{a}/{b}", parameters, {"a": "CHN", "b": "RUS", "by": "month", "actor": "CHN"})
    assert urls == ["/api/pairs/CHN/RUS", "/api/pairs/CHN/RUS?by=month"]


def test_errors_are_counted_by_kind_per_endpoint():
    urls = [("/api/a", "/api/a"), ("/api/b", "/api/b")]
    samples = [("/api/a", 0.010, None), ("/api/a", 0.030, "HTTP 500"), ("/api/b", 0.020, "TimeoutError")]
    report = summarise(samples, 2.0, urls, 2, 2)
    assert report["overall"]["errors"] == 2 and report["overall"]["error_kinds"] == {"HTTP 500": 1, "TimeoutError": 1}
    assert report["endpoints"]["/api/a"]["errors"] == 1 and report["endpoints"]["/api/a"]["p99_ms"] == 30.0
    assert report["overall"]["requests_per_second"] == 1.5
    assert "1 HTTP 500, 1 TimeoutError" in format_report(report)


@pytest.mark.parametrize("answer", [b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n",
                                    b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello"])
def test_the_client_reads_each_kind_of_body(answer):
    async def exchange():
        async def answer_once(reader, writer):
            await reader.readuntil(b"\r\n\r\n")
            writer.write(answer)
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(answer_once, "127.0.0.1", 0)
        connection = Connection("127.0.0.1", server.sockets[0].getsockname()[1])
        try:
            return await connection.get("/x")
        finally:
            await connection.close()
            server.close()

    assert asyncio.run(exchange()) == (200, b"hello")
