"""The LLM provider as the operator configured it, and the check that keeps it off private networks.

The base URL comes only from the operator's settings, never from a user. Even so, a URL that
resolves to a loopback, private, link-local or otherwise reserved address is refused unless the
operator allows it (``llm_allow_private``, for a model on this machine or network): a setting
copied from somewhere must not turn the server into a client of its own network.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class LLMConfig:
    base_url: str
    api_key: str = "none"  # local servers want some key; they ignore its value
    model: str = "gpt-4o-mini"
    timeout: float = 300.0  # one request
    max_retries: int = 3
    allow_private: bool = False
    requests_per_minute: int = 60
    tokens_per_minute: int = 200_000
    cost_input_per_1k: float = 0.0
    cost_output_per_1k: float = 0.0
    backoff_base: float = 1.0  # first retry after about this many seconds, doubling
    backoff_cap: float = 30.0
    max_wait: float = 60.0  # a Retry-After or limiter wait longer than this is not waited for
    breaker_failures: int = 5
    breaker_cooldown: float = 30.0
    max_tokens: int = 2_000  # completion tokens asked for per request

    @property
    def provider(self) -> str:
        """The provider's name in limiter keys and logs: its host and port."""
        parts = urlsplit(self.base_url)
        return parts.netloc.rsplit("@", 1)[-1] or "unknown"


class BaseUrlRefused(Exception):
    """The base URL points at an address the operator has not allowed."""


def check_base_url(url: str, allow_private: bool) -> None:
    """Refuse ``url`` when its host is (or resolves to) a non-public address, unless allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BaseUrlRefused(f"not an http(s) URL: {url!r}")
    if allow_private:
        return
    for address in _addresses(parts.hostname, parts.port or 443):
        if not address.is_global:
            raise BaseUrlRefused(
                f"{parts.hostname} is {address}, a private or loopback address; set "
                "TAILORCV_LLM_ALLOW_PRIVATE=true if this model runs on your own network"
            )


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise BaseUrlRefused(f"cannot resolve {host}: {exc}") from None
    return [ipaddress.ip_address(info[4][0]) for info in found]
