"""A NUL character (U+0000) is refused at the edge, the same on every database (issue 16).

PostgreSQL cannot store a NUL in text and answered these requests with 500, while SQLite stored
it. Each request below gets one 422 ``nul-character`` problem, byte for byte the same on SQLite
and PostgreSQL, naming where the NUL is; nothing is written. An imported file is the exception:
its text loses its NULs and the import succeeds.
"""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

import pytest

from tailorcv.web.text import in_form, in_json, places
from tests.web.conftest import Client
from tests.web.helpers import PASSWORD, RESUME, assert_problem, create_resume

P = "https://tailorcv.dev/problems/"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PDF_HEAD = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
HOLDS = "holds a NUL character (U+0000), which no text may hold; remove it and send again"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def register(client: Client, email: str | None = None) -> dict[str, str]:
    """A new account, logged in: its bearer header (whatever registering itself answers)."""
    address = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
    body = {"email": address, "password": PASSWORD}
    made = client.post("/api/v1/auth/register", json=body)
    assert made.status_code in (201, 202), made.text
    answer = client.post("/api/v1/auth/login", json=body)
    assert answer.status_code == 200, answer.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def nul_problem(instance: str, *paths: str, message: str = HOLDS) -> dict[str, Any]:
    """The whole answer expected for a NUL at ``paths``: every member pinned."""
    errors = [{"path": path, "message": message} for path in paths]
    return {
        "type": P + "nul-character",
        "title": "NUL character in text",
        "status": 422,
        "detail": "; ".join(f"{path}: {message}" for path in paths),
        "instance": instance,
        "errors": errors,
    }


def resume_with(**basics: Any) -> dict[str, Any]:
    document = copy.deepcopy(RESUME)
    document["basics"].update(basics)
    return document


def count_rows(client: Client) -> dict[str, int]:
    from sqlalchemy import func, select

    from tailorcv.store.models import ApiToken, Job, Resume, User

    with client.app.state.services.sessions() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (User, ApiToken, Resume, Job)
        }


def test_each_api_write_with_a_nul_is_refused_with_the_same_422(client: Client) -> None:
    """Résumés (title and document), jobs, tokens, register and log-in: each a 500 on
    PostgreSQL before; now the same 422 on both databases, and no row written."""
    auth = register(client)
    before = count_rows(client)
    cases = [
        ("/api/v1/resumes", {"title": "Main\x00", "resume": RESUME}, ["body.title"]),
        (
            "/api/v1/resumes",
            {"title": "Main", "resume": resume_with(name="Ada\x00 Lovelace")},
            ["body.resume.basics.name"],
        ),
        ("/api/v1/jobs", {"text": "Python\x00 engineer; SQL, Docker."}, ["body.text"]),
        ("/api/v1/tokens", {"name": "laptop\x00"}, ["body.name"]),
        ("/api/v1/auth/register", {"email": "ada\x00@example.com", "password": PASSWORD},
         ["body.email"]),
        ("/api/v1/auth/register",
         {"email": "ada@example.com", "password": PASSWORD, "display_name": "Ada\x00"},
         ["body.display_name"]),
        ("/api/v1/auth/login", {"email": "ada\x00@example.com", "password": PASSWORD},
         ["body.email"]),
        ("/api/v1/auth/login", {"email": "ada@example.com", "password": PASSWORD + "\x00"},
         ["body.password"]),
    ]  # fmt: skip
    for url, body, paths in cases:
        answer = client.post(url, json=body, headers=auth)
        assert assert_problem(answer, 422) == nul_problem(url, *paths), (url, answer.text)
    assert count_rows(client) == before


def test_an_existing_resume_cannot_be_given_a_nul(client: Client) -> None:
    auth = register(client)
    made = create_resume(client, auth)
    url = f"/api/v1/resumes/{made['id']}"
    document = resume_with()
    document["work"][0]["highlights"][1] = "Led\x00 a team"
    answer = client.put(url, json={"resume": document}, headers=auth)
    assert assert_problem(answer, 422) == nul_problem(url, "body.resume.work[0].highlights[1]")
    stored = client.get(url, headers=auth).json()["resume"]
    assert stored["work"][0]["highlights"][1] == RESUME["work"][0]["highlights"][1]


def test_every_nul_of_a_document_is_named_in_document_order_keys_included(
    client: Client,
) -> None:
    auth = register(client)
    document = resume_with(name="A\x00", label="B\x00")
    document["basics"]["note\x00"] = "unknown fields are kept, so their keys are text too"
    answer = client.post("/api/v1/resumes", json={"title": "t", "resume": document}, headers=auth)
    body = assert_problem(answer, 422)
    assert [e["path"] for e in body["errors"]] == [
        "body.resume.basics",
        "body.resume.basics.name",
        "body.resume.basics.label",
    ]
    assert body["errors"][0]["message"].startswith("a key holds a NUL character")


