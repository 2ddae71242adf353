"""Each test's accounts close their keep-alive connections when it ends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.scale.traffic import close_accounts


@pytest.fixture(autouse=True)
def _close_accounts() -> Iterator[None]:
    yield
    close_accounts()
