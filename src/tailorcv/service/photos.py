"""A résumé's photo (issue 19): uploaded, kept as the owner's file, named in ``basics.image``.

The upload is read by ``ingest.photo`` (bounded, stripped of EXIF, re-encoded small) and stored
as a file of the owner, which counts against their storage and goes with their account. The
draft then names it ``/photos/<file id>.jpg`` (or ``.png``; ``service.photo_store``). A photo
replaced or removed is deleted, unless another résumé or a version still shows it.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from tailorcv.errors import TooLarge
from tailorcv.ingest.photo import read_photo
from tailorcv.service import photo_store, resumes
from tailorcv.service.limits import Caller
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import ResumeUpdate
from tailorcv.store import queries
from tailorcv.store.models import File, Resume, User

MAX_BYTES = 5 * 1024 * 1024  # an upload, before it is made small (at most the upload limit)


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
    with queries.staged_blobs(session, runtime.blobs) as staged:
        key = staged.put(photo.data)
        allowed = runtime.settings.storage_per_user_bytes
        queries.ensure_room(session, user.id, key, len(photo.data), allowed)
        file = queries.add_file(session, user.id, key, photo.content_type, len(photo.data))
        _save_image(runtime, session, user, resume, photo_store.address(file))
    photo_store.drop_unused(runtime, session, user.id)  # the photo it replaced, if nothing shows it
    return file


def remove_photo(runtime: Runtime, session: Session, user: User, resume_id: uuid.UUID) -> None:
    """Take the photo out of the draft, and delete it unless still shown elsewhere."""
    resume = resumes.owned(session, user.id, resume_id)
    if _image(resume.draft) is not None:
        _save_image(runtime, session, user, resume, None)
        photo_store.drop_unused(runtime, session, user.id)


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
