"""Security from the start: injection, XSS, headers, static traversal, hosts, methods, locks."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
import textwrap
from html.parser import HTMLParser

import pytest

from eventwire.serve.connection import ReadOnlyStore, StoreUnavailable
from tests.serve.conftest import ATTR, HOSTILE, XSS, _client

INJECTIONS = (
    "' OR 1=1 --",
    '"; DROP TABLE events; --',
    "%' OR '%'='",
)
#: More payloads, tried on the text filters that reach SQL as strings.
MORE_INJECTIONS = (
    "1) UNION SELECT id, text FROM articles --",
    "\\'; SELECT * FROM errors; --",
    "*/ OR TRUE /*",
)

EVENT_PARAMS = (
    "start",
    "end",
    "source",
    "target",
    "type",
    "quad_class",
    "status",
    "place",
    "q",
    "article",
    "sort",
    "order",
    "limit",
    "offset",
    "located",
)
#: Every route with query parameters, and the parameters it reads.
ROUTES = {
    "/api/events": (*EVENT_PARAMS, "format"),
    # These share /api/events' filters (and the code behind them); their own parameters here.
    "/api/events.csv": ("q", "sort", "order"),
    "/api/map": ("q", "place", "type"),
    "/api/network": ("q", "by", "min_count"),
    "/api/articles": ("source", "q", "start", "end", "limit", "offset"),
    "/api/dyads": ("source", "target", "by", "start", "end"),
    "/api/sources": ("outlet", "start", "end", "q", "limit", "offset"),
    # Pages share the API's parameter checks; one text and one coded filter each.
    "/events": ("q", "quad_class"),
    "/articles": ("q", "start"),
    "/timeline": ("source", "by"),
    "/map": ("q", "type"),
    "/network": ("min_count", "q"),
    "/sources": ("outlet", "q"),
}
TEXT_FILTERS = {"q", "place", "article", "outlet"}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_injection_in_every_filter(client, route):
    baseline = client.get(route)
    assert baseline.status_code == 200
    for param in ROUTES[route]:
        payloads = INJECTIONS + (MORE_INJECTIONS if param == "q" else ())
        for payload in payloads:
            response = client.get(route, params={param: payload})
            assert response.status_code in (200, 422), (param, payload, response.text[:300])
            if response.status_code != 200 or not route.startswith("/api/"):
                continue
            if route.endswith(".csv"):
                assert len(response.text.splitlines()) <= len(baseline.text.splitlines())
                continue
            body, full = response.json(), baseline.json()
            for key in ("total", "points", "edges", "series"):
                if key in body:
                    got, most = body[key], full[key]
                    assert (got if isinstance(got, int) else len(got)) <= (
                        most if isinstance(most, int) else len(most)
                    ), (param, payload)
            if param in TEXT_FILTERS and "total" in body:
                assert body["total"] == 0, (param, payload)
    # The tables are all still there, with all their rows.
    assert client.get("/api/events").json()["total"] == 5
    assert client.get("/api/articles").json()["total"] == 4


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_in_article_id(client, payload):
    assert client.get(f"/api/articles/{payload}").status_code == 404
    assert client.get(f"/articles/{payload}").status_code == 404


ESCAPED_TAG = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_ATTR = "&#34; onmouseover=&#34;x"


@pytest.mark.parametrize(
    "url",
    [
        "/articles/hostile",
        "/events",
        "/events?source=PRK",
        "/",
        "/articles",
        "/sources",
        "/sources?outlet=" + HOSTILE,
        "/events?q=" + HOSTILE,
        "/articles?q=" + HOSTILE,
        "/articles/" + HOSTILE,
    ],
)
def test_stored_markup_is_rendered_as_text(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    html = response.text
    assert XSS not in html
    assert ATTR not in html
    assert ESCAPED_TAG in html
    assert ESCAPED_ATTR in html


def test_article_page_escapes_every_item(client):
    html = client.get("/articles/hostile").text
    # Title, text segments, panel items, metadata key and value, warning: all escaped.
    assert html.count(ESCAPED_TAG) >= 10
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # shown as text, not as a link


PAGES = (
    "/",
    "/events",
    "/articles",
    "/articles/strike",
    "/timeline",
    "/map",
    "/network",
    "/sources",
    "/api",
)


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in and data.strip():
            self.inline.append(data)


@pytest.mark.parametrize("url", PAGES)
def test_no_inline_scripts_styles_or_handlers(client, url):
    parser = _Tags()
    parser.feed(client.get(url).text)
    assert parser.inline == []
    for tag, attrs in parser.tags:
        assert not [a for a in attrs if a.startswith("on") or a == "style"], (tag, attrs)
        if tag == "script":
            assert re.fullmatch(r"/static/[\w/.-]+\.js", attrs.get("src") or ""), attrs
        for name in ("href", "src", "action"):
            value = attrs.get(name) or ""
            # Same-origin only: no CDN, no tile server, no external font; links out are marked.
            if value.startswith(("http:", "https:", "//")):
                assert tag == "a" and "noreferrer" in (attrs.get("rel") or ""), (tag, attrs)
            assert not value.lower().startswith("javascript:"), (tag, attrs)


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'"
)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/events",
        "/api/events",
        "/api/events.csv",
        "/static/css/app.css",
        "/static/vendor/countries-110m.json",
        "/api/articles/nope",
        "/articles/nope",
        "/api/events?limit=9999",
        "/static/nope.js",
    ],
)
def test_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["content-security-policy"] == CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "access-control-allow-origin" not in headers


TRAVERSALS = [
    "/static/../../pyproject.toml",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2f..%2fpyproject.toml",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static/..%5c..%5c..%5cpyproject.toml",
    "/static/css/../../../../../pyproject.toml",
    "/static/%2fetc%2fpasswd",
    "/static//etc/passwd",
    "/static/",
    "/static/vendor",
]


@pytest.mark.parametrize("url", TRAVERSALS)
def test_static_traversal_refused(client, url):
    response = client.get(url)
    assert response.status_code in (400, 403, 404)
    assert "[build-system]" not in response.text
    assert "root:" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../pyproject.toml",
        "/static/../../../../../../etc/passwd",
        "/static/css/../../../../pyproject.toml",
        "/static/..\\..\\pyproject.toml",
    ],
)
def test_static_traversal_refused_unnormalized(client, path):
    """The path as a server hands it over when no client has normalized the dots."""
    status, body = asyncio.run(_asgi_get(client.app, path))
    assert status in (400, 403, 404)
    assert b"[build-system]" not in body
    assert b"root:" not in body


async def _asgi_get(app, path: str) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


def test_static_files_are_served(client):
    for url in ("/static/css/app.css", "/static/js/map.js", "/static/vendor/countries-110m.json"):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8000", 200),
        ("localhost:8000", 200),
        ("[::1]:8000", 200),
        ("evil.example", 400),
        ("localhost.evil.example", 400),
        ("10.0.0.5", 400),
    ],
)
def test_host_header_checked(client, host, status):
    """A page on another domain re-pointed at 127.0.0.1 (DNS rebinding) gets nothing."""
    assert client.get("/api/events", headers={"Host": host}).status_code == status


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("url", ["/api/events", "/api/articles/strike", "/events", "/"])
def test_no_write_endpoints(client, method, url):
    response = client.request(method, url)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


@pytest.mark.parametrize("url", ["/docs", "/redoc", "/docs/oauth2-redirect"])
def test_no_cdn_backed_docs(client, url):
    """FastAPI's interactive docs load scripts from a CDN; /api documents the API instead."""
    assert client.get(url).status_code == 404


