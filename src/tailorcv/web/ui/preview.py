"""The editor's live preview (issue 19): the form as it stands, rendered page by page.

``static/preview.js`` posts the editor's form (its design panel included) 150 ms after the last
change, without saving it: the preview follows the typing, the autosave follows at its own pace.
The answer is JSON with each page's PNG in base64, which the page shows as a ``data:`` URL (the
page's ``img-src`` allows ``data:``): all of it in one answer, whichever replica serves it.
Pages the browser already holds are named in ``have`` and sent back by digest only, so typing on
page one does not send page two again; ``pane`` is the pane's width in device pixels, which sets
the resolution (``service.previews.screen_ppi``). The answer is gzipped here, at level 1, in the
preview's thread (a few ms; base64 shrinks by a fifth): the app's own gzip works at level 9,
which took several times as long for the same answer.

Renders run in a small pool of their own (``THREADS``, one Typst compiler each, a compiler
cannot serve two threads), so previews neither take the request threads nor make a compiler for
each of them; when ``WAITING`` previews already wait, the next is refused at once (503,
``Retry-After``), and the editor asks again.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import gzip
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from starlette.responses import JSONResponse, Response

from tailorcv.errors import Busy, InvalidResume
from tailorcv.service.limits import Caller
from tailorcv.service.previews import Preview, PreviewCache, preview, screen_ppi
from tailorcv.web.deps import Services, SessionDep
from tailorcv.web.ui import design_form, forms
from tailorcv.web.ui.editor import owned
from tailorcv.web.ui.pages import SignedIn, caller, off_loop

router = APIRouter()
THREADS = 2
WAITING = 8  # previews running or waiting in this process before the next is refused
MAX_HAVE = 50  # page digests the browser may say it holds
GZIP_LEVEL = 1


def install(app: FastAPI) -> None:
    """The app's preview cache (per app, so each test's app starts empty)."""
    app.state.previews = PreviewCache()


@router.post("/resumes/{resume_id}/preview")
async def show(
    request: Request, resume_id: uuid.UUID, me: SignedIn, session: SessionDep
) -> Response:
    """The pages of the résumé as the posted form describes it; nothing is saved."""
    resume = await off_loop(owned, session, me, resume_id)
    form = await request.form()
    pairs = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    have = set(str(form.get("have") or "").split(",")[:MAX_HAVE])
    ppi = screen_ppi(str(form.get("pane") or ""))
    zipped = "gzip" in request.headers.get("accept-encoding", "")
    asker, cache = caller(request, me), request.app.state.previews
    order = Order(request.app.state.services, asker, cache, pairs, resume.draft, have, ppi, zipped)
    made, body = await _answered(order)
    headers = {
        "Cache-Control": "no-store",
        "X-Preview-Cache": "hit" if made.cached else "miss",
        "Vary": "Accept-Encoding",
    }
    if zipped:
        headers["Content-Encoding"] = "gzip"  # the app's gzip leaves an encoded answer alone
    return Response(body, media_type="application/json", headers=headers)


@router.get("/resumes/{resume_id}/design/sections")
def sections(resume_id: uuid.UUID, me: SignedIn, session: SessionDep) -> Response:
    """The saved section order and hidden sections, as the design panel lists them: the form
    can move a section too, and the panel follows it (``static/preview.js``)."""
    rows = design_form.panel(owned(session, me, resume_id).draft)["sections"]
    body = {"order": [row.key for row in rows], "hidden": [row.key for row in rows if row.hidden]}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


@dataclass(frozen=True)
class Order:
    """What one preview needs, handed to the preview's thread: the form's fields and the draft
    they apply to (a draft may be megabytes: it is copied there, not on the event loop)."""

    services: Services
    caller: Caller
    cache: PreviewCache
    pairs: list[tuple[str, str]]
    draft: dict[str, Any]
    have: set[str]
    ppi: float
    zipped: bool


async def _answered(order: Order) -> tuple[Preview, bytes]:
    """The preview and its answer's body, made in the preview pool; ``Busy`` when too many
    wait for it already."""
    if not _slots().acquire(blocking=False):
        raise Busy("the preview is busy; it will try again in a moment", 1)
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_pool(), _made, order)
    finally:
        _slots().release()


def _made(order: Order) -> tuple[Preview, bytes]:
    document = design_form.document_of(order.pairs, order.draft)
    if bounds := forms.other_problems(document):  # the bounds the editor's save applies
        raise InvalidResume(bounds)
    made = preview(order.services, order.caller, order.cache, document, order.ppi)
    body = json.dumps(_body(made, order.have), ensure_ascii=False).encode()
    return made, gzip.compress(body, GZIP_LEVEL) if order.zipped else body


def _body(made: Preview, have: set[str]) -> dict[str, Any]:
    pages = [
        {
            "digest": page.digest,
            "width": page.width,
            "height": page.height,
            "png": None if page.digest in have else base64.b64encode(page.png).decode(),
        }
        for page in made.pages
    ]
    return {"template": made.template, "paper": made.paper, "pages": pages}


@functools.cache
def _pool() -> ThreadPoolExecutor:
    """The process's preview threads, made when the first preview is asked for."""
    return ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="preview")


@functools.cache
def _slots() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(WAITING)
