"""Whether a résumé's e-mail address and web addresses are addresses at all (issue 19: "jane at
example" and "my site" were saved, and a ``javascript:`` link would have been one click away on
a public page).

Liberal where people are: a web address may be a bare domain ("example.com/me", which the
renderers complete with ``https://``), any letters of any script, a port. Strict where a reader
would be misled or harmed: spaces, ``mailto:`` in an address, a scheme other than ``http`` or
``https``, no domain, more characters than any real address.

``contact_problems`` names each problem by its JSON path (``basics.profiles[0].url``); a person's
edit is refused with them (``service.resumes``), while a file being imported only gets warnings
(``validate``): one odd field must not lose a whole import.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from tailorcv.errors import Problem
from tailorcv.resume.model import Resume

MAX_EMAIL = 254  # RFC 5321's longest forward path, less its angle brackets
MAX_URL = 2_000  # what every browser and server takes; a résumé's addresses are far shorter
# The list sections whose entries have a web address of their own (JSON Resume's ``url``).
URL_SECTIONS = ("work", "volunteer", "education", "certificates", "publications", "projects")
_NOT_IN_ADDRESS = r"\s@<>()\[\],;:\"\\\x00-\x1f\x7f"
EMAIL = re.compile(
    rf"^[^{_NOT_IN_ADDRESS}]+@(?:[^{_NOT_IN_ADDRESS}.]+\.)+[^{_NOT_IN_ADDRESS}.\d]{{2,}}$"
)
_SCHEME = re.compile(r"^(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*):(?P<rest>.*)$", re.DOTALL)
_LABEL = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def contact_problems(resume: Resume) -> list[Problem]:
    """Every e-mail or web address of ``resume`` that is not one, by its path."""
    found = []
    email = resume.basics.email
    if email and (problem := email_problem(email)):
        found.append(Problem("basics.email", problem))
    for path, url in _urls(resume):
        if problem := url_problem(url):
            found.append(Problem(path, problem))
    return found


def _urls(resume: Resume) -> Iterator[tuple[str, str]]:
    if resume.basics.url:
        yield "basics.url", resume.basics.url
    for index, profile in enumerate(resume.basics.profiles):
        if profile.url:
            yield f"basics.profiles[{index}].url", profile.url
    for section in URL_SECTIONS:
        for index, entry in enumerate(getattr(resume, section)):
            if entry.url:
                yield f"{section}[{index}].url", entry.url


def email_problem(value: str) -> str | None:
    """Why ``value`` is not an e-mail address, in words; None when it is one."""
    if value.lower().startswith("mailto:"):
        return "write the address without “mailto:”, as name@example.com"
    if len(value) > MAX_EMAIL:
        return f"an e-mail address has at most {MAX_EMAIL} characters"
    if not EMAIL.match(value):
        return f"{_shown(value)} is not an e-mail address: write it as name@example.com"
    return None


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a web address, in words; None when it is one. A bare domain
    ("example.com/me") is one: the renderers add ``https://``."""
    if len(value) > MAX_URL:
        return f"a web address has at most {MAX_URL:,} characters"
    if any(c.isspace() for c in value) or _CONTROL.search(value):
        return f"{_shown(value)} has spaces: a web address has none (example.com/my-page)"
    scheme = _scheme(value)
    if scheme is not None and scheme not in ("http", "https"):
        return f"only web addresses (https://…) can be linked, not “{scheme}:” ones"
    try:
        parts = urlsplit(value if scheme else f"https://{value}")
        host, _port = parts.hostname or "", parts.port
    except ValueError:
        host = ""
    if not _is_domain(host):
        return f"{_shown(value)} is not a web address: write it as example.com or https://…"
    return None


def _scheme(value: str) -> str | None:
    """The scheme ``value`` starts with (lower case), if any: "example.com:8080" has none."""
    found = _SCHEME.match(value)
    if found is None:
        return None
    if "." in found["scheme"] and found["rest"][:1].isdigit():
        return None  # a domain and its port
    return found["scheme"].lower()


def _is_domain(host: str) -> bool:
    """A host name of at least two labels whose last one is not a number ("example.com", any
    script: "bücher.de"), as a person would write it."""
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return False
    return not labels[-1].isdigit()


def _shown(value: str) -> str:
    """A value quoted in a message, cut short: the message must stay readable."""
    return f"“{value[:40]}…”" if len(value) > 40 else f"“{value}”"
