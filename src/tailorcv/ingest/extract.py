"""Turn the bytes of an uploaded file into a ``Document``, within the limits of ``Limits``.

The order matters: the size is checked before anything looks at the content (for a path, by
``stat`` before the file is opened), the type is decided by the bytes, and the reader runs in a
child process that is killed at the time limit (``sandbox.run_limited``).

JSON and YAML résumés are structured data, not lines: ``extract`` returns an empty
``Document(kind="json" | "yaml")`` for them without reading further, and the caller hands the
bytes to ``tailorcv.resume.read_text``, which reports their mistakes with line numbers.
"""

from __future__ import annotations

import os
from pathlib import Path

from tailorcv.errors import InputNotFound, TooLarge, UnreadableFile
from tailorcv.ingest import docx as docx_reader
from tailorcv.ingest import pdf as pdf_reader
from tailorcv.ingest import text as text_reader
from tailorcv.ingest.detect import detect
from tailorcv.ingest.document import Document, Limits
from tailorcv.ingest.sandbox import run_limited

STRUCTURED = ("json", "yaml")


def extract(data: bytes, limits: Limits = Limits()) -> Document:  # noqa: B008 (frozen)
    """The lines of ``data`` in reading order; raises a ``UserError`` for anything unreadable."""
    check_size(len(data), limits)
    kind = detect(data)
    if kind in STRUCTURED:
        return Document(lines=[], kind=kind)
    document: Document = run_limited(read, kind, data, limits, seconds=limits.seconds)
    return document


def extract_path(path: str | Path, limits: Limits = Limits()) -> Document:  # noqa: B008
    """``extract`` of a file on disk, refused by its size before a byte of it is read."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise InputNotFound(f"no file at {path}") from None
    except OSError as error:
        raise UnreadableFile(f"cannot open {path}: {error.strerror}") from None
    check_size(size, limits)
    with open(path, "rb") as file:
        data = file.read(limits.max_bytes + 1)  # a file that grew since stat() is still capped
    return extract(data, limits)


def check_size(size: int, limits: Limits) -> None:
    """Refuse an empty file, or one over ``limits.max_bytes``, naming the limit."""
    if size == 0:
        raise UnreadableFile("the file is empty")
    if size > limits.max_bytes:
        raise TooLarge(
            f"the file is {_megabytes(size)}; the limit is {_megabytes(limits.max_bytes)} — "
            "upload a smaller file (a résumé PDF is usually under 1 MB)"
        )


def read(kind: str, data: bytes, limits: Limits) -> Document:
    """Run the reader for ``kind`` in this process (the sandbox calls this in its child)."""
    if kind == "pdf":
        return pdf_reader.extract(data, limits)
    if kind == "docx":
        return docx_reader.extract(data, limits)
    return text_reader.extract(data, limits, markdown=kind == "markdown")


def _megabytes(size: int) -> str:
    """A size in MB, one decimal when it is not whole: 10 MB, 200.5 MB."""
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"
