"""A stray NUL character in an imported file is dropped, as any text reader drops it (issue 16):
the file was refused as binary data before, or its NUL reached the database, which refused it."""

from __future__ import annotations

import json

import pytest

import tailorcv.ingest as ingest
from tailorcv.errors import UnsupportedFormat
from tailorcv.ingest.detect import decode, detect

TEXT = (
    "Ada Lovelace\x00\nada@example.com\n\nEXPERIENCE\nEngineer, Acme Corp\nJan 2019 - Mar 2021\n"
    "- Built analytical engines and wrote the first programs for them, by hand and on time.\n"
)


def test_text_with_a_stray_nul_is_text_without_it() -> None:
    data = TEXT.encode()
    assert detect(data) == "text"
    assert decode(data) == TEXT.replace("\x00", "")


def test_text_mostly_of_nuls_is_still_binary() -> None:
    """UTF-16 without its byte-order mark is half NULs: binary, as before."""
    assert decode(TEXT.encode("utf-16-le")) is None
    with pytest.raises(UnsupportedFormat):
        detect(b"\x00" * 50 + b"Ada Lovelace")


JSON = json.dumps(
    {"basics": {"name": "Ada Lovelace", "label": "Engineer", "summary": TEXT.split("\n- ")[1]}}
).encode()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TEXT.encode(), id="text"),
        pytest.param(("# " + TEXT).encode(), id="markdown"),
        pytest.param(json.dumps({"basics": {"name": "Ada\x00 Lovelace"}}).encode(), id="escape"),
        pytest.param(JSON.replace(b"Ada", b"Ada\x00"), id="byte"),
    ],
)
def test_an_imported_file_keeps_no_nul(data: bytes) -> None:
    imported = ingest.read(data)
    assert imported.resume.basics.name == "Ada Lovelace"
    shown = json.dumps(imported.resume.model_dump(mode="json"), ensure_ascii=False)
    assert "\x00" not in shown + "".join(imported.warnings) + "".join(imported.confidence)
