"""The offline web dashboard and JSON API over the store: ``eventwire serve``.

``create_app`` is imported on first use, so the CLI can register the ``serve`` command
(``eventwire.serve.command``) without loading FastAPI for every other command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwire.serve.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from eventwire.serve.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
