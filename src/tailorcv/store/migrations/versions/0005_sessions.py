"""Log-in sessions: a table of their own, with an idle and an absolute end (issue 16, item 8).

Revision ID: 0005_sessions
Revises: 0004_llm_kinds
Create Date: 2026-12-06

Until now every log-in made an API token named ``login`` that never expired. Each live one
becomes a row of ``login_sessions`` with the same token hash, so whoever is logged in stays
logged in (the bearer token and the cookie go on working), but now under the default limits: it
ends 14 days after its last use or 90 days after it was made, whichever comes first; one past
either limit is dropped. Revoked ``login`` tokens (log-outs) are dropped with them. Tokens of any
other name are untouched. The downgrade turns each session back into a ``login`` token.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005_sessions"
down_revision: str | None = "0004_llm_kinds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IDLE = timedelta(days=14)  # the defaults of TAILORCV_SESSION_IDLE_DAYS and _MAX_DAYS
ABSOLUTE = timedelta(days=90)
LOGIN = "login"  # the name every log-in gave its token

TOKENS = sa.table(
    "api_tokens",
    sa.column("id", sa.Uuid()),
    sa.column("owner_id", sa.Uuid()),
    sa.column("name", sa.String()),
    sa.column("token_hash", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("last_used_at", sa.DateTime(timezone=True)),
    sa.column("revoked_at", sa.DateTime(timezone=True)),
)
SESSIONS = sa.table(
    "login_sessions",
    sa.column("id", sa.Uuid()),
    sa.column("owner_id", sa.Uuid()),
    sa.column("token_hash", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("last_seen_at", sa.DateTime(timezone=True)),
    sa.column("idle_expires_at", sa.DateTime(timezone=True)),
    sa.column("expires_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_agent", sa.String(200), server_default="", nullable=False),
        sa.Column("address", sa.String(64), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idle_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name="fk_login_sessions_owner_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_login_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_login_sessions_token_hash"),
    )
    op.create_index(
        "ix_login_sessions_owner_id_last_seen_at", "login_sessions", ["owner_id", "last_seen_at"]
    )
    op.create_index("ix_login_sessions_idle_expires_at", "login_sessions", ["idle_expires_at"])
    _move_login_tokens()


def _move_login_tokens() -> None:
    """Each live ``login`` token becomes a session with today's limits; the rest are dropped."""
    connection = op.get_bind()
    now = datetime.now(UTC)
    live = connection.execute(
        sa.select(TOKENS).where(TOKENS.c.name == LOGIN, TOKENS.c.revoked_at.is_(None))
    ).all()
    rows = [_session(token, now, connection.dialect.name) for token in live]
    kept = [row for row in rows if row is not None]
    if kept:
        connection.execute(SESSIONS.insert(), kept)
    connection.execute(TOKENS.delete().where(TOKENS.c.name == LOGIN))


def _session(token: Any, now: datetime, dialect: str) -> dict[str, Any] | None:
    """The session a ``login`` token becomes; None when it is past either limit already."""
    created = _aware(token.created_at)
    seen = _aware(token.last_used_at) if token.last_used_at is not None else created
    expires = created + ABSOLUTE
    idle_expires = min(expires, seen + IDLE)
    if idle_expires <= now:
        return None
    times = {
        "created_at": created,
        "last_seen_at": seen,
        "idle_expires_at": idle_expires,
        "expires_at": expires,
    }
    if dialect == "sqlite":  # SQLite keeps no zone: UTC is implied (models.UTCDateTime)
        times = {name: moment.replace(tzinfo=None) for name, moment in times.items()}
    return {"id": token.id, "owner_id": token.owner_id, "token_hash": token.token_hash, **times}


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def downgrade() -> None:
    connection = op.get_bind()
    sessions = connection.execute(sa.select(SESSIONS)).all()
    tokens = [
        {
            "id": row.id,
            "owner_id": row.owner_id,
            "name": LOGIN,
            "token_hash": row.token_hash,
            "created_at": row.created_at,
            "last_used_at": row.last_seen_at,
        }
        for row in sessions
    ]
    if tokens:
        connection.execute(TOKENS.insert(), tokens)
    op.drop_index("ix_login_sessions_idle_expires_at", table_name="login_sessions")
    op.drop_index("ix_login_sessions_owner_id_last_seen_at", table_name="login_sessions")
    op.drop_table("login_sessions")
