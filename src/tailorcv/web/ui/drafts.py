"""The draft each panel of the editor started from, and what a save over a newer one shows.

Every save from the editor carries its panel's base: the title and draft the page showed, as
JSON in a hidden ``base`` field. Its ``revision`` is what ``service.resumes.update_resume``
checks the saved draft against, so a save over a newer draft (another tab, the editor's other
panel) is refused; the base itself gives the words of the refusal: what changed since the panel
was loaded, path by path (issue 19). "Save mine over it" sends the revision the person was
shown in ``overwrite``: it replaces that draft, and no newer one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from tailorcv.errors import InvalidResume
from tailorcv.resume.io import load_json
from tailorcv.service.resumes import revision, revision_of
from tailorcv.store.models import Resume

MAX_LINES = 12  # changes listed in a refusal; the rest are counted
MAX_SHOWN = 60  # characters of a value quoted in a change
UNKNOWN = "unknown"  # the revision of a base that cannot be read: it matches no draft
UNREADABLE = "this page's copy of the draft could not be read: load the saved draft to see it"
UNSEEN = "nothing you can see: it was saved again with the same content"
_GONE = object()  # the side of a change where the value is absent


@dataclass(frozen=True)
class Base:
    """What a save started from: its revision (None when the form sent no base: an old page,
    a client of its own, saving unguarded as before), and the snapshot it was taken of."""

    revision: str | None
    text: str = ""
    snapshot: dict[str, Any] | None = None


@dataclass(frozen=True)
class Conflict:
    """A save refused over a newer draft: what changed since its base, and the revision that
    "Save mine over it" replaces."""

    changes: list[str]
    revision: str


@dataclass
class Outcome:
    """What a save from the editor came to: saved, or refused with problems by path, or
    refused because the draft had changed."""

    errors: dict[str, str] = field(default_factory=dict)
    conflict: Conflict | None = None

    @property
    def saved(self) -> bool:
        return not self.errors and self.conflict is None

    @property
    def status(self) -> int:
        return 409 if self.conflict else 422 if self.errors else 200


def snapshot(resume: Resume) -> dict[str, Any]:
    return {"title": resume.title, "resume": resume.draft}


def base_text(resume: Resume) -> str:
    """The page's ``base`` field: the snapshot as compact JSON."""
    return json.dumps(snapshot(resume), ensure_ascii=False, separators=(",", ":"))


def posted_base(form: FormData) -> Base:
    """The base a form sent: the revision of its snapshot, or the one "Save mine over it"
    names; a snapshot that cannot be read matches no draft."""
    raw = form.get("base")
    text = raw if isinstance(raw, str) else ""
    shot = _read(text) if text else None
    overwrite = form.get("overwrite")
    if isinstance(overwrite, str) and overwrite:
        return Base(overwrite, text, shot)
    if not text:
        return Base(None)
    if shot is None:
        return Base(UNKNOWN, text)
    return Base(revision(shot["title"], shot["resume"]), text, shot)


def _read(text: str) -> dict[str, Any] | None:
    """A snapshot from a form, read within the bounds of any posted JSON; None if it is not."""
    try:
        data = load_json(text)
    except InvalidResume:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        return None
    return data if isinstance(data.get("resume"), dict) else None


def conflict(base: Base, resume: Resume) -> Conflict:
    """The refusal of a save that started from ``base``: what changed since, in words."""
    if base.snapshot is None:
        return Conflict([UNREADABLE], revision_of(resume))
    lines = changes(base.snapshot["title"], resume.title, "title")
    lines += changes(base.snapshot["resume"], resume.draft)
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], f"… and {len(lines) - MAX_LINES} more changes"]
    return Conflict(lines or [UNSEEN], revision_of(resume))


def changes(before: Any, after: Any, path: str = "") -> list[str]:
    """Each difference from ``before`` to ``after``, by path: ``basics.name: “Ada” → “Ada
    L.”``, ``work[3]: added (Acme)``, ``skills[1].keywords[0]: removed (“Go”)``."""
    found: list[str] = []
    _walk(before, after, path, found)
    return found


def _walk(before: Any, after: Any, path: str, found: list[str]) -> None:
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(key for key in after if key not in before)]:
            where = f"{path}.{key}" if path else str(key)
            _walk(before.get(key, _GONE), after.get(key, _GONE), where, found)
    elif isinstance(before, list) and isinstance(after, list):
        for index in range(max(len(before), len(after))):
            old = before[index] if index < len(before) else _GONE
            new = after[index] if index < len(after) else _GONE
            _walk(old, new, f"{path}[{index}]", found)
    elif before is _GONE or before is None:
        found.append(f"{path or 'the document'}: added {_shown(after, brackets=True)}")
    elif after is _GONE or after is None:
        found.append(f"{path or 'the document'}: removed {_shown(before, brackets=True)}")
    else:
        found.append(f"{path or 'the document'}: {_shown(before)} → {_shown(after)}")


def _shown(value: Any, *, brackets: bool = False) -> str:
    """A value as a change quotes it: text cut short, an entry by its name, a list counted."""
    if isinstance(value, dict):
        names = [value.get(key) for key in ("name", "position", "institution", "title")]
        name = next((str(n) for n in names if isinstance(n, str) and n), "")
        return f"({_cut(name)})" if name and brackets else _cut(name) or "an entry"
    if isinstance(value, list):
        count = f"{len(value)} item{'s' if len(value) != 1 else ''}"
        return f"({count})" if brackets else count
    text = f"“{_cut(value)}”" if isinstance(value, str) else json.dumps(value)
    return f"({text})" if brackets else text


def _cut(text: str) -> str:
    return f"{text[:MAX_SHOWN]}…" if len(text) > MAX_SHOWN else text
