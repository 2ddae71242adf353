"""Tasks are named in people's words wherever they are listed (issue 19): "Rendering a PDF of
‘Main’ (modern)", "Reading cv.json", "Tailoring ‘Main’ to Senior Platform Engineer at Lumen
Freight", never ``render`` or ``batch_item``; a name says only what its owner owns."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from tailorcv.service.task_names import task_names
from tailorcv.store import queries
from tailorcv.store.models import Task
from tests.batch.support import as_file, candidate, submit
from tests.web.accounts import make_account, page_login
from tests.web.conftest import Client
from tests.web.helpers import RESUME, create_job, create_resume, register, settle

ROW = re.compile(r'<td class="task-name">([^<]*)</td>')


def browser(client: Client) -> dict[str, str]:
    """A new account logged in with the page's cookie; the header the API's writes need."""
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    make_account(client, email)
    assert page_login(client, email).status_code == 303
    return {"X-CSRF-Token": client.cookies.get("tailorcv_csrf") or ""}


def done(client: Client, auth: dict[str, str], url: str, **order: Any) -> dict[str, Any]:
    answer = client.post(url, json=order, headers=auth)
    assert answer.status_code in (200, 202), answer.text
    task: dict[str, Any] = settle(client, auth, answer.json()["task"])
    return task


def test_the_dashboard_names_each_task_in_words(inline_client: Client) -> None:
    client = inline_client
    auth = browser(client)
    upload = {"file": ("cv.json", json.dumps(RESUME).encode(), "application/json")}
    imported = client.post("/api/v1/imports", files=upload, headers=auth)
    settle(client, auth, imported.json()["task"])
    resume_id = create_resume(client, auth)["id"]
    job_id = create_job(client, auth)["id"]
    done(client, auth, "/api/v1/renders", resume_id=resume_id, template="modern")
    done(client, auth, "/api/v1/renders", resume_id=resume_id, format="docx")
    done(client, auth, "/api/v1/tailorings", resume_id=resume_id, job_id=job_id)
    done(client, auth, "/api/v1/letters", resume_id=resume_id, job_id=job_id)
    files = [as_file("ann.json", candidate("Ann Example"))]
    assert submit(client, auth, files, title="Platform team").status_code == 202
    names = ROW.findall(client.get("/dashboard/tasks").text)
    job = "Senior Platform Engineer at Lumen Freight"
    assert names == [
        "Scoring 1 candidate for ‘Platform team’",
        f"Writing a cover letter from ‘Main’ for {job}",
        f"Tailoring ‘Main’ to {job}",
        "Rendering a Word document of ‘Main’ (classic)",
        "Rendering a PDF of ‘Main’ (modern)",
        "Reading cv.json",
    ]
    assert names == ROW.findall(client.get("/dashboard").text)


def test_a_render_of_a_tailored_version_says_for_which_job(inline_client: Client) -> None:
    client = inline_client
    auth = register(client)
    resume_id = create_resume(client, auth)["id"]
    job_id = create_job(client, auth)["id"]
    tailored = done(client, auth, "/api/v1/tailorings", resume_id=resume_id, job_id=job_id)
    version_id = tailored["result"]["version_id"]
    render = done(client, auth, "/api/v1/renders", version_id=version_id)
    with client.app.state.services.sessions() as session:
        task = session.get(Task, uuid.UUID(render["id"]))
        assert task is not None
        named = task_names(session, [task])[task.id]
    assert named == (
        "Rendering a PDF of ‘Main’ tailored to Senior Platform Engineer at Lumen Freight (classic)"
    )


def test_a_name_says_nothing_of_another_accounts_resume(client: Client) -> None:
    ada, eve = register(client), register(client)
    version_id = create_resume(client, ada)["version_id"]
    eve_id = uuid.UUID(client.get("/api/v1/me", headers=eve).json()["id"])
    with client.app.state.services.sessions() as session:
        task = queries.create_task(session, eve_id, "render", {"version_id": version_id})
        session.commit()
        assert task_names(session, [task]) == {
            task.id: "Rendering a PDF of a deleted résumé (classic)"
        }


def test_a_deleted_resume_and_an_old_payload_still_have_a_name(client: Client) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    job_id = create_job(client, auth)["id"]
    owner = uuid.UUID(client.get("/api/v1/me", headers=auth).json()["id"])
    with client.app.state.services.sessions() as session:
        tailor = queries.create_task(
            session, owner, "tailor", {"version_id": created["version_id"], "job_id": job_id}
        )
        odd = queries.create_task(session, owner, "render", {"something": "else"})
        session.commit()
    assert client.delete(f"/api/v1/resumes/{created['id']}", headers=auth).status_code == 204
    assert client.delete(f"/api/v1/jobs/{job_id}", headers=auth).status_code == 204
    with client.app.state.services.sessions() as session:
        names = task_names(session, [tailor, odd])
    assert names == {
        tailor.id: "Tailoring a deleted résumé to a deleted job",
        odd.id: "Rendering a résumé",
    }
