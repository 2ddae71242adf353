"""A public page in its owner's design with their photo (issue 19): the HTML carries the accent
as a CSS property and the photo as a data: URI (the page's CSP allows ``img-src data:``), the
worker's PDF shows the photo too, and a photo that is not stored here is never shown."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tailorcv.ops.settings import Settings
from tailorcv.service.published import shown
from tailorcv.store import queries
from tailorcv.store.models import Resume
from tests.web.conftest import Client, RecordingDispatcher
from tests.web.helpers import resume
from tests.web.test_public_render import (
    pages_of,
    publish,
    publish_draft,
    run_queued,
    save_draft,
)

PHOTO = (Path(__file__).parents[1] / "data" / "render" / "photo.jpg").read_bytes()
DESIGN = {"accent": "#8a1c2b", "dateFormat": "long", "sectionOrder": ["skills"]}


def designed(**design: Any) -> dict[str, Any]:
    document = resume()
    document["meta"] = {**document.get("meta", {}), "design": {**DESIGN, **design}}
    return document


def store_photo(client: Client, resume_id: str) -> uuid.UUID:
    """A photo file of the résumé's owner, as an upload would store it."""
    key = client.app.state.services.blobs.put(PHOTO)
    with pages_of(client).sessions() as session, session.begin():
        owner = session.scalars(select(Resume.owner_id).where(Resume.id == uuid.UUID(resume_id)))
        return queries.add_file(session, owner.one(), key, "image/jpeg", len(PHOTO)).id


def test_the_page_is_in_the_owners_design_with_their_photo(
    client: Client, dispatcher: RecordingDispatcher, settings: Settings
) -> None:
    auth, resume_id = publish(client, designed())
    page = client.get("/r/ada").text
    assert "--accent: #8a1c2b;" in page
    assert "<img" not in page
    assert page.index('id="s-skills"') < page.index('id="s-work"')
    photo = f"/photos/{store_photo(client, resume_id)}.jpg"
    save_draft(client, auth, resume_id, image=photo)
    assert "<img" not in client.get("/r/ada").text, "a draft was shown before it was published"
    assert publish_draft(client, auth, resume_id).status_code == 200
    pages_of(client).forget(uuid.UUID(resume_id))
    page = client.get("/r/ada").text
    assert '<img class="photo" src="data:image/jpeg;base64,' in page
    assert client.get("/r/ada.json").json()["basics"]["image"] == photo
    run_queued(dispatcher, settings)
    pdf = client.get("/r/ada.pdf")
    assert pdf.status_code == 200
    assert re.search(rb"/Subtype\s*/Image\b", pdf.content)


def test_a_page_shows_no_photo_it_does_not_store_or_that_is_turned_off() -> None:
    photo = f"/photos/{uuid.uuid4()}.jpg"
    hidden = (False, False, False)
    kept = shown(designed() | {"basics": {"name": "Ada", "image": photo}}, hidden)
    assert kept["basics"]["image"] == photo
    assert kept["meta"]["design"] == DESIGN
    remote = shown({"basics": {"name": "Ada", "image": "https://example.com/me.jpg"}}, hidden)
    assert "image" not in remote["basics"]
    off = shown(designed(showPhoto=False) | {"basics": {"name": "Ada", "image": photo}}, hidden)
    assert "image" not in off["basics"]
