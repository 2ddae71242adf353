"""A résumé keeps no NUL character (U+0000), wherever it came from (issue 16): no database text
column can store one, and a reader drops it as any reader would."""

from __future__ import annotations

import json
from typing import Any

from tailorcv.resume import read_text, to_dict, validate
from tailorcv.resume.model import Resume, without_nul


def test_every_string_of_a_document_loses_its_nul_keys_and_unknown_fields_included() -> None:
    document: dict[str, Any] = {
        "basics": {"name": "Ada\x00 Lovelace", "profiles": [{"network": "Git\x00Hub"}]},
        "work": [{"name": "Acme", "startDate": "2019-01\x00", "highlights": ["Led\x00", "x"]}],
        "x-notes\x00": {"deep\x00": ["still\x00 text", 3, None, True]},
    }
    resume = Resume.model_validate(document)
    dumped = json.dumps(resume.model_dump(by_alias=True, mode="json"))
    assert "\\u0000" not in dumped
    assert resume.basics.name == "Ada Lovelace"
    assert resume.basics.profiles[0].network == "GitHub"
    assert resume.work[0].start_date == "2019-01"
    assert resume.work[0].highlights == ["Led", "x"]
    assert getattr(resume, "x-notes") == {"deep": ["still text", 3, None, True]}


def test_a_nul_at_either_end_leaves_no_space_behind() -> None:
    assert Resume.model_validate({"basics": {"label": " Engineer \x00"}}).basics.label == "Engineer"


def test_validate_and_read_text_give_documents_without_nul() -> None:
    escaped = json.dumps({"basics": {"name": "Ada\x00"}, "skills": [{"keywords": ["Py\x00"]}]})
    for resume in (validate(json.loads(escaped)).resume, read_text(escaped).resume):
        assert "\x00" not in json.dumps(to_dict(resume), ensure_ascii=False)
    yaml_escape = 'basics:\n  name: "Ada\\0 Lovelace"\n'
    assert read_text(yaml_escape).resume.basics.name == "Ada Lovelace"


def test_without_nul_returns_what_needs_no_change_as_it_is() -> None:
    text = "no NUL here"
    assert without_nul(text) is text
    assert without_nul(7) == 7
    assert without_nul({"a\x00": ["b\x00", {"c": "\x00"}]}) == {"a": ["b", {"c": ""}]}
