"""Import the résumé people already have: PDF, DOCX, plain text, Markdown, JSON Resume, YAML.

``read(data, filename)`` decides the type by the bytes, reads the file in a child process under
time and memory limits (JSON and YAML too, within the parser's own bounds: issue 16), and returns
the résumé with a confidence per field and warnings to act on. A file that reads but is not a
résumé (a cover letter, a job ad, text without a résumé's structure) raises ``NotAResume`` unless
``force=True``, which imports it and keeps the reason among the warnings (issue 18).
``readback(pdf, source)`` says what an applicant-tracking system would lose of a rendered PDF.
"""

from __future__ import annotations

from pathlib import Path

from tailorcv.errors import InputNotFound, UnreadableFile, UserError
from tailorcv.ingest.calibration import calibrated
from tailorcv.ingest.detect import misnamed
from tailorcv.ingest.document import Document, Imported, Limits, Line
from tailorcv.ingest.extract import check_size, extract, extract_path
from tailorcv.ingest.readback import Finding, Readback, compare, readback
from tailorcv.ingest.sandbox import run_limited
from tailorcv.ingest.sections import parse
from tailorcv.ingest.verdict import RESUME, judge, settle
from tailorcv.resume.io import read_text

STRUCTURED = ("json", "yaml")


def read(
    data: bytes, filename: str | None = None, *, limits: Limits | None = None, force: bool = False
) -> Imported:
    """Read one résumé file; its type comes from its bytes, never from ``filename``, which only
    earns a warning when the bytes contradict it. Raises ``NotAResume`` for a file that is not
    a résumé, unless ``force``."""
    chosen = limits or Limits()
    document = extract(data, chosen)
    named = misnamed(document.kind, filename)
    if document.kind in STRUCTURED:
        # In the sandbox like a PDF: the parser's bounds (resume.io) are the first limit, and
        # the child's time and memory caps hold should one of them ever be missed.
        imported: Imported = run_limited(_structured, data, filename, seconds=chosen.seconds)
        # Judged by its validation alone: a JSON or YAML document that validates is a résumé.
        return settle(imported, RESUME, named, force=force)
    imported = calibrated(parse(document))
    return settle(imported, judge(document, imported), named, force=force)


def read_path(path: str | Path, *, limits: Limits | None = None, force: bool = False) -> Imported:
    """Read a résumé file from disk, refusing an oversized one before reading it."""
    chosen = limits or Limits()
    file = Path(path)
    if not file.is_file():
        raise InputNotFound(f"{file}: no such file")
    check_size(file.stat().st_size, chosen)
    try:
        return read(file.read_bytes(), file.name, limits=chosen, force=force)
    except UserError as exc:
        if not exc.message.startswith(f"{file}:"):
            exc.message = f"{file}: {exc.message}"  # say which file, wherever the error arose
            exc.args = (exc.message,)
        raise


def _structured(data: bytes, filename: str | None) -> Imported:
    """JSON Resume, FRESH, Reactive Resume or RenderCV: read exactly, so every field is certain.
    A NUL character is dropped, a stray byte here, an escaped one by the résumé model, as from
    any imported text (issue 16): the warnings, which name keys, lose theirs too."""
    try:
        text = data.decode("utf-8-sig").replace("\x00", "")
    except UnicodeDecodeError:
        raise UnreadableFile("the file is not UTF-8 text") from None
    loaded = read_text(text, source=filename)
    return Imported(
        resume=loaded.resume,
        format=loaded.format,
        confidence={"": 1.0},
        warnings=[str(w).replace("\x00", "") for w in loaded.warnings],
    )


__all__ = [
    "Document",
    "Finding",
    "Imported",
    "Limits",
    "Line",
    "Readback",
    "check_size",
    "compare",
    "extract",
    "extract_path",
    "parse",
    "read",
    "read_path",
    "readback",
]
