"""Published versions, candidates kept with their batch, accounts that can be disabled (issue 19).

Revision ID: 0006_published_versions
Revises: 0005_sessions
Create Date: 2026-12-06

- ``resumes.published_version_id``: the version a public page shows. Until now a public page
  showed the working draft, so every autosave was public at once; now the owner publishes a
  version. A résumé already published keeps showing what it showed: its draft is kept as a new
  version (kind ``commit``) and that version is the one published. Versions are deleted only
  with their résumé, so the column needs no foreign key (which would make a cycle with
  ``versions.resume_id``); reads match it against the résumé's own versions.
- ``resumes.batch_id``: a candidate's résumé made by tailoring a batch's top candidates belongs to
  that batch and is not among its owner's own résumés. The code that deletes a batch deletes its
  candidates' résumés in the same transaction. A foreign key with a cascade is not used: SQLite
  can add one only by copying ``resumes``, and dropping the old copy would cascade to every
  version.
- ``users.disabled_at``: an operator can disable an account; a disabled user cannot log in.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0006_published_versions"
down_revision: str | None = "0005_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RESUMES = sa.table(
    "resumes",
    sa.column("id", sa.Uuid()),
    sa.column("draft", sa.JSON()),
    sa.column("slug", sa.String()),
    sa.column("published_version_id", sa.Uuid()),
)
VERSIONS = sa.table(
    "versions",
    sa.column("id", sa.Uuid()),
    sa.column("resume_id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("document", sa.JSON()),
    sa.column("content_hash", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    # Columns are added in place, never by copying the table: on SQLite a copy of ``resumes``
    # drops the old table, and the drop would cascade to every version.
    op.add_column("resumes", sa.Column("published_version_id", sa.Uuid(), nullable=True))
    op.add_column("resumes", sa.Column("batch_id", sa.Uuid(), nullable=True))
    op.create_index("ix_resumes_batch_id", "resumes", ["batch_id"])
    op.add_column("users", sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
    _publish_drafts()


def _publish_drafts() -> None:
    """Each published résumé's draft kept as a version, and that version published."""
    bind = op.get_bind()
    published = bind.execute(
        sa.select(RESUMES.c.id, RESUMES.c.draft).where(RESUMES.c.slug.is_not(None))
    ).all()
    now = datetime.now(UTC)
    for resume_id, draft in published:
        document = draft if isinstance(draft, dict) else json.loads(draft)
        canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        version_id = uuid.uuid4()
        bind.execute(
            VERSIONS.insert().values(
                id=version_id,
                resume_id=resume_id,
                kind="commit",
                document=document,
                content_hash=hashlib.sha256(canonical.encode()).hexdigest(),
                created_at=now,
            )
        )
        bind.execute(
            RESUMES.update()
            .where(RESUMES.c.id == resume_id)
            .values(published_version_id=version_id)
        )


def downgrade() -> None:
    op.drop_column("users", "disabled_at")
    op.drop_index("ix_resumes_batch_id", table_name="resumes")
    op.drop_column("resumes", "batch_id")
    op.drop_column("resumes", "published_version_id")
