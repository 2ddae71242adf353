"""`tailorcv serve`: what it prepares, and the whole service running as a person starts it."""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tailorcv.cli import serving
from tailorcv.errors import DatabaseUnavailable
from tailorcv.ops.settings import load_settings
from tailorcv.store.schema import head_revision


def settings_in(folder: Path, **overrides: Any):  # type: ignore[no-untyped-def]
    return load_settings(data_dir=folder, **overrides)


def test_a_secret_is_made_once_per_data_folder_and_kept_private(tmp_path: Path) -> None:
    first = serving.install_secret(settings_in(tmp_path))
    second = serving.install_secret(settings_in(tmp_path))
    assert first == second
    assert len(first["TAILORCV_SECRET_KEY"]) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_configured_secret_is_left_alone(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, secret_key="s" * 40)
    assert serving.install_secret(settings) == {}
    assert not (tmp_path / "secret_key").exists()


def test_the_embedded_database_is_migrated_on_start(tmp_path: Path) -> None:
    assert serving.prepare_database(settings_in(tmp_path)) == head_revision()
    assert (tmp_path / "tailorcv.db").exists()


def test_an_unmigrated_server_database_is_refused(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable):
        serving.prepare_database(settings)


def test_the_demo_owns_the_example_resume_and_can_be_seeded_twice(tmp_path: Path) -> None:
    settings = settings_in(tmp_path)
    serving.prepare_database(settings)
    first = serving.seed_demo(settings)
    again = serving.seed_demo(settings)
    assert first.resume_id == again.resume_id
    assert first.password != again.password
    assert first.token.startswith("tcv_")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, token: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return bytes(response.read())


def test_serve_demo_answers_renders_through_the_queue_and_stops_cleanly(tmp_path: Path) -> None:
    """Two web processes and a queue consumer: one ``/metrics`` counts what all of them did,
    and the render's request id is in the consumer's log line for its task. The calls are the
    ones ``--demo`` prints, as the README says: list the résumés, render a PDF (issue 17)."""
    port = free_port()
    env = {**os.environ, "TAILORCV_DATA_DIR": str(tmp_path)}
    env.pop("TAILORCV_SECRET_KEY", None)
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tailorcv",
                "serve",
                "--demo",
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base)
        printed = log.read_text()
        token = _printed(printed, "API token:")
        listed = replay(_printed(printed, "List résumés:"))
        assert [item["title"] for item in listed["items"]] == ["Example résumé"]
        task = replay(_printed(printed, "Render a PDF:"), request_id="serve-render-1")["task"]
        assert task["kind"] == "render"
        publish = _printed(printed, "Publish a page:")
        assert publish.startswith("curl -X PUT")
        assert f"{base}/r/demo" in publish
        polls = 0
        deadline = time.monotonic() + 30
        while task["status"] not in ("succeeded", "failed", "dead"):
            assert time.monotonic() < deadline, task
            time.sleep(0.1)
            task = json.loads(get(f"{base}/api/v1/tasks/{task['id']}", token))
            polls += 1
        assert task["status"] == "succeeded"
        assert get(base + task["result"]["url"], token).startswith(b"%PDF-")  # the README's PDF
        for _ in range(8):  # enough for both web processes to answer some
            get(f"{base}/api/v1/tasks/{task['id']}", token)
        metrics = _scrape(f"{base}/metrics")
        route = 'route="/api/v1/tasks/{task_id}",status="200"'
        assert metrics[f'tailorcv_http_requests_total{{method="GET",{route}}}'] == polls + 8
        assert metrics['tailorcv_tasks_total{event="succeeded",kind="render"}'] == 1
        assert metrics['tailorcv_tasks_total{event="enqueued",kind="render"}'] == 1
        assert metrics["tailorcv_workers_alive"] == 1
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=40)
    assert _processes_using(tmp_path) == [], "the queue worker outlived the server"
    assert "Traceback" not in log.read_text()
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    ran = [line for line in lines if line["event"] == "task_ran"]
    assert [(line["request_id"], line["status"]) for line in ran] == [
        ("serve-render-1", "succeeded")
    ]


def _printed(output: str, label: str) -> str:
    """What ``serve --demo`` printed after ``label`` at the start of a line."""
    line = next(line for line in output.splitlines() if line.startswith(label))
    return line.removeprefix(label).strip()


def replay(curl: str, request_id: str = "") -> dict[str, Any]:
    """Send what a printed ``curl`` command sends (its -X, -H, -d and URL), with Python."""
    words = iter(shlex.split(curl.split("   ")[0]))  # "   then open …" is advice, not command
    assert next(words) == "curl"
    method, headers, data, url = "GET", {"X-Request-ID": request_id} if request_id else {}, None, ""
    for word in words:
        if word == "-X":
            method = next(words)
        elif word == "-H":
            name, _, value = next(words).partition(": ")
            headers[name] = value
        elif word == "-d":
            data = next(words).encode()
        else:
            assert word.startswith("http://"), f"not understood: {word}"
            assert not url, f"two addresses: {url} {word}"
            url = word
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(json.loads(response.read()))


def _scrape(url: str) -> dict[str, float]:
    """Each series of the Prometheus text at ``url`` with its value."""
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode()
    series = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, number = line.rpartition(" ")
            series[name] = float(number)
    return series


def _processes_using(data_dir: Path) -> list[int]:
    """Processes whose environment points at ``data_dir`` (the server's children inherit it)."""
    marker = f"TAILORCV_DATA_DIR={data_dir}".encode()
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health/ready", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        assert time.monotonic() < deadline, "the server did not become ready"
        time.sleep(0.1)
