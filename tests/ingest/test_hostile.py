"""Every hostile or broken upload ends in a typed error a person understands: never a traceback,
never a hang, no temp file left."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from tailorcv.errors import (
    EncryptedFile,
    NoTextFound,
    ParseTimeout,
    TooLarge,
    UnreadableFile,
    UnsupportedFormat,
)
from tailorcv.ingest.document import Limits
from tailorcv.ingest.extract import extract, extract_path
from tailorcv.render import render
from tailorcv.resume.model import Resume
from tests.ingest.pdfs import (
    deeply_nested_pdf,
    docx_zip,
    encrypted_pdf,
    png,
    scanned_pdf,
    self_referencing_pdf,
    text_page_pdf,
    typst_pdf,
)
from tests.render.samples import sample_resume

MB = 1024 * 1024
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>Jane Doe &lol9;</w:t></w:r></w:p></w:body></w:document>"""
CONTENT_TYPES = b"""<?xml version="1.0"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = b"""<?xml version="1.0"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""


@pytest.fixture(scope="module")
def resume_pdf() -> bytes:
    return render(Resume.model_validate(sample_resume()), "classic", "pdf")


@pytest.fixture(autouse=True)
def no_temp_files_left() -> object:
    """No reader may leave a file in the temporary folder."""
    folder = Path(tempfile.gettempdir())
    before = set(folder.iterdir())
    yield
    assert set(folder.iterdir()) - before == set()


def test_an_image_renamed_pdf_is_refused() -> None:
    with pytest.raises(UnsupportedFormat, match="PNG image; export your résumé as a PDF"):
        extract(png())


def test_a_legacy_doc_is_refused() -> None:
    with pytest.raises(UnsupportedFormat, match=r"Word 97–2003 \.doc; save it as \.docx or PDF"):
        extract(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(UnreadableFile, match=r"^the file is empty$"):
        extract(b"")


@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.6, 0.95])
def test_a_truncated_pdf_is_unreadable(resume_pdf: bytes, fraction: float) -> None:
    with pytest.raises(UnreadableFile, match="the PDF is damaged"):
        extract(resume_pdf[: int(len(resume_pdf) * fraction)])


def test_an_encrypted_pdf_says_so() -> None:
    with pytest.raises(EncryptedFile, match=r"password-protected \(encrypted\); remove the"):
        extract(encrypted_pdf())


def test_a_scanned_pdf_says_ocr_is_not_available(tmp_path: Path) -> None:
    with pytest.raises(NoTextFound, match=r"only images.*OCR is not available"):
        extract(scanned_pdf(tmp_path))


def test_a_500_page_pdf_is_refused_past_the_page_limit(tmp_path: Path) -> None:
    pdf = typst_pdf(tmp_path, "#for i in range(500) [#pagebreak() p]")
    with pytest.raises(TooLarge, match="the PDF has 501 pages; the limit is 10 pages"):
        extract(pdf)


def test_a_self_referencing_page_tree_is_unreadable() -> None:
    with pytest.raises(UnreadableFile, match="page tree is broken or loops"):
        extract(self_referencing_pdf())


def test_a_deeply_nested_object_is_ignored_not_fatal() -> None:
    """pdfium stops parsing past its nesting limit; the page's text is still read."""
    started = time.monotonic()
    document = extract(deeply_nested_pdf(10_000))
    assert [line.text for line in document.lines] == ["Hello from a hand-written PDF"]
    assert time.monotonic() - started < 5


def test_a_zip_bomb_docx_is_refused_before_inflating() -> None:
    bomb = docx_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": RELS,
            "word/document.xml": b"<x/>",
            "word/media/zeros.bin": bytes(100 * MB),
        }
    )
    assert len(bomb) < MB
    started = time.monotonic()
    with pytest.raises(TooLarge, match="unpacks to 100 MB; the limit is 50 MB"):
        extract(bomb)
    assert time.monotonic() - started < 2


def test_a_high_ratio_member_is_refused_even_under_the_size_limit() -> None:
    bomb = docx_zip({"word/document.xml": b"<x/>", "word/zeros.xml": bytes(5 * MB)})
    with pytest.raises(TooLarge, match="inflates more than 100×"):
        extract(bomb)


def test_billion_laughs_entities_are_not_expanded() -> None:
    """python-docx parses with ``resolve_entities=False`` and libxml2 caps amplification: the
    part is refused at once instead of growing to gigabytes."""
    data = docx_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": RELS,
            "word/document.xml": BILLION_LAUGHS,
        }
    )
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match=r"the DOCX is damaged.*entity amplification"):
        extract(data, Limits(seconds=10))
    assert time.monotonic() - started < 5


def test_a_200_mb_file_on_disk_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as file:
        file.truncate(200 * MB)  # sparse: no 200 MB are written or read
    started = time.monotonic()
    with pytest.raises(TooLarge, match=r"the file is 200 MB; the limit is 10 MB"):
        extract_path(path)
    assert time.monotonic() - started < 0.1


def test_200_mb_of_bytes_are_refused_by_length() -> None:
    started = time.monotonic()
    with pytest.raises(TooLarge, match=r"the file is 200 MB; the limit is 10 MB"):
        extract(bytes(200 * MB))
    assert time.monotonic() - started < 0.5


def test_a_missing_path_is_not_found(tmp_path: Path) -> None:
    from tailorcv.errors import InputNotFound

    with pytest.raises(InputNotFound):
        extract_path(tmp_path / "nope.pdf")


def test_parsing_is_stopped_at_the_time_limit(resume_pdf: bytes) -> None:
    before = os.listdir(f"/proc/{os.getpid()}/task")
    with pytest.raises(ParseTimeout, match=r"longer than 0\.001 s"):
        extract(resume_pdf, Limits(seconds=0.001))
    assert os.listdir(f"/proc/{os.getpid()}/task") == before


def test_a_well_formed_pdf_still_reads() -> None:
    """The hand-written PDFs above fail for their defect, not for being hand-written."""
    assert extract(text_page_pdf()).lines[0].text == "Hello from a hand-written PDF"
