"""Submitting a render or a tailoring: background work on an immutable version.

A render of the same version, template and format is served from what was made before: versions
never change, so neither does their file, and the earlier succeeded task is answered at once.
A render that names no template uses the résumé's own (``meta.template``), else the default.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from tailorcv.errors import InvalidPayload
from tailorcv.render import get_template
from tailorcv.resume import validate
from tailorcv.service import work
from tailorcv.service.limits import Caller
from tailorcv.service.payloads import RenderPayload, TailorPayload, read
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import Engine, LetterRequest, RenderRequest, TailoringRequest
from tailorcv.service.work import Submitted
from tailorcv.store import queries
from tailorcv.store.models import Task, User, Version, utcnow

RECENT = 200  # how many of the user's succeeded tasks are searched for an earlier render


def submit_render(
    runtime: Runtime, session: Session, caller: Caller, order: RenderRequest, key: str | None
) -> Submitted:
    """A queued render task (one ``export`` from the caller's rate limit), or the earlier
    succeeded one when its file still exists (``Submitted.new`` is False then)."""
    runtime.limits.take_action(caller, "export")
    user = caller.signed_in
    if order.template is not None:
        get_template(order.template)  # an unknown template is a 404 now, not a failed task later
    version = work.version_for(session, user.id, order)
    payload = RenderPayload(
        version_id=version.id, template=template_of(version, order.template), format=order.format
    )
    earlier = rendered_before(session, user, payload)
    if earlier is not None:
        session.commit()
        return Submitted(earlier, new=False, earlier=True)
    refuse_when_full(session, user, runtime.settings.storage_per_user_bytes)
    return work.submit(runtime, session, user, payload, key)


def template_of(version: Version, asked: str | None) -> str:
    """The template a render uses: the one asked for, else the résumé's ``meta.template``
    (which falls back to the default, ``resume.model.DEFAULT_TEMPLATE``)."""
    if asked is not None:
        return asked
    return str(validate(version.document).resume.template)


def rendered_before(session: Session, user: User, payload: RenderPayload) -> Task | None:
    """The user's succeeded render of exactly ``payload`` whose file still exists.

    Searches the user's most recent succeeded tasks; an older render is simply made again
    (the blob store keeps one copy of equal bytes)."""
    wanted = (payload.version_id, payload.template, payload.format)
    for task in queries.list_tasks(session, user.id, "succeeded", limit=RECENT):
        if task.kind != "render" or "version_id" not in task.payload or not task.result:
            continue
        try:
            done = read(task.kind, task.payload, RenderPayload)
        except InvalidPayload:
            continue
        if (done.version_id, done.template, done.format) != wanted:
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


def submit_tailoring(
    runtime: Runtime, session: Session, caller: Caller, order: TailoringRequest, key: str | None
) -> Submitted:
    """Tailor a version (or the working draft) to a job; the result is a new version. One
    ``tailor`` from the caller's rate limit."""
    runtime.limits.take_action(caller, "tailor")
    user = caller.signed_in
    version = version_for_job(session, user, order, order.template)
    refuse_when_full(session, user, runtime.settings.storage_per_user_bytes)  # a new version
    payload = TailorPayload(
        version_id=version.id,
        job_id=order.job_id,
        pages=order.pages,
        template=order.template,
        engine=engine_for(order.engine, runtime),
    )
    return work.submit(runtime, session, user, payload, key)


def version_for_job(
    session: Session, user: User, order: TailoringRequest | LetterRequest, template: str | None
) -> Version:
    """The version a tailoring or a letter works on, once its template and job are known to
    exist (an unknown one is a 404 now, not a failed task later)."""
    if template is not None:
        get_template(template)
    version = work.version_for(session, user.id, order)
    if queries.get_job(session, user.id, order.job_id) is None:
        raise work.not_found("job", order.job_id)
    return version


def engine_for(asked: Engine | None, runtime: Runtime) -> Engine:
    """The engine a task uses: the one asked for, else ``llm`` when a model is configured."""
    if asked is not None:
        return asked
    return "llm" if runtime.settings.llm_base_url else "offline"
