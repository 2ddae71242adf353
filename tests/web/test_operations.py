"""Operations at the HTTP edge: rate limits (per user, tier, endpoint class, address, across
replicas), client addresses behind proxies, ``/metrics``, security headers, gzip, and logs that
carry request ids and never secrets."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import update

from tailorcv.ops.logs import configure_logging
from tailorcv.ops.settings import Settings
from tailorcv.store.db import make_engine
from tailorcv.store.models import User
from tailorcv.tasks.runner import run_task
from tests.tasks.consumers import REDIS_URL, redis_or_skip
from tests.web.conftest import Client, RecordingDispatcher
from tests.web.helpers import (
    PASSWORD,
    assert_problem,
    create_job,
    create_resume,
    register,
    resume,
    settle,
)

MakeClient = Callable[..., Client]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def peer_client(client: Client, address: str) -> Client:
    """Another client of the same app (the same replica), connecting from ``address``."""
    return Client(client.app, client.portal, peer=(address, 40000))


def set_tier(settings: Settings, email_or_id: object, tier: str) -> None:
    engine = make_engine(settings)
    with engine.begin() as connection:
        connection.execute(update(User).where(User.id == email_or_id).values(tier=tier))
    engine.dispose()


def me(client: Client, auth: dict[str, str]) -> dict[str, Any]:
    answer = client.get("/api/v1/me", headers=auth)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


# Rate limits


def test_every_api_answer_says_where_the_client_stands(make_client: MakeClient) -> None:
    client = make_client(ratelimit_user="50/minute")
    auth = register(client)
    first = client.get("/api/v1/me", headers=auth)
    second = client.get("/api/v1/me", headers=auth)
    for answer in (first, second):
        for name in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"):
            assert answer.headers[name].isdigit()
            assert answer.headers["X-" + name].isdigit()
    assert first.headers["RateLimit-Limit"] == "50"
    assert (
        int(second.headers["RateLimit-Remaining"]) == int(first.headers["RateLimit-Remaining"]) - 1
    )
    assert 0 < int(first.headers["RateLimit-Reset"]) <= 60


def test_the_user_limit_refuses_with_retry_after_and_a_problem(make_client: MakeClient) -> None:
    client = make_client(ratelimit_user="3/minute")
    auth = register(client)
    assert [client.get("/api/v1/me", headers=auth).status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/v1/me", headers=auth)
    body = assert_problem(refused, 429)
    assert "user rate limit of 3/minute" in body["detail"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["RateLimit-Remaining"] == "0"
    other = register(client)
    assert client.get("/api/v1/me", headers=other).status_code == 200, "others are not limited"


def test_a_higher_tier_gets_a_higher_limit(make_client: MakeClient, settings: Settings) -> None:
    client = make_client(ratelimit_user="2/minute", ratelimit_pro_factor=3)
    auth = register(client)
    set_tier(settings, uuid.UUID(me(client, auth)["id"]), "pro")
    answers = [client.get("/api/v1/me", headers=auth) for _ in range(7)]
    assert [a.status_code for a in answers] == [200] * 6 + [429]  # 3 × 2 per minute
    assert answers[0].headers["RateLimit-Limit"] == "6"


def test_uploads_have_their_own_limit(make_client: MakeClient) -> None:
    client = make_client(ratelimit_upload="1/minute")
    auth = register(client)
    files = {"file": ("cv.pdf", PDF, "application/pdf")}
    assert client.post("/api/v1/imports", files=files, headers=auth).status_code == 202
    refused = client.post("/api/v1/imports", files=files, headers=auth)
    assert "upload rate limit of 1/minute" in assert_problem(refused, 429)["detail"]
    assert client.get("/api/v1/me", headers=auth).status_code == 200, "other calls go on"


def test_tailoring_and_exports_have_their_own_limits(make_client: MakeClient) -> None:
    client = make_client(ratelimit_tailor="1/minute", ratelimit_export="1/minute")
    auth = register(client)
    created = create_resume(client, auth)
    job = create_job(client, auth)
    tailoring = {"version_id": created["version_id"], "job_id": job["id"]}
    assert client.post("/api/v1/tailorings", json=tailoring, headers=auth).status_code == 202
    refused = client.post("/api/v1/tailorings", json=tailoring, headers=auth)
    assert "tailor rate limit" in assert_problem(refused, 429)["detail"]
    assert client.get("/api/v1/me/export", headers=auth).status_code == 200
    assert (
        "export rate limit"
        in assert_problem(client.get("/api/v1/me/export", headers=auth), 429)["detail"]
    )


def test_logins_are_limited_per_client_address(make_client: MakeClient) -> None:
    client = make_client(ratelimit_login="3/minute")
    body = {"email": "nobody@example.com", "password": "wrong"}
    assert [client.post("/api/v1/auth/login", json=body).status_code for _ in range(3)] == [401] * 3
    assert (
        "login rate limit"
        in assert_problem(client.post("/api/v1/auth/login", json=body), 429)["detail"]
    )
    elsewhere = peer_client(client, "192.0.2.44")
    assert elsewhere.post("/api/v1/auth/login", json=body).status_code == 401


def test_a_spoofed_forwarded_for_changes_nothing(make_client: MakeClient) -> None:
    client = peer_client(make_client(ratelimit_ip="3/minute"), "203.0.113.9")
    answers = [
        client.get("/api/v1/templates", headers={"X-Forwarded-For": f"198.51.100.{n}"})
        for n in range(4)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "ip rate limit" in answers[-1].json()["detail"]


def test_a_trusted_proxy_names_the_client(make_client: MakeClient) -> None:
    proxy = peer_client(
        make_client(ratelimit_ip="2/minute", trusted_proxies="10.0.0.0/8"), "10.1.2.3"
    )
    a = {"X-Forwarded-For": "198.51.100.1, 10.9.9.9"}  # client, then a second trusted hop
    b = {"X-Forwarded-For": "198.51.100.2"}
    assert [proxy.get("/api/v1/templates", headers=a).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert proxy.get("/api/v1/templates", headers=b).status_code == 200, "another client"


def test_limits_hold_across_two_replicas_sharing_redis(make_client: MakeClient) -> None:
    redis_or_skip()
    first = make_client(ratelimit_url=REDIS_URL, ratelimit_user="3/minute")
    second = make_client(ratelimit_url=REDIS_URL, ratelimit_user="3/minute")
    auth = register(first)
    codes = [c.get("/api/v1/me", headers=auth).status_code for c in (first, second, first, second)]
    assert codes == [200, 200, 200, 429]


def test_public_pages_health_and_metrics_are_not_limited(make_client: MakeClient) -> None:
    client = make_client(ratelimit_ip="2/minute", ratelimit_global="2/minute")
    for path in ("/health/live", "/r/nobody", "/metrics") * 3:
        answer = client.get(path)
        assert answer.status_code in (200, 404), (path, answer.status_code)
        assert "RateLimit-Limit" not in answer.headers


def test_limits_can_be_turned_off(make_client: MakeClient) -> None:
    client = make_client(ratelimit_enabled=False, ratelimit_user="1/minute")
    auth = register(client)
    assert [client.get("/api/v1/me", headers=auth).status_code for _ in range(3)] == [200] * 3


# Metrics


def scrape(client: Client) -> str:
    answer = client.get("/metrics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return answer.text


def value(text: str, series: str) -> float:
    """The value of one exact series line in the exposition, 0 when absent."""
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_route_template_not_path(client: Client) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    series = (
        'tailorcv_http_requests_total{method="GET",route="/api/v1/resumes/{resume_id}",'
        'status="200"}'
    )
    before = value(scrape(client), series)
    for _ in range(3):
        assert client.get(f"/api/v1/resumes/{created['id']}", headers=auth).status_code == 200
    text = scrape(client)
    assert value(text, series) == before + 3
    assert created["id"] not in text, "ids never become labels"
    assert 'tailorcv_http_request_duration_seconds_bucket{le="0.005",method="GET"' in text
    assert "tailorcv_queue_depth" in text
    assert "tailorcv_queue_oldest_age_seconds" in text
    assert "tailorcv_workers_alive 0.0" in text


def test_metrics_report_the_queue_from_the_database(
    client: Client, dispatcher: RecordingDispatcher
) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    body = {"version_id": created["version_id"], "format": "pdf"}
    assert client.post("/api/v1/renders", json=body, headers=auth).status_code == 202
    text = scrape(client)
    assert sum(value(text, f'tailorcv_queue_depth{{priority="{p}"}}') for p in range(-9, 10)) == 1
    assert value(text, "tailorcv_queue_oldest_age_seconds") >= 0


def test_metrics_count_each_event_of_a_task(inline_client: Client) -> None:
    client = inline_client
    auth = register(client)
    created = create_resume(client, auth)
    events = ("enqueued", "started", "succeeded")
    names = [f'tailorcv_tasks_total{{event="{e}",kind="render"}}' for e in events]
    names.append('tailorcv_task_duration_seconds_count{kind="render"}')
    names.append('tailorcv_task_queue_wait_seconds_count{kind="render"}')
    before = [value(scrape(client), name) for name in names]
    body = {"version_id": created["version_id"], "format": "txt"}
    task = client.post("/api/v1/renders", json=body, headers=auth).json()["task"]
    assert settle(client, auth, task)["status"] == "succeeded"
    after = [value(scrape(client), name) for name in names]
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1, 1, 1, 1]


def test_rejections_are_counted_by_the_limit_that_refused(make_client: MakeClient) -> None:
    client = make_client(ratelimit_user="1/minute")
    auth = register(client)
    series = 'tailorcv_ratelimit_rejections_total{scope="user"}'
    before = value(scrape(client), series)
    client.get("/api/v1/me", headers=auth)
    assert client.get("/api/v1/me", headers=auth).status_code == 429
    assert value(scrape(client), series) == before + 1


def test_metrics_are_hidden_from_other_networks(make_client: MakeClient) -> None:
    client = make_client()
    outsider = peer_client(client, "198.51.100.7")
    assert_problem(outsider.get("/metrics"), 404)
    spoofed = outsider.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
    assert spoofed.status_code == 404, "only the direct peer counts"
    allowed = peer_client(make_client(metrics_allow="198.51.100.0/24"), "198.51.100.7")
    assert "tailorcv_http_requests_total" in scrape(allowed)


# Hardening


def test_answers_carry_security_headers(client: Client) -> None:
    answer = client.get("/api/v1/templates")
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
    public = client.get("/r/nobody")
    assert public.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert public.headers["X-Frame-Options"] == "DENY"


def test_hsts_only_over_tls_directly_or_through_a_trusted_proxy(make_client: MakeClient) -> None:
    client = make_client(trusted_proxies="127.0.0.1")
    assert "Strict-Transport-Security" in client.get("https://testserver/health/live").headers
    plain = client.get("http://testserver/health/live")
    assert "Strict-Transport-Security" not in plain.headers
    forwarded = client.get("http://testserver/health/live", headers={"X-Forwarded-Proto": "https"})
    assert "max-age=" in forwarded.headers["Strict-Transport-Security"]
    outsider = peer_client(client, "198.51.100.7")
    spoofed = outsider.get("http://testserver/health/live", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in spoofed.headers


def test_large_answers_are_gzipped(client: Client) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    answer = client.get(
        f"/api/v1/resumes/{created['id']}", headers={**auth, "Accept-Encoding": "gzip"}
    )
    assert answer.headers["content-encoding"] == "gzip"
    assert answer.json()["id"] == created["id"]  # httpx inflates it


# Logs


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """The app's JSON log lines, written to a buffer for the test; the handlers are restored."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging("json", "info", stream=stream)
    yield stream
    root.handlers, root.level = handlers, level


