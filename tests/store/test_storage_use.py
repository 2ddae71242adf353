"""The storage allowance counts documents, and blobs written for a failed request go (issue 16).

Run on every database backend: documents are measured in SQL, differently on each.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tailorcv.errors import TooLarge
from tailorcv.store import queries
from tailorcv.store.blobs import LocalBlobStore, blob_key
from tests.store.factories import RESUME, make_user

# ASCII strings only: SQLite keeps json.dumps' text and PostgreSQL prints JSONB with the same
# separators, so both measure exactly ``len(json.dumps(...))``.
JOB_ANALYSIS = {"required": ["Python"]}


def test_usage_counts_files_drafts_versions_and_jobs_of_the_owner_only(session: Session) -> None:
    ada, bob = make_user(session), make_user(session)
    resume, _first = queries.create_resume(session, ada.id, "Main", RESUME)
    queries.add_version(session, ada.id, resume.id, "commit", RESUME)
    queries.create_job(session, ada.id, "Python developer", JOB_ANALYSIS)
    queries.add_file(session, ada.id, "a" * 64, "application/pdf", 1000)
    queries.create_resume(session, bob.id, "Other", RESUME)
    queries.add_file(session, bob.id, "b" * 64, "application/pdf", 99_999)
    use = queries.storage_usage(session, ada.id)
    document = len(json.dumps(RESUME))
    assert use.files == 1000
    assert use.documents == 3 * document, "the draft and two versions"
    assert use.jobs == len("Python developer") + len(json.dumps(JOB_ANALYSIS))
    assert queries.storage_used(session, ada.id) == use.total
    assert queries.storage_usage(session, make_user(session).id).total == 0


def test_a_save_that_grows_storage_over_the_allowance_is_refused(session: Session) -> None:
    ada = make_user(session)
    resume, _ = queries.create_resume(session, ada.id, "Main", RESUME)
    used = queries.storage_used(session, ada.id)
    refused = queries.within_allowance(session, ada.id, used + 10)
    with pytest.raises(TooLarge, match="storage_per_user_bytes"), refused:
        queries.add_version(session, ada.id, resume.id, "commit", RESUME)
    with queries.within_allowance(session, ada.id, 1):  # over it already, and not growing
        queries.update_draft(session, ada.id, resume.id, {"basics": {"name": "Ada"}})


def test_ensure_room_counts_documents(session: Session) -> None:
    ada = make_user(session)
    queries.create_resume(session, ada.id, "Main", RESUME)
    used = queries.storage_used(session, ada.id)
    queries.ensure_room(session, ada.id, "c" * 64, 10, used + 10)
    with pytest.raises(TooLarge, match="over the storage limit of"):
        queries.ensure_room(session, ada.id, "c" * 64, 11, used + 10)


@pytest.fixture
def blobs(tmp_path: Path) -> LocalBlobStore:
    return LocalBlobStore(tmp_path / "files")


def test_staged_blobs_go_when_the_block_fails(
    session: Session, sessions: Callable[[], Session], blobs: LocalBlobStore
) -> None:
    """Only the blobs the block created, and no committed row refers to, are deleted."""
    ada = make_user(session)
    session.commit()
    shared = blobs.put(b"someone else's")
    with sessions() as other:
        queries.add_file(other, ada.id, blob_key(b"in use"), "text/plain", 6)
        other.commit()

    def fail_after_writing() -> None:
        with queries.staged_blobs(session, blobs) as staged:
            for data in (b"created here", b"someone else's", b"in use"):
                staged.put(data)
            raise RuntimeError("the commit failed")

    with pytest.raises(RuntimeError):
        fail_after_writing()
    created = blob_key(b"created here")
    assert not blobs.exists(created)
    assert blobs.exists(shared), "it was there before"
    assert blobs.exists(blob_key(b"in use")), "a committed row refers to it"


def test_staged_blobs_are_written_back_when_a_concurrent_failure_took_them(
    session: Session, blobs: LocalBlobStore
) -> None:
    with queries.staged_blobs(session, blobs) as staged:
        key = staged.put(b"equal bytes")
        blobs.delete(key)  # another request with the same bytes failed and discarded them
        session.commit()
    assert blobs.get(key) == b"equal bytes"
