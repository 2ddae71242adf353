"""The web tests' parts: the real app on a migrated database, and clients that talk to it.

Every test gets a new app (its own engine, throttles and caches) on its module's database, which
is emptied after each test. The database is SQLite unless a module overrides ``db_backend``:
``test_api.py`` and ``test_authorisation.py`` run again on PostgreSQL, through the store tests'
``empty_database`` (skipped when PostgreSQL is unreachable, never under ``CI=true``).

Passwords are hashed with real argon2id at its cheapest costs, which keeps a test fast; the
production costs are argon2-cffi's defaults. The queue is a dispatcher that records what was
enqueued, or ``InlineDispatcher`` (the real runner, in this process) where a result is needed.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import delete

from tailorcv.ops.settings import Settings
from tailorcv.service.runtime import close_runtimes
from tailorcv.store.db import make_engine
from tailorcv.store.models import Base
from tailorcv.store.schema import upgrade
from tailorcv.tasks.dispatch import Dispatcher, InlineDispatcher
from tailorcv.web import create_app
from tailorcv.web.app import served
from tests.store.conftest import empty_database

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
# Tests poll tasks every 20 ms: per-user and per-address limits roomy enough never to be met,
# unless a test sets them (tests/web/test_operations.py tests the limits themselves).
ROOMY_LIMITS = {"ratelimit_user": "100000/minute", "ratelimit_ip": "100000/minute"}
BASE_URL = "https://testserver"  # https: the session cookie is Secure


@dataclass
class RecordingDispatcher:
    """Records each enqueued task instead of running it."""

    enqueued: list[tuple[uuid.UUID, str, int]] = field(default_factory=list)

    def enqueue(self, task_id: uuid.UUID, kind: str, priority: int = 0) -> None:
        self.enqueued.append((task_id, kind, priority))


class Client:
    """A blocking face on ``httpx.AsyncClient`` over the app through ``httpx.ASGITransport``,
    with the app's event loop in a portal thread (what Starlette's TestClient does; it now
    warns when used with httpx, and warnings are errors here)."""

    def __init__(
        self,
        app: FastAPI,
        portal: BlockingPortal,
        *,
        raise_errors: bool = True,
        peer: tuple[str, int] = ("127.0.0.1", 50000),
    ):
        self.app = app
        self.portal = portal
        transport = httpx.ASGITransport(
            app=served(app), raise_app_exceptions=raise_errors, client=peer
        )
        self.http = httpx.AsyncClient(transport=transport, base_url=BASE_URL)
        self.cookies = self.http.cookies

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        call = functools.partial(self.http.request, method, url, **kwargs)
        return self.portal.call(call)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def close(self) -> None:
        self.portal.call(self.http.aclose)
        services = self.app.state.services
        services.pages.flush_views()
        services.engine.dispose()


@pytest.fixture(scope="module")
def db_backend() -> str:
    return "sqlite"


@pytest.fixture(scope="module")
def database(db_backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A migrated database for the module; its settings keep files in the module's folder."""
    folder = tmp_path_factory.mktemp(f"web-{db_backend}")
    with empty_database(db_backend, folder) as settings:
        engine = make_engine(settings)
        upgrade(engine)
        engine.dispose()
        yield settings


@pytest.fixture
def settings(database: Settings) -> Iterator[Settings]:
    """The module's database, emptied after the test."""
    yield database
    engine = make_engine(database)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
    engine.dispose()


@pytest.fixture
def dispatcher() -> RecordingDispatcher:
    return RecordingDispatcher()


@pytest.fixture(scope="session")
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal("asyncio") as opened:
        yield opened


@pytest.fixture
def make_client(settings: Settings, portal: BlockingPortal) -> Iterator[Callable[..., Client]]:
    """Build a client on a new app; a dispatcher, ``raise_errors``, a password hasher and
    settings overrides are optional."""
    opened: list[Client] = []

    def make(
        dispatcher: Dispatcher | None = None,
        *,
        raise_errors: bool = True,
        hasher: PasswordHasher = CHEAP_HASHER,
        **overrides: Any,
    ) -> Client:
        chosen = Settings(**{**settings.model_dump(), **ROOMY_LIMITS, **overrides})
        app = create_app(
            chosen, dispatcher=dispatcher or RecordingDispatcher(), password_hasher=hasher
        )
        client = Client(app, portal, raise_errors=raise_errors)
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.close()
    close_runtimes()


@pytest.fixture
def client(make_client: Callable[..., Client], dispatcher: RecordingDispatcher) -> Client:
    return make_client(dispatcher)


@pytest.fixture
def inline_client(make_client: Callable[..., Client], settings: Settings) -> Client:
    """A client whose tasks run at once, in this process, through the real runner."""
    return make_client(InlineDispatcher(settings))


@pytest.fixture
def data_dir(settings: Settings) -> Path:
    return settings.data_dir
