"""Cut a section (work, education, projects …) into entries, each with its header lines, dates,
bullets and prose.

An entry is anchored on the line that holds its dates. Layouts differ in where the other header
lines stand: before the date line ("Company — City" then "Position  Jan 2020 – Present") or
after it ("Position  Mar 2021 – Present" then "Company · City"). Which one a section uses is
read from its first entry: if the section opens with a date line, headers follow their dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tailorcv.ingest import heads
from tailorcv.ingest.lines import Item, is_prose, word_count
from tailorcv.resume.dates import DateRange, find_ranges
from tailorcv.skills import taxonomy

# A labelled detail of an entry ("Location: Galway", "Link: …", "GPA: 3.8/4.0"): body, not head.
ATTRIBUTE = re.compile(
    r"^(?P<label>link|links|url|website|github|location|ort|lieu|ubicación|industry|technologies|"
    r"tech stack|stack|tools|keywords|skills|gpa|cgpa|grade|note|nota|mention|courses|"
    r"relevant coursework|coursework|graduation year|graduated|thesis)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_MAX_HEAD = 3
# Words that stay in lower case inside names and titles ("Master of Science in Physics").
_SMALL_WORDS = frozenset(
    "of and in for the at to on with de del la le du des et y en und von der die für a an".split()
)
_MAX_REST_WORDS = 16


@dataclass
class Entry:
    """The lines of one entry: ``head`` with the date text taken out, then its body."""

    head: list[str] = field(default_factory=list)
    dates: DateRange | None = None
    bullets: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str]] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def dated(item: Item) -> tuple[DateRange, str] | None:
    """The date range of a header line and the line without it; None for other lines."""
    if item.bullet or ATTRIBUTE.match(item.text):
        return None
    ranges = [r for r in find_ranges(item.text) if r.confidence >= 0.3]
    if not ranges:
        return None
    best = ranges[-1]
    if best.start == best.end and not _at_an_end(item.text, best):
        return None
    rest = item.text[: best.first] + " | " + item.text[best.last :]
    rest = re.sub(r"\(\s*\|?\s*\)|\(\s*\|\s*|\s*\|\s*\)", " | ", rest).strip(" |,")
    # Dates set apart to the right head a long line too ("Master MEEF, Métiers de
    # l'enseignement, …, Université Claude Bernard\tsept. 2013 – juin 2015").
    apart = "\t" in item.text[: best.first] and not rest.endswith(".")
    if word_count(rest) > _MAX_REST_WORDS * (1.5 if apart else 1) or (is_prose(rest) and not apart):
        return None
    return best, rest


def _at_an_end(text: str, found: DateRange) -> bool:
    """A single date names an entry's date only at the start or end of its line ("Prize
    (2021)"); in the middle it belongs to a name ("NeurIPS 2023 · doi.org/…")."""
    before, after = text[: found.first], text[found.last :]
    return not before.strip(" ([|,") or not after.strip(" )]|.,")


def is_headlike(item: Item) -> bool:
    """A short line that can name an entry: not a bullet, a sentence, a labelled detail or a
    list of skills, and (from three words on) mostly capitalised, as names and titles are."""
    text = item.text
    if item.bullet or is_prose(text) or ATTRIBUTE.match(text) or is_keyword_line(text):
        return False
    words = [w for w in text.split() if w[:1].isalpha() and w.lower() not in _SMALL_WORDS]
    capitals = sum(1 for w in words if w[:1].isupper())
    return word_count(text) <= 12 and (len(words) < 3 or capitals * 2 >= len(words))


def is_keyword_line(text: str) -> bool:
    """A line listing skills ("Python · PostgreSQL"): short parts, most of them known skills."""
    parts = [p.strip() for p in re.split(r"\s*[·,;|•]\s*", text) if p.strip()]
    if len(parts) < 2 or any(word_count(p) > 3 for p in parts):
        return False
    known = sum(taxonomy().canonical(p) is not None for p in parts)
    return known * 2 >= len(parts)


def split(found: list[Item]) -> list[Entry]:
    """The entries of a section, in order."""
    anchors = [i for i, item in enumerate(found) if dated(item)]
    if not anchors:
        return _undated(found)
    if anchors[0] == 0:
        return [_after(found, a, _next(anchors, a, len(found))) for a in anchors]
    return _before(found, anchors)


def _next(anchors: list[int], anchor: int, end: int) -> int:
    later = [a for a in anchors if a > anchor]
    return later[0] if later else end


