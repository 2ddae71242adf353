"""Every task kind has a payload model, written by the use cases and read by the handlers; a
payload that does not fit fails its task at once, with the fields at fault named, and is not
retried (issue 17: handlers read untyped dicts, and a bad one failed deep inside them)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tailorcv.errors import InvalidPayload
from tailorcv.service.payloads import (
    MODELS,
    ImportPayload,
    PagePayload,
    Payload,
    RenderPayload,
    TailorPayload,
    read,
)
from tailorcv.service.runtime import close_runtimes
from tailorcv.tasks import InlineDispatcher
from tailorcv.tasks.runner import HANDLERS
from tests.tasks.conftest import FAST, Seeded, seed, sqlite_settings, submit, task_row

# One payload per kind that its model refuses, and the field the error must name.
BAD: dict[str, tuple[dict[str, Any], str]] = {
    "import": ({"file_key": "../../etc/passwd", "filename": "cv.pdf"}, "file_key"),
    "render": ({"version_id": "not-an-id", "format": "pdf"}, "version_id"),
    "tailor": ({"version_id": str(uuid.uuid4()), "pages": 0}, "job_id"),
    "suggest": ({"job_id": str(uuid.uuid4()), "engine": "oracle"}, "version_id"),
    "letter": ({"version_id": str(uuid.uuid4()), "job_id": "x", "format": "rtf"}, "format"),
    "batch_item": ({"batch_id": str(uuid.uuid4()), "item_ids": []}, "item_ids"),
    "cleanup": ({"request_id": 42}, "request_id"),
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    folder: Path = tmp_path_factory.mktemp("payloads")
    yield seed(sqlite_settings(folder))
    close_runtimes()


def test_every_kind_the_runner_knows_has_a_payload_model() -> None:
    assert set(MODELS) == set(HANDLERS) == set(BAD)


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_payload_that_does_not_fit_fails_its_task_cleanly(seeded: Seeded, kind: str) -> None:
    payload, field = BAD[kind]
    task_id = submit(seeded, kind, payload)
    InlineDispatcher(seeded.settings, FAST).enqueue(task_id, kind)
    task = task_row(seeded.settings, task_id)
    assert (task.status, task.attempts) == ("failed", 1)  # a user error: never retried
    assert task.error is not None
    assert task.error.startswith(f"the {kind} task's payload does not fit:"), task.error
    assert field in task.error


def test_payloads_round_trip_through_the_stored_json() -> None:
    made: list[Payload] = [
        ImportPayload(file_key="a" * 64, filename="cv.pdf", force=True),
        RenderPayload(version_id=uuid.uuid4(), template="modern", format="png"),
        PagePayload(page="k", resume_id=uuid.uuid4(), document={"basics": {}}),
        TailorPayload(version_id=uuid.uuid4(), job_id=uuid.uuid4(), pages=2, engine="llm"),
    ]
    for payload in made:
        assert read(payload.kind, payload.stored(), type(payload)) == payload


def test_a_render_payload_is_told_from_a_page_payload() -> None:
    page = PagePayload(page="k", resume_id=uuid.uuid4(), document={})
    assert isinstance(read("render", page.stored(), Payload), PagePayload)
    with pytest.raises(InvalidPayload, match="is not a RenderPayload"):
        read("render", page.stored(), RenderPayload)


def test_the_request_id_is_stored_only_when_there_is_one() -> None:
    payload = RenderPayload(version_id=uuid.uuid4())
    assert "request_id" not in payload.stored()
    traced = payload.model_copy(update={"request_id": "abc"})
    assert traced.stored()["request_id"] == "abc"
