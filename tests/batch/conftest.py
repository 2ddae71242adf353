"""The batch tests reuse the web tests' app, database and clients (``tests/web/conftest.py``),
with rate limits off: a test makes more batches per minute than a person may
(``test_api.py::test_making_batches_is_rate_limited`` checks that limit)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tailorcv.ops.settings import Settings
from tailorcv.tasks.dispatch import InlineDispatcher
from tests.web.conftest import (  # noqa: F401 (fixtures, found by name)
    Client,
    RecordingDispatcher,
    data_dir,
    database,
    db_backend,
    dispatcher,
    portal,
    settings,
)
from tests.web.conftest import make_client as web_make_client  # noqa: F401


@pytest.fixture
def make_client(web_make_client: Callable[..., Client]) -> Callable[..., Client]:  # noqa: F811 (pytest injects fixtures by parameter name)
    def make(*args: object, **overrides: object) -> Client:
        return web_make_client(*args, **{"ratelimit_enabled": False, **overrides})

    return make


@pytest.fixture
def client(make_client: Callable[..., Client], dispatcher: RecordingDispatcher) -> Client:  # noqa: F811 (a fixture)
    return make_client(dispatcher)


@pytest.fixture
def inline_client(make_client: Callable[..., Client], settings: Settings) -> Client:  # noqa: F811 (a fixture)
    return make_client(InlineDispatcher(settings))
