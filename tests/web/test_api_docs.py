"""The interactive API docs (issue 16): Swagger UI from the package itself, never from a CDN, so
``/api/docs`` works on a server with no network, under its own Content-Security-Policy.
(``tests/ui/test_api_docs.py`` renders the page in a real browser with every other host cut off.)
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tailorcv.web.app import SWAGGER_UI
from tailorcv.web.middleware import CSP_DOCS
from tests.web.conftest import Client

DOCS = "/api/docs"


class Links(HTMLParser):
    """Every URL the page loads: ``src`` and ``href`` attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def _links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.urls


def test_the_docs_page_names_no_other_host(client: Client) -> None:
    """Not in a link, not in its script (the online validator is off): only paths here."""
    answer = client.get(DOCS)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    urls = _links(answer.text)
    assert len(urls) == 3, urls  # the script, the stylesheet and the icon
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    assert not re.search(r"(https?:)?//[\w.-]+\.\w", answer.text), answer.text
    assert '"validatorUrl": null' in answer.text


def test_every_file_the_page_loads_is_served_here(client: Client) -> None:
    for url in [*_links(client.get(DOCS).text), "/api/openapi.json"]:
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert len(answer.content) > 100, url
    script = client.get(f"{DOCS}/assets/swagger-ui-bundle.js")
    assert "javascript" in script.headers["content-type"]
    assert script.content == (SWAGGER_UI / "swagger-ui-bundle.js").read_bytes()


def test_the_docs_and_their_files_answer_under_the_docs_policy(client: Client) -> None:
    """``CSP_DOCS`` lets the page run its one inline script (Swagger UI's set-up) and load its
    files from this origin; the policy of the other pages would refuse that script."""
    for url in [DOCS, *_links(client.get(DOCS).text)]:
        answer = client.get(url)
        assert answer.headers["content-security-policy"] == CSP_DOCS, url
        assert answer.headers["x-frame-options"] == "DENY", url
    directives = dict(part.strip().split(" ", 1) for part in CSP_DOCS.split(";"))
    assert "'self'" in directives["script-src"].split()
    assert "'unsafe-inline'" in directives["script-src"].split()
    assert "'self'" in directives["style-src"].split()


def test_swagger_ui_ships_with_its_licence() -> None:
    for name in ("LICENSE", "NOTICE", "swagger-ui-bundle.js.LICENSE.txt", "README.md"):
        assert (SWAGGER_UI / name).is_file(), name
    assert "Apache License" in (SWAGGER_UI / "LICENSE").read_text()


def test_the_docs_page_is_not_in_the_api_description(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert not [path for path in paths if path.startswith(DOCS)]
