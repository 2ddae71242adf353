"""The offline suggestions (POST /api/v1/suggestions without a model) talk about each bullet:
no sentence repeated, no advice to add a number that is already there, a sensible few (issue 15).
"""

from __future__ import annotations

import pytest

from tailorcv.match import analyse
from tailorcv.resume import validate
from tailorcv.resume.model import Resume
from tailorcv.tailor.llm.suggest import MAX_OFFLINE, Suggestion, weak_bullets

JOB = analyse("Backend Engineer\n\nRequirements:\n- Python\n- Kafka\n- PostgreSQL\n")
# Bullets that already state an amount, in digits, in words or as a ratio.
MEASURED = [
    "Cut cloud costs by 30% by moving batch jobs to spot instances.",
    "Mentored four engineers; two were promoted.",
    "Wrote the on-call runbooks; paging incidents fell by half.",
    "Ran a dozen services on Kubernetes.",
    "Grew the newsletter to twelve thousand readers.",
]
UNMEASURED = [
    "Built the returns service in Python.",
    "Developed Django applications for municipal customers.",
    "Responsible for the billing database.",
    "Improved checkout latency with caching in Redis.",
    "Trained new volunteers on animal care.",
    "Organized fundraising events for the shelter.",
    "We maintained various internal tools.",
    "Successfully launched the partner portal.",
    "Designed the event schema for Kafka consumers.",
    "Replaced the nightly export with streaming on Kafka.",
    "Wrote integration tests for the payments API.",
    "Implemented the search page for the help centre.",
    "Kafka",
]


def resume(*roles: list[str]) -> Resume:
    work = [
        {"name": f"Company {chr(65 + i)}", "position": "Engineer", "highlights": bullets}
        for i, bullets in enumerate(roles)
    ]
    return validate({"basics": {"name": "Ann"}, "work": work}).resume


def lines(found: list[Suggestion]) -> list[str]:
    return [line for s in found for line in s.why]


@pytest.fixture
def found() -> list[Suggestion]:
    return weak_bullets(resume(MEASURED[:3] + UNMEASURED[:7], MEASURED[3:] + UNMEASURED[7:]), JOB)


def test_at_most_a_few_suggestions_are_made(found: list[Suggestion]) -> None:
    assert len(UNMEASURED) > MAX_OFFLINE == 8
    assert len(found) == MAX_OFFLINE


def test_no_two_reasons_are_the_same(found: list[Suggestion]) -> None:
    assert len(set(lines(found))) == len(lines(found))


def test_each_suggestion_speaks_of_its_own_bullet(found: list[Suggestion]) -> None:
    for suggestion in found:
        opening = " ".join(suggestion.bullet.split()[:2]).rstrip(".")
        assert any(opening in line for line in suggestion.why), suggestion


def test_a_bullet_with_a_number_is_never_told_to_add_one() -> None:
    found = weak_bullets(resume(MEASURED), JOB)
    assert found == []


def test_the_question_a_number_would_answer_names_what_the_bullet_names() -> None:
    found = {s.bullet: " ".join(s.why) for s in weak_bullets(resume(UNMEASURED[:6]), JOB)}
    assert "how many municipal customers?" in found[UNMEASURED[1]]
    assert "by how much did checkout latency change" in found[UNMEASURED[3]]
    assert "how many volunteers?" in found[UNMEASURED[4]]
    assert "how many fundraising events" in found[UNMEASURED[5]]


def test_a_bullet_written_twice_is_suggested_once() -> None:
    twice = "Built the returns service in Python."
    found = weak_bullets(resume([twice], [twice]), JOB)
    assert [s.path for s in found] == ["work[0].highlights[0]"]


@pytest.mark.parametrize(
    "alike",
    [
        [
            "Built the internal tooling for the billing team in Python.",
            "Built the internal tooling for the support team in Python.",
        ],
        ["Kept various systems up.", "Kept various systems up, daily."],
    ],
)
def test_bullets_that_read_alike_still_get_their_own_words(alike: list[str]) -> None:
    found = weak_bullets(resume(alike), JOB)
    assert len(found) == 2
    assert len(set(lines(found))) == len(lines(found))


def test_the_jobs_skill_shown_elsewhere_in_a_role_is_pointed_out_once() -> None:
    role = [
        "Cut build times by 40% with caching in Python.",
        "Built the returns service.",
        "Wrote the partner portal.",
    ]
    found = weak_bullets(resume(role, ["Built the refunds service."]), JOB)
    pointers = [line for line in lines(found) if "the job asks for" in line]
    assert pointers == [
        "the job asks for Python, which your Company A role shows in another bullet; if this "
        "work used it too, say so here"
    ]


@pytest.mark.parametrize(
    ("bullet", "reason"),
    [
        ("Responsible for the billing database.", "“Responsible for”, a duty"),
        ("We maintained various internal tools.", "opens with “We”"),
        ("Maintained various internal tools.", "“various internal tools” is vague"),
        ("Successfully launched the partner portal.", "“Successfully launched” says less"),
        ("Kafka", "“Kafka” names a skill, not work"),
    ],
)
def test_each_weakness_quotes_the_words_that_make_it(bullet: str, reason: str) -> None:
    (found,) = weak_bullets(resume([bullet]), JOB)
    assert any(reason in line for line in found.why), found.why


def test_the_example_resume_gets_its_unmeasured_bullets_only(source: Resume) -> None:
    """The example's "four engineers" and "fell by half" are amounts; its two bullets without one
    are the suggestions."""
    found = weak_bullets(source, analyse("Engineer\n\nRequirements:\n- Go\n"))
    assert [s.path for s in found] == ["work[1].highlights[1]", "work[2].highlights[0]"]
