"""Hand-written PDF and DOCX files for the reader tests: well-formed, damaged and hostile."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import typst


def pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of numbered ``objects`` (object 1 is the catalog) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def text_page_pdf(text: bytes = b"Hello from a hand-written PDF", extra: bytes = b"") -> bytes:
    """One A4 page showing ``text`` in Helvetica; ``extra`` goes into the page dictionary."""
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> " + extra + b">>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def encrypted_pdf() -> bytes:
    """A PDF whose standard security handler needs a user password nobody knows."""
    encrypt = (
        b"<< /Filter /Standard /V 1 /R 2 /P -44 "
        b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
    )
    body = text_page_pdf()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        encrypt,
    ]
    del body
    return pdf_file(objects, b"/Encrypt 4 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">] ")


def self_referencing_pdf() -> bytes:
    """A page tree whose /Kids point back at the tree itself."""
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [3 0 R 2 0 R] /Count 2 >>",
        ]
    )


def deeply_nested_pdf(depth: int = 10_000) -> bytes:
    """A text page whose dictionary holds an array nested ``depth`` levels deep."""
    return text_page_pdf(extra=b"/Deep " + b"[" * depth + b"]" * depth + b" ")


def png(width: int = 200, height: int = 120) -> bytes:
    """A grey RGB PNG, written by hand so the tests need no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes([90, 90, 90]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def typst_pdf(tmp_path: Path, source: str) -> bytes:
    """A PDF compiled by Typst from ``source`` (files beside it in ``tmp_path`` are readable)."""
    main = tmp_path / "main.typ"
    main.write_text(source, encoding="utf-8")
    pdf: bytes = typst.compile(str(main), root=str(tmp_path))
    return pdf


def scanned_pdf(tmp_path: Path) -> bytes:
    """Two pages holding only an image, as a scanner makes them."""
    (tmp_path / "scan.png").write_bytes(png())
    return typst_pdf(tmp_path, '#image("scan.png")\n#pagebreak()\n#image("scan.png")\n')


def docx_zip(members: dict[str, bytes]) -> bytes:
    """A zip holding ``members``, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()
