"""Where a résumé's photo is kept (issue 19): its address, the owner's file it names, and
deleting the photos nothing names any more.

A photo is a file of its owner (a JPEG or PNG kept with no expiry) named in a draft's
``basics.image`` as ``/photos/<file id>.jpg``: the one address every output and page resolves
for the résumé's owner only (``service.photo_lookup`` reads it for the renderers). Replacing or
removing a photo (``service.photos``) and deleting a résumé (``service.resumes``) leave photos
that nothing may name any more: ``drop_unused`` deletes those no draft or version of the owner
names.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from tailorcv.service.photo_lookup import PHOTO_TYPES, stored_photo_id
from tailorcv.service.runtime import Runtime
from tailorcv.store import queries
from tailorcv.store.models import File


def address(file: File) -> str:
    """The photo's address in ``basics.image``: ``/photos/<file id>.jpg`` (``.png``)."""
    ext = "png" if file.content_type == "image/png" else "jpg"
    return f"/photos/{file.id}.{ext}"


def photo_file(session: Session, owner_id: uuid.UUID, image: object) -> File | None:
    """The owner's stored photo that ``image`` names, or None: someone else's photo, a link, a
    file that is no photo, or one of another type than its address says."""
    named = image.strip() if isinstance(image, str) else None
    file_id = stored_photo_id(named)
    file = queries.get_file(session, owner_id, file_id) if file_id else None
    if file is None or file.content_type not in PHOTO_TYPES or file.expires_at is not None:
        return None
    png = str(named).endswith(".png")
    return file if png == (file.content_type == "image/png") else None


def drop_unused(runtime: Runtime, session: Session, owner_id: uuid.UUID) -> int:
    """Delete the owner's photos that none of their drafts or versions names (after the change
    that stopped naming them is committed); how many went."""
    unused = queries.unused_photos(session, owner_id, tuple(sorted(PHOTO_TYPES)))
    orphans: list[str] = []
    for file in unused:
        orphans += queries.delete_file(session, owner_id, file.id) or []
    session.commit()
    for key in orphans:
        runtime.blobs.delete(key)
    return len(unused)
