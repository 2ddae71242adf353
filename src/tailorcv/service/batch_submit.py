"""Making a batch: candidates from uploads and résumés, stored and fanned out as task rows.

Everything is written in one transaction — the batch, its items, the uploaded files' rows and
the task rows — then the files' bytes (content-addressed blobs) are stored, the transaction is
committed, and only then the tasks are enqueued (``work.commit_then_enqueue``). Every limit is
checked before the first byte is written, and a failure between the writes and the commit
deletes the bytes again (issue 16: no byte may outlive a refusal). Items that need no work are
finished at once: a file that is not a résumé fails with the reason, and a candidate already
scored against the same job ad by the same owner (same cache key) reuses that result. The rest go
to ``batch_item`` tasks: one per file that must be parsed, a chunk per ``CHUNK`` structured ones
(docs/batches.md says why).
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tailorcv.batch import Criteria, ExpandLimits, cache_key, expand_zip, is_archive
from tailorcv.batch import FileEntry as Entry
from tailorcv.batch.scoring import SCORER_VERSION
from tailorcv.errors import TooLarge, UserError
from tailorcv.ingest.detect import detect
from tailorcv.match import analyse
from tailorcv.service.files import IMPORT_TYPES
from tailorcv.service.limits import Caller
from tailorcv.service.payloads import BatchItemPayload
from tailorcv.service.runtime import Runtime
from tailorcv.service.work import Committed, commit_then_enqueue, not_found
from tailorcv.store import batch_queries, queries
from tailorcv.store.blobs import blob_key
from tailorcv.store.models import Batch, Job, Resume, User, utcnow
from tailorcv.tasks.options import TIER_RANK

CHUNK = 10  # structured candidates per task (a few ms each: a task of 30–60 ms)
STRUCTURED = ("json", "yaml")
# Far below any interactive task, whose priority is its tier rank less its active tasks
# (tasks.options.fair_priority): a batch's items run only when no person's task waits.
BATCH_PRIORITY = -1_000_000
BLOB_THREADS = 8
MAX_JOB_TEXT = 100_000  # as POST /jobs


def batch_priority(tier: str) -> int:
    return BATCH_PRIORITY + TIER_RANK.get(tier, 0) * 10


@dataclass
class Request:
    """What ``POST /batches`` received, already read."""

    uploads: list[Entry]
    resume_ids: list[uuid.UUID]
    job_id: uuid.UUID | None
    job_text: str | None
    title: str
    criteria: Criteria
    blind: bool


@dataclass
class Plan:
    """The rows to insert, and the tasks to enqueue after the commit."""

    items: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    blobs: dict[str, tuple[str, int]] = field(default_factory=dict)  # key → (type, size)


def expand(uploads: list[Entry], runtime: Runtime) -> list[Entry]:
    """Each upload as candidate files: a zip gives its members (zip-bomb checked)."""
    settings = runtime.settings
    limits = ExpandLimits(
        max_items=settings.batch_max_items,
        max_bytes=settings.batch_max_bytes,
        max_file_bytes=settings.max_upload_bytes,
    )
    entries: list[Entry] = []
    for upload in uploads:
        if upload.error is None and is_archive(upload.data):
            entries.extend(expand_zip(upload.data, limits))
        elif upload.error is None and len(upload.data) > settings.max_upload_bytes:
            size = len(upload.data)
            over = f"the file is {size} bytes, over the {settings.max_upload_bytes}-byte limit"
            entries.append(Entry(upload.name, error=over))
        else:
            entries.append(upload)
    if sum(len(e.data) for e in entries) > settings.batch_max_bytes:
        raise TooLarge(
            f"the batch's files take more than {settings.batch_max_bytes} bytes "
            "(batch_max_bytes); split them into several batches"
        )
    return entries


def submit(runtime: Runtime, session: Session, caller: Caller, request: Request) -> Batch:
    """Store a new batch and enqueue its work (one ``upload`` from the caller's rate limit);
    the batch row, committed."""
    runtime.limits.take_action(caller, "upload")
    user, settings = caller.signed_in, runtime.settings
    expire(runtime, session, user)
    entries = expand(request.uploads, runtime)
    total = len(entries) + len(request.resume_ids)
    if total == 0:
        raise UserError("give candidates: files (PDF, DOCX, JSON, text, or a zip) or resume_ids")
    if total > settings.batch_max_items:
        raise TooLarge(
            f"{total} candidates; a batch takes at most {settings.batch_max_items} "
            "(batch_max_items): split them into several batches"
        )
    resumes = _owned_resumes(session, user.id, request.resume_ids)
    job = _job(session, user.id, request)
    batch = batch_queries.create_batch(
        session,
        user.id,
        job_id=job.id,
        title=(request.title or job.title or "Batch")[:300],
        job_hash=job.content_hash,
        analysis=job.analysis,
        criteria=request.criteria.to_dict(),
        blind=request.blind,
        total=total,
        size=sum(len(e.data) for e in entries),
        expires_at=utcnow() + timedelta(hours=settings.file_ttl_hours),
    )
    plan = _plan(batch, entries, resumes, request.resume_ids)
    _file_rows(runtime, session, user, plan)
    _reuse_cached(session, user.id, plan)
    _fan_out(batch, user, plan)
    batch_queries.add_tasks(session, plan.tasks)  # first: items refer to them
    batch_queries.add_items(session, plan.items)
    batch_queries.mark_finished(session, batch.id)
    with queries.staged_blobs(session, runtime.blobs) as staged:
        _put_blobs(staged, entries, plan)
        commit_then_enqueue(runtime, session, _committed(plan))
    session.refresh(batch)
    return batch


def expire(runtime: Runtime, session: Session, user: User) -> None:
    """Delete the owner's expired batches (and their files' blobs, after the commit)."""
    keys = batch_queries.expire_batches(session, user.id)
    session.commit()
    for key in keys:
        runtime.blobs.delete(key)


def _owned_resumes(
    session: Session, owner_id: uuid.UUID, ids: list[uuid.UUID]
) -> dict[uuid.UUID, Resume]:
    """The owner's own résumés by id; a foreign or unknown id, or another batch's candidate,
    is a 404 for the whole request."""
    found: dict[uuid.UUID, Resume] = {}
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), batch_queries.IN_CHUNK):
        chunk = wanted[start : start + batch_queries.IN_CHUNK]
        query = select(Resume).where(
            Resume.owner_id == owner_id, Resume.id.in_(chunk), Resume.batch_id.is_(None)
        )
        found.update({r.id: r for r in session.scalars(query)})
    for ident in wanted:
        if ident not in found:
            raise not_found("résumé", ident)
    return found


def _job(session: Session, owner_id: uuid.UUID, request: Request) -> Job:
    """The named job, or a new one from the pasted ad: analysed once for the whole batch."""
    if (request.job_id is None) == (request.job_text is None):
        raise UserError("give exactly one of job_id and job_text")
    if request.job_id is not None:
        job = queries.get_job(session, owner_id, request.job_id)
        if job is None:
            raise not_found("job", request.job_id)
        return job
    text = (request.job_text or "").strip()
    if not text:
        raise UserError("job_text is empty; paste the job ad")
    if len(text) > MAX_JOB_TEXT:
        raise UserError(f"job_text is over {MAX_JOB_TEXT} characters; paste the ad itself")
    analysis = analyse(text)
    return queries.create_job(
        session,
        owner_id,
        text,
        analysis.to_dict(),
        title=analysis.title[:300],
        company=(analysis.company or "")[:300],
    )


def _plan(
    batch: Batch,
    entries: list[Entry],
    resumes: dict[uuid.UUID, Resume],
    resume_ids: list[uuid.UUID],
) -> Plan:
    plan = Plan()
    base = {"batch_id": batch.id, "owner_id": batch.owner_id}
    for position, entry in enumerate(entries):
        row: dict[str, Any] = {**base, "id": uuid.uuid4(), "position": position, "source": "file"}
        row["name"] = entry.name[:300]
        kind, error = _kind(entry)
        if kind is None:
            row.update(status="failed", error=error, finished_at=utcnow())
        else:
            key = blob_key(entry.data)
            plan.blobs[key] = (IMPORT_TYPES[kind], len(entry.data))
            row.update(content_hash=key, cache_key=cache_key(key, batch.job_hash), _kind=kind)
        plan.items.append(row)
    for offset, ident in enumerate(resume_ids, len(entries)):
        resume = resumes[ident]
        digest = queries.content_hash(resume.draft)
        plan.items.append(
            {
                **base,
                "id": uuid.uuid4(),
                "position": offset,
                "source": "resume",
                "name": resume.title[:300],
                "resume_id": resume.id,
                "content_hash": digest,
                "cache_key": cache_key(digest, batch.job_hash),
                "_kind": "json",
            }
        )
    return plan


def _kind(entry: Entry) -> tuple[str | None, str | None]:
    """The entry's file type, or None and the reason it is no résumé. UTF-8 text that opens
    with ``{`` is JSON (what ``detect`` decides too, after a slower look at every character):
    the item's reader reports a broken one with its line."""
    if entry.error is not None:
        return None, entry.error
    if entry.data[:1] == b"{" or entry.data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return "json", None
    try:
        return detect(entry.data), None
    except UserError as exc:
        return None, exc.message


def _file_rows(runtime: Runtime, session: Session, user: User, plan: Plan) -> None:
    """The owner's file rows (expiring like every file), before any byte is stored: over the
    owner's storage allowance is a 413 that leaves nothing behind."""
    if not plan.blobs:
        return
    settings = runtime.settings
    adding = batch_queries.new_bytes(session, user.id, {k: v[1] for k, v in plan.blobs.items()})
    use = queries.storage_usage(session, user.id)
    if use.total + adding > settings.storage_per_user_bytes:
        raise queries.too_large(
            f"the batch's files would take your storage to {use.total + adding} bytes, over "
            f"the storage limit of {settings.storage_per_user_bytes} bytes",
            use,
        )
    expires = utcnow() + timedelta(hours=settings.file_ttl_hours)
    ids = batch_queries.owned_files(session, user.id, plan.blobs, expires)
    for row in plan.items:
        if row.get("content_hash") in ids and row["source"] == "file":
            row["file_id"] = ids[row["content_hash"]]


def _put_blobs(staged: queries.StagedBlobs, entries: list[Entry], plan: Plan) -> None:
    """Each distinct file into the blob store, several at a time: a local write ends with an
    fsync (about 1 ms each here), an S3 put with a round trip, and both release the GIL."""
    unique: dict[str, bytes] = {}
    for entry in entries:
        if entry.error is None and entry.data:
            key = blob_key(entry.data)
            if key in plan.blobs:
                unique.setdefault(key, entry.data)
    with ThreadPoolExecutor(max_workers=BLOB_THREADS) as pool:
        list(pool.map(staged.put, unique.values()))


def _reuse_cached(session: Session, owner_id: uuid.UUID, plan: Plan) -> None:
    """Finish at once the items whose (content, job, scorer) was scored before."""
    keys = [row["cache_key"] for row in plan.items if row.get("cache_key")]
    cached = batch_queries.cached_results(session, owner_id, keys)
    now = utcnow()
    for row in plan.items:
        hit = cached.get(row.get("cache_key") or "")
        if hit is not None:
            row.update(
                status="succeeded",
                score=hit.score,
                result=hit.result,
                document=hit.document,
                finished_at=now,
            )


def _fan_out(batch: Batch, user: User, plan: Plan) -> None:
    """Task rows for the items still to score, and each item's ``task_id``."""
    waiting = [row for row in plan.items if "status" not in row]
    structured = [row for row in waiting if row["_kind"] in STRUCTURED]
    parsed = [row for row in waiting if row["_kind"] not in STRUCTURED]
    groups = [structured[i : i + CHUNK] for i in range(0, len(structured), CHUNK)]
    groups += [[row] for row in parsed]
    priority = batch_priority(user.tier)
    for group in groups:
        task_id = uuid.uuid4()
        payload = BatchItemPayload(
            batch_id=batch.id, item_ids=[row["id"] for row in group], scorer=SCORER_VERSION
        ).stored()
        plan.tasks.append(
            {
                "id": task_id,
                "owner_id": user.id,
                "kind": "batch_item",
                "payload": payload,
                "priority": priority,
            }
        )
        for row in group:
            row["task_id"] = task_id
    for row in plan.items:
        row.pop("_kind", None)


def _committed(plan: Plan) -> list[Committed]:
    return [Committed(task["id"], task["kind"], task["priority"]) for task in plan.tasks]
