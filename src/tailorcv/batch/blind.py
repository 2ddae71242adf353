"""Who a candidate is, and blind screening: the ranking without it.

``identity`` keeps what a recruiter needs to recognise a candidate (name, email, phone, place,
links). With blind screening on, the ranking view and its CSV show only a neutral label
("Candidate 7", by upload order) and none of: name, photo, email, phone, age or birth date,
address, profiles or URLs — nor the uploaded file's name, which often carries the person's name.
What is scored is the same either way; blind screening changes what is *shown*.
"""

from __future__ import annotations

import re
from typing import Any

from tailorcv.resume.model import Resume

IDENTITY_KEYS = ("name", "email", "phone", "location", "url", "profiles", "image")
# Facts a reason or a matched skill may quote from the résumé that would tell who it is.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_PHONE = re.compile(r"\+?\d[\d ()./-]{7,}\d")
_DATE = re.compile(
    r"\b(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d\b"
)


def identity(resume: Resume) -> dict[str, Any]:
    """The candidate's name and contact details as the résumé gives them."""
    basics = resume.basics
    place = basics.location
    where = (
        ", ".join(p for p in (place.city, place.region, place.country_code) if p) if place else ""
    )
    return {
        "name": basics.name or "",
        "email": basics.email or "",
        "phone": basics.phone or "",
        "location": where,
        "url": basics.url or "",
        "profiles": [p.url or p.username or "" for p in basics.profiles if p.url or p.username],
        "image": bool(basics.image),
    }


def label(position: int) -> str:
    """The neutral name of the candidate uploaded ``position``-th (0-based)."""
    return f"Candidate {position + 1}"


def scrub(text: str) -> str:
    """``text`` without emails, URLs, phone numbers and full dates (birth dates, ages)."""
    for pattern, mark in ((_EMAIL, "[email]"), (_URL, "[link]"), (_DATE, "[date]")):
        text = pattern.sub(mark, text)
    return _PHONE.sub("[phone]", text)
