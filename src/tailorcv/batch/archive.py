"""Many candidates from one upload: a zip of résumés, or a folder (for ``tailorcv rank``).

A zip is read defensively, since it is a classic way to make a server run out of memory or disk
(a "zip bomb"): the number of members and the sizes they declare are checked before anything is
unpacked, each member is unpacked with a cap one byte over what it declared and over the per-file
limit, and the running total is capped too. What breaks a limit for the whole upload raises
``TooLarge`` (413); what is wrong with one member (a nested zip, an encrypted member, a file over
the per-file limit, a path that climbs out of the zip with ``..``) becomes that candidate's
failure, with the reason, and the others go on. Only what no person put there for a reason is
passed over in silence: folders, macOS resource forks (``__MACOSX/``) and hidden files.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tailorcv.errors import TooLarge, UnreadableFile

ZIP_MAGIC = b"PK\x03\x04"
SKIPPED_FOLDER = "__MACOSX"  # macOS resource forks


@dataclass(frozen=True)
class ExpandLimits:
    max_items: int = 1000
    max_bytes: int = 200 * 1024 * 1024  # all members together, unpacked
    max_file_bytes: int = 10 * 1024 * 1024  # one member, unpacked


@dataclass(frozen=True)
class Entry:
    """One candidate file: its name and bytes, or why it cannot be read."""

    name: str
    data: bytes = b""
    error: str | None = None


def is_archive(data: bytes) -> bool:
    """Whether ``data`` is a zip of files rather than one DOCX (itself a zip)."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" not in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True  # a damaged zip; ``expand_zip`` says so


def expand_zip(data: bytes, limits: ExpandLimits = ExpandLimits()) -> list[Entry]:
    """The members of a zip, in archive order; raises for a zip that breaks a whole-upload limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(
            f"the zip cannot be read ({exc}); make it again and re-upload"
        ) from None
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir() and not _skipped(i.filename)]
        _check_declared(members, limits)
        entries: list[Entry] = []
        total = 0
        for info in members:
            entry = _member(archive, info, limits)
            total += len(entry.data)
            if total > limits.max_bytes:
                raise TooLarge(_over_total(limits))
            entries.append(entry)
    return entries


def _parts(name: str) -> list[str]:
    """The folders and file name of a member; Windows zips separate them with backslashes."""
    return [part for part in re.split(r"[\\/]", name) if part not in ("", ".")]


def _skipped(name: str) -> bool:
    """Resource forks and hidden files or folders. ``..`` is not hidden: ``..\\..\\x.json``
    was once passed over in silence as a hidden name (issue 16); ``_member`` refuses it aloud."""
    parts = _parts(name)
    hidden = any(part.startswith(".") and part != ".." for part in parts)
    return not parts or parts[0] == SKIPPED_FOLDER or hidden


def _check_declared(members: list[zipfile.ZipInfo], limits: ExpandLimits) -> None:
    if len(members) > limits.max_items:
        raise TooLarge(
            f"the zip holds {len(members)} files; a batch takes at most {limits.max_items} "
            "(batch_max_items): split it into several batches"
        )
    if sum(i.file_size for i in members) > limits.max_bytes:
        raise TooLarge(_over_total(limits))


def _over_total(limits: ExpandLimits) -> str:
    return (
        f"the zip unpacks to more than {limits.max_bytes} bytes (batch_max_bytes); "
        "split it into several batches"
    )


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ExpandLimits) -> Entry:
    parts = _parts(info.filename)
    name = parts[-1][:200]
    if ".." in parts:
        return Entry(name, error=_climbs_out(info.filename))
    if info.flag_bits & 0x1:
        return Entry(name, error="the file is encrypted in the zip; add it without a password")
    if info.file_size > limits.max_file_bytes:
        return Entry(name, error=_over_file(info.file_size, limits))
    cap = min(info.file_size, limits.max_file_bytes) + 1
    try:
        with archive.open(info) as member:
            data = member.read(cap)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        return Entry(name, error=f"the file cannot be unpacked from the zip ({exc})")
    if len(data) > info.file_size:
        return Entry(name, error="the file unpacks beyond the size it declares (a zip bomb?)")
    return _candidate(name, data)


def _climbs_out(path: str) -> str:
    shown = path if len(path) <= 100 else f"{path[:97]}..."
    return (
        f"the file's path in the zip ({shown}) climbs out of the zip's folder with '..', so it "
        "is not read; zip the résumés again from their own folder"
    )


def _over_file(size: int, limits: ExpandLimits) -> str:
    return f"the file is {size} bytes unpacked, over the {limits.max_file_bytes}-byte limit"


def _candidate(name: str, data: bytes) -> Entry:
    if is_archive(data):
        return Entry(name, error="a zip inside the zip is not read; put the files in one zip")
    return Entry(name, data)


def expand_folder(folder: Path, limits: ExpandLimits = ExpandLimits()) -> list[Entry]:
    """The files of ``folder`` and its subfolders (hidden ones skipped), by path; a zip among
    them is expanded in place, as if uploaded."""
    files = sorted(
        p for p in folder.rglob("*") if p.is_file() and not _skipped(str(p.relative_to(folder)))
    )
    entries: list[Entry] = []
    total = 0
    for path in files:
        size = path.stat().st_size
        total += size
        if total > limits.max_bytes:
            raise TooLarge(_over_total(limits))
        if size > limits.max_file_bytes:
            entries.append(Entry(path.name, error=_over_file(size, limits)))
            continue
        data = path.read_bytes()
        entries.extend(expand_zip(data, limits) if is_archive(data) else [Entry(path.name, data)])
        if len(entries) > limits.max_items:
            raise TooLarge(f"more than {limits.max_items} files; rank them in several runs")
    return entries
