"""The bodies of the batch use cases and endpoints (``service.batches``, ``web/api/batches.py``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from tailorcv.resume.model import DEFAULT_TEMPLATE
from tailorcv.service.schemas import TaskPublic


class Progress(BaseModel):
    total: int
    done: int  # succeeded + failed
    succeeded: int
    failed: int
    running: int
    queued: int


class BatchPublic(BaseModel):
    id: uuid.UUID
    title: str
    job_id: uuid.UUID | None
    blind: bool
    criteria: dict[str, Any]
    status: Literal["running", "finished"]
    progress: Progress
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None


class BatchEnvelope(BaseModel):
    batch: BatchPublic


class RankedRow(BaseModel):
    id: uuid.UUID
    position: int = Field(description="Upload order, from 0.")
    rank: int | None
    candidate: str = Field(description="Name, file name, or 'Candidate N' under blind screening.")
    status: Literal["ranked", "knocked_out", "failed", "pending"]
    score: float | None
    matched_required: list[str]
    missing_required: list[str] = Field(description="At most 5 of each; the counts are whole.")
    required_met: int = Field(description="Required needs met; an either-or group counts once.")
    required_total: int
    reasons: list[str] = Field(description="Knock-out reasons, or why the item failed.")
    contact: dict[str, Any] | None = Field(description="Absent (null) under blind screening.")
    tailoring: dict[str, Any] | None = None


class Ranking(BaseModel):
    ranked: list[RankedRow]
    knocked_out: list[RankedRow]
    failed: list[RankedRow]


class BatchReport(BatchEnvelope):
    ranking: Ranking


class BatchTailorRequest(BaseModel):
    top: int = Field(5, ge=1, le=50, description="Tailor and render the best N ranked.")
    template: str = Field(DEFAULT_TEMPLATE, max_length=64)
    pages: int | None = Field(None, ge=1, le=10)


class Tailoring(BaseModel):
    item_id: uuid.UUID
    candidate: str
    tailor: TaskPublic
    render: TaskPublic | None


class BatchTailoring(BatchEnvelope):
    tailoring: list[Tailoring]


class CandidateDetail(BaseModel):
    """One candidate of a batch in full: its row of the ranking, what its score is made of, and
    the tailored résumé (a résumé of the batch's: ``resume_id``; its tailored version)."""

    batch_id: uuid.UUID
    candidate: RankedRow
    years: float = Field(description="Years of experience the score counted.")
    parts: dict[str, float] = Field(description="The score's parts, in points.")
    matched_required: list[str] = Field(description="Every required need met (not only 5).")
    missing_required: list[str]
    missing_preferred: list[str]
