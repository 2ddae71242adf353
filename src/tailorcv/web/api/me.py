"""The account itself: who am I, everything I have (as a zip), erase me; and API tokens."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from tailorcv.store import queries
from tailorcv.web.api.auth import user_public
from tailorcv.web.deps import CurrentUser, ServicesDep, SessionDep
from tailorcv.web.export import export_zip
from tailorcv.web.ratelimits import limited
from tailorcv.web.schemas import Items, TokenCreate, TokenCreated, TokenPublic, UserPublic
from tailorcv.web.work import not_found, resume_changed

router = APIRouter(tags=["accounts"])


@router.get("/me")
def me(user: CurrentUser, session: SessionDep) -> UserPublic:
    return user_public(session, user)


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
