"""Where a page's columns are, and in which order a person reads them.

- A vertical gutter that no span crosses over most of the text's height, with text on both sides
  that is not aligned row by row (that would be a table or a date margin; text of two sizes side
  by side aligns by its middles), makes two columns: the left column is read before the right,
  band by band between rows read across (a header; a row with a span astride the gutter is read
  across whole). Every gap few spans cross is tried, the least crossed first.
- Two sides whose lines happen to share baselines are still two columns when a filled shape (a
  coloured sidebar, a tinted panel) holds every line of one side and none of the other.
- A column of section labels, each on the row of its section's first line ("Education   Atlantic
  Technological University"), is no second column: each label is a heading row of its own, before
  the rest of its row. One page with known headings in the column shows where it is for all pages.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from tailorcv.ingest.cues import HEADING_OF, fold
from tailorcv.ingest.layout import WIDE_GAP, Row, Span, joined, rows_of

Box = tuple[float, float, float, float]  # a filled shape: left, top, right, bottom, top-down


def lay_out(
    spans: list[Span],
    width: float,
    page: int,
    labels: float | None = None,
    boxes: Sequence[Box] = (),
) -> tuple[list[Row], int]:
    """The page's rows in reading order, and how many columns it has (1 or 2). ``labels`` is
    the x of the document's column of section labels (``label_gutter``), if it has one;
    ``boxes`` are the page's filled shapes."""
    if labels is not None and _labels(spans, labels):
        return _labelled_rows(spans, labels, page), 1
    gutter = _gutter(spans)
    if gutter is None:
        return [Row(row, page) for row in rows_of(spans)], 1
    full_rows = _full_rows(spans, gutter)
    tops = [min(s.top for s in row) for row in full_rows]
    across = {id(span) for row in full_rows for span in row}
    bands: list[list[Span]] = [[] for _ in range(len(full_rows) + 1)]
    for span in spans:
        if id(span) not in across:
            bands[_band(span.top, tops)].append(span)
    ordered: list[Row] = []
    for band, inside in enumerate(bands):
        ordered.extend(_band_rows(inside, gutter, page, boxes))
        if band < len(full_rows):
            ordered.append(Row(full_rows[band], page))
    return ordered, 2


def _full_rows(spans: list[Span], gutter: float) -> list[list[Span]]:
    """The rows read across the gutter: the spans that cross it, each with the spans that
    follow on from it on its baseline, less than two ems apart (a header's "Pleasantville, CA
    (555) 123-4567    john.doe@gmail.com", its first cell astride the gutter)."""
    crossing = [s for s in spans if s.left < gutter < s.right]
    taken = {id(s) for s in crossing}
    rows = [list(row) for row in rows_of(crossing)]
    for row in rows:
        grown = True
        while grown:
            beside = [s for s in spans if id(s) not in taken and _follows_on(row, s)]
            taken.update(id(s) for s in beside)
            row.extend(beside)
            grown = bool(beside)
        row.sort(key=lambda s: s.left)
    return rows


def _follows_on(row: list[Span], span: Span) -> bool:
    """Whether ``span`` sits on the row's baseline less than two ems from one of its spans."""
    return any(
        _same_row(span, other)
        and max(span.left - other.right, other.left - span.right)
        < 2 * WIDE_GAP * max(span.size, other.size, 1.0)
        for other in row
    )


def _band_rows(spans: list[Span], gutter: float, page: int, boxes: Sequence[Box]) -> list[Row]:
    """One band between full-width rows: the left column, then the right one — unless the two
    sides line up row by row (a header's contact grid), which is read across. Two columns of
    text in one size and leading share many baselines by chance; a shape filled behind one
    side alone tells them apart."""
    left = [s for s in spans if s.right <= gutter]
    right = [s for s in spans if s.left >= gutter]
    if left and right and _aligned(left, right) and not _panelled(left, right, boxes):
        return [Row(row, page) for row in rows_of(spans)]
    return [Row(row, page, 1) for row in rows_of(left)] + [
        Row(row, page, 2) for row in rows_of(right)
    ]


def _aligned(left: list[Span], right: list[Span]) -> bool:
    """Whether most spans of the smaller side share a baseline with a span of the other: their
    bottoms, or for text of two sizes (9 pt dates beside 10 pt titles) their middles, lie
    within a point."""
    fewer, more = sorted((left, right), key=len)
    bottoms = sorted(o.bottom for o in more)
    middles = sorted(o.middle for o in more)
    aligned = sum(1 for s in fewer if _near(bottoms, s.bottom) or _near(middles, s.middle))
    return aligned >= 0.5 * len(fewer)


def _panelled(left: list[Span], right: list[Span], boxes: Sequence[Box]) -> bool:
    """Whether one filled shape holds the middle of every span of one side and of none of the
    other: the background of a sidebar or of a column's panel, not a tag's pill."""
    for box in boxes:
        inside_left = sum(1 for s in left if _holds(box, s))
        inside_right = sum(1 for s in right if _holds(box, s))
        if (inside_left, inside_right) in ((len(left), 0), (0, len(right))):
            return True
    return False


