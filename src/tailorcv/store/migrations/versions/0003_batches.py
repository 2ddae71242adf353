"""Batches: one job × many candidates, ranked (issue 9).

Revision ID: 0003_batches
Revises: 0002
Create Date: 2026-11-24

Adds two tables and changes none, so every existing row is kept. A batch keeps a snapshot of the
job's analysis (the job is analysed once per batch, and the batch outlives an edited or deleted
job); each candidate is a row in ``batch_items``, carried by a task row (``task_id``; one task may
carry a chunk of items, docs/batches.md). ``cache_key`` is the SHA-256 of (candidate content hash,
job hash, scorer version): an earlier item of the same owner with the same key is reused.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_batches"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def timestamp(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def owner(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=f"fk_{table}_owner_id_users", ondelete="CASCADE"
        ),
    ]


def set_null(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete="SET NULL"
    )


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.Uuid(), nullable=False),
        *owner("batches"),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(300), server_default="", nullable=False),
        sa.Column("job_hash", sa.String(64), nullable=False),
        sa.Column("analysis", JSON, nullable=False),
        sa.Column("criteria", JSON, nullable=False),
        sa.Column("blind", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("size", sa.BigInteger(), server_default="0", nullable=False),
        timestamp("created_at"),
        timestamp("finished_at", nullable=True),
        timestamp("expires_at", nullable=True),
        set_null("batches", "job_id", "jobs"),
        sa.PrimaryKeyConstraint("id", name="pk_batches"),
    )
    op.create_index("ix_batches_owner_id_created_at", "batches", ["owner_id", "created_at"])
    op.create_index("ix_batches_expires_at", "batches", ["expires_at"])
    op.create_table(
        "batch_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        *owner("batch_items"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), server_default="", nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("file_id", sa.Uuid(), nullable=True),
        sa.Column("resume_id", sa.Uuid(), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("cache_key", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), server_default="queued", nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("knocked_out", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("result", JSON, nullable=True),
        sa.Column("document", JSON, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("tailor_task_id", sa.Uuid(), nullable=True),
        sa.Column("render_task_id", sa.Uuid(), nullable=True),
        timestamp("created_at"),
        timestamp("finished_at", nullable=True),
        sa.CheckConstraint("source IN ('file', 'resume')", name="ck_batch_items_source"),
        sa.CheckConstraint(
            "status IN ('queued', 'succeeded', 'failed')", name="ck_batch_items_status"
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["batches.id"],
            name="fk_batch_items_batch_id_batches",
            ondelete="CASCADE",
        ),
        set_null("batch_items", "file_id", "files"),
        set_null("batch_items", "resume_id", "resumes"),
        set_null("batch_items", "task_id", "tasks"),
        set_null("batch_items", "tailor_task_id", "tasks"),
        set_null("batch_items", "render_task_id", "tasks"),
        sa.PrimaryKeyConstraint("id", name="pk_batch_items"),
    )
    op.create_index("ix_batch_items_batch_id_position", "batch_items", ["batch_id", "position"])
    op.create_index("ix_batch_items_owner_id_cache_key", "batch_items", ["owner_id", "cache_key"])
    op.create_index("ix_batch_items_task_id", "batch_items", ["task_id"])


def downgrade() -> None:
    op.drop_table("batch_items")
    op.drop_table("batches")
