"""Accounts as an admin sees them (issue 19), on SQLite and PostgreSQL: listed a page at a time
and searched by e-mail, a tier changed, disabled and enabled. A disabled account cannot log in,
its sessions and API tokens are refused at once with the reason, its public page is gone; enabled
again, everything is back as it was.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update

from tailorcv.store.models import User, utcnow
from tests.web.accounts import api_login, bearer, form_token, make_account, page_login
from tests.web.conftest import Client
from tests.web.helpers import ROOT, assert_problem, create_resume

ROUTES = [("GET", "/api/v1/admin/users"), ("PATCH", f"/api/v1/admin/users/{uuid.uuid4()}")]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def person(client: Client, name: str = "user", *, admin: bool = False) -> tuple[str, uuid.UUID]:
    """A new account made in the store: its address and id."""
    email = f"{name}-{uuid.uuid4().hex[:8]}@example.com"
    make_account(client, email)
    with client.app.state.services.sessions() as session, session.begin():
        if admin:
            session.execute(update(User).where(User.email == email).values(is_admin=True))
        found = session.query(User.id).filter(User.email == email).scalar()
    return email, found


def admin_auth(client: Client) -> tuple[dict[str, str], uuid.UUID]:
    email, admin_id = person(client, "admin", admin=True)
    return bearer(client, email), admin_id


def test_accounts_are_listed_newest_first_a_page_at_a_time(client: Client) -> None:
    auth, admin_id = admin_auth(client)
    made = [person(client, "ada") for _ in range(3)]
    with client.app.state.services.sessions() as session, session.begin():
        for age, (_, user_id) in enumerate(made):  # made[0] the newest
            moment = utcnow() - timedelta(minutes=age + 1)
            session.execute(update(User).where(User.id == user_id).values(created_at=moment))
    first = client.get("/api/v1/admin/users?limit=2", headers=auth).json()
    assert [u["id"] for u in first["items"]] == [str(admin_id), str(made[0][1])]
    assert set(first["items"][1]) == {
        "id", "email", "tier", "is_admin", "display_name", "locale", "created_at", "disabled_at"
    }  # fmt: skip
    rest = client.get(f"/api/v1/admin/users?offset={first['next_offset']}", headers=auth).json()
    assert [u["email"] for u in rest["items"]] == [made[1][0], made[2][0]]
    assert rest["next_offset"] is None


def test_the_search_finds_part_of_an_address_whatever_its_case(client: Client) -> None:
    auth, _ = admin_auth(client)
    wanted, _ = person(client, "grace_hopper")
    person(client, "graceXhopper")  # "_" is a letter here, not SQL's any-one-character
    found = client.get("/api/v1/admin/users?q=GRACE_H", headers=auth).json()["items"]
    assert [u["email"] for u in found] == [wanted]
    none = client.get("/api/v1/admin/users?q=%25", headers=auth).json()["items"]
    assert none == []


def test_an_admin_changes_a_tier_and_what_is_left_out_stays(client: Client) -> None:
    auth, _ = admin_auth(client)
    email, user_id = person(client)
    url = f"/api/v1/admin/users/{user_id}"
    changed = client.patch(url, json={"tier": "pro"}, headers=auth).json()
    assert (changed["email"], changed["tier"], changed["disabled_at"]) == (email, "pro", None)
    again = client.patch(url, json={}, headers=auth).json()
    assert again["tier"] == "pro"
    refused = client.patch(url, json={"tier": "platinum"}, headers=auth)
    assert assert_problem(refused, 422)["errors"][0]["path"] == "body.tier"
    assert_problem(client.patch(f"/api/v1/admin/users/{uuid.uuid4()}", json={}, headers=auth), 404)


def test_a_disabled_account_is_refused_everywhere_with_the_reason_until_enabled(
    client: Client,
) -> None:
    auth, _ = admin_auth(client)
    email, user_id = person(client)
    session_auth = bearer(client, email)
    made = client.post("/api/v1/tokens", json={"name": "script"}, headers=session_auth).json()
    token_auth = {"Authorization": f"Bearer {made['token']}"}
    resume = create_resume(client, session_auth, name="Ada Lovelace")
    slug = f"ada-{uuid.uuid4().hex[:6]}"
    published = client.put(
        f"/api/v1/resumes/{resume['id']}/publish", json={"slug": slug}, headers=session_auth
    )
    assert published.status_code == 200, published.text
    assert client.get(f"/r/{slug}").status_code == 200
    url = f"/api/v1/admin/users/{user_id}"

    disabled = client.patch(url, json={"disabled": True}, headers=auth).json()
    assert disabled["disabled_at"] is not None
    for headers in (session_auth, token_auth):
        problem = assert_problem(client.get("/api/v1/resumes", headers=headers), 403)
        assert problem["type"].endswith("/account-disabled")
        assert "disabled by the people who run this service" in problem["detail"]
    refused = assert_problem(api_login(client, email), 403)
    assert refused["type"].endswith("/account-disabled")
    assert_problem(api_login(client, email, "not the password"), 401)  # says nothing more
    assert client.get(f"/r/{slug}").status_code == 404
    assert client.get(f"/r/{slug}.json").status_code == 404

    enabled = client.patch(url, json={"disabled": False}, headers=auth).json()
    assert enabled["disabled_at"] is None
    for headers in (session_auth, token_auth):
        assert client.get("/api/v1/resumes", headers=headers).json()["items"][0]["title"] == "Main"
    assert api_login(client, email).status_code == 200
    assert client.get(f"/r/{slug}").status_code == 200


def test_a_disabled_account_sees_why_on_the_pages(client: Client) -> None:
    auth, _ = admin_auth(client)
    email, user_id = person(client)
    assert page_login(client, email).status_code == 303
    client.patch(f"/api/v1/admin/users/{user_id}", json={"disabled": True}, headers=auth)
    answer = client.get("/dashboard")
    assert answer.status_code == 403
    assert "Account disabled" in answer.text
    client.cookies.clear()
    data = {"email": email, "password": "correct horse battery staple"}
    logged = client.post("/login", data={**data, "csrf_token": form_token(client, "/login")})
    assert logged.status_code == 403
    assert "disabled by the people who run this service" in logged.text


def test_a_disabled_account_can_still_log_out(client: Client) -> None:
    """Its 403 page offers Log out, and logging out ends the session: enabled again, the account
    must log in anew rather than find the old session waiting."""
    auth, _ = admin_auth(client)
    email, user_id = person(client)
    assert page_login(client, email).status_code == 303
    client.patch(f"/api/v1/admin/users/{user_id}", json={"disabled": True}, headers=auth)
    token = form_token(client, "/dashboard")
    assert token, "the 403 page has no Log out form"
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    out = client.post("/logout", data={"csrf_token": token})
    assert (out.status_code, out.headers["location"]) == (303, "/")
    client.patch(f"/api/v1/admin/users/{user_id}", json={"disabled": False}, headers=auth)
    assert client.get("/dashboard").headers["location"].startswith("/login")


def test_an_admin_cannot_disable_themselves(client: Client) -> None:
    auth, admin_id = admin_auth(client)
    url = f"/api/v1/admin/users/{admin_id}"
    problem = assert_problem(client.patch(url, json={"disabled": True}, headers=auth), 409)
    assert "cannot disable their own account" in problem["detail"]
    assert client.get("/api/v1/me", headers=auth).status_code == 200


def test_others_get_the_404_of_a_route_that_does_not_exist(client: Client) -> None:
    email, _ = person(client)
    owner = bearer(client, email)
    for method, url in ROUTES:
        for headers in (owner, {"Authorization": "Bearer tcv_wrong"}, {}):
            answer = client.request(method, url, headers=headers, json={})
            assert assert_problem(answer, 404)["detail"] == f"nothing at {url}"


def test_a_disabled_admin_gets_the_404_too(client: Client) -> None:
    auth, admin_id = admin_auth(client)
    other_auth, _ = admin_auth(client)
    client.patch(f"/api/v1/admin/users/{admin_id}", json={"disabled": True}, headers=other_auth)
    assert_problem(client.get("/api/v1/admin/users", headers=auth), 404)


def test_the_admin_page_is_a_403_page_for_others(client: Client) -> None:
    email, _ = person(client)
    assert page_login(client, email).status_code == 303
    answer = client.get("/admin")
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("text/html")
    assert "For admins only" in answer.text


def test_the_hidden_routes_are_documented() -> None:
    documented = (ROOT / "docs" / "api.md").read_text()
    assert "`GET /admin/users?q=" in documented
    assert "`PATCH /admin/users/{id}`" in documented
