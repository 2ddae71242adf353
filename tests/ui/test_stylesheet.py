"""The one stylesheet stays well formed: twice a merge lost the brace that closes a phone-only
block, and every rule after it (the editor's three columns, the preview pane, the batch cards)
applied to phones alone, with no error anywhere (issue 19)."""

from __future__ import annotations

import re

from tailorcv.web.ui.pages import STATIC

SHEET = (STATIC / "ui.css").read_text(encoding="utf-8")


def depths() -> list[int]:
    """The nesting depth each line starts at (comments left out), and after the last line."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), SHEET, flags=re.S)
    found = [0]
    for line in text.split("\n"):
        found.append(found[-1] + line.count("{") - line.count("}"))
        assert found[-1] >= 0, f"a brace closes nothing: {line!r}"
    return found


def test_every_block_is_closed() -> None:
    assert depths()[-1] == 0


def test_every_section_of_the_sheet_starts_at_the_top_level() -> None:
    """A section's heading comment (``/* Preview and design */``) is inside no block."""
    levels = depths()
    for number, line in enumerate(SHEET.split("\n")):
        if line.startswith("/* "):
            assert levels[number] == 0, f"line {number + 1} ({line[:40]}) is inside a block"
