"""The stylesheet's blocks are all closed where its sections begin: a brace lost in a merge
pulls every later rule into the block before it (twice in issue 19, each time hiding rules on a
wide screen behind a phone's media query), which no browser reports."""

from __future__ import annotations

from tailorcv.web.ui.pages import STATIC


def test_every_section_of_the_stylesheet_starts_outside_any_block() -> None:
    depth = 0
    for number, line in enumerate((STATIC / "ui.css").read_text().splitlines(), 1):
        if line.startswith("/*"):
            assert depth == 0, f"ui.css line {number} ({line[:40]}…) is inside an open block"
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"ui.css line {number} closes a block that was not opened"
    assert depth == 0, "ui.css ends inside an open block"
