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
from typing import BinaryIO
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


def disposition(filename: str) -> str:
    """``Content-Disposition: attachment`` with an ASCII name and the RFC 5987 UTF-8 one."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The stream's bytes in chunks, closing it at the end (or when the client goes away)."""
    with stream:
        while chunk := stream.read(CHUNK):
            yield chunk
