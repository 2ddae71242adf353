"""Downloads are named after the person and the template (issue 19), not ``tailorcv-<uuid>``:
every format of a render, a render of a tailored résumé, a cover letter, a batch's ranking,
and the page that shows a PDF inline; a name in another script keeps its letters in the UTF-8
name (RFC 6266 and RFC 5987), and the ASCII name older clients read leaves out what it cannot
spell."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import pytest

from tests.batch.support import as_file, candidate, submit
from tests.web.accounts import make_account, page_login
from tests.web.conftest import Client
from tests.web.helpers import create_job, create_resume, register, settle


def rendered(
    client: Client, auth: dict[str, str], order: dict[str, Any], url: str = "/api/v1/renders"
) -> dict[str, Any]:
    """The finished task of a render (or a letter) asked for with ``order``."""
    answer = client.post(url, json=order, headers=auth)
    assert answer.status_code in (200, 202), answer.text
    task = settle(client, auth, answer.json()["task"])
    assert task["status"] == "succeeded", task
    return task


def disposition(name: str, ascii_name: str, shown: str = "attachment") -> str:
    return f"{shown}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


@pytest.mark.parametrize(
    ("person", "template", "fmt", "name", "ascii_name"),
    [
        ("Ada Lovelace", "modern", "pdf", "Ada-Lovelace-modern.pdf", "Ada-Lovelace-modern.pdf"),
        ("Zoë Ærøskøbing", "classic", "docx", "Zoë-Ærøskøbing-classic.docx",
         "Zoe-AEroskobing-classic.docx"),
        ("李雷", "compact", "html", "李雷-compact.html", "compact.html"),
        ("Jean-Luc O'Brien", "classic", "txt", "Jean-Luc-O-Brien-classic.txt",
         "Jean-Luc-O-Brien-classic.txt"),
        ("Ada Lovelace", "classic", "md", "Ada-Lovelace-classic.md", "Ada-Lovelace-classic.md"),
    ],
)  # fmt: skip
def test_a_render_is_named_after_the_person_and_the_template(
    inline_client: Client, person: str, template: str, fmt: str, name: str, ascii_name: str
) -> None:
    client = inline_client
    auth = register(client)
    resume_id = create_resume(client, auth, name=person)["id"]
    order = {"resume_id": resume_id, "template": template, "format": fmt}
    task = rendered(client, auth, order)
    answer = client.get(task["result"]["url"], headers=auth)
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == disposition(name, ascii_name)


def test_the_page_that_shows_a_pdf_names_it_too(inline_client: Client) -> None:
    """``/files/{id}`` shows the PDF in the page (``inline``) by the same name."""
    client = inline_client
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    make_account(client, email)
    assert page_login(client, email).status_code == 303
    browser = {"X-CSRF-Token": client.cookies.get("tailorcv_csrf") or ""}
    resume_id = create_resume(client, browser, name="Ada Lovelace")["id"]
    task = rendered(client, browser, {"resume_id": resume_id, "template": "modern"})
    shown = client.get(f"/files/{task['result']['file_id']}")
    assert shown.status_code == 200
    wanted = "Ada-Lovelace-modern.pdf"
    assert shown.headers["content-disposition"] == disposition(wanted, wanted, "inline")


def test_a_tailored_render_and_a_letter_name_the_company(inline_client: Client) -> None:
    client = inline_client
    auth = register(client)
    resume_id = create_resume(client, auth, name="Ada Lovelace")["id"]
    job = create_job(client, auth)
    company = job["company"].replace(" ", "-")
    assert company == "Lumen-Freight"
    tailoring = rendered(
        client, auth, {"resume_id": resume_id, "job_id": job["id"]}, "/api/v1/tailorings"
    )
    version_id = tailoring["result"]["version_id"]
    task = rendered(client, auth, {"version_id": version_id, "template": "modern"})
    answer = client.get(task["result"]["url"], headers=auth)
    wanted = f"Ada-Lovelace-modern-{company}.pdf"
    assert answer.headers["content-disposition"] == disposition(wanted, wanted)
    order = {"resume_id": resume_id, "job_id": job["id"], "format": "docx"}
    letter = rendered(client, auth, order, "/api/v1/letters")
    answer = client.get(letter["result"]["url"], headers=auth)
    wanted = f"Ada-Lovelace-cover-letter-{company}.docx"
    assert answer.headers["content-disposition"] == disposition(wanted, wanted)


def test_a_resume_without_a_name_is_named_after_its_title(inline_client: Client) -> None:
    client = inline_client
    auth = register(client)
    resume_id = create_resume(client, auth, name="")["id"]
    task = rendered(client, auth, {"resume_id": resume_id, "format": "txt"})
    answer = client.get(task["result"]["url"], headers=auth)
    wanted = "Main-classic.txt"
    assert answer.headers["content-disposition"] == disposition(wanted, wanted)


def test_a_ranking_is_named_after_its_batch(client: Client) -> None:
    auth = register(client)
    files = [as_file("ann.json", candidate("Ann Example"))]
    batch = submit(client, auth, files, title="Platform Engineer, Lumen").json()["batch"]
    answer = client.get(f"/api/v1/batches/{batch['id']}/ranking.csv", headers=auth)
    assert answer.status_code == 200, answer.text
    wanted = "Platform-Engineer-Lumen-ranking.csv"
    assert answer.headers["content-disposition"] == disposition(wanted, wanted)
