"""The deployment's monitoring path, run for real on loopback: `tailorcv serve --no-worker` and
`tailorcv worker --metrics-port` as compose starts them, deploy's nginx in front of the server,
and a real Prometheus with deploy's scrape config and alert rules scraping both. Every alert and
dashboard query then runs against what tailorcv really exposes.

Only the addresses change (loopback and free ports instead of compose's host names) and the
intervals (1 s instead of 15 s); the database and queue are SQLite, where compose has PostgreSQL
and Redis: what is tested here is how the pieces are wired, not the backends.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.manifests import (
    alert_rules,
    compose,
    dashboard_expressions,
    parse_cli,
    seconds,
    tool,
)
from tests.deploy.running import free_port, nginx_config, prometheus_config, started, wait_until


@dataclass
class Stack:
    edge: str  # nginx
    api: str  # one API replica, directly
    prometheus: str
    worker: subprocess.Popen[bytes]
    logs: list[Path]


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def query(stack: Stack, expr: str) -> dict[str, Any]:
    """Prometheus' answer to an instant query (``status`` is ``success`` or ``error``)."""
    url = f"{stack.prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    _, body = get(url)
    answer: dict[str, Any] = json.loads(body)
    return answer


def values(stack: Stack, expr: str) -> list[tuple[dict[str, str], float]]:
    answer = query(stack, expr)
    assert answer["status"] == "success", answer
    return [(item["metric"], float(item["value"][1])) for item in answer["data"]["result"]]


def compose_args(service: str) -> list[str]:
    """The service's command from compose.yaml, with loopback in place of 0.0.0.0."""
    args = [str(a) for a in compose()["services"][service]["command"]]
    parse_cli(args)
    return ["127.0.0.1" if a == "0.0.0.0" else a for a in args]


def replace_option(args: list[str], option: str, value: str) -> list[str]:
    index = args.index(option)
    return [*args[: index + 1], value, *args[index + 2 :]]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    nginx, prometheus = tool("nginx"), tool("prometheus")
    folder = tmp_path_factory.mktemp("stack")
    api_port, worker_port, edge_port, prom_port = (free_port() for _ in range(4))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAILORCV_")}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(TAILORCV_DATA_DIR=str(folder / "data"), TAILORCV_LOG_FORMAT="json")
    serve = replace_option(compose_args("api-1"), "--port", str(api_port))
    worker = replace_option(compose_args("worker"), "--metrics-port", str(worker_port))
    worker = replace_option(worker, "--workers", "1")
    logs = [folder / name for name in ("serve.log", "worker.log", "nginx.log", "prom.log")]
    python = [sys.executable, "-m", "tailorcv"]
    api = f"http://127.0.0.1:{api_port}"
    with started([*python, *serve], logs[0], env, stop=signal.SIGINT):
        # The worker needs the database the server migrates on its first start.
        wait_until("the API ready", lambda: get(f"{api}/health/ready")[0] == 200 or None, 60, *logs)
        with (
            started([*python, *worker], logs[1], env, stop=signal.SIGINT) as worker_process,
            started(
                [
                    nginx,
                    "-e",
                    "stderr",
                    "-p",
                    f"{folder}/",
                    "-c",
                    str(nginx_config(folder, api_port, edge_port)),
                    "-g",
                    "daemon off;",
                ],
                logs[2],
            ),
            started(
                [
                    prometheus,
                    f"--config.file={prometheus_config(folder, [api_port], [worker_port])}",
                    f"--storage.tsdb.path={folder / 'tsdb'}",
                    f"--web.listen-address=127.0.0.1:{prom_port}",
                ],
                logs[3],
            ),
        ):
            found = Stack(
                edge=f"http://127.0.0.1:{edge_port}",
                api=api,
                prometheus=f"http://127.0.0.1:{prom_port}",
                worker=worker_process,
                logs=logs,
            )
            for url in (f"{found.edge}/health/live", f"{found.prometheus}/-/ready"):
                wait_until(url, lambda url=url: get(url)[0] == 200 or None, 60, *logs)
            yield found