def _holds(box: Box, span: Span) -> bool:
    left, top, right, bottom = box
    return left <= (span.left + span.right) / 2 <= right and top <= span.middle <= bottom


def _near(values: list[float], value: float) -> bool:
    """Whether a sorted list holds a value less than a point from ``value``."""
    index = bisect.bisect_left(values, value - 1.0)
    return index < len(values) and values[index] < value + 1.0


def _band(top: float, tops: list[float]) -> int:
    """How many full-width rows lie above ``top``."""
    return sum(1 for each in tops if each < top)


def label_gutter(pages: list[list[Span]]) -> float | None:
    """The x right of a column of section headings set beside their sections, each on the row
    of its section's first line ("Education   Atlantic Technological University"), found on any
    page: no span crosses it, every span left of it shares a row with text right of it, and
    most of them are known headings (a date margin holds dates, a sidebar lines of its own)."""
    for spans in pages:
        for x in _empty_strips(spans):
            rows = _labels(spans, x)
            known = sum(1 for row in rows if fold(joined(row)) in HEADING_OF)
            if len(rows) >= 2 and 2 * known >= len(rows):
                return x
    return None


def _labels(spans: list[Span], x: float) -> list[list[Span]]:
    """The rows left of ``x`` when each of them shares a row with text right of it and no span
    crosses ``x``; else none."""
    if any(s.left < x < s.right for s in spans):
        return []
    right = [s for s in spans if s.left >= x]
    rows = rows_of([s for s in spans if s.right <= x])
    shared = all(any(_same_row(row[0], other) for other in right) for row in rows)
    return rows if shared else []


def _empty_strips(spans: list[Span]) -> list[float]:
    """The middles of the vertical strips, left to right, that no span crosses."""
    strips: list[float] = []
    reach = float("inf")
    for span in sorted(spans, key=lambda s: s.left):
        if span.left > reach:
            strips.append((reach + span.left) / 2)
        reach = span.right if reach == float("inf") else max(reach, span.right)
    return strips


def _same_row(one: Span, other: Span) -> bool:
    return abs(one.middle - other.middle) < 0.45 * max(one.size, other.size, 1.0)


def _labelled_rows(spans: list[Span], x: float, page: int) -> list[Row]:
    """Rows read across, each label left of ``x`` a heading row of its own before the rest."""
    out: list[Row] = []
    for row in rows_of(spans):
        label = [s for s in row if s.right <= x]
        rest = [s for s in row if s.right > x]
        if label:
            out.append(Row(label, page, heading=True))
        if rest:
            out.append(Row(rest, page))
    return out


def _gutter(spans: list[Span]) -> float | None:
    """The x of a vertical gap that splits the page into two real columns, if there is one.

    Every gap few spans cross is a candidate, the least crossed first: the narrowest crossing
    may be the one between a main column's text and its dates set flush right, which is no
    gutter, while a sidebar's gutter crossed by a long name in the header is one.
    """
    if len(spans) < 8:
        return None
    low, high = min(s.left for s in spans), max(s.right for s in spans)
    text_height = _coverage([(s.top, s.bottom) for s in spans])
    candidates: list[tuple[float, float]] = []
    for step in range(20, 81):
        x = low + (high - low) * step / 100
        crossing = _coverage([(s.top, s.bottom) for s in spans if s.left < x < s.right])
        if crossing <= 0.25 * text_height:
            candidates.append((crossing, x))
    tried: set[float] = set()
    for _, x in sorted(candidates):
        middle = _middle_of_gap(spans, x)
        if middle not in tried and _are_columns(spans, middle, text_height):
            return middle
        tried.add(middle)
    return None


def _middle_of_gap(spans: list[Span], x: float) -> float:
    """Move ``x`` to the middle of the empty strip around it."""
    lefts = [s.right for s in spans if s.right <= x]
    rights = [s.left for s in spans if s.left >= x]
    if not lefts or not rights:
        return x
    return (max(lefts) + min(rights)) / 2 if max(lefts) < min(rights) else x


def _are_columns(spans: list[Span], x: float, text_height: float) -> bool:
    """Text on both sides over most of the height, and not aligned row by row like a table."""
    left = [s for s in spans if s.right <= x]
    right = [s for s in spans if s.left >= x]
    if min(len(left), len(right)) < 4:
        return False
    if _headed(left) and _headed(right) and not _aligned(left, right):
        return True
    for side in (left, right):
        if _coverage([(s.top, s.bottom) for s in side]) < 0.25 * text_height:
            return False
    return not _aligned(left, right) or (_headed(left) and _headed(right))


def _headed(side: list[Span]) -> bool:
    """Whether a side holds a section heading of its own ("Skills", "Langues"): a sidebar does,
    however its lines happen to line up with the main column's; a date margin does not."""
    return any(fold(joined(row)) in HEADING_OF for row in rows_of(side))


def _coverage(intervals: list[tuple[float, float]]) -> float:
    """The total length of the union of vertical intervals."""
    total, reach = 0.0, float("-inf")
    for top, bottom in sorted(intervals):
        if bottom > reach:
            total += bottom - max(top, reach)
            reach = bottom
    return total
