"""Document fields from a JSON object (a sidecar or a JSONL line), type-checked."""

from __future__ import annotations

from typing import Any

from eventwire.ingest.dates import normalize_published
from eventwire.ingest.errors import Unreadable
from eventwire.schema import Document

#: Keys that become Document fields; every other key goes to ``metadata``.
FIELDS = ("id", "url", "title", "source", "published", "language")

_JSON_TYPES = {dict: "object", list: "array", type(None): "null", str: "string"}


def fill_from_record(
    document: Document, record: dict[str, Any], skip: tuple[str, ...] = ()
) -> None:
    """Set ``document``'s fields and metadata from ``record``; raise Unreadable on a wrong type."""
    metadata = record.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise Unreadable(f"'metadata' must be an object, got {type_name(metadata)}")
    document.metadata.update(metadata or {})
    for key, value in record.items():
        if key in skip or key == "metadata":
            continue
        if key not in FIELDS:
            document.metadata[key] = value
        elif value is None:
            continue
        elif key == "id":
            document.id = _id(value)
        else:
            if not isinstance(value, str):
                raise Unreadable(f"'{key}' must be a string, got {type_name(value)}")
            if key == "published":
                document.published, warning = normalize_published(value)
                if warning:
                    document.warnings.append(warning)
            else:
                setattr(document, key, value.strip() or None)


def _id(value: object) -> str | None:
    """An id as a string; JSON numbers are common ids and become their digits."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Unreadable(f"'id' must be a string or an integer, got {type_name(value)}")
    return str(value).strip() or None


def type_name(value: object) -> str:
    """The name of a JSON value's type as a user would say it."""
    return _JSON_TYPES.get(type(value), type(value).__name__)
