"""Health: alive (the process answers), ready (its database, queue and storage work, and the
queue worker that ``tailorcv serve`` runs beside it, when it runs one), detailed.

A load balancer asks ``/health/ready`` and takes the replica out while it answers 503, whose
problem names the failing part; ``/health/live`` only fails when the process is stuck, so an
orchestrator restarts it for that alone and not for an outage elsewhere. A worker that died is
started again by serve (``ops.lifecycle.Supervisor``); meanwhile tasks wait in the database.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from tailorcv.errors import BASE
from tailorcv.ops.lifecycle import worker_alive
from tailorcv.store.db import check as check_database
from tailorcv.web.deps import Services, ServicesDep
from tailorcv.web.problems import problem

router = APIRouter(prefix="/health", tags=["health"])
PROBE = b"tailorcv health probe\n"


def _database(services: Services) -> None:
    check_database(services.engine)


def _queue(services: Services) -> None:
    """Ask the dispatcher how much is waiting when it can say (huey's storage answers)."""
    pending = getattr(services.dispatcher, "pending", None)
    if callable(pending):
        pending()


def _storage(services: Services) -> None:
    """Write a new file and delete it: the bytes differ every time, since the store keeps one
    copy of equal bytes and rewriting an existing one would not notice a full disk."""
    key = services.blobs.put(PROBE + secrets.token_hex(16).encode())
    try:
        if not services.blobs.exists(key):
            raise OSError("a file written to the storage cannot be found there")
    finally:
        services.blobs.delete(key)


def _worker(services: Services) -> None:
    if not worker_alive():
        raise RuntimeError(
            "the queue worker this server runs is not running; it is being started again "
            "(see the server's log for worker_died)"
        )


CHECKS: dict[str, Callable[[Services], None]] = {
    "database": _database,
    "queue": _queue,
    "storage": _storage,
}


def checks() -> dict[str, Callable[[Services], None]]:
    """``CHECKS``, and the worker's when this server runs one (not with ``--no-worker``)."""
    if worker_alive() is None:
        return CHECKS
    return {**CHECKS, "worker": _worker}


def run_checks(services: Services) -> dict[str, dict[str, Any]]:
    """Each part's status, with the error's first line and how long the check took."""
    report: dict[str, dict[str, Any]] = {}
    for name, check in checks().items():
        started = time.perf_counter()
        try:
            check(services)
            report[name] = {"status": "ok"}
        except Exception as exc:  # a health check reports any failure instead of raising it
            report[name] = {"status": "failing", "error": str(exc).splitlines()[0][:300]}
        report[name]["ms"] = round((time.perf_counter() - started) * 1000, 2)
    return report


@router.get("/live")
def live() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", response_model=None)
def ready(request: Request, services: ServicesDep) -> Response | dict[str, str]:
    failing = [name for name, part in run_checks(services).items() if part["status"] != "ok"]
    if failing:
        detail = f"not ready: {', '.join(failing)} failing; see /health for the errors"
        return problem(
            503, BASE + "not-ready", "Not ready", detail, request.url.path, failing=failing
        )
    return {"status": "ok"}


@router.get("", response_model=None)
def detailed(services: ServicesDep) -> JSONResponse:
    checks = run_checks(services)
    healthy = all(part["status"] == "ok" for part in checks.values())
    body = {"status": "ok" if healthy else "failing", "checks": checks}
    return JSONResponse(body, status_code=200 if healthy else 503)
