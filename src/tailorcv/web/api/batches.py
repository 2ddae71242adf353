"""Batches: rank many candidates against one job (issue 9; docs/batches.md).

``POST /batches`` takes a multipart form — ``job_id`` or ``job_text``, repeated ``files`` (PDF,
DOCX, JSON, YAML, text, or zips of them), repeated ``resume_ids``, optional ``criteria`` (JSON),
``blind`` and ``title`` — and answers 202 at once; the items are scored by ``batch_item`` tasks.
The form is read by ``web.batch_form``; the rest is ``service.batches``.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool

from tailorcv.batch import to_csv
from tailorcv.service import batch_submit, batch_tailor, batches, download_names
from tailorcv.service.batch_schemas import (
    BatchEnvelope,
    BatchPublic,
    BatchReport,
    BatchTailoring,
    BatchTailorRequest,
    CandidateDetail,
)
from tailorcv.service.files import disposition
from tailorcv.service.schemas import Items
from tailorcv.web.batch_form import read_batch_form
from tailorcv.web.deps import CurrentUser, ServicesDep, SessionDep, caller_of, limited

router = APIRouter(tags=["batches"])
FORM_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "job_id": {"type": "string", "format": "uuid"},
                        "job_text": {"type": "string"},
                        "title": {"type": "string"},
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "resume_ids": {
                            "type": "array",
                            "items": {"type": "string", "format": "uuid"},
                        },
                        "criteria": {
                            "type": "string",
                            "description": 'JSON: {"skills": [...], "min_years": 3, '
                            '"degree": "bachelor", "languages": [...]}',
                        },
                        "blind": {"type": "boolean"},
                    },
                }
            }
        },
    }
}


@router.post(
    "/batches",
    status_code=status.HTTP_202_ACCEPTED,
    openapi_extra=FORM_SCHEMA,
)
async def create_batch(
    request: Request, user: CurrentUser, services: ServicesDep, session: SessionDep
) -> BatchEnvelope:
    """Rank candidates against a job: 202 and the batch; poll ``GET /batches/{id}``."""
    parsed = await read_batch_form(request, services.settings)
    caller = caller_of(request, user)
    batch = await run_in_threadpool(batch_submit.submit, services, session, caller, parsed)
    return BatchEnvelope(batch=batches.public(session, batch))


@router.get("/batches")
def list_batches(
    user: CurrentUser, services: ServicesDep, session: SessionDep
) -> Items[BatchPublic]:
    """The owner's batches, newest first (expired ones are deleted first)."""
    return Items(items=batches.list_batches(services, session, user))


@router.get("/batches/{batch_id}")
def read_batch(
    batch_id: uuid.UUID,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=0, le=10_000)] = 1000,
) -> BatchReport:
    """Progress, and the ranking so far (best first; knocked-out and failed candidates apart);
    ``limit`` rows of each list (0: progress only, a cheaper poll)."""
    return batches.batch_report(services, session, user, batch_id, limit)


@router.get("/batches/{batch_id}/candidates/{item_id}")
def read_candidate(
    batch_id: uuid.UUID,
    item_id: uuid.UUID,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
) -> CandidateDetail:
    """One candidate: its row of the ranking, the whole of its result, and its tailoring (the
    candidate's résumé, which belongs to the batch, and the tailored version and PDF)."""
    return batches.candidate_detail(services, session, user, batch_id, item_id)


@router.get("/batches/{batch_id}/ranking.csv", dependencies=[limited("export")])
def ranking_csv(batch_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    batch = batches.owned(session, user, batch_id)
    name = download_names.ranking_name(batch)
    return Response(
        to_csv(batches.ranking_of(session, batch)).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition(name), "X-Content-Type-Options": "nosniff"},
    )


@router.post(
    "/batches/{batch_id}/tailor",
    status_code=status.HTTP_202_ACCEPTED,
)
def tailor_batch(
    batch_id: uuid.UUID,
    request: Request,
    body: BatchTailorRequest,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
) -> BatchTailoring:
    """Tailor and render the best ``top`` ranked candidates (knocked-out ones are not ranked)."""
    caller = caller_of(request, user)
    return batches.tailor_batch(services, session, caller, batch_id, body)


@router.get("/batches/{batch_id}/archive.zip", dependencies=[limited("export")])
def batch_archive(
    batch_id: uuid.UUID, user: CurrentUser, services: ServicesDep, session: SessionDep
) -> Response:
    """The tailored PDFs made so far, in rank order (409 while none is ready)."""
    batch = batches.owned(session, user, batch_id)
    batch_tailor.advance(services, session, user, batch)
    data = batch_tailor.archive(services, session, user, batches.ranking_of(session, batch).ranked)
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": disposition(download_names.archive_name(batch))},
    )


@router.delete("/batches/{batch_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_batch(
    batch_id: uuid.UUID, user: CurrentUser, services: ServicesDep, session: SessionDep
) -> None:
    """The batch, its items and the uploaded files no other batch uses."""
    batches.delete_batch(services, session, user, batch_id)