def _after(found: list[Item], anchor: int, end: int) -> Entry:
    """An entry whose date line comes first; the short lines right after it are its head."""
    entry = _start(found[anchor])
    index = anchor + 1
    while index < end and len(entry.head) < _MAX_HEAD and is_headlike(found[index]):
        entry.head.append(found[index].text)
        entry.links.extend(found[index].links)
        index += 1
    _body(entry, found[index:end])
    return entry


def _before(found: list[Item], anchors: list[int]) -> list[Entry]:
    """Entries whose head lines stand before their date line, as many as the first entry had.
    When the first entry's head is set as a list item (some templates mark each entry with a
    bullet), short bullets before a date line are heads throughout the section."""
    first = found[anchors[0] - 1]
    marked = first.bullet and is_headlike(Item(first.text))

    def headlike(item: Item) -> bool:
        return is_headlike(Item(item.text) if marked and item.bullet else item)

    most = min(sum(headlike(i) for i in found[: anchors[0]]), _MAX_HEAD) or 1
    starts = []
    floor = 0
    for anchor in anchors:
        start = anchor
        while start - 1 >= floor and anchor - start < most and headlike(found[start - 1]):
            start -= 1
        starts.append(start)
        floor = anchor + 1
    starts[0] = 0
    entries = []
    for number, anchor in enumerate(anchors):
        end = starts[number + 1] if number + 1 < len(anchors) else len(found)
        entry = _start(found[anchor])
        entry.head = [i.text for i in found[starts[number] : anchor]] + entry.head
        entry.links.extend(link for i in found[starts[number] : anchor] for link in i.links)
        _body(entry, _title_below(entry, found[anchor + 1 : end]))
        entries.append(entry)
    return entries


def _title_below(entry: Entry, body: list[Item]) -> list[Item]:
    """Employer and place above the dates, the job title just below them ("Corrib Valley
    Hospital" / "Galway" / "September 2025 – Present" / "Staff Nurse"): the title joins the
    head when the head holds none."""
    if not body or not is_headlike(body[0]) or any(heads.title_score(h) for h in entry.head):
        return body
    if not heads.title_score(body[0].text):
        return body
    entry.head.append(body[0].text)
    return body[1:]


def _start(item: Item) -> Entry:
    found = dated(item)
    assert found is not None
    dates, rest = found
    return Entry(head=[rest] if rest else [], dates=dates, links=list(item.links))


def _undated(found: list[Item]) -> list[Entry]:
    """Entries without dates: each starts at a short line that follows a body line. A known
    skill alone on a line after an entry's head ("Java") is one of its keywords, not a name."""
    entries: list[Entry] = []
    body: list[Item] = []
    for item in found:
        if not is_headlike(item) or (entries and _is_skill(item.text)):
            if not entries:
                entries.append(Entry())
            body.append(item)
        elif not entries or body or len(entries[-1].head) >= _MAX_HEAD:
            if entries:
                _body(entries[-1], body)
            entries.append(Entry(head=[item.text], links=list(item.links)))
            body = []
        else:
            entries[-1].head.append(item.text)
            entries[-1].links.extend(item.links)
    if entries:
        _body(entries[-1], body)
    return entries


def _is_skill(text: str) -> bool:
    return taxonomy().canonical(text) is not None


def _body(entry: Entry, body: list[Item]) -> None:
    """Sort the body lines of an entry: bullets, labelled details, skill lists and prose."""
    for item in body:
        entry.links.extend(item.links)
        attribute = ATTRIBUTE.match(item.text)
        if item.bullet and not attribute:
            entry.bullets.append(item.text)
        elif attribute:
            entry.attributes.extend(_attributes(item.text))
        elif is_keyword_line(item.text):
            entry.keywords.extend(p.strip() for p in re.split(r"\s*[·,;|•]\s*", item.text))
        else:
            entry.prose.append(item.text)


def _attributes(text: str) -> list[tuple[str, str]]:
    """ "Location: Ireland | Industry: Blockchain" → [("location", "Ireland"), ("industry", …)]."""
    out = []
    for part in re.split(r"\s+\|\s+", text):
        found = ATTRIBUTE.match(part.strip())
        if found:
            out.append((found.group("label").lower(), found.group("value").strip()))
        elif out:
            out[-1] = (out[-1][0], f"{out[-1][1]} | {part.strip()}")
    return out
