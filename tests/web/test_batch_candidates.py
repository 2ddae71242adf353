"""A batch's candidates belong to the batch (issue 19): tailoring its top candidates makes résumés
that no list or picker of the owner's own résumés shows, that the batch reaches, and that go
with the batch when it is deleted or expires, or with the account. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from tailorcv.ops.settings import Settings
from tailorcv.service.runtime import runtime_for
from tailorcv.store.db import make_engine, make_sessions
from tailorcv.store.models import Batch, File, Resume, Version, utcnow
from tailorcv.tasks.cleanup import cleanup_everyone
from tests.batch.support import STRONG, as_file, candidate, report, submit
from tests.web.conftest import Client
from tests.web.helpers import PASSWORD, assert_problem, create_resume

NAMES = ("Ada Lovelace", "Bob Stone", "Cy Young")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def owner(client: Client) -> dict[str, str]:
    """A new account, signed in by API token and, in the client's cookie jar, for the pages."""
    email = f"recruiter-{uuid.uuid4().hex[:8]}@example.com"
    credentials = {"email": email, "password": PASSWORD}
    assert client.post("/api/v1/auth/register", json=credentials).status_code == 202
    logged_in = client.post("/api/v1/auth/login", json=credentials)
    assert logged_in.status_code == 200, logged_in.text
    return {"Authorization": f"Bearer {logged_in.json()['token']}"}


def tailored_batch(client: Client, auth: dict[str, str]) -> tuple[str, list[dict[str, Any]]]:
    """A batch of three candidates read from files, its top two tailored and rendered; the
    batch's id and the tailorings of its ranked rows."""
    files = [
        as_file("ada.json", candidate(NAMES[0])),
        as_file("bob.json", candidate(NAMES[1], skills=["Excel"], bare=True)),
        as_file("cy.json", candidate(NAMES[2], skills=STRONG)),
    ]
    batch_id = submit(client, auth, files).json()["batch"]["id"]
    tailored = client.post(f"/api/v1/batches/{batch_id}/tailor", json={"top": 2}, headers=auth)
    assert tailored.status_code == 202, tailored.text
    rows = report(client, auth, batch_id)["ranking"]["ranked"]  # the read queues the renders
    return batch_id, [row["tailoring"] for row in rows if row["tailoring"]]


def rows_of(settings: Settings, model: Any) -> list[Any]:
    engine = make_engine(settings)
    try:
        with make_sessions(engine)() as session:
            return list(session.scalars(select(model)))
    finally:
        engine.dispose()


def test_tailored_candidates_are_not_among_the_owners_resumes(inline_client: Client) -> None:
    client = inline_client
    auth = owner(client)
    mine = create_resume(client, auth, name="Rita Recruiter")
    batch_id, tailorings = tailored_batch(client, auth)
    assert len(tailorings) == 2
    listed = client.get("/api/v1/resumes", headers=auth).json()["items"]
    assert [item["id"] for item in listed] == [mine["id"]]
    candidates = [t["resume_id"] for t in tailorings]
    for page in ("/dashboard", "/templates", "/tailor", "/letters", "/suggestions", "/batches"):
        text = client.get(page).text
        assert mine["id"] in text, f"my résumé is not offered on {page}"
        for resume_id in candidates:  # neither listed, linked nor offered in a picker
            assert resume_id not in text, f"a candidate's résumé is offered on {page}"
    # ... but the batch reaches them: each candidate's résumé, its tailored version and PDF.
    for tailoring in tailorings:
        resume = client.get(f"/api/v1/resumes/{tailoring['resume_id']}", headers=auth)
        assert resume.status_code == 200
        assert resume.json()["resume"]["basics"]["name"] in NAMES
        assert tailoring["version_id"]
        assert tailoring["file_id"]
    item_id = report(client, auth, batch_id)["ranking"]["ranked"][0]["id"]
    detail = client.get(f"/api/v1/batches/{batch_id}/candidates/{item_id}", headers=auth).json()
    assert detail["candidate"]["candidate"] == "Cy Young"
    assert detail["matched_required"]
    assert detail["parts"]
    assert detail["candidate"]["tailoring"]["resume_id"] == tailorings[0]["resume_id"]
    page = client.get(f"/batches/{batch_id}/candidates/{item_id}")
    assert page.status_code == 200
    assert f"/api/v1/files/{tailorings[0]['file_id']}" in page.text
    downloaded = client.get(f"/batches/{batch_id}/candidates/{item_id}/tailored.json")
    assert downloaded.json()["basics"]["name"] == "Cy Young"


