"""Each capability's public entry points are exactly the names in its ``__all__``."""

from __future__ import annotations

import importlib

import pytest

PUBLIC = {
    "tailorcv.resume": {
        "Loaded",
        "Resume",
        "Validated",
        "dumps",
        "load",
        "read_file",
        "read_text",
        "to_dict",
        "validate",
    },
    "tailorcv.render": {
        "FORMATS",
        "Template",
        "build_view",
        "count_pages",
        "get_template",
        "list_templates",
        "render",
    },
    "tailorcv.match": {
        "JobAnalysis",
        "Match",
        "Mention",
        "Part",
        "Skill",
        "SkillAsk",
        "SkillMatch",
        "Taxonomy",
        "analyse",
        "profile",
        "score",
        "taxonomy",
    },
    "tailorcv.skills": {"Mention", "Skill", "Taxonomy", "taxonomy"},
    "tailorcv.tailor": {"Change", "Tailored", "Violation", "guard", "offline"},
    "tailorcv.ingest": {
        "Document",
        "Finding",
        "Imported",
        "Limits",
        "Line",
        "Readback",
        "check_size",
        "compare",
        "extract",
        "extract_path",
        "parse",
        "read",
        "read_path",
        "readback",
    },
    "tailorcv.store": {
        "BlobStore",
        "DatabaseUnavailable",
        "LocalBlobStore",
        "blob_store",
        "check",
        "make_engine",
        "make_sessions",
        "migrate",
    },
    "tailorcv.service": {"Caller", "Runtime", "build_runtime", "runtime_for"},
}


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_all_lists_the_public_api(module: str) -> None:
    imported = importlib.import_module(module)
    assert set(imported.__all__) == PUBLIC[module]
    for name in imported.__all__:
        assert hasattr(imported, name), f"{module}.{name} is listed but missing"


def test_match_re_exports_the_skills_taxonomy_itself() -> None:
    """The taxonomy moved below ``ingest`` (issue 17); ``tailorcv.match`` still offers it."""
    match = importlib.import_module("tailorcv.match")
    skills = importlib.import_module("tailorcv.skills")
    for name in skills.__all__:
        assert getattr(match, name) is getattr(skills, name)
