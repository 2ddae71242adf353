"""The résumé's side of a match: what it claims, how long, at what level, on what terms."""

from __future__ import annotations

from datetime import date

import pytest

from tailorcv.match import analyse, profile, score
from tailorcv.resume import validate

TODAY = date(2026, 11, 1)
WORDS_THAT_ARE_SKILLS = ["Go", "Rust", "R", "C", "Swift", "Ruby", "Spring", "Spark", "Kafka"]
WORDS_THAT_ARE_SKILLS += ["Flask", "Excel"]


def test_anything_listed_in_the_skills_section_is_a_claimed_skill_whatever_the_word() -> None:
    resume = validate(
        {
            "basics": {"name": "Kim"},
            "skills": [{"name": "Languages", "keywords": WORDS_THAT_ARE_SKILLS}],
            "projects": [{"name": "Toy", "keywords": ["go", "Swift"]}],
        }
    ).resume
    found = profile.build(resume, TODAY).skills
    expected = {"Go", "Rust", "R", "C", "Swift", "Ruby", "Spring", "Apache Spark"}
    expected |= {"Apache Kafka", "Flask", "Microsoft Excel"}
    assert expected <= set(found)
    assert {t.path for t in found["Go"]} == {"skills[0].keywords[0]", "projects[0].keywords[0]"}


@pytest.mark.parametrize("item", ["Go, Rust", "Go / Rust", "Go (Golang); Rust"])
def test_a_listed_item_may_hold_several_skills(item: str) -> None:
    resume = validate({"skills": [{"name": "Backend", "keywords": [item]}]}).resume
    assert {"Go", "Rust"} <= set(profile.build(resume, TODAY).skills)


def test_the_same_words_in_a_sentence_still_need_context() -> None:
    resume = validate(
        {"work": [{"name": "Cafe", "highlights": ["Go to market with a swift spring launch."]}]}
    ).resume
    assert not {"Go", "Swift", "Spring"} & set(profile.build(resume, TODAY).skills)


def test_a_listed_skill_is_not_shown_as_missing() -> None:
    resume = validate({"skills": [{"name": "Languages", "keywords": ["Go", "Rust"]}]}).resume
    match = score(
        resume, analyse("Systems Engineer\n\nRequirements:\n- Go and Rust\n"), today=TODAY
    )
    assert {"Go", "Rust"} <= {s.name for s in match.matched}
    assert not {"Go", "Rust"} & {s.name for s in match.missing}


def test_arrangements_are_read_from_the_roles() -> None:
    resume = validate(
        {
            "work": [
                {"name": "Self", "position": "Freelance developer"},
                {"name": "Agency", "position": "Travel Nurse", "summary": "13-week contract"},
                {"name": "Clinic", "position": "Per diem RN"},
            ]
        }
    ).resume
    assert profile.build(resume, TODAY).arrangements == {"freelance", "contract", "part-time"}
    plain = validate({"work": [{"name": "Acme", "position": "Engineer"}]}).resume
    assert profile.build(plain, TODAY).arrangements == frozenset()
