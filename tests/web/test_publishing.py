"""Publishing a version (issue 19): the API's choice of version, the page's state, the answers a
browser and an API client get where there is no page, and the forms' redirect-after-POST."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.web.accounts import FIELD
from tests.web.conftest import Client
from tests.web.helpers import PASSWORD, assert_problem, create_resume, resume

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
JSON = {"Accept": "application/json"}


def signed_in(client: Client) -> dict[str, str]:
    """A new account: its bearer header, and its session cookie in the client's jar."""
    email = f"owner-{uuid.uuid4().hex[:8]}@example.com"
    credentials = {"email": email, "password": PASSWORD}
    assert client.post("/api/v1/auth/register", json=credentials).status_code == 202
    answer = client.post("/api/v1/auth/login", json=credentials)
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def versions(client: Client, auth: dict[str, str], resume_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get(
        f"/api/v1/resumes/{resume_id}/versions", headers=auth
    ).json()["items"]
    return found


def save(client: Client, auth: dict[str, str], resume_id: str, label: str) -> None:
    document = resume(label=label)
    answer = client.put(f"/api/v1/resumes/{resume_id}", json={"resume": document}, headers=auth)
    assert answer.status_code == 200, answer.text


def test_publishing_keeps_the_draft_as_a_version_once(client: Client) -> None:
    auth = signed_in(client)
    created = create_resume(client, auth)
    url = f"/api/v1/resumes/{created['id']}/publish"
    assert_problem(client.get(url, headers=auth), 404)  # not published yet
    save(client, auth, created["id"], "Engine designer")
    before = versions(client, auth, created["id"])
    page = client.put(url, json={"slug": "ada"}, headers=auth).json()
    after = versions(client, auth, created["id"])
    assert len(after) == len(before) + 1
    assert (after[0]["id"], after[0]["kind"]) == (page["version_id"], "commit")
    assert page["draft_changed"] is False
    again = client.put(url, json={"slug": "ada"}, headers=auth).json()
    assert again["version_id"] == after[0]["id"]
    assert len(versions(client, auth, created["id"])) == len(after), "an equal draft kept twice"
    assert client.get(url, headers=auth).json() == {**page, "view_count": 0}


def test_an_older_version_can_be_published_and_only_this_resumes(client: Client) -> None:
    auth = signed_in(client)
    created = create_resume(client, auth)
    first = created["version_id"]
    save(client, auth, created["id"], "Engine designer")
    url = f"/api/v1/resumes/{created['id']}/publish"
    page = client.put(url, json={"slug": "ada", "version_id": first}, headers=auth).json()
    assert (page["version_id"], page["draft_changed"]) == (first, True)
    assert "Engine designer" not in client.get("/r/ada").text
    other = create_resume(client, auth)
    foreign = {"slug": "ada", "version_id": other["version_id"]}
    assert_problem(client.put(url, json=foreign, headers=auth), 404)
    stranger = signed_in(client)
    theirs = create_resume(client, stranger)
    foreign = {"slug": "ada", "version_id": theirs["version_id"]}
    assert_problem(client.put(url, json=foreign, headers=auth), 404)
    assert client.get(url, headers=auth).json()["version_id"] == first


def test_publishing_another_version_needs_a_published_page(client: Client) -> None:
    auth = signed_in(client)
    created = create_resume(client, auth)
    url = f"/api/v1/resumes/{created['id']}/publish"
    assert_problem(client.post(f"{url}/version", json={}, headers=auth), 409)
    client.put(url, json={"slug": "ada"}, headers=auth)
    client.delete(url, headers=auth)
    assert_problem(client.get(url, headers=auth), 404)
    assert client.get("/r/ada").status_code == 404


# Where there is no page, and the page's own link to its PDF


def test_no_page_here_is_a_styled_page_for_a_browser_and_a_problem_for_json(
    client: Client,
) -> None:
    auth = signed_in(client)
    created = create_resume(client, auth)
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    body = {"slug": "gone", "expires_at": past}
    client.put(f"/api/v1/resumes/{created['id']}/publish", json=body, headers=auth)
    for address in ("/r/nobody", "/r/nobody.json", "/r/nobody.pdf", "/r/gone"):
        page = client.get(address, headers=HTML)
        assert page.status_code == 404
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert "<style>" in page.text
        assert 'class="mark"' in page.text
        assert "No page here" in page.text
        assert_problem(client.get(address, headers=JSON), 404)


def test_the_page_links_its_pdf_and_a_browser_waiting_for_it_reads_why(client: Client) -> None:
    auth = signed_in(client)
    created = create_resume(client, auth)
    client.put(f"/api/v1/resumes/{created['id']}/publish", json={"slug": "ada"}, headers=auth)
    page = client.get("/r/ada")
    link = re.search(
        r'<a id="download-pdf" href="(/r/ada\.pdf\?v=[0-9a-f]{16})">Download PDF', page.text
    )
    assert link is not None
    pdf_url = link.group(1)
    waiting = client.get(pdf_url, headers=HTML)  # no worker here: the PDF is not made
    assert waiting.status_code == 503
    assert waiting.headers["retry-after"] == "1"
    assert 'http-equiv="refresh"' in waiting.text
    assert_problem(client.get("/r/ada.pdf", headers=JSON), 503)


def test_a_password_page_asks_a_browser_in_a_page_and_a_client_in_a_problem(
    client: Client,
) -> None:
    auth = signed_in(client)
    created = create_resume(client, auth)
    body = {"slug": "ada", "password": "open sesame"}
    client.put(f"/api/v1/resumes/{created['id']}/publish", json=body, headers=auth)
    asked = client.get("/r/ada", headers=HTML)
    assert (asked.status_code, asked.headers["www-authenticate"][:5]) == (401, "Basic")
    assert "Password required" in asked.text
    problem = assert_problem(client.get("/r/ada", headers=JSON), 401)
    assert problem["title"] == "Password required"


# The forms: redirect after POST


def reason(html: str, name: str) -> str:
    """The text of the form's error slot for field ``name``."""
    found = re.search(rf'id="{name}-error" role="alert">([^<]*)<', html)
    assert found is not None, name
    return found.group(1)


def token(client: Client, path: str) -> str:
    found = FIELD.search(client.get(path).text)
    assert found is not None, path
    return found.group(1)


def test_a_refused_plain_form_redirects_to_the_page_which_says_why_once(client: Client) -> None:
    auth = signed_in(client)
    created = create_resume(client, auth)
    editor = f"/resumes/{created['id']}"
    fields = {"csrf_token": token(client, editor), "slug": "No Spaces", "password": "abc"}
    fields["expires"] = "2001-01-01"
    answer = client.post(f"{editor}/publish", data=fields)
    assert (answer.status_code, answer.headers["location"]) == (303, f"{editor}/publish")
    page = client.get(f"{editor}/publish")
    assert page.status_code == 200
    assert reason(page.text, "slug").endswith("(not at either end).")
    assert reason(page.text, "password") == "Use 4 to 1024 characters for the password."
    assert "today or later" in reason(page.text, "expires")
    assert 'value="no spaces"' in page.text  # what was typed, to correct
    assert 'value="abc"' not in page.text  # a password is never carried
    again = client.get(f"{editor}/publish")  # a reload
    assert [reason(again.text, name) for name in ("slug", "password", "expires")] == ["", "", ""]


def test_a_refused_htmx_form_is_answered_in_place(client: Client) -> None:
    auth = signed_in(client)
    created = create_resume(client, auth)
    editor = f"/resumes/{created['id']}"
    headers = {"HX-Request": "true", "X-CSRF-Token": token(client, editor)}
    answer = client.post(f"{editor}/publish", data={"slug": "x"}, headers=headers)
    assert answer.status_code == 422
    assert 'id="publish"' in answer.text
    assert reason(answer.text, "slug").endswith("(not at either end).")
    fields = {"slug": "ada-page", "expires": "2999-12-31", "index": "1"}
    done = client.post(f"{editor}/publish", data=fields, headers=headers)
    assert (done.status_code, done.headers["hx-refresh"]) == (200, "true")
    page = client.get(f"/api/v1/resumes/{created['id']}/publish", headers=auth).json()
    assert page["expires_at"].startswith("3000-01-01T00:00:00")
    assert page["noindex"] is False


def test_a_published_page_keeps_its_password_unless_removed(client: Client) -> None:
    auth = signed_in(client)
    created = create_resume(client, auth)
    editor = f"/resumes/{created['id']}"
    csrf = token(client, editor)
    client.post(f"{editor}/publish", data={"csrf_token": csrf, "slug": "ada", "password": "open"})
    url = f"/api/v1/resumes/{created['id']}/publish"
    assert client.get(url, headers=auth).json()["protected"] is True
    client.post(f"{editor}/publish", data={"csrf_token": csrf, "slug": "ada"})
    assert client.get(url, headers=auth).json()["protected"] is True
    removing = {"csrf_token": csrf, "slug": "ada", "remove_password": "1"}
    client.post(f"{editor}/publish", data=removing)
    assert client.get(url, headers=auth).json()["protected"] is False


def test_an_action_address_opened_goes_to_its_page_not_a_405(client: Client) -> None:
    auth = signed_in(client)
    created = create_resume(client, auth)
    for action in ("unpublish", "publish/draft"):
        answer = client.get(f"/resumes/{created['id']}/{action}")
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/resumes/{created['id']}/publish"
    batch = uuid.uuid4()
    for action in ("tailor", "delete"):
        answer = client.get(f"/batches/{batch}/{action}")
        assert (answer.status_code, answer.headers["location"]) == (303, f"/batches/{batch}")
    assert auth
