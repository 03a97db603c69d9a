"""Plain-text articles (``.txt``, ``.txt.gz``) and their optional JSON sidecars."""

from __future__ import annotations

import json
from pathlib import Path

from eventwire.ingest.decode import decode_text, read_bytes
from eventwire.ingest.errors import Unreadable, one_line
from eventwire.ingest.fields import fill_from_record, type_name
from eventwire.schema import Document, IngestError
from eventwire.settings import Limits

SIDECAR_SUFFIX = ".json"


def read_text_file(path: Path, origin: str, limits: Limits) -> Document | IngestError:
    """The article in a text file, with the fields of ``NAME.json`` beside it if there is one."""
    try:
        document = document_from_text(read_bytes(path, limits), origin)
    except Unreadable as exc:
        return IngestError(origin, str(exc))
    sidecar = sidecar_path(path)
    if sidecar.is_file():
        try:
            fill_from_record(document, read_sidecar(sidecar, limits))
        except Unreadable as exc:
            return IngestError(str(sidecar), str(exc))
    return document


def document_from_text(data: bytes, origin: str) -> Document:
    """A Document whose text is exactly the decoded bytes: offsets depend on it."""
    text = decode_text(data)
    if not text.strip():
        raise Unreadable("file holds only whitespace")
    return Document(text=text, origin=origin)


def sidecar_path(path: Path) -> Path:
    """``NAME.json`` for ``NAME.txt`` or ``NAME.txt.gz`` (or any ``NAME.EXT``)."""
    name = path.name.removesuffix(".gz").removesuffix(".GZ")
    return path.with_name(Path(name).stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path, limits: Limits) -> dict:
    """The JSON object in a sidecar file."""
    try:
        record = json.loads(decode_text(read_bytes(path, limits)))
    except json.JSONDecodeError as exc:
        raise Unreadable(f"invalid JSON in sidecar ({one_line(exc.msg)} at {_where(exc)})") from exc
    except Unreadable as exc:
        raise Unreadable(f"unreadable sidecar ({exc})") from exc
    if not isinstance(record, dict):
        raise Unreadable(f"sidecar must hold a JSON object, got {type_name(record)}")
    return record


def _where(exc: json.JSONDecodeError) -> str:
    return f"line {exc.lineno} column {exc.colno}"
