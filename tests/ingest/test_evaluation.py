"""The comparison behind the import-quality figures scores what it should, and can fail."""

from __future__ import annotations

from typing import Any

import pytest

from tailorcv.resume.model import Resume
from tests.ingest.evaluation import (
    Recovery,
    combined,
    compare,
    contains,
    degree,
    round_trip,
    same_date,
    same_end,
    skill_key,
)

TRUTH: dict[str, Any] = {
    "source": "pdf/example.pdf",
    "basics": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0000"},
    "work": [
        {"company": "Google", "position": "Software Engineer", "start": "2019", "end": "present"},
        {"company": "Analytical Engines", "position": "Analyst", "start": "2015-02", "end": "2019"},
    ],
    "education": [{"institution": "University of London", "studyType": "BSc"}],
    "skills": ["Python", "Kubernetes", "SQL"],
}


def imported(**changes: Any) -> Resume:
    """A résumé that recovers TRUTH exactly, with ``changes`` applied to its dict form:
    ``work__1__name=None`` sets work[1].name, ``skills=[]`` a whole section."""
    data: dict[str, Any] = {
        "basics": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0000"},
        "work": [
            {"name": "Google", "position": "Software Engineer", "startDate": "2019-03"},
            {
                "name": "Analytical Engines",
                "position": "Analyst",
                "startDate": "2015-02",
                "endDate": "2019-01",
            },
        ],
        "education": [{"institution": "University of London", "studyType": "Bachelor of Science"}],
        "skills": [{"name": "Languages", "keywords": ["Python", "SQL"]}, {"name": "k8s"}],
    }
    for path, value in changes.items():
        section, index, key = (*path.split("__"), "", "")[:3]
        if index:
            data[section][int(index)][key] = value
        else:
            data[section] = value
    return Resume.model_validate(data)


def test_a_perfect_import_scores_one() -> None:
    result = compare(imported(), TRUTH)
    assert result.misses == []
    assert result.hits == result.total == 3 + 4 + 4 + 2 + 1
    assert result.share == 1.0


def test_an_imported_wrapper_is_read_through_its_resume() -> None:
    class Wrapper:
        resume = imported()

    assert compare(Wrapper(), TRUTH).share == 1.0  # type: ignore[arg-type]


def test_a_missing_company_costs_exactly_one_hit() -> None:
    perfect = compare(imported(), TRUTH)
    result = compare(imported(work__1__name=None), TRUTH)
    assert result.hits == perfect.hits - 1
    assert result.total == perfect.total
    assert [(m.field, m.expected, m.got) for m in result.misses] == [
        ("work[1].company", "Analytical Engines", "")
    ]
    assert result.kinds["company"] == [1, 2]


def test_company_and_position_ignore_case_punctuation_and_suffixes() -> None:
    result = compare(
        imported(work__0__name="GOOGLE INC.", work__0__position="software-engineer"), TRUTH
    )
    assert result.share == 1.0
    assert contains("Google", "Google Inc.")
    assert contains("Google Inc.", "Google")
    assert not contains("Go", "Google")
    assert not contains("", "Google")


def test_a_different_company_is_a_miss() -> None:
    result = compare(imported(work__0__name="Microsoft"), TRUTH)
    assert [m.field for m in result.misses] == ["work[0].company"]


def test_dates_compare_at_the_precision_of_the_truth() -> None:
    assert same_date("2019", "2019-03")
    assert same_date("2019-03", "2019-03-17")
    assert not same_date("2019-03", "2019-04")
    assert not same_date("2019-03", "2019")
    assert not same_date("2019", None)
    assert same_end("present", None)
    assert same_end("Present", None)
    assert not same_end("present", "2021-05")


def test_a_wrong_month_costs_the_start() -> None:
    result = compare(imported(work__1__startDate="2015-03"), TRUTH)
    assert [m.field for m in result.misses] == ["work[1].start"]


def test_an_ended_entry_does_not_match_present() -> None:
    result = compare(imported(work__0__endDate="2020"), TRUTH)
    assert [(m.field, m.got) for m in result.misses] == [("work[0].end", "2020")]


def test_a_missing_end_date_does_not_match_a_finished_job() -> None:
    result = compare(imported(work__1__endDate=None), TRUTH)
    assert [(m.field, m.got) for m in result.misses] == [("work[1].end", "(ongoing)")]


def test_entries_are_matched_whatever_their_order() -> None:
    resume = imported()
    resume.work.reverse()
    assert compare(resume, TRUTH).share == 1.0


