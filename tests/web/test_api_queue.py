"""``test_api.py``'s background-work flows again, end to end as deployed at scale: PostgreSQL,
the Redis queue (``HueyDispatcher`` on ``PriorityRedisHuey``) and a real ``tailorcv worker``
subprocess beside the app. Skipped when PostgreSQL or Redis is unreachable, never under CI=true.

The flows are imported, so pytest collects them here too, with this module's fixtures: one
database and one worker for the module (a worker takes about a second to start).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tailorcv.ops.settings import Settings
from tailorcv.store.db import make_engine
from tailorcv.store.schema import upgrade
from tailorcv.tasks import HueyDispatcher, make_huey
from tests.store.conftest import empty_database
from tests.tasks.consumers import (
    drop_redis_queue,
    redis_or_skip,
    redis_queue_url,
    worker,
)
from tests.web.conftest import Client
from tests.web.test_api import (
    test_export_holds_everything_and_erasure_removes_it,
    test_import_runs_into_a_new_resume,
    test_render_runs_and_is_served_from_cache,
)

__all__ = [
    "test_export_holds_everything_and_erasure_removes_it",
    "test_import_runs_into_a_new_resume",
    "test_render_runs_and_is_served_from_cache",
]


@pytest.fixture(scope="module")
def db_backend() -> str:
    return "postgresql"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A migrated PostgreSQL database, a queue of its own on the test Redis, and a worker on
    both for the whole module."""
    redis_or_skip()
    folder = tmp_path_factory.mktemp("web-queue")
    with empty_database("postgresql", folder) as plain:
        settings = Settings(**{**plain.model_dump(), "queue_url": redis_queue_url()})
        engine = make_engine(settings)
        upgrade(engine)
        engine.dispose()
        try:
            with worker(settings, folder / "worker.log"):
                yield settings
        finally:
            drop_redis_queue(settings.queue_url)


@pytest.fixture
def inline_client(make_client: Callable[..., Client], settings: Settings) -> Client:
    """Here, a client whose tasks go through Redis to the module's worker."""
    return make_client(HueyDispatcher(make_huey(settings)))
