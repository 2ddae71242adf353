"""The account itself: who am I, everything I have (as a zip), erase me; API tokens; and log-in
sessions (issue 16): listed with the one asking marked, ended one by one or all but this one.

API tokens are long-lived and made on purpose; sessions are made by each log-in and expire
(``store.account_queries``). The two are listed apart, and ending one never touches the other.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Response, status

from tailorcv.store import queries
from tailorcv.store.account_queries import (
    end_login_session,
    end_other_login_sessions,
    list_login_sessions,
    live_session,
)
from tailorcv.web.api.auth import user_public
from tailorcv.web.deps import AuthDep, CurrentUser, ServicesDep, SessionDep
from tailorcv.web.export import export_zip
from tailorcv.web.ratelimits import limited
from tailorcv.web.schemas import Items, Out, TokenCreate, TokenCreated, TokenPublic, UserPublic
from tailorcv.web.work import not_found, resume_changed

router = APIRouter(tags=["accounts"])


class LoginSessionPublic(Out):
    id: uuid.UUID
    created_at: datetime
    last_seen_at: datetime
    idle_expires_at: datetime
    expires_at: datetime
    user_agent: str
    address: str
    current: bool = False


@router.get("/me")
def me(user: CurrentUser, session: SessionDep) -> UserPublic:
    return user_public(session, user)


class StoragePublic(Out):
    used: int
    allowed: int
    files: int
    documents: int
    jobs: int


@router.get("/me/storage")
def storage(user: CurrentUser, services: ServicesDep, session: SessionDep) -> StoragePublic:
    """What the account keeps against its allowance, in bytes: files, résumés (drafts and
    versions) and job ads; a save past ``allowed`` is refused with 413 (issue 16)."""
    use = queries.storage_usage(session, user.id)
    return StoragePublic(
        used=use.total,
        allowed=services.settings.storage_per_user_bytes,
        files=use.files,
        documents=use.documents,
        jobs=use.jobs,
    )


@router.get("/me/export", response_class=Response, dependencies=[limited("export")])
def export(user: CurrentUser, services: ServicesDep, session: SessionDep) -> Response:
    """A zip of everything the account holds: JSON for the rows, and the stored files."""
    data = export_zip(session, services.blobs, user)
    disposition = 'attachment; filename="tailorcv-export.zip"'
    return Response(
        data, media_type="application/zip", headers={"Content-Disposition": disposition}
    )


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def erase(
    user: CurrentUser, services: ServicesDep, session: SessionDep, response: Response
) -> None:
    """Erase every row of the account, then (after the commit) the files no one else uses."""
    resumes = [resume.id for resume in queries.list_resumes(session, user.id)]
    orphans = queries.delete_user(session, user.id)
    session.commit()
    for resume_id in resumes:
        resume_changed(services, resume_id)
    for key in orphans:
        services.blobs.delete(key)
    services.cookies.clear(response)


@router.get("/tokens")
def list_tokens(user: CurrentUser, session: SessionDep) -> Items[TokenPublic]:
    tokens = queries.list_api_tokens(session, user.id)
    return Items(items=[TokenPublic.model_validate(token) for token in tokens])


@router.post("/tokens", status_code=status.HTTP_201_CREATED)
def create_token(body: TokenCreate, user: CurrentUser, session: SessionDep) -> TokenCreated:
    """A new API token; the answer is the only time its value is shown."""
    token, raw = queries.create_api_token(session, user.id, body.name)
    session.commit()
    return TokenCreated.model_validate(
        {**TokenPublic.model_validate(token).model_dump(), "token": raw}
    )


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> None:
    if queries.revoke_api_token(session, user.id, token_id) is None:
        raise not_found("token", token_id)
    session.commit()


@router.get("/me/sessions")
def list_sessions(auth: AuthDep, session: SessionDep) -> Items[LoginSessionPublic]:
    """The live log-in sessions, the most recently used first; ``current`` marks the one this
    request came with (none when it came with an API token)."""
    mine = queries.token_hash(auth.token)
    return Items(
        items=[
            LoginSessionPublic.model_validate(row).model_copy(
                update={"current": row.token_hash == mine}
            )
            for row in list_login_sessions(session, auth.user.id)
        ]
    )


@router.delete("/me/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def end_session(
    session_id: uuid.UUID,
    auth: AuthDep,
    services: ServicesDep,
    session: SessionDep,
    response: Response,
) -> None:
    """End one session; ending the one this browser came with clears its cookies too."""
    this = live_session(session, auth.token)
    ending_this = this is not None and this.id == session_id
    if not end_login_session(session, auth.user.id, session_id):
        raise not_found("session", session_id)
    session.commit()
    if ending_this:
        services.cookies.clear(response)


@router.delete("/me/sessions", status_code=status.HTTP_204_NO_CONTENT)
def end_other_sessions(auth: AuthDep, session: SessionDep) -> None:
    """End every session but the one this request came with (every one, with an API token)."""
    end_other_login_sessions(session, auth.user.id, keep=auth.token)
    session.commit()
