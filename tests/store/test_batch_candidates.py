"""A batch's candidates' résumés (``Resume.batch_id``, issue 19) on every backend: listed apart
from the owner's own, deleted with their batch (by hand, by expiry, with the account) in the
same transaction, versions first, and never an own résumé with them."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tailorcv.store import batch_queries, queries
from tailorcv.store.models import Batch, Resume, User, Version, utcnow

from .factories import RESUME, make_user


def batch_with_candidate(session: Session, user: User) -> tuple[Batch, Resume]:
    """A batch, and a candidate's résumé of it with a second (tailored) version."""
    batch = batch_queries.create_batch(
        session, user.id, job_hash="j", analysis={}, criteria={}, total=1
    )
    resume, first = queries.create_resume(session, user.id, "Cy Young", RESUME, batch_id=batch.id)
    queries.add_version(session, user.id, resume.id, "tailored", RESUME, parent_id=first.id)
    return batch, resume


def count(session: Session, model: type[Resume] | type[Version]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_owners_resumes_leave_out_the_batches_candidates(session: Session) -> None:
    user = make_user(session)
    own, _ = queries.create_resume(session, user.id, "Mine", RESUME)
    _batch, candidate = batch_with_candidate(session, user)
    session.commit()
    assert [r.id for r in queries.list_resumes(session, user.id)] == [own.id]
    everything = queries.list_resumes(session, user.id, with_candidates=True)
    assert {r.id for r in everything} == {own.id, candidate.id}
    assert queries.get_resume(session, user.id, candidate.id) is not None  # reachable by id


def test_deleting_a_batch_deletes_its_candidates_and_their_versions(session: Session) -> None:
    user = make_user(session)
    own, _ = queries.create_resume(session, user.id, "Mine", RESUME)
    batch, candidate = batch_with_candidate(session, user)
    other, kept = batch_with_candidate(session, user)
    session.commit()
    assert batch_queries.delete_batch(session, user.id, batch.id) == []
    session.commit()
    assert session.get(Resume, candidate.id) is None
    remaining = set(session.scalars(select(Version.resume_id)))
    assert remaining == {own.id, kept.id}, "a version outlived its résumé, or another went"
    assert session.get(Resume, own.id) is not None
    assert session.get(Batch, other.id) is not None


def test_a_stranger_cannot_delete_a_batch_or_its_candidates(session: Session) -> None:
    user, stranger = make_user(session), make_user(session)
    batch, candidate = batch_with_candidate(session, user)
    session.commit()
    assert batch_queries.delete_batch(session, stranger.id, batch.id) is None
    session.commit()
    assert session.get(Resume, candidate.id) is not None


def test_an_expired_batch_goes_with_its_candidates(session: Session) -> None:
    user = make_user(session)
    batch, candidate = batch_with_candidate(session, user)
    fresh, kept = batch_with_candidate(session, user)
    batch.expires_at = utcnow() - timedelta(seconds=1)
    fresh.expires_at = utcnow() + timedelta(hours=1)
    session.commit()
    batch_queries.expire_batches(session)
    session.commit()
    assert session.get(Resume, candidate.id) is None
    assert session.get(Resume, kept.id) is not None
    assert set(session.scalars(select(Version.resume_id))) == {kept.id}


def test_erasing_the_account_erases_its_candidates(session: Session) -> None:
    user = make_user(session)
    queries.create_resume(session, user.id, "Mine", RESUME)
    batch_with_candidate(session, user)
    session.commit()
    queries.delete_user(session, user.id)
    session.commit()
    assert (count(session, Resume), count(session, Version)) == (0, 0)


def test_a_candidate_needs_no_batch_row_to_be_listed_apart(session: Session) -> None:
    """The column has no foreign key (migration 0006): a dangling id still keeps the résumé
    out of the owner's own list rather than failing."""
    user = make_user(session)
    queries.create_resume(session, user.id, "Orphan", RESUME, batch_id=uuid.uuid4())
    session.commit()
    assert queries.list_resumes(session, user.id) == []
