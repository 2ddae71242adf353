"""The account and admin pages' forms (issue 19), as a browser without scripts posts them: each
is answered with a 303 back to its page, which shows what happened once; opening a form's
address again is the page, not a raw 405; errors stand beside their fields.

Before, a new token's page was the POST's answer (a reload made a second token), a refused form
answered 422 at its POST URL, and ``GET /account/tokens`` was a 405 in JSON.
"""

from __future__ import annotations

import json
import re
import uuid

import httpx
import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import update

from tailorcv.store.models import User
from tests.web.accounts import bearer, form_token, make_account, page_login
from tests.web.conftest import Client
from tests.web.helpers import PASSWORD

NEW = "a brand new passphrase"


def signed_in(client: Client, *, admin: bool = False) -> tuple[str, str]:
    """A new account logged in through the page; its address and its forms' CSRF token."""
    email = f"page-{uuid.uuid4().hex[:8]}@example.com"
    make_account(client, email)
    if admin:
        with client.app.state.services.sessions() as session, session.begin():
            session.execute(update(User).where(User.email == email).values(is_admin=True))
    assert page_login(client, email).status_code == 303
    return email, form_token(client, "/account")


def post(client: Client, url: str, csrf: str, **fields: str) -> httpx.Response:
    return client.post(url, data={"csrf_token": csrf, **fields})


def followed(client: Client, answer: httpx.Response, page: str) -> str:
    """The page a form's 303 sends to, as the browser shows it."""
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.split("#")[0].split("?")[0] == page, location
    shown = client.get(location.split("#")[0])
    assert shown.status_code == 200
    return shown.text


def field_error(text: str, name: str) -> str:
    found = re.search(rf'<p class="field-error" id="err-{name}" role="alert">([^<]*)</p>', text)
    assert found is not None, name
    return found.group(1)


def account_forms(email: str) -> list[tuple[str, dict[str, str]]]:
    """Each form of the account page, with what it posts (some right, some refused)."""
    return [
        ("/account/email", {"email": "jane at example", "email_password": PASSWORD}),
        ("/account/password", {"current_password": "wrong", "new_password": NEW}),
        ("/account/tokens", {"name": ""}),
        ("/account/tokens", {"name": "laptop"}),
        ("/account/sessions/end-others", {}),
        ("/account/delete", {"confirm": "someone@else.example"}),
    ]


@pytest.mark.parametrize("which", range(6))
def test_every_account_form_is_answered_with_a_redirect_to_the_page(
    client: Client, which: int
) -> None:
    email, csrf = signed_in(client)
    url, fields = account_forms(email)[which]
    answer = post(client, url, csrf, **fields)
    followed(client, answer, "/account")
    again = client.get(url)  # the address bar of a browser that stayed on the POST's URL
    assert (again.status_code, again.headers["location"]) == (303, "/account")


def test_a_new_token_is_shown_once_and_a_reload_makes_no_second(client: Client) -> None:
    email, csrf = signed_in(client)
    page = followed(client, post(client, "/account/tokens", csrf, name="laptop"), "/account")
    token = re.search(r'<code id="new-token" class="token">(tcv_[^<]+)</code>', page)
    assert token is not None
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token[1]}"}).is_success
    reloaded = client.get("/account").text
    assert "new-token" not in reloaded
    auth = bearer(client, email)
    assert len(client.get("/api/v1/tokens", headers=auth).json()["items"]) == 1


def test_the_message_cookie_carries_no_token(client: Client) -> None:
    """The cookie is signed, not encrypted: it carries a seal the page makes the token from."""
    _, csrf = signed_in(client)
    answer = post(client, "/account/tokens", csrf, name="laptop")
    cookie = answer.cookies.get("tailorcv_flash")
    assert cookie
    payload = cookie.rsplit(".", 2)[0]  # then its time and its signature
    readable = json.dumps(URLSafeSerializer("no key needed").load_payload(payload.encode()))
    assert '"seal"' in readable, readable  # what the cookie holds is readable by anyone
    page = followed(client, answer, "/account")
    token = re.search(r'<code id="new-token" class="token">(tcv_[^<]+)</code>', page)
    assert token is not None
    assert token[1] not in readable
    assert token[1].removeprefix("tcv_") not in cookie


