"""Accounts: users with their profiles, API tokens (re-exported by ``queries``), log-in
sessions, and what an operator changes (e-mail, tier, admin, disabled; issue 19).

Two kinds of bearer secret find a user: an API token (``tcv_…``), made on purpose and valid until
revoked, and a log-in session's token (``tcs_…``), made by each log-in and ended by log-out, from
another session, or by its idle and absolute limits (issue 16). Only their SHA-256 is stored. As
everywhere in ``store``, nothing here commits; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tailorcv.errors import EmailTaken
from tailorcv.store.models import (
    ApiToken,
    LoginSession,
    Profile,
    Resume,
    User,
    normalise_email,
    utcnow,
)

TOKEN_PREFIX = "tcv_"
SESSION_PREFIX = "tcs_"
# Live sessions one user may hold; a log-in beyond it ends the one unused the longest, so that a
# script logging in again and again cannot grow the table without bound.
MAX_SESSIONS = 50


def create_user(
    session: Session,
    email: str,
    password_hash: str,
    *,
    tier: str = "free",
    is_admin: bool = False,
    display_name: str = "",
    locale: str = "en",
) -> User:
    """A user and their profile, flushed together: both are in the caller's transaction, so
    there is never a user without a profile. ``EmailTaken`` when the address (any case) is used."""
    if get_user_by_email(session, email) is not None:
        raise EmailTaken(f"{normalise_email(email)} is already registered; log in instead")
    user = User(email=email, password_hash=password_hash, tier=tier, is_admin=is_admin)
    session.add(user)
    session.flush()
    session.add(Profile(user_id=user.id, display_name=display_name, locale=locale))
    session.flush()
    return user


def get_user(session: Session, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalise_email(email))).one_or_none()


def get_profile(session: Session, user_id: uuid.UUID) -> Profile | None:
    return session.get(Profile, user_id)


def change_email(session: Session, user: User, email: str) -> None:
    """Give ``user`` the address ``email``, flushed; ``EmailTaken`` when another account has it
    (any case). Two changes racing for one address: the unique constraint refuses the second
    at the flush (``IntegrityError``), which the caller reports as taken too."""
    found = get_user_by_email(session, email)
    if found is not None and found.id != user.id:
        raise EmailTaken(f"{normalise_email(email)} belongs to another account; choose another")
    user.email = email
    session.flush()


def list_users(
    session: Session, search: str = "", *, limit: int, offset: int = 0
) -> Sequence[User]:
    """Everyone's accounts whose e-mail contains ``search`` (any case), newest first: an
    admin's view, not scoped by owner. ``limit`` rows at most, from ``offset``."""
    query = select(User).order_by(User.created_at.desc(), User.id)
    needle = normalise_email(search)
    if needle:
        query = query.where(User.email.contains(needle, autoescape=True))
    return session.scalars(query.limit(limit).offset(offset)).all()


def published_resume_ids(session: Session, owner_id: uuid.UUID) -> Sequence[uuid.UUID]:
    """The owner's résumés that have a public page (which disabling the account hides)."""
    query = select(Resume.id).where(Resume.owner_id == owner_id, Resume.slug.is_not(None))
    return session.scalars(query).all()


def token_hash(raw: str) -> str:
    """SHA-256 of a token: enough for 256 random bits, and what the database keeps instead."""
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_token(
    session: Session, owner_id: uuid.UUID, name: str, raw: str | None = None
) -> tuple[ApiToken, str]:
    """A new token row and the raw token (``raw`` when the caller made it, from 256 random
    bits: ``web.ui.account``), which is shown once and never stored."""
    raw = raw or TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(owner_id=owner_id, name=name, token_hash=token_hash(raw))
    session.add(token)
    session.flush()
    return token, raw


# A token's last use is noted at most once a minute: a write on every request would hold
# SQLite's one write lock across the request's dependency and its endpoint, which run in
# different thread-pool tasks; under load (issue 10's 50-user mixed run) the thread pool filled
# with requests waiting for that lock and the holders could not finish: 30 s stalls, then 503s.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def user_for_token(session: Session, raw: str, now: datetime | None = None) -> User | None:
    """The user a live API token or log-in session belongs to (noting its use); None for an
    unknown, revoked, ended or expired one."""
    moment = now or utcnow()
    if not raw.startswith(SESSION_PREFIX):
        user = _api_token_user(session, raw, moment)
        if user is not None:
            return user
    # A session's token, or an old log-in token that migration 0005 made a session.
    found = live_session(session, raw, moment)
    if found is None:
        return None
    if moment - found.last_seen_at >= TOKEN_USE_RESOLUTION:
        slid = found.idle_expires_at + (moment - found.last_seen_at)  # now + the idle limit
        found.idle_expires_at = min(slid, found.expires_at)
        found.last_seen_at = moment
    return session.get(User, found.owner_id)


