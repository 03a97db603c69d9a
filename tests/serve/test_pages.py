"""The HTML pages: each renders, keeps its filters, and shows what the store holds."""

from __future__ import annotations

import re
from html import unescape

import pytest

PAGES = ("/", "/events", "/articles", "/timeline", "/map", "/network", "/sources", "/api")


@pytest.mark.parametrize("url", [*PAGES, "/articles/strike"])
def test_every_page_renders(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<nav aria-label="Main">' in response.text


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_an_empty_store(empty_client, url):
    assert empty_client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "active"),
    [("/", "Overview"), ("/events", "Events"), ("/articles/strike", "Articles"), ("/map", "Map")],
)
def test_navigation_marks_the_current_page(client, url, active):
    html = client.get(url).text
    assert re.search(rf'class="active" aria-current="page">{active}</a>', html)


def test_overview(client):
    html = client.get("/").text
    assert "Articles published 2020-01-03 to 2020-02-01" in html
    assert 'href="/timeline?source=IRN&amp;target=IGO"' in html
    assert "U.S. strike near Baghdad" in html


def test_events_table_and_form_keep_filters(client):
    html = client.get("/events?source=USA&quad_class=4&sort=intensity&order=asc").text
    assert html.count('class="row-q') == 1
    assert '<option value="USA" selected>' in html
    assert re.search(r'name="quad_class" value="4" checked', html)
    assert 'href="/articles/strike#item-event-0"' in html
    csv_link = unescape(re.search(r'id="csv-link" href="([^"]+)"', html).group(1))
    assert csv_link == "/api/events.csv?source=USA&quad_class=4&sort=intensity&order=asc"


def test_events_pagination_links_keep_filters(client):
    html = unescape(client.get("/events?quad_class=4&quad_class=1&limit=1").text)
    assert html.count('class="row-q') == 1
    assert "1–1 of 3" in html
    assert 'href="/events?quad_class=1&quad_class=4&sort=date&order=desc&offset=1&limit=1"' in html


def test_events_empty_state(client):
    assert "No events match these filters" in client.get("/events?q=nothing-like-this").text


def test_article_highlights_every_kind(client):
    html = client.get("/articles/strike").text
    expected = {
        "hl-event": "struck",
        "hl-actor": "Mark Esper",
        "hl-place": "Baghdad",
        "hl-time": "Friday",
        "hl-amount": "7 fighters",
        "hl-entity": "Baghdad",
        "hl-quote": "We acted to protect our troops,",
        "hl-cue": "said",
        "hl-speaker": "a senior official",
    }
    for css, text in expected.items():
        spans = re.findall(
            rf'<span class="[^"]*\b{css}\b[^"]*" data-items="[^"]*">([^<]*)</span>', html
        )
        assert text in "".join(spans), css
    assert 'class="hl-event hl-event-q4"' in html or "hl-event-q4" in html
    for key in ("event-0", "actor-0", "quote-0", "quote-1", "place-0", "time-0", "amount-0"):
        assert f'id="item-{key}"' in html
        assert f'href="#item-{key}" data-key="{key}"' in html


def test_article_text_is_whole(client):
    """Cutting the text into highlighted segments loses and adds nothing."""
    record = client.get("/api/articles/strike").json()
    html = client.get("/articles/strike").text
    body = re.search(r'id="article-text">(.*?)</div>', html, re.S).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", body)) == record["text"]


def test_article_panel_lists_items(client):
    html = client.get("/articles/strike").text
    assert "U.S. forces (USA) → Iraqi militia convoy (IRQ)" in html
    assert "a senior official (anonymous)" in html  # no name: shown by its mention
    assert "Mark Esper" in html
    assert "33.34, 44.40" in html


def test_unknown_article_page_is_404(client):
    response = client.get("/articles/nope")
    assert response.status_code == 404
    assert "No article with id" in response.text
    assert '<nav aria-label="Main">' in response.text


def test_invalid_page_parameter_is_an_html_422(client):
    response = client.get("/events?quad_class=9")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "quad_class" in response.text


def test_timeline_defaults_to_the_busiest_pair(client):
    html = client.get("/timeline").text
    assert 'data-source="IRN" data-target="IGO" data-by="day"' in html
    assert '<option value="IRN IGO" selected>' in html


def test_timeline_keeps_its_choice(client):
    html = client.get("/timeline?source=usa&target=UKR&by=week").text
    assert 'data-source="USA" data-target="UKR" data-by="week"' in html


def test_sources_page(client):
    html = client.get("/sources").text
    assert "Mark Esper" in html
    assert "Wire Service" in html
    assert "anonymous official" in html


def test_sources_empty_state(empty_client, client):
    assert "No quotes are stored yet" in empty_client.get("/sources").text
    assert "No quotes match these filters" in client.get("/sources?end=2019-01-01").text


def test_api_page_lists_every_endpoint(client):
    html = client.get("/api").text
    for path in ("/api/events", "/api/events.csv", "/api/dyads", "/api/network", "/api/sources"):
        assert f"<code>{path}</code>" in html
