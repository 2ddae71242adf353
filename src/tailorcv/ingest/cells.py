"""Entries set side by side: two or three entries of one section in columns of one row, as some
builders draw jobs, projects, certificates and skill groups. A reader of the page joins each
printed row across the gap ("Acme Inc.\\tGlobex" then "Engineer\\tAnalyst"); read so, two jobs
become one with their lines interleaved.

``read_down`` finds such runs of rows and reads them column by column, before wrapped lines
are joined, so that each entry's lines come together and in order.
"""

from __future__ import annotations

from dataclasses import replace

from tailorcv.ingest.cues import is_level
from tailorcv.ingest.lines import Item, is_prose, word_count
from tailorcv.resume.dates import find_ranges

_PROSE_WORDS = 5  # a cell of this many words or more holds a sentence, not a label


def read_down(found: list[Item]) -> list[Item]:
    """The lines with every run of side-by-side entries read one column after the other."""
    out: list[Item] = []
    index = 0
    while index < len(found):
        end = _run_end(found, index)
        run = found[index:end]
        out.extend(_columns(run) if _side_by_side(run) else run)
        index = end
    return out


def _cells(item: Item) -> list[str]:
    return item.text.split("\t")


def _run_end(found: list[Item], start: int) -> int:
    """Where the run of rows with as many cells as ``found[start]`` ends (exclusive)."""
    width = len(_cells(found[start]))
    end = start + 1
    while width > 1 and end < len(found) and len(_cells(found[end])) == width:
        end += 1
    return end


def _side_by_side(run: list[Item]) -> bool:
    """Rows of entries, not of one entry's parts: a row where two or more cells each hold a
    date range, a sentence ("Built the …\\tLed the …") or a level; or three undated cells or
    more a row, row after row, as a grid of skill groups is set. "Engineer\\tJan 2020 – Present"
    is one entry's title and dates; "Languages\\tPython, Go" is one group's label and keywords."""
    if len(run) < 2:
        return False
    if any(_dated_cells(row) >= 2 or _prose_cells(row) >= 2 or _levels(row) >= 2 for row in run):
        return True
    return len(_cells(run[0])) >= 3 and not any(_dated_cells(row) for row in run)


def _levels(row: Item) -> int:
    """Cells that are levels ("Native Speaker\\tIntermediate" under "English\\tSpanish")."""
    return sum(1 for cell in _cells(row) if is_level(cell))


def _dated(cell: str) -> bool:
    return any(r.confidence >= 0.5 for r in find_ranges(cell))


def _dated_cells(row: Item) -> int:
    return sum(1 for cell in _cells(row) if _dated(cell))


def _prose_cells(row: Item) -> int:
    """Cells of many words, none of them a date: "Sep 2018 – May 2023" is no sentence."""
    return sum(1 for cell in _cells(row) if word_count(cell) >= _PROSE_WORDS and not _dated(cell))


def _columns(run: list[Item]) -> list[Item]:
    """The cells of ``run`` column by column, each cell a line with its row's cues. Under a row
    of names set apart in bold (a grid of skill groups), each name leads its column's cells on
    one line ("Languages\tGo · Python"): alone on a line, a group named "Languages" would read
    as a section's heading."""
    width = len(_cells(run[0]))
    if _named_columns(run):
        return [_named(run, column) for column in range(width)]
    return [
        replace(row, text=cell.strip())
        for column in range(width)
        for row in run
        if (cell := _cells(row)[column]).strip()
    ]


def _named_columns(run: list[Item]) -> bool:
    """A first row of short names in bold over rows that are not bold, with no date and no
    sentence anywhere: lists under their names, not entries under their employers."""
    names = _cells(run[0])
    short = all(0 < word_count(name) < _PROSE_WORDS for name in names)
    lists = not any(_dated_cells(row) or any(map(is_prose, _cells(row))) for row in run)
    return short and lists and run[0].bold and not any(row.bold for row in run[1:])


def _named(run: list[Item], column: int) -> Item:
    below = " ".join(cell.strip() for row in run[1:] if (cell := _cells(row)[column]).strip())
    name = _cells(run[0])[column].strip()
    return replace(run[1], text=f"{name}\t{below}" if below else name)
