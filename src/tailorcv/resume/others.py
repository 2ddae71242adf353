"""Other sections: what an import found no JSON Resume place for, kept as ``otherSections``.

Each is ``{"title": "Patents", "lines": ["…", "…"]}`` (issue 18): the PDF and DOCX importers
keep a section they cannot place so, the RenderCV and Reactive Resume importers keep custom
sections so, the editor's form edits them, and every output shows each under its own title
(issue 19). A line that starts with ``-`` and a space is a bullet; the others are shown as
written, one per line.
"""

from __future__ import annotations

from typing import Any

KEY = "otherSections"


def read(value: Any) -> list[dict[str, Any]]:
    """Other sections as title and lines of text, whatever the raw editor put there: a
    section that is not an object has neither, a lone line is a list of one."""
    shown = []
    for other in value if isinstance(value, list) else []:
        entry = other if isinstance(other, dict) else {}
        lines = entry.get("lines")
        items = lines if isinstance(lines, list) else [] if lines is None else [lines]
        title = entry.get("title")
        shown.append(
            {"title": "" if title is None else str(title), "lines": [str(i) for i in items]}
        )
    return shown
