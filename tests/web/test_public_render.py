"""What a public page may cost, and what it publishes (issue 16): the PDF is rendered once per
content by a worker and never in the API process, the caches are bounded in bytes and remember
negative answers, the JSON holds only what the page shows, and wrong passwords lock out only the
address that sent them."""

from __future__ import annotations

import base64
import copy
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from anyio.from_thread import BlockingPortal
from sqlalchemy import select

from tailorcv.ops.settings import Settings
from tailorcv.render import render, typst
from tailorcv.resume import to_dict, validate
from tailorcv.service import published
from tailorcv.service.published import MAX_DOCUMENT_BYTES
from tailorcv.store.models import File, Resume, Task
from tailorcv.tasks.runner import run_task
from tailorcv.web import public, renderings
from tailorcv.web.public import PublicPages
from tailorcv.web.renderings import Renderings
from tests.web.conftest import Client, RecordingDispatcher
from tests.web.helpers import RESUME, assert_problem, create_resume, register, resume

SECRET_BITS = (
    "ada.private@example.com",  # hidden email
    "+44 20 7946 0000",  # hidden phone
    "https://example.com/photo.jpg",  # a photo the page does not show
    "SW1A 1AA",  # a postal code, never shown
    "12 Secret Street",  # a street, shown only when there is no city or country
    "95000 GBP",  # a field a tool added
    "do not publish this",  # a work entry's own field
    "referee@example.com",  # a referee's email, beside their name and words
    "side-project-type",  # a project's type
    "https://example.com/canonical",  # meta.canonical
    "Lonely level",  # a skill with a level and nothing the page shows
    "javascript:alert(1)",  # a link the page would not follow
)


def rich_resume() -> dict[str, Any]:
    """Every section, with fields the page shows and fields it does not."""
    document = resume(
        email=SECRET_BITS[0],
        phone=SECRET_BITS[1],
        image=SECRET_BITS[2],
        location={
            "address": SECRET_BITS[4],
            "postalCode": SECRET_BITS[3],
            "city": "London",
            "countryCode": "GB",
        },
        profiles=[{"network": "GitHub", "username": "ada", "url": "https://github.com/ada"}],
    )
    document["basics"]["x-salary"] = SECRET_BITS[5]
    document["work"][0]["x-internal"] = SECRET_BITS[6]
    document["work"].append({"url": "https://example.com/only-a-link"})
    document["references"] = [
        {"name": "Charles Babbage", "reference": "Exact.", "email": SECRET_BITS[7]}
    ]
    document["projects"][0]["type"] = SECRET_BITS[8]
    document["projects"][0]["url"] = SECRET_BITS[11]
    document["meta"]["canonical"] = SECRET_BITS[9]
    document["skills"].append({"level": SECRET_BITS[10]})
    document["awards"] = [{"title": "Medal", "awarder": "Society", "date": "2020-05"}]
    document["volunteer"] = [{"organization": "Club", "position": "Chair", "startDate": "2019"}]
    document["interests"] = [{"name": "Engines", "keywords": ["looms"]}]
    document["publications"] = [{"name": "Notes", "publisher": "Taylor", "releaseDate": "1843"}]
    return document


def publish(client: Client, document: dict[str, Any] | None = None, **settings: Any) -> Any:
    """Publish a résumé at /r/ada; its owner's auth and id. Its draft is stored as an import
    stores one, odd addresses and all: a ``javascript:`` link is refused from a person's edit
    (issue 19) but kept from an imported file, so the page must still not follow it."""
    auth = register(client)
    body = {"title": "Main", "resume": resume()}
    created = client.post("/api/v1/resumes", json=body, headers=auth)
    assert created.status_code == 201, created.text
    resume_id = created.json()["id"]
    with client.app.state.services.sessions() as session, session.begin():
        row = session.get(Resume, uuid.UUID(resume_id))
        assert row is not None
        row.draft = to_dict(validate(document or resume(email=SECRET_BITS[0])).resume)
    url = f"/api/v1/resumes/{resume_id}/publish"
    answer = client.put(url, json={"slug": "ada", **settings}, headers=auth)
    assert answer.status_code == 200, answer.text
    return auth, resume_id


def save_draft(client: Client, auth: dict[str, str], resume_id: str, **basics: Any) -> None:
    draft = client.get(f"/api/v1/resumes/{resume_id}", headers=auth).json()["resume"]
    draft["basics"].update(basics)
    answer = client.put(f"/api/v1/resumes/{resume_id}", json={"resume": draft}, headers=auth)
    assert answer.status_code == 200, answer.text


