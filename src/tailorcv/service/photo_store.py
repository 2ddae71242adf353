"""Where a résumé's photo is kept (issue 19): its address, the owner's file it names, its bytes
for a renderer, and deleting the photos nothing names any more.

A photo is a file of its owner (a JPEG or PNG kept with no expiry) named in a draft's
``basics.image`` as ``/photos/<file id>.jpg``: the one address every output and page resolves,
for the résumé's owner only. Replacing or removing a photo (``service.photos``) and deleting a
résumé (``service.resumes``) leave photos that nothing may name any more: ``drop_unused``
deletes those no draft or version of the owner names.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy.orm import Session

from tailorcv.service.runtime import Runtime
from tailorcv.store import queries
from tailorcv.store.models import File

ADDRESS = re.compile(
    r"^/photos/(?P<id>[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})\.(?P<ext>jpg|png)$"
)
TYPES = {"jpg": "image/jpeg", "png": "image/png"}


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


def drop_unused(runtime: Runtime, session: Session, owner_id: uuid.UUID) -> int:
    """Delete the owner's photos that none of their drafts or versions names (after the change
    that stopped naming them is committed); how many went."""
    unused = queries.unused_photos(session, owner_id, tuple(TYPES.values()))
    orphans = [
        key for file in unused for key in queries.delete_file(session, owner_id, file.id) or []
    ]
    session.commit()
    for key in orphans:
        runtime.blobs.delete(key)
    return len(unused)
