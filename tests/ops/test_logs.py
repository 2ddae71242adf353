"""Logs: JSON lines with a timestamp, level, event and the bound context, from structlog and the
standard library alike; readable lines on a terminal; secrets written as ``[redacted]``."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tailorcv.ops.logs import (
    bind_contextvars,
    configure_logging,
    configure_sentry,
    get_logger,
    unbind_contextvars,
)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers, root.level = handlers, level


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.usefixtures("restore_logging")
def test_structlog_and_stdlib_records_are_json_lines_with_their_context() -> None:
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    bind_contextvars(request_id="r-1")
    try:
        get_logger("tailorcv.test").info("resume_saved", resume_id="abc", count=2)
        logging.getLogger("sqlalchemy.pool").warning("pool %s exhausted", "main")
    finally:
        unbind_contextvars("request_id")
    first, second = lines(stream)
    assert first["event"] == "resume_saved"
    assert (first["resume_id"], first["count"], first["level"]) == ("abc", 2, "info")
    assert first["request_id"] == "r-1"
    assert first["logger"] == "tailorcv.test"
    assert first["timestamp"].endswith("Z")
    assert second["event"] == "pool main exhausted"
    assert (second["level"], second["request_id"]) == ("warning", "r-1")


@pytest.mark.usefixtures("restore_logging")
def test_an_exception_is_written_with_its_traceback_in_the_line() -> None:
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    try:
        raise ValueError("bad value")
    except ValueError:
        get_logger("t").exception("failed")
    (line,) = lines(stream)
    assert "ValueError: bad value" in line["exception"]


@pytest.mark.usefixtures("restore_logging")
def test_fields_named_as_secrets_are_redacted_and_others_kept() -> None:
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    get_logger("t").info(
        "call",
        password="p",
        token="t",
        api_key="k",
        authorization="Bearer x",
        prompt_tokens=120,
        tokens=5,
    )
    (line,) = lines(stream)
    for name in ("password", "token", "api_key", "authorization"):
        assert line[name] == "[redacted]"
    assert (line["prompt_tokens"], line["tokens"]) == (120, 5)


@pytest.mark.usefixtures("restore_logging")
def test_console_format_is_for_people_and_the_level_filters() -> None:
    stream = io.StringIO()
    configure_logging("console", "warning", stream=stream)
    get_logger("t").info("quiet")
    get_logger("t").warning("loud", n=1)
    text = stream.getvalue()
    assert "quiet" not in text
    assert "loud" in text
    assert "n=1" in text
    with pytest.raises(json.JSONDecodeError):
        json.loads(text.splitlines()[0])


def test_sentry_is_off_without_a_dsn_and_warns_without_its_package(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert configure_sentry(None, "production", "1.0") is False
    try:
        import sentry_sdk  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        assert configure_sentry("https://key@sentry.example/1", "production", "1.0") is False
        assert "sentry_unavailable" in caplog.text


def test_importing_the_modules_that_log_configures_nothing() -> None:
    """Logging is set up by a call at start-up (the command, ``configure_logging``), never as a
    side effect of an import (issue 17)."""
    probe = (
        "import structlog, tailorcv.ops.logs, tailorcv.ops.cache, tailorcv.ops.ratelimit, "
        "tailorcv.tailor.llm.engine, tailorcv.cli; print(structlog.is_configured())"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_command_sends_structlog_through_the_standard_library() -> None:
    """What a command logs reaches the standard library's handlers, not structlog's default
    printer on standard output, where ``render -o -`` writes its file."""
    probe = (
        "import logging, structlog, sys; from tailorcv.cli import app; "
        "app(['templates'], standalone_mode=False); "
        "structlog.get_logger('t').warning('on_stderr'); "
        "print(structlog.is_configured(), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "on_stderr" not in done.stdout
    assert "on_stderr" in done.stderr  # the standard library's last-resort handler
    assert done.stderr.strip().endswith("True")


@pytest.mark.usefixtures("restore_logging")
def test_a_migration_run_logs_its_steps_but_not_alembic_s_plugin_setup() -> None:
    """Every `serve` printed seven lines of "setup plugin alembic.autogenerate…" at start."""
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    logging.getLogger("alembic.runtime.plugins").info("setup plugin %s", "alembic.autogenerate")
    logging.getLogger("alembic.runtime.migration").info("Running upgrade  -> 0001")
    assert [line["event"] for line in lines(stream)] == ["Running upgrade  -> 0001"]
