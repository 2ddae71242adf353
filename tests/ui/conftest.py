"""The browser tests' parts: ``tailorcv serve`` as a person starts it, and Debian's Chromium.

One server (a subprocess on a free loopback port, with a fresh data folder and its queue worker)
and one browser serve the whole session; each test gets its own browser context, so its own
cookies, and registers its own account, so tests share nothing but the server.

Chromium is Debian's (``apt-get install chromium``), driven through Playwright's
``executable_path``: the tests never download a browser. Without it the tests skip, except under
``CI=true``, where they fail. ``TAILORCV_SCREENSHOTS=docs/screenshots`` saves a picture of each
page the tests visit (``python -m pytest tests/ui``).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES

CHROMIUM = os.environ.get("TAILORCV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAX_UPLOAD_BYTES = 2_000_000  # small, so that "file too big" is quick to meet
WORKERS = ["--queue-workers", "1"]
PASSWORD = "correct horse battery staple"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"tailorcv serve exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/health/live", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"tailorcv serve did not answer in 60 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``tailorcv serve`` with its queue worker, on a fresh data folder."""
    folder = tmp_path_factory.mktemp("ui-data")
    port = free_port()
    env = {
        **os.environ,
        "TAILORCV_DATA_DIR": str(folder),
        "TAILORCV_MAX_UPLOAD_BYTES": str(MAX_UPLOAD_BYTES),
        # The pages take from the same limits as the API since issue 17, and these tests sign
        # up and log in from one address far more than 10 times a minute.
        "TAILORCV_RATELIMIT_LOGIN": "10000/minute",
        "TAILORCV_RATELIMIT_EXPORT": "10000/minute",
        "TAILORCV_RATELIMIT_TAILOR": "10000/minute",
        "TAILORCV_RATELIMIT_UPLOAD": "10000/minute",
    }
    for name in ("TAILORCV_SECRET_KEY", "TAILORCV_DATABASE_URL", "TAILORCV_QUEUE_URL"):
        env.pop(name, None)
    log = folder / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "tailorcv", "serve", "--port", str(port), *WORKERS],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://localhost:{port}"
    try:
        _wait_ready(url, process, log)
        yield Server(url, folder)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert "Traceback" not in log.read_text(), log.read_text()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server: Server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh context (no cookies) at desktop size. Afterwards, the browser must not have
    refused anything under the Content-Security-Policy, nor met a script error."""
    context = browser.new_context(base_url=server.url, viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(15_000)
    opened, problems = watched(context)
    yield opened
    context.close()
    assert problems == [], problems


def watched(context: Any) -> tuple[Any, list[str]]:
    """A new page of ``context`` and the list its CSP refusals and script errors go to."""
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    opened.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return opened, problems


def new_email() -> str:
    return f"ui-{uuid.uuid4().hex[:10]}@example.com"


def register(page, email: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """A new account through the form; the browser ends up signed in on the dashboard."""
    address = email or new_email()
    page.goto("/register")
    page.get_by_label("E-mail address").fill(address)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/dashboard")
    return address


def shot(page, name: str, *, full: bool = True, settle_ms: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Save a screenshot of the page as ``<name>.png`` when ``TAILORCV_SCREENSHOTS`` is set;
    ``settle_ms`` lets something drawn late (the PDF viewer) appear first."""
    folder = os.environ.get("TAILORCV_SCREENSHOTS")
    if not folder:
        return
    page.wait_for_timeout(settle_ms)
    Path(folder).mkdir(parents=True, exist_ok=True)
    target = Path(folder) / f"{name}.png"
    page.screenshot(path=str(target), full_page=full, caret="initial")  # "hide" injects a style
    _shrink(target)


def _shrink(path: Path) -> None:
    """Quantise the picture to a palette when pngquant is installed (screenshots are committed)."""
    tool = shutil.which("pngquant")
    if tool:
        command = [tool, "--force", "--skip-if-larger", "--output", str(path), "--", str(path)]
        subprocess.run(command, check=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """On a failure, report where the browser was and what the page said."""
    report = yield
    opened = _browser_page(getattr(item, "funcargs", {}))
    if report.when == "call" and report.failed and opened is not None:
        try:
            text = opened.locator("main").inner_text(timeout=2_000)
            report.sections.append(("browser", f"at {opened.url}\n{text[:3000]}"))
        except Exception as exc:  # the page may be gone; the report must still be made
            report.sections.append(("browser", f"page unavailable: {exc}"))
    return report


def import_example(page) -> str:  # type: ignore[no-untyped-def]
    """Import examples/resume.json through the import page; the review page's URL."""
    page.goto("/import")
    page.set_input_files("input[type=file]", str(EXAMPLES / "resume.json"))
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Check what was imported").wait_for()
    return str(page.url)


def paste_job(page, text: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """Paste examples/job.txt (or ``text``) on the jobs page; the job page's URL."""
    page.goto("/jobs")
    page.get_by_label("The ad", exact=True).fill(text or (EXAMPLES / "job.txt").read_text())
    page.get_by_role("button", name="Analyse the ad").click()
    page.get_by_role("heading", name="What the ad asks for").wait_for()
    return str(page.url)


def _browser_page(funcargs: dict[str, Any]) -> Any:
    """The test's browser page: its ``page`` or ``tab``, or its ``screen``'s page."""
    screen = funcargs.get("screen")
    return funcargs.get("page") or funcargs.get("tab") or getattr(screen, "page", None)
