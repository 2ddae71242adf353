"""Administration: dead tasks, retrying them, the state of the queue and its workers, and the
accounts (issue 19: listed and searched, a tier changed, disabled and enabled). Admins only.

Anyone else, signed in or not, gets exactly the 404 of a route that does not exist, whatever the
method (a 405 would say the path exists), and the routes are left out of the OpenAPI document,
so that they cannot be discovered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from tailorcv.errors import AccountDisabled, CsrfRefused, Unauthenticated
from tailorcv.service import admin, admin_users
from tailorcv.service.schemas import (
    AdminTaskPage,
    AdminUser,
    AdminUserChange,
    AdminUserPage,
    QueueReport,
    TaskPublic,
)
from tailorcv.store.models import TaskStatus, User
from tailorcv.web.deps import ServicesDep, SessionDep, authenticate


def require_admin(request: Request, services: ServicesDep, session: SessionDep) -> User:
    """The signed-in admin; the 404 of an unknown route for anyone else."""
    try:
        user = authenticate(request, services, session).user
    except (Unauthenticated, CsrfRefused, AccountDisabled):
        raise HTTPException(404) from None
    if not user.is_admin:
        raise HTTPException(404)
    return user


Admin = Annotated[User, Depends(require_admin)]
router = APIRouter(prefix="/admin", tags=["admin"], include_in_schema=False)


@router.get("/tasks")
def list_tasks(
    _admin: Admin,
    session: SessionDep,
    status: TaskStatus = "dead",
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AdminTaskPage:
    """Everyone's tasks of one status (``dead`` by default), newest first, a page at a time."""
    return admin.task_page(session, status, limit, offset)


@router.post("/tasks/{task_id}/retry")
def retry(
    task_id: uuid.UUID, _admin: Admin, services: ServicesDep, session: SessionDep
) -> TaskPublic:
    """Queue a dead or failed task again, its attempts reset, and hand it to the dispatcher."""
    return TaskPublic.model_validate(admin.retry(services, session, task_id))


@router.get("/queue")
def queue(_admin: Admin, services: ServicesDep, session: SessionDep) -> QueueReport:
    """Queued tasks by priority and kind, the oldest one's age, what is running, and the
    workers alive (heartbeat seen in the last ``WORKER_SEEN_SECONDS``)."""
    return admin.queue_report(services, session)


@router.get("/users")
def list_users(
    _admin: Admin,
    session: SessionDep,
    q: Annotated[str, Query(max_length=320, description="Part of the e-mail, any case.")] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AdminUserPage:
    """Everyone's accounts whose e-mail contains ``q``, newest first, a page at a time."""
    return admin_users.user_page(session, q, limit, offset)


@router.patch("/users/{user_id}")
def change_user(
    user_id: uuid.UUID,
    body: AdminUserChange,
    admin: Admin,
    services: ServicesDep,
    session: SessionDep,
) -> AdminUser:
    """Change an account's tier, or disable or enable it; what the body leaves out stays."""
    return admin_users.change_user(services, session, admin, user_id, body)


def hide_other_methods(router: APIRouter) -> None:
    """Give each of ``router``'s paths a last route that takes any method: a method the path's
    own routes take still reaches them, any other gets the 404 of an unknown route unless an
    admin asks, who gets the 405 (issue 16). Without it the router itself answers a wrong method
    with 405 before any dependency runs, telling anyone that the path exists."""
    allowed: dict[str, set[str]] = {}
    for route in router.routes:
        if isinstance(route, APIRoute):
            path = route.path.removeprefix(router.prefix)
            allowed.setdefault(path, set()).update(route.methods or ())
    for path, methods in allowed.items():
        # No methods means every method (Starlette's rule), even one no standard names; an
        # operation id must then be given, as FastAPI derives one from the methods.
        router.add_api_route(
            path,
            _wrong_method(", ".join(sorted(methods))),
            methods=[],
            operation_id=f"admin_other_methods{path}",
        )


def _wrong_method(allow: str) -> Callable[[User], None]:
    def wrong_method(_admin: Admin) -> None:
        raise HTTPException(405, headers={"Allow": allow})

    return wrong_method


hide_other_methods(router)  # after every route above
