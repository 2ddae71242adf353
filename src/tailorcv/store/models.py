"""The service's tables, as SQLAlchemy 2 typed declarative models.

Ids are random UUIDs, so an id says nothing about how many rows exist. Every user-owned row has
an ``owner_id`` (a version reaches its owner through its résumé), and every foreign key to a user
cascades, so erasing a user can never be blocked by a row that was forgotten. Timestamps are
always timezone-aware UTC (``UTCDateTime``), on SQLite as on PostgreSQL. The schema itself is made
by the migrations in ``migrations/``; ``tests/store/test_migrations.py`` proves the two agree.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    false,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

from tailorcv.errors import VersionImmutable

Tier = Literal["free", "pro", "premium"]
VersionKind = Literal["imported", "draft", "commit", "tailored"]
TaskKind = Literal["import", "tailor", "render", "batch_item", "cleanup", "suggest", "letter"]
TaskStatus = Literal["queued", "running", "succeeded", "failed", "dead", "cancelled"]

TIERS: tuple[Tier, ...] = ("free", "pro", "premium")
VERSION_KINDS: tuple[VersionKind, ...] = ("imported", "draft", "commit", "tailored")
TASK_KINDS: tuple[TaskKind, ...] = (
    "import",
    "tailor",
    "render",
    "batch_item",
    "cleanup",
    "suggest",
    "letter",
)
TASK_STATUSES: tuple[TaskStatus, ...] = (
    "queued",
    "running",
    "succeeded",
    "failed",
    "dead",
    "cancelled",
)
FINISHED: tuple[TaskStatus, ...] = ("succeeded", "failed", "dead", "cancelled")

# Named constraints make migrations reproducible on every backend (Alembic "naming conventions").
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    """A CHECK that ``column`` holds one of ``values`` (named ``ck_<table>_<column>``)."""
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone, so UTC is implied)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one (datetime.now(UTC))")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


JSONDoc = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSONDoc,
    }


def _user_fk() -> Any:
    return ForeignKey("users.id", ondelete="CASCADE")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (one_of("tier", TIERS),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    tier: Mapped[str] = mapped_column(String(16), default="free", server_default="free")
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None]  # set by an operator; a disabled user cannot log in

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        """Stored folded, so the unique constraint is case-insensitive on every backend."""
        return normalise_email(value)


def normalise_email(email: str) -> str:
    return email.strip().lower()


class Profile(Base):
    """What a user shows and prefers; one per user, made in the same transaction as the user."""

    __tablename__ = "profiles"

    user_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    locale: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    template: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, so a leaked database leaks no token."""

    __tablename__ = "api_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(_user_fk(), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class LoginSession(Base):
    """One log-in (issue 16): the browser's session cookie and the log-in answer's bearer token
    carry its token, of which only the SHA-256 is stored. It ends at log-out, when ended from
    another session, ``idle`` after its last use, or ``absolute`` after the log-in, whichever
    comes first: ``idle_expires_at`` is that moment, slid forward by each use and never past
    ``expires_at``, so that checking one is a single comparison. API tokens (``ApiToken``) are
    the long-lived credentials a user makes on purpose; these are not."""

    __tablename__ = "login_sessions"
    __table_args__ = (Index(None, "owner_id", "last_seen_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="", server_default="")
    address: Mapped[str] = mapped_column(String(64), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    idle_expires_at: Mapped[datetime] = mapped_column(index=True)
    expires_at: Mapped[datetime]


class Resume(Base):
    """A user's résumé: its working draft, and how it is published (if it is)."""

    __tablename__ = "resumes"
    __table_args__ = (Index(None, "owner_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    title: Mapped[str] = mapped_column(String(200))
    draft: Mapped[dict[str, Any]]
    slug: Mapped[str | None] = mapped_column(String(100), unique=True)
    hide_email: Mapped[bool] = mapped_column(default=False, server_default=false())
    hide_phone: Mapped[bool] = mapped_column(default=False, server_default=false())
    hide_address: Mapped[bool] = mapped_column(default=False, server_default=false())
    password_hash: Mapped[str | None] = mapped_column(String(255))
    expires_at: Mapped[datetime | None]
    noindex: Mapped[bool] = mapped_column(default=True, server_default=true())
    view_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # The version the public page shows (not the draft: autosaves are not public). No foreign
    # key, which would make a cycle with versions.resume_id; reads match it to this résumé.
    published_version_id: Mapped[uuid.UUID | None]
    # Set for a candidate's résumé made from a batch: it belongs to the batch, not to the
    # owner's own résumés; deleting a batch deletes these (no foreign key: see migration 0006).
    batch_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Job(Base):
    """A job ad a user pasted, with its analysis (``tailorcv.match.analyse``)."""

    __tablename__ = "jobs"
    __table_args__ = (Index(None, "owner_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    title: Mapped[str] = mapped_column(String(300), default="", server_default="")
    company: Mapped[str] = mapped_column(String(300), default="", server_default="")
    text: Mapped[str] = mapped_column(Text)
    analysis: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Version(Base):
    """An immutable snapshot of a résumé. Refused on update by the ORM and by a trigger."""

    __tablename__ = "versions"
    __table_args__ = (Index(None, "resume_id", "created_at"), one_of("kind", VERSION_KINDS))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    resume_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    document: Mapped[dict[str, Any]]
    content_hash: Mapped[str] = mapped_column(String(64))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("versions.id", ondelete="SET NULL")
    )
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@event.listens_for(Version, "before_update")
def _refuse_version_update(_mapper: Any, _connection: Any, target: Version) -> None:
    raise VersionImmutable(f"version {target.id} is immutable; add a new version instead")


class File(Base):
    """A stored file: ``key`` is the SHA-256 of its bytes in the blob store (shared when equal)."""

    __tablename__ = "files"
    __table_args__ = (
        Index(None, "owner_id", "created_at"),
        UniqueConstraint("owner_id", "key"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    key: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(index=True)


class Task(Base):
    """The truth about one piece of background work; the queue only carries its id."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index(None, "status", "created_at"),
        Index(None, "owner_id", "status"),
        UniqueConstraint("owner_id", "idempotency_key"),
        one_of("kind", TASK_KINDS),
        one_of("status", TASK_STATUSES),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="queued", server_default="queued")
    priority: Mapped[int] = mapped_column(default=0, server_default="0")
    payload: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    max_attempts: Mapped[int] = mapped_column(default=3, server_default="3")
    lease_expires_at: Mapped[datetime | None]
    not_before: Mapped[datetime | None]
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class Worker(Base):
    """A running consumer (one ``tailorcv worker``), kept fresh by its heartbeat: ``seen_at``
    is refreshed every few seconds, and the row is deleted when the consumer stops cleanly.
    ``queue`` is the queue URL without credentials; ``processes`` its worker processes."""

    __tablename__ = "workers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    queue: Mapped[str] = mapped_column(String(500))
    processes: Mapped[int] = mapped_column(default=0, server_default="0")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


BATCH_ITEM_SOURCES: tuple[str, ...] = ("file", "resume")
BATCH_ITEM_STATUSES: tuple[str, ...] = ("queued", "succeeded", "failed")


def _set_null(target: str) -> Any:
    return ForeignKey(f"{target}.id", ondelete="SET NULL")


class Batch(Base):
    """One job × many candidates, ranked (issue 9). ``analysis`` is the job's analysis taken
    once for the batch; ``criteria`` the knock-out criteria; ``blind`` hides who a candidate is
    from the ranking and its CSV. The row expires with its files (``file_ttl_hours``)."""

    __tablename__ = "batches"
    __table_args__ = (Index(None, "owner_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    job_id: Mapped[uuid.UUID | None] = mapped_column(_set_null("jobs"))
    title: Mapped[str] = mapped_column(String(300), default="", server_default="")
    job_hash: Mapped[str] = mapped_column(String(64))
    analysis: Mapped[dict[str, Any]]
    criteria: Mapped[dict[str, Any]]
    blind: Mapped[bool] = mapped_column(default=False, server_default=false())
    total: Mapped[int] = mapped_column(default=0, server_default="0")
    size: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None] = mapped_column(index=True)


class BatchItem(Base):
    """One candidate of a batch: an uploaded file or one of the owner's résumés, its score and
    knock-out verdict (``result``), or the reason it failed (``error``). ``task_id`` is the
    task row that carries it; ``cache_key`` = hash(candidate content, job hash, scorer)."""

    __tablename__ = "batch_items"
    __table_args__ = (
        Index(None, "batch_id", "position"),
        Index(None, "owner_id", "cache_key"),
        one_of("source", BATCH_ITEM_SOURCES),
        one_of("status", BATCH_ITEM_STATUSES),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"))
    owner_id: Mapped[uuid.UUID] = mapped_column(_user_fk())
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source: Mapped[str] = mapped_column(String(16))
    file_id: Mapped[uuid.UUID | None] = mapped_column(_set_null("files"))
    resume_id: Mapped[uuid.UUID | None] = mapped_column(_set_null("resumes"))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    cache_key: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="queued", server_default="queued")
    task_id: Mapped[uuid.UUID | None] = mapped_column(_set_null("tasks"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    knocked_out: Mapped[bool] = mapped_column(default=False, server_default=false())
    result: Mapped[dict[str, Any] | None]
    document: Mapped[dict[str, Any] | None]  # the résumé read from a file, for tailoring
    error: Mapped[str | None] = mapped_column(Text)
    tailor_task_id: Mapped[uuid.UUID | None] = mapped_column(_set_null("tasks"))
    render_task_id: Mapped[uuid.UUID | None] = mapped_column(_set_null("tasks"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
