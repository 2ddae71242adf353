"""End to end through the API: tailoring with ``engine: llm``, suggestions and cover letters,
with tasks run by the real runner in this process and a real local provider behind them."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from typing import Any

import docx
import pypdfium2
import pytest

from tailorcv.ops.settings import Settings
from tailorcv.tasks.dispatch import InlineDispatcher
from tests.llm.provider import Provider, Reply, answer
from tests.llm.test_tailoring import GOOD
from tests.llm.test_writing import HONEST_DRAFT
from tests.web.conftest import Client
from tests.web.helpers import assert_problem, create_job, create_resume, register, settle


@pytest.fixture
def llm_client(
    make_client: Callable[..., Client],
    settings: Settings,
    provider: Provider,
    closes_engines: None,
) -> Client:
    """A client whose tasks run at once, with the test's provider configured."""
    llm = {
        "llm_base_url": provider.url,
        "llm_allow_private": True,
        "llm_model": f"model-{uuid.uuid4().hex[:8]}",
        "llm_max_retries": 0,
        "llm_timeout_seconds": 5.0,
    }
    chosen = Settings(**{**settings.model_dump(), **llm})
    return make_client(InlineDispatcher(chosen), **llm)


def start(client: Client, path: str, body: dict[str, Any]) -> tuple[str, dict[str, str], Any]:
    """Register, store the example résumé and job, post to ``path``: the résumé's id, the
    account's bearer header, and the finished task."""
    auth = register(client)
    created = create_resume(client, auth)
    job = create_job(client, auth)
    sent = client.post(
        path, json={"resume_id": created["id"], "job_id": job["id"], **body}, headers=auth
    )
    assert sent.status_code in (200, 202), sent.text
    return created["id"], auth, settle(client, auth, sent.json()["task"])


def test_tailoring_with_the_llm_makes_a_version_it_says_it_made(
    llm_client: Client, provider: Provider
) -> None:
    provider.script(answer(GOOD))
    resume_id, auth, task = start(llm_client, "/api/v1/tailorings", {"engine": "llm"})
    assert task["status"] == "succeeded", task
    assert task["result"]["engine"] == "llm"
    version_id = task["result"]["version_id"]
    version = llm_client.get(f"/api/v1/resumes/{resume_id}/versions/{version_id}", headers=auth)
    assert version.status_code == 200, version.text
    assert version.json()["resume"]["basics"]["summary"] == GOOD["summary"]


def test_a_provider_that_is_down_never_fails_the_tailoring(
    llm_client: Client, provider: Provider
) -> None:
    provider.default = Reply(status=500)
    _, _, task = start(llm_client, "/api/v1/tailorings", {})  # llm by default when configured
    assert task["status"] == "succeeded", task
    assert task["result"]["engine"] == "offline (fallback: provider down)"
    assert task["result"]["version_id"]


def test_without_a_model_tailoring_is_offline_and_says_so(inline_client: Client) -> None:
    _, _, task = start(inline_client, "/api/v1/tailorings", {})
    assert task["status"] == "succeeded", task
    assert task["result"]["engine"] == "offline"


def test_an_unknown_engine_is_a_problem(client: Client) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    job = create_job(client, auth)
    sent = client.post(
        "/api/v1/tailorings",
        json={"resume_id": created["id"], "job_id": job["id"], "engine": "magic"},
        headers=auth,
    )
    assert_problem(sent, 422)


def test_suggestions_through_the_api(llm_client: Client, provider: Provider) -> None:
    provider.default = Reply(status=500)
    _, _, task = start(llm_client, "/api/v1/suggestions", {})
    assert task["status"] == "succeeded", task
    assert task["result"]["engine"] == "offline (fallback: provider down)"
    assert task["result"]["suggestions"], "the example résumé has weak bullets"


def test_the_cover_letter_pdf_has_the_models_letter(llm_client: Client, provider: Provider) -> None:
    provider.script(answer(HONEST_DRAFT))
    _, auth, task = start(llm_client, "/api/v1/letters", {"template": "modern"})
    assert task["status"] == "succeeded", task
    assert task["result"]["engine"] == "llm"
    got = llm_client.get(task["result"]["url"], headers=auth)
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(got.content)
    try:
        text = " ".join(pdf[0].get_textpage().get_text_range().split())
    finally:
        pdf.close()
    assert HONEST_DRAFT["paragraphs"][1] in text
    assert "Maya Lindqvist" in text


def test_asking_for_a_model_where_none_is_configured_says_so(inline_client: Client) -> None:
    _, _, task = start(inline_client, "/api/v1/suggestions", {"engine": "llm"})
    assert task["status"] == "succeeded", task
    assert task["result"]["engine"] == "offline (fallback: no LLM configured)"


def test_the_offline_cover_letter_as_docx(llm_client: Client, provider: Provider) -> None:
    _, auth, task = start(llm_client, "/api/v1/letters", {"engine": "offline", "format": "docx"})
    assert task["status"] == "succeeded", task
    assert task["result"]["engine"] == "offline"
    assert provider.requests == []
    assert provider.probes == 0
    got = llm_client.get(task["result"]["url"], headers=auth)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(got.content)).paragraphs]
    assert task["result"]["letter"]["paragraphs"][0] in paragraphs


def test_a_letter_for_a_foreign_job_is_404(client: Client) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    sent = client.post(
        "/api/v1/letters",
        json={"resume_id": created["id"], "job_id": str(uuid.uuid4())},
        headers=auth,
    )
    assert_problem(sent, 404)
    assert client.app.state.services.dispatcher.enqueued == []


def test_a_letter_in_an_unknown_template_is_404(client: Client) -> None:
    auth = register(client)
    created = create_resume(client, auth)
    job = create_job(client, auth)
    sent = client.post(
        "/api/v1/letters",
        json={"resume_id": created["id"], "job_id": job["id"], "template": "nope"},
        headers=auth,
    )
    assert_problem(sent, 404)
