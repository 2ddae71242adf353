"""What every page shares: the templates, who is looking, CSRF on forms, and answers.

A page is signed in by the same session cookie as the API (``web/security.py``). A form that
changes something proves it came from our page as the API's cookie clients do: the CSRF secret
is sent back, in the ``X-CSRF-Token`` header (htmx requests: ``base.html`` sets it for every one)
or in a ``csrf_token`` field (a plain form post, when scripts are off).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from tailorcv.service.accounts import DISABLED
from tailorcv.service.limits import Caller
from tailorcv.store.models import User
from tailorcv.store.queries import user_for_token
from tailorcv.tasks.polling import poll_after
from tailorcv.web.deps import Services, ServicesDep, SessionDep, caller_of
from tailorcv.web.security import CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, csrf_matches
from tailorcv.web.ui.design_form import panel as design_panel
from tailorcv.web.ui.forms import entry_title, label_for

HERE = Path(__file__).parent
STATIC = HERE / "static"
T = TypeVar("T")
_PARAMETER = re.compile(r"\{[^}]+\}")  # a route template's parameter: {resume_id}, {rest:path}


def labelize(name: str, section: str = "") -> str:
    """The label of a résumé field: ``startDate`` → "Start date", work's ``name`` → "Company"."""
    return label_for(section, name)


def under(errors: dict[str, str], path: str) -> bool:
    """Whether any error is for ``path`` or a field inside it."""
    return any(key == path or key.startswith((f"{path}.", f"{path}[")) for key in errors)


def gauge(score: float) -> dict[str, float]:
    """The SVG arc of a 0–100 score on a circle of radius 52 (its stroke-dasharray)."""
    length = round(2 * 3.141592653589793 * 52, 2)
    return {"filled": round(length * max(0.0, min(score, 100.0)) / 100, 2), "length": length}


@functools.cache
def templates() -> Jinja2Templates:
    """The pages' templates (autoescaping ``.html``) and their filters, made when the first
    page is rendered, never at import time (issue 17)."""
    made = Jinja2Templates(directory=HERE / "templates")
    made.env.filters["labelize"] = labelize
    made.env.filters["poll_ms"] = lambda created_at: round(poll_after(created_at) * 1000)
    made.env.filters["gauge"] = gauge
    made.env.filters["under"] = under
    made.env.filters["entry_title"] = entry_title
    made.env.filters["design_panel"] = design_panel  # issue 19: the editor's design controls
    return made


class LoginRequired(Exception):
    """No (valid) session: the browser is sent to the login page, then back."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class PageError(Exception):
    """Something a person should read as a page: a missing résumé, a refused form."""

    def __init__(self, status: int, title: str, detail: str, me: Viewer | None = None) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail
        self.me = me  # who sees it, when signed in: the layout then offers Log out


def not_found(what: str) -> PageError:
    return PageError(404, "Not found", f"There is no {what} here, or it is not yours.")


@dataclass(frozen=True)
class Viewer:
    """The signed-in person, and the CSRF secret their forms carry."""

    user: User
    csrf: str
    token: str


async def viewer(request: Request, services: ServicesDep, session: SessionDep) -> Viewer:
    found = await any_viewer(request, services, session)
    if found.user.disabled_at is not None:  # its session is kept for when it is enabled again
        detail = f"{DISABLED[:1].upper()}{DISABLED[1:]}."
        raise PageError(403, "Account disabled", detail, me=found)
    return found


async def any_viewer(request: Request, services: ServicesDep, session: SessionDep) -> Viewer:
    """The signed-in person, their account disabled or not: a disabled account may still log
    out, and nothing else."""
    cookie = request.cookies.get(SESSION_COOKIE)
    data = services.cookies.read(cookie) if cookie else None
    user = await run_in_threadpool(_signed_in, session, data.token) if data else None
    if data is None or user is None:
        raise LoginRequired(request.url.path)
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER) or await _form_token(request)
        if not csrf_matches(sent, data.csrf):
            raise PageError(403, "Form expired", "This form is out of date: reload the page.")
    return Viewer(user, data.csrf, data.token)


def _signed_in(session: Session, token: str) -> User | None:
    """The token's user, its use noted and committed at once. In a thread, never on the event
    loop: with SQLite, noting the use waits for the write lock, and a wait there stopped every
    request of the process, the lock's holder's included, for the 30 s busy timeout."""
    user = user_for_token(session, token)
    session.commit()
    return user


async def _form_token(request: Request) -> str | None:
    if "form" not in request.headers.get("content-type", ""):
        return None
    form: FormData = await request.form()
    value = form.get("csrf_token")
    return value if isinstance(value, str) else None


async def maybe_viewer(
    request: Request, services: ServicesDep, session: SessionDep
) -> Viewer | None:
    try:
        return await viewer(request, services, session)
    except (LoginRequired, PageError):
        return None


SignedIn = Annotated[Viewer, Depends(viewer)]
EvenDisabled = Annotated[Viewer, Depends(any_viewer)]  # for Log out alone
MaybeSignedIn = Annotated[Viewer | None, Depends(maybe_viewer)]


def caller(request: Request, me: Viewer | None = None) -> Caller:
    """The use cases' view of who is asking (``web.deps.caller_of``)."""
    return caller_of(request, me.user if me else None)