@pytest.fixture(scope="module")
def scraped(stack: Stack) -> Stack:
    """The stack once Prometheus has scraped traffic sent through nginx and a live worker."""
    for _ in range(5):
        assert get(f"{stack.edge}/health/ready")[0] == 200
    assert get(f"{stack.edge}/api/v1/no-such-thing")[0] == 404

    def both_targets_up() -> bool | None:
        found = {m["job"]: v for m, v in values(stack, 'up{job=~"tailorcv-.*"}')}
        return True if found == {"tailorcv-api": 1.0, "tailorcv-worker": 1.0} else None

    wait_until("both targets up", both_targets_up, 60, *stack.logs)
    wait_until(
        "a worker heartbeat in Prometheus",
        lambda: values(stack, "max(tailorcv_workers_alive) >= 1") or None,
        60,
        *stack.logs,
    )
    wait_until(
        "the requests through nginx in Prometheus",
        lambda: (
            values(stack, 'tailorcv_http_requests_total{route="/health/ready",status="200"} >= 5')
            or None
        ),
        30,
        *stack.logs,
    )
    wait_until(  # rate() needs two samples in its window
        "a few scrapes of the API",
        lambda: values(stack, 'count_over_time(up{job="tailorcv-api"}[1m]) >= 3') or None,
        30,
        *stack.logs,
    )
    return stack


def test_metrics_answer_the_scraper_but_not_through_nginx(scraped: Stack) -> None:
    status, body = get(f"{scraped.api}/metrics")
    assert status == 200
    assert b"tailorcv_http_requests_total" in body
    status, body = get(f"{scraped.edge}/metrics")
    assert status == 404
    assert b"tailorcv_" not in body


def test_the_worker_target_reports_the_queue(scraped: Stack) -> None:
    found = values(scraped, 'tailorcv_workers_alive{job="tailorcv-worker"}')
    assert [value for _, value in found] == [1.0]
    api = values(scraped, 'tailorcv_workers_alive{job="tailorcv-api"}')
    assert [value for _, value in api] == [1.0], "both targets read the same heartbeat rows"


def test_request_metrics_carry_route_templates(scraped: Stack) -> None:
    routes = {
        m["route"] for m, _ in values(scraped, "sum by (route) (tailorcv_http_requests_total)")
    }
    assert "/health/ready" in routes
    assert not any("no-such-thing" in route for route in routes), "one series per path"


def test_every_alert_expression_evaluates(scraped: Stack) -> None:
    for rule in alert_rules():
        answer = query(scraped, rule["expr"])
        assert answer["status"] == "success", (rule["alert"], answer)
    found = values(scraped, "max(tailorcv_queue_oldest_age_seconds)")
    assert found, "the oldest task age is reported"


def test_every_dashboard_query_evaluates(scraped: Stack) -> None:
    for expr in dashboard_expressions():
        answer = query(scraped, re.sub(r"\$__\w+", "1m", expr))
        assert answer["status"] == "success", (expr, answer)
    latency = values(
        scraped,
        "histogram_quantile(0.95, sum by (le) "
        "(rate(tailorcv_http_request_duration_seconds_bucket[1m])))",
    )
    assert latency, "the latency histogram reaches Prometheus"


def test_prometheus_loaded_the_alert_rules_and_none_fires(scraped: Stack) -> None:
    _, body = get(f"{scraped.prometheus}/api/v1/rules")
    groups = json.loads(body)["data"]["groups"]
    loaded = {rule["name"]: rule for group in groups for rule in group["rules"]}
    assert set(loaded) == {rule["alert"] for rule in alert_rules()}
    assert all(rule["health"] in {"ok", "unknown"} for rule in loaded.values()), loaded
    assert {name for name, rule in loaded.items() if rule["state"] == "firing"} == set()


def test_the_worker_stops_cleanly_on_compose_stop_signal(scraped: Stack) -> None:
    """Last in this module: it stops the worker. What `docker compose stop` sends it, within
    the grace period compose gives, ends it with status 0 and removes its heartbeat row."""
    service = compose()["services"]["worker"]
    scraped.worker.send_signal(getattr(signal, service["stop_signal"]))
    assert scraped.worker.wait(timeout=seconds(service["stop_grace_period"])) == 0
    _, body = get(f"{scraped.api}/metrics")
    assert re.search(rb"(?m)^tailorcv_workers_alive 0(\.0)?$", body), body[-2000:]
