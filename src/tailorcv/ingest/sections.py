"""``parse(document)``: from the lines of a résumé to a JSON Resume document, with a confidence
per field and warnings a person can act on.

The lines are cut at section headings (a known heading alone on its line, in English, German,
French or Spanish, helped by the reader's heading, bold and size cues, capitals or a trailing
colon). What stands before the first heading is the header: name, label and contact details.
Each section is then read by its kind: entries (work, education, projects …) or lists (skills,
languages …). The result is validated as any résumé is, so it never holds an invalid date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tailorcv.errors import InvalidResume
from tailorcv.ingest import cues, heads, lists, records
from tailorcv.ingest.cells import read_down
from tailorcv.ingest.contact import parse_header, take_line
from tailorcv.ingest.document import Document, Imported, Line
from tailorcv.ingest.entries import dated
from tailorcv.ingest.lines import EMAIL, Item, Notes, items, join_wrapped, word_count
from tailorcv.ingest.phrases import place_of
from tailorcv.resume import others
from tailorcv.resume.validate import validate

_MAX_HEADING_WORDS = 5
_NAME_SIZE = 1.3  # a name is set this much larger than body text, or more
_NUMBERING = re.compile(r"^[\W\d_]*?(?:\b[IVX]+\.\s+)?(?=[^\W\d_])")
# A count after a heading ("WORK EXPERIENCE (2)") says how many entries follow.
_COUNT = re.compile(r"\s*\(\d{1,2}\)\s*$")


@dataclass
class Section:
    """The lines under one heading; ``key`` is the JSON Resume section (or "other")."""

    key: str
    title: str
    lines: list[Item] = field(default_factory=list)
    size: float = 0.0  # of its heading


def parse(doc: Document) -> Imported:
    """Read a résumé from a document's lines."""
    notes = Notes()
    lines = _name_column_first(doc.lines)
    found = join_wrapped(read_down(_label_column(items(lines))), wraps=doc.kind == "pdf")
    header, sections = split(found)
    data: dict[str, Any] = {}
    basics, prose = parse_header(header, doc.links, notes)
    data["basics"] = basics
    scores: dict[str, float] = {}
    for section in sections:
        _read_section(section, data, doc.links, notes, scores)
    _header_prose(prose, data, notes)
    _fill_contact(found, data["basics"], notes)
    _warn(data, sections, notes)
    notes.warnings[:0] = doc.warnings
    return _imported(data, doc, notes, scores)


def heading(item: Item) -> str | None:
    """The section a line is the heading of, or None when it is not a known heading."""
    text = _COUNT.sub("", _NUMBERING.sub("", item.text)).strip().rstrip(":").strip()
    if not text or word_count(text) > _MAX_HEADING_WORDS or len(text) > 48 or item.bullet:
        return None
    if text.endswith(".") and not item.heading:
        return None  # the end of a sentence ("… in many experiences.")
    return cues.HEADING_OF.get(cues.fold(text))


def _name_column_first(lines: list[Line]) -> list[Line]:
    """On a first page of two columns, the column that holds the name (its largest line) is the
    main one and is read first: a sidebar of skills read before it would leave the header
    without a name."""
    first = [line for line in lines if line.page == lines[0].page] if lines else []
    largest = max(first, key=lambda line: line.size, default=None)
    if largest is None or largest.size < _NAME_SIZE or largest.column == first[0].column:
        return lines
    if not largest.column or word_count(largest.text) > 4:
        return lines
    main = [line for line in first if line.column == largest.column]
    taken = {id(line) for line in main}
    return main + [line for line in lines if id(line) not in taken]


def _label_column(found: list[Item]) -> list[Item]:
    """Section headings set in a left column of their own share a row with the section's first
    line, after a wide gap ("Experience\tAcme Inc.\tJan 2019 to Present"): the heading becomes
    a line of its own, before the rest of its row. A column of labels holds several headings;
    one row alone, or a row that goes on with a list ("Languages\tPython, Go"), is a group of
    skills, not a heading."""
    rows = [i for i, item in enumerate(found) if _labelled_row(item)]
    if len(rows) < 2:
        return found
    out: list[Item] = []
    for index, item in enumerate(found):
        if index in rows:
            label, _, rest = item.text.partition("\t")
            out.append(Item(label.strip(), size=item.size, bold=item.bold, heading=True))
            out.append(Item(rest.strip(), item.bullet, item.size, links=item.links))
        else:
            out.append(item)
    return out


