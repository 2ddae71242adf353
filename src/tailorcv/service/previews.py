"""The editor's live preview (issue 19): the draft as it is being typed, laid out page by page.

A preview is every page of the document as a PNG at screen resolution, from one Typst compile in
the template and design the document names: a picture of the pages, too coarse to print and with
no text layer an applicant-tracking system could read, so no stand-in for a rendered PDF. The
resolution is what the pane shows, no more (``screen_ppi``: the browser says how many device
pixels wide its pane is): Typst's time to draw a page grows with its pixels, and a 430-pixel
pane needs a third of the pixels of 96 ppi. PNG rather than SVG, although Typst writes SVG
faster (about 20 ms against 30 ms here): Chromium took 300–900 ms to draw a page of Typst's SVG
(every glyph an outline), and 20–50 ms to decode the PNG, so the PNG is on screen first. It is
bounded as a render is (``render.typst.check_size``) and takes one ``preview`` from the caller's
rate limit (``service.limits.PREVIEWS_PER_EXPORT`` says why it is not an ``export``), unless it
is in the cache: the same document asked for twice (a change undone, a control set back) is
answered from memory without a render.

The cache is per process and per user: its key starts with the owner's id, so one user's
document is never answered from another's render, even when the two are equal. It holds the last
``CACHE_BYTES`` of pages, least recently used dropped first; a replica that lacks an entry
renders again, so nothing here is needed by another process.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from tailorcv.render import build_view, get_template
from tailorcv.render.photo import shown_photo
from tailorcv.render.typst import check_size, compile_pages
from tailorcv.resume import validate
from tailorcv.service.limits import Caller
from tailorcv.service.photo_lookup import stored_photo
from tailorcv.service.runtime import Runtime

PPI = 96.0  # when the browser does not say: an A4 page is 794 × 1123 pixels
MIN_PPI, MAX_PPI, PPI_STEP = 48, 120, 12  # steps, so that near widths share cached pages
A4_INCHES = 8.27  # the width of an A4 page, the narrower paper
CACHE_BYTES = 32 * 1024 * 1024
DIGEST_CHARS = 20  # hex characters of SHA-256 that name a page (80 bits: no collision in a cache)


@dataclass(frozen=True)
class Page:
    """One page as a PNG; ``digest`` names its bytes (equal pages, equal digests)."""

    digest: str
    png: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Preview:
    """The pages of a document in its template; ``cached``: answered without a render."""

    pages: tuple[Page, ...]
    template: str
    paper: str
    cached: bool = False

    @property
    def size(self) -> int:
        return sum(len(page.png) for page in self.pages)


class PreviewCache:
    """Previews by (owner, document digest), up to ``limit`` bytes; safe across threads."""

    def __init__(self, limit: int = CACHE_BYTES) -> None:
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[tuple[uuid.UUID, str], Preview] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, owner_id: uuid.UUID, digest: str) -> Preview | None:
        with self._lock:
            found = self._items.get((owner_id, digest))
            if found is not None:
                self._items.move_to_end((owner_id, digest))
            return found

    def put(self, owner_id: uuid.UUID, digest: str, preview: Preview) -> None:
        if preview.size > self.limit // 4:
            return
        with self._lock:
            old = self._items.pop((owner_id, digest), None)
            self.size += preview.size - (old.size if old else 0)
            self._items[(owner_id, digest)] = preview
            while self.size > self.limit:
                _key, dropped = self._items.popitem(last=False)
                self.size -= dropped.size


def screen_ppi(pane_pixels: str) -> float:
    """The resolution that fills a pane ``pane_pixels`` device pixels wide, in steps of
    ``PPI_STEP`` between ``MIN_PPI`` and ``MAX_PPI``; ``PPI`` when the pane's width is not a
    number."""
    try:
        wanted = float(pane_pixels) / A4_INCHES
    except ValueError:
        return PPI
    if not wanted > 0:  # also NaN
        return PPI
    stepped = -(-wanted // PPI_STEP) * PPI_STEP  # rounded up: never fewer pixels than shown
    return float(min(MAX_PPI, max(MIN_PPI, stepped)))


def preview(
    runtime: Runtime,
    caller: Caller,
    cache: PreviewCache,
    document: dict[str, Any],
    ppi: float = PPI,
) -> Preview:
    """The pages of ``document``: from the cache, else rendered (one ``preview`` from the
    caller's rate limit). ``InvalidResume`` names every problem by its path; a document over
    the render bounds is refused before it costs a render or a count."""
    resume = validate(document).resume
    view = build_view(resume)
    template = get_template(resume.template)
    check_size(view)
    owner = caller.signed_in.id
    pictured = resume.basics.image if resume.design.show_photo is not False else None
    digest = _digest(view, template.name, ppi, pictured)  # a photo hidden is no photo
    found = cache.get(owner, digest)
    if found is not None:
        return Preview(found.pages, found.template, found.paper, cached=True)
    runtime.limits.take_action(caller, "preview")
    with runtime.sessions() as session:
        photo = stored_photo(session, runtime.blobs, owner, resume)
    shown = shown_photo(resume, photo)
    pngs = compile_pages(view, template, "png", ppi=ppi, photo=shown)
    made = Preview(tuple(_page(png) for png in pngs), template.name, view["design"]["paper"])
    cache.put(owner, digest, made)
    return made


def _digest(view: dict[str, Any], template: str, ppi: float, image: str | None) -> str:
    """What the pages depend on: the view (the design in it), the template, the resolution and
    the photo's address (a stored photo never changes under its address)."""
    text = json.dumps([template, ppi, image, view], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _page(png: bytes) -> Page:
    """A page with its size, read from the PNG header (IHDR: width and height at 16 and 20)."""
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return Page(hashlib.sha256(png).hexdigest()[:DIGEST_CHARS], png, width, height)
