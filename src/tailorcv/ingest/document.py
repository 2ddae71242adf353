"""What every reader (PDF, DOCX, text) hands the section parser: lines in reading order.

A reader's job ends at lines: it undoes layout (columns, headers and footers, hyphenation) and
marks what the file itself says about a line (a heading style, a bullet, bold or large type). The
parser (``sections.py``) then decides what the lines mean, the same way for every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tailorcv.resume.model import Resume


@dataclass(frozen=True)
class Line:
    """One line of text in reading order.

    ``size`` is the font size relative to the document's body text (1.0 = body; 0 = unknown).
    ``heading`` is True when the file marks it as a heading (a DOCX heading style, a Markdown
    ``#``); ``bullet`` when it is a list item (its bullet glyph already removed from ``text``).
    """

    text: str
    page: int = 1
    size: float = 0.0
    bold: bool = False
    heading: bool = False
    bullet: bool = False
    column: int = 0  # 0 for single-column text; 1, 2 … for the columns of a multi-column page
    links: tuple[str, ...] = ()  # URLs the file attaches to this line (PDF link annotations)


@dataclass
class Document:
    """A file reduced to lines, and what the reader noticed about its layout."""

    lines: list[Line]
    kind: str  # pdf | docx | text | markdown
    pages: int = 1
    columns: int = 1  # the most columns seen on a page
    warnings: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # every URL the file links to


@dataclass(frozen=True)
class Limits:
    """What an import may cost; each is a setting with a sane default (DESIGN.md)."""

    max_bytes: int = 10 * 1024 * 1024  # refused before the file is read past this
    max_pages: int = 10
    seconds: float = 60.0  # wall-clock time for reading one file; the reader is killed after it
    max_unzipped_bytes: int = 50 * 1024 * 1024  # DOCX: total size of its parts, unpacked
    max_lines: int = 20_000


@dataclass
class Imported:
    """A résumé read from a file, with how sure the reader is of each part and what to check.

    ``confidence`` maps JSON paths (``basics.name``, ``work[0].startDate``, ``skills``) to 0–1;
    ``sections`` gives one figure per section found. ``warnings`` are sentences a person can act
    on ("the page has two columns; check that your sections and skills are in order").
    """

    resume: Resume
    format: str
    confidence: dict[str, float] = field(default_factory=dict)
    sections: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    pages: int = 1
