"""Helpers the section parser shares: tidy lines, bullets, separators, links, and the notes
(confidence per field, warnings) that every part of the parse adds to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tailorcv.ingest import cues
from tailorcv.ingest.document import Line
from tailorcv.resume.dates import find_ranges, leading_date, parse_range

# Glyphs that start a list item when a reader left them in the text.
_BULLET = re.compile(r"^\s*(?:[•●○◦▪■□▸►▶➢➤✓✔‣⁃∙·*–—-]|\d{1,2}[.)](?=\s))\s*")
# Separators between the parts of one line: "Engineer | Acme | 2020", "Acme — Berlin",
# "Acme · acme.com", and wide gaps that a reader kept as runs of spaces or a tab.
_FIELD_SEPARATOR = re.compile(r"\s+[|•·◆▪◇/]\s+|\s*\|\s*|\s+[—–]\s+|\s+-\s+|\t+|\s{3,}")
_TLDS = (
    "com|org|net|io|dev|me|co|ai|app|edu|gov|info|biz|xyz|tech|page|site|online|blog|cv|"
    "de|fr|es|it|nl|se|no|dk|fi|ie|uk|ch|at|be|pt|pl|eu|us|ca|au|in|il|jp|cn|br|mx|ar|"
    "inc|agency|studio|design|cloud|software|digital|codes|link|works|solutions|ly|gg|to|sh"
)
URL = re.compile(
    rf"(?<![@\w.])(?:https?://)?(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})"
    r"(?![\w@-])(?:/[^\s|,;()<>\"]*)?",
    re.IGNORECASE,
)
_OPEN_DASH = re.compile(r"\s*[–—-](?:\s+|$)")
_DURATION = re.compile(r"(?:\d+\s*(?:years?|yrs?|months?|mos?)\s*)+", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|seite|página)\s*)?\d{1,2}\s*(?:/|of|von|de|sur)\s*\d{1,2}$", re.I
)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)


@dataclass
class Notes:
    """What the parse is sure of (JSON path → 0–1) and what a person should check."""

    confidence: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def sure(self, path: str, value: float) -> None:
        self.confidence[path] = round(max(0.0, min(1.0, value)), 2)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


@dataclass
class Item:
    """One line as the parser works with it: text without its bullet glyph, and its cues."""

    text: str
    bullet: bool = False
    size: float = 0.0
    bold: bool = False
    heading: bool = False
    links: tuple[str, ...] = ()


def items(lines: list[Line]) -> list[Item]:
    """The non-empty lines as ``Item``s, bullets recognised by glyph when the reader missed them."""
    out = []
    for line in lines:
        text = " ".join(line.text.replace("\u00a0", " ").split(" ")).strip()
        glyph = _BULLET.match(text)
        bullet = line.bullet or bool(glyph and glyph.end() < len(text) and _is_glyph(text))
        if bullet and glyph:
            text = text[glyph.end() :]
        text = _LEADER.sub("\t", text).strip()
        if not text or _PAGE_NUMBER.match(text):
            continue
        text, dates = _right_column(text.strip()) if bullet else (text.strip(), "")
        if dates:
            out.append(Item(dates, size=line.size))
        out.append(Item(text, bullet, line.size, line.bold, line.heading, line.links))
    return _join_split_ranges(out)


# Leader lines: a run of dots, dashes or underscores between a name and its place ("Salsify
# -------- Boston MA"), as LaTeX's \dotfill and many word processors draw them, is a wide gap;
# a line of nothing else is a rule.
_LEADER = re.compile(r"[ \t]*(?:[.\-_·…=~*][ \t]?){4,}[ \t]*")


def _join_split_ranges(found: list[Item]) -> list[Item]:
    """A date range broken over two lines of a narrow date margin ("June 2020 – Engineer, Acme"
    then "Present Built the …"): a line that opens with a date and a dash ends its range with
    the date (or "Present") that the next line opens with."""
    out: list[Item] = []
    index = 0
    while index < len(found):
        item = found[index]
        after = found[index + 1] if index + 1 < len(found) else None
        dash = _open_range(item.text)
        end = leading_date(after.text) if after and dash and not after.bullet else 0
        if after and dash and end:
            date, rest = item.text[:dash].rstrip(), item.text[dash:].strip()
            item.text = f"{date} {after.text[:end].strip()}\t{rest}".strip()
            after.text = after.text[end:].strip()
            out.append(item)
            index += 1 if after.text else 2
            continue
        out.append(item)
        index += 1
    return out


def _open_range(text: str) -> int:
    """Where the dash of a range left open at the start of a line ends ("June 2020 – …"),
    0 when the line does not start so."""
    ranges = find_ranges(text)
    if not ranges or ranges[0].first != 0 or ranges[0].start != ranges[0].end:
        return 0
    found = _OPEN_DASH.match(text, ranges[0].last)
    return found.end() if found else 0


def _right_column(text: str) -> tuple[str, str]:
    """A bullet that a reader merged with the dates printed beside it, after a wide gap
    ("Built the platform\tJune 2023 – present"): the dates become a line of their own, before
    the bullet, where an entry's dates belong. A duration ("2 years 10 months") is dropped."""
    body, tab, tail = text.rpartition("\t")
    if not tab:
        return text, ""
    if _DURATION.fullmatch(tail.strip()):
        return _right_column(body.rstrip())[0], ""
    found = parse_range(tail)
    return (body.rstrip(), tail.strip()) if found else (text, "")


