"""The one place that builds what the service touches, from ``Settings``: the database engine
and its sessions, the blob store, the cache, the rate limiter and its limits, the log-in
throttle, the password hasher, the task dispatcher and the LLM engine.

The API and the UI get theirs from ``web.app.create_app``; a worker and the CLI from
``runtime_for``, which keeps one per process and settings: opening an engine costs milliseconds
(a PostgreSQL connection more), and a forked worker must not reuse the connections of the
process it was forked from, so the process id is part of the key. The dispatcher is the
entrypoint's choice (the web app's is huey on ``TAILORCV_QUEUE_URL``, made when first needed: a
worker never dispatches), so that this module imports nothing of ``tasks``; the LLM engine is
built when first asked for (it imports the OpenAI SDK).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tailorcv.ops.cache import Cache, make_cache
from tailorcv.ops.ratelimit import RateLimiter, make_limiter
from tailorcv.ops.settings import Settings
from tailorcv.service.limits import Limits
from tailorcv.service.passwords import Passwords
from tailorcv.service.throttle import Throttle
from tailorcv.store.blobs import BlobStore, blob_store
from tailorcv.store.db import make_engine, make_sessions
from tailorcv.tailor.llm.config import LLMConfig

if TYPE_CHECKING:
    from tailorcv.tailor.llm.engine import LLMEngine
    from tailorcv.tasks.dispatch import Dispatcher

# Failed logins allowed before the lockout starts: per email, and per client address (higher,
# since an office or a NAT shares one address among many people).
LOGIN_FREE_FAILURES: Mapping[str, int] = {"email": 6, "ip": 21}


@dataclass
class Runtime:
    """Everything built from one ``Settings`` for the lifetime of a process (or an app)."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    cache: Cache
    limiter: RateLimiter
    limits: Limits
    logins: Throttle
    passwords: Passwords
    # Called with a résumé's id when it changed (``service.work.resume_changed``): the web
    # app's public pages forget the row they keep.
    resume_listeners: list[Callable[[uuid.UUID], None]] = field(default_factory=list)
    _dispatcher: Dispatcher | None = None
    _make_dispatcher: Callable[[Settings], Dispatcher] | None = None
    _llm: LLMEngine | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def dispatcher(self) -> Dispatcher:
        """Where committed tasks go: the one given, else the one ``make_dispatcher`` makes
        (the web app's: huey on ``settings.queue_url``) when first needed."""
        with self._lock:
            if self._dispatcher is None:
                if self._make_dispatcher is None:
                    raise RuntimeError(
                        "this runtime cannot enqueue tasks: build it with a dispatcher"
                    )
                self._dispatcher = self._make_dispatcher(self.settings)
            return self._dispatcher

    @dispatcher.setter
    def dispatcher(self, dispatcher: Dispatcher) -> None:
        self._dispatcher = dispatcher

    def llm_engine(self) -> LLMEngine | None:
        """The engine for the configured provider, sharing this runtime's cache and limiter
        (so the response cache and the provider's per-minute limits hold across workers);
        None when no provider is configured."""
        config = llm_config(self.settings)
        if config is None:
            return None
        with self._lock:
            if self._llm is None:
                from tailorcv.tailor.llm.engine import LLMEngine

                self._llm = LLMEngine(config, cache=self.cache, limiter=self.limiter)
            return self._llm

    def close(self) -> None:
        """Close the LLM engine's connections and dispose of the database engine."""
        with self._lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None
        self.engine.dispose()


def llm_config(settings: Settings) -> LLMConfig | None:
    """The provider the operator configured, or None when tailoring stays offline."""
    if not settings.llm_base_url:
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "none"
    return LLMConfig(
        base_url=settings.llm_base_url,
        api_key=key,
        model=settings.llm_model,
        timeout=settings.llm_timeout_seconds,
        max_retries=settings.llm_max_retries,
        allow_private=settings.llm_allow_private,
        requests_per_minute=settings.llm_requests_per_minute,
        tokens_per_minute=settings.llm_tokens_per_minute,
        cost_input_per_1k=settings.llm_cost_input_per_1k,
        cost_output_per_1k=settings.llm_cost_output_per_1k,
    )


def build_runtime(
    settings: Settings,
    *,
    dispatcher: Dispatcher | None = None,
    make_dispatcher: Callable[[Settings], Dispatcher] | None = None,
    password_hasher: PasswordHasher | None = None,
) -> Runtime:
    """A new runtime for ``settings``. Nothing connects here: the engine, the cache and the
    limiter connect when first used."""
    engine = make_engine(settings)
    limiter = make_limiter(settings.ratelimit_url)
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=make_sessions(engine),
        blobs=blob_store(settings.storage_url),
        cache=make_cache(settings.cache_url),
        limiter=limiter,
        limits=Limits(settings, limiter),
        logins=Throttle(limiter, LOGIN_FREE_FAILURES),
        passwords=Passwords(password_hasher),
        _dispatcher=dispatcher,
        _make_dispatcher=make_dispatcher,
    )


_RUNTIMES: dict[tuple[int, Settings], Runtime] = {}
_LOCK = threading.Lock()


def runtime_for(settings: Settings) -> Runtime:
    """This process's runtime for ``settings`` (built once, then reused): a worker's and the
    CLI's."""
    key = (os.getpid(), settings)
    with _LOCK:
        found = _RUNTIMES.get(key)
        if found is None:
            found = _RUNTIMES[key] = build_runtime(settings)
        return found


def close_runtimes() -> None:
    """Close this process's runtimes (tests, and a worker that shuts down)."""
    with _LOCK:
        for key in [k for k in _RUNTIMES if k[0] == os.getpid()]:
            _RUNTIMES.pop(key).close()
