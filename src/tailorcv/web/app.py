"""The app factory: ``create_app(settings)`` wires everything explicitly and builds nothing at
import time, so a test (or a second app in one process) makes its own from its own settings.

Layers, outermost first (``served`` puts the public page's fast path, ``web.fastpath``, in
front of them all: a page at hand is answered there): the request's context (id, client
address, log line, metrics; so even a 413 carries an id), security headers, the global and
per-address rate limits, admission (``web.admission``: no more requests at once than the
database pool has connections), gzip, the body size limit (so an oversized body is refused
before it is read), FastAPI's error handling (every error as problem+json), then the routes:
the JSON API under ``/api/v1`` (OpenAPI at ``/api/docs``), the health checks under
``/health``, ``/metrics``, and the public pages under ``/r`` as plain Starlette routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

import tailorcv
from tailorcv.ops.settings import Settings, networks
from tailorcv.service.runtime import Runtime, build_runtime
from tailorcv.service.throttle import Throttle
from tailorcv.store.db import pool_capacity
from tailorcv.web import health, problems, scrape, text, ui
from tailorcv.web.admission import AdmissionMiddleware
from tailorcv.web.api import api_router
from tailorcv.web.deps import Services
from tailorcv.web.fastpath import PublicFastPath
from tailorcv.web.middleware import (
    BodyLimitMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
)
from tailorcv.web.public import PublicPages
from tailorcv.web.ratelimits import RateLimitMiddleware
from tailorcv.web.security import SessionCookies

if TYPE_CHECKING:
    from tailorcv.tasks.dispatch import Dispatcher

API_PREFIX = "/api/v1"
# A multipart body holds the file plus its part headers and boundaries; the file itself is
# held to max_upload_bytes exactly by the import endpoint.
MULTIPART_SLACK = 64 * 1024
BATCH_SLACK = 1024 * 1024  # a batch's form: up to batch_max_items parts' headers and boundaries
PAGE_FREE_FAILURES = {"page": 10, "page-ip": 20}  # wrong passwords of a protected public page
GZIP_MINIMUM = 1024  # bytes; smaller answers are sent as they are
DOCS_URL = "/api/docs"
# Swagger UI's files, shipped in the package (swagger_ui/README.md says which and whence) and
# served under DOCS_URL, so that the docs work offline and keep to CSP_DOCS (issue 16).
SWAGGER_UI = Path(__file__).parent / "swagger_ui"


def create_app(
    settings: Settings,
    *,
    dispatcher: Dispatcher | None = None,
    password_hasher: PasswordHasher | None = None,
) -> FastAPI:
    """The service's ASGI app. ``dispatcher`` defaults to huey on ``settings.queue_url``;
    ``password_hasher`` to argon2id at OWASP's costs (``web.security.HASHER``; tests choose
    cheaper ones)."""
    services = build_services(settings, dispatcher, password_hasher)
    app = FastAPI(
        title="tailorcv",
        version=tailorcv.__version__,
        docs_url=None,  # ours, with Swagger UI from the package: install_docs
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_lifespan,
    )
    app.state.services = services
    problems.install(app)
    app.include_router(api_router(), prefix=API_PREFIX)
    app.include_router(health.router)
    install_docs(app)
    app.router.routes[0:0] = services.pages.routes()  # the hot path is matched first
    ui.install(app)  # the pages at / and their static files at /static
    app.router.routes.append(scrape.route(services, networks(settings.metrics_allow)))
    app.add_middleware(text.NulRefusalMiddleware)  # inside the body limit (issue 16)
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_upload_bytes + MULTIPART_SLACK,
        larger={f"{API_PREFIX}/batches": settings.batch_max_bytes + BATCH_SLACK},  # issue 9
    )
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM)
    app.add_middleware(
        AdmissionMiddleware, limit=pool_capacity(settings), wait_seconds=settings.db_pool_timeout
    )
    app.add_middleware(RateLimitMiddleware, limits=lambda: services.limits)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestContextMiddleware, proxies=networks(settings.trusted_proxies))
    return app


def install_docs(app: FastAPI) -> None:
    """Swagger UI at ``DOCS_URL``, its files at ``DOCS_URL/assets``: nothing from another host
    (no CDN, no favicon from FastAPI's site, no online validator)."""
    assets = f"{DOCS_URL}/assets"
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url or "",
        title=f"{app.title} API",
        swagger_js_url=f"{assets}/swagger-ui-bundle.js",
        swagger_css_url=f"{assets}/swagger-ui.css",
        swagger_favicon_url=f"{assets}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None},
    ).body

    async def docs() -> HTMLResponse:
        return HTMLResponse(page)  # a new answer each time: middleware adds to its headers

    app.add_api_route(DOCS_URL, docs, include_in_schema=False)
    app.mount(assets, StaticFiles(directory=SWAGGER_UI), name="api-docs-assets")


def served(app: FastAPI) -> ASGIApp:
    """What a server runs: ``app`` behind the public page's fast path (``web.fastpath``), which
    answers a page at hand before FastAPI's own layers (about a fifth of a page's time)."""
    services: Services = app.state.services
    proxies = networks(services.settings.trusted_proxies)
    return PublicFastPath(app, services.pages, proxies)


def create_app_from_environment() -> ASGIApp:
    """The app from ``TAILORCV_*`` variables, ``served``: the factory each server worker
    process calls.
    A worker process ends with the server process that spawned it, however that one ended."""
    from tailorcv.ops.lifecycle import die_with_parent
    from tailorcv.ops.logs import configure_for
    from tailorcv.ops.settings import load_settings

    die_with_parent()
    settings = load_settings()
    configure_for(settings)
    return served(create_app(settings))


def build_services(
    settings: Settings,
    dispatcher: Dispatcher | None,
    password_hasher: PasswordHasher | None,
) -> Services:
    """The runtime every door shares (``service.runtime``), with what only HTTP needs: the
    session cookies and the public pages."""
    runtime = build_runtime(
        settings,
        dispatcher=dispatcher,
        make_dispatcher=default_dispatcher,
        password_hasher=password_hasher,
    )
    shared = {f.name: getattr(runtime, f.name) for f in fields(Runtime) if f.init}
    page_failures = Throttle(runtime.limiter, PAGE_FREE_FAILURES)
    pages = PublicPages(runtime.sessions, runtime.passwords, page_failures)
    runtime.resume_listeners.append(pages.forget)
    return Services(
        **shared,
        cookies=SessionCookies(settings.secret_key.get_secret_value()),
        pages=pages,
    )


def default_dispatcher(settings: Settings) -> Dispatcher:
    """huey on ``settings.queue_url``, made when the first task is enqueued (imported here:
    importing the web app imports no queue)."""
    from tailorcv.tasks.dispatch import HueyDispatcher
    from tailorcv.tasks.queue import make_huey

    return HueyDispatcher(make_huey(settings))


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    from tailorcv.web.api.templates import gallery

    await run_in_threadpool(gallery, app.state.services.cache)  # warm the template list
    yield
    services: Services = app.state.services
    await run_in_threadpool(services.pages.flush_views)
    services.close()