async def off_loop(work: Callable[..., T], *args: Any) -> T:
    """Run a use case in a worker thread, for the async page handlers (async to read their
    form): its queries, writes and password hashing must not block the event loop."""
    return await run_in_threadpool(work, *args)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    me: Viewer | None = None,
) -> HTMLResponse:
    """A template with what the layout needs: the viewer, their CSRF secret, the settings."""
    services: Services = request.app.state.services
    full = {
        "me": me,
        "csrf": me.csrf if me else "",
        "settings": services.settings,
        "path": request.url.path,
        **(context or {}),
    }
    return templates().TemplateResponse(request, name, full, status_code=status)


def go(request: Request, url: str) -> Response:
    """Send the browser to ``url``: ``HX-Redirect`` for htmx, a 303 for a plain form."""
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def get_fallbacks(routers: Iterable[APIRouter]) -> APIRouter:
    """A GET at each address the pages' forms post to, where no page answers, redirected to
    the nearest page above it: ``/resumes/{id}/restore/{version}`` goes to ``/resumes/{id}``.
    A reload after a refused form, a bookmark, an address typed back: each lands on a page,
    never on a 405 in JSON (issue 19). Every page module's forms get it."""
    routes = [route for router in routers for route in router.routes if isinstance(route, APIRoute)]
    pages = [route for route in routes if "GET" in (route.methods or set())]
    fallbacks = APIRouter()
    for path in sorted({route.path for route in routes if "POST" in (route.methods or set())}):
        sample = _PARAMETER.sub("0", path)
        if not any(page.path_regex.match(sample) for page in pages):
            target = page_above(path, {page.path for page in pages})
            fallbacks.add_api_route(path, _redirect_to(target), methods=["GET"])
    return fallbacks


def page_above(path: str, pages: set[str]) -> str:
    """The nearest of ``pages`` above ``path`` (route templates), ``/`` at the top."""
    parts = path.rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        if (above := "/".join(parts) or "/") in pages:
            return above
    return "/"


def _redirect_to(target: str) -> Callable[[Request], Response]:
    def fallback(request: Request) -> Response:
        values = {name: quote(str(value), safe="") for name, value in request.path_params.items()}
        return RedirectResponse(target.format(**values), status_code=303)

    return fallback


async def login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    url = f"/login?next={quote(exc.next_url)}"
    return go(request, url)


async def page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    context = {"title": exc.title, "detail": exc.detail}
    return render(request, "error.html", context, status=exc.status, me=exc.me)


def sentence(message: str) -> str:
    """An error message as a sentence: capitalised, with a full stop."""
    text = message.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def field(form: FormData, name: str, default: str = "") -> str:
    """A text field of a form, trimmed ('' when absent or a file)."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else default
