"""Accounts: users with their profiles, and API tokens (re-exported by ``queries``).

As everywhere in ``store``, nothing here commits; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tailorcv.errors import EmailTaken
from tailorcv.store.models import ApiToken, Profile, User, normalise_email, utcnow

TOKEN_PREFIX = "tcv_"


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


def token_hash(raw: str) -> str:
    """SHA-256 of a token: enough for 256 random bits, and what the database keeps instead."""
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_token(session: Session, owner_id: uuid.UUID, name: str) -> tuple[ApiToken, str]:
    """A new token row and the raw token, which is shown once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
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
    """The user a live token belongs to (noting its use); None for an unknown or revoked one."""
    query = select(ApiToken).where(
        ApiToken.token_hash == token_hash(raw), ApiToken.revoked_at.is_(None)
    )
    token = session.scalars(query).one_or_none()
    if token is None:
        return None
    moment = now or utcnow()
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
