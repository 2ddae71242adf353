"""The résumé photo over HTTP (issue 19): stored as the owner's file, named in ``basics.image``,
served to its owner only, refused in words when it is no usable picture, and deleted when it is
replaced, removed or its account goes, unless something of the owner's still shows it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tailorcv.ops.settings import Settings
from tailorcv.service.photo_lookup import photo_bytes
from tailorcv.service.photo_store import ADDRESS
from tests.ingest.pictures import GPS_IFD, exif_of, phone_jpeg, png_bomb, truncated_jpeg
from tests.web.accounts import bearer, form_token, make_account, page_login
from tests.web.conftest import Client
from tests.web.helpers import create_resume, stored, storing_clients

HTMX = {"HX-Request": "true"}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    return tmp_path / "files"


@pytest.fixture
def build(
    make_client: Callable[..., Client], files: Path, settings: Settings
) -> Callable[..., Client]:
    return storing_clients(make_client, files, settings, inline=False)


@dataclass
class Owner:
    client: Client
    email: str
    resume_id: str
    token: str
    auth: dict[str, str]

    def upload(self, data: bytes, name: str = "me.jpg", **options: Any) -> httpx.Response:
        return self.client.post(
            f"/resumes/{self.resume_id}/photo",
            data={"csrf_token": self.token},
            files={"photo": (name, data, "image/jpeg")},
            **options,
        )

    def remove(self) -> httpx.Response:
        path = f"/resumes/{self.resume_id}/photo/remove"
        return self.client.post(path, data={"csrf_token": self.token})

    def preview(self, **fields: str) -> str:
        """The digest of the first page the editor's preview shows for its form's ``fields``."""
        data = {"csrf_token": self.token, **fields}
        answer = self.client.post(f"/resumes/{self.resume_id}/preview", data=data)
        assert answer.status_code == 200, answer.text
        digest: str = answer.json()["pages"][0]["digest"]
        return digest

    def image(self) -> str | None:
        answer = self.client.get(f"/api/v1/resumes/{self.resume_id}", headers=self.auth)
        found: str | None = answer.json()["resume"]["basics"].get("image")
        return found

    def commit(self) -> None:
        path = f"/api/v1/resumes/{self.resume_id}/versions"
        assert self.client.post(path, headers=self.auth).status_code == 201


def sign_up(client: Client) -> Owner:
    email = f"photo-{uuid.uuid4().hex[:8]}@example.com"
    make_account(client, email)
    auth = bearer(client, email)
    created = create_resume(client, auth)
    assert page_login(client, email).status_code == 303
    token = form_token(client, f"/resumes/{created['id']}")
    return Owner(client, email, created["id"], token, auth)


def test_a_photo_is_stored_named_in_the_draft_and_served_to_its_owner_only(
    build: Callable[..., Client],
) -> None:
    client = build()
    owner = sign_up(client)
    answer = owner.upload(phone_jpeg())
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("#design")
    image = owner.image()
    assert image is not None
    assert ADDRESS.match(image), image
    served = client.get(image)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert "private" in served.headers["cache-control"]
    assert exif_of(served.content) == {}  # the GPS position is gone
    editor = client.get(f"/resumes/{owner.resume_id}")
    assert f'src="{image}"' in editor.text  # the design panel shows it
    sign_up(client)  # now signed in as someone else
    assert client.get(image).status_code == 404
    client.cookies.clear()
    assert client.get(image).status_code == 303  # to the log-in page


def test_the_preview_shows_the_photo_unless_it_is_hidden(build: Callable[..., Client]) -> None:
    """The preview's pages are the render's: the uploaded photo in the header, and none when
    "Show the photo" is unticked in the design panel (which then posts no showPhoto)."""
    client = build()
    owner = sign_up(client)
    without = owner.preview()
    owner.upload(phone_jpeg())
    assert owner.preview() != without
    assert owner.preview(**{"meta.design._panel": "1", "meta.design.paper": "a4"}) == without


def test_the_stored_photo_resolves_for_its_owner_only(build: Callable[..., Client]) -> None:
    """What the renderers call: the bytes of ``basics.image`` when it is the owner's photo."""
    client = build()
    owner = sign_up(client)
    owner.upload(phone_jpeg())
    image, services = str(owner.image()), client.app.state.services
    served = client.get(image).content
    other = sign_up(client)
    mine, theirs = _user_id(client, owner.auth), _user_id(client, other.auth)
    with services.sessions() as session:
        assert photo_bytes(session, services.blobs, mine, image) == served
        assert photo_bytes(session, services.blobs, theirs, image) is None
        assert photo_bytes(session, services.blobs, mine, "https://example.com/me.jpg") is None
        assert photo_bytes(session, services.blobs, mine, image.replace(".jpg", ".png")) is None


