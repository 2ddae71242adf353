"""What the use cases that submit work share: choosing the version to work on, writing the
task row, and the one commit-then-enqueue routine.

A task always works on an immutable version, so that its result can be cached and re-run: when a
request names a résumé, its working draft is used, snapshotted as a ``draft`` version unless the
newest version already holds exactly that document.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.orm import Session

from tailorcv.errors import InputNotFound
from tailorcv.ops.logs import get_logger, request_id
from tailorcv.service.payloads import Payload
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import Source, TaskEnvelope, TaskPublic
from tailorcv.store import queries
from tailorcv.store.models import Task, User, Version, utcnow
from tailorcv.tasks.options import fair_priority, priority_for

if TYPE_CHECKING:
    from tailorcv.tasks.dispatch import Dispatcher

log = get_logger(__name__)


def not_found(what: str, ident: object) -> InputNotFound:
    """The one 404 for any id that is unknown or someone else's: it reveals nothing."""
    return InputNotFound(f"no {what} {ident}")


def version_for(session: Session, owner_id: uuid.UUID, source: Source) -> Version:
    """The version ``source`` names, or a snapshot of the named résumé's working draft."""
    if source.version_id is not None:
        version = queries.get_version(session, owner_id, source.version_id)
        if version is None:
            raise not_found("version", source.version_id)
        return version
    assert source.resume_id is not None
    resume = queries.get_resume(session, owner_id, source.resume_id)
    versions = queries.list_versions(session, owner_id, source.resume_id)
    if resume is None or versions is None:
        raise not_found("résumé", source.resume_id)
    if versions and versions[0].content_hash == queries.content_hash(resume.draft):
        return versions[0]
    added = queries.add_version(session, owner_id, resume.id, "draft", resume.draft)
    assert added is not None, "the résumé was found owned above"
    return added


@dataclass(frozen=True)
class Submitted:
    task: Task
    new: bool  # False when an Idempotency-Key found an existing task, or ``earlier`` is True
    earlier: bool = False  # True when a task done before answers (a render made before)


def create(
    session: Session, user: User, payload: Payload, key: str | None, *, rank: int
) -> Submitted:
    """A task row of ``payload``'s kind in the session's transaction (not committed); an
    existing one for ``key``.

    Its priority is ``rank`` lowered by the owner's active tasks (fair queueing, docs/queue.md).
    The request's id travels in the payload into the task's logs.
    """
    before: datetime = utcnow()
    priority = fair_priority(rank, queries.active_tasks(session, user.id))
    traced = payload.model_copy(update={"request_id": request_id()}) if request_id() else payload
    task = queries.create_task(
        session, user.id, payload.kind, traced.stored(), key, priority=priority
    )
    return Submitted(task, key is None or task.created_at >= before)


class Queued(Protocol):
    """What the queue needs of a committed task row (a ``Task`` is one)."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def kind(self) -> str: ...
    @property
    def priority(self) -> int: ...


@dataclass(frozen=True)
class Committed:
    """A task row written in bulk (a batch's), as the queue needs it."""

    id: uuid.UUID
    kind: str
    priority: int


def commit_then_enqueue(runtime: Runtime, session: Session, tasks: Iterable[Queued]) -> None:
    """The one way work reaches the queue: commit, then hand each new task to the dispatcher.

    A crash in between leaves a queued row that recovery re-enqueues, while the other order
    could run a task whose row does not exist. For the same reason a queue that refuses a task
    does not fail the request: the rows are stored, recovery delivers them once the queue is
    back, and ``/health/ready`` reports it."""
    session.commit()
    deliver_committed(runtime.dispatcher, tasks)


def deliver_committed(dispatcher: Dispatcher, tasks: Iterable[Queued]) -> None:
    """Hand committed tasks to ``dispatcher``; when the queue refuses one, recovery delivers
    it and the rest."""
    for task in tasks:
        try:
            dispatcher.enqueue(task.id, task.kind, task.priority)
        except Exception:  # the committed row is the truth; recovery re-enqueues the rest
            log.warning("enqueue_failed", task_id=str(task.id), exc_info=True)
            return


def submit(
    runtime: Runtime, session: Session, user: User, payload: Payload, key: str | None
) -> Submitted:
    """A task for ``payload`` at the user's tier's priority, committed, then enqueued."""
    submitted = create(session, user, payload, key, rank=priority_for(user.tier))
    dispatch(runtime, session, submitted)
    return submitted


def dispatch(runtime: Runtime, session: Session, submitted: Submitted) -> None:
    """Commit, then enqueue the task when it is new (not one an Idempotency-Key found)."""
    commit_then_enqueue(runtime, session, [submitted.task] if submitted.new else [])
    session.refresh(submitted.task)  # an inline dispatcher may have finished it already


def resume_changed(runtime: Runtime, resume_id: uuid.UUID) -> None:
    """After a résumé's draft was edited, its page published or unpublished, or the résumé
    deleted: drop what was cached about it (its matches, at once on every replica sharing the
    cache; its public page's row, at once here and within a second elsewhere)."""
    runtime.cache.invalidate(f"resume:{resume_id}")
    for forget in runtime.resume_listeners:
        forget(resume_id)


def job_changed(runtime: Runtime, job_id: uuid.UUID) -> None:
    runtime.cache.invalidate(f"job:{job_id}")


def envelope(task: Task) -> TaskEnvelope:
    return TaskEnvelope(task=TaskPublic.model_validate(task))
