"""What a public page publishes, and its PDF, made once per content by a worker (issue 16).

A page shows the version its owner published (``Resume.published_version_id``, always matched to
the résumé's own versions), never the working draft: an autosave is not public (issue 19;
publishing is ``service.publishing``). Of that version it shows what its owner did not hide
(email, phone, street address) and, of that, only what the page lays out (``render.view``): no
postal code, profile network, field a tool added of its own, or entry the page leaves out.
``published`` is that part as a JSON Resume document, with the owner's design (``meta.design``)
and their photo when it is one stored here and shown (``service.photo_lookup``):
``/r/{slug}.json`` serves it and the HTML page and the PDF are made from it, so the three show
the same by construction. It is capped at ``MAX_DOCUMENT_BYTES``, which bounds one page at about
15 ms of HTML in the API process and 0.3 s of Typst in a worker.

The PDF is never rendered in the API process. Publishing, and each change to what a published
page shows, queues one ``render`` task for that content (``refresh``), idempotent by
``page:<résumé>:<content key>`` (``tasks.kinds.page_task_key``): one rendering per content,
however many visitors ask. The worker stores the PDF as the owner's file; ``stored_pdf`` finds
it again through that task row. A visitor who asks before it is ready gets 503 with
Retry-After; one who asks for a content nobody queued (a lost enqueue, a deleted file) queues it.
Superseded renderings (their task rows and files) are deleted when the page changes again or
is unpublished, so a page keeps one PDF.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

import tailorcv
from tailorcv.errors import BlobNotFound, TooLarge
from tailorcv.ops.logs import get_logger
from tailorcv.render.view import safe_url
from tailorcv.service.payloads import PagePayload
from tailorcv.service.photo_lookup import photo_bytes, stored_photo_id
from tailorcv.service.work import Committed, deliver_committed
from tailorcv.store.blobs import BlobStore
from tailorcv.store.models import FINISHED, File, Resume, Task, Version, utcnow
from tailorcv.store.queries import create_task, orphaned_keys, retry_task
from tailorcv.tasks.kinds import page_task_key

if TYPE_CHECKING:
    from tailorcv.service.runtime import Runtime
    from tailorcv.tasks.dispatch import Dispatcher

log = get_logger(__name__)

# A near-limit page: about 15 ms of HTML here, 0.3 s and 1.3 MB of PDF in a worker (2 cores).
MAX_DOCUMENT_BYTES = 256 * 1024
PRIORITY = -1  # behind every owner's own next task: a visitor can wait a moment for a PDF
RETRY_FAILED = timedelta(minutes=10)  # a rendering that failed is tried again when asked after
BASICS = ("name", "label", "email", "phone", "url", "summary")
# Per section: the fields that make an entry shown (its title, summary, bullets or tags, as
# ``render.view`` builds them), then the fields shown beside them.
SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "work": (
        ("name", "position", "summary", "highlights"),
        ("location", "description", "url", "startDate", "endDate"),
    ),
    "volunteer": (
        ("organization", "position", "summary", "highlights"),
        ("location", "description", "url", "startDate", "endDate"),
    ),
    "education": (
        ("institution", "studyType", "area", "courses"),
        ("url", "score", "startDate", "endDate"),
    ),
    "skills": (("name", "keywords"), ("level",)),
    "projects": (
        ("name", "description", "highlights", "keywords"),
        ("entity", "roles", "url", "startDate", "endDate"),
    ),
    "awards": (("title", "summary"), ("awarder", "date")),
    "certificates": (("name",), ("issuer", "date", "url")),
    "publications": (("name", "summary"), ("publisher", "releaseDate", "url")),
    "languages": (("language",), ("fluency",)),
    "interests": (("name", "keywords"), ()),
    "references": (("name", "reference"), ()),
}
PLACE = ("city", "region", "countryCode")  # the page shows the street only when these are absent


@dataclass(frozen=True)
class Published:
    """The document a page shows, its content key (SHA-256 of the document and of the
    renderer's version) and its size in bytes as canonical JSON."""

    document: dict[str, Any]
    key: str
    size: int

    @property
    def too_large(self) -> bool:
        return self.size > MAX_DOCUMENT_BYTES


def published(document: dict[str, Any], hidden: tuple[bool, bool, bool]) -> Published:
    """What the page of ``document`` shows with ``hidden`` (email, phone, address) withheld."""
    page = shown(document, hidden)
    canonical = json.dumps(page, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    encoded = canonical.encode()
    key = hashlib.sha256(encoded + b"\0" + tailorcv.__version__.encode()).hexdigest()
    return Published(page, key, len(encoded))


def shown(draft: dict[str, Any], hidden: tuple[bool, bool, bool]) -> dict[str, Any]:
    """The fields of ``draft`` the page shows, as a new JSON Resume document."""
    meta = _dict(draft.get("meta"))
    photo = _dict(meta.get("design")).get("showPhoto") is not False
    document: dict[str, Any] = {"basics": _basics(_dict(draft.get("basics")), hidden, photo)}
    for section, (showing, beside) in SECTIONS.items():
        items = draft.get(section)
        entries = [_entry(item, showing, beside) for item in items or () if isinstance(item, dict)]
        if kept := [entry for entry in entries if entry]:
            document[section] = kept
    chosen: dict[str, Any] = _fields(meta, ("template", "locale"))
    if design := _dict(meta.get("design")):
        chosen["design"] = design  # how the page looks (issue 19); validated when rendered
    if chosen:
        document["meta"] = chosen
    return document


def _basics(basics: dict[str, Any], hidden: tuple[bool, bool, bool], photo: bool) -> dict[str, Any]:
    hide_email, hide_phone, hide_address = hidden
    withheld = {"email"} if hide_email else set()
    withheld |= {"phone"} if hide_phone else set()
    kept = _fields(basics, tuple(name for name in BASICS if name not in withheld))
    location = _basics_location(_dict(basics.get("location")), hide_address)
    if location:
        kept["location"] = location
    if photo and stored_photo_id(_text(basics.get("image"))) is not None:
        kept["image"] = basics["image"]  # a photo stored here, never a remote address
    profiles = [_profile(_dict(profile)) for profile in basics.get("profiles") or ()]
    if shown_profiles := [profile for profile in profiles if profile]:
        kept["profiles"] = shown_profiles
    return kept


def _basics_location(location: dict[str, Any], hide_address: bool) -> dict[str, Any]:
    place = _fields(location, PLACE)
    if place or hide_address:
        return place
    return _fields(location, ("address",))


def _profile(profile: dict[str, Any]) -> dict[str, Any]:
    """A profile is shown as its link, or as its user name when it has no link to follow."""
    if safe_url(_text(profile.get("url"))):
        return {"url": profile["url"]}
    return _fields(profile, ("username",))


def _entry(item: dict[str, Any], showing: tuple[str, ...], beside: tuple[str, ...]) -> Any:
    """The entry's shown fields, or nothing when the page leaves the entry out."""
    if not _fields(item, showing):
        return {}
    kept = _fields(item, showing + beside)
    if "url" in kept and not safe_url(kept["url"]):
        del kept["url"]  # a link the page would not follow is not shown
    return kept


def _fields(item: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """``names`` of ``item`` that hold text, or a list with text (its empty items dropped)."""
    kept: dict[str, Any] = {}
    for name in names:
        value = item.get(name)
        if isinstance(value, list):
            value = [v for v in value if isinstance(v, str) and v]
        if value and isinstance(value, str | list):
            kept[name] = value
    return kept


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def page_photo(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    owner_id: uuid.UUID,
    document: dict[str, Any],
) -> bytes | None:
    """The photo a page shows: its document keeps ``basics.image`` only when it names a photo
    stored here and the owner shows it (``shown``). No query when it names none."""
    image = _text(_dict(document.get("basics")).get("image"))
    if stored_photo_id(image) is None:
        return None
    with sessions() as session:
        return photo_bytes(session, blobs, owner_id, image)


def hidden_of(resume: Resume) -> tuple[bool, bool, bool]:
    return (resume.hide_email, resume.hide_phone, resume.hide_address)


def published_version(session: Session, resume: Resume) -> Version | None:
    """The version the résumé's page shows: its ``published_version_id`` when that is one of
    its own versions (the column has no foreign key), else None."""
    if resume.published_version_id is None:
        return None
    version = session.get(Version, resume.published_version_id)
    return version if version is not None and version.resume_id == resume.id else None


def ensure_publishable(document: dict[str, Any], hidden: tuple[bool, bool, bool]) -> None:
    """``TooLarge`` when the page of ``document`` would be over ``MAX_DOCUMENT_BYTES``."""
    page = published(document, hidden)
    if page.too_large:
        raise TooLarge(
            f"the page would hold {page.size} bytes of résumé, over the limit of "
            f"{MAX_DOCUMENT_BYTES}; shorten the résumé (or hide more of it) and publish again"
        )


# The PDF's task rows


@dataclass
class Refresh:
    """What to do once the transaction committed: the task to enqueue, the blobs to delete."""

    task_id: uuid.UUID | None = None
    blobs: list[str] = field(default_factory=list)


def refresh(session: Session, resume: Resume) -> Refresh:
    """Bring the page's PDF up to date with the published version, in the caller's
    transaction: queue a rendering of what the page now shows unless one exists, and delete
    finished renderings of anything else (all of them when the résumé is not published). Call
    ``deliver`` after the commit."""
    version = published_version(session, resume) if resume.slug is not None else None
    page = published(version.document, hidden_of(resume)) if version is not None else None
    wanted = None if page is None or page.too_large else page
    return _renderings_for(session, resume.owner_id, resume.id, wanted)


def drop(session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID) -> Refresh:
    """Delete the page's finished renderings, the résumé being deleted (one still queued finds
    it gone and renders nothing). Call ``deliver`` after the commit."""
    return _renderings_for(session, owner_id, resume_id, None)


def _renderings_for(
    session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID, wanted: Published | None
) -> Refresh:
    tasks = page_tasks(session, owner_id, resume_id)
    wanted_key = page_task_key(resume_id, wanted.key) if wanted else None
    kept = [task for task in tasks if task.idempotency_key == wanted_key]
    superseded = [task for task in tasks if task not in kept and task.status in FINISHED]
    done = Refresh(blobs=_delete_renderings(session, owner_id, superseded, kept))
    if wanted is not None and not kept:
        done.task_id = add_task(session, owner_id, resume_id, wanted)
    return done


def page_changed(runtime: Runtime, session: Session, resume: Resume) -> None:
    """After a résumé's draft or title was saved and committed: when it is published, make
    sure its page's PDF is queued for what the page shows (``refresh``; the draft is not
    public, so this finds it already queued), and commit that."""
    if resume.slug is None:
        return
    done = refresh(session, resume)
    session.commit()
    deliver(runtime.blobs, runtime.dispatcher, done)


def deliver(blobs: BlobStore, dispatcher: Dispatcher, done: Refresh) -> None:
    """After the commit: enqueue the new task (a queue that refuses it leaves a queued row,
    which recovery re-enqueues) and delete the blobs no file uses any more."""
    if done.task_id is not None:
        deliver_task(dispatcher, done.task_id)
    for key in done.blobs:
        blobs.delete(key)


def page_tasks(session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID) -> Sequence[Task]:
    """Every rendering of the résumé's page, whatever its content (the owner's tasks whose
    idempotency key starts ``page:<résumé>:``)."""
    prefix = page_task_key(resume_id, "")  # a UUID and a colon: no LIKE wildcard in it
    query = select(Task).where(Task.owner_id == owner_id, Task.idempotency_key.like(prefix + "%"))
    return session.scalars(query).all()


def add_task(
    session: Session, owner_id: uuid.UUID, resume_id: uuid.UUID, page: Published
) -> uuid.UUID | None:
    """The task rendering ``page``'s PDF, added unless one exists; its id when it is new."""
    payload = PagePayload(page=page.key, resume_id=resume_id, document=page.document)
    key = page_task_key(resume_id, page.key)
    before = utcnow()
    task = create_task(session, owner_id, payload.kind, payload.stored(), key, priority=PRIORITY)
    return task.id if task.created_at >= before else None


def _delete_renderings(
    session: Session, owner_id: uuid.UUID, gone: Sequence[Task], kept: Sequence[Task]
) -> list[str]:
    """Delete ``gone`` task rows and their files (not a file a ``kept`` one shares: equal bytes
    are one row); the blob keys no file uses any more, to delete after the commit."""
    if not gone:
        return []
    files = {_file_of(task) for task in gone} - {_file_of(task) for task in kept} - {None}
    keys: Sequence[str] = []
    if files:
        owned = (File.owner_id == owner_id, File.id.in_(files))
        keys = session.scalars(select(File.key).where(*owned)).all()
        session.execute(delete(File).where(*owned))
    session.execute(delete(Task).where(Task.id.in_([task.id for task in gone])))
    return orphaned_keys(session, keys)


def _file_of(task: Task) -> uuid.UUID | None:
    raw = (task.result or {}).get("file_id")
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None


# A visitor's request


def stored_pdf(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    dispatcher: Dispatcher,
    owner_id: uuid.UUID,
    resume_id: uuid.UUID,
    page: Published,
) -> bytes | str:
    """The page's PDF as the worker stored it, or why there is none yet: ``"rendering"``
    (queued now if nothing was: no task, its file gone, it was cancelled, or it was overtaken by
    an edit since undone) or ``"failed"`` (tried again once ``RETRY_FAILED`` has passed)."""
    key = page_task_key(resume_id, page.key)
    query = select(Task).where(Task.owner_id == owner_id, Task.idempotency_key == key)
    with sessions() as session:
        task = session.scalars(query).one_or_none()
        status, result = (task.status, task.result or {}) if task else ("", {})
        finished = task.finished_at if task else None
    if status in ("queued", "running"):
        return "rendering"
    if status in ("failed", "dead"):
        if finished is not None and utcnow() - finished < RETRY_FAILED:
            return "failed"
    elif status == "succeeded" and isinstance(result.get("key"), str):
        try:
            return blobs.get(result["key"])
        except BlobNotFound:
            pass
    _render_again(sessions, dispatcher, owner_id, resume_id, page)
    return "rendering"


def _render_again(
    sessions: sessionmaker[Session],
    dispatcher: Dispatcher,
    owner_id: uuid.UUID,
    resume_id: uuid.UUID,
    page: Published,
) -> None:
    """Queue ``page`` again: its task put back in the queue when it failed, replaced when it
    was cancelled or succeeded without a file to show, added when there is none."""
    key = page_task_key(resume_id, page.key)
    task_id: uuid.UUID | None = None
    with sessions() as session:
        query = select(Task).where(Task.owner_id == owner_id, Task.idempotency_key == key)
        task = session.scalars(query).one_or_none()
        if task is not None and task.status in ("failed", "dead"):
            task_id = task.id if retry_task(session, task.id) is not None else None
        elif task is None or task.status in ("succeeded", "cancelled"):
            if task is not None:  # its file row too; a blob left over goes with the sweep
                _delete_renderings(session, owner_id, [task], [])
            task_id = add_task(session, owner_id, resume_id, page)
        session.commit()
    if task_id is not None:
        deliver_task(dispatcher, task_id)


def deliver_task(dispatcher: Dispatcher, task_id: uuid.UUID) -> None:
    """Hand a committed task to the queue; one it refuses is delivered by recovery later."""
    deliver_committed(dispatcher, [Committed(task_id, "render", PRIORITY)])