def _labelled_row(item: Item) -> bool:
    label, tab, rest = item.text.partition("\t")
    if not tab or not rest.strip() or label.rstrip().endswith(":") or "," in rest:
        return False
    return heading(Item(label)) is not None


def _names_a_group(item: Item, sections: list[Section]) -> bool:
    """Inside the skills, a heading's word set smaller than the skills' own heading
    ("Languages", "Certifications" under "SKILLS") names a group of skills."""
    opened = sections[-1] if sections else None
    return bool(opened and opened.key == "skills" and item.size and item.size < opened.size - 0.15)


def _set_apart(item: Item) -> bool:
    """Set as a heading is: by the reader's cue or in capitals."""
    return item.heading or item.text.isupper()


def _unknown_heading(item: Item, sizes: set[float], after: Item | None) -> bool:
    """A line set as a heading that names no known section ("Leadership", "COURSEWORK"): by
    the reader's cue, in bold or large capitals, or in the size the document's known headings
    have ("Rechnungswesen" over a group of skills in a sidebar) when no dated line follows it
    and it names no employer or school."""
    text = item.text.strip().rstrip(":")
    letters = sum(c.isalpha() for c in text)
    if item.bullet or letters < 4 or word_count(text) > 4 or any(c.isdigit() for c in text):
        return False
    if EMAIL.search(text) or "," in text or "." in text or "\t" in text:
        return False
    if item.heading or (text.isupper() and (item.bold or item.size > 1.05)):
        return True
    sized = round(item.size, 2) in sizes
    employer = word_count(text) > 1 and heads.company_score(text)  # "Software" alone is none
    return sized and not (after and dated(after)) and not employer


def split(found: list[Item]) -> tuple[list[Item], list[Section]]:
    """The header lines and the sections, in order; a heading seen twice continues its section."""
    header: list[Item] = []
    sections: list[Section] = []
    keys = [heading(item) for item in found]
    sizes = {round(i.size, 2) for i, key in zip(found, keys, strict=True) if key and i.size > 1.1}
    for index, item in enumerate(found):
        key = keys[index]
        after = found[index + 1] if index + 1 < len(found) else None
        if key is None and sections and _unknown_heading(item, sizes, after):
            key = "other"
        same_again = sections and key == sections[-1].key and key != "other"
        if key is None or (same_again and not _set_apart(item)) or _names_a_group(item, sections):
            # A heading's word inside its own section ("Tools" over a group of skills) is text.
            (sections[-1].lines if sections else header).append(item)
            continue
        same = [s for s in sections if s.key == key and key != "other"]
        if same and same[-1] is not sections[-1]:
            sections.append(Section(key, same[-1].title, size=item.size))
        elif not same:
            title = _NUMBERING.sub("", item.text).strip().rstrip(":")
            sections.append(Section(key, title, size=item.size))
    return header, sections


def _read_section(
    section: Section,
    data: dict[str, Any],
    links: list[str],
    notes: Notes,
    scores: dict[str, float],
) -> None:
    """Read one section into ``data`` under its JSON Resume key."""
    key = section.key
    if key == "contact":
        # Contact details belong to the person; what else stands there is kept as written.
        rest = [i for i in section.lines if not take_line(i.text, data["basics"], links, notes)]
        if not rest:
            return
        section = Section("other", section.title, rest)
        key = "other"
    if key == "other" and lists.is_keyword_list(section.lines):
        # A group of skills under a heading of its own ("Rechnungswesen", "Software").
        index = len(data.setdefault("skills", []))
        words = [w for item in section.lines for w in lists.keywords(item.text)]
        data["skills"].append({"name": section.title, "keywords": words})
        notes.sure(f"skills[{index}]", 0.6)
        scores["skills"] = _section_score(notes, "skills", index + 1)
        return
    if key == "other":
        # JSON Resume has no place for it; keep its text rather than lose it (nothing is lost).
        kept = [item.text for item in section.lines if item.text.strip()]
        data.setdefault(others.KEY, []).append({"title": section.title, "lines": kept})
        notes.warn(
            f"“{section.title}” was kept as written under Other sections: edit it there, or "
            "move what matters into another section"
        )
        return
    if key == "summary":
        # A sidebar's "About" may hold the contact details; they belong to the person.
        lines = [i for i in section.lines if not take_line(i.text, data["basics"], links, notes)]
        text = lists.summary(lines)
        if text:
            data["basics"]["summary"] = _join(data["basics"].get("summary"), text)
            notes.sure("basics.summary", 0.9)
            scores[key] = 0.9
        return
    start = len(data.get(key, []))
    found = _items_of(section, links, notes, start)
    if found:
        data.setdefault(key, []).extend(found)
    scores[key] = _section_score(notes, key, len(data.get(key, [])))


