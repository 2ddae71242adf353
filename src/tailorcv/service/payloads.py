"""What each kind of task carries: one pydantic model per kind, written when the task is created
(``service.work.create``) and read back by its handler (``tasks.kinds`` and the others).

A payload that does not fit its kind (a row written by an older version, or edited by hand)
fails the task at once with ``InvalidPayload``, naming every field at fault, instead of a
``KeyError`` or a ``None`` deep inside a handler (issue 17: the handlers read untyped dicts
with ``payload.get``). Unknown keys are ignored, so a newer version's rows still run.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from tailorcv.errors import InvalidPayload

Engine = Literal["offline", "llm"]
Format = Literal["pdf", "png", "svg", "html", "txt", "md", "docx"]
P = TypeVar("P", bound="Payload")


class Payload(BaseModel):
    """Every payload: ``request_id`` carries the request's id into the task's logs."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    kind: ClassVar[str]

    request_id: str | None = None

    def stored(self) -> dict[str, Any]:
        """The JSON kept in the task's row (no ``request_id`` when there was none)."""
        return self.model_dump(mode="json", exclude={"request_id"} if not self.request_id else None)


class ImportPayload(Payload):
    kind = "import"
    file_key: str = Field(pattern=r"^[0-9a-f]{64}$")
    filename: str = Field("upload", max_length=255)
    resume_id: uuid.UUID | None = None
    # Import the file although it does not look like a résumé (the user insisted).
    force: bool = False


class RenderPayload(Payload):
    kind = "render"
    version_id: uuid.UUID
    template: str | None = Field(None, max_length=64)
    format: Format = "pdf"


class PagePayload(Payload):
    """A public page's PDF (a ``render`` task too), from the document the page shows."""

    kind = "render"
    page: str = Field(min_length=1)
    resume_id: uuid.UUID
    document: dict[str, Any]


class TailorPayload(Payload):
    kind = "tailor"
    version_id: uuid.UUID
    job_id: uuid.UUID
    pages: int | None = Field(None, ge=1, le=10)
    template: str | None = Field(None, max_length=64)
    engine: Engine | None = None


class SuggestPayload(Payload):
    kind = "suggest"
    version_id: uuid.UUID
    job_id: uuid.UUID
    engine: Engine | None = None


class LetterPayload(Payload):
    kind = "letter"
    version_id: uuid.UUID
    job_id: uuid.UUID
    template: str | None = Field(None, max_length=64)
    format: Literal["pdf", "docx"] = "pdf"
    engine: Engine | None = None


class BatchItemPayload(Payload):
    kind = "batch_item"
    batch_id: uuid.UUID
    item_ids: list[uuid.UUID] = Field(min_length=1)
    scorer: str | None = None  # the scoring version the batch was made with


class CleanupPayload(Payload):
    kind = "cleanup"


# The model (or models) of each kind; ``tests/service/test_payloads.py`` checks that every kind
# the runner knows is here.
MODELS: dict[str, TypeAdapter[Any]] = {
    "import": TypeAdapter(ImportPayload),
    "render": TypeAdapter(RenderPayload | PagePayload),
    "tailor": TypeAdapter(TailorPayload),
    "suggest": TypeAdapter(SuggestPayload),
    "letter": TypeAdapter(LetterPayload),
    "batch_item": TypeAdapter(BatchItemPayload),
    "cleanup": TypeAdapter(CleanupPayload),
}


def read(kind: str, data: dict[str, Any], expected: type[P]) -> P:
    """The payload of a ``kind`` task as ``expected``; ``InvalidPayload`` when it does not fit."""
    adapter = MODELS.get(kind)
    if adapter is None:
        raise InvalidPayload(f"no payload model for tasks of kind {kind!r}")
    try:
        payload = adapter.validate_python(data)
    except ValidationError as exc:
        raise InvalidPayload(f"the {kind} task's payload does not fit: {_problems(exc)}") from None
    if not isinstance(payload, expected):
        raise InvalidPayload(f"the {kind} task's payload is not a {expected.__name__}")
    return payload


def _problems(exc: ValidationError) -> str:
    """Every problem with its field, without echoing the values (a document may be large)."""
    parts = []
    for error in exc.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in error["loc"]) or "payload"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(dict.fromkeys(parts))
