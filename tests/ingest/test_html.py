"""Web pages: main text without boilerplate, metadata, and the nesting-depth guard."""

from __future__ import annotations

import pytest

from eventwire.ingest import document_from_html
from eventwire.ingest.html import canonical_url, fragment_text, nesting_depth
from eventwire.schema import Document, IngestError
from eventwire.settings import Limits
from tests.ingest.conftest import FIXTURES

PAGE = FIXTURES / "valdora-port-strike.html"
BOILERPLATE = [
    "Subscribe",
    "cookies",
    "Most read",
    "Ten ferries",
    "All rights reserved",
    "Privacy policy",
    "By Mira Castell",
]


def test_page_main_text_and_metadata(read):
    [document] = read(PAGE)
    assert isinstance(document, Document)
    assert document.text.startswith("VALDORA — About 3,000 dockworkers walked off the job")
    assert document.text.endswith("her ministry said.")
    assert document.text.count("\n\n") == 4  # five paragraphs, blank lines between
    for noise in BOILERPLATE:
        assert noise not in document.text
    # The headline is the title, not the first line of the text.
    assert document.title == "Dockworkers strike at Valdora port over unpaid wages"
    assert "unpaid wages" not in document.text
    assert document.published == "2024-03-12"
    assert document.metadata == {"author": "Mira Castell"}
    assert document.source == "Harbour Wire"
    assert document.url == "https://harbour-wire.example/business/dockworkers-strike-valdora"
    assert document.language == "en"
    assert document.origin == str(PAGE)


def test_given_url_wins_over_the_canonical_one():
    html = PAGE.read_text(encoding="utf-8")
    document = document_from_html(html, "x", url="https://mirror.example/strike")
    assert document.url == "https://mirror.example/strike"


def test_ten_thousand_nested_divs_are_refused_before_parsing():
    html = "<html><body>" + "<div>" * 10_000 + "<p>Deep.</p>" + "</div>" * 10_000
    error = document_from_html(html, "deep.html")
    assert error == IngestError(
        "deep.html", "HTML nests deeper than 500 levels (limit max_html_depth)"
    )


def test_depth_limit_comes_from_limits():
    html = "<html><body>" + "<div>" * 30 + "<p>" + "Words here. " * 50 + "</p>" + "</div>" * 30
    assert isinstance(document_from_html(html, "x", limits=Limits(max_html_depth=20)), IngestError)
    assert isinstance(document_from_html(html, "x", limits=Limits(max_html_depth=40)), Document)


NO_ARTICLE = [
    "<html><body></body></html>",
    "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></body></html>",
    "<html><head><title>Only a title</title></head><body><img src='x.png'></body></html>",
]


@pytest.mark.parametrize("html", NO_ARTICLE)
def test_page_without_main_text(html):
    assert document_from_html(html, "x") == IngestError("x", "no main text found in HTML")


def test_declared_charset_is_honoured(tmp_path, read):
    body = "<p>" + "The minister’s “reform” plan failed, officials said. " * 10 + "</p>"
    html = f'<html><head><meta charset="windows-1252"><title>T</title></head><body>{body}</body>'
    (tmp_path / "page.html").write_bytes(html.encode("cp1252"))
    [document] = read(tmp_path / "page.html")
    assert "minister’s “reform”" in document.text


DEPTHS = [
    # (html, depth as a browser would nest it)
    ("<html><body><div><p>x</p></div></body></html>", 4),
    ("<ul><li>a<li>b<li>c</ul>", 2),
    ("<p>one<p>two<p>three", 1),
    ("<table><tr><td>1<td>2<tr><td>3</table>", 3),
    ("<div><br><img src=x><hr/><input></div>", 1),
    ("<div><!-- <div><div><div> --></div>", 1),
    ("<script>if (a<b) { s = '<div><div><div>'; }</script><div></div>", 1),
    ("<div><span>unclosed<div></div></div>", 3),
    ("<div>" * 600, 501),
    ("a < b and c > d", 0),
    ("<" * 10_000, 0),
]


@pytest.mark.parametrize(("html", "depth"), DEPTHS)
def test_nesting_depth(html, depth):
    assert nesting_depth(html, stop_at=500) == depth


FRAGMENTS = [
    ("<p>One &amp; two.</p><p>Three.</p>", "One & two.\n\nThree."),
    (
        "<p>A line<br>broken.</p>text after<ul><li>a</li><li>b</li></ul>",
        "A line broken.\n\ntext after\n\na\n\nb",
    ),
    ("Plain summary, no tags.", "Plain summary, no tags."),
    ("<div><script>var x;</script><p>Kept.</p></div>", "Kept."),
    ("", ""),
]


@pytest.mark.parametrize(("fragment", "text"), FRAGMENTS)
def test_fragment_text(fragment, text):
    assert fragment_text(fragment) == text


CANONICAL = [
    ('<link rel="canonical" href="https://a.example/x">', "https://a.example/x"),
    ("<link href='https://a.example/y' rel='Canonical'>", "https://a.example/y"),
    ('<link rel="alternate" href="https://a.example/feed">', None),
    ("<p>no head</p>", None),
]


@pytest.mark.parametrize(("html", "url"), CANONICAL)
def test_canonical_url(html, url):
    assert canonical_url(html) == url
