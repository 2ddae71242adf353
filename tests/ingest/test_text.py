"""Plain text and Markdown become lines, with the marks Markdown carries turned into flags."""

from __future__ import annotations

import pytest

from tailorcv.errors import TooLarge
from tailorcv.ingest.document import Limits, Line
from tailorcv.ingest.text import extract

MARKDOWN = b"""# Jane Doe

Platform engineer, [site](https://jane.dev) and <https://github.com/jane>

## Experience
**Acme Corp**
- Cut build time by *40 %*
* Led the `on-call` rota
+ Wrote \\*escaped\\* stars
1. First numbered

Education
---------
"""


def test_markdown_marks_become_flags() -> None:
    document = extract(MARKDOWN, Limits(), markdown=True)
    assert document.kind == "markdown"
    assert document.lines == [
        Line("Jane Doe", heading=True),
        Line(
            "Platform engineer, site (https://jane.dev) and https://github.com/jane",
            links=("https://jane.dev", "https://github.com/jane"),
        ),
        Line("Experience", heading=True),
        Line("Acme Corp", bold=True),
        Line("Cut build time by 40 %", bullet=True),
        Line("Led the on-call rota", bullet=True),
        Line("Wrote *escaped* stars", bullet=True),
        Line("First numbered", bullet=True),
        Line("Education", heading=True),
    ]
    assert document.links == ["https://jane.dev", "https://github.com/jane"]


def test_plain_text_marks_only_bullets() -> None:
    data = "JANE DOE\n\nEXPERIENCE\n• Built things\n– Ran things\n-5 % costs\n  * Fixed   bugs\n"
    document = extract(data.encode(), Limits(), markdown=False)
    assert document.lines == [
        Line("JANE DOE"),  # ALL-CAPS lines are the section parser's to judge
        Line("EXPERIENCE"),
        Line("Built things", bullet=True),
        Line("Ran things", bullet=True),
        Line("-5 % costs"),
        Line("Fixed bugs", bullet=True),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_decodes_common_encodings(encoding: str) -> None:
    data = "José Peña – Zürich\r\nEngineer\r\n".encode(encoding)
    lines = extract(data, Limits(), markdown=False).lines
    assert [line.text for line in lines] == ["José Peña – Zürich", "Engineer"]


def test_too_many_lines_are_refused() -> None:
    with pytest.raises(TooLarge, match="the limit is 10"):
        extract(b"x\n" * 20, Limits(max_lines=10), markdown=False)
