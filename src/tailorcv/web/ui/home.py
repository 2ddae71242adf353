"""The landing page, registering, logging in and out, and the dashboard with live task status.

Registering and logging in are the use cases the API calls (``service.accounts``), so the rate
limit, the lock-out after failed log-ins, the password rules and the session cookie are the
API's, shown here as words.
Registering makes the account and logs in with the same password in one step: a new address
lands on the dashboard; a taken one is said to be taken only when its password is not the one
typed, which is a failed log-in and counted as one (issue 16). Both forms come before any
session, so they carry the CSRF secret of their own cookie (``web.security``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from tailorcv.errors import UserError, WeakPassword, WrongCredentials
from tailorcv.service import accounts
from tailorcv.service.schemas import Credentials, Registration
from tailorcv.service.task_names import task_names
from tailorcv.store import queries
from tailorcv.store.models import FINISHED
from tailorcv.web.cookies import issue_cookie
from tailorcv.web.deps import Services, ServicesDep, SessionDep
from tailorcv.web.security import (
    CSRF_HEADER,
    FORM_COOKIE,
    cookie_refusal,
    is_https,
)
from tailorcv.web.ui.pages import (
    EvenDisabled,
    MaybeSignedIn,
    PageError,
    SignedIn,
    caller,
    field,
    go,
    off_loop,
    render,
    sentence,
)

router = APIRouter()
RECENT_TASKS = 10
HOME = "/dashboard"  # where a log-in lands when it was sent nowhere (or somewhere unsafe)
# What may stand unencoded in a path sent back as a redirect (as Starlette's RedirectResponse).
URL_SAFE = ":/%#?=@[]!$&'()*+,;~"


@router.get("/")
def landing(request: Request, me: MaybeSignedIn) -> Response:
    if me is not None:
        return RedirectResponse("/dashboard", status_code=303)
    return render(request, "landing.html")


@router.get("/login")
def login_form(request: Request, services: ServicesDep, next: str = "/dashboard") -> Response:
    context = {"next": safe_next(next), "errors": {}, "email": ""}
    return form_page(request, services, "login.html", context)


@router.post("/login")
async def login(request: Request, services: ServicesDep, session: SessionDep) -> Response:
    form = await request.form()
    email, next_url = field(form, "email"), safe_next(field(form, "next"))
    context: dict[str, Any] = {"next": next_url, "email": email, "errors": {}}
    refusal = cookie_refusal(request.scope)  # first: such a browser drops the form's cookie too
    if refusal is not None:
        context["errors"] = {"form": sentence(refusal)}
        return form_page(request, services, "login.html", context, status=400)
    check_form(request, services, form)
    try:
        body = Credentials(email=email, password=field(form, "password"))
        answer = go(request, next_url)
        started = await off_loop(accounts.log_in, services, session, caller(request), body)
        issue_cookie(services, request, answer, started)
    except ValidationError as exc:
        context["errors"] = field_errors(exc)
        return form_page(request, services, "login.html", context, status=422)
    except UserError as exc:
        context["errors"] = {"form": sentence(exc.message)}
        return form_page(request, services, "login.html", context, status=exc.status)
    services.cookies.clear_form(answer)
    return answer


@router.get("/register")
def register_form(request: Request, services: ServicesDep) -> Response:
    context = {"errors": {}, "email": "", "name": ""}
    return form_page(request, services, "register.html", context)


@router.post("/register")
async def register(request: Request, services: ServicesDep, session: SessionDep) -> Response:
    form = await request.form()
    email, name = field(form, "email"), field(form, "display_name")
    password = field(form, "password")
    context: dict[str, Any] = {"email": email, "name": name, "errors": {}}
    refusal = cookie_refusal(request.scope)
    if refusal is not None:
        context["errors"] = {"form": sentence(refusal)}
        return form_page(request, services, "register.html", context, status=400)
    check_form(request, services, form)
    answer = go(request, "/dashboard")
    try:
        body = Registration(email=email, password=password, display_name=name)
        use_case = accounts.register_and_log_in
        started = await off_loop(use_case, services, session, caller(request), body)
        issue_cookie(services, request, answer, started)
    except ValidationError as exc:
        context["errors"] = field_errors(exc)
        return form_page(request, services, "register.html", context, status=422)
    except WeakPassword as exc:
        context["errors"] = {"password": sentence(exc.message)}
        return form_page(request, services, "register.html", context, status=exc.status)
    except WrongCredentials:
        taken = "This address is already registered, with another password: log in instead."
        context["errors"] = {"email": taken}
        return form_page(request, services, "register.html", context, status=409)
    except UserError as exc:
        context["errors"] = {"form": sentence(exc.message)}
        return form_page(request, services, "register.html", context, status=exc.status)
    services.cookies.clear_form(answer)
    return answer


@router.post("/logout")
def logout(
    request: Request, me: EvenDisabled, services: ServicesDep, session: SessionDep
) -> Response:
    answer = go(request, "/")
    accounts.log_out(session, me.user, me.token)
    services.cookies.clear(answer)
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
    live = any(task.status not in FINISHED for task in tasks)
    return {"tasks": tasks, "names": task_names(session, tasks), "live": live}


def safe_next(url: str) -> str:
    """``url`` when it is a path on this site (percent-encoded, as a header must be), else the
    home page: a crafted log-in link must send no one elsewhere. A browser drops a tab or a
    newline inside a URL (``/<tab>/evil.example`` is ``//evil.example`` to it), and a control
    character cannot stand in the ``HX-Redirect`` header, so none passes (issue 16)."""
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return HOME
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in url):
        return HOME
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return HOME
    return quote(url, safe=URL_SAFE)


def form_page(
    request: Request,
    services: Services,
    name: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> Response:
    """The log-in or registration page, its form carrying the secret of its CSRF cookie."""
    secret = services.cookies.form_secret_or_new(request.cookies.get(FORM_COOKIE))
    page = render(request, name, {**context, "csrf": secret}, status=status)
    services.cookies.issue_form(page, secret, secure=is_https(request.scope))
    return page


def check_form(request: Request, services: Services, form: FormData) -> None:
    """Refuse a log-in or registration form that did not come from our page (login CSRF)."""
    sent = request.headers.get(CSRF_HEADER) or field(form, "csrf_token")
    if not services.cookies.form_matches(request.cookies.get(FORM_COOKIE), sent):
        raise PageError(403, "Form expired", "This form is out of date: reload the page.")


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
