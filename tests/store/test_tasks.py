"""Task rows: idempotency, atomic claims under real concurrency, leases, retries; every backend."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from tailorcv.store import queries
from tailorcv.store.models import Task

from .factories import make_user

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


def queued(session: Session, **kwargs: int) -> Task:
    user = make_user(session)
    task = queries.create_task(session, user.id, "render", {"n": 1}, **kwargs)  # type: ignore[arg-type]
    session.commit()
    return task


def test_the_same_idempotency_key_gives_the_same_task(session: Session) -> None:
    user = make_user(session)
    first = queries.create_task(session, user.id, "import", {"file": "a"}, idempotency_key="k")
    again = queries.create_task(session, user.id, "import", {"file": "b"}, idempotency_key="k")
    session.commit()
    assert again.id == first.id
    assert again.payload == {"file": "a"}
    assert len(queries.list_tasks(session, user.id)) == 1


def test_two_owners_may_use_the_same_key(session: Session) -> None:
    ada, bob = make_user(session), make_user(session)
    mine = queries.create_task(session, ada.id, "import", {}, idempotency_key="k")
    theirs = queries.create_task(session, bob.id, "import", {}, idempotency_key="k")
    assert mine.id != theirs.id
    assert theirs.owner_id == bob.id


def test_tasks_without_a_key_are_all_kept(session: Session) -> None:
    user = make_user(session)
    for _ in range(3):
        queries.create_task(session, user.id, "render", {})
    assert len(queries.list_tasks(session, user.id)) == 3
    assert queries.active_tasks(session, user.id) == 3


def test_a_key_raced_from_two_connections_makes_one_task(sessions: Callable[[], Session]) -> None:
    with sessions() as session:
        owner = make_user(session).id
        session.commit()
    made = race(sessions, lambda s: queries.create_task(s, owner, "import", {}, "same").id)
    assert len(set(made)) == 1


def race(sessions: Callable[[], Session], work: Callable[[Session], object]) -> list[object]:
    """Run ``work`` in two threads, each on its own connection, started together; commit each."""
    barrier = threading.Barrier(2)
    results: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with sessions() as session:
                barrier.wait()
                results.append(work(session))
                session.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_of_two_racing_workers_exactly_one_claims(sessions: Callable[[], Session]) -> None:
    for _ in range(5):
        with sessions() as session:
            task_id = queued(session).id
        claims = race(sessions, lambda s, t=task_id: queries.claim_task(s, t, lease_seconds=60))
        winners = [claim for claim in claims if claim is not None]
        assert len(winners) == 1, claims


def test_a_claim_starts_an_attempt_under_a_lease(session: Session) -> None:
    task = queued(session)
    claimed = queries.claim_task(session, task.id, lease_seconds=30, now=NOW)
    assert claimed is not None
    assert (claimed.status, claimed.attempts) == ("running", 1)
    assert claimed.lease_expires_at == NOW + timedelta(seconds=30)
    assert queries.claim_task(session, task.id, lease_seconds=30, now=NOW) is None


def test_an_expired_lease_makes_a_running_task_recoverable(session: Session) -> None:
    task = queued(session)
    queries.claim_task(session, task.id, lease_seconds=30, now=NOW)
    session.commit()
    assert task.id not in {t.id for t in queries.recoverable_tasks(session, NOW)}
    later = NOW + timedelta(seconds=31)
    assert task.id in {t.id for t in queries.recoverable_tasks(session, later)}
    again = queries.claim_task(session, task.id, lease_seconds=30, now=later)
    assert again is not None
    assert again.attempts == 2


def test_a_worker_that_lost_its_lease_cannot_record_a_result(session: Session) -> None:
    task = queued(session)
    queries.claim_task(session, task.id, lease_seconds=30, now=NOW)
    queries.claim_task(session, task.id, lease_seconds=30, now=NOW + timedelta(minutes=1))
    assert queries.finish_task(session, task.id, attempt=1, result={"late": True}) is None
    assert queries.fail_task(session, task.id, attempt=1, error="late") is None
    assert not queries.renew_lease(session, task.id, attempt=1, lease_seconds=30)
    done = queries.finish_task(session, task.id, attempt=2, result={"file_id": "f"})
    assert done is not None
    assert (done.status, done.result) == ("succeeded", {"file_id": "f"})


def test_a_renewed_lease_keeps_the_task(session: Session) -> None:
    task = queued(session)
    queries.claim_task(session, task.id, lease_seconds=30, now=NOW)
    later = NOW + timedelta(seconds=25)
    assert queries.renew_lease(session, task.id, attempt=1, lease_seconds=30, now=later)
    assert queries.claim_task(session, task.id, 30, now=NOW + timedelta(seconds=40)) is None


def test_queued_tasks_are_recoverable_once_due(session: Session) -> None:
    task = queued(session)
    assert [t.id for t in queries.recoverable_tasks(session, NOW)] == [task.id]


def test_backoff_grows_exponentially_with_jitter() -> None:
    rng = random.Random(5)
    delays = [
        [queries.backoff_seconds(n, base=2.0, rng=rng) for n in (1, 2, 3, 4)] for _ in range(50)
    ]
    for attempt, seen in enumerate(zip(*delays, strict=True), start=1):
        nominal = 2.0 * 2 ** (attempt - 1)
        assert all(0.75 * nominal <= d <= 1.25 * nominal for d in seen)
        assert len(set(seen)) > 1, "jitter spreads retries that failed together"
    assert all(a < b < c < d for a, b, c, d in delays)
    assert queries.backoff_seconds(40, base=2.0) <= 3600 * 1.25


def test_a_failed_attempt_is_retried_after_a_backoff_then_dead(session: Session) -> None:
    task = queued(session, max_attempts=3)
    now, waits = NOW, []
    for attempt in (1, 2):
        assert queries.claim_task(session, task.id, lease_seconds=30, now=now) is not None
        failed = queries.fail_task(session, task.id, attempt, "timeout", now=now)
        assert failed is not None
        assert (failed.status, failed.error) == ("queued", "timeout")
        assert failed.not_before is not None
        waits.append(failed.not_before - now)
        assert queries.claim_task(session, task.id, 30, now=now) is None, "not before the backoff"
        now = failed.not_before
    assert waits[0] < waits[1]
    assert queries.claim_task(session, task.id, lease_seconds=30, now=now) is not None
    dead = queries.fail_task(session, task.id, 3, "timeout again", now=now)
    assert dead is not None
    assert (dead.status, dead.attempts, dead.finished_at) == ("dead", 3, now)
    assert queries.claim_task(session, task.id, 30, now=now + timedelta(days=1)) is None


def test_a_permanent_error_fails_at_once(session: Session) -> None:
    task = queued(session)
    queries.claim_task(session, task.id, lease_seconds=30, now=NOW)
    failed = queries.fail_task(session, task.id, 1, "not a résumé", retry=False, now=NOW)
    assert failed is not None
    assert (failed.status, failed.attempts) == ("failed", 1)


def test_a_task_whose_worker_dies_every_time_is_buried(session: Session) -> None:
    task = queued(session, max_attempts=1)
    queries.claim_task(session, task.id, lease_seconds=30, now=NOW)
    later = NOW + timedelta(minutes=5)
    assert queries.recoverable_tasks(session, later) == []
    assert queries.bury_lost_tasks(session, later) == 1
    session.expire_all()
    assert session.get(Task, task.id).status == "dead"  # type: ignore[union-attr]


def test_a_cancelled_task_cannot_be_claimed_or_finished(session: Session) -> None:
    task = queued(session)
    queries.claim_task(session, task.id, lease_seconds=30, now=NOW)
    cancelled = queries.cancel_task(session, task.owner_id, task.id)
    assert cancelled is not None
    assert cancelled.status == "cancelled"
    assert queries.finish_task(session, task.id, 1, {}) is None
    assert queries.cancel_task(session, task.owner_id, task.id) is None, "already finished"
    assert queries.active_tasks(session, task.owner_id) == 0


@pytest.mark.parametrize("status", ["queued", "running", "succeeded"])
def test_tasks_are_listed_by_status(session: Session, status: str) -> None:
    task = queued(session)
    if status != "queued":
        queries.claim_task(session, task.id, 30)
    if status == "succeeded":
        queries.finish_task(session, task.id, 1, {})
    listed = queries.list_tasks(session, task.owner_id, status=status)
    assert [t.id for t in listed] == [task.id]
    assert queries.list_tasks(session, uuid.uuid4(), status=status) == []
