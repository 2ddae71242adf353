"""Hostile candidates in a batch (issue 16): a YAML alias bomb or a deep JSON résumé, sent alone
or inside a zip, fails its own item with the reason, within 2 s and 50 MB, and the others are
ranked; a zip member whose path climbs out with ``..`` is listed as failed, not dropped unseen."""

from __future__ import annotations

import io
import json
import time
import tracemalloc
import zipfile
from typing import Any

import pytest

from tailorcv.batch import expand_zip
from tailorcv.resume.validate import MAX_DEPTH
from tests.batch.support import as_file, candidate, report, submit, zipped
from tests.resume.bombs import GROWTH, MB, SECONDS, nested_json, yaml_bomb
from tests.web.conftest import Client
from tests.web.helpers import register

DEEP = f"nested deeper than {MAX_DEPTH} levels"
ALIAS = "alias (*a0)"


def failures(client: Client, auth: dict[str, str], files: list[Any]) -> dict[str, str]:
    """Submit a batch of ``files`` within the time and memory bounds; each failed candidate's
    first reason, and Ada ranked."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        answer = submit(client, auth, files)
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert answer.status_code == 202, answer.text
    assert elapsed < SECONDS, f"took {elapsed:.2f} s"
    assert peak < GROWTH, f"allocated {peak / MB:.1f} MB"
    body = report(client, auth, answer.json()["batch"]["id"])
    assert [r["candidate"] for r in body["ranking"]["ranked"]] == ["Ada Lovelace"]
    return {r["candidate"]: r["reasons"][0] for r in body["ranking"]["failed"]}


def test_hostile_files_fail_their_own_items(inline_client: Client) -> None:
    auth = register(inline_client)
    files = [
        as_file("ada.json", candidate("Ada Lovelace")),
        ("files", ("bomb.yaml", yaml_bomb().encode(), "application/yaml")),
        ("files", ("deep.json", nested_json(600).encode(), "application/json")),
    ]
    failed = failures(inline_client, auth, files)
    assert set(failed) == {"bomb.yaml", "deep.json"}
    assert ALIAS in failed["bomb.yaml"]
    assert DEEP in failed["deep.json"]


def test_hostile_zip_members_fail_their_own_items(inline_client: Client) -> None:
    auth = register(inline_client)
    members = {
        "people/ada.json": json.dumps(candidate("Ada Lovelace")).encode(),
        "people/bomb.yaml": yaml_bomb().encode(),
        "people/deep.json": nested_json(50_000).encode(),
        "..\\..\\x.json": json.dumps(candidate("Xavier Climb")).encode(),
        "../y.json": json.dumps(candidate("Yan Climb")).encode(),
        ".DS_Store": b"\0\0\0\1Bud1",
        "__MACOSX/people/._ada.json": b"\0\5\26\7",
    }
    files = [("files", ("cvs.zip", zipped(members), "application/zip"))]
    failed = failures(inline_client, auth, files)
    assert set(failed) == {"bomb.yaml", "deep.json", "x.json", "y.json"}
    assert ALIAS in failed["bomb.yaml"]
    assert DEEP in failed["deep.json"]
    assert "(..\\..\\x.json) climbs out of the zip's folder" in failed["x.json"]
    assert "(../y.json) climbs out" in failed["y.json"]


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"{}")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name", ["..\\..\\x.json", "../x.json", "cvs/../../x.json", "cvs\\..\\x.json", "../../x.json"]
)
def test_a_member_that_climbs_out_is_reported_with_the_reason(name: str) -> None:
    [entry] = expand_zip(_zip([name]))
    assert entry.name == "x.json"
    assert entry.data == b""
    assert entry.error is not None
    assert "climbs out of the zip's folder with '..'" in entry.error


@pytest.mark.parametrize(
    "name", [".DS_Store", "__MACOSX/._x.json", "cvs/.hidden.json", ".git\\config", "cvs/"]
)
def test_folders_resource_forks_and_hidden_files_are_passed_over(name: str) -> None:
    assert expand_zip(_zip([name])) == []


@pytest.mark.parametrize("name", ["./x.json", "cvs/x.json", "cvs\\x.json", "/x.json"])
def test_ordinary_member_paths_are_read_by_their_file_name(name: str) -> None:
    [entry] = expand_zip(_zip([name]))
    assert (entry.name, entry.data, entry.error) == ("x.json", b"{}", None)
