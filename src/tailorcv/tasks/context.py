"""What a task needs to touch the world: the settings, a session factory, the blob store and
the cache.

Opening an engine costs milliseconds (a PostgreSQL connection more), so each process keeps one
per database and storage URL. The cache is keyed by process id as well: a forked worker must not
reuse the connections of the process it was forked from.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tailorcv.ops.cache import Cache, make_cache
from tailorcv.ops.settings import Settings
from tailorcv.store.blobs import BlobStore, blob_store
from tailorcv.store.db import make_engine, make_sessions


@dataclass(frozen=True)
class Context:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    cache: Cache


_CONTEXTS: dict[tuple[int, str, str], Context] = {}
_LOCK = threading.Lock()


def context_for(settings: Settings) -> Context:
    """This process's context for ``settings`` (made once, then reused)."""
    key = (os.getpid(), settings.database_url, settings.storage_url)
    with _LOCK:
        found = _CONTEXTS.get(key)
        if found is None:
            engine = make_engine(settings)
            blobs = blob_store(settings.storage_url)
            cache = make_cache(settings.cache_url)
            found = Context(settings, engine, make_sessions(engine), blobs, cache)
            _CONTEXTS[key] = found
        return found


def close_contexts() -> None:
    """Dispose of this process's engines (tests, and a worker that shuts down)."""
    with _LOCK:
        for key in [k for k in _CONTEXTS if k[0] == os.getpid()]:
            _CONTEXTS.pop(key).engine.dispose()