def publish_draft(client: Client, auth: dict[str, str], resume_id: str) -> Any:
    """Show the current draft on the page (an edit is not public until then: issue 19)."""
    url = f"/api/v1/resumes/{resume_id}/publish/version"
    return client.post(url, json={}, headers=auth)


def run_queued(dispatcher: RecordingDispatcher, settings: Settings) -> int:
    """Run the recorded tasks as a worker would; how many there were."""
    queued, dispatcher.enqueued = dispatcher.enqueued, []
    for task_id, _kind, _priority in queued:
        run_task(settings, task_id)
    return len(queued)


def pages_of(client: Client) -> PublicPages:
    pages: PublicPages = client.app.state.services.pages
    return pages


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each Typst compile, counted (the real one still runs)."""
    calls: list[str] = []
    original = typst.compile_view

    def counted(*args: Any, **kwargs: Any) -> bytes:
        calls.append(str(args[2] if len(args) > 2 else kwargs.get("fmt")))
        return original(*args, **kwargs)

    monkeypatch.setattr(typst, "compile_view", counted)
    return calls


@pytest.fixture
def other_address(client: Client, portal: BlockingPortal) -> Iterator[Client]:
    """A client on the same app, from another address."""
    other = Client(client.app, portal, peer=("198.51.100.23", 50000))
    yield other
    portal.call(other.http.aclose)


# The PDF: rendered by a worker, once per content


def test_a_pdf_is_served_from_the_stored_file_and_never_rendered_in_the_api_process(
    client: Client,
    dispatcher: RecordingDispatcher,
    settings: Settings,
    compiles: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(renderings, "NOT_READY_SECONDS", 0.0)  # each visitor asks the database
    publish(client)
    for _ in range(3):
        waiting = client.get("/r/ada.pdf")
        body = assert_problem(waiting, 503)
        assert body["type"].endswith("/page-pdf-not-ready")
        assert waiting.headers["retry-after"] == "1"
        assert waiting.headers["cache-control"] == "no-store"
    assert compiles == [], "the API process rendered a PDF"
    assert run_queued(dispatcher, settings) == 1
    assert compiles == ["pdf"]
    with pages_of(client).sessions() as session:
        key = session.scalars(select(File.key)).one()
    stored = client.app.state.services.blobs.get(key)
    pdf = client.get("/r/ada.pdf")
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
    assert pdf.content == stored
    again = client.get("/r/ada.pdf", headers={"If-None-Match": pdf.headers["etag"]})
    assert again.status_code == 304
    assert compiles == ["pdf"], "the stored file was rendered again"
    assert dispatcher.enqueued == [], "a visitor queued more work"


def test_a_draft_change_renders_one_pdf_not_one_per_visitor(
    client: Client,
    dispatcher: RecordingDispatcher,
    settings: Settings,
    compiles: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(renderings, "NOT_READY_SECONDS", 0.0)  # every visitor asks the database
    auth, resume_id = publish(client)
    run_queued(dispatcher, settings)
    before = client.get("/r/ada.pdf")
    assert before.status_code == 200
    save_draft(client, auth, resume_id, label="Analyst of engines")
    assert dispatcher.enqueued == [], "an edit of the draft is not public"
    assert client.get("/r/ada.pdf").content == before.content
    assert publish_draft(client, auth, resume_id).status_code == 200
    assert len(dispatcher.enqueued) == 1, "the change queued one rendering"
    pages = pages_of(client)
    for _ in range(5):
        assert client.get("/r/ada.pdf").status_code == 503
        pages.forget(uuid.UUID(resume_id))
    assert len(dispatcher.enqueued) == 1, "a visitor queued another rendering"
    client.put(f"/api/v1/resumes/{resume_id}", json={"title": "Renamed"}, headers=auth)
    assert len(dispatcher.enqueued) == 1, "a new title is not new content"
    run_queued(dispatcher, settings)
    after = client.get("/r/ada.pdf")
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert after.content != before.content
    assert compiles == ["pdf", "pdf"]
    with pages.sessions() as session:
        assert len(session.scalars(select(File)).all()) == 1, "the old PDF was not deleted"


def test_a_rendering_overtaken_by_a_newer_edit_renders_nothing(
    client: Client, dispatcher: RecordingDispatcher, settings: Settings, compiles: list[str]
) -> None:
    """Publishing again and again: only the last content of a burst is rendered."""
    auth, resume_id = publish(client)
    for label in ("A", "An", "Ana", "Anal"):
        save_draft(client, auth, resume_id, label=label)
        assert publish_draft(client, auth, resume_id).status_code == 200
    assert run_queued(dispatcher, settings) == 5
    assert compiles == ["pdf"]
    assert client.get("/r/ada.pdf").status_code == 200


@pytest.mark.parametrize("ending", ["publish", ""])
def test_unpublishing_or_deleting_deletes_the_stored_pdf(
    inline_client: Client, ending: str
) -> None:
    auth, resume_id = publish(inline_client)
    assert inline_client.get("/r/ada.pdf").status_code == 200
    services = inline_client.app.state.services
    with services.sessions() as session:
        key = session.scalars(select(File.key)).one()
    assert services.blobs.exists(key)
    url = f"/api/v1/resumes/{resume_id}/{ending}".rstrip("/")
    assert inline_client.delete(url, headers=auth).status_code == 204
    with services.sessions() as session:
        assert session.scalars(select(File)).all() == []
        assert session.scalars(select(Task).where(Task.idempotency_key.like("page:%"))).all() == []
    assert not services.blobs.exists(key)


def test_a_pdf_whose_file_was_lost_is_rendered_again(
    make_client: Callable[..., Client],
    dispatcher: RecordingDispatcher,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(renderings, "NOT_READY_SECONDS", 0.0)
    client = make_client(dispatcher)
    publish(client)
    run_queued(dispatcher, settings)
    assert client.get("/r/ada.pdf").status_code == 200
    services = client.app.state.services
    with services.sessions() as session:
        services.blobs.delete(session.scalars(select(File.key)).one())
    fresh = make_client(dispatcher)  # another replica, with nothing in memory
    assert fresh.get("/r/ada.pdf").status_code == 503
    assert run_queued(dispatcher, settings) == 1
    assert fresh.get("/r/ada.pdf").status_code == 200
    with services.sessions() as session:
        assert len(session.scalars(select(File)).all()) == 1


def test_a_crowd_at_a_new_page_costs_one_rendering(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    original = public.html_page

    def slow(*args: Any) -> bytes:
        rendered.append("html")
        time.sleep(0.2)  # long enough for the whole crowd to arrive meanwhile
        return original(*args)

    monkeypatch.setattr(public, "html_page", slow)
    publish(client)
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: client.get("/r/ada").status_code, range(8)))
    assert statuses == [200] * 8
    assert rendered == ["html"]


# Bounds


def test_the_rendering_cache_stays_under_its_byte_cap(
    make_client: Callable[..., Client],
) -> None:
    client = make_client()
    pages = pages_of(client)
    limit = 200_000  # a page here is about 12 kB of HTML and 4 kB gzipped, its JSON 3 + 1 kB
    pages._cache = Renderings(limit)
    auth = register(client)
    etags = []
    for number in range(12):
        created = create_resume(client, auth, label=f"Engineer number {number}")
        url = f"/api/v1/resumes/{created['id']}/publish"
        assert client.put(url, json={"slug": f"page-{number}"}, headers=auth).status_code == 200
        for suffix in ("", ".json"):
            page = client.get(f"/r/page-{number}{suffix}")
            assert page.status_code == 200
            etags.append(page.headers["etag"].removeprefix("W/"))
        assert 0 < pages.cached_bytes() <= limit
    assert pages._cache.get(etags[-2]) is not None, "the newest page was dropped"
    assert pages._cache.get(etags[0]) is None, "the oldest page is still kept"


def test_a_page_over_the_size_limit_is_refused_with_a_clear_error(
    client: Client, dispatcher: RecordingDispatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    monkeypatch.setattr(public, "html_page", lambda *a: rendered.append("html") or b"")
    big = copy.deepcopy(RESUME)
    big["work"] = big["work"] * (2 * MAX_DOCUMENT_BYTES // len(json.dumps(big["work"])))
    auth = register(client)
    created = create_resume(client, auth)
    url = f"/api/v1/resumes/{created['id']}/publish"
    answer = client.put(f"/api/v1/resumes/{created['id']}", json={"resume": big}, headers=auth)
    assert answer.status_code == 200, "saving a big draft is the allowance's business"
    versions = client.get(f"/api/v1/resumes/{created['id']}/versions", headers=auth).json()
    body = assert_problem(client.put(url, json={"slug": "ada"}, headers=auth), 413)
    assert str(MAX_DOCUMENT_BYTES) in body["detail"]
    again = client.get(f"/api/v1/resumes/{created['id']}/versions", headers=auth).json()
    assert again == versions, "a draft too large to publish was kept as a version"
    small = copy.deepcopy(RESUME)
    client.put(f"/api/v1/resumes/{created['id']}", json={"resume": small}, headers=auth)
    assert client.put(url, json={"slug": "ada"}, headers=auth).status_code == 200
    dispatcher.enqueued.clear()
    client.put(f"/api/v1/resumes/{created['id']}", json={"resume": big}, headers=auth)
    assert_problem(client.post(f"{url}/version", json={}, headers=auth), 413)
    assert dispatcher.enqueued == [], "a page over the limit queued a rendering"
    # A page published under a larger limit (a version kept before the limit shrank).
    monkeypatch.setattr(published, "MAX_DOCUMENT_BYTES", 100)
    pages_of(client).forget(uuid.UUID(created["id"]))
    pages_of(client)._keys.clear()
    for suffix in ("", ".json", ".pdf"):
        refused = assert_problem(client.get(f"/r/ada{suffix}"), 413)
        assert refused["type"].endswith("/too-large")
    assert rendered == [], "a page over the limit was rendered"


def test_a_page_that_cannot_be_rendered_is_refused_once_per_content(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    original = public.html_page

    def counted(*args: Any) -> bytes:
        rendered.append("html")
        return original(*args)

    monkeypatch.setattr(public, "html_page", counted)
    document = resume()
    document["meta"]["template"] = "withdrawn-template"
    publish(client, document)
    for _ in range(3):
        refused = assert_problem(client.get("/r/ada"), 404)
        assert refused["type"].endswith("/template-not-found")
    assert rendered == ["html"], "the same failure was rendered again"


def test_wrong_slugs_neither_query_each_time_nor_push_pages_out(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(public, "ROW_SECONDS", 60.0)  # the page's row outlives the test
    publish(client)
    assert client.get("/r/ada").status_code == 200
    pages = pages_of(client)
    reads: list[str] = []
    original = public.published_row

    def counted(session: Any, slug: str) -> Any:
        reads.append(slug)
        return original(session, slug)

    monkeypatch.setattr(public, "published_row", counted)
    for _ in range(3):
        assert client.get("/r/nobody").status_code == 404
    assert reads == ["nobody"], "a known-missing slug was read again"
    for number in range(1100):  # more than the 1,024 rows a process once kept in all
        pages.lookup(f"nobody-{number}")
    assert pages.at_hand("ada", "html") is not None, "wrong slugs pushed the page out"


# What the JSON publishes


def test_the_json_holds_only_what_the_page_shows(client: Client) -> None:
    publish(client, rich_resume(), hide_email=True, hide_phone=True)
    raw = client.get("/r/ada.json")
    assert raw.status_code == 200
    html = client.get("/r/ada").text
    for secret in SECRET_BITS:
        assert secret not in raw.text, f"{secret!r} published in the JSON"
        assert secret not in html, f"{secret!r} shown on the page"
    document = raw.json()
    assert document["references"] == [{"name": "Charles Babbage", "reference": "Exact."}]
    assert document["basics"]["location"] == {"city": "London", "countryCode": "GB"}
    assert document["basics"]["profiles"] == [{"url": "https://github.com/ada"}]
    assert "image" not in document["basics"]
    assert document["meta"] == {"template": "classic", "locale": "en"}
    # the page made from the published JSON is the page: the JSON shows nothing more or less
    link = re.search(r'href="(/r/ada\.pdf\?v=[0-9a-f]+)"', html)
    assert link is not None, "the page links its PDF"
    made = public.html_page(document, link.group(1)).decode()
    assert made == html


def test_the_page_made_from_what_it_shows_is_the_page_of_the_whole_draft() -> None:
    """Cutting the draft to what the page shows loses nothing the page shows."""
    from tailorcv.service.published import published

    draft = rich_resume()
    full = copy.deepcopy(draft)
    whole = render(validate(full).resume, None, "html")
    cut = published(draft, (False, False, False)).document
    assert render(validate(cut).resume, None, "html") == whole
    assert "referee@example.com" not in json.dumps(cut)


# Passwords


def test_wrong_passwords_from_one_address_do_not_lock_out_another(
    client: Client, other_address: Client
) -> None:
    publish(client, password="open sesame")
    wrong = {"Authorization": "Basic " + base64.b64encode(b"x:guess").decode()}
    right = {"Authorization": "Basic " + base64.b64encode(b"x:open sesame").decode()}
    statuses = [client.get("/r/ada", headers=wrong).status_code for _ in range(12)]
    assert statuses[:10] == [401] * 10
    assert statuses[-1] == 429, "the guessing address was not locked"
    assert client.get("/r/ada", headers=right).status_code == 429
    assert other_address.get("/r/ada", headers=right).status_code == 200
    assert other_address.get("/r/ada.json", headers=right).status_code == 200
