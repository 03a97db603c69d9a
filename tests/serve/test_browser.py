"""The dashboard in real headless Chromium: every page, the filters, map and panel clicks.

Run alone with ``pytest -m browser``. Needs Playwright (its Python package only: the
browser is Debian's ``chromium``, never Playwright's download). Screenshots go to the
test's tmp dir, and a copy of each to /tmp/eventwire-shots for a person to look at.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn

from eventwire.serve import create_app
from tests.serve.conftest import XSS

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

# Flags that keep Chromium off the network at start (DEPENDENCIES.md).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHARED_SHOTS = Path("/tmp/eventwire-shots")


@pytest.fixture(scope="module")
def server(store_path) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(store_path), host="127.0.0.1", port=port, log_level="error")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uvicorn_server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        # A persistent context on a fresh, empty profile directory: --user-data-dir.
        browser_context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1360, "height": 900},
        )
        yield browser_context
        browser_context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("shots")


@pytest.fixture
def page(context, server):
    """A tab that records every request, console error, page error and dialog."""
    tab = context.new_page()
    seen = {"requests": [], "errors": [], "dialogs": []}
    tab.on("request", lambda request: seen["requests"].append(request.url))
    tab.on(
        "console",
        lambda message: message.type == "error" and seen["errors"].append(message.text),
    )
    tab.on("pageerror", lambda error: seen["errors"].append(str(error)))

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.set_default_timeout(5000)
    yield tab
    tab.close()
    own = urlsplit(server).netloc
    others = [
        url
        for url in seen["requests"]
        if not url.startswith(("data:", "about:")) and urlsplit(url).netloc != own
    ]
    assert others == [], "requests left the server"
    assert seen["errors"] == [], "console or page errors (CSP violations show here)"
    assert seen["dialogs"] == [], "a script ran (alert)"


def snap(page, shots: Path, name: str) -> None:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    try:
        SHARED_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHARED_SHOTS / path.name)
    except OSError:
        pass


def visit(page, server: str, path: str) -> None:
    page.goto(server + path)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(
    ("path", "name", "ready"),
    [
        ("/", "overview", ".stats .stat"),
        ("/events", "events", "#events-table tbody tr"),
        ("/articles", "articles", "table tbody tr"),
        ("/articles/strike", "article", "#article-text .hl-event"),
        ("/articles/hostile", "article-hostile", "#article-text .hl-event"),
        ("/timeline", "timeline", "#timeline-chart svg rect.bar"),
        ("/map", "map", "#map .marker"),
        ("/network", "network", "#network .node"),
        ("/sources", "sources", "#speakers-table tbody tr"),
        ("/api", "api", ".endpoint"),
    ],
)
def test_every_page(page, server, shots, path, name, ready):
    visit(page, server, path)
    page.wait_for_selector(ready)
    snap(page, shots, name)


def test_map_draws_countries_and_points(page, server):
    visit(page, server, "/map")
    page.wait_for_selector("#map .marker")
    assert page.locator("#map path.country").count() > 150
    assert page.locator("#map .marker").count() == 4
    assert "4 events at 4 places" in page.text_content("#map-status")


def test_events_filters(page, server, shots):
    visit(page, server, "/events")
    assert page.locator("#events-table tbody tr").count() == 5
    page.select_option("select[name=source]", "USA")
    page.check("input[name=quad_class][value='4']")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "source=USA" in page.url and "quad_class=4" in page.url
    # Empty fields are not sent: the URL holds only what was chosen.
    assert "start=" not in page.url and "place=" not in page.url
    assert page.locator("#events-table tbody tr").count() == 1
    snap(page, shots, "events-filtered")

    page.click("text=Clear")
    page.wait_for_load_state("networkidle")
    assert page.locator("#events-table tbody tr").count() == 5

    page.click("a.sort:has-text('Intensity')")
    page.wait_for_load_state("networkidle")
    assert "sort=intensity" in page.url
    page.fill("input[name=q]", "ukraine")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("#events-table tbody tr").count() == 1

    page.click("#events-table a.article-link")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/articles/aid#item-event-0")
    # The event's trigger and its arguments light up.
    flashed = " ".join(page.locator("#article-text .flash").all_text_contents())
    assert "sent aid" in flashed
    assert "United States" in flashed


def test_events_row_click_opens_article(page, server):
    visit(page, server, "/events?article=talks&sort=type&order=asc")
    page.click("#events-table tbody tr >> nth=0 >> td >> nth=0")
    page.wait_for_url("**/articles/talks#item-event-0")


def test_map_point_to_article(page, server, shots):
    visit(page, server, "/map?quad_class=1")
    page.wait_for_selector("#map .marker")
    assert page.locator("#map .marker").count() == 1
    page.click("#map .marker")
    popup = page.locator("#map-popup")
    popup.wait_for(state="visible")
    assert "Vienna" in popup.text_content()
    assert "CONSULT" in popup.text_content()
    snap(page, shots, "map-popup")
    popup.locator("a.popup-link").first.click()
    page.wait_for_url("**/articles/talks#item-event-0")
    assert page.locator("#article-text .flash").count() >= 1


def test_article_panel_and_layers(page, server):
    visit(page, server, "/articles/strike")
    page.click(".item[data-key='quote-0']")
    flashed = page.locator("#article-text .flash")
    assert flashed.count() >= 1
    assert "We acted to protect our troops," in " ".join(flashed.all_text_contents())
    assert page.url.endswith("#item-quote-0")
    text = page.locator("#article-text")
    assert "show-actor" in text.get_attribute("class")
    page.uncheck("#layers input[data-layer='actor']")
    assert "show-actor" not in text.get_attribute("class")


def test_hostile_article_is_text(page, server):
    visit(page, server, "/articles/hostile")
    assert XSS in page.text_content("h1")
    assert XSS in page.text_content("#article-text")
    assert page.locator("#article-text script").count() == 0
    assert page.locator("[onmouseover]").count() == 0


def test_timeline_period_lists_events(page, server, shots):
    visit(page, server, "/timeline?source=USA&by=week")
    page.wait_for_selector("#timeline-chart rect.bar")
    page.locator("#timeline-chart rect.bar-hit[data-period='2020-01-06']").click()
    listing = page.locator("#period-list .event-list li")
    listing.first.wait_for()
    assert listing.count() == 1
    assert "AID" in listing.first.text_content()
    assert "Events from 2020-01-06 to 2020-01-12" in page.text_content("#period-title")
    snap(page, shots, "timeline-period")
    listing.first.locator("a").click()
    page.wait_for_url("**/articles/aid#item-event-0")


def test_network_edge_lists_events(page, server):
    visit(page, server, "/network")
    page.wait_for_selector("#network .node")
    assert page.locator("#network .node").count() == 7
    # Click the middle of the first (heaviest) edge's curve, as a person would.
    x, y = page.locator("#network path.edge").first.evaluate(
        """(edge) => {
            edge.scrollIntoView({ block: "center" });
            const point = edge.getPointAtLength(edge.getTotalLength() / 2);
            const m = edge.getScreenCTM();
            return [point.x * m.a + point.y * m.c + m.e, point.x * m.b + point.y * m.d + m.f];
        }"""
    )
    page.mouse.click(x, y)
    page.locator("#edge-events .event-list li").first.wait_for()
    assert page.locator("#edge-events h2").text_content().startswith("Events IRN → IGO")
