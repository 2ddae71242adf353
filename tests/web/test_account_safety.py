"""Log-in and registration safety (issue 16's low items), each as a user or an attacker meets it:
where a log-in link may send you, the lock-out of an address and account pair, CSRF on the
log-in forms, common passwords, registration that says nothing of who is registered, an
Idempotency-Key per endpoint, and a session cookie that follows the request's scheme."""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable, Iterator

import pytest

from tailorcv.service.passwords import HASHER
from tailorcv.web.ui.home import safe_next
from tests.web.accounts import (
    MoreClients,
    api_login,
    bearer,
    extra_clients,
    form_token,
    make_account,
    page_login,
    set_cookie,
)
from tests.web.conftest import Client, RecordingDispatcher
from tests.web.helpers import PASSWORD, assert_problem, create_job, create_resume

OTHER_PASSWORD = "a different long passphrase"


@pytest.fixture
def more_clients() -> Iterator[MoreClients]:
    yield from extra_clients()


# Where a log-in link may send you


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("/jobs", "/jobs"),
        ("/jobs?tab=open#top", "/jobs?tab=open#top"),
        ("/résumés", "/r%C3%A9sum%C3%A9s"),
        ("//evil.example/x", "/dashboard"),
        ("/\t/evil.example", "/dashboard"),
        ("/\n/evil.example", "/dashboard"),
        ("/jobs\r\nSet-Cookie: x=1", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("https://evil.example/", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
        ("", "/dashboard"),
        ("/a\x00b", "/dashboard"),
        ("/a\x7fb", "/dashboard"),
        ("/a\x85b", "/dashboard"),
    ],
)
def test_only_same_site_paths_pass_as_next_and_anything_else_goes_home(
    given: str, kept: str
) -> None:
    assert safe_next(given) == kept


