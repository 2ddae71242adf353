"""Logs: structlog, one JSON object per line on standard output, or readable on a terminal.

Every record carries ``timestamp`` (UTC, ISO 8601), ``level``, ``event`` and the context bound
where it was written: the request id and route in a request, the task id, its kind and the id of
the request that created it in a task. The standard library's loggers (ours, SQLAlchemy's,
huey's, granian's) go through the same renderer, so a process writes one format.

Logs never hold a password, a token or a résumé's contents: nothing here logs a body or a
header, and as a last guard any field whose name says it is secret is written as ``[redacted]``.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any, TextIO

import structlog
from structlog.contextvars import bind_contextvars, get_contextvars, unbind_contextvars
from structlog.types import EventDict, WrappedLogger

if TYPE_CHECKING:
    from tailorcv.ops.settings import Settings

SECRET_FIELDS = frozenset({"password", "token", "secret", "authorization", "cookie", "dsn"})
SECRET_SUFFIXES = ("_password", "_token", "_secret", "_key", "_dsn")
LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}

__all__ = [
    "bind_contextvars",
    "configure_for",
    "configure_logging",
    "configure_structlog",
    "get_logger",
    "request_id",
    "unbind_contextvars",
]


def _shared() -> list[Any]:
    """What every record gets, from structlog or from the standard library."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
        _redact,
    ]


def configure_structlog() -> None:
    """Send structlog's records into the standard library's loggers, whose handlers decide
    where they go: without ``configure_logging`` nothing is printed that the host did not ask
    for. Called at start-up (the CLI, ``configure_logging``, the tests), never on import
    (issue 17); once: reconfiguring would leave loggers already in use on the old settings."""
    if structlog.is_configured():
        return
    structlog.configure(
        processors=[*_shared(), structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def configure_logging(
    fmt: str = "auto", level: str = "info", *, stream: TextIO | None = None
) -> None:
    """Send every log record to ``stream`` (standard output) as JSON lines, or as readable
    lines when ``fmt`` is ``console`` (``auto``: console on a terminal, JSON otherwise)."""
    configure_structlog()
    stream = stream or sys.stdout
    readable = fmt == "console" or (fmt == "auto" and stream.isatty())
    last: list[Any] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if readable:
        last.append(structlog.dev.ConsoleRenderer(colors=stream.isatty()))
    else:
        last += [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_shared(), structlog.stdlib.ExtraAdder()], processors=last
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(LEVELS.get(level, logging.INFO))
    # Their INFO lines are per request, or (alembic's plugins) seven lines at every start.
    for noisy in ("huey", "httpx", "openai", "httpcore", "alembic.runtime.plugins"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def configure_for(settings: Settings) -> None:
    """Logs (and Sentry, when a DSN is set) as ``settings`` say: each process calls this once."""
    import tailorcv

    configure_logging(settings.log_format, settings.log_level)
    dsn = settings.sentry_dsn.get_secret_value() if settings.sentry_dsn else None
    configure_sentry(dsn, settings.environment, tailorcv.__version__)


def configure_sentry(dsn: str | None, environment: str, release: str) -> bool:
    """Report errors to Sentry when a DSN is set and ``sentry-sdk`` is installed; whether it
    is on. A DSN without the package is a warning, not a failure to start."""
    if not dsn:
        return False
    try:
        import sentry_sdk  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        get_logger(__name__).warning("sentry_unavailable", reason="pip install sentry-sdk")
        return False
    sentry_sdk.init(dsn=dsn, environment=environment, release=release, send_default_pii=False)
    return True


def get_logger(name: str) -> Any:
    """A structlog logger: ``log.info("event_name", key=value, ...)``."""
    return structlog.stdlib.get_logger(name)


def request_id() -> str | None:
    """The id of the request being answered in this context, if any."""
    value = get_contextvars().get("request_id")
    return str(value) if value else None


def _redact(_logger: WrappedLogger, _method: str, event: EventDict) -> EventDict:
    for key in list(event):
        name = key.lower()
        if name in SECRET_FIELDS or name.endswith(SECRET_SUFFIXES):
            event[key] = "[redacted]"
    return event
