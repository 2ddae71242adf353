"""Public pages at /r/{slug}: cached by content (ETag, 304), gzip, privacy, passwords, expiry,
noindex, and a view count that keeps nothing about the visitor."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pypdfium2

from tests.web.conftest import Client
from tests.web.helpers import create_resume, register

EMAIL = "ada.private@example.com"
PHONE = "+44 20 7946 0000"


def publish(client: Client, **settings: Any) -> tuple[dict[str, str], str]:
    """A published résumé with an email and a phone; its owner's auth and its id."""
    auth = register(client)
    created = create_resume(client, auth, email=EMAIL, phone=PHONE)
    body = {"slug": "ada", **settings}
    answer = client.put(f"/api/v1/resumes/{created['id']}/publish", json=body, headers=auth)
    assert answer.status_code == 200, answer.text
    return auth, created["id"]


def test_page_is_html_cached_with_etag_and_304(client: Client) -> None:
    publish(client)
    page = client.get("/r/ada")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == "public, max-age=300"
    assert EMAIL in page.text
    etag = page.headers["etag"]
    again = client.get("/r/ada", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get("/r/ada", headers={"If-None-Match": '"other"'}).status_code == 200


def shown(answer: Any, fmt: str) -> str:
    """The text a visitor reads in one format of the page."""
    if fmt != ".pdf":
        return str(answer.text)
    document = pypdfium2.PdfDocument(answer.content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_an_edit_is_not_public_until_the_owner_publishes_it(inline_client: Client) -> None:
    """The HTML, the JSON and the PDF show the published version: saving the draft (what an
    autosave does) changes none of them, not even their ETag; publishing the draft shows the
    new text in all three at once (issue 19)."""
    client = inline_client  # its worker renders the page's PDF when it is published
    auth, resume_id = publish(client)
    formats = ("", ".json", ".pdf")
    before = {fmt: client.get(f"/r/ada{fmt}") for fmt in formats}
    assert [answer.status_code for answer in before.values()] == [200, 200, 200]
    draft = client.get(f"/api/v1/resumes/{resume_id}", headers=auth).json()["resume"]
    draft["basics"]["label"] = "Analyst of engines"
    client.put(f"/api/v1/resumes/{resume_id}", json={"resume": draft}, headers=auth)
    for fmt in formats:
        kept = client.get(f"/r/ada{fmt}")
        assert kept.headers["etag"] == before[fmt].headers["etag"], fmt
        assert "Analyst of engines" not in shown(kept, fmt), fmt
        assert "Senior Backend Engineer" in shown(kept, fmt), fmt
    url = f"/api/v1/resumes/{resume_id}/publish"
    assert client.get(url, headers=auth).json()["draft_changed"] is True
    again = client.post(f"{url}/version", json={}, headers=auth)
    assert again.status_code == 200, again.text
    assert again.json()["draft_changed"] is False
    for fmt in formats:
        after = client.get(f"/r/ada{fmt}", headers={"If-None-Match": before[fmt].headers["etag"]})
        assert after.status_code == 200, fmt
        assert "Analyst of engines" in shown(after, fmt), fmt
    # The page's link to its PDF names the content, so no browser keeps showing the old PDF.
    links = [pdf_link(answer.text) for answer in (before[""], client.get("/r/ada"))]
    assert links[0] != links[1]
    assert client.get(links[1]).content == client.get("/r/ada.pdf").content


def pdf_link(html: str) -> str:
    found = re.search(r'id="download-pdf" href="([^"]+)"', html)
    assert found is not None, "the page does not link its PDF"
    return found.group(1)


def test_gzip_when_accepted(client: Client) -> None:
    publish(client)
    zipped = client.get("/r/ada", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["vary"]
    plain = client.get("/r/ada", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert zipped.text == plain.text  # httpx decodes the gzipped body
    raw = client.get("/r/ada.json", headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"


def test_noindex_by_default_and_indexable_on_request(client: Client) -> None:
    auth, resume_id = publish(client)
    assert client.get("/r/ada").headers["x-robots-tag"] == "noindex"
    url = f"/api/v1/resumes/{resume_id}/publish"
    client.put(url, json={"slug": "ada", "noindex": False}, headers=auth)
    assert "x-robots-tag" not in client.get("/r/ada").headers


def test_hidden_contact_details_are_absent_from_every_format(inline_client: Client) -> None:
    client = inline_client  # its worker renders the PDF when the page is published (issue 16)
    publish(client, hide_email=True, hide_phone=True, hide_address=True)
    page = client.get("/r/ada").text
    document = client.get("/r/ada.json").json()
    assert EMAIL not in page
    assert PHONE not in page
    assert "email" not in document["basics"]
    assert "phone" not in document["basics"]
    assert "address" not in document["basics"].get("location", {})
    pdf = client.get("/r/ada.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_password_protected_page_asks_for_basic_credentials(client: Client) -> None:
    publish(client, password="open sesame")
    asked = client.get("/r/ada")
    assert asked.status_code == 401
    assert asked.headers["www-authenticate"].startswith("Basic")
    assert EMAIL not in asked.text
    wrong = base64.b64encode(b"visitor:wrong").decode()
    assert client.get("/r/ada", headers={"Authorization": f"Basic {wrong}"}).status_code == 401
    right = base64.b64encode(b"anyone:open sesame").decode()
    page = client.get("/r/ada", headers={"Authorization": f"Basic {right}"})
    assert page.status_code == 200
    assert page.headers["cache-control"].startswith("private")
    assert client.get("/r/ada.json").status_code == 401


def test_expired_unknown_and_unpublished_pages_are_404(client: Client) -> None:
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    auth, resume_id = publish(client, expires_at=past)
    assert client.get("/r/ada").status_code == 404
    assert client.get("/r/nobody").status_code == 404
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    url = f"/api/v1/resumes/{resume_id}/publish"
    client.put(url, json={"slug": "ada", "expires_at": future}, headers=auth)
    assert client.get("/r/ada").status_code == 200
    client.delete(url, headers=auth)
    for suffix in ("", ".pdf", ".json"):
        assert client.get(f"/r/ada{suffix}").status_code == 404


def test_views_are_counted_without_cookies(client: Client) -> None:
    auth, resume_id = publish(client)
    for _ in range(3):
        page = client.get("/r/ada")
        assert "set-cookie" not in page.headers
    client.get("/r/ada.json")  # a download of the data is not a view of the page
    client.app.state.services.pages.flush_views()
    url = f"/api/v1/resumes/{resume_id}/publish"
    published = client.put(url, json={"slug": "ada"}, headers=auth).json()
    assert published["view_count"] == 3
