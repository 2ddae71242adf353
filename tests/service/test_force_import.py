"""``service.imports.force_import``, the one use case behind the API's ``POST
/imports/{id}/force`` and the page's "Import anyway" (issue 18): the refused file's kept bytes are
imported again with ``force``, by the real runner, and nothing else can be forced."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tailorcv.errors import Conflict, InputNotFound
from tailorcv.service.imports import (
    ImportOrder,
    force_import,
    refused_as_not_a_resume,
    submit_import,
)
from tailorcv.service.limits import Caller
from tailorcv.service.payloads import ImportPayload, read
from tailorcv.service.runtime import Runtime, close_runtimes, runtime_for
from tailorcv.store import queries
from tailorcv.store.models import Task, User
from tailorcv.store.schema import upgrade
from tailorcv.tasks.dispatch import InlineDispatcher
from tests.tasks.conftest import sqlite_settings
from tests.web.test_import_refused import LETTER, RESUME


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    settings = sqlite_settings(tmp_path, ratelimit_enabled=False)
    ctx = runtime_for(settings)
    ctx.dispatcher = InlineDispatcher(settings)  # each task runs at once, by the real runner
    upgrade(ctx.engine)
    yield ctx
    close_runtimes()


def person(runtime: Runtime) -> User:
    with runtime.sessions() as session, session.begin():
        user = queries.create_user(session, f"{uuid.uuid4().hex[:8]}@example.com", "x")
        session.expunge(user)
        return user


def imported(runtime: Runtime, user: User, data: bytes, name: str) -> Task:
    """Submit ``data`` as an import and run its task here, as a worker would."""
    with runtime.sessions() as session:
        order = ImportOrder(io.BytesIO(data), name)
        task_id = submit_import(runtime, session, Caller(user), order, None).task.id
    return ran(runtime, task_id)


def ran(runtime: Runtime, task_id: uuid.UUID) -> Task:
    with runtime.sessions() as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task


def forced(runtime: Runtime, user: User, task_id: uuid.UUID) -> uuid.UUID:
    with runtime.sessions() as session:
        return force_import(runtime, session, Caller(user), task_id, None).task.id


def test_the_refused_bytes_are_imported_again_with_force(runtime: Runtime) -> None:
    user = person(runtime)
    refused = imported(runtime, user, LETTER, "letter.txt")
    assert refused.status == "failed"
    assert refused_as_not_a_resume(refused)
    task = ran(runtime, forced(runtime, user, refused.id))
    assert task.status == "succeeded", task.error
    assert task.result is not None
    assert task.result["warnings"][0].startswith("this looks like a cover letter")
    payload = read(task.kind, task.payload, ImportPayload)
    before = read(refused.kind, refused.payload, ImportPayload)
    assert payload.force
    assert not before.force
    assert (payload.file_key, payload.filename) == (before.file_key, before.filename)


def test_a_forced_import_cannot_be_forced_again(runtime: Runtime) -> None:
    user = person(runtime)
    refused = imported(runtime, user, LETTER, "letter.txt")
    again = ran(runtime, forced(runtime, user, refused.id))
    assert not refused_as_not_a_resume(again), "a forced import is never refused so"
    with pytest.raises(Conflict):
        forced(runtime, user, again.id)


def test_nothing_but_a_refused_import_can_be_forced(runtime: Runtime) -> None:
    user, stranger = person(runtime), person(runtime)
    fine = imported(runtime, user, RESUME, "cv.txt")
    assert fine.status == "succeeded", fine.error
    with pytest.raises(Conflict, match="not refused as not a résumé"):
        forced(runtime, user, fine.id)
    refused = imported(runtime, user, LETTER, "letter.txt")
    with pytest.raises(InputNotFound):
        forced(runtime, stranger, refused.id)
    with runtime.sessions() as session, session.begin():
        render = queries.create_task(session, user.id, "render", {"version_id": str(uuid.uuid4())})
        render.status, render.result = "failed", refused.result
        render_id = render.id
    with pytest.raises(InputNotFound):
        forced(runtime, user, render_id)
