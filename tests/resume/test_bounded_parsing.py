"""Every parse of a résumé document is bounded (issue 16): YAML aliases are refused, nesting stops
at ``MAX_DEPTH``, values at ``MAX_NODES``, text at ``MAX_BYTES``, YAML at ``PARSE_SECONDS``; and
the worst document within those bounds still parses within a second or two and 50 MB.

Each path runs in a forked child (``tests/resume/bombs.py``) that is timed, traced and killed
when it runs away, as every path did before the bounds: 473 bytes of aliases stored 6.9 MB.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tailorcv.errors import DocumentRefused, InvalidResume
from tailorcv.resume import dumps, read_file, read_text, validate
from tailorcv.resume.io import MAX_BYTES, PARSE_SECONDS, load_json, load_yaml
from tailorcv.resume.validate import MAX_DEPTH, MAX_NODES
from tests.resume.bombs import MB, measured, nested_data, nested_json, rendercv_bomb, yaml_bomb

BOMBS = {"jsonresume": yaml_bomb(), "rendercv": rendercv_bomb()}
# The worst documents within the bounds may take longer than a refusal, never unboundedly.
WITHIN_BOUNDS_SECONDS = 2.5 * PARSE_SECONDS


def test_the_bomb_is_the_size_of_the_issue() -> None:
    assert 400 < len(yaml_bomb().encode()) < 600


@pytest.mark.parametrize("fmt", BOMBS)
def test_a_yaml_alias_bomb_is_refused_by_read_text(fmt: str) -> None:
    cost = measured(lambda: read_text(BOMBS[fmt], source="bomb.yaml"))
    cost.assert_refused("DocumentRefused", "bomb.yaml", "alias (*a0)", "line 2", "write the value")


@pytest.mark.parametrize("fmt", BOMBS)
def test_a_yaml_alias_bomb_is_refused_by_read_file(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMBS[fmt])
    cost = measured(lambda: read_file(path))
    cost.assert_refused("DocumentRefused", "alias")


def test_one_alias_is_refused_and_the_message_says_what_to_do() -> None:
    text = "basics: {name: Ada, label: &role Engineer}\nwork: [{name: Co, position: *role}]\n"
    with pytest.raises(DocumentRefused) as refused:
        read_text(text, source="cv.yaml")
    assert refused.value.status == 422
    [problem] = refused.value.problems
    assert "a YAML alias (*role) at line 2, column 29" in problem.message
    assert "write the value out where it is used" in problem.message


def test_a_merge_key_is_an_alias_too() -> None:
    text = "base: &base {name: Co}\nbasics: {name: Ada}\nwork: [{<<: *base, position: Dev}]\n"
    with pytest.raises(DocumentRefused, match=r"alias \(\*base\)"):
        read_text(text)


def test_an_anchor_without_an_alias_is_harmless_and_read() -> None:
    basics = read_text("basics: &me {name: Ada}\n").resume.basics
    assert basics is not None
    assert basics.name == "Ada"


def test_an_undefined_alias_stays_a_syntax_error() -> None:
    """Text that only looks like an alias (``*Python``) is no bomb: it is the mistake it was."""
    with pytest.raises(InvalidResume, match="undefined alias") as raised:
        read_text("basics: {name: Ada}\nskills: *Python\n")
    assert type(raised.value) is InvalidResume


NESTED: dict[str, Callable[[int], object]] = {
    "json": lambda levels: load_json(nested_json(levels)),
    "json scanned": lambda levels: load_json(nested_json(levels) + " " * 2 * MAX_NODES),
    "yaml": lambda levels: load_yaml(nested_json(levels)),  # JSON is YAML's flow style
    "validate": lambda levels: validate(nested_data(levels)),
}


@pytest.mark.parametrize("path", NESTED)
def test_nesting_stops_at_max_depth(path: str) -> None:
    NESTED[path](MAX_DEPTH - 1)  # the document and MAX_DEPTH - 1 levels inside it: accepted
    with pytest.raises(DocumentRefused, match=f"nested deeper than {MAX_DEPTH} levels"):
        NESTED[path](MAX_DEPTH)


@pytest.mark.parametrize("levels", [500, 5_000, 500_000])
def test_json_nested_hundreds_of_thousands_deep_is_refused_not_a_recursion_error(
    levels: int,
) -> None:
    """500 levels failed to serialise, 5,000 hit Python's recursion limit: both were a 500."""
    cost = measured(lambda: read_text(nested_json(levels), source="deep.json"))
    cost.assert_refused("DocumentRefused", "deep.json", f"nested deeper than {MAX_DEPTH} levels")


