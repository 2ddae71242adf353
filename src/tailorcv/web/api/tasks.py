"""Tasks: follow background work, list it, cancel what has not started."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from tailorcv.errors import Conflict
from tailorcv.service.schemas import Items, TaskPublic
from tailorcv.service.work import not_found
from tailorcv.store import queries
from tailorcv.store.models import FINISHED, TaskStatus
from tailorcv.tasks.polling import retry_after
from tailorcv.web.deps import CurrentUser, SessionDep

router = APIRouter(prefix="/tasks", tags=["tasks"])


@router.get("/{task_id}")
def read(
    task_id: uuid.UUID, user: CurrentUser, session: SessionDep, response: Response
) -> TaskPublic:
    """The task; while it is unfinished, ``Retry-After`` says when to ask again (sooner for a
    young task, at most every 5 s for an old one: ``tasks.polling``)."""
    task = queries.get_task(session, user.id, task_id)
    if task is None:
        raise not_found("task", task_id)
    if task.status not in FINISHED:
        response.headers["Retry-After"] = retry_after(task.created_at)
    return TaskPublic.model_validate(task)


@router.get("")
def list_all(
    user: CurrentUser, session: SessionDep, status: TaskStatus | None = None
) -> Items[TaskPublic]:
    """The owner's tasks, newest first, optionally of one status."""
    tasks = queries.list_tasks(session, user.id, status)
    return Items(items=[TaskPublic.model_validate(task) for task in tasks])


@router.delete("/{task_id}")
def cancel(task_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> TaskPublic:
    """Cancel an unfinished task; a running one may still finish its work, unrecorded."""
    task = queries.get_task(session, user.id, task_id)
    if task is None:
        raise not_found("task", task_id)
    if task.status in FINISHED:
        raise Conflict(f"task {task_id} has already finished ({task.status}); nothing to cancel")
    cancelled = queries.cancel_task(session, user.id, task_id)
    session.commit()
    if cancelled is None:
        raise Conflict(f"task {task_id} finished before it could be cancelled")
    return TaskPublic.model_validate(cancelled)
