"""What a résumé becomes: the templates gallery, rendering (with the PDF shown in the page and a
download), and the public page (publish at a slug, unpublish).

Renders are the API's ``renders.create_render`` task (an earlier identical render is reused);
publishing is the API's ``resumes.publish``; files are served by the API's ``files.download``,
here with an ``inline`` disposition so that the browser can show the PDF in the page.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import FileResponse, Response

from tailorcv.errors import TemplateNotFound, UserError
from tailorcv.render import get_template, list_templates
from tailorcv.store import queries
from tailorcv.web.api import files, renders, resumes
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.schemas import PublishRequest, RenderRequest
from tailorcv.web.ui.editor import editor_context, owned
from tailorcv.web.ui.imports import owned_task, sentence
from tailorcv.web.ui.pages import (
    SignedIn,
    Viewer,
    call,
    call_off_loop,
    field,
    go,
    is_htmx,
    not_found,
    render,
)

router = APIRouter()
FORMATS = {"pdf": "PDF", "docx": "Word (.docx)", "html": "HTML", "md": "Markdown", "txt": "Text"}


def gallery_context(session: SessionDep, me: Viewer, **extra: Any) -> dict[str, Any]:
    return {
        "templates": list_templates(),
        "resumes": queries.list_resumes(session, me.user.id),
        "formats": FORMATS,
        "error": "",
        **extra,
    }


@router.get("/templates")
def gallery(
    request: Request,
    me: SignedIn,
    session: SessionDep,
    resume: str = "",
    version: str = "",
    template: str = "classic",
) -> Response:
    context = gallery_context(session, me, picked=resume, version=version, template=template)
    return render(request, "templates.html", context, me=me)


@router.get("/templates/{name}/preview.png")
def preview(name: str) -> Response:
    """A template's gallery picture, shipped in the package."""
    try:
        template = get_template(name)
    except TemplateNotFound:
        raise not_found("template") from None
    headers = {"Cache-Control": "public, max-age=86400"}
    return FileResponse(template.preview, media_type="image/png", headers=headers)


@router.post("/renders")
async def submit(
    request: Request, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    form = await request.form()
    picked = {name: field(form, name) for name in ("resume", "version", "template", "format")}
    order = {
        "resume_id": None if picked["version"] else picked["resume"] or None,
        "version_id": picked["version"] or None,
        "template": picked["template"] or "classic",
        "format": picked["format"] or "pdf",
    }
    try:
        body = RenderRequest.model_validate(order)
        envelope = await call_off_loop(renders.create_render, request, session, me, body=body)
    except (ValidationError, UserError) as exc:
        session.rollback()
        error = (
            "Choose a résumé, a template and a format."
            if isinstance(exc, ValidationError)
            else sentence(exc.message)
        )
        context = gallery_context(session, me, picked=picked["resume"], error=error)
        context.update(version=picked["version"], template=picked["template"])
        name = "_render_status.html" if is_htmx(request) else "templates.html"
        return render(request, name, context, status=422, me=me)
    return render_status(request, me, envelope.task.id, session)


@router.get("/renders/{task_id}")
def render_status(
    request: Request, me: SignedIn, task_id: uuid.UUID, session: SessionDep
) -> Response:
    task = owned_task(session, me, task_id, "render")
    name = "_render_status.html" if is_htmx(request) else "render_status.html"
    return render(request, name, {"task": task, "error": ""}, me=me)


@router.get("/files/{file_id}")
def inline_file(
    request: Request, file_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """A stored file shown in the page (the API's download, disposition ``inline``)."""
    answer = call(files.download, request, session, me, file_id=file_id)
    answer.headers["Content-Disposition"] = answer.headers["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    return answer


@router.post("/resumes/{resume_id}/publish")
async def publish(
    request: Request,
    resume_id: uuid.UUID,
    me: SignedIn,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    resume = owned(session, me, resume_id)
    form = await request.form()
    slug = field(form, "slug").lower()
    flags = {
        name: field(form, name) == "1" for name in ("hide_email", "hide_phone", "hide_address")
    }
    try:
        body = PublishRequest(slug=slug, **flags)
        await call_off_loop(resumes.publish, request, session, me, resume_id=resume.id, body=body)
    except ValidationError:
        error = "Use 3–64 lower-case letters, digits and hyphens (not at either end)."
        return _publish_refused(request, session, me, resume_id, slug, error)
    except UserError as exc:
        session.rollback()
        return _publish_refused(request, session, me, resume_id, slug, sentence(exc.message))
    return go(request, f"/resumes/{resume.id}#publish")


def _publish_refused(
    request: Request, session: SessionDep, me: Viewer, resume_id: uuid.UUID, slug: str, error: str
) -> Response:
    resume = owned(session, me, resume_id)
    context = editor_context(session, me, resume, publish_error=error, slug=slug)
    return render(request, "editor.html", context, status=422, me=me)


@router.post("/resumes/{resume_id}/unpublish")
def unpublish(
    request: Request, resume_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    owned(session, me, resume_id)
    call(resumes.unpublish, request, session, me, resume_id=resume_id)
    return go(request, f"/resumes/{resume_id}#publish")
