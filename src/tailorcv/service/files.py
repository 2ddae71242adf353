"""Files over HTTP: the content type of an upload from its bytes, safe names, and downloads.

An upload's declared type and name are the client's claims. The type is decided by the bytes
(``tailorcv.ingest.detect``: a PNG named ``cv.pdf`` is refused with 415), and the name is only
kept as a label, reduced to its last path part without control characters, so that
``../../etc/passwd`` becomes ``passwd`` wherever it is used later.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO, Literal
from urllib.parse import quote

from tailorcv.ingest.detect import detect

CHUNK = 64 * 1024
MAX_NAME = 200
IMPORT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
    "yaml": "application/yaml",
    "markdown": "text/markdown; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/svg+xml": "svg",
    "text/html": "html",
    "text/plain": "txt",
    "text/markdown": "md",
    "application/json": "json",
    "application/yaml": "yaml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_UNSAFE = re.compile(r"[^\w.\- ()]+")


def upload_type(data: bytes) -> str:
    """The media type of an upload, from its bytes; ``UnsupportedFormat`` (415) or
    ``UnreadableFile`` (422, e.g. empty) for what cannot be a résumé."""
    return IMPORT_TYPES[detect(data)]


def safe_filename(name: str | None) -> str:
    """The last part of ``name`` (either slash), printable, without leading dots, at most
    200 characters; ``upload`` when nothing is left."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    cleaned = _UNSAFE.sub("_", cleaned).strip(" ._")
    return cleaned[:MAX_NAME] or "upload"


def extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type.split(";")[0].strip(), "bin")


def disposition(filename: str, shown: Literal["attachment", "inline"] = "attachment") -> str:
    """``Content-Disposition`` with the name in UTF-8 (RFC 6266 and RFC 5987's ``filename*``,
    which browsers use) and an ASCII one for older clients: ``Zoë-Ærø.pdf`` is ``Zoe-AEro.pdf``
    there, letters without an ASCII form are left out."""
    return f"{shown}; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename)}"


# Letters that Unicode does not decompose into an ASCII letter and a mark.
_ASCII_LETTERS = str.maketrans(
    {"Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "ß": "ss", "Œ": "OE", "œ": "oe", "Ł": "L",
     "ł": "l", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d", "ı": "i"}
)  # fmt: skip


def ascii_filename(filename: str) -> str:
    """``filename`` in ASCII letters, digits, ``.``, ``-`` and ``_``: accents dropped, other
    scripts left out, never empty (``download``), safe inside a quoted header parameter."""
    decomposed = unicodedata.normalize("NFKD", filename.translate(_ASCII_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = re.sub(r"[^A-Za-z0-9._-]+", "-", plain.encode("ascii", "ignore").decode())
    stem, dot, suffix = re.sub(r"-{2,}", "-", kept).rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    stem = stem.strip("-._") or "download"
    return f"{stem}.{suffix}" if suffix else stem


def chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The stream's bytes in chunks, closing it at the end (or when the client goes away)."""
    with stream:
        while chunk := stream.read(CHUNK):
            yield chunk
