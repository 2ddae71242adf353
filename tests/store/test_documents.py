"""Résumés, versions, jobs and files: owner scoping and immutability, on every backend."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tailorcv.errors import VersionImmutable
from tailorcv.store import queries
from tailorcv.store.models import Version

from .factories import RESUME, make_user, populate


def test_a_resume_is_created_with_its_first_version(session: Session) -> None:
    user = make_user(session)
    resume, version = queries.create_resume(session, user.id, "Main", RESUME)
    session.commit()
    versions = queries.list_versions(session, user.id, resume.id)
    assert versions is not None
    assert [v.id for v in versions] == [version.id]
    assert version.kind == "imported"
    assert version.content_hash == queries.content_hash(RESUME)
    assert resume.draft == RESUME


def test_a_tailored_version_links_its_job_and_parent(session: Session) -> None:
    owned = populate(session)
    session.commit()
    version = queries.get_version(session, owned.user.id, owned.version_id)
    assert version is not None
    assert version.job_id == owned.job_id
    assert version.parent_id is not None


def test_another_user_sees_none_of_it(session: Session) -> None:
    """A foreign id answers None (the API's 404) for every kind of row, and lists stay private."""
    ada = populate(session)
    bob = make_user(session)
    session.commit()
    assert queries.get_resume(session, bob.id, ada.resume_id) is None
    assert queries.get_version(session, bob.id, ada.version_id) is None
    assert queries.list_versions(session, bob.id, ada.resume_id) is None
    assert queries.get_job(session, bob.id, ada.job_id) is None
    assert queries.get_file(session, bob.id, ada.file_id) is None
    assert queries.get_task(session, bob.id, ada.task_id) is None
    assert queries.list_resumes(session, bob.id) == []
    assert queries.list_jobs(session, bob.id) == []
    assert queries.list_files(session, bob.id) == []
    assert queries.list_tasks(session, bob.id) == []
    assert queries.get_resume(session, ada.user.id, ada.resume_id) is not None


def test_another_user_cannot_change_or_delete_it(session: Session) -> None:
    ada = populate(session)
    bob = make_user(session)
    assert queries.update_draft(session, bob.id, ada.resume_id, {"basics": {}}) is None
    assert queries.add_version(session, bob.id, ada.resume_id, "draft", RESUME) is None
    assert queries.publish_resume(session, bob.id, ada.resume_id, "ada") is None
    assert queries.delete_resume(session, bob.id, ada.resume_id) is False
    assert queries.delete_job(session, bob.id, ada.job_id) is False
    assert queries.delete_file(session, bob.id, ada.file_id) is None
    assert queries.cancel_task(session, bob.id, ada.task_id) is None
    session.commit()
    assert queries.get_resume(session, ada.user.id, ada.resume_id) is not None
    assert queries.get_task(session, ada.user.id, ada.task_id).status == "queued"  # type: ignore[union-attr]


def test_a_version_cannot_point_at_a_foreign_job_or_parent(session: Session) -> None:
    ada, bob = populate(session), populate(session, key="b" * 64)
    own_resume = ada.resume_id
    assert (
        queries.add_version(session, ada.user.id, own_resume, "tailored", RESUME, job_id=bob.job_id)
        is None
    )
    assert (
        queries.add_version(
            session, ada.user.id, own_resume, "draft", RESUME, parent_id=bob.version_id
        )
        is None
    )


def test_an_unknown_id_is_none(session: Session) -> None:
    user = make_user(session)
    assert queries.get_resume(session, user.id, uuid.uuid4()) is None
    assert queries.get_task(session, user.id, uuid.uuid4()) is None


def test_the_orm_refuses_to_change_a_version(session: Session) -> None:
    owned = populate(session)
    session.commit()
    version = session.get(Version, owned.version_id)
    assert version is not None
    version.document = {"basics": {"name": "Someone Else"}}
    with pytest.raises(VersionImmutable):
        session.flush()


def test_the_database_refuses_to_change_a_version(session: Session, engine: Engine) -> None:
    """Even SQL that bypasses the models cannot rewrite a snapshot."""
    owned = populate(session)
    session.commit()
    with pytest.raises(DBAPIError, match="immutable"), engine.begin() as connection:
        connection.execute(
            text("UPDATE versions SET content_hash = 'x' WHERE id = :id"),
            {"id": owned.version_id.hex if engine.dialect.name == "sqlite" else owned.version_id},
        )


def test_deleting_a_job_keeps_the_versions_tailored_for_it(session: Session) -> None:
    owned = populate(session)
    assert queries.delete_job(session, owned.user.id, owned.job_id)
    session.commit()
    session.expire_all()
    version = queries.get_version(session, owned.user.id, owned.version_id)
    assert version is not None
    assert version.job_id is None


def test_deleting_a_resume_deletes_its_versions(session: Session) -> None:
    owned = populate(session)
    assert queries.delete_resume(session, owned.user.id, owned.resume_id)
    session.commit()
    assert queries.get_version(session, owned.user.id, owned.version_id) is None


def test_lists_are_newest_first(session: Session) -> None:
    user = make_user(session)
    titles = [f"cv {n}" for n in range(3)]
    for title in titles:
        queries.create_resume(session, user.id, title, RESUME)
    assert [r.title for r in queries.list_resumes(session, user.id)] == titles[::-1]


def test_a_published_page_is_found_until_it_expires(session: Session) -> None:
    owned = populate(session)
    resume = queries.publish_resume(session, owned.user.id, owned.resume_id, "ada")
    assert resume is not None
    assert resume.noindex is True
    assert queries.get_published(session, "ada") == resume
    resume.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    assert queries.get_published(session, "ada") is None
    assert queries.get_published(session, "nobody") is None


def test_a_slug_belongs_to_one_resume(session: Session) -> None:
    ada, bob = populate(session), populate(session, key="b" * 64)
    queries.publish_resume(session, ada.user.id, ada.resume_id, "cv")
    with pytest.raises(queries.SlugTaken):
        queries.publish_resume(session, bob.user.id, bob.resume_id, "cv")


def test_views_are_counted_in_the_database(session: Session) -> None:
    owned = populate(session)
    for _ in range(3):
        queries.count_view(session, owned.resume_id)
    session.commit()
    session.expire_all()
    assert queries.get_resume(session, owned.user.id, owned.resume_id).view_count == 3  # type: ignore[union-attr]


def test_storage_used_sums_only_the_owners_files(session: Session) -> None:
    ada, bob = make_user(session), make_user(session)
    assert queries.storage_used(session, ada.id) == 0
    queries.add_file(session, ada.id, "a" * 64, "application/pdf", 1000)
    queries.add_file(session, ada.id, "b" * 64, "image/png", 234)
    queries.add_file(session, bob.id, "c" * 64, "application/pdf", 99_999)
    assert queries.storage_used(session, ada.id) == 1234


def test_the_same_bytes_stored_twice_are_one_file(session: Session) -> None:
    user = make_user(session)
    soon = datetime.now(UTC) + timedelta(hours=1)
    first = queries.add_file(session, user.id, "a" * 64, "application/pdf", 10, expires_at=soon)
    again = queries.add_file(session, user.id, "a" * 64, "application/pdf", 10)
    assert again.id == first.id
    assert again.expires_at is None, "kept for good once stored for good"
    assert queries.storage_used(session, user.id) == 10


def test_expired_files_are_listed_for_cleanup(session: Session) -> None:
    user = make_user(session)
    now = datetime.now(UTC)
    queries.add_file(session, user.id, "a" * 64, "application/pdf", 1, expires_at=now)
    queries.add_file(
        session, user.id, "b" * 64, "application/pdf", 1, expires_at=now + timedelta(hours=1)
    )
    queries.add_file(session, user.id, "c" * 64, "application/json", 1)
    assert [f.key for f in queries.expired_files(session, now)] == ["a" * 64]


def test_timestamps_come_back_aware_in_utc(session: Session) -> None:
    owned = populate(session)
    session.commit()
    session.expire_all()
    resume = queries.get_resume(session, owned.user.id, owned.resume_id)
    assert resume is not None
    assert resume.created_at.tzinfo is not None
    assert resume.created_at.utcoffset() == timedelta(0)
