"""Downloads named after the person and the template (issue 19): ``Ada-Lovelace-modern.pdf``,
``Ada-Lovelace-modern-Acme.pdf`` for a résumé tailored to a job at Acme,
``Ada-Lovelace-cover-letter-Acme.docx``, ``Data-Engineer-ranking.csv``; not ``tailorcv-<uuid>``.

A stored file knows only its bytes, so its name comes from the task that made it (a render or a
letter, ``store.origin_queries.task_that_made``) and what that task names: the version's
``basics.name`` (else the résumé's title), the template, the job. Names keep letters and digits
of every script (``Zoë-Ærø-classic.pdf``, ``李雷-classic.pdf``); ``service.files.disposition``
adds the ASCII name older clients need. A file no render made keeps ``tailorcv-<id>``.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy.orm import Session

from tailorcv.errors import InvalidPayload
from tailorcv.resume.model import DEFAULT_TEMPLATE
from tailorcv.service.files import extension
from tailorcv.service.payloads import LetterPayload, PagePayload, Payload, RenderPayload, read
from tailorcv.store.models import Batch, File, Task
from tailorcv.store.origin_queries import (
    VersionOrigin,
    jobs_named,
    task_that_made,
    versions_named,
)

PART = 60  # characters of each part of a name at most
_WORD = re.compile(r"[^\W_]+")  # letters and digits, of any script


def file_name(session: Session, owner_id: uuid.UUID, file: File) -> str:
    """What the owner's ``file`` is called when downloaded."""
    task = task_that_made(session, owner_id, file.id)
    stem = _stem(session, task) if task is not None else ""
    return f"{stem or f'tailorcv-{file.id}'}.{extension(file.content_type)}"


def ranking_name(batch: Batch) -> str:
    """A batch's ranking as CSV: ``<title>-ranking.csv``."""
    return f"{joined(batch.title, 'ranking')}.csv"


def archive_name(batch: Batch) -> str:
    """A batch's tailored PDFs as a zip: ``<title>-tailored.zip``."""
    return f"{joined(batch.title, 'tailored')}.zip"


def joined(*parts: str | None) -> str:
    """The parts' words joined by hyphens: ``Ada-Lovelace-modern`` of "Ada Lovelace", "modern"."""
    words = ["-".join(_WORD.findall(part or ""))[:PART].strip("-") for part in parts]
    return "-".join(word for word in words if word)


def _stem(session: Session, task: Task) -> str:
    try:
        payload = read(task.kind, task.payload, Payload)
    except InvalidPayload:
        return ""
    if isinstance(payload, PagePayload):
        return _page_stem(payload.document)
    if not isinstance(payload, RenderPayload | LetterPayload):
        return ""
    version = versions_named(session, {payload.version_id}).get(payload.version_id)
    if version is None or version.owner_id != task.owner_id:
        return ""
    person = version.person or version.resume_title
    if isinstance(payload, LetterPayload):
        return joined(person, "cover-letter", _company(session, version, payload.job_id))
    template = payload.template or version.template or DEFAULT_TEMPLATE
    return joined(person, template, _company(session, version, version.job_id))


def _company(session: Session, version: VersionOrigin, job_id: uuid.UUID | None) -> str:
    """The company (else the title) of the job a tailored version or a letter is for."""
    if job_id is None:
        return ""
    job = jobs_named(session, {job_id}).get(job_id)
    if job is None or job.owner_id != version.owner_id:
        return ""
    return job.company or job.title


def _page_stem(document: dict[str, Any]) -> str:
    basics, meta = document.get("basics"), document.get("meta")
    person = basics.get("name") if isinstance(basics, dict) else None
    template = meta.get("template") if isinstance(meta, dict) else None
    return joined(
        person if isinstance(person, str) else "",
        template if isinstance(template, str) else DEFAULT_TEMPLATE,
    )
