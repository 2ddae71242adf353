"""Each test's accounts close their keep-alive connections when it ends; and the web tests' app
and clients, for the tests that need no cluster (``test_renders.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.scale.traffic import close_accounts


@pytest.fixture(autouse=True)
def _close_accounts() -> Iterator[None]:
    yield
    close_accounts()


from tests.web.conftest import (  # noqa: E402
    client,
    database,
    db_backend,
    dispatcher,
    make_client,
    portal,
    settings,
)

__all__ = ["client", "database", "db_backend", "dispatcher", "make_client", "portal", "settings"]
