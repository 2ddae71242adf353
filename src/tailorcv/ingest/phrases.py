"""Where a field is, said as a person would: "work[1].startDate" → "the start date of job 2".

Warnings name fields this way, never by their JSON path or the schema's names.
"""

from __future__ import annotations

import re

_ENTRY = {
    "work": "job",
    "volunteer": "volunteer role",
    "education": "education entry",
    "projects": "project",
    "certificates": "certificate",
    "awards": "award",
    "publications": "publication",
    "skills": "skill group",
    "languages": "language",
    "interests": "interest",
    "references": "reference",
}
_FIELD = {
    "startDate": "start date",
    "endDate": "end date",
    "date": "date",
    "releaseDate": "date",
    "url": "web address",
    "email": "email address",
    "phone": "phone number",
    "name": "name",
    "position": "position",
    "institution": "school",
    "studyType": "degree",
    "area": "field of study",
    "score": "grade",
    "summary": "summary",
    "label": "headline",
    "image": "photo",
    "location": "place",
}
_PATH = re.compile(r"^(?P<section>\w+)(?:\[(?P<index>\d+)\])?(?:\.(?P<field>\w+))?")


def place_of(path: str) -> str:
    """A field's place in words; the path itself when it is of no known shape."""
    found = _PATH.match(path)
    if not found:
        return path
    section, index, name = found.group("section", "index", "field")
    what = _FIELD.get(name or "", name or "")
    if section == "basics":
        return f"your {what}" if what else "your details"
    entry = _ENTRY.get(section)
    if entry is None:
        return path
    where = f"{entry} {int(index) + 1}" if index is not None else f"your {entry}s"
    return f"the {what} of {where}" if what else where
