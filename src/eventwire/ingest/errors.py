"""The one exception the readers raise, and the one-line reasons it carries."""

from __future__ import annotations

# A reason is read in a terminal next to the input's name; past this it is noise.
MAX_REASON_CHARS = 200


class Unreadable(Exception):
    """An input cannot be read; the message is a short reason for the user."""


def one_line(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """``text`` on a single line, shortened to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def quoted(value: object, limit: int = 60) -> str:
    """A value as it appears inside a reason: repr-quoted and shortened."""
    text = value if isinstance(value, str) else repr(value)
    return "'" + one_line(text, limit) + "'"
