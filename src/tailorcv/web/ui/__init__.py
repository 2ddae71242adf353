"""The web UI: server-rendered pages (Jinja2) at ``/``, with htmx for the live parts.

Nothing here is built by a bundler: the templates, the stylesheet, a small script and htmx itself
ship inside the package under ``templates/`` and ``static/``, so a server with no network serves
the whole UI. Pages call the same use cases as the JSON API (``tailorcv.service``) and the same
store queries; they add forms, words and layout, not business rules.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from starlette.responses import FileResponse
from starlette.staticfiles import StaticFiles

from tailorcv.web.ui import (
    account,
    admin,
    batches,
    editor,
    home,
    imports,
    jobs,
    outputs,
    photos,
    preview,
    publishing,
    tailoring,
    writing,
)
from tailorcv.web.ui.pages import (
    STATIC,
    LoginRequired,
    PageError,
    get_fallbacks,
    login_required,
    page_error,
)

__all__ = ["install", "ui_router"]


def ui_router() -> APIRouter:
    """Every page's routes, to be mounted at ``/``."""
    router = APIRouter(include_in_schema=False)
    modules = (
        home,
        editor,
        imports,
        jobs,
        tailoring,
        outputs,
        account,
        admin,
        batches,
        writing,
        preview,
        photos,
        publishing,
    )
    for module in modules:
        router.include_router(module.router)
    # Last, so that any page wins: a GET at a form's address redirects to the page above it.
    router.include_router(get_fallbacks(module.router for module in modules))
    return router


def install(app: FastAPI) -> None:
    """Mount the pages, the static files at ``/static`` (and the icon at ``/favicon.ico``), and
    the pages' error handlers."""
    app.include_router(ui_router())
    app.add_api_route("/favicon.ico", favicon, methods=["GET", "HEAD"], include_in_schema=False)
    preview.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(PageError, page_error)


# Every page links static/favicon.svg; a browser still asks for /favicon.ico where no page tells
# it otherwise (a PDF, the JSON of a public page), and each ask was a 404 in the logs. The .ico
# holds the same picture as 16, 32 and 48 px PNGs (Typst drew them from the SVG).
FAVICON = STATIC / "favicon.ico"


async def favicon() -> FileResponse:
    return FileResponse(
        FAVICON, media_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"}
    )