def test_the_escaped_text_backslash_u0000_is_not_a_nul(client: Client) -> None:
    """Six characters ``\\u0000`` in a job ad are text like any other, stored as sent."""
    auth = register(client)
    text = "Python engineer; write C strings ending in \\u0000 by hand."
    made = client.post("/api/v1/jobs", json={"text": text}, headers=auth)
    assert made.status_code == 201, made.text
    assert made.json()["text"] == text


def test_the_ui_forms_refuse_a_nul_before_the_page_reads_them(client: Client) -> None:
    """Log-in and register post urlencoded forms (``%00``); refused as the API's bodies are."""
    register(client, "ada@example.com")
    for url, form, path in (
        ("/login", {"email": "ada\x00@example.com", "password": PASSWORD}, "body.email"),
        ("/login", {"email": "ada@example.com", "password": "\x00" + PASSWORD}, "body.password"),
        ("/register", {"email": "bob@example.com", "password": PASSWORD,
                       "display_name": "Bob\x00"}, "body.display_name"),
    ):  # fmt: skip
        answer = client.post(url, data=form)
        assert assert_problem(answer, 422) == nul_problem(url, path)
    refused = client.post("/login", content=b"email=a%00b&password=x", headers=FORM)
    assert assert_problem(refused, 422) == nul_problem("/login", "body.email")
    assert "tailorcv_session" not in client.cookies


def test_a_nul_in_the_query_string_path_or_a_header_is_refused(client: Client) -> None:
    auth = register(client)
    made = create_resume(client, auth)
    url = f"/api/v1/resumes/{made['id']}"
    answer = client.get(f"{url}?saved=a%00b", headers=auth)
    assert assert_problem(answer, 422) == nul_problem(url, "query.saved")
    answer = client.get("/api/v1/templates/classic%00", headers=auth)
    assert assert_problem(answer, 422) == nul_problem("/api/v1/templates/classic%00", "path")
    answer = client.get("/r/some%00page")
    assert assert_problem(answer, 422) == nul_problem("/r/some%00page", "path")
    renders = "/api/v1/renders"
    body = {"version_id": made["version_id"], "template": "classic", "format": "txt"}
    answer = client.post(renders, json=body, headers={**auth, "Idempotency-Key": "k\x00"})
    assert assert_problem(answer, 422) == nul_problem(renders, "header.idempotency-key")


def test_a_multipart_field_with_a_nul_is_refused_but_a_file_may_hold_any_byte(
    client: Client,
) -> None:
    """A batch's job ad is a form field (text): refused. A file is bytes: a PDF is full of
    NULs, and an upload holding them is taken."""
    auth = register(client)
    fields: Any = {"job_text": (None, "Python\x00 engineer"), "title": (None, "Spring")}
    files = {**fields, "files": ("cv.txt", b"Ada Lovelace\nEngineer\n")}
    answer = client.post("/api/v1/batches", files=files, headers=auth)
    assert assert_problem(answer, 422) == nul_problem("/api/v1/batches", "body.job_text")
    # A browser writes a NUL in a part's name as %00; a hand-made body may hold the byte.
    raw = (
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="file"; filename="cv\x00.txt"\r\n\r\n'
        b"Ada Lovelace\n\r\n--b0undary--\r\n"
    )
    multipart = {**auth, "Content-Type": "multipart/form-data; boundary=b0undary"}
    answer = client.post("/api/v1/imports", content=raw, headers=multipart)
    body = assert_problem(answer, 422)
    assert [e["path"] for e in body["errors"]] == ["body.file"]
    pdf = PDF_HEAD + b"\x00" * 64 + b"\n%%EOF\n"
    taken = client.post("/api/v1/imports", files={"file": ("cv.pdf", pdf)}, headers=auth)
    assert taken.status_code == 202, taken.text


def import_file(client: Client, data: bytes) -> dict[str, Any]:
    """Import ``data`` as a new user (uploads are limited per user) and read the résumé made."""
    auth = register(client)
    answer = client.post("/api/v1/imports", files={"file": ("cv", data)}, headers=auth)
    assert answer.status_code == 202, answer.text
    task = answer.json()["task"]
    assert (task["status"], task["error"]) == ("succeeded", None), task
    resume_id = task["result"]["resume_id"]
    found: dict[str, Any] = client.get(f"/api/v1/resumes/{resume_id}", headers=auth).json()
    return found


TEXT_RESUME = (
    "Ada Lovelace\x00\nada@example.com\n\nEXPERIENCE\n"
    "Engineer, Acme\x00 Corp\nJan 2019 - Mar 2021\n"
    "- Built analytical engines and wrote the first programs for them, by hand and on time.\n"
    "- Published notes that later readers took for the first account of general computing.\n"
)


