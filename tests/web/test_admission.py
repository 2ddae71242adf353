"""Admission (``web.admission``): no more requests at once than the pool has connections, the
rest waiting their turn; one that waits too long is a 503 ``busy`` problem, not a timeout."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal
from starlette.types import Receive, Scope, Send

from tailorcv.store.db import POOL_OVERFLOW
from tailorcv.web.admission import AdmissionMiddleware
from tests.web.conftest import Client
from tests.web.helpers import assert_problem, create_resume, register


class Held:
    """An app that answers only when told to, and counts who is inside at once."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.go = asyncio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.inside += 1
        self.most = max(self.most, self.inside)
        try:
            await self.go.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})
        finally:
            self.inside -= 1


def client_for(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


def test_requests_past_the_limit_wait_their_turn(portal: BlockingPortal) -> None:
    portal.call(requests_past_the_limit_wait_their_turn)


def test_a_request_that_waits_too_long_is_told_the_server_is_busy(portal: BlockingPortal) -> None:
    portal.call(a_request_that_waits_too_long_is_told_the_server_is_busy)


async def requests_past_the_limit_wait_their_turn() -> None:
    inner = Held()
    async with client_for(AdmissionMiddleware(inner, limit=2, wait_seconds=10)) as http:
        calls = [asyncio.create_task(http.get(f"/api/v1/x{i}")) for i in range(5)]
        await asyncio.sleep(0.1)
        assert (inner.inside, inner.most) == (2, 2)  # three wait outside
        inner.go.set()
        answers = await asyncio.gather(*calls)
    assert [a.status_code for a in answers] == [200] * 5
    assert inner.most == 2


async def a_request_that_waits_too_long_is_told_the_server_is_busy() -> None:
    inner = Held()
    admission = AdmissionMiddleware(inner, limit=1, wait_seconds=0.2)
    async with client_for(admission) as http:
        first = asyncio.create_task(http.get("/api/v1/slow"))
        await asyncio.sleep(0.05)
        refused = await http.get("/api/v1/next")
        exempt = asyncio.create_task(http.get("/health/live"))  # not counted: goes straight in
        await asyncio.sleep(0.05)
        assert inner.inside == 2
        inner.go.set()
        assert (await first).status_code == 200
        assert (await exempt).status_code == 200
        # the waiter that gave up took no slot with it: the next request goes in
        assert (await http.get("/api/v1/again")).status_code == 200
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "5"
    body = refused.json()
    assert body["type"].endswith("/busy")
    assert "1 at a time" in body["detail"]


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AdmissionMiddleware(Held(), limit=0, wait_seconds=1)


def test_many_more_requests_than_connections_all_succeed(
    make_client: Callable[..., Client],
) -> None:
    """The stall of issue 10: with more requests in flight than pooled connections, each
    holding its connection across FastAPI's thread-pool hops, every thread waited for a
    connection held by a request waiting for a thread. Admission keeps them apart."""
    client = make_client(db_pool_size=1, db_pool_timeout=5)  # 1 + POOL_OVERFLOW connections
    auth = register(client)
    created = create_resume(client, auth)
    path = f"/api/v1/resumes/{created['id']}"
    crowd = 8 * (1 + POOL_OVERFLOW)

    async def together() -> list[httpx.Response]:
        calls = [client.http.get(path, headers=auth) for _ in range(crowd)]
        return list(await asyncio.gather(*calls))

    answers = client.portal.call(together)
    assert [a.status_code for a in answers] == [200] * crowd, {a.status_code for a in answers}
    late = client.get(path, headers=auth)
    assert late.status_code == 200
    assert_problem(client.get("/api/v1/resumes/not-a-uuid", headers=auth), 422)
