"""Importing JSON and YAML is bounded like PDFs (issue 16): the bounded parser refuses a YAML
alias bomb or a deep document at once, detection included, and the whole read runs in the import
sandbox, under its time and memory limits, as the README promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tailorcv.errors import InvalidResume, ParseTimeout
from tailorcv.ingest import Limits, read, read_path
from tailorcv.ingest.detect import detect
from tailorcv.resume.validate import MAX_DEPTH
from tests.conftest import EXAMPLES
from tests.resume.bombs import measured, nested_json, rendercv_bomb, yaml_bomb

RESUME = (EXAMPLES / "resume.json").read_bytes()


@pytest.mark.parametrize("bomb", [yaml_bomb(), rendercv_bomb()], ids=["jsonresume", "rendercv"])
def test_an_imported_yaml_bomb_is_refused(bomb: str) -> None:
    cost = measured(lambda: read(bomb.encode(), "bomb.yaml"))
    cost.assert_refused("DocumentRefused", "alias (*a0)", "write the value out")


def test_a_yaml_bomb_on_disk_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(yaml_bomb())
    cost = measured(lambda: read_path(path))
    cost.assert_refused("DocumentRefused", str(path), "alias")


def test_detection_refuses_a_yaml_bomb_instead_of_reading_it_as_text() -> None:
    """Detection parses YAML to tell it from text; it did so with no bound, in the web process
    for each batch member."""
    cost = measured(lambda: detect(yaml_bomb().encode()))
    cost.assert_refused("DocumentRefused", "alias")


@pytest.mark.parametrize(
    "text", ["Name: Ada\nSkills: *Python* and Go\n", "Name: Ada\nSkills: *Python\n"]
)
def test_text_with_a_star_is_still_text(text: str) -> None:
    assert detect(text.encode()) == "text"


def test_an_imported_deep_json_is_refused() -> None:
    cost = measured(lambda: read(nested_json(600).encode(), "deep.json"))
    cost.assert_refused("DocumentRefused", f"nested deeper than {MAX_DEPTH} levels")


def test_a_json_import_is_read_in_the_sandbox() -> None:
    """Read in process, it ignored the time limit; in the sandbox, no child answers in 0.1 ms.
    The résumé is a long one (some 40,000 values, still within the bounds), so that a child
    forked while the machine is busy cannot have answered before the parent starts waiting."""
    doc = json.loads(RESUME)
    doc["work"] = [dict(doc["work"][0], highlights=[f"Did thing {n}."] * 400) for n in range(90)]
    with pytest.raises(ParseTimeout):
        read(json.dumps(doc).encode(), "cv.json", limits=Limits(seconds=0.0001))


def test_an_import_keeps_its_problems_across_the_sandbox() -> None:
    with pytest.raises(InvalidResume) as raised:
        read(json.dumps({"basics": {"name": "Ada"}, "work": "everywhere"}).encode(), "cv.json")
    assert [p.path for p in raised.value.problems] == ["work"]
    assert raised.value.source == "cv.json"


def test_a_json_import_still_reads() -> None:
    imported = read(RESUME, "cv.json")
    assert imported.format == "jsonresume"
    assert imported.resume.basics is not None
    assert imported.resume.basics.name == "Maya Lindqvist"
