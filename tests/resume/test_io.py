"""Reading and writing résumé files: lossless round trips and clear refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tailorcv.errors import InputNotFound, InvalidResume, UnsupportedFormat
from tailorcv.resume import dumps, load, read_file, read_text, to_dict, validate
from tailorcv.resume.io import MAX_BYTES, parse_document
from tests.conftest import corpus_files

DATA = Path(__file__).parent / "data"
FIXTURES = sorted(DATA.glob("*.json")) + sorted(DATA.glob("*.yaml"))
CORPUS = (
    list(corpus_files("json_resume", "*.json"))
    + corpus_files("ground_truth", "fresh-*-valid.json")
    + corpus_files("pdf", "reactive-resume-*.json")
    + [p for p in corpus_files("rendercv", "*.yaml") if "FRAGMENT" not in p.name]
)


@pytest.mark.parametrize("path", CORPUS + FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_round_trip_is_lossless(path: Path, fmt: str) -> None:
    """read → dumps → read_text gives the same document, whatever format it came from."""
    first = read_file(path).resume
    again = read_text(dumps(first, fmt))
    assert again.format == "jsonresume"
    assert to_dict(again.resume) == to_dict(first)
    assert again.warnings == []


def test_unknown_fields_survive_at_every_level() -> None:
    source = json.loads((DATA / "jsonresume-unknown-fields.json").read_text(encoding="utf-8"))
    written = json.loads(dumps(load(DATA / "jsonresume-unknown-fields.json")))
    assert written == source
    assert written["basics"]["location"]["district"] == "Lend"
    assert written["work"][0]["x-team"] == {"size": 5, "tags": ["core"]}


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"basics": {"summary": "' + "x" * (6 * 1024 * 1024) + '"}}', encoding="utf-8")
    assert big.stat().st_size > MAX_BYTES
    with pytest.raises(UnsupportedFormat, match="larger than 5 MB"):
        read_file(big)


def test_a_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound, match="no such file"):
        read_file(tmp_path / "nothing.json")


def test_a_file_that_is_not_utf8_is_unsupported(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"basics": {"name": "Zoë"}}'.encode("latin-1"))
    with pytest.raises(UnsupportedFormat, match="not UTF-8"):
        read_file(latin)


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    bom = tmp_path / "bom.json"
    bom.write_bytes('{"basics": {"name": "Zoë"}}'.encode("utf-8-sig"))
    assert load(bom).basics.name == "Zoë"


def test_impossible_yaml_dates_reach_validation() -> None:
    """PyYAML's timestamp resolver would raise on 2025-13-01; the loader keeps it as text."""
    assert parse_document("date: 2025-13-01\nother: 2025-01-05\n") == {
        "date": "2025-13-01",
        "other": "2025-01-05",
    }
    with pytest.raises(InvalidResume, match=r"awards\[0\]\.date: not a date: month 13"):
        read_text("awards:\n  - date: 2025-13-01\n")


def test_yaml_syntax_errors_name_the_line() -> None:
    with pytest.raises(InvalidResume, match="YAML syntax error at line 2"):
        read_text("basics:\n  name: a: b\n")


@pytest.mark.parametrize("text", ["[]", '["a", "b"]', '"just text"', "- a\n- b\n", "42"])
def test_a_list_or_scalar_at_the_top_is_invalid(text: str) -> None:
    with pytest.raises(InvalidResume, match="a résumé is an object"):
        read_text(text)


def test_an_empty_object_is_an_empty_resume() -> None:
    loaded = read_text("{}")
    assert to_dict(loaded.resume) == {}
    assert loaded.warnings == []


def test_dumps_refuses_other_formats() -> None:
    with pytest.raises(UnsupportedFormat, match="use json or yaml"):
        dumps(read_text("{}").resume, "xml")


def test_strict_reading_reports_nulls() -> None:
    text = '{"basics": {"name": null}}'
    assert read_text(text).warnings[0].path == "basics.name"
    with pytest.raises(InvalidResume, match=r"basics\.name: null"):
        read_text(text, strict=True)


# Text as JSON Resume keeps it: no surrounding whitespace (the model strips it).
_TEXT = st.text(
    st.characters(categories=("L", "N", "P", "S"), exclude_characters="\x85"), min_size=1
) | st.sampled_from(["Zoë", "C++", "2020", "true", "null", "R&D <ops>", "日本語"])


def _iso(year: int, month: int, day: int) -> str:
    """A partial date as JSON Resume writes it; 0 leaves the month or day out."""
    parts = [f"{year:04d}", f"{month:02d}" if month else "", f"{day:02d}" if month and day else ""]
    return "-".join(p for p in parts if p)


_DATE = st.builds(_iso, st.integers(1950, 2030), st.integers(0, 12), st.integers(0, 28))
_EXTRA = st.dictionaries(
    st.from_regex(r"x-[a-z]{1,8}", fullmatch=True),
    st.recursive(
        st.booleans() | st.integers(-1000, 1000) | _TEXT,  # null means absent, even here
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
        max_leaves=6,
    ),
    max_size=2,
)


def _entry(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An entry with any subset of ``fields``, plus unknown fields."""
    return st.builds(
        lambda known, extra: {**known, **extra},
        st.fixed_dictionaries({}, optional=fields),
        _EXTRA,
    )


_RESUMES = st.fixed_dictionaries(
    {
        "basics": _entry(
            name=_TEXT,
            label=_TEXT,
            email=_TEXT,
            location=_entry(city=_TEXT, countryCode=_TEXT),
            profiles=st.lists(_entry(network=_TEXT, url=_TEXT), max_size=2),
        )
    },
    optional={
        "work": st.lists(
            _entry(
                name=_TEXT,
                position=_TEXT,
                startDate=_DATE,
                endDate=_DATE,
                highlights=st.lists(_TEXT, max_size=3),
            ),
            max_size=3,
        ),
        "education": st.lists(
            _entry(institution=_TEXT, score=_TEXT, courses=st.lists(_TEXT)), max_size=2
        ),
        "skills": st.lists(_entry(name=_TEXT, keywords=st.lists(_TEXT, max_size=4)), max_size=3),
        "awards": st.lists(_entry(title=_TEXT, date=_DATE), max_size=2),
        "projects": st.lists(_entry(name=_TEXT, roles=st.lists(_TEXT), url=_TEXT), max_size=2),
        "meta": _entry(template=_TEXT, locale=_TEXT),
        "x-top": _EXTRA,
    },
)


@settings(max_examples=150, deadline=None)
@given(_RESUMES)
def test_any_valid_document_round_trips(document: dict[str, Any]) -> None:
    assert to_dict(validate(document, strict=True).resume) == document
    for fmt in ("json", "yaml"):
        assert to_dict(read_text(dumps(validate(document).resume, fmt)).resume) == document
