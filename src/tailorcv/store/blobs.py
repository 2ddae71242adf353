"""Blob storage: file bytes kept by the SHA-256 of their content, chosen by URL.

Content addressing makes a write idempotent (the same bytes land under the same key once, so a
task that runs twice stores one file) and lets the render cache find a file it made before. Keys
are checked before they touch a path, so no key can name a file outside the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from tailorcv.errors import BlobNotFound, InvalidBlobKey, InvalidSettings

KEY = re.compile(r"[0-9a-f]{64}")


def blob_key(data: bytes) -> str:
    """The key ``data`` is stored under: its SHA-256, in lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def checked(key: str) -> str:
    """``key`` if it is a SHA-256 hex digest; ``InvalidBlobKey`` otherwise."""
    if not KEY.fullmatch(key):
        raise InvalidBlobKey(f"not a blob key: {key[:80]!r} (expected 64 lowercase hex digits)")
    return key


class BlobStore(ABC):
    """Where file bytes live. Every backend passes ``tests/store/test_blobs.py``."""

    @abstractmethod
    def put(self, data: bytes) -> str:
        """Store ``data`` and return its key; storing the same bytes again writes nothing."""

    @abstractmethod
    def get(self, key: str) -> bytes:
        """The bytes under ``key``; ``BlobNotFound`` when there are none."""

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """A binary stream of the bytes under ``key``, for streaming a response; close it."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the bytes under ``key``; deleting a missing key is not an error."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Whether bytes are stored under ``key``."""


class LocalBlobStore(BlobStore):
    """Blobs in a local folder, sharded by the key's first two bytes (``ab/cd/abcd…``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        key = checked(key)
        return self.root / key[:2] / key[2:4] / key

    def put(self, data: bytes) -> str:
        key = blob_key(data)
        target = self.path(key)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(target, data)
        return key

    def get(self, key: str) -> bytes:
        with self.open(key) as stream:
            return stream.read()

    def open(self, key: str) -> BinaryIO:
        try:
            return self.path(key).open("rb")
        except FileNotFoundError:
            raise BlobNotFound(f"no stored file with key {key}") from None

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside ``target``, flush it to disk, then rename it into place:
    a reader sees the whole file or none, and a failure leaves no temporary file behind."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def blob_store(url: str) -> BlobStore:
    """The blob store for ``TAILORCV_STORAGE_URL``."""
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.path and parts.netloc in ("", "localhost"):
        return LocalBlobStore(Path(unquote(parts.path)))
    if parts.scheme == "s3":
        raise InvalidSettings("TAILORCV_STORAGE_URL: S3 storage is not available yet; use file://")
    raise InvalidSettings(f"TAILORCV_STORAGE_URL: unsupported storage URL {url!r}; use file://")
