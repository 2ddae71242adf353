"""The client's address: the direct peer, or what a trusted proxy says the client was.

``X-Forwarded-For`` is believed only when the direct peer is one of ``TAILORCV_TRUSTED_PROXIES``,
and then read from the right: each trusted hop is skipped and the first address that is not a
trusted proxy is the client. Anyone else can write the header, so from anyone else it changes
nothing. The same rule gives ``X-Forwarded-Proto`` (for HSTS behind TLS).
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Mapping, Sequence

from starlette.datastructures import Headers
from starlette.types import Scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "unknown"


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def trusted(address: str, proxies: Sequence[Network]) -> bool:
    return _trusted(address, tuple(proxies))


@functools.lru_cache(maxsize=4096)
def _trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    """Remembered: the same few proxies ask on every request, and parsing costs microseconds."""
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in proxies)


def client_address(scope: Scope, proxies: Sequence[Network]) -> tuple[str, str]:
    """(the client's address, the scheme it used) for an ASGI ``scope``."""
    client = scope.get("client")
    peer = client[0] if client else UNKNOWN
    scheme = str(scope.get("scheme", "http"))
    if not proxies or not trusted(peer, proxies):
        return peer, scheme
    headers = Headers(scope=scope)
    hops = [hop.strip() for hop in ",".join(headers.getlist("x-forwarded-for")).split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if _address(hop) is None:
            break  # a garbled entry: stop believing the chain here
        if not trusted(hop, proxies):
            return hop, _forwarded_scheme(headers, scheme)
    return peer, _forwarded_scheme(headers, scheme)


def scheme_of(scope: Scope, proxies: Sequence[Network], headers: Mapping[str, str]) -> str:
    """Only the scheme of ``client_address`` (for HSTS), from headers already read."""
    scheme = str(scope.get("scheme", "http"))
    client = scope.get("client")
    if not proxies or not client or not trusted(client[0], proxies):
        return scheme
    return _forwarded_scheme(headers, scheme)


def _forwarded_scheme(headers: Mapping[str, str], scheme: str) -> str:
    given = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
    return given if given in ("http", "https") else scheme
