"""The app in a real server (uvicorn in a thread, as encode/httpx's tests do), over real HTTP.

uvicorn is not a declared dependency yet (``tailorcv serve`` will run granian); the test skips
when it is not installed.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tailorcv.ops.settings import Settings
from tailorcv.web import create_app
from tests.web.conftest import CHEAP_HASHER, RecordingDispatcher
from tests.web.helpers import PASSWORD, RESUME

uvicorn = pytest.importorskip("uvicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    app = create_app(
        settings.model_copy(update={"max_upload_bytes": 50_000}),
        dispatcher=RecordingDispatcher(),
        password_hasher=CHEAP_HASHER,
    )
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


def test_over_http(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        assert http.get("/health/ready").status_code == 200
        credentials = {"email": "srv@example.com", "password": PASSWORD}
        assert http.post("/api/v1/auth/register", json=credentials).status_code == 202
        token = http.post("/api/v1/auth/login", json=credentials).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        created = http.post("/api/v1/resumes", json={"title": "t", "resume": RESUME}, headers=auth)
        assert created.status_code == 201
        assert created.headers["x-request-id"]
        url = f"/api/v1/resumes/{created.json()['id']}/publish"
        http.put(url, json={"slug": "served"}, headers=auth)
        page = http.get("/r/served", headers={"Accept-Encoding": "gzip"})
        assert page.status_code == 200
        assert page.headers["content-encoding"] == "gzip"
        assert RESUME["basics"]["name"] in page.text
        cached = http.get("/r/served", headers={"If-None-Match": page.headers["etag"]})
        assert cached.status_code == 304
        big = http.post("/api/v1/imports", files={"file": ("cv.txt", b"x" * 200_000)}, headers=auth)
        assert big.status_code == 413
        assert big.headers["content-type"] == "application/problem+json"
        assert http.get("/api/v1/me").status_code == 200, "the cookie holds over plain HTTP"
        http.cookies.clear()
        assert http.get("/api/v1/me").status_code == 401
