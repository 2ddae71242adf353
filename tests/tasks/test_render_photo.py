"""A render shows the photo ``basics.image`` names when its owner stores it here (issue 19):
``/photos/<file id>.jpg`` is read through the owner's file rows, never another user's, and a
remote address is never fetched."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from tailorcv.service.runtime import runtime_for
from tailorcv.store import queries
from tailorcv.store.models import Task
from tailorcv.tasks import InlineDispatcher
from tests.tasks.conftest import (
    FAST,
    Seeded,
    example_resume,
    submit,
    task_row,
)

PHOTO = (Path(__file__).parents[1] / "data" / "render" / "photo.jpg").read_bytes()


def stored_photo(
    seeded: Seeded, content_type: str = "image/jpeg", owner: uuid.UUID | None = None
) -> uuid.UUID:
    ctx = runtime_for(seeded.settings)
    key = ctx.blobs.put(PHOTO)
    with ctx.sessions() as session, session.begin():
        owner_id = owner or seeded.user_id
        return queries.add_file(session, owner_id, key, content_type, len(PHOTO)).id


def rendered(seeded: Seeded, image: str, **design: object) -> bytes:
    """The PDF of the seeded user's résumé with ``basics.image`` set, rendered by a task."""
    document = example_resume()
    document["basics"]["image"] = image
    document["meta"] = {"design": design}
    ctx = runtime_for(seeded.settings)
    with ctx.sessions() as session, session.begin():
        version = queries.add_version(session, seeded.user_id, seeded.resume_id, "draft", document)
        assert version is not None
        version_id = version.id
    task_id = submit(seeded, "render", {"version_id": str(version_id), "format": "pdf"})
    InlineDispatcher(seeded.settings, FAST).enqueue(task_id, "render")
    task: Task = task_row(seeded.settings, task_id)
    assert task.status == "succeeded", task.error
    assert task.result is not None
    with ctx.sessions() as session:
        file = queries.get_file(session, seeded.user_id, uuid.UUID(task.result["file_id"]))
        assert file is not None
        return ctx.blobs.get(file.key)


def has_image(pdf: bytes) -> bool:
    return re.search(rb"/Subtype\s*/Image\b", pdf) is not None


def test_a_photo_the_owner_stores_is_shown(seeded: Seeded) -> None:
    file_id = stored_photo(seeded)
    assert has_image(rendered(seeded, f"/photos/{file_id}.jpg"))
    assert not has_image(rendered(seeded, f"/photos/{file_id}.jpg", showPhoto=False))


def test_another_users_photo_is_not_shown(seeded: Seeded) -> None:
    with runtime_for(seeded.settings).sessions() as session, session.begin():
        other = queries.create_user(session, f"{uuid.uuid4().hex[:8]}@example.com", "x").id
    foreign = stored_photo(seeded, owner=other)
    assert not has_image(rendered(seeded, f"/photos/{foreign}.jpg"))
    assert has_image(rendered(seeded, f"/photos/{stored_photo(seeded)}.jpg"))


def test_a_file_that_is_no_photo_and_a_remote_address_are_left_out(seeded: Seeded) -> None:
    not_a_photo = stored_photo(seeded, content_type="application/pdf")
    assert not has_image(rendered(seeded, f"/photos/{not_a_photo}.jpg"))
    assert not has_image(rendered(seeded, "https://example.com/me.jpg"))
    assert not has_image(rendered(seeded, f"/photos/{uuid.uuid4()}.png"))