YAML = (
    b"basics:\n  name: Ada Lovelace\n  label: Engineer\n  email: ada@example.com\n"
    b"work:\n  - name: Acme\n    position: Engineer\n    startDate: 2019-01\n"
    b"    summary: Built analytical engines and wrote the first programs for them.\n"
)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(json.dumps(resume_with(name="Ada\x00 Lovelace")).encode(), id="json-escape"),
        pytest.param(
            json.dumps(resume_with(name="Ada Lovelace")).replace("Ada", "A\x00da").encode(),
            id="json-raw-byte",
        ),
        pytest.param(YAML.replace(b"Ada Lovelace", b'"Ada\\0 Lovelace"'), id="yaml-escape"),
        pytest.param(YAML.replace(b"Ada", b"Ada\x00"), id="yaml-raw-byte"),
        pytest.param(TEXT_RESUME.encode(), id="text"),
        pytest.param(TEXT_RESUME.encode("utf-16"), id="text-utf16"),
    ],
)
def test_an_imported_file_holding_a_nul_is_imported_without_it(
    inline_client: Client, data: bytes
) -> None:
    """Before: the import failed three times on PostgreSQL with the SQL statement as its error
    (or was refused as binary data when the NUL was a byte of a text file)."""
    found = import_file(inline_client, data)
    assert "\x00" not in json.dumps(found, ensure_ascii=False)
    assert found["resume"]["basics"]["name"] == "Ada Lovelace"


def chunked(body: bytes, size: int = 100) -> Any:
    """``body`` streamed in chunks, without a Content-Length."""

    async def chunks() -> Any:
        for start in range(0, len(body), size):
            yield body[start : start + size]

    return chunks()


def test_a_body_without_a_nul_reaches_the_route_as_sent(client: Client) -> None:
    auth = register(client)
    body = json.dumps({"title": "Chunked", "resume": resume_with()}).encode()
    headers = {**auth, "Content-Type": "application/json"}
    answer = client.post("/api/v1/resumes", content=chunked(body), headers=headers)
    assert answer.status_code == 201, answer.text
    assert answer.json()["title"] == "Chunked"


def test_an_oversized_body_is_refused_for_its_size_before_it_is_held(make_client: Any) -> None:
    """Declared or streamed, a body over the limit gets the 413, NUL or not: the body limit
    counts the bytes as the NUL check reads them."""
    client = make_client(max_upload_bytes=1000)
    auth = register(client)
    body = json.dumps({"text": "x\x00" * 100_000}).encode()
    headers = {**auth, "Content-Type": "application/json"}
    for content in (body, chunked(body, 64 * 1024)):
        answer = client.post("/api/v1/jobs", content=content, headers=headers)
        assert assert_problem(answer, 413)["type"] == P + "too-large"


def test_unknown_content_is_left_to_the_route(client: Client) -> None:
    """A body of another media type is not text the middleware reads: the route answers it."""
    auth = register(client)
    answer = client.post(
        "/api/v1/jobs", content=b"\x00\x01", headers={**auth, "Content-Type": "text/plain"}
    )
    assert assert_problem(answer, 422)["type"] == P + "invalid-request"


def test_no_nesting_exhausts_the_walk() -> None:
    """The body is walked without recursion: a NUL 50,000 levels down is still found, and a
    body too deep for the JSON parser is left to the route."""
    deep: Any = "a\x00"
    for _ in range(50_000):
        deep = [deep]
    assert places(deep, "body") == [{"path": "body" + "[0]" * 50_000, "message": HOLDS}]
    assert in_json(b"[" * 100_000 + b'"\\u0000"' + b"]" * 100_000) == []


def test_one_answer_names_at_most_twenty_places() -> None:
    found = in_json(json.dumps({"items": ["\x00"] * 1000}).encode())
    assert [place["path"] for place in found] == [f"body.items[{n}]" for n in range(20)]


def test_a_field_is_named_in_utf8_whatever_its_bytes() -> None:
    found = in_form(b"caf%C3%A9=%00&%E2%82%AC=a%00&ok=1&n%00=x&\xff=%00")
    assert [place["path"] for place in found] == ["body.café", "body.€", "body", "body.\ufffd"]


def test_a_failed_import_stores_its_reason_without_the_nul(inline_client: Client) -> None:
    auth = register(inline_client)
    data = b'{"\\u0000note": "no resume keys at the top, so this is no resume at all"}'
    answer = inline_client.post("/api/v1/imports", files={"file": ("cv", data)}, headers=auth)
    task = answer.json()["task"]
    assert task["status"] == "failed", task
    assert "\x00" not in task["error"]
