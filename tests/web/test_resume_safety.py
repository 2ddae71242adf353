"""A résumé's edits are neither lost nor saved wrong (issue 19), through the API and the pages,
on SQLite and PostgreSQL: a save over a newer draft is refused (412 to an API ``If-Match``, 409
on a page, with what changed), a restore keeps the draft it replaces, an e-mail or web address
that is not one is refused with its path (an import only warns), a résumé can be duplicated,
and a GET at any address a form posts to is a redirect to its page, never a 405 in JSON."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest

from tailorcv.service.resumes import revision
from tailorcv.web.ui import (
    account,
    admin,
    batches,
    editor,
    home,
    imports,
    jobs,
    outputs,
    pages,
    tailoring,
    writing,
)
from tests.web.conftest import Client
from tests.web.helpers import (
    PASSWORD,
    RESUME,
    assert_problem,
    create_resume,
    register,
    resume,
    settle,
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def signed_in(client: Client) -> tuple[dict[str, str], dict[str, str]]:
    """A new account: its bearer header, and the CSRF header of its session cookie (the pages
    are driven with the cookie the client keeps)."""
    email = f"user-{uuid.uuid4().hex[:8]}@example.com"
    auth = register(client, email)
    answer = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return auth, {"X-CSRF-Token": client.cookies["tailorcv_csrf"]}


def draft_of(client: Client, auth: dict[str, str], resume_id: str) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/api/v1/resumes/{resume_id}", headers=auth).json()
    return body


class Inputs(HTMLParser):
    """The named inputs and text areas of the editor's form, as a browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.area: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name = found.get("name")
        if tag == "input" and name and found.get("type") not in ("checkbox", "submit"):
            self.fields.append((name, found.get("value") or ""))
        elif tag == "textarea" and name and name != "raw":
            self.area, self.fields = name, [*self.fields, (name, "")]

    def handle_data(self, data: str) -> None:
        if self.area is not None:
            self.fields[-1] = (self.area, self.fields[-1][1] + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.area = None


def editor_fields(page: str) -> dict[str, str]:
    """The editor form's fields on ``page`` (the last value of a repeated name)."""
    form = page[
        page.index('<form id="editor-form"') : page.index(
            "</form>", page.index('<form id="editor-form"')
        )
    ]
    parser = Inputs()
    parser.feed(form)
    return dict(parser.fields)


def base_of(title: str, document: dict[str, Any]) -> str:
    """The editor's ``base`` field for a page showing ``title`` and ``document``."""
    return json.dumps({"title": title, "resume": document}, ensure_ascii=False)


# The API: ETag and If-Match


def test_a_put_with_a_stale_if_match_is_refused_with_412_and_the_current_etag(
    client: Client,
) -> None:
    auth = register(client)
    made = client.post("/api/v1/resumes", json={"title": "Main", "resume": RESUME}, headers=auth)
    first = made.headers["ETag"]
    url = f"/api/v1/resumes/{made.json()['id']}"
    assert client.get(url, headers=auth).headers["ETag"] == first
    changed = client.put(
        url, json={"resume": resume(name="Ada")}, headers={**auth, "If-Match": first}
    )
    assert changed.status_code == 200, changed.text
    second = changed.headers["ETag"]
    assert second != first
    stale = client.put(
        url, json={"resume": resume(name="Grace")}, headers={**auth, "If-Match": first}
    )
    problem = assert_problem(stale, 412)
    assert problem["type"] == "https://tailorcv.dev/problems/draft-changed"
    assert stale.headers["ETag"] == second
    assert client.get(url, headers=auth).json()["resume"]["basics"]["name"] == "Ada"


def test_a_put_already_applied_is_answered_as_saved_whatever_its_if_match(
    client: Client,
) -> None:
    auth = register(client)
    made = client.post("/api/v1/resumes", json={"title": "Main", "resume": RESUME}, headers=auth)
    first = made.headers["ETag"]
    url = f"/api/v1/resumes/{made.json()['id']}"
    body = {"resume": resume(name="Ada")}
    assert client.put(url, json=body, headers={**auth, "If-Match": first}).status_code == 200
    again = client.put(url, json=body, headers={**auth, "If-Match": first})
    assert again.status_code == 200, again.text  # a retry of a PUT that went through


@pytest.mark.parametrize(
    ("if_match", "status"),
    [
        (None, 200),
        ("*", 200),
        ('"nope", "{etag}"', 200),
        ('W/"{etag}"', 412),
        ("{etag}", 412),
        ('"nope"', 412),
        ('W/"{etag}", "nope"', 412),
    ],
)
def test_if_match_takes_a_list_of_strong_etags_or_any(
    client: Client, if_match: str | None, status: int
) -> None:
    """``*`` and no header save whatever the draft is; a list saves when any of its strong tags
    is the current one; a weak tag or a bare one never match."""
    auth = register(client)
    made = create_resume(client, auth)
    url = f"/api/v1/resumes/{made['id']}"
    etag = client.get(url, headers=auth).headers["ETag"].strip('"')
    headers = dict(auth)
    if if_match is not None:
        headers["If-Match"] = if_match.format(etag=etag)
    answer = client.put(url, json={"title": "Renamed"}, headers=headers)
    assert answer.status_code == status, answer.text


def test_the_etag_is_the_revision_of_the_title_and_draft(client: Client) -> None:
    auth = register(client)
    made = create_resume(client, auth)
    body = draft_of(client, auth, made["id"])
    etag = client.get(f"/api/v1/resumes/{made['id']}", headers=auth).headers["ETag"]
    assert etag == f'"{revision(body["title"], body["resume"])}"'


# E-mail and web addresses


@pytest.mark.parametrize(
    ("basics", "path"),
    [
        ({"email": "jane at example"}, "basics.email"),
        ({"email": "mailto:jane@example.com"}, "basics.email"),
        ({"email": "jane@example"}, "basics.email"),
        ({"email": "x" * 250 + "@example.com"}, "basics.email"),
        ({"url": "my site"}, "basics.url"),
        ({"url": "javascript:alert(1)"}, "basics.url"),
        ({"url": "https://" + "a" * 2000 + ".com"}, "basics.url"),
        ({"profiles": [{"network": "Site", "url": "data:text/html,hi"}]}, "basics.profiles[0].url"),
    ],
)
def test_an_address_that_is_not_one_is_refused_with_its_path(
    client: Client, basics: dict[str, Any], path: str
) -> None:
    auth = register(client)
    created = client.post(
        "/api/v1/resumes", json={"title": "Main", "resume": resume(**basics)}, headers=auth
    )
    problem = assert_problem(created, 422)
    assert path in [error["path"] for error in problem["errors"]], problem
    made = create_resume(client, auth)
    updated = client.put(
        f"/api/v1/resumes/{made['id']}", json={"resume": resume(**basics)}, headers=auth
    )
    assert path in [error["path"] for error in assert_problem(updated, 422)["errors"]]
    assert draft_of(client, auth, made["id"])["resume"] == RESUME


def test_an_entrys_web_address_is_refused_at_its_entry(client: Client) -> None:
    auth = register(client)
    document = resume()
    document["work"][1]["url"] = "our company site"
    answer = client.post("/api/v1/resumes", json={"title": "W", "resume": document}, headers=auth)
    assert [e["path"] for e in assert_problem(answer, 422)["errors"]] == ["work[1].url"]


def test_a_bare_domain_and_any_script_are_web_addresses(client: Client) -> None:
    auth = register(client)
    document = resume(url="example.com/me", email="jäne@bücher.de")
    document["basics"]["profiles"][0]["url"] = "github.com/jane"
    answer = client.post("/api/v1/resumes", json={"title": "ok", "resume": document}, headers=auth)
    assert answer.status_code == 201, answer.text


def test_an_import_with_an_odd_address_is_kept_with_a_warning(inline_client: Client) -> None:
    auth = register(inline_client)
    data = json.dumps(resume(email="maya at example")).encode()
    files = {"file": ("resume.json", data, "application/json")}
    answer = inline_client.post("/api/v1/imports", files=files, headers=auth)
    assert answer.status_code == 202, answer.text
    task = settle(inline_client, auth, answer.json()["task"])
    assert task["status"] == "succeeded", task
    assert any("basics.email" in warning for warning in task["result"]["warnings"])
    kept = draft_of(inline_client, auth, task["result"]["resume_id"])
    assert kept["resume"]["basics"]["email"] == "maya at example"


# Duplicate


def test_a_duplicate_copies_the_draft_and_not_the_versions_nor_the_page(client: Client) -> None:
    auth = register(client)
    made = create_resume(client, auth)
    url = f"/api/v1/resumes/{made['id']}"
    client.put(url, json={"resume": resume(name="Edited")}, headers=auth)
    assert client.post(f"{url}/versions", headers=auth).status_code == 201
    slug = f"dup-{uuid.uuid4().hex[:8]}"
    assert client.put(f"{url}/publish", json={"slug": slug}, headers=auth).status_code == 200
    answer = client.post(f"{url}/duplicate", headers=auth)
    assert answer.status_code == 201, answer.text
    copy = draft_of(client, auth, answer.json()["id"])
    assert copy["title"] == "Copy of Main"
    assert copy["resume"] == resume(name="Edited")
    assert copy["slug"] is None
    versions = client.get(f"/api/v1/resumes/{copy['id']}/versions", headers=auth).json()
    assert [version["id"] for version in versions["items"]] == [answer.json()["version_id"]]
    assert len(client.get(f"{url}/versions", headers=auth).json()["items"]) == 2


def test_a_duplicate_counts_against_the_storage_allowance(
    make_client: Callable[..., Client],
) -> None:
    size = len(json.dumps(RESUME))
    client = make_client(storage_per_user_bytes=size * 3)  # a draft and a version, not two
    auth = register(client)
    made = create_resume(client, auth)
    answer = client.post(f"/api/v1/resumes/{made['id']}/duplicate", headers=auth)
    assert_problem(answer, 413)
    assert len(client.get("/api/v1/resumes", headers=auth).json()["items"]) == 1


def test_a_duplicate_of_someone_elses_resume_is_a_404(client: Client) -> None:
    owner = register(client)
    made = create_resume(client, owner)
    stranger = register(client)
    answer = client.post(f"/api/v1/resumes/{made['id']}/duplicate", headers=stranger)
    assert_problem(answer, 404)


# The editor's pages


def test_an_autosave_over_a_newer_draft_is_refused_with_what_changed(client: Client) -> None:
    auth, csrf = signed_in(client)
    made = create_resume(client, auth)
    seen = base_of("Main", RESUME)
    client.put(f"/api/v1/resumes/{made['id']}", json={"resume": resume(name="Ada")}, headers=auth)
    form = {"base": seen, "basics.name": "Grace"}
    answer = client.post(f"/resumes/{made['id']}/autosave", data=form, headers=csrf)
    assert answer.status_code == 409, answer.text
    assert "basics.name: “Maya Lindqvist” → “Ada”" in answer.text
    assert draft_of(client, auth, made["id"])["resume"]["basics"]["name"] == "Ada"
    # "Save mine over it" names the revision it was shown: that one, and no newer, is replaced.
    shown = revision("Main", resume(name="Ada"))
    answer = client.post(
        f"/resumes/{made['id']}/autosave", data={**form, "overwrite": shown}, headers=csrf
    )
    assert answer.status_code == 200, answer.text
    assert draft_of(client, auth, made["id"])["resume"]["basics"]["name"] == "Grace"


def test_a_saved_autosave_hands_the_form_its_new_base_and_refreshes_a_clean_raw_editor(
    client: Client,
) -> None:
    auth, csrf = signed_in(client)
    made = create_resume(client, auth)
    form = {"base": base_of("Main", RESUME), "basics.name": "Grace", "fresh_raw": "yaml"}
    answer = client.post(f"/resumes/{made['id']}/autosave", data=form, headers=csrf)
    assert answer.status_code == 200, answer.text
    assert 'id="form-base"' in answer.text
    assert 'id="raw-panel"' in answer.text
    assert "name: Grace" in answer.text  # the raw editor, in the YAML it showed
    saved = draft_of(client, auth, made["id"])["resume"]  # what a form of one field leaves
    quiet = {**form, "base": base_of("Main", saved), "fresh_raw": ""}
    answer = client.post(f"/resumes/{made['id']}/autosave", data=quiet, headers=csrf)
    assert answer.status_code == 200, answer.text
    assert 'id="raw-panel"' not in answer.text  # it holds typing of its own: left alone


def test_a_raw_save_over_a_newer_draft_keeps_the_text(client: Client) -> None:
    auth, csrf = signed_in(client)
    made = create_resume(client, auth)
    seen = base_of("Main", RESUME)
    client.put(f"/api/v1/resumes/{made['id']}", json={"title": "Renamed"}, headers=auth)
    mine = json.dumps(resume(label="Staff"), indent=2)
    form = {"raw": mine, "fmt": "json", "base": seen}
    answer = client.post(f"/resumes/{made['id']}/raw", data=form, headers=csrf)
    assert answer.status_code == 409, answer.text
    assert "title: “Main” → “Renamed”" in answer.text
    assert "Staff" in answer.text  # the text is still in the editor
    assert draft_of(client, auth, made["id"])["resume"] == RESUME


def test_a_raw_save_draws_the_page_anew_unless_the_form_holds_typing(client: Client) -> None:
    auth, csrf = signed_in(client)
    made = create_resume(client, auth)
    htmx = {**csrf, "HX-Request": "true"}
    form = {"raw": json.dumps(resume(label="A")), "fmt": "json", "base": base_of("Main", RESUME)}
    answer = client.post(
        f"/resumes/{made['id']}/raw", data={**form, "fresh_form": "1"}, headers=htmx
    )
    assert answer.status_code == 200
    assert answer.headers["HX-Redirect"] == f"/resumes/{made['id']}?saved=raw&raw=json"
    again = {
        **form,
        "raw": json.dumps(resume(label="B")),
        "base": base_of("Main", resume(label="A")),
    }
    answer = client.post(f"/resumes/{made['id']}/raw", data=again, headers=htmx)
    assert answer.status_code == 200
    assert "HX-Redirect" not in answer.headers  # the form is left alone
    assert "Saved from the raw editor." in answer.text
    assert 'id="editor-form"' not in answer.text


def test_a_base_that_cannot_be_read_matches_no_draft(client: Client) -> None:
    auth, csrf = signed_in(client)
    made = create_resume(client, auth)
    form = {"base": "{not json", "basics.name": "Grace"}
    answer = client.post(f"/resumes/{made['id']}/autosave", data=form, headers=csrf)
    assert answer.status_code == 409
    assert "could not be read" in answer.text


def test_a_restore_keeps_the_draft_as_a_version_unless_one_holds_it(client: Client) -> None:
    auth, csrf = signed_in(client)
    made = create_resume(client, auth)
    url = f"/api/v1/resumes/{made['id']}"
    client.put(url, json={"resume": resume(name="Edited")}, headers=auth)
    page = f"/resumes/{made['id']}/restore/{made['version_id']}"
    answer = client.post(page, headers=csrf)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("?saved=restored-kept")
    versions = client.get(f"{url}/versions", headers=auth).json()["items"]
    assert [version["kind"] for version in versions] == ["draft", "commit"]
    assert draft_of(client, auth, made["id"])["resume"] == RESUME
    # The draft is now the first version's: restoring that again keeps nothing more.
    again = client.post(page, headers=csrf)
    assert again.headers["location"].endswith("?saved=restored")
    assert len(client.get(f"{url}/versions", headers=auth).json()["items"]) == 2
    # And the kept draft restores like any version.
    client.post(f"/resumes/{made['id']}/restore/{versions[0]['id']}", headers=csrf)
    assert draft_of(client, auth, made["id"])["resume"] == resume(name="Edited")


def test_a_restore_of_another_resumes_version_is_a_404_page(client: Client) -> None:
    auth, csrf = signed_in(client)
    one, other = create_resume(client, auth), create_resume(client, auth)
    answer = client.post(f"/resumes/{one['id']}/restore/{other['version_id']}", headers=csrf)
    assert answer.status_code == 404
    assert "not yours" in answer.text


def test_the_form_refuses_an_address_beside_its_field(client: Client) -> None:
    auth, csrf = signed_in(client)
    made = create_resume(client, auth)
    form = {"base": base_of("Main", RESUME), "basics.email": "jane at example"}
    answer = client.post(f"/resumes/{made['id']}/autosave", data=form, headers=csrf)
    assert answer.status_code == 422
    assert 'id="err-basics-email"' in answer.text
    assert "not an e-mail address" in answer.text


def test_a_plain_removal_posted_again_by_a_reload_removes_nothing_more(client: Client) -> None:
    """Scripts off, a removal's answer is the page itself (it offers Undo); reloading it posts
    the same form again, from the same base, which is answered as saved, not applied twice."""
    auth, csrf = signed_in(client)
    made = create_resume(client, auth)
    form = client.get(f"/resumes/{made['id']}")
    fields = editor_fields(form.text)
    posted = {**fields, "move": "remove:work[0]"}
    first = client.post(f"/resumes/{made['id']}/edit", data=posted, headers=csrf)
    assert first.status_code == 200, first.text
    assert "Undo" in first.text
    jobs = [job["name"] for job in draft_of(client, auth, made["id"])["resume"]["work"]]
    again = client.post(f"/resumes/{made['id']}/edit", data=posted, headers=csrf)
    assert again.status_code == 200, again.text
    assert [job["name"] for job in draft_of(client, auth, made["id"])["resume"]["work"]] == jobs
    assert jobs == [job["name"] for job in RESUME["work"][1:]]


def test_a_plain_form_save_is_answered_with_a_redirect(client: Client) -> None:
    auth, csrf = signed_in(client)
    made = create_resume(client, auth)
    form = {"base": base_of("Main", RESUME), "basics.name": "Grace", "move": "add:work"}
    answer = client.post(f"/resumes/{made['id']}/edit", data=form, headers=csrf)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/resumes/{made['id']}?saved=form&adding=work"
    page = client.get(answer.headers["location"])
    assert page.status_code == 200
    jobs = len(draft_of(client, auth, made["id"])["resume"].get("work", []))
    assert f'name="work[{jobs}].name"' in page.text  # the new, empty job is shown, not saved


# Redirect after POST: a GET at a form's address


MODULES = (home, editor, imports, jobs, tailoring, outputs, account, admin, batches, writing)


def form_addresses() -> list[str]:
    """Each address a page's form posts to that no page answers (route templates)."""
    fallbacks = pages.get_fallbacks(module.router for module in MODULES)
    return [route.path for route in fallbacks.routes]  # type: ignore[attr-defined]


def post_addresses() -> list[str]:
    """Every address a page's form posts to, however a GET there is answered."""
    routes = [route for module in MODULES for route in module.router.routes]
    return sorted({route.path for route in routes if "POST" in route.methods})  # type: ignore[attr-defined]


def test_every_form_address_has_a_fallback() -> None:
    addresses = form_addresses()
    assert "/resumes/{resume_id}/restore/{version_id}" in addresses
    assert "/logout" in addresses
    assert "/batches/{batch_id}/tailor" in addresses  # other pages' forms too
    assert "/jobs" not in addresses  # a page of its own answers there
    assert "/account/tokens" not in addresses  # the account page's own catch-all does


def test_the_page_above_a_form_is_the_nearest_one() -> None:
    found = {"/", "/resumes/{resume_id}", "/import/{task_id}"}
    assert pages.page_above("/resumes/{resume_id}/restore/{version_id}", found) == (
        "/resumes/{resume_id}"
    )
    assert pages.page_above("/import/{task_id}/force", found) == "/import/{task_id}"
    assert pages.page_above("/logout", found) == "/"


@pytest.mark.parametrize("path", form_addresses())
def test_a_get_at_a_form_address_is_a_redirect_to_a_page(client: Client, path: str) -> None:
    signed_in(client)
    address = re.sub(r"\{\w+\}", str(uuid.uuid4()), path)
    answer = client.get(address)
    assert answer.status_code == 303, (address, answer.text)
    location = answer.headers["location"]
    assert location == "/" or address.startswith(f"{location}/")
    page = client.get(location, follow_redirects=True)
    assert page.headers["content-type"].startswith("text/html"), (location, page.text[:200])


@pytest.mark.parametrize("path", post_addresses())
def test_no_form_address_answers_a_get_with_json(client: Client, path: str) -> None:
    """Whichever way a page answers a GET at its forms' addresses, it is a page (the unknown
    ids make it a styled refusal at worst: not found, not an admin), never a 405 in JSON."""
    signed_in(client)
    address = re.sub(r"\{\w+\}", str(uuid.uuid4()), path)
    page = client.get(address, follow_redirects=True)
    assert page.status_code in (200, 403, 404), (address, page.status_code)
    assert page.headers["content-type"].startswith("text/html"), (address, page.text[:200])