def records(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_each_request_writes_one_json_line_with_its_context(
    client: Client, json_logs: io.StringIO
) -> None:
    auth = register(client)
    answer = client.get("/api/v1/me", headers={**auth, "X-Request-ID": "trace-me-42"})
    assert answer.headers["X-Request-ID"] == "trace-me-42"
    lines = [r for r in records(json_logs) if r.get("request_id") == "trace-me-42"]
    assert len(lines) == 1
    line = lines[0]
    assert line["event"] == "request"
    assert line["level"] == "info"
    assert line["route"] == "/api/v1/me"
    assert line["status"] == 200
    assert line["user_id"] == me(client, auth)["id"]
    assert line["duration_ms"] >= 0
    assert line["timestamp"].endswith("Z")


def test_the_request_id_travels_into_the_task_and_its_logs(
    client: Client, dispatcher: RecordingDispatcher, settings: Settings, json_logs: io.StringIO
) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    body = {"version_id": created["version_id"], "format": "txt"}
    made = client.post("/api/v1/renders", json=body, headers={**auth, "X-Request-ID": "from-api"})
    task_id = made.json()["task"]["id"]
    run_task(settings, uuid.UUID(task_id))  # as a worker would: no request around it
    task_lines = [r for r in records(json_logs) if r.get("task_id") == task_id]
    assert task_lines, json_logs.getvalue()
    assert {r["request_id"] for r in task_lines} == {"from-api"}
    assert any(r["event"] == "task_ran" and r["status"] == "succeeded" for r in task_lines)


def test_logs_hold_no_password_token_or_resume_contents(
    inline_client: Client, json_logs: io.StringIO
) -> None:
    client = inline_client
    email = "leak-check@example.com"
    client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    answer = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    token = answer.json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    client.cookies.clear()
    client.post("/api/v1/auth/login", json={"email": email, "password": "a-wrong-Pa55word"})
    document = resume(name="Quillon Vantablack", summary="Xenodochial zymurgist of note")
    created = client.post(
        "/api/v1/resumes", json={"title": "Secret title", "resume": document}, headers=auth
    ).json()
    body = {"version_id": created["version_id"], "format": "txt"}
    task = client.post("/api/v1/renders", json=body, headers=auth).json()["task"]
    assert settle(client, auth, task)["status"] == "succeeded"
    text = json_logs.getvalue()
    assert '"event": "request"' in text, "the requests were logged"
    for secret in (PASSWORD, "a-wrong-Pa55word", token, "Quillon", "Xenodochial", "Secret title"):
        assert secret not in text, f"{secret!r} reached the logs"


def test_public_page_views_are_counted_but_not_logged_one_by_one(
    client: Client, json_logs: io.StringIO
) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    url = f"/api/v1/resumes/{created['id']}/publish"
    assert client.put(url, json={"slug": "quiet-page"}, headers=auth).status_code == 200
    series = 'tailorcv_http_requests_total{method="GET",route="/r/{slug}",status="200"}'
    before = value(scrape(client), series)
    assert [client.get("/r/quiet-page").status_code for _ in range(3)] == [200] * 3
    assert client.get("/r/no-such-page").status_code == 404
    assert value(scrape(client), series) == before + 3
    logged = [r["path"] for r in records(json_logs) if r.get("event") == "request"]
    assert "/r/quiet-page" not in logged, "a visitor's view is nobody's business"
    assert "/r/no-such-page" in logged, "a miss is still logged"
    assert url in logged
