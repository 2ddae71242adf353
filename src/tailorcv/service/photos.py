"""A résumé's photo (issue 19): uploaded, kept as the owner's file, named in ``basics.image``.

The upload is read by ``ingest.photo`` (bounded, stripped of EXIF, re-encoded small) and stored
as a file of the owner, which counts against their storage and goes with their account. The
draft then names it ``/photos/<file id>.jpg`` (or ``.png``): the one address every output and
page resolves, for the résumé's owner only (``load_photo``). A photo replaced or removed is
deleted, unless another résumé or a version still shows it.
"""

from __future__ import annotations

import copy
import re
import uuid
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from tailorcv.errors import TooLarge
from tailorcv.ingest.photo import read_photo
from tailorcv.service import resumes
from tailorcv.service.limits import Caller
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import ResumeUpdate
from tailorcv.store import queries
from tailorcv.store.models import File, Resume, User

MAX_BYTES = 5 * 1024 * 1024  # an upload, before it is made small (at most the upload limit)
ADDRESS = re.compile(
    r"^/photos/(?P<id>[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})\.(?P<ext>jpg|png)$"
)
TYPES = {"jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class StoredPhoto:
    """A photo's bytes as stored, for an output or a page to show."""

    data: bytes
    content_type: str


def address(file: File) -> str:
    """The photo's address in ``basics.image``: ``/photos/<file id>.jpg``."""
    ext = "png" if file.content_type == "image/png" else "jpg"
    return f"/photos/{file.id}.{ext}"


def photo_file(session: Session, owner_id: uuid.UUID, image: object) -> File | None:
    """The owner's stored photo that ``image`` names, or None: someone else's photo, a link, a
    file that is not a picture of the type its address says."""
    found = ADDRESS.match(image) if isinstance(image, str) else None
    if found is None:
        return None
    file = queries.get_file(session, owner_id, uuid.UUID(found["id"]))
    if file is None or file.content_type != TYPES[found["ext"]]:
        return None
    return file


def load_photo(
    runtime: Runtime, session: Session, owner_id: uuid.UUID, image: object
) -> StoredPhoto | None:
    """The bytes of the photo ``image`` names, when it is the owner's (for the renderers)."""
    file = photo_file(session, owner_id, image)
    if file is None:
        return None
    return StoredPhoto(runtime.blobs.get(file.key), file.content_type)


def set_photo(
    runtime: Runtime, session: Session, caller: Caller, resume_id: uuid.UUID, upload: BinaryIO
) -> File:
    """Store an uploaded photo and name it in the draft's ``basics.image`` (one ``upload`` from
    the caller's rate limit); the photo it replaces is deleted unless still shown elsewhere."""
    runtime.limits.take_action(caller, "upload")
    user = caller.signed_in
    resume = resumes.owned(session, user.id, resume_id)
    limit = min(MAX_BYTES, runtime.settings.max_upload_bytes)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"the photo is over {limit} bytes: upload a smaller one")
    photo = read_photo(data)
    before = _image(resume.draft)
    with queries.staged_blobs(session, runtime.blobs) as staged:
        key = staged.put(photo.data)
        allowed = runtime.settings.storage_per_user_bytes
        queries.ensure_room(session, user.id, key, len(photo.data), allowed)
        file = queries.add_file(session, user.id, key, photo.content_type, len(photo.data))
        _save_image(runtime, session, user, resume, address(file))
    _forget(runtime, session, user, before)
    return file


def remove_photo(runtime: Runtime, session: Session, user: User, resume_id: uuid.UUID) -> None:
    """Take the photo out of the draft, and delete it unless still shown elsewhere."""
    resume = resumes.owned(session, user.id, resume_id)
    before = _image(resume.draft)
    if before is not None:
        _save_image(runtime, session, user, resume, None)
        _forget(runtime, session, user, before)


def _image(document: dict[str, Any]) -> object:
    basics = document.get("basics")
    return basics.get("image") if isinstance(basics, dict) else None


def _save_image(
    runtime: Runtime, session: Session, user: User, resume: Resume, image: str | None
) -> None:
    """The draft with ``basics.image`` set (or removed), saved as every edit is."""
    document = copy.deepcopy(resume.draft)
    basics = document.setdefault("basics", {})
    if image is None:
        basics.pop("image", None)
    else:
        basics["image"] = image
    resumes.update_resume(runtime, session, user, resume.id, ResumeUpdate(resume=document))


def _forget(runtime: Runtime, session: Session, user: User, image: object) -> None:
    """Delete the stored photo ``image`` named, once nothing of the owner's names it."""
    file = photo_file(session, user.id, image)
    if file is None or queries.mentioned(session, user.id, str(file.id)):
        return
    orphans = queries.delete_file(session, user.id, file.id) or []
    session.commit()
    for key in orphans:
        runtime.blobs.delete(key)
