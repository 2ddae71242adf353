"""The résumé photo in the editor (issue 19): upload, remove, and the picture for its owner.

Uploading and removing go through ``service.photos``; the draft's ``basics.image`` then names the
photo ``/photos/<file id>.jpg``, which this module serves to the photo's owner only (anyone else,
signed in or not, is told there is nothing there). A public page shows the photo through its own
route, which checks that the page's version names it.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile as FormFile
from starlette.responses import Response

from tailorcv.errors import UserError
from tailorcv.service import photo_store, photos
from tailorcv.service.resumes import revision_of
from tailorcv.web.deps import ServicesDep, SessionDep
from tailorcv.web.downloads import file_response
from tailorcv.web.ui import design_form, drafts
from tailorcv.web.ui.drafts import Base
from tailorcv.web.ui.editor import editor_context, owned
from tailorcv.web.ui.pages import (
    SignedIn,
    Viewer,
    caller,
    go,
    is_htmx,
    not_found,
    off_loop,
    render,
    sentence,
)

router = APIRouter()


@router.post("/resumes/{resume_id}/photo")
async def upload(
    request: Request,
    resume_id: uuid.UUID,
    me: SignedIn,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    form = await request.form()
    file = form.get("photo")
    error, status = "", 200
    rebase = await off_loop(_form_is_current, session, me, resume_id, drafts.posted_base(form))
    try:
        if not isinstance(file, FormFile) or not file.filename:
            error, status = "Choose a photo first: JPEG, PNG or WebP.", 400
        else:
            asker = caller(request, me)
            await off_loop(photos.set_photo, services, session, asker, resume_id, file.file)
    except UserError as exc:
        session.rollback()
        error, status = sentence(exc.message), exc.status
    finally:
        await form.close()
    return await _answer(request, me, session, resume_id, error, status, rebase and not error)


@router.post("/resumes/{resume_id}/photo/remove")
async def remove(
    request: Request,
    resume_id: uuid.UUID,
    me: SignedIn,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    form = await request.form()
    rebase = await off_loop(_form_is_current, session, me, resume_id, drafts.posted_base(form))
    await off_loop(photos.remove_photo, services, session, me.user, resume_id)
    return await _answer(request, me, session, resume_id, "", 200, rebase)


def _form_is_current(session: SessionDep, me: Viewer, resume_id: uuid.UUID, base: Base) -> bool:
    """Whether the editor's form (its ``base``, sent along) shows the draft as saved now."""
    return base.revision == revision_of(owned(session, me, resume_id))


async def _answer(
    request: Request,
    me: Viewer,
    session: SessionDep,
    resume_id: uuid.UUID,
    error: str,
    status: int,
    rebase: bool = False,
) -> Response:
    """The photo control again (htmx), or the editor: at once after a change (a redirect, so a
    reload sends nothing twice), with the error beside the control after a refusal.

    The photo is saved outside the editor's form, so the draft the form started from is no
    longer the saved one, and its next autosave would be refused as a save over a newer draft
    (issue 19's conflict guard). When the form showed the draft as it was just before (``rebase``:
    nothing else changed it meanwhile), the answer moves the form's base on to the draft with
    the photo, out of band, as an autosave does; the form never shows ``basics.image``."""
    resume = await off_loop(owned, session, me, resume_id)
    if is_htmx(request):
        context = {"resume": resume, **design_form.photo(resume.draft), "photo_error": error}
        if rebase:
            context["form_base"] = drafts.base_text(resume)
        return render(request, "_photo.html", context, status=status, me=me)
    if not error:
        return go(request, f"/resumes/{resume.id}#design")
    context = editor_context(session, me, resume, photo_error=error)
    return render(request, "editor.html", context, status=status, me=me)


@router.get("/photos/{file_id}.{ext}")
def picture(
    file_id: uuid.UUID, ext: str, me: SignedIn, services: ServicesDep, session: SessionDep
) -> Response:
    """The photo, to its owner (404 to anyone else, and for any file that is not a photo)."""
    address = f"/photos/{file_id}.{ext}"
    if photo_store.photo_file(session, me.user.id, address) is None:
        raise not_found("photo")
    answer = file_response(services, session, me.user, file_id, "inline")
    answer.headers["Cache-Control"] = "private, max-age=31536000, immutable"  # bytes never change
    return answer
