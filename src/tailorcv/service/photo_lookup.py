"""The photo a résumé names, found for a render among the files its owner stores here.

``basics.image`` may name a photo this server stores, ``/photos/<file id>.jpg`` (or ``.png``):
an upload already normalised (at most 800 pixels, no EXIF, at most 300 kB). Renders read its
bytes through the owner's file rows, so a résumé cannot show another user's photo by naming it.
Anything else in ``basics.image`` (an http(s) URL above all) is never fetched: servers may have
no way out, and fetching an address a user typed would let them probe the network from ours.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tailorcv.errors import BlobNotFound
from tailorcv.service import photo_store
from tailorcv.store.models import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tailorcv.resume.model import Resume
    from tailorcv.store.blobs import BlobStore


def stored_photo_id(image: str | None) -> uuid.UUID | None:
    """The file id in ``/photos/<file id>.jpg``, or ``None`` when ``image`` names no photo of
    ours (a remote URL, a path of another shape, nothing)."""
    found = photo_store.ADDRESS.match((image or "").strip())
    return uuid.UUID(found["id"]) if found else None


def stored_photo(
    session: Session, blobs: BlobStore, owner_id: uuid.UUID, resume: Resume
) -> bytes | None:
    """The bytes of the résumé's photo when it names one that ``owner_id`` stores here and the
    owner shows it (``meta.design.showPhoto`` is not false); ``None`` otherwise, and the render
    goes on without a photo."""
    if resume.design.show_photo is False:
        return None
    return photo_bytes(session, blobs, owner_id, resume.basics.image)


def photo_bytes(
    session: Session, blobs: BlobStore, owner_id: uuid.UUID, image: str | None
) -> bytes | None:
    """The bytes of the photo ``image`` names when ``owner_id`` stores it here, else ``None``."""
    file = photo_store.photo_file(session, owner_id, image)
    if file is None:
        return None
    if file.expires_at is not None and _aware(file.expires_at) <= utcnow():
        return None
    try:
        return blobs.get(file.key)
    except BlobNotFound:
        return None


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
