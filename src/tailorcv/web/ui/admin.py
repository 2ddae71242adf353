"""Admin (admins only): the queue by priority, the oldest wait, the workers alive, dead tasks
with retry, and the users with their tiers.

Anyone else gets the 404 of a page that does not exist, as the admin API answers. The queue
report and the retry are the use cases the admin API calls (``service.admin``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from fastapi import APIRouter, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from tailorcv.errors import UserError
from tailorcv.service import admin
from tailorcv.store.models import User
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.ui.imports import sentence
from tailorcv.web.ui.pages import SignedIn, Viewer, go, not_found, render

router = APIRouter()
USERS_SHOWN = 100


def admin_only(me: Viewer) -> Viewer:
    if not me.user.is_admin:
        raise not_found("page")
    return me


def newest_users(session: Session, limit: int = USERS_SHOWN) -> Sequence[User]:
    """Everyone's accounts, newest first: an admin's read-only view, not scoped by owner."""
    return session.scalars(select(User).order_by(User.created_at.desc()).limit(limit)).all()


@router.get("/admin")
def page(
    request: Request, me: SignedIn, services: ServicesDep, session: SessionDep, error: str = ""
) -> Response:
    admin_only(me)
    context = {
        "q": admin.queue_report(services, session),
        "dead": admin.task_page(session, "dead", limit=50, offset=0).items,
        "users": newest_users(session),
        "error": error,
    }
    return render(request, "admin.html", context, me=me)


@router.post("/admin/tasks/{task_id}/retry")
def retry(
    request: Request, task_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    admin_only(me)
    try:
        admin.retry(services, session, task_id)
    except UserError as exc:
        session.rollback()
        return page(request, me, services, session, sentence(exc.message))
    return go(request, "/admin")
