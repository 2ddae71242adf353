"""``GET /me/export``: everything an account holds, as one zip (the right of access).

Layout: ``account.json`` (user, profile, tokens without their hashes), ``resumes/<id>.json``
(the draft, the page settings and every version), ``jobs.json``, ``tasks.json``, ``files.json``
and ``files/<id>.<ext>``. Built in memory: a user's files are capped by
``storage_per_user_bytes`` (50 MB by default).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from tailorcv.errors import BlobNotFound
from tailorcv.service.files import extension
from tailorcv.store import queries
from tailorcv.store.blobs import BlobStore
from tailorcv.store.models import File, Resume, User

EVERYTHING = 1_000_000  # list limits: an export holds every row, not the first page


def export_zip(session: Session, blobs: BlobStore, user: User) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _json(archive, "account.json", _account(session, user))
        for resume in queries.list_resumes(session, user.id, EVERYTHING, with_candidates=True):
            _json(archive, f"resumes/{resume.id}.json", _resume(session, user, resume))
        jobs = queries.list_jobs(session, user.id, EVERYTHING)
        _json(archive, "jobs.json", [_row(job, "id title company text analysis") for job in jobs])
        tasks = queries.list_tasks(session, user.id, limit=EVERYTHING)
        fields = "id kind status payload result error attempts created_at finished_at"
        _json(archive, "tasks.json", [_row(task, fields) for task in tasks])
        files = queries.list_files(session, user.id, EVERYTHING)
        _json(archive, "files.json", [_row(f, "id content_type size created_at") for f in files])
        for file in files:
            _file(archive, blobs, file)
    return buffer.getvalue()


def _account(session: Session, user: User) -> dict[str, Any]:
    profile = queries.get_profile(session, user.id)
    tokens = queries.list_api_tokens(session, user.id)
    return {
        "user": _row(user, "id email tier is_admin created_at"),
        "profile": _row(profile, "display_name locale template") if profile else None,
        "tokens": [_row(t, "id name created_at last_used_at revoked_at") for t in tokens],
    }


def _resume(session: Session, user: User, resume: Resume) -> dict[str, Any]:
    versions = queries.list_versions(session, user.id, resume.id) or []
    fields = "id title draft slug hide_email hide_phone hide_address expires_at noindex view_count"
    fields += " published_version_id batch_id"  # the version a page shows; a batch's candidate
    return {
        **_row(resume, fields + " created_at updated_at"),
        "versions": [_row(v, "id kind document parent_id job_id created_at") for v in versions],
    }


def _file(archive: zipfile.ZipFile, blobs: BlobStore, file: File) -> None:
    try:
        data = blobs.get(file.key)
    except BlobNotFound:
        return  # expired and cleaned up between the listing and now
    archive.writestr(f"files/{file.id}.{extension(file.content_type)}", data)


def _row(row: object, fields: str) -> dict[str, Any]:
    return {name: _plain(getattr(row, name)) for name in fields.split()}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (dict, list, str, int, float, bool)) or value is None:
        return value
    return str(value)


def _json(archive: zipfile.ZipFile, name: str, data: Any) -> None:
    archive.writestr(name, json.dumps(data, indent=2, ensure_ascii=False))
