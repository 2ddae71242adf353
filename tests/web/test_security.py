"""Security, tried as a user would: cookies and CSRF, brute force, uploads that lie or are too
big or try to climb out of their folder, the per-user import limit, and passwords in logs."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from argon2 import PasswordHasher

from tailorcv.service.files import safe_filename
from tailorcv.store import queries
from tailorcv.store.account_queries import get_user_by_email
from tests.web.conftest import Client, RecordingDispatcher
from tests.web.helpers import PASSWORD, assert_problem, create_resume, register, resume


def login(client: Client, email: str, password: str = PASSWORD) -> int:
    answer = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    return answer.status_code


def test_session_cookie_is_secure_httponly_lax(client: Client) -> None:
    register(client, "c@example.com")
    answer = client.post(
        "/api/v1/auth/login", json={"email": "c@example.com", "password": PASSWORD}
    )
    cookies = answer.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("tailorcv_session="))
    csrf = next(c for c in cookies if c.startswith("tailorcv_csrf="))
    for attribute in ("Secure", "HttpOnly", "SameSite=lax", "Path=/"):
        assert attribute.lower() in session.lower()
    assert "httponly" not in csrf.lower(), "the page's script must be able to read it"


def test_cookie_sessions_need_the_csrf_token_to_change_state(client: Client) -> None:
    register(client, "c@example.com")
    assert login(client, "c@example.com") == 200
    assert client.get("/api/v1/me").status_code == 200, "reading needs no CSRF token"
    body = {"title": "t", "resume": resume()}
    refused = client.post("/api/v1/resumes", json=body)
    assert_problem(refused, 403)
    wrong = client.post("/api/v1/resumes", json=body, headers={"X-CSRF-Token": "guess"})
    assert_problem(wrong, 403)
    token = client.cookies["tailorcv_csrf"]
    accepted = client.post("/api/v1/resumes", json=body, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201
    assert_problem(client.post("/api/v1/auth/logout"), 403)
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": token}).status_code == 204
    client.cookies.clear()


def test_bearer_requests_need_no_csrf_token(client: Client) -> None:
    auth = register(client)
    assert create_resume(client, auth)["id"]


def test_a_tampered_session_cookie_is_refused(client: Client) -> None:
    register(client, "c@example.com")
    login(client, "c@example.com")
    value = client.cookies["tailorcv_session"]
    client.cookies.clear()
    client.cookies.set("tailorcv_session", value[:-2] + "xx", domain="testserver")
    assert_problem(client.get("/api/v1/me"), 401)
    client.cookies.clear()


def test_repeated_failed_logins_lock_the_email_out(client: Client) -> None:
    register(client, "d@example.com")
    for _ in range(5):
        assert login(client, "d@example.com", "wrong password") == 401
    assert login(client, "d@example.com", "wrong password") == 401  # the lockout starts here
    locked = client.post(
        "/api/v1/auth/login", json={"email": "d@example.com", "password": PASSWORD}
    )
    body = assert_problem(locked, 429)
    assert int(locked.headers["retry-after"]) >= 1
    assert "try again" in body["detail"]
    assert login(client, "other@example.com", "x") == 401, "other accounts are not locked"


def test_failures_from_one_address_lock_it_out_across_emails(
    make_client: Callable[..., Client],
) -> None:
    client = make_client(ratelimit_login="1000/minute")  # the lockout, not the rate, is tested
    for n in range(21):
        assert login(client, f"nobody{n}@example.com", "x") == 401
    assert_problem(
        client.post("/api/v1/auth/login", json={"email": "new@example.com", "password": "x"}), 429
    )


def test_passwords_are_never_logged(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    secret = "Pa55word-that-must-not-leak"
    caplog.set_level(logging.DEBUG)
    client.post("/api/v1/auth/register", json={"email": "e@example.com", "password": secret})
    client.cookies.clear()
    client.post("/api/v1/auth/login", json={"email": "e@example.com", "password": secret + "x"})
    answer = client.post("/api/v1/auth/login", json={"email": "e@example.com", "password": secret})
    client.cookies.clear()
    auth = {"Authorization": f"Bearer {answer.json()['token']}"}
    client.post("/api/v1/auth/register", json={"email": "not-an-email", "password": secret})
    created = create_resume(client, auth)
    client.put(
        f"/api/v1/resumes/{created['id']}/publish",
        json={"slug": "e-page", "password": secret},
        headers=auth,
    )
    assert caplog.records, "requests were logged"
    assert all(secret not in record.getMessage() for record in caplog.records)
    assert secret not in caplog.text


def test_declared_oversized_body_is_refused_before_reading(
    make_client: Callable[..., Client],
) -> None:
    client = make_client(max_upload_bytes=1000)
    auth = register(client)
    big = b"x" * 200_000
    answer = client.post("/api/v1/imports", files={"file": ("cv.txt", big)}, headers=auth)
    body = assert_problem(answer, 413)
    assert "limit" in body["detail"]


def test_a_json_body_is_a_document_and_has_a_document_s_limit(client: Client) -> None:
    """10 MB of nested arrays cost the JSON parser ~240 MB before any bound of ours (issue 16):
    a JSON body over 2 MiB is refused before it is read, though uploads may be 10 MB."""
    from tailorcv.web.middleware import MAX_JSON_BYTES

    auth = register(client)
    deep = b"[" * (MAX_JSON_BYTES // 2 + 1) + b"]" * (MAX_JSON_BYTES // 2 + 1)
    headers = {**auth, "Content-Type": "application/json"}
    answer = client.post("/api/v1/resumes", content=deep, headers=headers)
    assert "limit of 2097152 bytes" in assert_problem(answer, 413)["detail"]
    small = client.post("/api/v1/jobs", json={"text": "Engineer\n\nGo and Kafka."}, headers=auth)
    assert small.status_code == 201


def test_streamed_oversized_body_is_cut_off_while_streaming(
    make_client: Callable[..., Client],
) -> None:
    """No Content-Length: the body is counted as it arrives, and reading stops at the limit."""
    client = make_client(max_upload_bytes=1000)
    auth = register(client)
    sent = []

    async def chunks() -> AsyncIterator[bytes]:
        yield b'--B\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\n\r\n'
        for n in range(100):
            sent.append(n)
            yield b"y" * 10_000
        yield b"\r\n--B--\r\n"

    headers = {**auth, "Content-Type": "multipart/form-data; boundary=B"}
    answer = client.post("/api/v1/imports", content=chunks(), headers=headers)
    assert_problem(answer, 413)
    assert len(sent) < 20, "the app stopped reading long before the end"


def test_a_png_named_pdf_is_refused_by_its_bytes(client: Client) -> None:
    auth = register(client)
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    answer = client.post(
        "/api/v1/imports", files={"file": ("cv.pdf", png, "application/pdf")}, headers=auth
    )
    assert "PNG" in assert_problem(answer, 415)["detail"]


def test_path_traversal_filenames_are_neutralised(
    client: Client, dispatcher: RecordingDispatcher
) -> None:
    auth = register(client)
    files = {"file": ("../../../etc/passwd", b"Ada Lovelace\nEngineer\n", "text/plain")}
    answer = client.post("/api/v1/imports", files=files, headers=auth)
    assert answer.status_code == 202
    services = client.app.state.services
    with services.sessions() as session:
        task_id = dispatcher.enqueued[0][0]
        task = session.get(queries.Task, task_id)
        assert task is not None
        assert task.payload["filename"] == "passwd"
        file = queries.list_files(session, task.owner_id)[0]
        assert file.content_type.startswith("text/plain")
    assert not (services.settings.data_dir / "etc").exists()


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("..\\..\\windows\\system.ini", "system.ini"),
        ("/etc/shadow", "shadow"),
        ("..", "upload"),
        ("cv\x00.pdf\n", "cv.pdf"),
        (".hidden", "hidden"),
        ("Lebenslauf Müller.pdf", "Lebenslauf Müller.pdf"),
        ("", "upload"),
    ],
)
def test_safe_filename(given: str, kept: str) -> None:
    assert safe_filename(given) == kept


def test_two_imports_in_flight_per_user_then_429(client: Client) -> None:
    auth = register(client)
    for n in range(2):
        files = {"file": (f"cv{n}.txt", f"Ada {n}\nEngineer\n".encode())}
        assert client.post("/api/v1/imports", files=files, headers=auth).status_code == 202
    third = client.post("/api/v1/imports", files={"file": ("cv.txt", b"Ada\n")}, headers=auth)
    assert_problem(third, 429)
    assert int(third.headers["retry-after"]) >= 1
    other = register(client)
    fourth = client.post("/api/v1/imports", files={"file": ("c.txt", b"B\n")}, headers=other)
    assert fourth.status_code == 202, "the limit is per user"


def test_request_id_is_echoed_or_made(client: Client) -> None:
    given = client.get("/health/live", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = client.get("/health/live", headers={"X-Request-ID": "bad id\r\nx: y"})
    assert len(made.headers["x-request-id"]) == 32


def test_a_password_hashed_at_older_costs_is_rehashed_at_log_in(
    make_client: Callable[..., Client],
) -> None:
    older = make_client()  # CHEAP_HASHER: m=8
    email = f"rehash-{uuid.uuid4().hex[:8]}@example.com"
    register(older, email)
    newer = make_client(hasher=PasswordHasher(time_cost=1, memory_cost=16, parallelism=1))

    def stored() -> str:
        with newer.app.state.services.sessions() as session:
            user = get_user_by_email(session, email)
            assert user is not None
            return str(user.password_hash)

    assert "m=8," in stored()
    credentials = {"email": email, "password": PASSWORD}
    assert newer.post("/api/v1/auth/login", json=credentials).status_code == 200
    assert "m=16," in stored()  # redone at today's costs, with the same password
    assert newer.post("/api/v1/auth/login", json=credentials).status_code == 200
    wrong = {"email": email, "password": "not the password"}
    assert newer.post("/api/v1/auth/login", json=wrong).status_code == 401
    assert "m=16," in stored()
