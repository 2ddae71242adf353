"""Turn a JSON Resume document (a dict) into a ``Resume``, listing every problem by its path.

Liberal in what it accepts: a ``null`` where a value belongs is read as absent, an end date of
"Present" as ongoing, and the 0.x names (``company``, ``website``, ``picture``, ``gpa``,
``level``) as today's (``name``, ``url``, ``image``, ``score``, ``fluency``) — each with a
warning. Strict mode (``tailorcv validate --strict``) reports those as problems instead, as the
JSON Resume schema does. An e-mail or web address that is not one (``resume.contacts``) is a
warning in either mode.

Every document passes here, whoever parsed it (the API's request body comes from FastAPI), so the
walk that cleans it also refuses one nested deeper than ``MAX_DEPTH`` or holding more than
``MAX_NODES`` keys and values: a body nested 300 levels deep failed to serialise (a 500), and
pydantic takes seconds on a million values (issue 16). ``tailorcv.resume.io`` holds its parsers to
the same two bounds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from tailorcv.errors import DocumentRefused, InvalidResume, Problem
from tailorcv.resume.contacts import contact_problems
from tailorcv.resume.dates import is_ongoing
from tailorcv.resume.model import Resume

# A JSON Resume document nests 4 levels deep (work[0].highlights[0]), Reactive Resume 7, RenderCV
# 6; the largest résumé in the corpus holds about 560 keys and values. Far past both, for nothing a
# résumé needs (issue 16).
MAX_DEPTH = 64
MAX_NODES = 50_000
# JSON Resume 0.x wrote these names; later versions renamed them.
_LEGACY_NAMES = {
    "work": {"company": "name", "website": "url"},
    "basics": {"website": "url", "picture": "image"},
    "volunteer": {"website": "url"},
    "education": {"gpa": "score"},
    "publications": {"website": "url"},
    "languages": {"level": "fluency"},
}
_END_DATES = ("endDate",)
# JSON may escape half of a UTF-16 pair ("\\ud800"); such text cannot be encoded for any output.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Validated:
    resume: Resume
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Walk:
    """What ``_clean`` carries down the document: the notes it makes, the values it has seen."""

    notes: list[Problem]
    nodes: int = 0

    def count(self, more: int) -> None:
        self.nodes += more
        if self.nodes > MAX_NODES:
            raise too_many()


def too_deep(path: str = "", at: str = "") -> DocumentRefused:
    """The refusal of a document nested deeper than ``MAX_DEPTH``, under ``path`` (the part that
    holds the nesting), ``at`` a line of the text when the parser knows it."""
    message = (
        f"nested deeper than {MAX_DEPTH} levels{at}; a résumé needs fewer than ten — "
        "flatten that part or remove it"
    )
    return DocumentRefused([Problem(path, message)])


def too_many() -> DocumentRefused:
    """The refusal of a document with more than ``MAX_NODES`` keys and values."""
    message = (
        f"more than {MAX_NODES:,} keys and values; a résumé holds a few hundred — "
        "remove what is not part of the résumé, or split it into several"
    )
    return DocumentRefused([Problem("", message)])


def json_path(loc: tuple[str | int, ...]) -> str:
    """``("work", 2, "startDate")`` → ``work[2].startDate``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def validate(data: Any, *, strict: bool = False, source: str | None = None) -> Validated:
    """Validate a JSON Resume document; raise ``InvalidResume`` naming every problem."""
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "null"
        raise InvalidResume([Problem("", f"a résumé is an object, not {kind}")], source)
    notes: list[Problem] = []
    cleaned = _clean(data, (), _Walk(notes))
    _rename_legacy(cleaned, notes)
    if strict and notes:
        raise InvalidResume(notes, source)
    try:
        resume = Resume.model_validate(cleaned)
    except ValidationError as exc:
        raise InvalidResume(_problems(exc), source) from None
    # Warnings, never refusals here: an import keeps an odd address (issue 19); a person's
    # edit is refused for one by the use case that saves it (``service.resumes.checked``).
    return Validated(resume, [*notes, *contact_problems(resume)])


def to_dict(resume: Resume) -> dict[str, Any]:
    """The résumé as a JSON Resume document, holding exactly what was set (unknown fields too)."""
    return resume.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)


def _problems(exc: ValidationError) -> list[Problem]:
    found = []
    for error in exc.errors(include_url=False):
        message = error["msg"]
        if error["type"] == "model_type":
            message = "expected an object"
        elif error["type"] == "list_type":
            message = "expected a list"
        elif error["type"] == "string_type":
            message = "expected text"
        found.append(Problem(json_path(tuple(error["loc"])), message))
    return found


def _clean(value: Any, loc: tuple[str | int, ...], walk: _Walk) -> Any:
    """Drop nulls (and "Present" end dates) recursively, noting each one; refuse a document past
    ``MAX_DEPTH`` or ``MAX_NODES`` before it reaches pydantic."""
    if isinstance(value, dict | list) and len(loc) >= MAX_DEPTH:
        raise too_deep(json_path(loc[:2]))  # the section and entry: enough to find it
    if isinstance(value, dict):
        return _clean_mapping(value, loc, walk)
    if isinstance(value, list):
        return _clean_list(value, loc, walk)
    if isinstance(value, str) and _SURROGATE.search(value):
        walk.notes.append(Problem(json_path(loc), "invalid characters (lone surrogates) replaced"))
        return _SURROGATE.sub("\ufffd", value)
    return value


def _clean_mapping(value: dict[Any, Any], loc: tuple[str | int, ...], walk: _Walk) -> Any:
    walk.count(2 * len(value))  # keys and values
    out = {}
    for key, item in value.items():
        here = (*loc, key)
        if item is None:
            walk.notes.append(Problem(json_path(here), "null read as absent"))
        elif key in _END_DATES and isinstance(item, str) and is_ongoing(item):
            walk.notes.append(Problem(json_path(here), f'"{item}" read as ongoing (omit endDate)'))
        else:
            out[key] = _clean(item, here, walk)
    return out


def _clean_list(value: list[Any], loc: tuple[str | int, ...], walk: _Walk) -> Any:
    walk.count(len(value))
    kept = []
    for index, item in enumerate(value):
        if item is None:
            walk.notes.append(Problem(json_path((*loc, index)), "null item dropped"))
        else:
            kept.append(_clean(item, (*loc, index), walk))
    return kept


def _rename_legacy(data: dict[str, Any], notes: list[Problem]) -> None:
    for section, names in _LEGACY_NAMES.items():
        part = data.get(section)
        entries = part if isinstance(part, list) else [part]
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for old, new in names.items():
                if old in entry and new not in entry:
                    entry[new] = entry.pop(old)
                    where = f"{section}[{index}]" if isinstance(part, list) else section
                    notes.append(Problem(f"{where}.{old}", f"read as {new} (JSON Resume 0.x name)"))
