"""The type of a file comes from its bytes; what tailorcv cannot read is named, with advice."""

from __future__ import annotations

import pytest

from tailorcv.errors import UnreadableFile, UnsupportedFormat
from tailorcv.ingest.detect import detect
from tests.ingest.pdfs import docx_zip, png, text_page_pdf


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (text_page_pdf(), "pdf"),
        (b"\r\n junk before the header\n" + text_page_pdf(), "pdf"),
        (docx_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}), "docx"),
        (b'{"basics": {"name": "Jane"}}', "json"),
        (b'{"basics": {"name": "Jane",}}', "json"),  # broken: the JSON reader names the line
        (b"cv:\n  name: Jane Doe\n  sections:\n    x: 1\n", "yaml"),
        (b"# Jane Doe\n\n## Experience\n- Built things\n", "markdown"),
        (b"Jane Doe\n- Built **fast** things\n- See [site](https://x.dev)\n", "markdown"),
        (b"Jane Doe\nName: Jane\nExperience\nAcme 2020-2023\n", "text"),
        ("Jane Doe\nZürich\n".encode("utf-16"), "text"),
        ("Jos\u00e9 Pe\u00f1a \u2013 Engineer\n".encode("cp1252"), "text"),
        ("\ufeffJane Doe\n".encode(), "text"),
    ],
)
def test_detects_by_content(data: bytes, kind: str) -> None:
    assert detect(data) == kind


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (png(), "PNG image; export your résumé as a PDF with text, or as DOCX"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "Word 97–2003 .doc; save it as .docx"),
        (docx_zip({"content.xml": b"<x/>", "mimetype": b"odt"}), "OpenDocument"),
        (docx_zip({"notes.txt": b"hello"}), "zip archive"),
        (b"{\\rtf1\\ansi Jane}", "RTF document"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "program"),
        (bytes(range(256)) * 4, "binary data"),
    ],
)
def test_refuses_what_it_cannot_read(data: bytes, says: str) -> None:
    with pytest.raises(UnsupportedFormat, match=says.replace(".", r"\.")):
        detect(data)


def test_a_png_named_pdf_is_still_a_png() -> None:
    """The name never decides: these bytes would be refused whatever the upload was called."""
    with pytest.raises(UnsupportedFormat, match="image"):
        detect(png())


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_empty_data_is_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableFile, match="the file is empty"):
        detect(data)


def test_a_damaged_zip_is_unreadable() -> None:
    with pytest.raises(UnreadableFile, match="damaged zip"):
        detect(b"PK\x03\x04" + bytes(40))
