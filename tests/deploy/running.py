"""Run deploy's nginx and Prometheus, and tailorcv itself, as real processes on loopback.

Each configuration is a copy of the one in deploy/ with only what a test must change rewritten:
host names to 127.0.0.1, ports to free ones, paths into the test's folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
import yaml

from tests.deploy.manifests import DEPLOY

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def nginx_config(folder: Path, upstream_port: int, listen_port: int) -> Path:
    """deploy/nginx/nginx.conf runnable by a test: upstreams and the listener on loopback, pid,
    logs and temporary files in ``folder``, one worker process, and no switch to the image's
    ``nginx`` user (run as root, the workers stay root so they can write in ``folder``)."""
    text = (DEPLOY / "nginx" / "nginx.conf").read_text()
    user = "user root;\n" if os.geteuid() == 0 else ""
    text = re.sub(r"(?m)^user\s+[^;]+;\n", user, text)
    text = re.sub(r"(?m)^worker_processes\s+[^;]+;", "worker_processes 1;", text)
    text = re.sub(r"(?m)^pid\s+[^;]+;", f"pid {folder}/nginx.pid;", text)
    text = re.sub(r"server\s+[\w.-]+:\d+", f"server 127.0.0.1:{upstream_port}", text)
    text = re.sub(r"listen\s+80\b", f"listen 127.0.0.1:{listen_port}", text)
    temp = "".join(
        f"    {kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = text.replace("http {\n", "http {\n" + temp, 1)
    path = folder / "nginx.conf"
    path.write_text(text)
    mime = Path("/etc/nginx/mime.types")
    if mime.exists():
        shutil.copy(mime, folder / "mime.types")
    else:
        (folder / "mime.types").write_text("types { text/html html; }\n")
    return path


def prometheus_config(folder: Path, api_ports: list[int], worker_ports: list[int]) -> Path:
    """deploy/prometheus/prometheus.yml with its targets on loopback and a 1 s scrape and
    evaluation interval; the alert rules are deploy's own file."""
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    config["global"].update(scrape_interval="1s", scrape_timeout="1s", evaluation_interval="1s")
    config["rule_files"] = [str(DEPLOY / "prometheus" / "alerts.yml")]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    api = jobs["tailorcv-api"]
    api["static_configs"] = [
        {**api["static_configs"][0], "targets": [f"127.0.0.1:{p}" for p in api_ports]}
    ]
    worker = jobs["tailorcv-worker"]
    assert worker.pop("dns_sd_configs")[0]["port"] == 9100
    worker["static_configs"] = [{"targets": [f"127.0.0.1:{p}" for p in worker_ports]}]
    jobs["prometheus"]["static_configs"] = [{"targets": []}]
    path = folder / "prometheus.yml"
    path.write_text(yaml.safe_dump(config))
    return path


@contextlib.contextmanager
def started(
    command: list[str], log: Path, env: dict[str, str] | None = None, stop: int = signal.SIGTERM
) -> Iterator[subprocess.Popen[bytes]]:
    """A process in its own session; stopped with ``stop`` on the way out, and its whole group
    killed if it has not exited 30 s later."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(stop)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_until(what: str, probe: Callable[[], T | None], seconds: float, *logs: Path) -> T:
    """Call ``probe`` until it returns something other than None (an OSError counts as None);
    fail naming ``what``, with the tail of ``logs``, after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(OSError):
            found = probe()
            if found is not None:
                return found
        if time.monotonic() > deadline:
            tails = "\n".join(
                f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}"
                for log in logs
                if log.exists()
            )
            pytest.fail(f"{what} did not happen within {seconds} s\n{tails}")
        time.sleep(0.2)
