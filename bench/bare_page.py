"""A bare Starlette app serving one fixed page: the peer the public page is measured against.

    BARE_PAGE_FILE=page.html granian --interface asgi --workers 2 bench.bare_page:app

It answers ``GET /r/{slug}`` with the bytes of ``BARE_PAGE_FILE`` (the real public page, saved
by bench_load.py), so both servers send the same payload.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PAGE = Path(os.environ.get("BARE_PAGE_FILE", "/dev/null")).read_bytes()


async def page(_request: Request) -> Response:
    return Response(PAGE, media_type="text/html; charset=utf-8")


app = Starlette(routes=[Route("/r/{slug}", page)])
