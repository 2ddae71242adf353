"""Administration: dead tasks, retrying them, and the state of the queue and its workers.
Admins only.

Anyone else, signed in or not, gets exactly the 404 of a route that does not exist, whatever the
method (a 405 would say the path exists), and the routes are left out of the OpenAPI document,
so that they cannot be discovered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from tailorcv.store import queries
from tailorcv.store.models import Task, TaskStatus, User, utcnow
from tailorcv.store.worker_queries import WORKER_SEEN_SECONDS
from tailorcv.web import work
from tailorcv.web.deps import ServicesDep, SessionDep, authenticate
from tailorcv.web.problems import Conflict, CsrfRefused, Unauthenticated
from tailorcv.web.schemas import (
    AdminTask,
    AdminTaskPage,
    QueueReport,
    TaskPublic,
    WorkerSeen,
)


def require_admin(request: Request, services: ServicesDep, session: SessionDep) -> User:
    """The signed-in admin; the 404 of an unknown route for anyone else."""
    try:
        user = authenticate(request, services, session).user
    except (Unauthenticated, CsrfRefused):
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
    tasks = queries.list_tasks_by_status(session, status, limit + 1, offset)
    items = [AdminTask.model_validate(task) for task in tasks[:limit]]
    return AdminTaskPage(items=items, next_offset=offset + limit if len(tasks) > limit else None)


@router.post("/tasks/{task_id}/retry")
def retry(
    task_id: uuid.UUID, _admin: Admin, services: ServicesDep, session: SessionDep
) -> TaskPublic:
    """Queue a dead or failed task again, its attempts reset, and hand it to the dispatcher."""
    task = queries.retry_task(session, task_id)
    if task is None:
        if session.get(Task, task_id) is None:
            raise work.not_found("task", task_id)
        raise Conflict(f"task {task_id} is not dead or failed; only those can be retried")
    work.dispatch(services, session, work.Submitted(task, new=True))
    return TaskPublic.model_validate(task)


@router.get("/queue")
def queue(_admin: Admin, services: ServicesDep, session: SessionDep) -> QueueReport:
    """Queued tasks by priority and kind, the oldest one's age, what is running, and the
    workers alive (heartbeat seen in the last ``WORKER_SEEN_SECONDS``)."""
    stats = queries.queue_stats(session)
    oldest = stats.oldest_queued_at
    pending = getattr(services.dispatcher, "pending", None)
    now = utcnow()
    workers = [
        WorkerSeen.model_validate(row)
        for row in queries.workers_seen(session, now - timedelta(seconds=WORKER_SEEN_SECONDS))
    ]
    return QueueReport(
        queued=sum(stats.by_kind.values()),
        running=stats.running,
        by_priority=dict(sorted(stats.by_priority.items(), reverse=True)),
        by_kind=stats.by_kind,
        oldest_queued_seconds=None if oldest is None else (now - oldest).total_seconds(),
        pending_messages=_pending(pending),
        workers_seen=len(workers),
        workers=workers,
    )


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


def _pending(count: object) -> int | None:
    """Messages in the queue, or None when the dispatcher cannot count them or the queue fails."""
    if not callable(count):
        return None
    try:
        return int(count())
    except Exception:  # the queue being down must not break the admin's view of the rows
        return None
