"""Admin (admins only): the queue by priority, the oldest wait, the workers alive, dead tasks
with retry, and the accounts (issue 19): searched by e-mail a page at a time, a tier changed,
disabled and enabled again.

Anyone else signed in gets a page saying it is for admins (403); the admin API answers them
with the 404 of a route that does not exist instead, since an API can be probed for paths and
the pages' own links already show this one. The actions are the use cases the admin API calls
(``service.admin``, ``service.admin_users``), and each form is answered with a redirect back
to the page as it was (its search and page), with what happened (``web.ui.flash``).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import RedirectResponse, Response

from tailorcv.errors import UserError
from tailorcv.service import admin, admin_users
from tailorcv.service.schemas import AdminUserChange
from tailorcv.service.task_names import task_names
from tailorcv.store import queries
from tailorcv.store.models import TIERS
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.ui import flash
from tailorcv.web.ui.pages import PageError, SignedIn, Viewer, field, off_loop, render, sentence

router = APIRouter()
PAGE = "/admin"
USERS_SHOWN = 25
DEAD_SHOWN = 50


def admin_only(me: SignedIn) -> Viewer:
    if not me.user.is_admin:
        raise PageError(
            403,
            "For admins only",
            "This page is for the people who run this tailorcv server. If something about "
            "your account needs changing, ask one of them.",
        )
    return me


Admin = Annotated[Viewer, Depends(admin_only)]


@router.get(PAGE)
def page(
    request: Request,
    me: Admin,
    services: ServicesDep,
    session: SessionDep,
    q: Annotated[str, Query(max_length=320)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    dead = queries.list_tasks_by_status(session, "dead", DEAD_SHOWN, 0)
    shown = flash.read(request, me)
    context: dict[str, Any] = {
        "q": admin.queue_report(services, session),
        "dead": dead,
        "names": task_names(session, dead),
        "users": admin_users.user_page(session, q, USERS_SHOWN, offset),
        "search": q,
        "offset": offset,
        "shown": USERS_SHOWN,
        "tiers": TIERS,
        "notice": shown.get("notice", ""),
        "error": shown.get("error", ""),
    }
    return flash.shown(request, render(request, "admin.html", context, me=me))


@router.post("/admin/tasks/{task_id}/retry")
def retry(
    request: Request, task_id: uuid.UUID, me: Admin, services: ServicesDep, session: SessionDep
) -> Response:
    try:
        admin.retry(services, session, task_id)
    except UserError as exc:
        session.rollback()
        return flash.send(request, f"{PAGE}#h-dead", me, error=sentence(exc.message))
    return flash.send(request, f"{PAGE}#h-dead", me, notice="The task is queued again.")


@router.post("/admin/users/{user_id}")
async def change_user(
    request: Request, user_id: uuid.UUID, me: Admin, services: ServicesDep, session: SessionDep
) -> Response:
    """One account's tier, or disabled or enabled (the button pressed says which)."""
    form = await request.form()
    back = _listing(field(form, "q"), field(form, "offset"))
    action, tier = field(form, "action"), field(form, "tier")
    if action == "tier" and tier in TIERS:
        change = AdminUserChange.model_validate({"tier": tier})
    elif action in ("disable", "enable"):
        change = AdminUserChange(disabled=action == "disable")
    else:
        return flash.send(request, back, me, error="Choose a tier, or disable or enable.")
    try:
        use_case = admin_users.change_user
        changed = await off_loop(use_case, services, session, me.user, user_id, change)
    except UserError as exc:
        session.rollback()
        return flash.send(request, back, me, error=sentence(exc.message))
    return flash.send(request, back, me, notice=_done(action, changed.email, changed.tier))


def _done(action: str, email: str, tier: str) -> str:
    if action == "tier":
        return f"{email} is now on the {tier} tier."
    if action == "disable":
        return f"{email} is disabled: they cannot log in, and their public pages are hidden."
    return f"{email} is enabled again, with everything they had."


def _listing(search: str, offset: str) -> str:
    """The page of accounts a form came from: its search and its place in the list."""
    kept = {"q": search[:320], "offset": offset if offset.isdigit() else "0"}
    return f"{PAGE}?{urlencode(kept)}#h-users"


@router.get("/admin/{_action:path}")
def back_to_the_page(_action: str) -> Response:
    """A form's address opened again (from the history, or typed): the page, not a 405."""
    return RedirectResponse(PAGE, status_code=303)
