"""A request waiting for the database never stops the others: its wait happens in a thread,
not on the event loop (issue 10; with SQLite a page once waited for the write lock on the loop,
so the lock's holder could not finish either, for the 30 s busy timeout)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time

import httpx

from tailorcv.ops.settings import Settings
from tests.web.conftest import Client
from tests.web.helpers import PASSWORD

HELD_SECONDS = 2.0


def hold_write_lock(settings: Settings, seconds: float) -> threading.Event:
    """Take SQLite's write lock from another connection for ``seconds``; set once taken."""
    taken = threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(settings.database_url.removeprefix("sqlite:///"))
        try:
            connection.execute("BEGIN IMMEDIATE")
            taken.set()
            time.sleep(seconds)
            connection.commit()
        finally:
            connection.close()

    threading.Thread(target=hold, daemon=True).start()
    assert taken.wait(5)
    return taken


def test_a_page_waiting_for_the_write_lock_does_not_stop_the_server(
    client: Client, settings: Settings
) -> None:
    body = {"email": "loop@example.com", "password": PASSWORD}
    assert client.post("/api/v1/auth/register", json=body).status_code == 202
    assert client.post("/api/v1/auth/login", json=body).status_code == 200  # cookie kept
    with sqlite3.connect(settings.database_url.removeprefix("sqlite:///")) as connection:
        # A use a minute on is noted, a write: as if the log-in were older (issue 16).
        connection.execute("UPDATE login_sessions SET last_seen_at = '2000-01-01 00:00:00'")
    hold_write_lock(settings, HELD_SECONDS)  # the page's next use of its session must wait

    async def meanwhile() -> tuple[httpx.Response, httpx.Response, float, float]:
        started = time.monotonic()
        page = asyncio.create_task(client.http.get("/dashboard"))
        await asyncio.sleep(0.3)  # the page is waiting for the lock by now (a blocked loop
        live = await client.http.get("/health/live")  # would not even end this sleep)
        seconds = time.monotonic() - started
        answered = await page
        return answered, live, seconds, time.monotonic() - started

    page, live, seconds, page_seconds = client.portal.call(meanwhile)
    assert live.status_code == 200
    assert seconds < HELD_SECONDS / 2, f"the event loop was blocked {seconds:.2f} s"
    assert page.status_code == 200  # and the page got its answer once the lock was free
    assert page_seconds >= HELD_SECONDS * 0.7  # it did wait for the lock meanwhile
