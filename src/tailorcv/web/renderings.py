"""What a public page answers from memory (``web.public``): its renderings, bounded in bytes,
and the answers that are not the page (refusals), each remembered for as long as it holds.

A rendering is kept with its gzipped form, made once in a worker thread when it is made, so that
no request gzips on the event loop and the bytes a page costs are known when it is stored.
"""

from __future__ import annotations

import gzip
import math
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.responses import Response

from tailorcv.errors import BASE
from tailorcv.web.problems import problem

COMPRESSIBLE = frozenset({"html", "json", "pdf"})  # a PDF from Typst shrinks by 40–80 %
NOT_READY_SECONDS = 0.5  # how long "the PDF is not ready" is answered without a query
FAILED_SECONDS = 30.0  # how long "the PDF could not be made" is answered without a query
RETRY_AFTER = 1  # seconds a visitor is asked to wait for a PDF being rendered


@dataclass(frozen=True)
class Rendered:
    """A page in one format, with its gzipped form for the formats that are sent gzipped."""

    etag: str
    body: bytes
    gzipped: bytes | None = None

    @classmethod
    def made(cls, etag: str, body: bytes, fmt: str) -> Rendered:
        packed = gzip.compress(body, compresslevel=6) if fmt in COMPRESSIBLE else None
        return cls(etag, body, packed)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


@dataclass(frozen=True)
class Refusal:
    """An answer that is not the page, as a problem, remembered until ``until``
    (``time.monotonic()``; for ever when only the page's content decides it)."""

    status: int
    kind: str  # the problem type, after BASE
    title: str
    detail: str
    retry_after: int | None = None
    until: float = math.inf

    def response(self, instance: str) -> Response:
        headers = {"Cache-Control": "no-store"}
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        return problem(
            self.status, BASE + self.kind, self.title, self.detail, instance, headers=headers
        )


class Renderings:
    """Renderings by ETag, up to ``limit`` bytes in all, the least recently used dropped first;
    one over an eighth of ``limit`` is served but not kept. Not thread-safe: ``PublicPages``
    holds its lock around every call."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[str, Rendered] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, etag: str) -> Rendered | None:
        found = self._items.get(etag)
        if found is not None:
            self._items.move_to_end(etag)
        return found

    def put(self, made: Rendered) -> None:
        if made.size > self.limit // 8:
            return
        old = self._items.pop(made.etag, None)
        self.size += made.size - (old.size if old else 0)
        self._items[made.etag] = made
        while self.size > self.limit:
            _etag, dropped = self._items.popitem(last=False)
            self.size -= dropped.size


def pdf_refusal(state: str) -> Refusal:
    """503 for a PDF not stored yet: being rendered (ask again in ``RETRY_AFTER`` seconds), or
    its rendering failed (tried again later: ``web.published.RETRY_FAILED``)."""
    now = time.monotonic()
    if state == "failed":
        detail = "The PDF of this page could not be made; the page itself shows the same résumé."
        return Refusal(
            503, "page-pdf-failed", "PDF unavailable", detail, until=now + FAILED_SECONDS
        )
    detail = f"The PDF of this page is being made; ask again in {RETRY_AFTER} s."
    return Refusal(
        503,
        "page-pdf-not-ready",
        "PDF not ready",
        detail,
        retry_after=RETRY_AFTER,
        until=now + NOT_READY_SECONDS,
    )


def too_large(size: int, limit: int) -> Refusal:
    detail = (
        f"This page's résumé is {size} bytes, over the {limit} bytes a public page may show; "
        "its owner can shorten it."
    )
    return Refusal(413, "too-large", "Page too large", detail)