def test_missing_store_is_503(tmp_path):
    with _client(tmp_path / "missing.duckdb") as client:
        response = client.get("/api/events")
        assert response.status_code == 503
        assert "no such database" in response.json()["detail"]
        page = client.get("/events")
        assert page.status_code == 503
        assert "no such database" in page.text
        assert page.headers["content-security-policy"] == CSP


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file locks")
def test_store_locked_by_writer_is_503(store_path, tmp_path):
    locked = tmp_path / "locked.duckdb"
    shutil.copy(store_path, locked)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, duckdb
                con = duckdb.connect({str(locked)!r})
                print("locked", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    with _client(locked) as client:
        try:
            assert holder.stdout.readline().strip() == "locked"
            response = client.get("/api/events")
            assert response.status_code == 503
            assert response.headers["retry-after"] == "5"
            assert "open for writing in another process" in response.json()["detail"]
            assert client.get("/").status_code == 503
        finally:
            holder.stdin.close()
            holder.wait(timeout=10)
        # Once the writer is gone the same server answers again.
        assert client.get("/api/events").status_code == 200


def test_runaway_query_is_stopped(store_path):
    store = ReadOnlyStore(store_path, timeout_s=0.2, keep_open_s=0)
    with pytest.raises(StoreUnavailable, match=r"longer than 0\.2 s"), store.connect() as con:
        con.execute("SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3").fetchall()
    with store.connect() as con:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 5


def test_store_lets_go_of_the_file_when_idle(store_path):
    store = ReadOnlyStore(store_path, keep_open_s=0)
    with store.connect() as con:
        con.execute("SELECT 1")
    assert store._database is None
