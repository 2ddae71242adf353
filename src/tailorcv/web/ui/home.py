"""The landing page, registering, logging in and out, and the dashboard with live task status.

Registering and logging in call the API's own functions (``api/auth.py``), so the lockout after
failed logins, the e-mail rules and the session cookie are the API's, shown here as words.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from tailorcv.errors import UserError
from tailorcv.store import queries
from tailorcv.store.models import FINISHED
from tailorcv.web.api import auth
from tailorcv.web.deps import Auth, ServicesDep, SessionDep
from tailorcv.web.schemas import Credentials, Registration
from tailorcv.web.ui.pages import MaybeSignedIn, SignedIn, call, call_off_loop, field, go, render

router = APIRouter()
RECENT_TASKS = 10


@router.get("/")
def landing(request: Request, me: MaybeSignedIn) -> Response:
    if me is not None:
        return RedirectResponse("/dashboard", status_code=303)
    return render(request, "landing.html")


@router.get("/login")
def login_form(request: Request, next: str = "/dashboard") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "errors": {}, "email": ""})


@router.post("/login")
async def login(request: Request, services: ServicesDep, session: SessionDep) -> Response:
    form = await request.form()
    email, next_url = field(form, "email"), safe_next(field(form, "next"))
    context: dict[str, Any] = {"next": next_url, "email": email, "errors": {}}
    try:
        body = Credentials(email=email, password=field(form, "password"))
        answer = go(request, next_url)
        await call_off_loop(auth.login, request, session, body=body, response=answer)
    except ValidationError as exc:
        context["errors"] = field_errors(exc)
        return render(request, "login.html", context, status=422)
    except UserError as exc:
        context["errors"] = {"form": exc.message[:1].upper() + exc.message[1:] + "."}
        return render(request, "login.html", context, status=exc.status)
    return answer


@router.get("/register")
def register_form(request: Request) -> Response:
    return render(request, "register.html", {"errors": {}, "email": "", "name": ""})


@router.post("/register")
async def register(request: Request, services: ServicesDep, session: SessionDep) -> Response:
    form = await request.form()
    email, name = field(form, "email"), field(form, "display_name")
    context: dict[str, Any] = {"email": email, "name": name, "errors": {}}
    try:
        body = Registration(
            email=email,
            password=field(form, "password"),
            display_name=name,
        )
        answer = go(request, "/dashboard")
        await call_off_loop(auth.register, request, session, body=body, response=answer)
    except ValidationError as exc:
        context["errors"] = field_errors(exc)
        return render(request, "register.html", context, status=422)
    except UserError as exc:
        session.rollback()
        context["errors"] = {"email": exc.message}
        return render(request, "register.html", context, status=exc.status)
    return answer


@router.post("/logout")
def logout(request: Request, me: SignedIn, services: ServicesDep, session: SessionDep) -> Response:
    answer = go(request, "/")
    call(auth.logout, request, session, me, auth=Auth(me.user, me.token, "cookie"), response=answer)
    return answer


@router.get("/dashboard")
def dashboard(request: Request, me: SignedIn, session: SessionDep) -> Response:
    context = {
        "resumes": queries.list_resumes(session, me.user.id),
        "jobs": queries.list_jobs(session, me.user.id),
        **task_context(session, me),
    }
    return render(request, "dashboard.html", context, me=me)


@router.get("/dashboard/tasks")
def tasks_fragment(request: Request, me: SignedIn, session: SessionDep) -> Response:
    """The recent tasks, polled by the dashboard while any is unfinished."""
    return render(request, "_tasks.html", task_context(session, me), me=me)


def task_context(session: SessionDep, me: SignedIn) -> dict[str, Any]:
    tasks = queries.list_tasks(session, me.user.id, limit=RECENT_TASKS)
    return {"tasks": tasks, "live": any(task.status not in FINISHED for task in tasks)}


def safe_next(url: str) -> str:
    """Only a path on this site, so a crafted login link cannot send anyone elsewhere."""
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return "/dashboard"


def field_errors(exc: ValidationError) -> dict[str, str]:
    """Pydantic's errors as one sentence per form field, without echoing the input."""
    words = {
        "string_too_short": "is too short",
        "string_too_long": "is too long",
        "string_pattern_mismatch": "does not look right",
    }
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "form"
        limit = error.get("ctx", {}).get("min_length")
        detail = words.get(error["type"], error["msg"])
        if error["type"] in ("string_too_short", "too_short") and limit:
            detail = f"needs at least {limit} characters"
        errors.setdefault(name, f"{LABELS.get(name, name.title())} {detail}.")
    return errors


LABELS = {"email": "The e-mail address", "password": "The password", "display_name": "The name"}
