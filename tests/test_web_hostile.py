"""Hostile requests against every endpoint of `tieline serve`: path traversal, SQL in every
parameter, huge and negative page sizes and offsets, 100 KB query strings, malformed bodies and
wrong methods, NUL bytes and unknown parameters. Each gets a clear error (JSON under /api/, the
error page elsewhere) or a correct answer, never a 5xx or a stack trace, and the server answers
the next request. The endpoints come from the routers' own routes (OpenAPI), so a new endpoint
is covered without editing this file.
"""

from __future__ import annotations

import copy
import hashlib
import http.client
import socket
from urllib.parse import quote, urlencode

import pytest
from fastapi.openapi.utils import get_openapi

from tieline.web import api, create_app, pages
from tieline.web.serving import serving

fastapi_testclient = pytest.importorskip("fastapi.testclient")

#: A valid value for each required parameter (from the sample store), so a request reaches its handler.
VALID = {"a": "CHN", "b": "RUS", "actor_id": "CHN", "doc_id": "b7ac1c8e869ceb34", "q": "sanctions"}
SQL = ["' OR '1'='1", "1; DROP TABLE documents; --", "CHN' UNION SELECT text, raw FROM documents --",
       '") OR 1=1 --', "%' OR 1=1 --"]
TRAVERSAL = ["../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
             "....//....//etc/passwd", "/etc/passwd", "..", "."]
#: Page sizes and offsets that are out of range or not integers (0 is a valid offset, not a valid limit).
BAD_NUMBERS = ["-1", "-99999999999999999999999", "99999999999999999999999", "1e3", "NaN", "0x10", "", "5abc"]
#: Statuses a hostile request may get: answered, bad parameter, not found, wrong method, URL too long.
ALLOWED = {200, 400, 404, 405, 414}


def route_specs() -> dict[str, list[dict]]:
    """Every GET route of the API and the pages, with its parameters (as OpenAPI describes them)."""
    routes = []
    for route in [*api.router.routes, *pages.router.routes]:
        clone = copy.copy(route)
        clone.include_in_schema = True  # the pages are left out of /openapi.json; not here
        routes.append(clone)
    paths = get_openapi(title="tieline", version="test", routes=routes)["paths"]
    return {path: operations["get"].get("parameters", []) for path, operations in sorted(paths.items())}


ROUTES = route_specs()
PARAMETERS = [(path, p["name"], p["in"]) for path, parameters in ROUTES.items() for p in parameters]
NUMERIC = [(path, name) for path, parameters in ROUTES.items() for p in parameters for name in [p["name"]]
           if name in ("limit", "offset")]


def url(path: str, **override) -> str:
    """``path`` with its required parameters (and ``q``: the search page's form) valid, and ``override``."""
    values = {p["name"]: VALID[p["name"]] for p in ROUTES[path] if p.get("required") or p["name"] == "q"}
    values.update(override)
    names = {p["name"] for p in ROUTES[path] if p["in"] == "path"}
    target = path.format(**{name: quote(str(values.pop(name)), safe="") for name in names})
    return target + ("?" + urlencode(values) if values else "")