@pytest.mark.parametrize(
    ("given", "sent_to"),
    [
        ("/jobs\nX-Evil: 1", "/dashboard"),
        ("/\t/evil.example", "/dashboard"),
        ("/日本", "/%E6%97%A5%E6%9C%AC"),
    ],
)
def test_an_htmx_log_in_with_a_strange_next_is_sent_on_not_answered_500(
    make_client: Callable[..., Client], given: str, sent_to: str
) -> None:
    client = make_client(raise_errors=False)
    make_account(client, "ada@example.com")
    data = {"email": "ada@example.com", "password": PASSWORD, "next": given}
    data["csrf_token"] = form_token(client, "/login")
    answer = client.post("/login", data=data, headers={"HX-Request": "true"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["HX-Redirect"] == sent_to


# The lock-out


def test_failures_lock_the_pair_of_address_and_account_not_the_account(
    client: Client, more_clients: MoreClients
) -> None:
    """Six wrong passwords from one address lock that address out of that account only: the
    owner, elsewhere, still logs in; the attacker may still try other accounts."""
    make_account(client, "victim@example.com")
    make_account(client, "other@example.com")
    attacker = more_clients(client, peer=("203.0.113.9", 4000))
    for _ in range(6):
        assert api_login(attacker, "victim@example.com", "guess").status_code == 401
    locked = api_login(attacker, "victim@example.com")
    assert_problem(locked, 429)
    assert int(locked.headers["retry-after"]) >= 1
    assert api_login(client, "victim@example.com").status_code == 200, "the owner is not locked"
    assert api_login(attacker, "other@example.com", "guess").status_code == 401


def test_an_address_failing_across_accounts_is_still_locked_out(
    make_client: Callable[..., Client], more_clients: MoreClients
) -> None:
    client = make_client(ratelimit_login="1000/minute")  # the lock-out, not the rate
    make_account(client, "victim@example.com")
    attacker = more_clients(client, peer=("203.0.113.9", 4000))
    for n in range(21):
        assert api_login(attacker, f"nobody{n}@example.com", "x").status_code == 401
    assert_problem(api_login(attacker, "victim@example.com"), 429)
    assert api_login(client, "victim@example.com").status_code == 200


# CSRF on the log-in and registration forms


@pytest.mark.parametrize("path", ["/login", "/register"])
def test_the_log_in_and_registration_forms_refuse_a_post_without_their_token(
    client: Client, more_clients: MoreClients, path: str
) -> None:
    make_account(client, "ada@example.com")
    token = form_token(client, path)
    assert token, "the form carries a csrf_token"
    data = {"email": "ada@example.com", "password": PASSWORD}
    for sent in ({}, {"csrf_token": "guessed"}):
        refused = client.post(path, data={**data, **sent})
        assert refused.status_code == 403
        assert "out of date" in refused.text
    elsewhere = more_clients(client)  # another site's form: our token, but not our cookie
    assert elsewhere.post(path, data={**data, "csrf_token": token}).status_code == 403
    answer = client.post(path, data={**data, "csrf_token": token})
    assert answer.status_code in (303, 409), answer.text  # logged in, or "already registered"


def test_a_form_token_also_passes_in_the_header_htmx_sends(client: Client) -> None:
    make_account(client, "ada@example.com")
    token = form_token(client, "/login")
    data = {"email": "ada@example.com", "password": PASSWORD, "next": "/jobs"}
    answer = client.post("/login", data=data, headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert answer.headers["HX-Redirect"] == "/jobs"


# Passwords


@pytest.mark.parametrize(
    ("password", "said"),
    [
        ("12345678", "most common"),
        ("Password1", "most common"),
        ("qwertyuiop", "most common"),
        ("new@example.com", "e-mail address"),
    ],
)
def test_a_common_password_or_the_address_is_refused_with_a_clear_message(
    client: Client, password: str, said: str
) -> None:
    body = {"email": "new@example.com", "password": password}
    answer = client.post("/api/v1/auth/register", json=body)
    problem = assert_problem(answer, 422)
    assert problem["type"].endswith("/weak-password")
    assert said in problem["detail"]
    assert api_login(client, "new@example.com", password).status_code == 401, "not made"
    page = client.post("/register", data={**body, "csrf_token": form_token(client, "/register")})
    assert page.status_code == 422
    assert said in page.text


def test_the_minimum_length_is_a_setting(make_client: Callable[..., Client]) -> None:
    client = make_client(password_min_length=16)
    body = {"email": "new@example.com", "password": "fifteen letters"}
    problem = assert_problem(client.post("/api/v1/auth/register", json=body), 422)
    assert "at least 16 characters" in problem["detail"]
    body["password"] = "sixteen  letters"
    assert client.post("/api/v1/auth/register", json=body).status_code == 202


# Registration says nothing of who is registered


def test_registering_a_new_or_a_taken_address_answers_alike(client: Client) -> None:
    make_account(client, "taken@example.com")
    answers = [
        client.post("/api/v1/auth/register", json={"email": email, "password": password})
        for email, password in [
            ("new@example.com", OTHER_PASSWORD),
            ("taken@example.com", OTHER_PASSWORD),
            ("TAKEN@example.com", PASSWORD),
        ]
    ]
    assert {answer.status_code for answer in answers} == {202}
    assert len({answer.content for answer in answers}) == 1, [a.text for a in answers]
    assert all(not answer.headers.get_list("set-cookie") for answer in answers)
    assert "log in" in answers[0].json()["detail"]
    assert api_login(client, "new@example.com", OTHER_PASSWORD).status_code == 200
    assert api_login(client, "taken@example.com", OTHER_PASSWORD).status_code == 401, "unchanged"
    assert api_login(client, "taken@example.com").status_code == 200


def test_registering_takes_about_as_long_for_a_new_and_a_taken_address(
    make_client: Callable[..., Client],
) -> None:
    """With the real argon2id costs: the password is hashed whether or not the address is
    free, so neither answer is quicker by the cost of a hash."""
    client = make_client(hasher=HASHER, ratelimit_login="1000/minute")
    make_account(client, "taken@example.com")
    times: dict[str, list[float]] = {"new": [], "taken": []}
    for _ in range(7):
        for kind in ("new", "taken"):
            email = f"{uuid.uuid4().hex[:8]}@example.com" if kind == "new" else "taken@example.com"
            started = time.perf_counter()
            body = {"email": email, "password": OTHER_PASSWORD}
            assert client.post("/api/v1/auth/register", json=body).status_code == 202
            times[kind].append(time.perf_counter() - started)
    ratio = statistics.median(times["taken"]) / statistics.median(times["new"])
    assert 0.5 < ratio < 2, times


def test_the_registration_page_logs_a_new_account_in_and_says_when_an_address_is_taken(
    client: Client,
) -> None:
    make_account(client, "taken@example.com")
    data = {"email": "new@example.com", "password": OTHER_PASSWORD}
    made = client.post("/register", data={**data, "csrf_token": form_token(client, "/register")})
    assert made.status_code == 303
    assert made.headers["location"] == "/dashboard"
    client.cookies.clear()
    data["email"] = "taken@example.com"
    taken = client.post("/register", data={**data, "csrf_token": form_token(client, "/register")})
    assert taken.status_code == 409
    assert "already registered" in taken.text
    assert not set_cookie(taken, "tailorcv_session")


# Idempotency-Key


def test_one_idempotency_key_on_two_endpoints_makes_two_tasks(
    client: Client, dispatcher: RecordingDispatcher
) -> None:
    make_account(client, "ada@example.com")
    auth = bearer(client, "ada@example.com")
    version = create_resume(client, auth)["version_id"]
    job = create_job(client, auth)["id"]
    headers = {**auth, "Idempotency-Key": "same-key"}
    render = {"version_id": version, "template": "classic", "format": "txt"}
    first = client.post("/api/v1/renders", json=render, headers=headers).json()["task"]
    tailoring = {"version_id": version, "job_id": job}
    other = client.post("/api/v1/tailorings", json=tailoring, headers=headers).json()["task"]
    assert (first["kind"], other["kind"]) == ("render", "tailor")
    assert first["id"] != other["id"]
    again = client.post("/api/v1/renders", json=render, headers=headers).json()["task"]
    assert again["id"] == first["id"], "the same key to the same endpoint is the same task"
    assert len(dispatcher.enqueued) == 2


# The session cookie follows the request's scheme


def test_over_plain_http_the_cookie_is_not_secure_and_the_log_in_holds(
    client: Client, more_clients: MoreClients
) -> None:
    make_account(client, "ada@example.com")
    plain = more_clients(client, peer=("192.0.2.10", 5000), base_url="http://cv.example.org")
    answer = page_login(plain, "ada@example.com")
    assert answer.status_code == 303, answer.text
    cookie = set_cookie(answer, "tailorcv_session")
    assert cookie
    assert "secure" not in cookie.lower()
    assert plain.get("/dashboard").status_code == 200, "the browser kept and sent the cookie"
    api = api_login(plain, "ada@example.com")
    assert "secure" not in set_cookie(api, "tailorcv_session").lower()


def test_over_https_or_from_a_trusted_proxy_saying_https_the_cookie_is_secure(
    make_client: Callable[..., Client], more_clients: MoreClients
) -> None:
    client = make_client(trusted_proxies="127.0.0.1")
    make_account(client, "ada@example.com")
    assert "secure" in set_cookie(api_login(client, "ada@example.com"), "tailorcv_session").lower()
    proxied = more_clients(client, base_url="http://cv.example.org")
    https = {"X-Forwarded-Proto": "https"}
    answer = api_login(proxied, "ada@example.com", headers=https)
    assert "secure" in set_cookie(answer, "tailorcv_session").lower()
    stranger = more_clients(client, peer=("203.0.113.5", 80), base_url="http://cv.example.org")
    answer = api_login(stranger, "ada@example.com", headers=https)
    assert "secure" not in set_cookie(answer, "tailorcv_session").lower(), "header not believed"


def test_when_the_browser_would_drop_the_cookie_the_log_in_page_says_why(
    make_client: Callable[..., Client], more_clients: MoreClients
) -> None:
    """A proxy that says HTTPS for a page the browser opened over plain HTTP: a Secure cookie
    would be dropped, so the log-in says so instead of bouncing back to the form."""
    client = make_client(trusted_proxies="127.0.0.1")
    make_account(client, "ada@example.com")
    browser = more_clients(client, base_url="http://cv.example.org")
    headers = {"X-Forwarded-Proto": "https", "Origin": "http://cv.example.org"}
    data = {"email": "ada@example.com", "password": PASSWORD, "next": "/dashboard"}
    token = form_token(browser, "/login", headers=headers)
    answer = browser.post("/login", data={**data, "csrf_token": token}, headers=headers)
    assert answer.status_code == 400
    assert "plain HTTP" in answer.text
    assert "X-Forwarded-Proto" in answer.text
    assert not set_cookie(answer, "tailorcv_session")
    loopback = {**headers, "Origin": "http://localhost:8000"}  # Secure cookies are kept there
    answer = browser.post("/login", data={**data, "csrf_token": token}, headers=loopback)
    assert "plain HTTP" not in answer.text
