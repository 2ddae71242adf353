"""Every piece of text in a résumé, with its JSON path: what matching, tailoring and guard read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tailorcv.resume.model import Resume
from tailorcv.resume.section import Section

# The text fields of each list section, in the order a reader meets them.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "work": ("position", "name", "description", "summary", "highlights"),
    "volunteer": ("position", "organization", "summary", "highlights"),
    "education": ("studyType", "area", "institution", "courses"),
    "projects": ("name", "description", "highlights", "keywords", "roles", "entity"),
    "skills": ("name", "keywords"),
    "awards": ("title", "awarder", "summary"),
    "certificates": ("name", "issuer"),
    "publications": ("name", "publisher", "summary"),
    "languages": ("language",),
    "interests": ("name", "keywords"),
}


@dataclass(frozen=True)
class Text:
    path: str  # "work[0].highlights[2]"
    section: str  # "work"
    index: int  # the entry's index in its section; -1 for basics
    text: str


def texts(resume: Resume) -> Iterator[Text]:
    """Yield every non-empty text of the résumé with its path, basics first."""
    basics = resume.basics
    for name in ("label", "summary"):
        value = getattr(basics, name)
        if value:
            yield Text(f"basics.{name}", "basics", -1, value)
    for section, names in TEXT_FIELDS.items():
        for index, entry in enumerate(getattr(resume, section)):
            yield from _entry_texts(section, index, entry, names)


def _entry_texts(
    section: str, index: int, entry: Section, names: tuple[str, ...]
) -> Iterator[Text]:
    data = entry.model_dump(by_alias=True, exclude_none=True)
    for name in names:
        value = data.get(name)
        base = f"{section}[{index}].{name}"
        if isinstance(value, str) and value:
            yield Text(base, section, index, value)
        elif isinstance(value, list):
            for position, item in enumerate(value):
                if isinstance(item, str) and item:
                    yield Text(f"{base}[{position}]", section, index, item)


def entry_label(resume: Resume, section: str, index: int) -> str:
    """How a person names an entry: "Nordpay" for a job, "Chalmers" for a school."""
    if index < 0:
        return "your summary"
    entry = getattr(resume, section)[index]
    for name in ("name", "organization", "institution", "title", "language"):
        value = getattr(entry, name, None)
        if value:
            return str(value)
    return f"{section}[{index}]"
