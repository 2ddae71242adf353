"""The public page's fast path: a page at hand answered before any other layer runs.

A public page is the one route anonymous crowds hit, thousands of times a second when a link
goes round. ``PublicPages`` already keeps a page's row for a second and its rendering by content
hash; when both are in memory (and the page asks no password), this outermost layer answers
with what the layers inside it would have added — the request id, the public page's security
headers, HSTS behind TLS, the metrics — and skips the rest: the log line (a successful view is
not logged), the rate limits (public pages are exempt), gzip (the page carries its own gzipped
body), the body limit (a GET), and FastAPI's error handling and routing. Everything else —
the first view in a second, a 404, a password, a HEAD of an unknown page — goes down the
stack to the route in ``web.public`` as before, which answers through the same ``answer``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from tailorcv.ops import metrics
from tailorcv.web.clientip import Network, scheme_of
from tailorcv.web.middleware import request_id_of, security_headers
from tailorcv.web.public import PublicPages, answer

PREFIX = "/r/"
SUFFIXES = ((".pdf", "pdf"), (".json", "json"))
ROUTES = {"html": "/r/{slug}", "pdf": "/r/{slug}.pdf", "json": "/r/{slug}.json"}


PLAIN = security_headers(PREFIX, secure=False)
SECURE = security_headers(PREFIX, secure=True)


def page_of(path: str) -> tuple[str, str] | None:
    """(slug, format) for a public page's path, as the routes in ``web.public`` match it."""
    slug = path[len(PREFIX) :]
    if not slug or "/" in slug:
        return None
    for suffix, fmt in SUFFIXES:
        if slug.endswith(suffix) and len(slug) > len(suffix):
            return slug[: -len(suffix)], fmt
    return slug, "html"


class PublicFastPath:
    """Answer ``GET``/``HEAD /r/…`` from memory when ``pages`` has it at hand; otherwise pass
    the request on untouched."""

    def __init__(self, app: ASGIApp, pages: PublicPages, proxies: Sequence[Network] = ()) -> None:
        self.app = app
        self.pages = pages
        self.proxies = tuple(proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in ("GET", "HEAD")
            and scope["path"].startswith(PREFIX)
            and (wanted := page_of(scope["path"])) is not None
            and (found := self.pages.at_hand(*wanted)) is not None
        ):
            started = time.perf_counter()
            page, rendered = found
            fmt = wanted[1]
            # read once (an ASGI server gives names in lower case; a repeated one counts once)
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            await self.pages.viewed(page, fmt)
            status, own, body = answer(page, rendered, fmt, headers)
            secure = scheme_of(scope, self.proxies, headers) == "https"
            own = {**(SECURE if secure else PLAIN), **own}  # the route's own headers win
            raw = [(name.lower().encode(), value.encode("latin-1")) for name, value in own.items()]
            if body:
                raw.append((b"content-length", str(len(body)).encode()))
            raw.append((b"x-request-id", request_id_of(headers).encode()))
            await send({"type": "http.response.start", "status": status, "headers": raw})
            sent = body if scope["method"] == "GET" else b""
            await send({"type": "http.response.body", "body": sent})
            seconds = time.perf_counter() - started
            metrics.count_request(ROUTES[fmt], scope["method"], status, seconds)
            return
        await self.app(scope, receive, send)
