"""What a résumé becomes: the templates gallery and rendering (with the PDF shown in the page and
a download); its public page is ``web.ui.publishing``.

Renders are the use case the API calls (``service.renders.submit_render``: its rate limit, an
earlier identical render reused); files are served
as the API serves them (``web.downloads``), here with an ``inline`` disposition so that the
browser can show the PDF in the page.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import FileResponse, RedirectResponse, Response

from tailorcv.errors import TemplateNotFound, UserError
from tailorcv.render import get_template, list_templates
from tailorcv.resume.model import DEFAULT_TEMPLATE
from tailorcv.service import renders
from tailorcv.service.schemas import RenderRequest
from tailorcv.store import queries
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.downloads import file_response
from tailorcv.web.ui.imports import owned_task
from tailorcv.web.ui.pages import (
    SignedIn,
    Viewer,
    caller,
    field,
    go,
    is_htmx,
    not_found,
    off_loop,
    render,
    sentence,
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
    template: str = DEFAULT_TEMPLATE,
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
        "template": picked["template"] or None,
        "format": picked["format"] or "pdf",
    }
    try:
        body = RenderRequest.model_validate(order)
        use_case, asking = renders.submit_render, caller(request, me)
        submitted = await off_loop(use_case, services, session, asking, body, None)
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
        status = exc.status if isinstance(exc, UserError) else 422
        return render(request, name, context, status=status, me=me)
    if not is_htmx(request):  # a plain form: redirect, so that a reload renders nothing again
        return go(request, f"/renders/{submitted.task.id}")
    return render_status(request, me, submitted.task.id, session)


@router.get("/renders")
def renders_page() -> Response:
    """Renders are asked for from the gallery (where a reload of a refused one lands)."""
    return RedirectResponse("/templates", status_code=303)


@router.get("/renders/{task_id}")
def render_status(
    request: Request, me: SignedIn, task_id: uuid.UUID, session: SessionDep
) -> Response:
    task = owned_task(session, me, task_id, "render")
    name = "_render_status.html" if is_htmx(request) else "render_status.html"
    return render(request, name, {"task": task, "error": ""}, me=me)


@router.get("/files/{file_id}")
def inline_file(
    file_id: uuid.UUID, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    """A stored file shown in the page (the API's download, disposition ``inline``)."""
    return file_response(services, session, me.user, file_id, "inline")
