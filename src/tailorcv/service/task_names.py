"""Tasks named in people's words (issue 19): "Rendering a PDF of ‘Main’ (modern)", "Reading
cv.pdf", "Tailoring ‘Main’ to Data Engineer at Acme", not ``render`` and ``batch_item``. The one
mapping every list of tasks uses (the dashboard, the admin page).

A page of tasks costs three queries whatever its length (``store.origin_queries``). A name only
uses what the task's owner owns; something deleted since is said to be.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from tailorcv.errors import InvalidPayload
from tailorcv.resume.model import DEFAULT_TEMPLATE
from tailorcv.service.payloads import (
    BatchItemPayload,
    ImportPayload,
    LetterPayload,
    PagePayload,
    Payload,
    RenderPayload,
    SuggestPayload,
    TailorPayload,
    read,
)
from tailorcv.store.models import Task
from tailorcv.store.origin_queries import (
    BatchOrigin,
    JobOrigin,
    VersionOrigin,
    batches_named,
    jobs_named,
    versions_named,
)

FORMATS = {
    "pdf": "a PDF",
    "docx": "a Word document",
    "html": "a web page",
    "txt": "a text file",
    "md": "a Markdown file",
    "png": "a PNG picture",
    "svg": "an SVG picture",
}


@dataclass(frozen=True)
class Origins:
    """What a page of tasks names, each with its owner."""

    versions: dict[uuid.UUID, VersionOrigin]
    jobs: dict[uuid.UUID, JobOrigin]
    batches: dict[uuid.UUID, BatchOrigin]

    def version(self, task: Task, version_id: uuid.UUID) -> VersionOrigin | None:
        return _owned(self.versions.get(version_id), task)

    def job(self, task: Task, job_id: uuid.UUID | None) -> JobOrigin | None:
        return _owned(self.jobs.get(job_id) if job_id else None, task)


Origin = TypeVar("Origin", VersionOrigin, JobOrigin, BatchOrigin)


def _owned(found: Origin | None, task: Task) -> Origin | None:
    """``found`` when the task's owner owns it: a task never names another's résumé or job."""
    return found if found is not None and found.owner_id == task.owner_id else None


Asking = TailorPayload | SuggestPayload | LetterPayload  # a version and a job
Versioned = RenderPayload | TailorPayload | SuggestPayload | LetterPayload


def task_names(session: Session, tasks: Sequence[Task]) -> dict[uuid.UUID, str]:
    """Each task's name by its id."""
    payloads = {task.id: _payload(task) for task in tasks}
    named = [p for p in payloads.values() if isinstance(p, Versioned)]
    versions = versions_named(session, {p.version_id for p in named})
    job_ids = {p.job_id for p in payloads.values() if isinstance(p, Asking)}
    job_ids |= {v.job_id for v in versions.values() if v.job_id is not None}
    batch_ids = {p.batch_id for p in payloads.values() if isinstance(p, BatchItemPayload)}
    origins = Origins(versions, jobs_named(session, job_ids), batches_named(session, batch_ids))
    return {task.id: name_of(task, payloads[task.id], origins) for task in tasks}


def _payload(task: Task) -> Payload | None:
    try:
        return read(task.kind, task.payload, Payload)
    except InvalidPayload:
        return None  # a row from an older version: named by its kind alone


def name_of(task: Task, payload: Payload | None, origins: Origins) -> str:
    name = NAMERS.get(type(payload))
    return name(task, payload, origins) if name is not None else KINDS.get(task.kind, task.kind)


KINDS = {
    "import": "Reading a file",
    "render": "Rendering a résumé",
    "tailor": "Tailoring a résumé",
    "suggest": "Suggesting better bullets",
    "letter": "Writing a cover letter",
    "batch_item": "Scoring candidates",
    "cleanup": "Deleting expired files",
}


def resume_words(origin: VersionOrigin | None) -> str:
    """‘Main’, or what is left to say of a deleted résumé."""
    return f"‘{origin.resume_title}’" if origin is not None else "a deleted résumé"


def job_words(origin: JobOrigin | None) -> str:
    """ "Data Engineer at Acme", or as much of it as is known."""
    if origin is None:
        return "a deleted job"
    if origin.title and origin.company:
        return f"{origin.title} at {origin.company}"
    if origin.company:
        return f"a job at {origin.company}"
    return origin.title or "an untitled job"


def _import(task: Task, payload: Any, origins: Origins) -> str:
    filename = payload.filename if payload.filename != "upload" else "an uploaded file"
    return f"Reading {filename}"


def _render(task: Task, payload: Any, origins: Origins) -> str:
    version = origins.version(task, payload.version_id)
    what = resume_words(version)
    if version is not None and version.job_id is not None:
        what += f" tailored to {job_words(origins.job(task, version.job_id))}"
    template = payload.template or (version and version.template) or DEFAULT_TEMPLATE
    return f"Rendering {FORMATS.get(payload.format, 'a file')} of {what} ({template})"


def _page(task: Task, payload: Any, origins: Origins) -> str:
    basics = payload.document.get("basics")
    person = basics.get("name") if isinstance(basics, dict) else None
    whose = f" of {person}" if isinstance(person, str) and person.strip() else ""
    return f"Making the PDF of the public page{whose}"


def _tailor(task: Task, payload: Any, origins: Origins) -> str:
    what = resume_words(origins.version(task, payload.version_id))
    return f"Tailoring {what} to {job_words(origins.job(task, payload.job_id))}"


def _suggest(task: Task, payload: Any, origins: Origins) -> str:
    what = resume_words(origins.version(task, payload.version_id))
    return f"Suggesting better bullets in {what} for {job_words(origins.job(task, payload.job_id))}"


def _letter(task: Task, payload: Any, origins: Origins) -> str:
    what = resume_words(origins.version(task, payload.version_id))
    job = job_words(origins.job(task, payload.job_id))
    return f"Writing a cover letter from {what} for {job}"


def _batch(task: Task, payload: Any, origins: Origins) -> str:
    count = len(payload.item_ids)
    found = _owned(origins.batches.get(payload.batch_id), task)
    which = f" for ‘{found.title}’" if found is not None and found.title else ""
    return f"Scoring {count} candidate{'s' if count != 1 else ''}{which}"


Namer = Callable[[Task, Any, Origins], str]
NAMERS: dict[type, Namer] = {
    ImportPayload: _import,
    RenderPayload: _render,
    PagePayload: _page,
    TailorPayload: _tailor,
    SuggestPayload: _suggest,
    LetterPayload: _letter,
    BatchItemPayload: _batch,
}
