"""Initial schema: users and profiles, API tokens, résumés, versions, jobs, files, tasks.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

Types are spelled out here rather than imported from ``tailorcv.store.models``, so that this
revision keeps describing the schema it made when the models move on.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

# Columns of versions that make up the snapshot; job_id and parent_id may still be set to NULL
# by ON DELETE SET NULL when the job or the parent version is deleted.
SNAPSHOT = "kind, document, content_hash, resume_id, created_at"
REFUSAL = "versions are immutable; add a new version instead"


def timestamp(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def uuid_column(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.Uuid(), nullable=nullable)


def owner(table: str) -> list[sa.schema.SchemaItem]:
    """The owner column and its cascading foreign key, shared by every user-owned table."""
    return [
        uuid_column("owner_id"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=f"fk_{table}_owner_id_users", ondelete="CASCADE"
        ),
    ]


def upgrade() -> None:
    create_accounts()
    create_documents()
    create_files_and_tasks()
    create_version_guard()


def create_accounts() -> None:
    op.create_table(
        "users",
        uuid_column("id"),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("tier", sa.String(16), server_default="free", nullable=False),
        sa.Column("is_admin", sa.Boolean(), server_default=sa.false(), nullable=False),
        timestamp("created_at"),
        sa.CheckConstraint("tier IN ('free', 'pro', 'premium')", name="ck_users_tier"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "profiles",
        uuid_column("user_id"),
        sa.Column("display_name", sa.String(200), server_default="", nullable=False),
        sa.Column("locale", sa.String(16), server_default="en", nullable=False),
        sa.Column("template", sa.String(64), nullable=True),
        timestamp("created_at"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_profiles_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name="pk_profiles"),
    )
    op.create_table(
        "api_tokens",
        uuid_column("id"),
        *owner("api_tokens"),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        timestamp("created_at"),
        timestamp("last_used_at", nullable=True),
        timestamp("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_index("ix_api_tokens_owner_id", "api_tokens", ["owner_id"])


def create_documents() -> None:
    op.create_table(
        "resumes",
        uuid_column("id"),
        *owner("resumes"),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("draft", JSON, nullable=False),
        sa.Column("slug", sa.String(100), nullable=True),
        sa.Column("hide_email", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("hide_phone", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("hide_address", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=True),
        timestamp("expires_at", nullable=True),
        sa.Column("noindex", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("view_count", sa.Integer(), server_default="0", nullable=False),
        timestamp("created_at"),
        timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_resumes"),
        sa.UniqueConstraint("slug", name="uq_resumes_slug"),
    )
    op.create_index("ix_resumes_owner_id_created_at", "resumes", ["owner_id", "created_at"])
    op.create_table(
        "jobs",
        uuid_column("id"),
        *owner("jobs"),
        sa.Column("title", sa.String(300), server_default="", nullable=False),
        sa.Column("company", sa.String(300), server_default="", nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("analysis", JSON, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
    )
    op.create_index("ix_jobs_owner_id_created_at", "jobs", ["owner_id", "created_at"])
    op.create_table(
        "versions",
        uuid_column("id"),
        uuid_column("resume_id"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("document", JSON, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        uuid_column("parent_id", nullable=True),
        uuid_column("job_id", nullable=True),
        timestamp("created_at"),
        sa.CheckConstraint(
            "kind IN ('imported', 'draft', 'commit', 'tailored')", name="ck_versions_kind"
        ),
        sa.ForeignKeyConstraint(
            ["resume_id"], ["resumes.id"], name="fk_versions_resume_id_resumes", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["versions.id"],
            name="fk_versions_parent_id_versions",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name="fk_versions_job_id_jobs", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_versions"),
    )
    op.create_index("ix_versions_resume_id_created_at", "versions", ["resume_id", "created_at"])


def create_files_and_tasks() -> None:
    op.create_table(
        "files",
        uuid_column("id"),
        *owner("files"),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        timestamp("created_at"),
        timestamp("expires_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_files"),
        sa.UniqueConstraint("owner_id", "key", name="uq_files_owner_id_key"),
    )
    op.create_index("ix_files_owner_id_created_at", "files", ["owner_id", "created_at"])
    op.create_index("ix_files_expires_at", "files", ["expires_at"])
    op.create_table(
        "tasks",
        uuid_column("id"),
        *owner("tasks"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), server_default="queued", nullable=False),
        sa.Column("priority", sa.Integer(), server_default="0", nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("result", JSON, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("max_attempts", sa.Integer(), server_default="3", nullable=False),
        timestamp("lease_expires_at", nullable=True),
        timestamp("not_before", nullable=True),
        sa.Column("idempotency_key", sa.String(200), nullable=True),
        timestamp("created_at"),
        timestamp("started_at", nullable=True),
        timestamp("finished_at", nullable=True),
        sa.CheckConstraint(
            "kind IN ('import', 'tailor', 'render', 'batch_item', 'cleanup')", name="ck_tasks_kind"
        ),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed', 'dead', 'cancelled')",
            name="ck_tasks_status",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_tasks"),
        sa.UniqueConstraint(
            "owner_id", "idempotency_key", name="uq_tasks_owner_id_idempotency_key"
        ),
    )
    op.create_index("ix_tasks_status_created_at", "tasks", ["status", "created_at"])
    op.create_index("ix_tasks_owner_id_status", "tasks", ["owner_id", "status"])


def create_version_guard() -> None:
    """A trigger that refuses any change to a version's snapshot, whatever client tries it."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION refuse_version_update() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER versions_immutable BEFORE UPDATE OF {SNAPSHOT} ON versions "
            "FOR EACH ROW EXECUTE FUNCTION refuse_version_update()"
        )
    else:
        op.execute(
            f"CREATE TRIGGER versions_immutable BEFORE UPDATE OF {SNAPSHOT} ON versions "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS versions_immutable" + _on_versions())
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS refuse_version_update()")
    for table in ("tasks", "files", "versions", "jobs", "resumes", "api_tokens", "profiles"):
        op.drop_table(table)
    op.drop_table("users")


def _on_versions() -> str:
    return " ON versions" if op.get_bind().dialect.name == "postgresql" else ""