def test_a_candidates_resume_is_no_candidate_of_another_batch(inline_client: Client) -> None:
    auth = owner(inline_client)
    _batch_id, tailorings = tailored_batch(inline_client, auth)
    again = submit(inline_client, auth, resume_ids=tailorings[0]["resume_id"])
    assert_problem(again, 404)


def test_an_item_of_another_batch_or_owner_is_not_found(inline_client: Client) -> None:
    auth = owner(inline_client)
    batch_id, _tailorings = tailored_batch(inline_client, auth)
    other_batch = submit(inline_client, auth, [as_file("x.json", candidate("Xi Li"))])
    other_item = report(inline_client, auth, other_batch.json()["batch"]["id"])
    item_id = other_item["ranking"]["ranked"][0]["id"]
    url = f"/api/v1/batches/{batch_id}/candidates/{item_id}"
    assert_problem(inline_client.get(url, headers=auth), 404)
    stranger = owner(inline_client)
    mine = report(inline_client, auth, batch_id)["ranking"]["ranked"][0]["id"]
    url = f"/api/v1/batches/{batch_id}/candidates/{mine}"
    assert_problem(inline_client.get(url, headers=stranger), 404)


def test_deleting_a_batch_deletes_its_candidates_resumes_versions_and_pdfs(
    inline_client: Client, settings: Settings
) -> None:
    auth = owner(inline_client)
    mine = create_resume(inline_client, auth)
    batch_id, tailorings = tailored_batch(inline_client, auth)
    candidates = {uuid.UUID(t["resume_id"]) for t in tailorings}
    pdfs = {uuid.UUID(t["file_id"]) for t in tailorings}
    assert candidates <= {r.id for r in rows_of(settings, Resume)}
    assert inline_client.delete(f"/api/v1/batches/{batch_id}", headers=auth).status_code == 204
    assert [str(r.id) for r in rows_of(settings, Resume)] == [mine["id"]]
    assert {v.resume_id for v in rows_of(settings, Version)} == {uuid.UUID(mine["id"])}
    assert not pdfs & {f.id for f in rows_of(settings, File)}
    for resume_id in candidates:
        assert_problem(inline_client.get(f"/api/v1/resumes/{resume_id}", headers=auth), 404)


def test_an_expired_batch_takes_its_candidates_with_it(
    inline_client: Client, settings: Settings
) -> None:
    auth = owner(inline_client)
    mine = create_resume(inline_client, auth)
    tailored_batch(inline_client, auth)
    engine = make_engine(settings)
    with engine.begin() as connection:
        connection.execute(update(Batch).values(expires_at=utcnow() - timedelta(seconds=1)))
    engine.dispose()
    cleanup_everyone(runtime_for(settings))
    assert rows_of(settings, Batch) == []
    assert [str(r.id) for r in rows_of(settings, Resume)] == [mine["id"]]
    assert {v.resume_id for v in rows_of(settings, Version)} == {uuid.UUID(mine["id"])}


def test_the_export_holds_the_candidates_and_erasure_removes_them(
    inline_client: Client, settings: Settings
) -> None:
    auth = owner(inline_client)
    create_resume(inline_client, auth)
    batch_id, tailorings = tailored_batch(inline_client, auth)
    exported = inline_client.get("/api/v1/me/export", headers=auth)
    assert exported.status_code == 200, exported.text
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        kept = [
            json.loads(archive.read(name))
            for name in archive.namelist()
            if name.startswith("resumes/")
        ]
    assert len(kept) == 3
    assert sorted(str(r["batch_id"]) for r in kept if r["batch_id"]) == [batch_id] * 2
    assert {r["id"] for r in kept if r["batch_id"]} == {t["resume_id"] for t in tailorings}
    assert inline_client.delete("/api/v1/me", headers=auth).status_code == 204
    assert rows_of(settings, Resume) == []
    assert rows_of(settings, Version) == []