def _user_id(client: Client, auth: dict[str, str]) -> uuid.UUID:
    return uuid.UUID(client.get("/api/v1/me", headers=auth).json()["id"])


@pytest.mark.parametrize(
    ("upload", "said"),
    [
        (b"just some words, not a picture" * 20, "not a JPEG, PNG or WebP"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF", "this is a PDF"),
        (png_bomb(), "more than 50 million pixels"),
        (truncated_jpeg(), "damaged or cut short"),
    ],
    ids=["not-an-image", "pdf-named-jpg", "bomb-20000x20000", "truncated-jpeg"],
)
def test_no_usable_picture_is_refused_in_words_beside_the_control(
    build: Callable[..., Client], files: Path, upload: bytes, said: str
) -> None:
    client = build()
    owner = sign_up(client)
    answer = owner.upload(upload, headers=HTMX)
    assert answer.status_code == 422
    assert 'id="photo-error"' in answer.text
    assert said.lower() in answer.text.lower()
    assert owner.image() is None
    assert stored(files) == set()


def test_a_photo_over_the_size_limit_is_refused(build: Callable[..., Client], files: Path) -> None:
    client = build()
    owner = sign_up(client)
    answer = owner.upload(b"\xff\xd8\xff" + bytes(10 * 1024 * 1024), headers=HTMX)
    assert answer.status_code == 413
    assert "over" in answer.text
    assert owner.image() is None
    assert stored(files) == set()


def test_a_photo_counts_against_the_storage_allowance(build: Callable[..., Client]) -> None:
    client = build(storage_per_user_bytes=12_000)  # the example résumé takes about 10 kB
    owner = sign_up(client)
    answer = owner.upload(phone_jpeg(), headers=HTMX)
    assert answer.status_code == 413
    assert "storage limit" in answer.text
    assert owner.image() is None


def test_a_replaced_photo_is_deleted_unless_a_version_shows_it(
    build: Callable[..., Client], files: Path
) -> None:
    client = build()
    owner = sign_up(client)
    owner.upload(phone_jpeg(1200, 900))
    first = owner.image()
    owner.upload(phone_jpeg(1000, 900))
    second = owner.image()
    assert first
    assert second
    assert first != second
    assert client.get(first).status_code == 404  # replaced, shown nowhere: deleted
    assert len(stored(files)) == 1
    owner.commit()  # a version shows the second photo now
    owner.upload(phone_jpeg(900, 900))
    assert client.get(second).status_code == 200
    assert len(stored(files)) == 2


def test_removing_the_photo_takes_it_out_and_deletes_it(
    build: Callable[..., Client], files: Path
) -> None:
    client = build()
    owner = sign_up(client)
    owner.upload(phone_jpeg())
    image = owner.image()
    answer = owner.remove()
    assert answer.status_code == 303
    assert owner.image() is None
    assert client.get(str(image)).status_code == 404
    assert stored(files) == set()


def test_a_deleted_resume_takes_its_photo_unless_another_shows_it(
    build: Callable[..., Client], files: Path
) -> None:
    client = build()
    owner = sign_up(client)
    upload = phone_jpeg()
    owner.upload(upload)
    image = str(owner.image())
    other = create_resume(client, owner.auth)
    other_editor = Owner(client, owner.email, other["id"], owner.token, owner.auth)
    other_editor.upload(upload)  # the same picture: the same file, named by both résumés
    assert other_editor.image() == image
    path = f"/api/v1/resumes/{owner.resume_id}"
    assert client.delete(path, headers=owner.auth).status_code == 204
    assert client.get(image).status_code == 200  # the other résumé still shows it
    assert client.delete(f"/api/v1/resumes/{other['id']}", headers=owner.auth).status_code == 204
    assert client.get(image).status_code == 404
    assert stored(files) == set()


def test_photos_go_with_the_account(build: Callable[..., Client], files: Path) -> None:
    client = build()
    owner = sign_up(client)
    owner.upload(phone_jpeg())
    assert len(stored(files)) == 1
    assert client.delete("/api/v1/me", headers=owner.auth).status_code == 204
    assert stored(files) == set()


def test_the_gps_position_is_gone_from_what_is_stored(
    build: Callable[..., Client], files: Path
) -> None:
    client = build()
    owner = sign_up(client)
    upload = phone_jpeg()
    assert exif_of(upload)[GPS_IFD]
    owner.upload(upload)
    (key,) = stored(files)
    blob = next(files.glob(f"??/??/{key}")).read_bytes()
    assert exif_of(blob) == {}
    assert b"PhoneMaker" not in blob
