"""The Jinja2 environment: autoescaping always on, helpers the templates share."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from eventwire.serve.filters import QUAD_CLASSES

TEMPLATES = Path(__file__).parent / "templates"

#: Navigation bar: path, label.
NAV = (
    ("/", "Overview"),
    ("/events", "Events"),
    ("/articles", "Articles"),
    ("/timeline", "Timeline"),
    ("/map", "Map"),
    ("/network", "Network"),
    ("/sources", "Sources"),
    ("/api", "API"),
)


def query(items: list[tuple[str, str]], **changes: object) -> str:
    """A query string of ``items`` with ``changes`` replacing (or, if None, removing) keys."""
    kept = [(k, v) for k, v in items if k not in changes and v not in (None, "")]
    kept += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
    return "?" + urlencode(kept) if kept else "?"


def actors_label(actors: list[dict]) -> str:
    """Actor names with country codes: ``Iran (IRN); Quds Force (IRN)``."""
    return "; ".join(
        f"{a.get('name') or '?'} ({a['country']})" if a.get("country") else a.get("name") or "?"
        for a in actors
    )


def web_url(value: object) -> str | None:
    """``value`` if it is an http(s) URL, else None: a stored ``javascript:`` URL is no link."""
    if not isinstance(value, str):
        return None
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return None
    return value.strip() if scheme in ("http", "https") else None


def inline_code(value: object) -> Markup:
    """Text with `backticked` words as <code>; every piece escaped first."""
    parts = str(value or "").split("`")
    return Markup("").join(
        Markup("<code>{}</code>").format(part) if i % 2 else escape(part)
        for i, part in enumerate(parts)
    )


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Every stored string is escaped when rendered, in every template, always.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(nav=NAV, quad_classes=QUAD_CLASSES, query=query)
    env.filters["actors"] = actors_label
    env.filters["web_url"] = web_url
    env.filters["code"] = inline_code
    env.filters["segment"] = lambda value: quote(str(value), safe="")
    return env


templates = Jinja2Templates(env=_environment())