def is_heading_text(text: str) -> bool:
    """Whether a line reads as a known section heading ("EDUCATION", "Berufserfahrung:")."""
    return len(text) <= 48 and cues.fold(text) in cues.HEADING_OF


def _is_glyph(text: str) -> bool:
    """A leading "-" or "*" is a bullet only when followed by a space ("-5%" is not one)."""
    first = text.lstrip()[:2]
    return first[:1] not in "-*–—" or first[1:2] == " "


def join_wrapped(found: list[Item], *, wraps: bool = True) -> list[Item]:
    """Join the lines a list item wrapped onto to that item, so one bullet is one highlight.

    A line continues the bullet above when it is not a bullet itself and either starts in lower
    case, with a digit or a bracket, or follows a line that was cut mid-sentence because it
    reached the width of the page (as long as the longest lines; only when ``wraps``: text
    and DOCX files hold whole paragraphs on a line).
    """
    longest = max((len(i.text) for i in found), default=0)
    wide = 0.75 * longest if wraps else longest + 1
    out: list[Item] = []
    last_line = ""
    for item in found:
        last = out[-1] if out else None
        if (
            last
            and not item.bullet
            and (
                (last.bullet and _continues(last_line, item, wide))
                or _ends_a_name(last, item, wide)
            )
        ):
            last.text = f"{last.text} {item.text}"
            last.links += item.links
        else:
            out.append(item)
        last_line = item.text
    return out


def _ends_a_name(last: Item, item: Item, wide: float) -> bool:
    """A name cut by the width of the page: "… — Hochschule für Wirtschaft und Recht" as wide
    as the page, then "Berlin" alone: a few capitalised words, no date, no gap, no heading."""
    if last.bullet or "\t" in last.text or "\t" in item.text or len(last.text) < max(wide, 40):
        return False
    if abs(item.size - last.size) > 0.05 or item.bold != last.bold:
        return False
    if last.text.rstrip()[-1:] in ".!?;:," or word_count(item.text) > 3:
        return False
    if item.heading or is_heading_text(item.text) or _has_entry_dates(item.text):
        return False
    return item.text[:1].isupper() and not is_prose(last.text)


def _continues(before: str, item: Item, wide: float) -> bool:
    if item.heading or (item.size and item.size > 1.05) or is_heading_text(item.text):
        return False
    if _has_entry_dates(item.text.split("\t")[0]):
        return False  # "mai 2013 – janv. 2018\tChef d'équipe": French months are lower case
    first = item.text[:1]
    if first.islower() or first == "(" or (first.isdigit() and not _looks_dated(item.text)):
        return True
    if before.rstrip().endswith((".", "!", "?", ";", ":")) or _has_entry_dates(item.text):
        return False
    if "\t" in item.text:
        return False  # a part set apart to the right ("Acme, Intern\tRedmond, WA") heads an entry
    return len(before) >= wide or len(item.text) > 60


def _has_entry_dates(text: str) -> bool:
    """Whether a line holds a date range or a month, as an entry's head line does (a lone
    year may end a wrapped sentence: "… in JMLR (2023)")."""
    return any(r.start != r.end or r.ongoing or len(r.start or "") > 4 for r in find_ranges(text))


def _looks_dated(text: str) -> bool:
    return bool(re.match(r"\d{1,2}[/.]\d{4}|\d{4}\s*[-–—]", text))


def fields(text: str) -> list[str]:
    """The parts of a line between separators ("|", " — ", " · ", tabs, wide gaps)."""
    return [part.strip(" ,;") for part in _FIELD_SEPARATOR.split(text) if part.strip(" ,;()")]


def urls(text: str) -> list[re.Match[str]]:
    """The web addresses in a text. One written with capitals and no scheme ("Gong.io") is a
    name, not an address."""
    return [
        m
        for m in URL.finditer(text)
        if m.group().islower()
        or re.match(r"(?:https?://|www\.)", m.group(), re.IGNORECASE)
        or not any(c.isupper() for c in m.group())
    ]


def is_url(text: str) -> bool:
    """Whether the whole text is one web address (not an email, not a capitalised name)."""
    found = urls(text.strip())
    return bool(found) and found[0].group() == text.strip() and not EMAIL.search(text)


def full_url(text: str, links: list[str]) -> str:
    """The address a displayed URL stands for: the file's own link when one matches, else
    ``https://`` and the text."""
    bare = _bare(text)
    for link in links:
        if _bare(link) == bare:
            return link
    return text if re.match(r"https?://", text, re.IGNORECASE) else f"https://{text}"


def _bare(url: str) -> str:
    """A URL without scheme, ``www.`` or trailing slash, for comparing links with their text."""
    out = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip(), flags=re.IGNORECASE)
    return out.rstrip("/").lower()


def word_count(text: str) -> int:
    return len(text.split())


def is_prose(text: str) -> bool:
    """A sentence rather than a label: long, or ending with a full stop. Separators ("·", "|")
    are no words: "BSc, Physics · University of Texas at Austin · utexas.edu" is a label."""
    words = [w for w in text.split() if any(c.isalnum() for c in w)]
    if len(words) > 12:
        return True
    abbreviation = bool(words) and len(words[-1]) <= 5 and words[-1][:1].isupper()
    return text.rstrip().endswith(".") and len(words) > 5 and not abbreviation
