"""A FRESH résumé's own sections (speaking, samples, testimonials …) have no fields in the
editor's form: the form names them, says where to edit them, and a save from the form keeps
them as they were."""

from __future__ import annotations

import re
from typing import Any

from tests.web.conftest import Client
from tests.web.test_resume_safety import draft_of, editor_fields, signed_in

SPEAKING = [{"title": "Queues that lose nothing", "event": "PyCon", "date": "2024"}]
SAMPLES = [{"title": "tailorcv", "url": "https://example.com/tailorcv"}]


def kept_note(page: str) -> str:
    found = re.search(r'<p class="hint" id="kept-sections">(.*?)</p>', page, re.S)
    return re.sub(r"<[^>]+>", "", found[1]) if found else ""


def made(client: Client, auth: dict[str, str], document: dict[str, Any]) -> str:
    answer = client.post(
        "/api/v1/resumes", json={"title": "Main", "resume": document}, headers=auth
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def test_the_form_names_a_fresh_resumes_own_sections_and_a_save_keeps_them(
    client: Client,
) -> None:
    auth, csrf = signed_in(client)
    document = {"basics": {"name": "Ada"}, "speaking": SPEAKING, "samples": SAMPLES}
    resume_id = made(client, auth, document)
    page = client.get(f"/resumes/{resume_id}").text
    assert kept_note(page) == (
        "Also in your résumé, from the FRESH file it came from, and shown in every output: "
        "Speaking, Samples. Edit them in the raw editor."
    )
    fields = {**editor_fields(page), "basics.name": "Ada Lovelace", "move": ""}
    answer = client.post(f"/resumes/{resume_id}/edit", data=fields, headers=csrf)
    assert answer.status_code == 303, answer.text  # saved, back to the editor
    saved = draft_of(client, auth, resume_id)["resume"]
    assert saved["basics"]["name"] == "Ada Lovelace"
    assert (saved["speaking"], saved["samples"]) == (SPEAKING, SAMPLES)


def test_a_resume_without_them_has_no_note(client: Client) -> None:
    auth, _ = signed_in(client)
    resume_id = made(client, auth, {"basics": {"name": "Ada"}})
    assert kept_note(client.get(f"/resumes/{resume_id}").text) == ""
