"""The public page's answers that are not the page: no page at an address (unknown, unpublished
or expired), a password to give, or a refusal (the PDF not made yet, a page too large).

A browser asks for ``text/html`` and gets a page in the product's look, with the same status
(never JSON: issue 19); a client that asks for JSON and not HTML gets the RFC 9457 problem, as
every API error. With no preference (``*/*``, a script), "no page here" and "password required"
are pages, as they always were, and a refusal is the problem. The public pages' policy allows
inline styles and nothing else (``web.middleware.CSP_PUBLIC``), so the look is inline: the
stylesheet's colours and the brand mark, no script, no font, no file. A notice that the PDF is
being made reloads itself when its Retry-After has passed, so the download link just works.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from html import escape

from starlette.responses import Response

from tailorcv.errors import BASE
from tailorcv.web.problems import problem
from tailorcv.web.renderings import Refusal

MISSING = ("No page here", "This page does not exist or is no longer public.")
PASSWORD = ("Password required", "This page is protected by a password.")
BASIC = 'Basic realm="tailorcv page", charset="UTF-8"'
STYLE = """
:root { --ink: #1c1d1f; --muted: #5d6168; --rule: #dfe2e6; --desk: #f4f5f7; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 1.5rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: var(--ink); background: var(--desk); }
main { width: 100%; max-width: 28rem; background: #fff; border: 1px solid var(--rule);
  border-radius: 10px; padding: 1.6rem 1.5rem; box-shadow: 0 1px 2px rgb(20 30 50 / 4%); }
.brand { display: inline-flex; align-items: center; gap: .5rem; font-weight: 700;
  color: var(--ink); text-decoration: none; }
.mark { display: inline-grid; place-items: center; width: 1.8rem; height: 1.8rem;
  border-radius: 7px; background: var(--accent); color: #fff; font-family: Georgia, serif; }
.status { margin: 1.2rem 0 0; color: var(--muted); font-size: .85rem; letter-spacing: .04em; }
h1 { font-size: 1.5rem; line-height: 1.2; margin: .2rem 0 .6rem; overflow-wrap: anywhere; }
p { margin: 0 0 .8rem; }
a { color: var(--accent); }
"""


def wants_json(headers: Mapping[str, str]) -> bool:
    """Whether the client asked for JSON and not for HTML."""
    accept = headers.get("accept", "").lower()
    return "json" in accept and "text/html" not in accept


def wants_html(headers: Mapping[str, str]) -> bool:
    return "text/html" in headers.get("accept", "").lower()


def missing(headers: Mapping[str, str], instance: str) -> Response:
    """404: nothing is published at this address, or its page has expired."""
    return _notice(headers, instance, 404, "not-found", *MISSING, {"Cache-Control": "no-store"})


def password_required(headers: Mapping[str, str], instance: str) -> Response:
    """401 with the Basic challenge that makes every browser ask for the page's password."""
    extra = {"WWW-Authenticate": BASIC, "Cache-Control": "no-store"}
    return _notice(headers, instance, 401, "unauthenticated", *PASSWORD, extra)


def refused(headers: Mapping[str, str], instance: str, refusal: Refusal) -> Response:
    """A refusal: its problem, or its notice for a browser."""
    if not wants_html(headers):
        return refusal.response(instance)
    extra = {"Cache-Control": "no-store"}
    if refusal.retry_after is not None:
        extra["Retry-After"] = str(refusal.retry_after)
    body = page(refusal.status, refusal.title, refusal.detail, refusal.retry_after)
    return Response(body, refusal.status, extra, media_type="text/html; charset=utf-8")


def _notice(
    headers: Mapping[str, str],
    instance: str,
    status: int,
    kind: str,
    title: str,
    detail: str,
    extra: dict[str, str],
) -> Response:
    if wants_json(headers):
        return problem(status, BASE + kind, title, detail, instance, headers=extra)
    body = page(status, title, detail)
    return Response(body, status, extra, media_type="text/html; charset=utf-8")


@functools.cache
def page(status: int, title: str, detail: str, refresh: int | None = None) -> bytes:
    """The notice as a page, made once per text (a flood of wrong addresses costs a lookup)."""
    reload = f'<meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="robots" content="noindex">{reload}<title>{escape(title)} · tailorcv</title>'
        f"<style>{STYLE}</style></head><body><main>"
        '<a class="brand" href="/"><span class="mark" aria-hidden="true">t</span>tailorcv</a>'
        f'<p class="status">{status}</p><h1>{escape(title)}</h1><p>{escape(detail)}</p>'
        "</main></body></html>"
    ).encode()