def _items_of(section: Section, links: list[str], notes: Notes, start: int) -> list[Any]:
    key, lines = section.key, section.lines
    if key == "skills":
        groups: list[Any] = lists.skills(lines, section.title.title(), notes)
        return groups
    if key == "languages":
        return list(lists.languages(lines, notes))
    if key == "interests":
        return lists.interests(lines, notes)
    if key == "references":
        return [{"reference": lists.summary(lines)}] if lines else []
    return records.read(key, lines, links, notes, start)


def _section_score(notes: Notes, key: str, count: int) -> float:
    """A section's figure: the mean confidence of its items, 0.3 when it yielded none."""
    values = [v for path, v in notes.confidence.items() if path.startswith(f"{key}[")]
    if not count or not values:
        return 0.3
    return round(sum(values) / len(values), 2)


def _join(before: str | None, text: str) -> str:
    return f"{before}\n{text}" if before else text


def _header_prose(prose: list[str], data: dict[str, Any], notes: Notes) -> None:
    """Sentences in the header are a summary without a heading; used when there is none."""
    if prose and "summary" not in data["basics"]:
        data["basics"]["summary"] = " ".join(prose)
        notes.sure("basics.summary", 0.6)


def _fill_contact(found: list[Item], basics: dict[str, Any], notes: Notes) -> None:
    """An email outside the header (a footer, a sidebar read last) still belongs to the person.
    One alone on its line (a sidebar's contact list) is chosen before one inside other text (a
    footer's "Copyright 2018 someone@…")."""
    if "email" in basics:
        return
    alone = [i for i in found if EMAIL.fullmatch(i.text.strip())]
    for item in alone or found:
        email = EMAIL.search(item.text)
        if email:
            basics["email"] = email.group()
            notes.sure("basics.email", 0.8)
            return


def _warn(data: dict[str, Any], sections: list[Section], notes: Notes) -> None:
    """Warnings a person can act on, about what is missing or unsure."""
    if not sections:
        notes.warn("no section headings were found; check that all of your résumé came in")
    if "work" not in data:
        notes.warn("no work experience was found; check that your jobs came in")
    if "education" not in data and sections:
        notes.warn("no education was found; add yours if you have any")
    if not data["basics"].get("email"):
        notes.warn("no email address was found; add one so employers can reach you")
    undated = sum(1 for w in data.get("work", []) if "startDate" not in w)
    if undated:
        notes.warn(_count(undated, "job has", "jobs have") + " no dates; add them")
    unsure = sum(1 for i, _ in enumerate(data.get("work", [])) if _unsure(notes, f"work[{i}]"))
    if unsure:
        notes.warn(
            _count(unsure, "job", "jobs")
            + " may have the employer and the position the wrong way round; check them"
        )


def _unsure(notes: Notes, path: str) -> bool:
    return notes.confidence.get(f"{path}.position", 1.0) < 0.6


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _imported(
    data: dict[str, Any], doc: Document, notes: Notes, scores: dict[str, float]
) -> Imported:
    """Validate what was read; a field the model refuses is dropped with a warning."""
    data = _tidy(data)
    for _ in range(3):
        try:
            checked = validate(data)
        except InvalidResume as error:
            for problem in error.problems:
                _drop(data, problem.path)
                notes.warn(f"{place_of(problem.path)} could not be read and was left out; add it")
            continue
        notes.warnings.extend(str(w) for w in checked.warnings)
        return Imported(
            resume=checked.resume,
            format=doc.kind,
            confidence=notes.confidence,
            sections=scores,
            warnings=notes.warnings,
            pages=doc.pages,
        )
    raise AssertionError("a parsed résumé failed validation three times")


def _tidy(value: Any) -> Any:
    """Gaps a reader kept as tabs or runs of spaces separate fields; inside a value they are one
    space."""
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return re.sub(r"[ \t]+", " ", value).strip() if isinstance(value, str) else value


def _drop(data: dict[str, Any], path: str) -> None:
    """Remove the value at a JSON path (``work[2].startDate``) from ``data``."""
    steps: list[str | int] = [
        int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", path)
    ]
    target: Any = data
    for step in steps[:-1]:
        try:
            target = target[step]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(target, dict | list) and steps:
        try:
            del target[steps[-1]]  # type: ignore[arg-type]
        except (KeyError, IndexError, TypeError):
            return
