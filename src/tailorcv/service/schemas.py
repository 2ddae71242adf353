"""The API's request and response bodies, named by role (``ResumeCreate``, ``ResumePublic``).

Responses read straight from the store's rows (``from_attributes``), so a column that should not
leave the server (a password hash, a token hash) is absent by not being declared here.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tailorcv.service.addresses import address_problem
from tailorcv.store.models import TaskStatus, Tier
from tailorcv.store.worker_queries import WORKER_SEEN_SECONDS

SLUG = r"^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$"
# The same list as tailorcv.render.FORMATS (tests/web/test_problems.py keeps them in step).
Format = Literal["pdf", "png", "svg", "html", "txt", "md", "docx"]
T = TypeVar("T")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Items(BaseModel, Generic[T]):
    """A list answer; an object rather than a bare array, so that paging can be added."""

    items: list[T]


# Accounts


def _address(value: str) -> str:
    """A new account address, trimmed; refused with what is wrong (``service.addresses``)."""
    problem = address_problem(value.strip())
    if problem is not None:
        raise PydanticCustomError("email", problem)
    return value.strip()


# The address of a new account or of a change of address (issue 19); a log-in takes any text.
EmailAddress = Annotated[str, Field(max_length=320), AfterValidator(_address)]


class Credentials(BaseModel):
    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    password: SecretStr = Field(min_length=1, max_length=1024)


class Registration(Credentials):
    email: EmailAddress
    password: SecretStr = Field(min_length=8, max_length=1024)
    display_name: str = Field("", max_length=200)


class PasswordChange(BaseModel):
    """A new password, with the current one asked again. The new one meets the rules of a
    registration (``service.passwords``), which say what is wrong in words."""

    current_password: SecretStr = Field(min_length=1, max_length=1024)
    new_password: SecretStr = Field(min_length=1, max_length=1024)


class PasswordChanged(BaseModel):
    detail: str
    sessions_ended: int = Field(description="The other log-in sessions ended by the change.")


class EmailChange(BaseModel):
    """A new address for the account, with the current password asked again."""

    email: EmailAddress
    current_password: SecretStr = Field(min_length=1, max_length=1024)


class UserPublic(Out):
    id: uuid.UUID
    email: str
    tier: str
    is_admin: bool
    display_name: str = ""
    locale: str = "en"
    created_at: datetime


class SessionPublic(BaseModel):
    user: UserPublic
    token: str


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class TokenPublic(Out):
    id: uuid.UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="Shown once; only its SHA-256 is kept.")


# Résumés and versions


class ResumeCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    resume: dict[str, Any]


class ResumeUpdate(BaseModel):
    title: str | None = Field(None, min_length=1, max_length=200)
    resume: dict[str, Any] | None = None


class ResumeCreated(Out):
    id: uuid.UUID
    title: str
    version_id: uuid.UUID


class ResumeSummary(Out):
    id: uuid.UUID
    title: str
    slug: str | None
    created_at: datetime
    updated_at: datetime


class ResumePublic(ResumeSummary):
    version_id: uuid.UUID | None
    resume: dict[str, Any] = Field(description="The working draft.")


class VersionSummary(Out):
    id: uuid.UUID
    resume_id: uuid.UUID
    kind: str
    content_hash: str
    parent_id: uuid.UUID | None
    job_id: uuid.UUID | None
    created_at: datetime


class VersionPublic(VersionSummary):
    resume: dict[str, Any]


class PublishRequest(BaseModel):
    slug: str = Field(pattern=SLUG, description="3–64 of a-z, 0-9 and inner hyphens.")
    version_id: uuid.UUID | None = Field(
        None,
        description="The version the page shows, one of this résumé's. Absent: the current "
        "draft, first kept as a version (kind commit) unless a version holds the same content.",
    )
    hide_email: bool = False
    hide_phone: bool = False
    hide_address: bool = False
    password: SecretStr | None = Field(None, min_length=4, max_length=1024)
    expires_at: AwareDatetime | None = None
    noindex: bool = True


class PublishVersion(BaseModel):
    version_id: uuid.UUID | None = Field(
        None, description="One of this résumé's versions. Absent: the current draft, as above."
    )


class PagePublic(BaseModel):
    slug: str
    url: str
    version_id: uuid.UUID = Field(description="The version the page shows.")
    published_at: datetime = Field(description="When that version was made.")
    draft_changed: bool = Field(description="The draft differs from the version shown.")
    hide_email: bool
    hide_phone: bool
    hide_address: bool
    protected: bool
    expires_at: datetime | None
    noindex: bool
    view_count: int


# Jobs and matches


class JobCreate(BaseModel):
    title: str = Field("", max_length=300)
    company: str = Field("", max_length=300)
    text: str = Field(min_length=1, max_length=100_000)


class JobSummary(Out):
    id: uuid.UUID
    title: str
    company: str
    created_at: datetime


class JobPublic(JobSummary):
    text: str
    analysis: dict[str, Any]


class Source(BaseModel):
    """Which résumé to work on: a résumé (its working draft) or one of its versions."""

    resume_id: uuid.UUID | None = None
    version_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _one(self) -> Source:
        if (self.resume_id is None) == (self.version_id is None):
            raise ValueError("give exactly one of resume_id and version_id")
        return self


class MatchRequest(Source):
    job_id: uuid.UUID


# Background work


Engine = Literal["offline", "llm"]
ENGINE_HELP = (
    "``llm``: ask the configured model, falling back to the offline engine when it fails or "
    "claims too much; ``offline``: never ask one. Default: ``llm`` when one is configured."
)


class TailoringRequest(Source):
    job_id: uuid.UUID
    pages: int | None = Field(None, ge=1, le=10)
    template: str | None = Field(None, max_length=64)
    engine: Engine | None = Field(None, description=ENGINE_HELP)


class SuggestionRequest(Source):
    job_id: uuid.UUID
    engine: Engine | None = Field(None, description=ENGINE_HELP)


class LetterRequest(Source):
    job_id: uuid.UUID
    template: str | None = Field(
        None, max_length=64, description="Template family; default: the résumé's."
    )
    format: Literal["pdf", "docx"] = "pdf"
    engine: Engine | None = Field(None, description=ENGINE_HELP)


class RenderRequest(Source):
    template: str | None = Field(
        None, max_length=64, description="Default: the résumé's ``meta.template``, else classic."
    )
    format: Format = "pdf"


class TaskPublic(Out):
    id: uuid.UUID
    kind: str
    status: TaskStatus
    attempts: int
    error: str | None
    result: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class TaskEnvelope(BaseModel):
    task: TaskPublic


class TemplatePublic(BaseModel):
    name: str
    title: str
    description: str


# Administration


class AdminTask(TaskPublic):
    owner_id: uuid.UUID
    priority: int
    max_attempts: int


class AdminTaskPage(BaseModel):
    items: list[AdminTask]
    next_offset: int | None = Field(
        description="Pass as ``offset`` for the next page; null at the end."
    )


class AdminUser(UserPublic):
    """An account as an admin sees it: ``disabled_at`` is set while it is disabled."""

    disabled_at: datetime | None


class AdminUserPage(BaseModel):
    items: list[AdminUser]
    next_offset: int | None = Field(
        description="Pass as ``offset`` for the next page; null at the end."
    )


class AdminUserChange(BaseModel):
    """What an admin changes of an account; what is left out stays as it is. Making an admin
    is the operator's command, never a request (``tailorcv admin grant``)."""

    tier: Tier | None = None
    disabled: bool | None = Field(
        None,
        description="true: the account cannot log in and its sessions and tokens are "
        "refused; false: enabled again, nothing lost.",
    )


class WorkerSeen(BaseModel):
    """A consumer (``tailorcv worker``) from its heartbeat row; ``queue`` has no credentials."""

    model_config = ConfigDict(from_attributes=True)

    hostname: str
    pid: int
    queue: str
    processes: int = Field(description="Its worker processes.")
    started_at: datetime
    seen_at: datetime


class QueueReport(BaseModel):
    queued: int
    running: int
    by_priority: dict[int, int] = Field(description="Queued tasks per priority (higher first).")
    by_kind: dict[str, int] = Field(description="Queued tasks per kind.")
    oldest_queued_seconds: float | None = Field(
        description="Age of the oldest queued task; null when none is queued."
    )
    pending_messages: int | None = Field(
        description="Messages in the queue itself (huey), when the dispatcher can tell."
    )
    workers_seen: int = Field(
        description=f"Consumers whose heartbeat was seen in the last {WORKER_SEEN_SECONDS:g} s."
    )
    workers: list[WorkerSeen] = Field(description="Those consumers, longest running first.")