def test_one_imported_entry_answers_for_one_truth_entry_only() -> None:
    resume = imported()
    resume.work = resume.work[:1]
    result = compare(resume, TRUTH)
    assert {m.field for m in result.misses} == {
        "work[1].company",
        "work[1].position",
        "work[1].start",
        "work[1].end",
    }


def test_a_missing_work_section_misses_every_work_field() -> None:
    result = compare(imported(work=[]), TRUTH)
    assert result.total - result.hits == 8


@pytest.mark.parametrize(
    ("study_type", "level"),
    [
        ("BSc", "bachelor"),
        ("B.S.", "bachelor"),
        ("BSc.", "bachelor"),
        ("Bachelor of Science", "bachelor"),
        ("Bachelor's in Computer Science", "bachelor"),
        ("MSc", "master"),
        ("M.S.", "master"),
        ("Master", "master"),
        ("Master of Business Administration", "master"),
        ("MBA", "master"),
        ("PhD", "doctorate"),
        ("Ph.D.", "doctorate"),
        ("Doctor of Philosophy", "doctorate"),
        ("High School Diploma", "high school diploma"),
    ],
)
def test_degrees_normalise_to_their_level(study_type: str, level: str) -> None:
    assert degree(study_type) == level


def test_a_degree_of_another_level_is_a_miss() -> None:
    result = compare(imported(education__0__studyType="Master of Science"), TRUTH)
    assert [m.field for m in result.misses] == ["education[0].studyType"]


def test_institutions_may_contain_each_other() -> None:
    result = compare(imported(education__0__institution="The University of London, UK"), TRUTH)
    assert result.share == 1.0


def test_name_email_and_phone() -> None:
    shouted = {"name": "ADA  LOVELACE", "email": "Ada@Example.com", "phone": "+44 (20) 79460000"}
    assert compare(imported(basics=shouted), TRUTH).share == 1.0
    result = compare(imported(basics={"name": "Ada", "phone": "020 7946 0000"}), TRUTH)
    assert sorted(m.field for m in result.misses) == ["basics.email", "basics.name", "basics.phone"]


def test_skills_are_found_among_names_and_keywords_after_canonicalising() -> None:
    assert skill_key("k8s") == skill_key("Kubernetes")
    assert skill_key("Node.js (MERN stack)") == skill_key("node.js")
    perfect = compare(imported(), TRUTH)
    result = compare(imported(skills=[{"name": "Python and SQL"}]), TRUTH)
    assert [(m.field, m.expected) for m in result.misses] == [("skills", "Kubernetes")]
    assert result.kinds["skills"] == [pytest.approx(2 / 3), 1]
    assert result.hits == pytest.approx(perfect.hits - 1 / 3)
    assert compare(imported(skills=[]), TRUTH).hits == perfect.hits - 1


def test_fields_the_truth_leaves_out_are_not_counted() -> None:
    truth = {"basics": {"name": "Ada Lovelace"}, "work": [{"company": "Google"}]}
    result = compare(imported(), truth)
    assert (result.hits, result.total) == (2, 2)


def test_recoveries_add_up() -> None:
    one = compare(imported(work__1__name=None), TRUTH)
    two = compare(imported(), TRUTH)
    both = combined([one, two])
    assert (both.hits, both.total) == (one.hits + two.hits, one.total + two.total)
    assert both.kinds["company"] == [3, 4]
    assert len(both.misses) == 1
    assert Recovery().share == 1.0


def test_round_trip_truth_is_what_a_template_shows() -> None:
    resume = Resume.model_validate(
        {
            "basics": {"name": "Ada Lovelace", "email": "ada@example.com"},
            "work": [
                {"name": "Google", "position": "Engineer", "startDate": "2019-03-15"},
                {"name": "Engines", "startDate": "2015", "endDate": "2019-01-02"},
                {"summary": "no name, position or date"},
            ],
            "education": [{"institution": "University of London", "studyType": "BSc"}],
            "skills": [{"name": "Languages", "keywords": ["Python", "SQL"]}, {"name": "Python"}],
        }
    )
    assert round_trip(resume) == {
        "basics": {"name": "Ada Lovelace", "email": "ada@example.com"},
        "work": [
            {"company": "Google", "position": "Engineer", "start": "2019-03", "end": "present"},
            {"company": "Engines", "start": "2015", "end": "2019-01"},
        ],
        "education": [{"institution": "University of London", "studyType": "BSc"}],
        "skills": ["Languages", "Python", "SQL"],
    }
    assert compare(resume, round_trip(resume)).share == 1.0
