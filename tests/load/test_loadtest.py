"""The load test's journeys and scenarios against a real ``tailorcv serve`` (embedded SQLite
and queue, two worker processes), for a few seconds each; and its bad inputs.

The server trusts loopback as a proxy, so each simulated person is limited by its own
``X-Forwarded-For`` address, and its per-user render and request limits are raised: the
``render`` scenario renders flat out, which the default of 10 renders a minute would refuse.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from tailorcv.cli import app
from tailorcv.load import LoadTest, run_in_subprocess
from tailorcv.load.journeys import TaskLog, Visitor, mixed_visit
from tailorcv.load.report import percentile
from tests.scale.cluster import free_port

SERVER_ENV = {
    "TAILORCV_TRUSTED_PROXIES": "127.0.0.1",
    "TAILORCV_RATELIMIT_USER": "100000/minute",
    "TAILORCV_RATELIMIT_EXPORT": "100000/minute",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("served")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAILORCV_")}
    env.update(SERVER_ENV, TAILORCV_DATA_DIR=str(folder))
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "tailorcv", "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _ready(url):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield url
    finally:
        server.send_signal(signal.SIGTERM)  # the server stops its worker with SIGINT
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class HttpxClient:
    """The journeys' client protocol over httpx (Locust's is the other one)."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)

    def request(self, method: str, url: str, name: str | None = None, **kwargs: Any) -> Any:
        if "data" in kwargs:
            kwargs["content"] = kwargs.pop("data")
        return self.http.request(method, url, **kwargs)


def test_the_whole_journey_works_and_logs_its_tasks(served: str) -> None:
    log = TaskLog()
    client = HttpxClient(served)
    visitor = Visitor(client, log)
    try:
        visitor.register()
        visitor.import_resume()
        mixed_visit(visitor, think=lambda: None)
    finally:
        client.http.close()
    assert log.visits == 1
    assert sorted(task.kind for task in log.tasks) == ["import", "render", "tailor"]
    assert {task.status for task in log.tasks} == {"succeeded"}
    assert all(task.service_s > 0 for task in log.tasks)
    page = httpx.get(f"{served}/r/{visitor.slug}")
    assert page.status_code == 200


@pytest.mark.parametrize(
    ("scenario", "seconds", "path"),
    [("render", 6, "/api/v1/renders"), ("public", 4, "/r/[slug]"), ("mixed", 10, "/api/v1/jobs")],
)
def test_a_scenario_runs_headless_and_reports(
    served: str, tmp_path: Path, scenario: str, seconds: float, path: str
) -> None:
    report = tmp_path / "report.json"
    steady = scenario == "render"  # its ramp (four sign-ups) is reported apart
    quick = (0.2, 0.5)  # people who think fast: the journey gets through in seconds
    test = LoadTest(served, 4, 4, seconds, scenario, report, 2, steady, think=quick)
    data = run_in_subprocess(test)
    assert data["think_s"] == list(quick)
    if steady:  # counted anew once every user had started; what came before is apart
        assert data["steady"] is True
        assert set(data["ramp"]) == {"duration_s", "totals", "endpoints", "failures"}
        assert data["duration_s"] < seconds
    assert data["scenario"] == scenario
    assert data["totals"]["requests"] > 0
    assert data["failures"] == []
    assert data["totals"]["failures"] == 0
    names = {row["name"] for row in data["endpoints"]}
    assert path in names
    assert all(row["p95_ms"] >= row["p50_ms"] for row in data["endpoints"])
    for row in data["endpoints"]:  # the counts behind the percentiles, to merge reports exactly
        assert sum(row["histogram"].values()) == row["requests"]
    if scenario == "render":
        assert data["tasks"]["render"]["count"] > 0
        assert data["tasks"]["render"]["service_mean_s"] > 0
    html = report.with_suffix(".html").read_text()
    assert "<html" in html.lower()


def test_a_failed_request_is_reported_by_cause(tmp_path: Path) -> None:
    """Nothing listens on the port: every request fails, and the report says why."""
    report = tmp_path / "report.json"
    data = run_in_subprocess(LoadTest(f"http://127.0.0.1:{free_port()}", 2, 2, 2, "public", report))
    assert data["totals"]["failures"] == data["totals"]["requests"] > 0
    assert any("refused" in failure["error"].lower() for failure in data["failures"])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["ftp://example"], "not an http(s) URL"),
        (["http://127.0.0.1:9", "--scenario", "everything"], "unknown scenario"),
        (["http://127.0.0.1:9", "--think", "5,2"], "0 ≤ LOW ≤ HIGH"),
        (["http://127.0.0.1:9", "--think", "soon"], "give LOW,HIGH seconds"),
    ],
)
def test_loadtest_refuses_bad_inputs(arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["loadtest", *arguments])
    assert result.exit_code == 2
    assert message in result.output


class Scripted:
    """Answers task polls from a script: (status, Retry-After) per poll."""

    def __init__(self, script: list[tuple[str, str | None]]) -> None:
        self.script = script

    def request(self, method: str, url: str, name: str | None = None, **kwargs: Any) -> Any:
        status, retry = self.script.pop(0)
        body = {"id": "t1", "kind": "render", "status": status, "result": {"url": "/f"}}
        headers = {"retry-after": retry} if retry else {}
        return httpx.Response(200, json=body, headers=headers)


def test_polling_waits_as_long_as_the_service_asks() -> None:
    slept: list[float] = []
    client = Scripted([("queued", "3"), ("running", "2"), ("running", None), ("succeeded", None)])
    visitor = Visitor(client, TaskLog(), sleep=slept.append)
    result = visitor.wait_for({"id": "t1", "status": "queued"})
    assert result == {"url": "/f"}
    # its own backoff first (0.1 s), then no sooner than Retry-After, then its backoff again
    assert slept == [0.1, 3.0, 2.0, 0.8]


def test_percentiles_over_several_endpoints_count_every_request() -> None:
    fast = {"histogram": {"10": 90, "20": 8}}  # 98 quick calls
    slow = {"histogram": {"900": 2}}  # 2 slow ones: the 99th percentile, not the 95th
    assert percentile([fast, slow], 0.5) == 10
    assert percentile([fast, slow], 0.95) == 20
    assert percentile([fast, slow], 0.99) == 900
    assert percentile([], 0.95) == 0
