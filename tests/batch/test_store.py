"""The batch queries that the API and the tasks lean on, on a real database."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from tailorcv.ops.settings import Settings
from tailorcv.service.batch_submit import BATCH_PRIORITY
from tailorcv.store import batch_queries, queries
from tailorcv.store.db import make_engine, make_sessions
from tailorcv.tasks.batch_kinds import INTERACTIVE_FLOOR


def running(session: Session, owner_id: uuid.UUID, kind: str, priority: int) -> None:
    task = queries.create_task(session, owner_id, kind, {}, priority=priority)
    task.status = "running"
    session.flush()


def test_only_a_persons_running_task_makes_a_batch_wait(settings: Settings) -> None:
    engine = make_engine(settings)
    try:
        with make_sessions(engine)() as session:
            user = queries.create_user(session, "a@example.com", "h")
            assert not batch_queries.interactive_running(session, INTERACTIVE_FLOOR)
            running(session, user.id, "batch_item", BATCH_PRIORITY)
            running(session, user.id, "render", BATCH_PRIORITY)  # a batch's own render
            queries.create_task(session, user.id, "render", {}, priority=0)  # queued, not running
            assert not batch_queries.interactive_running(session, INTERACTIVE_FLOOR)
            running(session, user.id, "render", -3)
            assert batch_queries.interactive_running(session, INTERACTIVE_FLOOR)
    finally:
        engine.dispose()


def test_the_cache_lookup_is_scoped_by_owner(settings: Settings) -> None:
    engine = make_engine(settings)
    try:
        with make_sessions(engine)() as session:
            owner = queries.create_user(session, "o@example.com", "h")
            other = queries.create_user(session, "x@example.com", "h")
            batch = batch_queries.create_batch(
                session, owner.id, job_hash="j", analysis={}, criteria={}, total=1
            )
            row = {
                "id": uuid.uuid4(),
                "batch_id": batch.id,
                "owner_id": owner.id,
                "position": 0,
                "source": "file",
                "cache_key": "k" * 64,
                "status": "succeeded",
                "score": 50.0,
                "result": {"score": 50.0},
            }
            batch_queries.add_items(session, [row])
            found = batch_queries.cached_results(session, owner.id, ["k" * 64, "z" * 64])
            assert list(found) == ["k" * 64]
            assert found["k" * 64].score == 50.0
            assert batch_queries.cached_results(session, other.id, ["k" * 64]) == {}
    finally:
        engine.dispose()
