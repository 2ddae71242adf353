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


# Month names people write, in English, German, French and Spanish, each with its short forms; a
# trailing dot is optional everywhere ("Sept.", "janv.", "ene.").
_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene"),
    ("february", "feb", "februar", "février", "fevrier", "févr", "fevr", "fév", "febrero"),
    ("march", "mar", "märz", "maerz", "mär", "mars", "marzo", "mrz"),
    ("april", "apr", "avril", "avr", "abril", "abr"),
    ("may", "mai", "mayo"),
    ("june", "jun", "juni", "juin", "junio"),
    ("july", "jul", "juli", "juillet", "juil", "julio"),
    ("august", "aug", "août", "aout", "agosto", "ago"),
    ("september", "sep", "sept", "septembre", "septiembre", "set", "setiembre"),
    ("october", "oct", "oktober", "okt", "octobre", "octubre"),
    ("november", "nov", "novembre", "noviembre"),
    ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic"),
)
MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names
}
_SEASONS = (
    *("spring", "summer", "fall", "autumn", "winter"),
    *("frühling", "sommer", "herbst", "printemps", "été", "hiver", "automne"),
    *("primavera", "verano", "otoño", "invierno"),
)
# "still doing this" in the four languages; JSON Resume leaves endDate out for these.
_ONGOING_WORDS = (
    "present|current|currently|now|today|ongoing|date|heute|aktuell|jetzt|dato|"
    "aujourd['’]hui|présent|actuel|actuellement|maintenant|actualidad|presente|hoy|actual|"
    "la actualidad"
)
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
_ONE_DATE = (
    rf"(?:(?P<@season>{'|'.join(sorted(_SEASONS, key=len, reverse=True))})\s+(?P<@sy>{_YEAR})"
    rf"|(?P<@month>{_MONTH})\.?(?:\s+de)?,?\s*(?P<@my>{_YEAR})"
    rf"|(?P<@ny>{_YEAR})\s*[-./]\s*(?P<@nm>0?[1-9]|1[0-2])(?:\s*[-./]\s*(?P<@nd>\d{{1,2}}))?(?![\d/])"
    rf"|(?:(?P<@dd>\d{{1,2}})[./])?(?P<@mm>0?[1-9]|1[0-2])\s*[./-]\s*(?P<@my2>{_YEAR})"
    rf"|(?P<@year>{_YEAR}))"
)
_SEPARATOR = r"\s*(?:–|—|―|‒|−|-{1,2}|~|\b(?:to|until|till|bis|à|au|a|hasta|al)\b)\s*"
_RANGE = re.compile(
    r"(?<![\w/.-])(?:(?P<since>since|seit|depuis|desde)\s+|(?:from|von|de|du|desde)\s+)?"
    + _ONE_DATE.replace("@", "a_")
    + rf"(?:(?P<sep>{_SEPARATOR})(?:(?P<ongoing>{_ONGOING_WORDS})\b|"
    + _ONE_DATE.replace("@", "b_")
    + r"))?(?![\w/])",
    re.IGNORECASE,
)


_LEADING = re.compile(
    rf"^\s*(?:(?:{_ONGOING_WORDS})\b|" + _ONE_DATE.replace("@", "c_") + r")(?![\w/])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateRange:
    """A span of time read from text: partial ISO ``start`` and ``end`` (None when unknown or
    ongoing), and ``confidence`` 0–1 (a bare season or a lone year is a weaker reading).

    ``first`` and ``last`` give where the range stood in the text it was found in.
    """

    start: str | None
    end: str | None
    ongoing: bool = False
    confidence: float = 1.0
    first: int = 0
    last: int = 0


def _one(found: re.Match[str], p: str) -> tuple[str, float] | None:
    """The partial date of one side of a range match, with how sure the reading is."""
    group = found.group
    if group(f"{p}season"):
        return group(f"{p}sy"), 0.4
    if group(f"{p}month"):
        month = MONTHS[group(f"{p}month").lower()]
        return f"{group(f'{p}my')}-{month:02d}", 0.95
    if group(f"{p}ny"):
        return _numeric(group(f"{p}ny"), group(f"{p}nm"), group(f"{p}nd"))
    if group(f"{p}my2"):
        return _numeric(group(f"{p}my2"), group(f"{p}mm"), group(f"{p}dd"))
    if group(f"{p}year"):
        return group(f"{p}year"), 0.85
    return None


def _numeric(year: str, month: str, day: str | None) -> tuple[str, float] | None:
    """A numeric date; it may name a day that does not exist (31/02/2020): that is no date."""
    text = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    try:
        return normalise(text), 0.9
    except ValueError:
        return None


def _range(found: re.Match[str]) -> DateRange | None:
    """Turn one match of ``_RANGE`` into a ``DateRange``; None when a side is no real date."""
    start = _one(found, "a_")
    if start is None:
        return None
    span = found.span()
    if found.group("ongoing") or found.group("since"):
        return DateRange(start[0], None, True, start[1], *span)
    end = _one(found, "b_") if found.group("sep") else None
    if end is None:
        if found.group("sep"):
            span = (span[0], found.start("sep"))
        return DateRange(start[0], start[0], False, round(start[1] * 0.8, 2), *span)
    if parse(end[0]) < parse(start[0]):
        return None
    return DateRange(start[0], end[0], False, min(start[1], end[1]), *span)


def find_ranges(text: str) -> list[DateRange]:
    """Every date or date range in a line, left to right ("Engineer | Jan 2020 – Present")."""
    found = (_range(m) for m in _RANGE.finditer(text))
    return [r for r in found if r is not None]


def parse_range(text: str) -> DateRange | None:
    """Read a date range that is the whole of ``text`` ("Jan 2020 – Present", "2016 - 2020",
    "since 2020", "janv. 2019 – aujourd'hui", a single "May 2022"); None when it is not one.

    Months are read in English, German, French and Spanish; an ongoing end leaves ``end`` None
    with ``ongoing`` set; a single date gives ``start == end``. A season ("Summer 2019") reads as
    its year with low confidence.
    """
    value = " ".join(text.split()).strip(" .,;()[]")
    found = _RANGE.fullmatch(value)
    return _range(found) if found else None


def leading_date(text: str) -> int:
    """How long the date or "still ongoing" word that ``text`` starts with is ("Present Led
    the team" → 7, "May 2020 Built" → 8); 0 when the text starts with neither. A range broken
    over two lines ("June 2020 –" / "Present …") ends with such a date."""
    found = _LEADING.match(text)
    return found.end() if found else 0
