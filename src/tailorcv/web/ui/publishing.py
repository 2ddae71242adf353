"""A résumé's public page, from the editor: publish a version (by default the current draft) at
an address with its options (hidden contact details, a password, an expiry day, indexing), show
the draft once it is published, unpublish.

The forms call the use cases the API calls (``service.publishing``). Each form answers htmx in
place: a refusal swaps the section with the reasons by field, a success reloads the page (the
history shows the version the draft became). Without scripts a form answers with a redirect,
never a page at its POST address (issue 19): a success goes back to the editor, a refusal to the
page's own address, ``/resumes/{id}/publish``, where the section shows the reasons
(``web.ui.flash``). A GET of an action's address goes to that page too, never a 405.
"""

from __future__ import annotations

import functools
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, Request
from pydantic import SecretStr
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from tailorcv.errors import InputNotFound, SlugTaken, UserError
from tailorcv.service import publishing
from tailorcv.service.schemas import SLUG, PublishRequest
from tailorcv.store import queries
from tailorcv.store.models import Resume
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.ui import flash
from tailorcv.web.ui.editor import owned
from tailorcv.web.ui.pages import SignedIn, Viewer, field, is_htmx, off_loop, render, sentence

router = APIRouter()
PASSWORD_LENGTH = (4, 1024)
HIDDEN = ("hide_email", "hide_phone", "hide_address")
MESSAGES = {
    "slug": "Use 3–64 lower-case letters, digits and hyphens (not at either end).",
    "password": "Use 4 to 1024 characters for the password.",
    "expires": "Give a day as 2027-01-31, today or later.",
    "version": "Choose the current draft or one of this résumé's versions.",
}


class Refused(Exception):
    """The form's reasons, by field ('' for the form as a whole)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def page_url(resume_id: uuid.UUID) -> str:
    return f"/resumes/{resume_id}/publish"


def editor_url(resume_id: uuid.UUID) -> str:
    return f"/resumes/{resume_id}#publish"


def context(session: SessionDep, me: Viewer, resume: Resume, **publish: Any) -> dict[str, Any]:
    """What ``_publish.html`` reads: the résumé, its versions, and the form's state."""
    return {
        "resume": resume,
        "versions": queries.list_versions(session, me.user.id, resume.id) or [],
        "publish": {"errors": {}, "values": {}, **publish},
    }


@router.get("/resumes/{resume_id}/publish")
def page(request: Request, resume_id: uuid.UUID, me: SignedIn, session: SessionDep) -> Response:
    """The public page's settings on a page of their own (where a refused form lands)."""
    resume = owned(session, me, resume_id)
    note = flash.read(request, me)
    carried = {k: note[k] for k in ("errors", "values") if isinstance(note.get(k), dict)}
    answer = render(request, "publish.html", context(session, me, resume, **carried), me=me)
    return flash.shown(request, answer)


@router.post("/resumes/{resume_id}/publish")
async def publish(
    request: Request, resume_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    resume = owned(session, me, resume_id)
    form = await request.form()
    values = {name: field(form, name) for name in ("slug", "version", "expires", "index")}
    values.update({name: field(form, name) for name in HIDDEN})
    values["slug"] = values["slug"].lower()
    try:
        order, keep = read_form(form, values, resume)
        use_case = functools.partial(publishing.publish, keep_password=keep)
        await off_loop(use_case, services, session, me.user, resume.id, order)
    except Refused as exc:
        return refused(request, session, me, resume_id, exc.errors, values)
    except UserError as exc:
        session.rollback()
        return refused(request, session, me, resume_id, service_errors(exc), values)
    return done(request, resume_id)


def read_form(
    form: FormData, values: dict[str, str], resume: Resume
) -> tuple[PublishRequest, bool]:
    """The API's request from the form, and whether to keep the page's password; ``Refused``
    names each field that is wrong."""
    errors: dict[str, str] = {}
    if not re.fullmatch(SLUG, values["slug"]):
        errors["slug"] = MESSAGES["slug"]
    password = field(form, "password")
    if password and not PASSWORD_LENGTH[0] <= len(password) <= PASSWORD_LENGTH[1]:
        errors["password"] = MESSAGES["password"]
    expires_at = _expiry(values["expires"], errors)
    version_id = _version(values["version"], errors)
    if errors:
        raise Refused(errors)
    removing = field(form, "remove_password") == "1"
    order = PublishRequest(
        slug=values["slug"],
        version_id=version_id,
        password=SecretStr(password) if password else None,
        expires_at=expires_at,
        noindex=values["index"] != "1",
        **{name: values[name] == "1" for name in HIDDEN},
    )
    return order, resume.password_hash is not None and not removing


def _expiry(text: str, errors: dict[str, str]) -> datetime | None:
    """The end of the day given (UTC): the page is public through that whole day."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text[:10]) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None or day < datetime.now(UTC).date():
        errors["expires"] = MESSAGES["expires"]
        return None
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)


def _version(text: str, errors: dict[str, str]) -> uuid.UUID | None:
    if text in ("", "draft"):
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        errors["version"] = MESSAGES["version"]
        return None


@router.post("/resumes/{resume_id}/publish/draft")
def publish_draft(
    request: Request, resume_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    """Show the current draft on the published page, nothing else changed."""
    resume = owned(session, me, resume_id)
    try:
        publishing.republish(services, session, me.user, resume.id)
    except UserError as exc:
        session.rollback()
        return refused(request, session, me, resume_id, {"": sentence(exc.message)}, {})
    return done(request, resume_id)


@router.post("/resumes/{resume_id}/unpublish")
def unpublish(
    request: Request, resume_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    owned(session, me, resume_id)
    publishing.unpublish(services, session, me.user, resume_id)
    return done(request, resume_id)


@router.get("/resumes/{resume_id}/publish/draft")
@router.get("/resumes/{resume_id}/unpublish")
def action_page(resume_id: uuid.UUID, me: SignedIn, session: SessionDep) -> Response:
    """An action's address opened (a reload, a bookmark): the page it belongs to."""
    owned(session, me, resume_id)
    return RedirectResponse(page_url(resume_id), status_code=303)


def done(request: Request, resume_id: uuid.UUID) -> Response:
    """After a success: htmx reloads the page it is on, a plain form goes to the editor."""
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Refresh": "true"})
    return RedirectResponse(editor_url(resume_id), status_code=303)


def refused(
    request: Request,
    session: SessionDep,
    me: Viewer,
    resume_id: uuid.UUID,
    errors: dict[str, str],
    values: dict[str, str],
) -> Response:
    """The section with the reasons, in place for htmx (422); a plain form is redirected to
    the page's address, which shows them once."""
    if not is_htmx(request):
        return flash.send(request, page_url(resume_id), me, errors=errors, values=values)
    resume = owned(session, me, resume_id)
    found = context(session, me, resume, errors=errors, values=values)
    return render(request, "_publish.html", found, status=422, me=me)


def service_errors(exc: UserError) -> dict[str, str]:
    """A refusal of the use case, under the field it is about."""
    if isinstance(exc, SlugTaken):
        return {"slug": "This address is taken: choose another."}
    if isinstance(exc, InputNotFound) and exc.message.startswith("no version"):
        return {"version": MESSAGES["version"]}
    return {"": sentence(exc.message)}
