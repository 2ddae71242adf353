"""Résumés and hostile strings shared by the tests of the HTML, text and DOCX exports."""

from __future__ import annotations

import copy
from typing import Any

# Text that means something in Typst, HTML or Markdown; every export must show it literally.
HOSTILE = [
    '#read("/etc/passwd")',
    "]",
    "[",
    "$x$",
    "@",
    "<label>",
    "back\\slash\\",
    '"quoted"',
    "w" * 500,
    "<script>alert(1)</script>",
    "*not bold*",
]

_SAMPLE: dict[str, Any] = {
    "basics": {
        "name": "Jane Doe",
        "label": "Platform Engineer",
        "email": "jane@example.com",
        "url": "https://jane.example.com",
        "summary": "Builds reliable platforms.",
        "profiles": [{"network": "GitHub", "url": "https://github.com/jane"}],
    },
    "work": [
        {
            "name": "Acme",
            "position": "Engineer",
            "location": "Berlin",
            "startDate": "2020-03",
            "endDate": "2023-06",
            "summary": "Ran the build platform.",
            "highlights": ["Cut build time by 40 %", "Led the on-call rota"],
        }
    ],
    "education": [{"institution": "TU Berlin", "studyType": "MSc", "area": "Informatics"}],
    "skills": [
        {"name": "Languages", "level": "Expert", "keywords": ["Python", "Go"]},
        {"name": "Tools", "keywords": ["Git"]},
    ],
    "languages": [{"language": "German", "fluency": "Native"}],
}


def sample_resume(**sections: Any) -> dict[str, Any]:
    """A small but complete résumé; keyword arguments replace whole top-level sections."""
    doc = copy.deepcopy(_SAMPLE)
    doc.update(sections)
    return doc


def with_basics(**fields: Any) -> dict[str, Any]:
    """The sample's basics with ``fields`` added or replaced."""
    basics: dict[str, Any] = copy.deepcopy(_SAMPLE["basics"])
    basics.update(fields)
    return basics


def linked_work() -> list[dict[str, Any]]:
    """The sample's work section with a link to the employer."""
    work: list[dict[str, Any]] = copy.deepcopy(_SAMPLE["work"])
    work[0]["url"] = "https://acme.example.com"
    return work