@pytest.fixture(scope="module")
def client(sample_store):
    with fastapi_testclient.TestClient(create_app(sample_store), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module", autouse=True)
def store_unchanged(sample_store):
    """No hostile request may change a byte of the store (it is opened read-only)."""
    before = _digest(sample_store)
    yield
    assert _digest(sample_store) == before, "a request changed the store"


def _digest(db) -> str:
    files = [path for path in sorted(db.parent.glob(db.name + "*")) if not path.name.endswith("-shm")]  # readers' lock memory
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()


def answered(client, target: str, method: str = "GET", **options):
    """The response to a hostile request: an allowed status, the right error shape, no stack trace;
    and the server answers the next request."""
    response = client.request(method, target, **options)
    assert response.status_code in ALLOWED, (target[:200], response.status_code, response.text[:300])
    assert "Traceback" not in response.text
    if response.status_code >= 400:
        _is_error(target, response)
    assert client.get("/api/documents?limit=1").status_code == 200, f"the server stopped answering after {target[:200]}"
    return response


def _is_error(target: str, response) -> None:
    if not target.startswith("/api/"):
        assert response.headers["content-type"].startswith("text/html") and f"Error {response.status_code}" in response.text
        return
    error = response.json()["error"]
    assert error["status"] == response.status_code and error["message"], response.text


def rows(body: dict) -> list:
    """Every row of an answer: its own page, or its documents' and quotes' pages (search)."""
    pages_ = [body] + [body[key] for key in ("documents", "quotes") if isinstance(body.get(key), dict)]
    return [row for page in pages_ for row in page.get("rows", [])]


def test_every_route_of_the_app_is_covered(sample_store):
    for route in create_app(sample_store).routes:
        router = getattr(route, "original_router", None)  # FastAPI keeps an included router whole
        covered = router in (api.router, pages.router) or getattr(route, "path", None) in {*ROUTES, "/openapi.json", "/static"}
        assert covered, f"the app serves {route!r}, which route_specs does not know: add its router there"
    missing = {p["name"] for parameters in ROUTES.values() for p in parameters if p.get("required")} - set(VALID)
    assert not missing, f"give VALID a value for the required parameter(s) {missing}"
    assert len(ROUTES) >= 19 and len(PARAMETERS) > 60


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_valid_requests_answer(client, path):
    """The baseline the hostile requests are measured against: every route answers its valid form."""
    assert client.get(url(path)).status_code == 200


@pytest.mark.parametrize("path,name,where", PARAMETERS)
def test_sql_in_every_parameter_is_data(client, path, name, where):
    for payload in SQL:
        response = answered(client, url(path, **{name: payload}))
        is_filter = name not in ("event", "limit", "offset") and where == "query" and path.startswith("/api/")
        if response.status_code == 200 and is_filter:
            assert rows(response.json()) == [], (path, name, payload)  # matched literally: nothing holds it


@pytest.mark.parametrize("path,name", [(path, name) for path, name, where in PARAMETERS if where == "path"])
def test_path_traversal_in_path_parameters_finds_nothing(client, path, name):
    for payload in TRAVERSAL:
        once = quote(payload, safe="").replace(".", "%2E")  # else the client itself resolves ".." away
        for encoded in (once, quote(once, safe="")):
            target = path.format(**{n: encoded if n == name else VALID[n] for n in ("a", "b", "actor_id", "doc_id")
                                    if "{" + n + "}" in path})
            response = answered(client, target)
            assert response.status_code in (400, 404), (target, response.status_code)
            assert "root:" not in response.text


@pytest.mark.parametrize("path,name", NUMERIC)
def test_huge_negative_and_odd_page_sizes_and_offsets(client, path, name):
    for value in BAD_NUMBERS + (["0"] if name == "limit" else []):
        response = answered(client, url(path, **{name: value}))
        assert response.status_code == 400, (path, name, value, response.status_code)
        assert name in response.text
    padded = answered(client, url(path, **{name: " 3 "}))  # merely odd: read as 3
    assert padded.status_code == 200
    if path.startswith("/api/"):
        assert padded.json() == client.get(url(path, **{name: "3"})).json()
    last = answered(client, url(path, **{name: str(2**63 - 1)}))
    if name == "offset" and path.startswith("/api/"):
        assert last.status_code == 200 and rows(last.json()) == []  # past the last row: an empty page


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_long_query_strings_are_414(client, path):
    target = url(path)
    for name in ("x", *(p["name"] for p in ROUTES[path] if p["in"] == "query")):
        # 60 KB: the test client refuses URLs over 64 KB; test_a_100_kb_url_is_414_over_uvicorn goes further
        response = answered(client, target + ("&" if "?" in target else "?") + f"{name}=" + "a" * 60_000)
        assert response.status_code == 414


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_unknown_parameters_change_nothing(client, path):
    target = url(path)
    odd = answered(client, target + ("&" if "?" in target else "?") + "zzz=1&__proto__=x&limit%5B%5D=3&%ff=%fe")
    plain = client.get(target)
    assert odd.status_code == plain.status_code == 200
    if path.startswith("/api/"):
        assert odd.json() == plain.json()


@pytest.mark.parametrize("path", sorted(ROUTES))
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_wrong_methods_and_malformed_bodies_are_405(client, path, method):
    for body in (b"{not json", b'{"limit": -1, "q": "\' OR 1=1"}', b"\xff\xfe" * 1000):
        response = answered(client, url(path), method, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 405


@pytest.mark.parametrize("path,name,where", PARAMETERS)
def test_nul_bytes_are_400(client, path, name, where):
    response = answered(client, url(path, **{name: "CHN\x00' OR 1=1"}))
    assert response.status_code in (400, 404)  # 404: a NUL in a path parameter that the router does not match


# over a real uvicorn server: raw paths no client normalises, static files, oversized requests

def raw(base: str, target: str, method: str = "GET") -> tuple[int, str, bytes]:
    host, port = base.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, target)
        response = connection.getresponse()
        return response.status, response.getheader("content-type") or "", response.read()
    finally:
        connection.close()


STATIC_TRAVERSAL = ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/app.py", "/static/..%2f..%2fapp.py",
                    "/static/vendor/../../app.py", "/static/..%5c..%5capp.py", "/static//etc/passwd",
                    "/static/%252e%252e/app.py", "/static/", "/static/vendor/", "/static/app.css/..%00",
                    "/../../etc/passwd", "/documents/../../etc/passwd", "/api/../web/app.py"]


@pytest.fixture(scope="module")
def server(sample_store):
    with serving(sample_store) as base:
        yield base


def test_static_files_answer_only_their_own_files(server):
    status, kind, body = raw(server, "/static/vendor/VENDOR.md")
    assert status == 200 and b"Vendored" in body  # the baseline: a real static file is served
    for target in STATIC_TRAVERSAL:
        status, kind, body = raw(server, target)
        assert status in (400, 404), (target, status)  # 400: a NUL byte
        assert b"root:" not in body and b"def create_app" not in body and b"Traceback" not in body
        assert kind.startswith("application/json" if target.startswith(("/static", "/api")) else "text/html")
    assert raw(server, "/api/overview")[0] == 200


def test_a_100_kb_url_is_414_over_uvicorn_and_a_1_mb_one_is_cut_off(server):
    status, kind, body = raw(server, "/api/search?q=" + "a" * 100_000)
    assert status == 414 and kind == "application/json" and b'"status":414' in body
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        raw(server, "/api/search?q=" + "a" * 1_000_000)  # uvicorn drops it before the app sees it
    assert raw(server, "/api/overview")[0] == 200


@pytest.mark.parametrize("request_bytes", [b"GARBAGE\r\n\r\n", b"GET /api/overview HTTP/1.1\r\nHost: x\r\nX-A: "
                                           + b"b" * 200_000 + b"\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"])
def test_malformed_http_gets_400_and_the_server_stays_up(server, request_bytes):
    host, port = server.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request_bytes)
        answer = sock.recv(200)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400")  # uvicorn's own answer, before the app
    assert raw(server, "/api/overview")[0] == 200
