"""``service.resumes``: a save over a newer draft is refused even when two arrive together, a
restore keeps the draft it replaces, a duplicate copies the draft alone (issue 19), on SQLite and
PostgreSQL."""

from __future__ import annotations

import copy
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tailorcv.errors import DraftChanged, InvalidResume
from tailorcv.service import resumes
from tailorcv.service.runtime import Runtime, close_runtimes, runtime_for
from tailorcv.service.schemas import ResumeCreate, ResumeUpdate
from tailorcv.store import queries
from tailorcv.store.models import User
from tailorcv.store.schema import upgrade
from tests.store.conftest import empty_database
from tests.web.helpers import RESUME


@pytest.fixture(params=["sqlite", "postgresql"])
def runtime(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Runtime]:
    with empty_database(str(request.param), tmp_path) as settings:
        chosen = settings.model_copy(
            update={"queue_url": f"sqlite:///{tmp_path / 'queue.db'}", "ratelimit_enabled": False}
        )
        ctx = runtime_for(chosen)
        upgrade(ctx.engine)
        yield ctx
        ctx.engine.dispose()
        close_runtimes()


def person(runtime: Runtime) -> User:
    with runtime.sessions() as session, session.begin():
        user = queries.create_user(session, f"{uuid.uuid4().hex[:8]}@example.com", "x")
        session.expunge(user)
        return user


def named(name: str) -> dict[str, Any]:
    document = copy.deepcopy(RESUME)
    document["basics"]["name"] = name
    return document


def made(runtime: Runtime, user: User) -> tuple[uuid.UUID, str]:
    """A new résumé of ``user``; its id and revision."""
    with runtime.sessions() as session:
        form = ResumeCreate(title="Main", resume=RESUME)
        resume, _version = resumes.create_resume(runtime, session, user, form)
        return resume.id, resumes.revision_of(resume)


def draft(runtime: Runtime, user: User, resume_id: uuid.UUID) -> dict[str, Any]:
    with runtime.sessions() as session:
        found = queries.get_resume(session, user.id, resume_id)
        assert found is not None
        return found.draft


def test_a_save_arriving_while_another_is_written_is_refused_once_it_is(
    runtime: Runtime,
) -> None:
    """Both saves start from the same draft; the first holds the résumé while it writes. The
    second waits for it, then finds the draft changed: it must not pass its check on the draft
    it read before the first was committed."""
    user = person(runtime)
    resume_id, first = made(runtime, user)
    outcome: list[str] = []

    def second() -> None:
        with runtime.sessions() as session:
            try:
                form = ResumeUpdate(resume=named("Second"))
                resumes.update_resume(runtime, session, user, resume_id, form, base=first)
                outcome.append("saved")
            except DraftChanged:
                outcome.append("refused")

    with runtime.sessions() as holder:
        held = queries.lock_resume(holder, user.id, resume_id)
        assert held is not None
        held.draft = named("First")
        holder.flush()
        other = threading.Thread(target=second)
        other.start()
        time.sleep(0.5)  # room for the second save to read the draft, as it would unguarded
        holder.commit()
    other.join(timeout=60)
    assert outcome == ["refused"]
    assert draft(runtime, user, resume_id)["basics"]["name"] == "First"


def test_a_save_from_the_current_revision_goes_through_and_moves_it(runtime: Runtime) -> None:
    user = person(runtime)
    resume_id, first = made(runtime, user)
    with runtime.sessions() as session:
        form = ResumeUpdate(title="Renamed")
        saved = resumes.update_resume(runtime, session, user, resume_id, form, base=first)
        assert resumes.revision_of(saved) != first
    other = ResumeUpdate(title="Other")
    with runtime.sessions() as session, pytest.raises(DraftChanged) as refused:
        resumes.update_resume(runtime, session, user, resume_id, other, base=first)
    assert refused.value.status == 412
    assert refused.value.headers["ETag"] == f'"{resumes.revision("Renamed", RESUME)}"'


def test_a_change_already_made_is_no_conflict(runtime: Runtime) -> None:
    """The same save again from the old base (a reload posting a form again, one edit made in
    two tabs) leaves the draft as it is: it is answered as saved, not refused."""
    user = person(runtime)
    resume_id, first = made(runtime, user)
    form = ResumeUpdate(title="Renamed", resume=named("Ada"))
    for _ in range(2):
        with runtime.sessions() as session:
            resumes.update_resume(runtime, session, user, resume_id, form, base=first)
    assert draft(runtime, user, resume_id) == named("Ada")


def test_an_invalid_save_is_refused_before_the_draft_is_locked(runtime: Runtime) -> None:
    user = person(runtime)
    resume_id, first = made(runtime, user)
    bad = ResumeUpdate(resume={**RESUME, "basics": {"email": "jane at example"}})
    with runtime.sessions() as session, pytest.raises(InvalidResume):
        resumes.update_resume(runtime, session, user, resume_id, bad, base=first)
    with runtime.sessions() as session:  # nothing left locked: the next save goes through
        resumes.update_resume(runtime, session, user, resume_id, ResumeUpdate(), base=first)


def test_a_restore_keeps_the_replaced_draft_as_its_newest_version(runtime: Runtime) -> None:
    user = person(runtime)
    resume_id, _first = made(runtime, user)
    with runtime.sessions() as session:
        versions = queries.list_versions(session, user.id, resume_id) or []
        original = versions[0].id
        resumes.update_resume(runtime, session, user, resume_id, ResumeUpdate(resume=named("B")))
        restored = resumes.restore_version(runtime, session, user, resume_id, original)
        assert restored.kept is not None
        assert (restored.kept.kind, restored.kept.parent_id) == ("draft", original)
        assert restored.kept.document["basics"]["name"] == "B"
        again = resumes.restore_version(runtime, session, user, resume_id, original)
        assert again.kept is None
        assert len(queries.list_versions(session, user.id, resume_id) or []) == 2
    assert draft(runtime, user, resume_id) == RESUME


def test_a_duplicate_keeps_an_imported_odd_address(runtime: Runtime) -> None:
    """A draft holding an address an import kept is copied as it is: only typing is refused."""
    user = person(runtime)
    with runtime.sessions() as session:
        odd = named("Odd")
        odd["basics"]["email"] = "odd at example"
        resume, _version = queries.create_resume(session, user.id, "Imported", odd)
        session.commit()
        copied, version = resumes.duplicate_resume(runtime, session, user, resume.id)
        assert (copied.title, copied.draft, version.document) == ("Copy of Imported", odd, odd)
        assert copied.slug is None
