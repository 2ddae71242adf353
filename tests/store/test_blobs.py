"""The blob store contract, on every backend (today: a local folder)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tailorcv.errors import InvalidSettings
from tailorcv.store.blobs import (
    BlobNotFound,
    BlobStore,
    InvalidBlobKey,
    LocalBlobStore,
    blob_store,
)

DATA = b"%PDF-1.7 a small file"


@pytest.fixture(params=["file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    """A store of each backend by its URL scheme (add ``s3`` here when it lands)."""
    return blob_store(f"{request.param}://{tmp_path / 'files'}")


def files_in(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_put_then_get_exists_delete(store: BlobStore) -> None:
    key = store.put(DATA)
    assert store.exists(key)
    assert store.get(key) == DATA
    with store.open(key) as stream:
        assert stream.read() == DATA
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(BlobNotFound):
        store.get(key)
    store.delete(key)  # deleting again is not an error


def test_the_key_is_the_sha256_of_the_content(store: BlobStore) -> None:
    assert store.put(DATA) == hashlib.sha256(DATA).hexdigest()
    assert store.put(b"other") != store.put(DATA)


def test_the_same_bytes_are_written_once(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    key = store.put(DATA)
    path = store.path(key)
    first = path.stat().st_mtime_ns
    os.utime(path, ns=(first - 10**9, first - 10**9))
    assert store.put(DATA) == key
    assert path.stat().st_mtime_ns == first - 10**9, "not rewritten"
    assert files_in(tmp_path) == [path]


def test_a_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes go to a temporary file renamed into place: a crash before the rename leaves
    neither a partial blob under the key nor a temporary file."""
    store = LocalBlobStore(tmp_path)

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.put(DATA)
    assert files_in(tmp_path) == []
    assert not store.exists(hashlib.sha256(DATA).hexdigest())


def test_a_blob_appears_whole_by_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At the moment of the rename the temporary file already holds every byte."""
    store = LocalBlobStore(tmp_path)
    seen: list[bytes] = []
    real_replace = os.replace

    def replace(source: str, target: Path) -> None:
        seen.append(Path(source).read_bytes())
        assert not Path(target).exists()
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    store.put(DATA)
    assert seen == [DATA]


@pytest.mark.parametrize(
    "key",
    ["../../../etc/passwd", "/etc/passwd", "..", "A" * 64, "a" * 63, "a" * 64 + "/..", ""],
)
def test_a_key_that_is_not_a_digest_is_refused(store: BlobStore, key: str) -> None:
    for operation in (store.get, store.exists, store.delete, store.open):
        with pytest.raises(InvalidBlobKey):
            operation(key)


def test_s3_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InvalidSettings, match=r"S3 storage is not available yet; use file://"):
        blob_store("s3://bucket")


@pytest.mark.parametrize("url", ["ftp://host/x", "file://relative/path", "files"])
def test_an_unknown_storage_url_is_refused(url: str) -> None:
    with pytest.raises(InvalidSettings, match="TAILORCV_STORAGE_URL"):
        blob_store(url)