def test_the_deepest_resume_allowed_is_written_back() -> None:
    """What reading accepts, writing writes: 300 levels read, then failed to serialise (a 500)."""
    loaded = read_text(nested_json(MAX_DEPTH - 1))
    assert json.loads(dumps(loaded.resume)) == json.loads(nested_json(MAX_DEPTH - 1))


TOO_MANY: dict[str, Callable[[], object]] = {
    "json": lambda: load_json("[" + ",".join(["1"] * MAX_NODES) + "]"),
    "json of empty lists": lambda: load_json("[" + ",".join(["[]"] * 1_600_000) + "]"),
    "yaml": lambda: load_yaml("".join(f"k{i}: v\n" for i in range(MAX_NODES // 2 + 1))),
    "validate": lambda: validate({"basics": {"name": "A"}, "x": list(range(MAX_NODES))}),
}


@pytest.mark.parametrize("path", TOO_MANY)
def test_more_than_max_nodes_values_are_refused(path: str) -> None:
    """Refused after ``MAX_NODES`` values, not at once: YAML takes about a second (traced) to
    get there, so on a busy machine the clock (``PARSE_SECONDS``) may refuse it first."""
    cost = measured(TOO_MANY[path])
    assert cost.outcome == "DocumentRefused", cost
    assert f"more than {MAX_NODES:,} keys and values" in cost.message or (
        path == "yaml" and f"took longer than {PARSE_SECONDS:g} s" in cost.message
    ), cost
    cost.assert_cheap(WITHIN_BOUNDS_SECONDS)


def test_text_over_max_bytes_is_refused_before_parsing() -> None:
    text = '{"basics": {"name": "' + "x" * MAX_BYTES + '"}}'
    with pytest.raises(DocumentRefused, match="characters; a résumé document may have"):
        read_text(text)


def _worst_json_strings() -> str:
    return json.dumps(["x" * 100] * (MAX_NODES - 1))  # 5 MB, every value a string


def _worst_json_unicode() -> str:
    return json.dumps({"basics": {"name": "😀" * (MAX_BYTES // 4)}}, ensure_ascii=False)


def _worst_yaml() -> str:
    entry = "- {name: Co, position: Engineer, summary: Did things}\n"
    return "basics: {name: A}\nwork:\n" + entry * (MAX_NODES // 9)


WORST: dict[str, Callable[[], str]] = {
    "json strings": _worst_json_strings,
    "json unicode": _worst_json_unicode,
    "yaml entries": _worst_yaml,
    "unterminated json string": lambda: '"' + '\\"' * (MAX_BYTES // 2 - 1),
    "yaml digits": lambda: "a: " + "1" * (MAX_BYTES - 3),
    "yaml number of 5,000 digits": lambda: "a: " + "1" * 5000,
    "json number of 5,000 digits": lambda: '{"a": ' + "1" * 5000 + "}",
}


@pytest.mark.parametrize("name", WORST)
def test_the_worst_text_within_the_bounds_costs_little(name: str) -> None:
    """Read or refused, never unbounded: what the bounds let through stays cheap."""
    text = WORST[name]()
    load = load_json if text.lstrip().startswith(("{", "[", '"')) else load_yaml
    cost = measured(lambda: load(text))
    assert cost.outcome in ("ok", "InvalidResume", "DocumentRefused"), cost
    cost.assert_cheap(WITHIN_BOUNDS_SECONDS, growth=50 * MB)


def test_a_json_number_too_long_for_python_is_a_problem_not_a_crash() -> None:
    """``int()`` refuses 4,301 digits with a ValueError, which escaped as a 500."""
    with pytest.raises(InvalidResume, match="longer than 4,300 digits cannot be read; put it"):
        read_text('{"basics": {"name": "A"}, "n": ' + "7" * 5000 + "}")


def test_long_plain_yaml_text_is_text() -> None:
    """No number is 2,000 digits long; reading it as one backtracked for seconds over 5 MB."""
    digits = "1" * 2000
    assert load_yaml(f"a: {digits}\nb: 12\n") == {"a": digits, "b": 12}


def test_yaml_still_keeps_dates_as_text_and_refuses_unsafe_tags() -> None:
    assert load_yaml("d: 2025-13-01\n") == {"d": "2025-13-01"}
    with pytest.raises(InvalidResume, match="constructor"):
        load_yaml("x: !!python/object/apply:os.system ['true']\n")
