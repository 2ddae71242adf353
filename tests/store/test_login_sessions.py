"""Log-in sessions (issue 16, item 8), on every backend: they end after their idle limit, slide
with use up to their absolute limit, are listed and ended by their owner only, and stay apart
from API tokens; and migration 0005 turns each old ``login`` token into one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from tailorcv.store import account_queries as accounts
from tailorcv.store import queries
from tailorcv.store.db import make_engine
from tailorcv.store.models import LoginSession
from tailorcv.store.schema import upgrade

from .conftest import empty_database
from .factories import make_user

T0 = datetime(2026, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)
IDLE, ABSOLUTE = 14 * DAY, 90 * DAY


def start(session: Session, owner: uuid.UUID, at: datetime = T0) -> tuple[LoginSession, str]:
    return accounts.create_login_session(
        session, owner, idle=IDLE, absolute=ABSOLUTE, user_agent="Firefox", address="192.0.2.1",
        now=at,
    )  # fmt: skip


def test_a_session_token_finds_its_user_until_it_goes_unused_for_the_idle_limit(
    session: Session,
) -> None:
    user = make_user(session)
    row, raw = start(session, user.id)
    assert raw.startswith("tcs_")
    assert row.token_hash == queries.token_hash(raw)
    assert raw not in row.token_hash
    assert accounts.user_for_token(session, raw, T0 + IDLE - timedelta(seconds=1)) == user
    session.commit()
    # That use slid the idle limit: 14 days from then, not from the log-in.
    assert accounts.user_for_token(session, raw, T0 + 2 * IDLE - timedelta(seconds=2)) == user
    assert accounts.user_for_token(session, raw, T0 + 4 * IDLE) is None


def test_use_never_keeps_a_session_past_its_absolute_limit(session: Session) -> None:
    user = make_user(session)
    row, raw = start(session, user.id)
    for days in range(10, 90, 10):  # used every 10 days: never idle for 14
        assert accounts.user_for_token(session, raw, T0 + days * DAY) == user, days
    assert row.idle_expires_at == T0 + ABSOLUTE
    assert accounts.user_for_token(session, raw, T0 + ABSOLUTE) is None


def test_sessions_are_listed_newest_used_first_and_only_to_their_owner(session: Session) -> None:
    ada, bob = make_user(session), make_user(session)
    first, raw = start(session, ada.id)
    second, _ = start(session, ada.id, T0 + timedelta(hours=1))
    accounts.user_for_token(session, raw, T0 + timedelta(hours=2))
    listed = accounts.list_login_sessions(session, ada.id, T0 + timedelta(hours=3))
    assert [row.id for row in listed] == [first.id, second.id]
    assert accounts.list_login_sessions(session, bob.id, T0) == []
    assert not accounts.end_login_session(session, bob.id, first.id), "not Bob's to end"
    assert accounts.user_for_token(session, raw, T0 + timedelta(hours=3)) == ada


def test_ending_sessions_one_by_token_or_all_others(session: Session) -> None:
    user = make_user(session)
    made = [start(session, user.id) for _ in range(4)]
    (one, _), (_, two), (_, three), (_, keep) = made
    assert accounts.end_login_session(session, user.id, one.id)
    assert accounts.end_login_session_by_token(session, user.id, two)
    assert accounts.end_other_login_sessions(session, user.id, keep=keep) == 1
    session.commit()
    assert accounts.user_for_token(session, three, T0) is None
    assert accounts.user_for_token(session, keep, T0) == user
    assert [row.token_hash for row in accounts.list_login_sessions(session, user.id, T0)] == [
        queries.token_hash(keep)
    ]


def test_sessions_and_api_tokens_stay_apart(session: Session) -> None:
    user = make_user(session)
    token, api_raw = queries.create_api_token(session, user.id, "laptop")
    _row, session_raw = start(session, user.id)
    assert accounts.end_other_login_sessions(session, user.id, keep=None) == 1
    far = T0 + 10 * ABSOLUTE  # an API token has no idle or absolute limit
    assert accounts.user_for_token(session, api_raw, far) == user
    assert accounts.user_for_token(session, session_raw, T0) is None
    assert [t.id for t in queries.list_api_tokens(session, user.id)] == [token.id]


def test_a_log_in_deletes_its_users_expired_sessions_and_caps_the_live_ones(
    session: Session,
) -> None:
    user, other = make_user(session), make_user(session)
    start(session, user.id)
    start(session, other.id)
    later = T0 + ABSOLUTE
    for n in range(accounts.MAX_SESSIONS + 2):
        start(session, user.id, later + timedelta(seconds=n))
    session.commit()
    rows = session.query(LoginSession).filter_by(owner_id=user.id).all()
    assert len(rows) == accounts.MAX_SESSIONS
    assert min(row.created_at for row in rows) == later + timedelta(seconds=2), "LRU ended"
    assert accounts.purge_login_sessions(session, later) == 1, "the other user's expired one"


# Migration 0005: old log-in tokens become sessions


@pytest.fixture
def at_0004(backend: str, tmp_path: Path) -> Iterator[Engine]:
    with empty_database(backend, tmp_path) as settings:
        engine = make_engine(settings)
        upgrade(engine, "0004_llm_kinds")
        yield engine
        engine.dispose()


def test_upgrading_turns_live_login_tokens_into_sessions_and_keeps_other_tokens(
    at_0004: Engine,
) -> None:
    now = datetime.now(UTC)
    sqlite = at_0004.dialect.name == "sqlite"

    def moment(days_ago: float) -> object:
        value = now - timedelta(days=days_ago)
        return value.replace(tzinfo=None) if sqlite else value

    def ident() -> object:
        return uuid.uuid4().hex if sqlite else uuid.uuid4()

    user = ident()
    tokens = [  # name, hash, made, last used, revoked
        ("login", "recent", moment(3), moment(1), None),
        ("login", "idle", moment(30), moment(20), None),
        ("login", "old", moment(100), moment(0.5), None),
        ("login", "ended", moment(2), None, moment(1)),
        ("laptop", "kept", moment(400), None, None),
    ]
    with at_0004.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, password_hash, created_at)"
                " VALUES (:u, 'm@example.com', 'h', :t)"
            ),
            {"u": user, "t": moment(500)},
        )
        for name, digest, made, used, revoked in tokens:
            row = {"i": ident(), "u": user, "n": name, "h": digest, "c": made, "l": used}
            connection.execute(
                text(
                    "INSERT INTO api_tokens (id, owner_id, name, token_hash, created_at,"
                    " last_used_at, revoked_at) VALUES (:i, :u, :n, :h, :c, :l, :r)"
                ),
                {**row, "r": revoked},
            )
    upgrade(at_0004)
    with at_0004.connect() as connection:
        left = connection.execute(text("SELECT token_hash FROM api_tokens")).scalars().all()
        moved = connection.execute(text("SELECT token_hash FROM login_sessions")).scalars().all()
    assert left == ["kept"]
    assert moved == ["recent"], "past 14 days idle or 90 days old: ended; revoked: dropped"
    with Session(at_0004) as session:
        row = session.query(LoginSession).one()
        assert row.idle_expires_at == row.last_seen_at + IDLE
        assert row.expires_at == row.created_at + ABSOLUTE
