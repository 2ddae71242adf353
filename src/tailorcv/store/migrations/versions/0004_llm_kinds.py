"""LLM kinds: tasks may be ``suggest`` (weak-bullet suggestions) and ``letter`` (a cover letter).

Revision ID: 0004_llm_kinds
Revises: 0003_batches
Create Date: 2026-11-24

Widens the check on ``tasks.kind`` and changes nothing else; every row is kept. SQLite cannot
alter a constraint, so there the table is copied (``batch_alter_table`` in its "auto" mode);
PostgreSQL drops and adds the constraint in place. The table's other constraints, indexes and
rows come through the copy unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004_llm_kinds"
down_revision: str | None = "0003_batches"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("import", "tailor", "render", "batch_item", "cleanup")
AFTER = (*BEFORE, "suggest", "letter")


def _check(kinds: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    # The name goes through the models' naming convention, as it did in 0001.
    with op.batch_alter_table("tasks") as batch:  # SQLite: copied; PostgreSQL: in place
        batch.drop_constraint("ck_tasks_kind", type_="check")
        batch.create_check_constraint("ck_tasks_kind", f"kind IN ({listed})")


def upgrade() -> None:
    _check(AFTER)


def downgrade() -> None:
    op.execute(f"DELETE FROM tasks WHERE kind IN ({', '.join(repr(k) for k in AFTER[5:])})")
    _check(BEFORE)