def test_a_token_revoked_before_its_page_is_shown_is_not_shown(client: Client) -> None:
    email, csrf = signed_in(client)
    answer = post(client, "/account/tokens", csrf, name="laptop")
    assert answer.status_code == 303
    auth = bearer(client, email)
    made = next(t for t in client.get("/api/v1/tokens", headers=auth).json()["items"])
    assert client.delete(f"/api/v1/tokens/{made['id']}", headers=auth).status_code == 204
    page = client.get("/account").text
    assert "new-token" not in page


def test_a_refused_form_keeps_what_was_typed_and_says_why_beside_it(client: Client) -> None:
    _, csrf = signed_in(client)
    answer = post(client, "/account/email", csrf, email="jane@example", email_password=PASSWORD)
    page = followed(client, answer, "/account")
    said = field_error(page, "email")
    assert said == "The e-mail address needs a whole domain after the @, like example.com."
    assert 'value="jane@example"' in page
    assert field_error(client.get("/account").text, "email") == ""  # shown once


@pytest.mark.parametrize(
    ("fields", "name", "says"),
    [
        ({"current_password": "wrong", "new_password": NEW}, "current_password",
         "That is not your current password."),
        ({"current_password": PASSWORD, "new_password": "short"}, "new_password",
         "The password needs at least 8 characters."),
        ({"current_password": PASSWORD, "new_password": PASSWORD}, "new_password",
         "This is the password you have: choose another."),
        ({"current_password": "", "new_password": NEW}, "current_password",
         "Type the password here."),
    ],
)  # fmt: skip
def test_a_refused_password_is_said_beside_its_field(
    client: Client, fields: dict[str, str], name: str, says: str
) -> None:
    _, csrf = signed_in(client)
    page = followed(client, post(client, "/account/password", csrf, **fields), "/account")
    assert field_error(page, name) == says
    assert 'value="' + PASSWORD not in page  # a password is never sent back


def test_a_new_password_says_how_many_other_sessions_were_logged_out(client: Client) -> None:
    email, csrf = signed_in(client)
    other = bearer(client, email)
    fields = {"current_password": PASSWORD, "new_password": NEW}
    page = followed(client, post(client, "/account/password", csrf, **fields), "/account")
    assert "Password changed; 1 other session was logged out." in page
    assert client.get("/api/v1/me", headers=other).status_code == 401
    assert client.get("/account").status_code == 200  # this one stays


def test_a_new_address_is_shown_at_once(client: Client) -> None:
    _, csrf = signed_in(client)
    wanted = f"new-{uuid.uuid4().hex[:8]}@example.com"
    fields = {"email": wanted, "email_password": PASSWORD}
    page = followed(client, post(client, "/account/email", csrf, **fields), "/account")
    assert f"Your e-mail address is now {wanted}" in page
    assert f"Signed in as <strong>{wanted}</strong>" in page


def test_a_message_is_for_its_own_account_only(client: Client) -> None:
    """The message cookie carried to another account's page (a shared browser) shows nothing."""
    _, csrf = signed_in(client)
    answer = post(client, "/account/tokens", csrf, name="laptop")
    message = answer.cookies.get("tailorcv_flash")
    assert message
    signed_in(client)  # someone else logs in on the same browser
    client.cookies.set("tailorcv_flash", message, domain="testserver")
    assert "new-token" not in client.get("/account").text


def test_every_admin_form_is_answered_with_a_redirect_to_the_page(client: Client) -> None:
    _, csrf = signed_in(client, admin=True)
    other = f"other-{uuid.uuid4().hex[:8]}@example.com"
    make_account(client, other)
    with client.app.state.services.sessions() as session:
        user_id = session.query(User.id).filter(User.email == other).scalar()
    listing = {"q": "other-", "offset": "0"}
    for fields, says in (
        ({"action": "tier", "tier": "pro"}, f"{other} is now on the pro tier."),
        ({"action": "disable"}, f"{other} is disabled"),
        ({"action": "tier", "tier": "platinum"}, "Choose a tier, or disable or enable."),
    ):
        answer = post(client, f"/admin/users/{user_id}", csrf, **listing, **fields)
        assert answer.headers["location"] == "/admin?q=other-&offset=0#h-users"
        assert says in followed(client, answer, "/admin")
    missing = uuid.uuid4()
    page = followed(client, post(client, f"/admin/tasks/{missing}/retry", csrf), "/admin")
    assert f"No task {missing}." in page
    for url in (f"/admin/users/{user_id}", f"/admin/tasks/{missing}/retry"):
        again = client.get(url)
        assert (again.status_code, again.headers["location"]) == (303, "/admin")
