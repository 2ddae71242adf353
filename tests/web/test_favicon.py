"""The icon (issue 19): every page links it, the public page carries it inside itself (its
policy loads nothing from the server), and ``/favicon.ico`` answers instead of a 404."""

from __future__ import annotations

import struct
from urllib.parse import unquote

from tailorcv.web.ui.pages import HERE
from tests.web.accounts import make_account, page_login
from tests.web.conftest import Client
from tests.web.helpers import create_resume, register

SVG = (HERE / "static" / "favicon.svg").read_text().strip()
LINK = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
PNG = b"\x89PNG\r\n\x1a\n"


def test_favicon_ico_answers_with_the_icon_in_three_sizes(client: Client) -> None:
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/x-icon"
    assert "max-age" in answer.headers["cache-control"]
    data = answer.content
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 3)
    sizes = []
    for n in range(count):
        width, height, *_rest, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * n)
        image = data[offset : offset + size]
        assert image.startswith(PNG)
        assert struct.unpack(">II", image[16:24]) == (width, height)  # the PNG's own size
        sizes.append(width)
    assert sizes == [16, 32, 48]
    assert client.request("HEAD", "/favicon.ico").status_code == 200


def test_every_page_links_the_icon(client: Client) -> None:
    email = "ada@example.com"
    make_account(client, email)
    for path in ("/", "/login", "/register"):
        assert LINK in client.get(path).text, path
    assert page_login(client, email).status_code == 303
    for path in ("/dashboard", "/account", "/jobs", "/import", "/templates"):
        assert LINK in client.get(path).text, path
    missing = client.get("/resumes/00000000-0000-0000-0000-000000000000")  # the error page
    assert missing.status_code == 404
    assert LINK in missing.text
    icon = client.get("/static/favicon.svg")
    assert (icon.status_code, icon.text.strip()) == (200, SVG)


def test_every_template_with_a_head_has_the_icon() -> None:
    """Pages of their own (not extending base.html) must link it themselves."""
    for template in (HERE / "templates").glob("*.html"):
        text = template.read_text()
        if "<head>" in text:
            assert LINK in text, template.name


def test_the_public_page_carries_the_same_icon_inside_itself(client: Client) -> None:
    auth = register(client)
    resume_id = create_resume(client, auth)["id"]
    client.put(f"/api/v1/resumes/{resume_id}/publish", json={"slug": "ada-icon"}, headers=auth)
    page = client.get("/r/ada-icon").text
    prefix = '<link rel="icon" href="data:image/svg+xml,'
    assert prefix in page
    carried = page.split(prefix, 1)[1].split('"', 1)[0]
    assert unquote(carried) == SVG  # the file and the page cannot drift apart
