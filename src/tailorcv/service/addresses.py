"""The shape an account's e-mail address must have, when it is registered or changed (issue 19).

No mail is sent, so nothing proves an address works; this only refuses what cannot be one, such
as "jane at example" or "jane@example", with words that say what is wrong. An address is a name,
one @, and a domain of two or more dot-separated labels (letters of any script, digits,
hyphens), as RFC 5321 and RFC 5890 allow; 254 characters at most (RFC 5321's path, less its
angle brackets). Quoted names and IP-literal domains, which no one registers with, are refused.
"""

from __future__ import annotations

import re

MAX_LENGTH = 254
MAX_NAME = 64
MAX_LABEL = 63
# What a name (before the @) may hold: RFC 5322's atom characters and dots, and any letter or
# digit of another script (RFC 6531).
_NAME = re.compile(r"^[\w!#$%&'*+/=?^`{|}~.-]+$")
_LABEL = re.compile(r"^[^\W_]+(-+[^\W_]+)*$")  # letters and digits, inner hyphens


def address_problem(address: str) -> str | None:
    """What is wrong with ``address``, said as the end of "The e-mail address …"; None when it
    has the shape of an e-mail address."""
    name, at, domain = address.rpartition("@")
    if not at or "@" in name:
        return "needs one @ between a name and a domain, like jane@example.com"
    if any(c.isspace() for c in address):
        return "must not contain spaces"
    if len(address) > MAX_LENGTH:
        return f"is too long ({MAX_LENGTH} characters at most)"
    if not name:
        return "needs a name before the @, like jane@example.com"
    dots = ".." in name or name.startswith(".") or name.endswith(".")
    if len(name) > MAX_NAME or not _NAME.match(name) or dots:
        return "has a name before the @ that cannot be an address"
    return _domain_problem(domain)


def _domain_problem(domain: str) -> str | None:
    labels = domain.split(".")
    if len(labels) < 2 or not all(labels):
        return "needs a whole domain after the @, like example.com"
    if any(len(label) > MAX_LABEL or not _LABEL.match(label) for label in labels):
        return "has a domain that cannot be one: use letters, digits, hyphens and dots"
    if labels[-1].isdigit():
        return "needs a domain name after the @, not a number"
    return None
