"""``GET /metrics``: the Prometheus text format, for loopback and ``TAILORCV_METRICS_ALLOW`` only.

The address checked is the direct peer's, never ``X-Forwarded-For``: a proxy in front must not
pass ``/metrics`` through (deploy/nginx does not). Anyone else gets the 404 of a route that does
not exist, so the endpoint cannot be found from outside.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tailorcv.errors import BASE
from tailorcv.ops import metrics
from tailorcv.web.clientip import Network, trusted
from tailorcv.web.problems import problem

if TYPE_CHECKING:
    from tailorcv.web.deps import Services

LOOPBACK: tuple[Network, ...] = (
    ipaddress.ip_network("127.0.0.0/8"),
    ipaddress.ip_network("::1/128"),
)


def route(services: Services, allowed: Sequence[Network]) -> Route:
    """The ``/metrics`` route, reading every process's counts and the queue's state."""
    registry = metrics.scrape_registry((metrics.QueueCollector(services.sessions),))
    networks = (*LOOPBACK, *allowed)

    async def serve(request: Request) -> Response:
        peer = request.client.host if request.client else ""
        if not trusted(peer, networks):
            return problem(404, BASE + "not-found", "Not found", "nothing at /metrics", "/metrics")
        body, content_type = await run_in_threadpool(metrics.exposition, registry)
        return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})

    return Route("/metrics", serve, include_in_schema=False)