def _api_token_user(session: Session, raw: str, moment: datetime) -> User | None:
    query = select(ApiToken).where(
        ApiToken.token_hash == token_hash(raw), ApiToken.revoked_at.is_(None)
    )
    token = session.scalars(query).one_or_none()
    if token is None:
        return None
    if token.last_used_at is None or moment - token.last_used_at >= TOKEN_USE_RESOLUTION:
        token.last_used_at = moment
    return session.get(User, token.owner_id)


def list_api_tokens(session: Session, owner_id: uuid.UUID) -> Sequence[ApiToken]:
    query = select(ApiToken).where(ApiToken.owner_id == owner_id).order_by(ApiToken.created_at)
    return session.scalars(query).all()


def revoke_api_token(
    session: Session, owner_id: uuid.UUID, token_id: uuid.UUID, now: datetime | None = None
) -> ApiToken | None:
    token = session.get(ApiToken, token_id)
    if token is None or token.owner_id != owner_id:
        return None
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
    return token


def create_login_session(
    session: Session,
    owner_id: uuid.UUID,
    *,
    idle: timedelta,
    absolute: timedelta,
    user_agent: str = "",
    address: str = "",
    now: datetime | None = None,
) -> tuple[LoginSession, str]:
    """A new log-in session and its raw token (shown once, never stored). The owner's expired
    sessions are deleted first, and past ``MAX_SESSIONS`` live ones the least recently used."""
    moment = now or utcnow()
    purge_login_sessions(session, moment, owner_id)
    live = list_login_sessions(session, owner_id, moment)
    for stale in live[MAX_SESSIONS - 1 :]:
        session.delete(stale)
    raw = SESSION_PREFIX + secrets.token_urlsafe(32)
    expires = moment + absolute
    row = LoginSession(
        owner_id=owner_id,
        token_hash=token_hash(raw),
        user_agent=user_agent[:200],
        address=address[:64],
        created_at=moment,
        last_seen_at=moment,
        idle_expires_at=min(moment + idle, expires),
        expires_at=expires,
    )
    session.add(row)
    session.flush()
    return row, raw


def live_session(session: Session, raw: str, now: datetime | None = None) -> LoginSession | None:
    """The session ``raw`` is the token of, unless it has ended or expired."""
    query = select(LoginSession).where(
        LoginSession.token_hash == token_hash(raw), LoginSession.idle_expires_at > (now or utcnow())
    )
    return session.scalars(query).one_or_none()


def list_login_sessions(
    session: Session, owner_id: uuid.UUID, now: datetime | None = None
) -> Sequence[LoginSession]:
    """The owner's live sessions, the most recently used first."""
    query = (
        select(LoginSession)
        .where(LoginSession.owner_id == owner_id, LoginSession.idle_expires_at > (now or utcnow()))
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.created_at.desc())
    )
    return session.scalars(query).all()


def end_login_session(session: Session, owner_id: uuid.UUID, session_id: uuid.UUID) -> bool:
    """End one of the owner's sessions; False when it is not theirs (or not there)."""
    ended = session.execute(
        delete(LoginSession).where(LoginSession.id == session_id, LoginSession.owner_id == owner_id)
    )
    return bool(getattr(ended, "rowcount", 0))


def end_login_session_by_token(session: Session, owner_id: uuid.UUID, raw: str) -> bool:
    """End the owner's session whose token is ``raw`` (log-out); False when there is none."""
    ended = session.execute(
        delete(LoginSession).where(
            LoginSession.token_hash == token_hash(raw), LoginSession.owner_id == owner_id
        )
    )
    return bool(getattr(ended, "rowcount", 0))


def end_other_login_sessions(session: Session, owner_id: uuid.UUID, keep: str | None) -> int:
    """End every session of the owner but the one whose token is ``keep``; how many ended."""
    statement = delete(LoginSession).where(LoginSession.owner_id == owner_id)
    if keep is not None:
        statement = statement.where(LoginSession.token_hash != token_hash(keep))
    return int(getattr(session.execute(statement), "rowcount", 0))


def purge_login_sessions(
    session: Session, now: datetime | None = None, owner_id: uuid.UUID | None = None
) -> int:
    """Delete expired sessions (only the owner's when given): a log-in does it for its user,
    and a periodic cleanup can do it for everyone. How many were deleted."""
    statement = delete(LoginSession).where(LoginSession.idle_expires_at <= (now or utcnow()))
    if owner_id is not None:
        statement = statement.where(LoginSession.owner_id == owner_id)
    return int(getattr(session.execute(statement), "rowcount", 0))
