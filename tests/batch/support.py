"""Helpers for the batch tests: candidate files, zips, and submitting a batch."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from typing import Any

import httpx

from tests.web.conftest import Client
from tests.web.helpers import JOB_TEXT, RESUME

STRONG = [
    "Python",
    "Go",
    "Kubernetes",
    "Terraform",
    "AWS",
    "PostgreSQL",
    "Infrastructure as Code",
    "database design",
]


def candidate(
    name: str, *, skills: list[str] | None = None, bare: bool = False, **basics: Any
) -> dict[str, Any]:
    """The example résumé as someone else, optionally with other skills; ``bare`` drops the
    work and projects too, so only those skills are shown."""
    document = copy.deepcopy(RESUME)
    if bare:
        document["work"], document["projects"], document["certificates"] = [], [], []
        document["basics"].update(label="Office manager", summary="Runs an office.")
    document["basics"].update({"name": name, "email": f"{name.split()[0].lower()}@example.com"})
    document["basics"].update(basics)
    if skills is not None:
        document["skills"] = [{"name": "Skills", "keywords": skills}]
    return document


def as_file(name: str, document: dict[str, Any]) -> tuple[str, tuple[str, bytes, str]]:
    return ("files", (name, json.dumps(document).encode(), "application/json"))


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def submit(
    client: Client,
    auth: dict[str, str],
    files: list[tuple[str, tuple[str, bytes, str]]] | None = None,
    **fields: Any,
) -> httpx.Response:
    data: dict[str, Any] = {"job_text": JOB_TEXT, **fields}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post("/api/v1/batches", data=data, files=files or [], headers=auth)


def report(client: Client, auth: dict[str, str], batch_id: str) -> dict[str, Any]:
    answer = client.get(f"/api/v1/batches/{batch_id}", headers=auth)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body
