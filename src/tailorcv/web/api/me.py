"""The account itself: who am I, everything I have (as a zip), erase me; a new password or
e-mail address (issue 19: ``service.account_changes``); API tokens; and log-in sessions
(issue 16): listed with the one asking marked, ended one by one or all but this one.

API tokens are long-lived and made on purpose; sessions are made by each log-in and expire
(``store.account_queries``). The two are listed apart, and ending one never touches the other.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Request, Response, status

from tailorcv.service import account_changes, account_data
from tailorcv.service.accounts import user_public
from tailorcv.service.schemas import (
    EmailChange,
    Items,
    Out,
    PasswordChange,
    PasswordChanged,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    UserPublic,
)
from tailorcv.store import queries
from tailorcv.store.account_queries import (
    list_login_sessions,
)
from tailorcv.web.deps import AuthDep, CurrentUser, ServicesDep, SessionDep, caller_of

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


@router.put("/me/password")
def change_password(
    body: PasswordChange,
    request: Request,
    auth: AuthDep,
    services: ServicesDep,
    session: SessionDep,
) -> PasswordChanged:
    """A new password (the rules of a registration), with the current one asked again. Every
    other log-in session ends; this one stays (every one, with an API token); API tokens stay.
    Limited and locked out like a log-in."""
    asking = caller_of(request, auth.user)
    return account_changes.change_password(services, session, asking, auth.token, body)


@router.put("/me/email")
def change_email(
    body: EmailChange,
    request: Request,
    user: CurrentUser,
    services: ServicesDep,
    session: SessionDep,
) -> UserPublic:
    """A new e-mail address, free whatever its case, with the current password asked again.
    Limited and locked out like a log-in."""
    return account_changes.change_email(services, session, caller_of(request, user), body)


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


@router.get("/me/export", response_class=Response)
def export(
    request: Request, user: CurrentUser, services: ServicesDep, session: SessionDep
) -> Response:
    """A zip of everything the account holds: JSON for the rows, and the stored files."""
    data = account_data.export_account(services, session, caller_of(request, user))
    disposition = 'attachment; filename="tailorcv-export.zip"'
    return Response(
        data, media_type="application/zip", headers={"Content-Disposition": disposition}
    )


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def erase(
    user: CurrentUser, services: ServicesDep, session: SessionDep, response: Response
) -> None:
    """Erase every row of the account, then (after the commit) the files no one else uses."""
    account_data.erase_account(services, session, user)
    services.cookies.clear(response)


@router.get("/tokens")
def list_tokens(user: CurrentUser, session: SessionDep) -> Items[TokenPublic]:
    tokens = queries.list_api_tokens(session, user.id)
    return Items(items=[TokenPublic.model_validate(token) for token in tokens])


@router.post("/tokens", status_code=status.HTTP_201_CREATED)
def create_token(body: TokenCreate, user: CurrentUser, session: SessionDep) -> TokenCreated:
    """A new API token; the answer is the only time its value is shown."""
    return account_data.create_token(session, user, body)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> None:
    account_data.revoke_token(session, user, token_id)


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
    if account_data.end_session(session, auth.user, auth.token, session_id):
        services.cookies.clear(response)


@router.delete("/me/sessions", status_code=status.HTTP_204_NO_CONTENT)
def end_other_sessions(auth: AuthDep, session: SessionDep) -> None:
    """End every session but the one this request came with (every one, with an API token)."""
    account_data.end_other_sessions(session, auth.user, auth.token)
