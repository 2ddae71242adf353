"""RFC 9457 problem documents: the one shape every error of the HTTP API takes.

Every ``TailorcvError`` already carries its ``status``, a stable ``type`` and a ``title``, so one
handler serves them all (``InvalidResume`` adds each problem with its path). The few errors only
HTTP knows (no credentials, a missing CSRF token, too many attempts) are declared here, as
``TailorcvError`` subclasses too, so that the core stays free of HTTP. Request validation errors
name each location but never echo the input, which may hold a password. A ``RecursionError`` is
input nested past what Python can walk where no bound of ours caught it first: a 422, not a 500
(issue 16). Anything else is a bug: it answers 500 with the request id to quote, and no internals.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping, Sequence
from typing import Any

import redis
import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from tailorcv.errors import (
    BASE,
    DatabaseUnavailable,
    DocumentRefused,
    HttpError,
    InvalidResume,
    TailorcvError,
)
from tailorcv.ops.logs import get_logger

log = get_logger(__name__)

MEDIA_TYPE = "application/problem+json"
# Starlette's own errors (no such route, method not allowed), as problem types.
HTTP_TYPES = {404: "not-found", 405: "method-not-allowed"}


def problem(
    status: int,
    type_: str,
    title: str,
    detail: str,
    instance: str,
    *,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem+json response."""
    body = {"type": type_, "title": title, "status": status, "detail": detail, "instance": instance}
    return JSONResponse(
        {**body, **extra}, status_code=status, headers=dict(headers or {}), media_type=MEDIA_TYPE
    )


def from_error(exc: TailorcvError, instance: str) -> JSONResponse:
    """The problem for one of tailorcv's own errors."""
    extra: dict[str, Any] = {}
    if isinstance(exc, InvalidResume):
        extra["errors"] = [{"path": p.path, "message": p.message} for p in exc.problems]
    headers = exc.headers if isinstance(exc, HttpError) else None
    detail = exc.message if exc.status < 500 else _internal_detail(exc)
    return problem(exc.status, exc.type, exc.title, detail, instance, headers=headers, **extra)


def _internal_detail(exc: TailorcvError) -> str:
    """A 5xx says what failed without internals, except where the message is meant for users."""
    return exc.message if exc.status == 503 else "an internal error occurred; it has been logged"


def location(loc: Sequence[Any]) -> str:
    """``("body", "resume", "work", 0)`` → ``body.resume.work[0]``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


async def _tailorcv_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TailorcvError)
    if exc.status >= 500:
        log.error("request_failed", error=str(exc), exc_info=exc)
    return from_error(exc, request.url.path)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [{"path": location(e["loc"]), "message": e["msg"]} for e in exc.errors()]
    detail = "; ".join(f"{e['path']}: {e['message']}" for e in errors)
    return problem(
        422, BASE + "invalid-request", "Invalid request", detail, request.url.path, errors=errors
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    slug = HTTP_TYPES.get(exc.status_code, "http-error")
    title = "Not found" if exc.status_code == 404 else str(exc.detail)
    detail = str(exc.detail) if exc.status_code != 404 else f"nothing at {request.url.path}"
    headers = dict(exc.headers or {})
    return problem(exc.status_code, BASE + slug, title, detail, request.url.path, headers=headers)


async def _nested_too_deep(request: Request, exc: Exception) -> Response:
    """Last resort: the résumé paths bound depth themselves (``resume.validate.MAX_DEPTH``), so
    reaching here means a parse without that bound; log it, and tell the client what to fix."""
    log.warning("input_nested_too_deeply", path=request.url.path, error=str(exc))
    detail = "the input is nested too deeply to read; a request needs a few levels — flatten it"
    kind, title = DocumentRefused.type, DocumentRefused.title
    return problem(422, kind, title, detail, request.url.path)


async def _unexpected(request: Request, exc: Exception) -> Response:
    request_id = getattr(request.state, "request_id", "")
    log.error("unhandled_error", request_id=request_id, exc_info=exc)
    detail = f"an unexpected error occurred; quote request id {request_id} when reporting it"
    # This answer is made outside the request id middleware, so it sets the header itself.
    headers = {"X-Request-ID": request_id} if request_id else None
    return problem(
        500, BASE + "internal", "Internal error", detail, request.url.path, headers=headers
    )


# A dependency that does not answer is a 503 the client may retry, not a bug (issue 10's chaos
# test: the database stopped, Redis restarting, the storage's disk full).
DEPENDENCY_ERRORS: tuple[type[Exception], ...] = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,  # every pooled connection busy for db_pool_timeout seconds
    redis.ConnectionError,
    redis.TimeoutError,
    OSError,
)
STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})
RETRY_AFTER_SECONDS = "5"


async def _dependency_down(request: Request, exc: Exception) -> Response:
    headers = {"Retry-After": RETRY_AFTER_SECONDS}
    if isinstance(exc, sqlalchemy.exc.DBAPIError | sqlalchemy.exc.TimeoutError):
        reason = " ".join(str(getattr(exc, "orig", exc)).split())[:200]
        log.warning("database_unavailable", reason=reason)
        error = DatabaseUnavailable("the database is not answering; try again shortly")
        response = from_error(error, request.url.path)
        response.headers.update(headers)
        return response
    if isinstance(exc, redis.RedisError):
        log.warning("redis_unavailable", error=str(exc))
        what = "a shared service (Redis)"
    elif isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
        log.warning("storage_unavailable", error=str(exc))
        what = "file storage"
    else:
        return await _unexpected(request, exc)
    detail = f"{what} is not available right now; try again shortly"
    return problem(
        503, BASE + "unavailable", "Service unavailable", detail, request.url.path, headers=headers
    )


PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem document.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
    },
    "additionalProperties": True,
}


def document_problems(app: FastAPI) -> None:
    """Say in the OpenAPI document what every operation may answer besides success: a problem
    (any 4xx, and 503 while a dependency is down), as ``application/problem+json``, in place
    of FastAPI's ``422`` ``application/json`` validation error, which this API never sends.
    Found by fuzzing the API against its own document (tests/fuzz)."""
    build = app.openapi
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}

    def openapi() -> dict[str, Any]:
        schema = build()  # FastAPI's, built once and cached on the app
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        if "Problem" not in schemas:
            schemas["Problem"] = PROBLEM_SCHEMA
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    responses = operation.setdefault("responses", {})
                    responses.pop("422", None)
                    responses["4XX"] = {
                        "description": "A problem with the request",
                        "content": content,
                    }
                    responses["503"] = {"description": "A dependency is down", "content": content}
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``, and declare their answers in its OpenAPI document."""
    document_problems(app)
    app.add_exception_handler(TailorcvError, _tailorcv_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    for dependency_error in DEPENDENCY_ERRORS:
        app.add_exception_handler(dependency_error, _dependency_down)
    app.add_exception_handler(RecursionError, _nested_too_deep)
    app.add_exception_handler(Exception, _unexpected)
