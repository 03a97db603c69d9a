"""Bytes to text: encodings, byte-order marks, gzip, binary refusal and size limits."""

from __future__ import annotations

import codecs
import gzip

import pytest

from eventwire.ingest.decode import GzipStream, decode_text, read_bytes
from eventwire.ingest.errors import Unreadable
from eventwire.settings import Limits

WIRE = (
    "The minister said the “talks” in Zürich had failed — again.\nCafé owners in Genève agreed.\n"
)
LATIN = "Les négociations à Genève ont échoué, a déclaré le ministre à Zürich.\n"

ENCODED = [
    # (bytes on disk, text expected)
    (WIRE.encode("utf-8"), WIRE),
    (codecs.BOM_UTF8 + WIRE.encode("utf-8"), WIRE),
    (WIRE.encode("cp1252"), WIRE),
    (LATIN.encode("latin-1"), LATIN),
    (WIRE.encode("utf-16"), WIRE),
    (codecs.BOM_UTF16_BE + WIRE.encode("utf-16-be"), WIRE),
    (codecs.BOM_UTF32_LE + WIRE.encode("utf-32-le"), WIRE),
    ("Министр заявил, что переговоры в Женеве провалились.\n".encode("cp1251"), None),
]


@pytest.mark.parametrize(
    ("data", "expected"),
    ENCODED,
    ids=["utf-8", "utf-8-bom", "cp1252", "latin-1", "utf-16", "utf-16-be", "utf-32-le", "cp1251"],
)
def test_encodings_are_decoded(data, expected):
    text = decode_text(data)
    if expected is None:
        assert "переговоры" in text
    else:
        assert text == expected


def test_a_declared_charset_is_used_when_utf8_fails():
    data = "Smart quotes “like these” from a page.".encode("cp1252")
    assert decode_text(data, declared="iso-8859-1") == "Smart quotes “like these” from a page."


@pytest.mark.parametrize("newlines", ["\r\n", "\r", "\n", "\u2028", "\x85"])
def test_line_endings_are_kept_exactly(newlines):
    text = f"First line.{newlines}Second line.{newlines}"
    assert decode_text(text.encode("utf-8")) == text


BINARY = [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    b"text with a NUL \x00 inside",
    bytes(range(1, 32)) * 20,
    bytes(range(128, 256)) * 10,
]


@pytest.mark.parametrize("data", BINARY)
def test_binary_data_is_refused(data):
    with pytest.raises(Unreadable, match=r"^binary file, not text$"):
        decode_text(data)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(Unreadable, match=r"^empty file$"):
        read_bytes(path, Limits())


def test_file_over_the_limit_names_size_and_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 1500)
    with pytest.raises(Unreadable) as caught:
        read_bytes(path, Limits(max_file_bytes=1000))
    assert str(caught.value) == "file is 1,500 bytes, over the limit of 1,000 (max_file_bytes)"


def test_gzip_is_decompressed_by_suffix_and_by_magic(tmp_path):
    for name in ("a.txt.gz", "a.txt"):
        path = tmp_path / name
        path.write_bytes(gzip.compress(WIRE.encode("utf-8")))
        assert read_bytes(path, Limits()) == WIRE.encode("utf-8")


def test_gzip_decompressing_past_the_limit_is_refused(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 100_000))
    with pytest.raises(Unreadable, match="decompresses to more than 10,000 bytes"):
        read_bytes(path, Limits(max_file_bytes=10_000))


def test_truncated_gzip_is_reported(tmp_path):
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(gzip.compress(WIRE.encode("utf-8") * 50)[:-30])
    with pytest.raises(Unreadable, match=r"^truncated gzip stream$"):
        read_bytes(path, Limits())


def test_corrupt_gzip_is_reported(tmp_path):
    packed = bytearray(gzip.compress(WIRE.encode("utf-8") * 50))
    packed[20:40] = b"\xff" * 20
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(bytes(packed))
    with pytest.raises(Unreadable, match=r"^corrupt gzip stream"):
        read_bytes(path, Limits())


def test_gzip_stream_raises_unreadable_not_eof(tmp_path):
    path = tmp_path / "cut.gz"
    path.write_bytes(gzip.compress(b"line\n" * 1000)[:-10])
    with GzipStream(path.open("rb")) as stream, pytest.raises(Unreadable):
        while stream.readline():
            pass


def test_multi_member_gzip_is_read_whole(tmp_path):
    path = tmp_path / "two.txt.gz"
    path.write_bytes(gzip.compress(b"first\n") + gzip.compress(b"second\n"))
    assert read_bytes(path, Limits()) == b"first\nsecond\n"
