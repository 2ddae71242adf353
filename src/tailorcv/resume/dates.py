"""Partial ISO dates, as JSON Resume writes them: ``2020``, ``2020-05`` or ``2020-05-17``.

A date is kept as the string the person wrote (normalised), because "2020" and "2020-01-01" do not
say the same thing. ``parse`` turns one into a ``PartialDate`` for arithmetic and formatting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# Other tools write a time after the date ("2017-12-24T15:53:00"); the day is all a résumé needs.
_WITH_TIME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?$")
# Words people use for "still doing this"; JSON Resume says to leave endDate out instead.
ONGOING = frozenset({"present", "current", "now", "ongoing", "today", "heute", "aujourd'hui"})


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def start(self) -> date:
        """The first day this date may mean (``2020`` → 1 January 2020)."""
        return date(self.year, self.month or 1, self.day or 1)

    def months(self) -> int:
        """Months since year 0, counting an unknown month as January; handy for durations."""
        return self.year * 12 + (self.month or 1) - 1


def parse(text: str) -> PartialDate:
    """Read a partial ISO date; raise ``ValueError`` with a plain reason when it is not one."""
    value = text.strip()
    timed = _WITH_TIME.match(value)
    if timed:
        value = timed.group(1)
    found = _ISO.match(value)
    if not found:
        raise ValueError("not a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in found.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"not a date: month {month} does not exist")
    if month is not None and day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise ValueError(f"not a date: {value} does not exist") from None
    return PartialDate(year, month, day)


def normalise(text: str) -> str:
    """The canonical spelling of a partial date (``2020-5`` → ``2020-05``)."""
    return str(parse(text))


def is_ongoing(text: str) -> bool:
    return text.strip().lower() in ONGOING
