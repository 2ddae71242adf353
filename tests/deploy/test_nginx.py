"""deploy/nginx/nginx.conf: ``nginx -t`` on it, then a real nginx on loopback in front of a
small HTTP server, to see what it does with X-Forwarded-For, /metrics, body sizes, gzip,
request ids and upstream keep-alive."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import http.server
import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tailorcv.errors import TooLarge
from tailorcv.ops.settings import Settings
from tests.deploy.manifests import DEPLOY, compose, run, tool
from tests.deploy.running import free_port, nginx_config, started, wait_until

CONF = DEPLOY / "nginx" / "nginx.conf"
MB = 1024 * 1024


def directives(name: str) -> list[str]:
    """The arguments of every ``name …;`` directive in nginx.conf (comments removed)."""
    text = re.sub(r"#.*", "", CONF.read_text())
    return [m.strip() for m in re.findall(rf"(?m)^\s*{name}\s+([^;]*);", text)]


def size(value: str) -> int:
    match = re.fullmatch(r"(\d+)([kKmMgG]?)", value)
    assert match, f"not an nginx size: {value!r}"
    scale = {"": 1, "k": 1024, "m": MB, "g": 1024 * MB}[match.group(2).lower()]
    return int(match.group(1)) * scale


def test_upstream_lists_the_compose_api_replicas() -> None:
    servers = [s.split()[0] for s in directives("server") if ":" in s.split()[0]]
    apis = [
        name for name, s in compose()["services"].items() if s.get("command", [""])[0] == "serve"
    ]
    assert sorted(servers) == sorted(f"{name}:8000" for name in apis)
    assert len(servers) == 2
    assert any(d.startswith(("32", "16", "64")) for d in directives("keepalive"))
    assert directives("proxy_http_version") == ["1.1"]
    assert 'Connection ""' in directives("proxy_set_header")


def test_body_limit_fits_the_upload_limit() -> None:
    """Big enough for a maximal upload with its multipart envelope, not much bigger."""
    (limit,) = directives("client_max_body_size")
    largest_upload = Settings.model_fields["max_upload_bytes"].default
    assert largest_upload < size(limit) <= largest_upload + 2 * MB


def test_forwarded_for_is_replaced_and_timeouts_are_set() -> None:
    headers = dict(d.split(None, 1) for d in directives("proxy_set_header"))
    assert headers["X-Forwarded-For"] == "$remote_addr"
    assert headers["X-Forwarded-Proto"] == "$scheme"
    for name in ("proxy_connect_timeout", "proxy_read_timeout", "proxy_send_timeout"):
        assert directives(name), f"{name} is not set"
    assert directives("gzip") == ["on"]


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    nginx = tool("nginx")
    config = nginx_config(tmp_path, free_port(), free_port())
    result = run(nginx, "-t", "-e", "stderr", "-p", f"{tmp_path}/", "-c", str(config))
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_refuses_a_broken_configuration(tmp_path: Path) -> None:
    """The check above can fail."""
    nginx = tool("nginx")
    config = nginx_config(tmp_path, free_port(), free_port())
    config.write_text(
        config.read_text().replace("client_max_body_size 11m;", "client_max_body_size;")
    )
    result = run(nginx, "-t", "-e", "stderr", "-p", f"{tmp_path}/", "-c", str(config))
    assert result.returncode != 0
    assert "client_max_body_size" in result.stderr


@dataclass
class Upstream:
    """A stand-in API replica: records each request's headers and peer port, answers JSON."""

    port: int
    seen: list[dict[str, Any]] = field(default_factory=list)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as granian speaks it
    upstream: Upstream

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.upstream.seen.append(
            {
                "path": self.path,
                "headers": dict(self.headers.items()),
                "peer_port": self.client_address[1],
                "version": self.request_version,
                "body_bytes": len(body),
            }
        )
        payload = json.dumps({"ok": True, "padding": "x" * 4000}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # the name http.server looks up
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    record = Upstream(port=0)
    handler = type("Handler", (_Handler,), {"upstream": record})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    record.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield record
    server.shutdown()
    server.server_close()


@contextlib.contextmanager
def nginx_in_front_of(folder: Path, upstream_port: int) -> Iterator[int]:
    """A real nginx with deploy's configuration on a loopback port; its port."""
    nginx = tool("nginx")
    port = free_port()
    config = nginx_config(folder, upstream_port, port)
    command = [nginx, "-e", "stderr", "-p", f"{folder}/", "-c", str(config), "-g", "daemon off;"]
    log = folder / "nginx.log"
    with started(command, log):
        wait_until(
            "nginx listening", lambda: socket.create_connection(("127.0.0.1", port)), 10, log
        ).close()
        yield port


@pytest.fixture
def proxy(tmp_path: Path, upstream: Upstream) -> Iterator[int]:
    """deploy's nginx in front of ``upstream``."""
    with nginx_in_front_of(tmp_path, upstream.port) as port:
        yield port


def request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_a_spoofed_forwarded_for_is_replaced(proxy: int, upstream: Upstream) -> None:
    status, _, _ = request(proxy, "GET", "/api/v1/me", {"X-Forwarded-For": "6.6.6.6"})
    assert status == 200
    headers = upstream.seen[-1]["headers"]
    assert headers["X-Forwarded-For"] == "127.0.0.1"
    assert headers["X-Real-IP"] == "127.0.0.1"
    assert headers["X-Forwarded-Proto"] == "http"


def test_metrics_are_not_proxied(proxy: int, upstream: Upstream) -> None:
    for path in ("/metrics", "/metrics/", "/metrics?x=1"):
        status, _, _ = request(proxy, "GET", path)
        assert status == 404, path
    assert upstream.seen == []
    status, _, _ = request(proxy, "GET", "/health/ready")
    assert status == 200
    assert [seen["path"] for seen in upstream.seen] == ["/health/ready"]


def test_a_maximal_upload_passes_and_a_larger_body_is_refused(
    proxy: int, upstream: Upstream
) -> None:
    largest = Settings.model_fields["max_upload_bytes"].default
    envelope = 64 * 1024  # a multipart body: boundaries and part headers around the file
    status, _, _ = request(proxy, "POST", "/api/v1/imports", body=b"a" * (largest + envelope))
    assert status == 200
    assert upstream.seen[-1]["body_bytes"] == largest + envelope
    status, headers, body = request(
        proxy, "POST", "/api/v1/imports", body=b"a" * (largest + 2 * MB)
    )
    assert status == 413
    assert len(upstream.seen) == 1
    assert headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert (problem["type"], problem["status"]) == (TooLarge.type, 413)


def test_no_replica_answering_is_a_problem_to_retry(tmp_path: Path) -> None:
    with nginx_in_front_of(tmp_path, free_port()) as port:  # nothing listens upstream
        status, headers, body = request(port, "GET", "/api/v1/resumes", {"X-Request-ID": "r-1"})
    assert status == 503
    assert headers["content-type"] == "application/problem+json"
    assert headers["retry-after"] == "5"
    assert headers["x-request-id"] == "r-1"
    problem = json.loads(body)
    assert problem["type"] == "https://tailorcv.dev/problems/unavailable"
    assert problem["status"] == 503


def test_json_is_gzipped(proxy: int) -> None:
    status, headers, body = request(proxy, "GET", "/api/v1/resumes", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(body))["ok"] is True
    _, plain, _ = request(proxy, "GET", "/api/v1/resumes")
    assert "content-encoding" not in plain


def test_request_ids_are_kept_or_made(proxy: int, upstream: Upstream) -> None:
    _, headers, _ = request(proxy, "GET", "/", {"X-Request-ID": "abc-123"})
    assert upstream.seen[-1]["headers"]["X-Request-ID"] == "abc-123"
    assert headers["x-request-id"] == "abc-123"
    _, headers, _ = request(proxy, "GET", "/")
    made = upstream.seen[-1]["headers"]["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert headers["x-request-id"] == made


def test_upstream_connections_are_kept_alive(proxy: int, upstream: Upstream) -> None:
    for _ in range(3):
        request(proxy, "GET", "/")
    assert {seen["version"] for seen in upstream.seen} == {"HTTP/1.1"}
    assert len({seen["peer_port"] for seen in upstream.seen}) == 1, "a new connection each time"
    assert all("Connection" not in seen["headers"] for seen in upstream.seen)
