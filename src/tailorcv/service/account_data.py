"""What an account holds and ends: log-in sessions, API tokens, the export of everything, and
erasure."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from tailorcv.service.export import export_zip
from tailorcv.service.limits import Caller
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import TokenCreate, TokenCreated, TokenPublic
from tailorcv.service.work import not_found, resume_changed
from tailorcv.store import queries
from tailorcv.store.account_queries import (
    end_login_session,
    end_other_login_sessions,
    live_session,
)
from tailorcv.store.models import User


def end_session(session: Session, user: User, token: str, session_id: uuid.UUID) -> bool:
    """End one of the user's log-in sessions; whether it was the one ``token`` belongs to."""
    this = live_session(session, token)
    ending_this = this is not None and this.id == session_id
    if not end_login_session(session, user.id, session_id):
        raise not_found("session", session_id)
    session.commit()
    return ending_this


def end_other_sessions(session: Session, user: User, token: str) -> None:
    """End every session but the one ``token`` belongs to (every one, for an API token)."""
    end_other_login_sessions(session, user.id, keep=token)
    session.commit()


def create_token(
    session: Session, user: User, form: TokenCreate, raw: str | None = None
) -> TokenCreated:
    """A new API token (``raw`` when the caller made its value); the answer is the only time
    its value is shown."""
    token, raw = queries.create_api_token(session, user.id, form.name, raw)
    session.commit()
    return TokenCreated.model_validate(
        {**TokenPublic.model_validate(token).model_dump(), "token": raw}
    )


def revoke_token(session: Session, user: User, token_id: uuid.UUID) -> None:
    if queries.revoke_api_token(session, user.id, token_id) is None:
        raise not_found("token", token_id)
    session.commit()


def export_account(runtime: Runtime, session: Session, caller: Caller) -> bytes:
    """A zip of everything the account holds (one ``export`` from the caller's rate limit)."""
    runtime.limits.take_action(caller, "export")
    return export_zip(session, runtime.blobs, caller.signed_in)


def erase_account(runtime: Runtime, session: Session, user: User) -> None:
    """Erase every row of the account, then (after the commit) the files no one else uses."""
    everything = queries.list_resumes(session, user.id, 1_000_000, with_candidates=True)
    resumes = [resume.id for resume in everything]
    orphans = queries.delete_user(session, user.id)
    session.commit()
    for resume_id in resumes:
        resume_changed(runtime, resume_id)
    for key in orphans:
        runtime.blobs.delete(key)
