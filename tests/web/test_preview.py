"""The editor's live preview over HTTP (issue 19): the posted form laid out page by page, not
saved, bounded and counted as a render is, and cached per user only."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tailorcv.render.typst import MAX_CHARS
from tests.web.accounts import bearer, form_token, make_account, page_login
from tests.web.conftest import Client
from tests.web.helpers import assert_problem, create_resume


@dataclass
class Editor:
    """A signed-in browser's view of one résumé's editor: its id, form token and API header."""

    client: Client
    resume_id: str
    token: str
    auth: dict[str, str]

    def preview(self, **fields: str) -> httpx.Response:
        data = {"csrf_token": self.token, "title": "Main", **fields}
        return self.client.post(f"/resumes/{self.resume_id}/preview", data=data)

    def draft(self) -> dict[str, Any]:
        answer = self.client.get(f"/api/v1/resumes/{self.resume_id}", headers=self.auth)
        body: dict[str, Any] = answer.json()["resume"]
        return body


def open_editor(client: Client) -> Editor:
    email = f"preview-{uuid.uuid4().hex[:8]}@example.com"
    make_account(client, email)
    auth = bearer(client, email)
    created = create_resume(client, auth)
    assert page_login(client, email).status_code == 303
    path = f"/resumes/{created['id']}"
    return Editor(client, created["id"], form_token(client, path), auth)


def pages(answer: httpx.Response) -> list[dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["pages"]
    return found


def picture(page: dict[str, Any]) -> bytes:
    png = base64.b64decode(page["png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return png


def test_the_posted_form_is_laid_out_and_not_saved(client: Client) -> None:
    editor = open_editor(client)
    answer = editor.preview(**{"basics.name": "Preview Person"})
    shown = pages(answer)
    assert shown, "at least one page"
    png = picture(shown[0])
    assert (shown[0]["width"], shown[0]["height"]) == (794, 1123)  # A4 at 96 ppi
    assert int.from_bytes(png[16:20], "big") == 794  # the picture's own header says so
    assert answer.json()["template"] == "classic"
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Content-Encoding"] == "gzip"
    assert editor.draft()["basics"]["name"] == "Maya Lindqvist"  # what was saved, unchanged


def test_the_pages_are_drawn_for_the_pane_s_width(client: Client) -> None:
    """No more pixels than the pane shows: 430 device pixels wide is 60 ppi (in steps of 12)."""
    editor = open_editor(client)
    narrow = pages(editor.preview(pane="430"))[0]
    assert (narrow["width"], narrow["height"]) == (496, 702)  # 8.27 × 11.69 in at 60 ppi
    assert int.from_bytes(picture(narrow)[16:20], "big") == 496
    assert pages(editor.preview(pane="9999"))[0]["width"] == 992  # at most 120 ppi


def test_a_change_gives_new_pages_and_held_ones_are_named_not_sent(client: Client) -> None:
    editor = open_editor(client)
    first = pages(editor.preview(**{"basics.name": "One"}))
    again = editor.preview(**{"basics.name": "One"}, have=first[0]["digest"])
    assert again.headers["X-Preview-Cache"] == "hit"
    assert next((p["digest"], p["png"]) for p in pages(again)) == (first[0]["digest"], None)
    changed = pages(editor.preview(**{"basics.name": "Two"}, have=first[0]["digest"]))
    assert changed[0]["digest"] != first[0]["digest"]
    assert picture(changed[0]) != picture(first[0])


def test_the_design_panel_s_paper_changes_the_page_s_shape(client: Client) -> None:
    editor = open_editor(client)
    panel = {"meta.design._panel": "1"}
    a4 = pages(editor.preview(**panel, **{"meta.design.paper": "a4"}))[0]
    letter = pages(editor.preview(**panel, **{"meta.design.paper": "letter"}))[0]
    assert round(a4["height"] / a4["width"], 2) == 1.41  # 297 / 210
    assert round(letter["height"] / letter["width"], 2) == 1.29  # 11 / 8.5
    modern = pages(editor.preview(**panel, **{"meta.template": "modern"}))[0]
    assert modern["digest"] != a4["digest"]


def test_a_bad_field_is_refused_with_its_path(client: Client) -> None:
    editor = open_editor(client)
    answer = editor.preview(**{"meta.design._panel": "1", "meta.design.fontSize": "99"})
    body = assert_problem(answer, 422)
    assert [e["path"] for e in body["errors"]] == ["meta.design.fontSize"]
    answer = editor.preview(**{"work[0]._from": "0", "work[0].startDate": "last spring"})
    assert [e["path"] for e in assert_problem(answer, 422)["errors"]] == ["work[0].startDate"]


def test_a_document_over_the_render_bounds_is_refused_before_a_render(client: Client) -> None:
    editor = open_editor(client)
    answer = editor.preview(**{"basics.summary": "word " * (MAX_CHARS // 5 + 1)})
    assert f"{MAX_CHARS:,}" in assert_problem(answer, 400)["detail"]


def test_another_users_resume_is_not_found(client: Client) -> None:
    mine, theirs = open_editor(client), open_editor(client)  # the client is signed in as theirs
    answer = client.post(f"/resumes/{mine.resume_id}/preview", data={"csrf_token": theirs.token})
    assert answer.status_code == 404
    assert "Maya" not in answer.text


def test_a_preview_without_the_form_token_is_refused(client: Client) -> None:
    editor = open_editor(client)
    answer = client.post(f"/resumes/{editor.resume_id}/preview", data={"title": "x"})
    assert answer.status_code == 403


def test_the_cache_is_never_shared_between_users(client: Client) -> None:
    first = open_editor(client)
    made = first.preview()
    assert made.headers["X-Preview-Cache"] == "miss"
    assert first.preview().headers["X-Preview-Cache"] == "hit"
    second = open_editor(client)  # an equal document, another owner
    again = second.preview()
    assert again.headers["X-Preview-Cache"] == "miss"
    assert pages(again) == pages(made)  # rendered again, to the same bytes


def test_previews_have_their_own_limit_and_a_cached_one_takes_nothing(
    make_client: Callable[..., Client],
) -> None:
    """With one export a minute, thirty previews a minute; the export is still there after."""
    client = make_client(ratelimit_export="1/minute")
    editor = open_editor(client)
    for n in range(30):
        assert editor.preview(**{"basics.name": f"Name {n}"}).status_code == 200
    refused = editor.preview(**{"basics.name": "One too many"})
    assert "preview rate limit" in assert_problem(refused, 429)["detail"]
    assert int(refused.headers["Retry-After"]) >= 1
    assert editor.preview(**{"basics.name": "Name 7"}).headers["X-Preview-Cache"] == "hit"
    order = {"resume_id": editor.resume_id, "format": "pdf"}
    assert client.post("/api/v1/renders", json=order, headers=editor.auth).status_code == 202
