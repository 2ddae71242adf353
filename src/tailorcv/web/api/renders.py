"""``POST /renders`` and ``POST /tailorings``: background work on an immutable version.

A render of the same version, template and format is served from what was made before: versions
never change, so neither does their file, and the earlier succeeded task answers 200 at once.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from tailorcv.render import get_template
from tailorcv.store import queries
from tailorcv.store.models import Task, User, utcnow
from tailorcv.tasks.options import priority_for
from tailorcv.web import work
from tailorcv.web.deps import CurrentUser, IdempotencyKey, ServicesDep, SessionDep
from tailorcv.web.ratelimits import limited
from tailorcv.web.schemas import RenderRequest, TailoringRequest, TaskEnvelope

router = APIRouter(tags=["work"])
RECENT = 200  # how many of the user's succeeded tasks are searched for an earlier render


@router.post("/renders", status_code=status.HTTP_202_ACCEPTED, dependencies=[limited("export")])
def create_render(
    body: RenderRequest,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
) -> TaskEnvelope:
    """202 and a queued task; 200 and the earlier succeeded task when the file exists."""
    get_template(body.template)  # an unknown template is a 404 now, not a failed task later
    version = work.version_for(session, user.id, body)
    payload = {"version_id": str(version.id), "template": body.template, "format": body.format}
    earlier = rendered_before(session, user, payload)
    if earlier is not None:
        session.commit()
        response.status_code = status.HTTP_200_OK
        return work.envelope(earlier)
    refuse_when_full(session, user, services.settings.storage_per_user_bytes)
    submitted = work.create(session, user, "render", payload, key, rank=priority_for(user.tier))
    work.dispatch(services, session, submitted)
    response.headers["Location"] = f"/api/v1/tasks/{submitted.task.id}"
    return work.envelope(submitted.task)


def rendered_before(session: Session, user: User, payload: dict[str, str]) -> Task | None:
    """The user's succeeded render of exactly ``payload`` whose file still exists.

    Searches the user's most recent succeeded tasks; an older render is simply made again
    (the blob store keeps one copy of equal bytes)."""
    for task in queries.list_tasks(session, user.id, "succeeded", limit=RECENT):
        asked = {k: v for k, v in task.payload.items() if k in payload}  # not its request id
        if task.kind != "render" or asked != payload or not task.result:
            continue
        file = queries.get_file(session, user.id, _uuid(task.result.get("file_id")))
        if file is not None and (file.expires_at is None or file.expires_at > utcnow()):
            return task
    return None


def refuse_when_full(session: Session, user: User, allowed: int) -> None:
    """413 now when what the user keeps (files, résumés, job ads) already fills their
    allowance: any new file or version would go over it. This runs after ``version_for``, so a
    snapshot of the draft that took the user over is refused with the request (nothing is
    committed). A render that fits only partly is refused by the worker, which knows the file's
    size."""
    use = queries.storage_usage(session, user.id)
    if use.total >= allowed:
        raise queries.too_large(
            f"your storage takes {use.total} bytes, the whole storage limit of {allowed} bytes",
            use,
        )


def _uuid(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)


@router.post("/tailorings", status_code=status.HTTP_202_ACCEPTED, dependencies=[limited("tailor")])
def create_tailoring(
    body: TailoringRequest,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
    key: IdempotencyKey = None,
) -> TaskEnvelope:
    """Tailor a version (or the working draft) to a job; the result is a new version."""
    from tailorcv.web.api import writing  # it imports this module

    if body.template is not None:
        get_template(body.template)
    version = work.version_for(session, user.id, body)
    if queries.get_job(session, user.id, body.job_id) is None:
        raise work.not_found("job", body.job_id)
    refuse_when_full(session, user, services.settings.storage_per_user_bytes)  # a new version
    payload = {
        "version_id": str(version.id),
        "job_id": str(body.job_id),
        "pages": body.pages,
        "template": body.template,
        "engine": writing.engine_for(body.engine, services.settings),
    }
    submitted = work.create(session, user, "tailor", payload, key, rank=priority_for(user.tier))
    work.dispatch(services, session, submitted)
    response.headers["Location"] = f"/api/v1/tasks/{submitted.task.id}"
    return work.envelope(submitted.task)
