"""Offline tailoring only helps (issue 15): it never lowers the score, keeps the strongest
bullets, trims any section to fit the page, and writes a summary sentence that never contradicts
the person."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tailorcv.match import analyse
from tailorcv.match.analyse import WORD_NUMBERS
from tailorcv.resume import read_file, to_dict, validate
from tailorcv.resume.model import Resume
from tailorcv.tailor import Tailored, guard, offline
from tests.conftest import EXAMPLES, corpus_files, corpus_path
from tests.tailor.test_offline import ads, resumes

TODAY = date(2026, 11, 1)
EXAMPLE = validate(json.loads((EXAMPLES / "resume.json").read_text())).resume
EXAMPLE_JOB = analyse((EXAMPLES / "job.txt").read_text())
PLATFORM_JOB = analyse(
    "Platform Engineer\n\nRequirements:\n- Kubernetes\n- Python\n\nNice to have:\n- Terraform\n"
)
_YEARS = re.compile(r"\b(\d+|" + "|".join(WORD_NUMBERS) + r")\+?[\s-]*years?\b", re.I)


def resume(**sections: Any) -> Resume:
    doc: dict[str, Any] = {"basics": {"name": "Pat Doe", "label": "Platform Engineer"}}
    doc.update(sections)
    return validate(doc).resume


def added_line(result: Tailored, source: Resume) -> str:
    """The sentence tailoring put before the person's own summary ('' when none)."""
    summary = result.resume.basics.summary or ""
    own = source.basics.summary or ""
    assert summary.endswith(own)
    return summary[: len(summary) - len(own)].strip()


def years_stated(text: str) -> set[int]:
    return {int(WORD_NUMBERS.get(n.lower(), n)) for n in _YEARS.findall(text)}


def dropped(result: Tailored) -> list[str]:
    return [c.path for c in result.changes if c.kind == "dropped"]


# --- 1. never lower the score ----------------------------------------------------------------

JOBS = [
    *corpus_files("jobs", "*.txt", "*.md", "*.job.json"),
    EXAMPLES / "job.txt",
]
RESUMES = [*corpus_files("json_resume", "*.json"), EXAMPLES / "resume.json"]


def test_the_corpus_for_the_score_property_is_present() -> None:
    assert corpus_path("json_resume").is_dir()
    assert corpus_path("jobs").is_dir()


@pytest.mark.parametrize("path", RESUMES, ids=lambda p: p.name)
def test_tailoring_never_lowers_the_score_for_any_ad(path: Path) -> None:
    source = read_file(path).resume
    lowered = []
    for ad in JOBS:
        job = analyse(ad.read_text())
        result = offline(source, job, today=TODAY)
        if result.after.score < result.before.score:
            lowered.append(f"{ad.name}: {result.before.score} → {result.after.score}")
        assert guard(source, result.resume, today=TODAY) == [], ad.name
    assert lowered == []


def test_a_summary_line_that_would_cost_points_is_left_out() -> None:
    """A summary near 400 characters: one more line makes the readability part fail."""
    own = "Engineer who runs Kubernetes and Python services for a living. " * 6
    source = resume(
        basics={"name": "Pat", "label": "Platform Engineer", "summary": own.strip()},
        work=[
            {
                "name": "Acme",
                "position": "Platform Engineer",
                "startDate": "2019-01",
                "highlights": ["Ran 40 Kubernetes clusters", "Wrote Python tooling"],
            }
        ],
        education=[{"institution": "KTH", "studyType": "BSc", "area": "Computer Science"}],
        skills=[{"name": "Tools", "keywords": ["Kubernetes", "Python", "Terraform"]}],
    )
    result = offline(source, PLATFORM_JOB, today=TODAY)
    assert result.after.score >= result.before.score
    assert result.resume.basics.summary == source.basics.summary


def test_when_nothing_helps_the_resume_is_kept_and_the_note_says_so() -> None:
    source = resume(
        basics={
            "name": "Pat",
            "label": "Platform Engineer",
            "summary": "Platform engineer working in Kubernetes and Python, with Terraform.",
        },
        work=[{"name": "Acme", "position": "Platform Engineer", "highlights": ["Ran Kubernetes"]}],
    )
    result = offline(source, PLATFORM_JOB, today=TODAY)
    assert to_dict(result.resume) == to_dict(source)
    assert result.changes == []
    assert any("nothing changed" in note for note in result.notes)


# --- 2. keep the strongest bullets -----------------------------------------------------------

FINANCE = resume(
    basics={"name": "Sam", "label": "Finance Manager"},
    work=[
        {
            "name": "Northwind",
            "position": "Finance Manager",
            "startDate": "2018-01",
            "highlights": [
                "Attended the weekly planning meetings",
                "Led the $18M Series A data room",
                "Kept 99.97% uptime over 3 years",
                "Used Excel for the monthly close",
            ],
        }
    ],
    projects=[{"name": "Garden club website", "description": "A site for the local garden club"}],
    awards=[{"title": "Employee of the month", "awarder": "Northwind"}],
    publications=[{"name": "Notes on gardening", "publisher": "Self"}],
)
FINANCE_JOB = analyse("Financial Analyst\n\nRequirements:\n- Excel\n- financial modelling\n")


def items(r: Resume) -> int:
    return sum(len(w.highlights) for w in r.work) + len(r.projects + r.awards + r.publications)


def test_quantified_bullets_come_before_unquantified_ones_of_equal_relevance() -> None:
    result = offline(FINANCE, FINANCE_JOB, today=TODAY)
    bullets = result.resume.work[0].highlights
    assert bullets.index("Led the $18M Series A data room") < bullets.index(
        "Attended the weekly planning meetings"
    )
    assert bullets.index("Kept 99.97% uptime over 3 years") < bullets.index(
        "Attended the weekly planning meetings"
    )


def test_quantified_bullets_outlast_unrelated_projects_awards_and_publications() -> None:
    result = offline(
        FINANCE, FINANCE_JOB, pages=1, count_pages=lambda r: 1 + items(r) // 5, today=TODAY
    )
    assert result.pages == 1
    kept = result.resume.work[0].highlights
    assert "Led the $18M Series A data room" in kept
    assert "Kept 99.97% uptime over 3 years" in kept
    assert len(dropped(result)) == 3
    assert not result.resume.awards or not result.resume.publications or not result.resume.projects


# --- 3. fit the page across all sections -----------------------------------------------------

WIDE = resume(
    work=[
        {
            "name": "Acme",
            "position": "Platform Engineer",
            "startDate": "2020-01",
            "highlights": ["Ran 40 Kubernetes clusters", "Cut cloud costs by 30% with Terraform"],
        },
        {
            "name": "Initech",
            "position": "Engineer",
            "startDate": "2016-01",
            "endDate": "2019-12",
            "highlights": ["Built Python services for 2M users"],
        },
    ],
    volunteer=[
        {"organization": "Code Club", "position": "Mentor", "highlights": ["Taught children"]}
    ],
    education=[
        {
            "institution": "KTH",
            "studyType": "BSc",
            "area": "Computer Science",
            "courses": ["Medieval poetry", "Operating systems"],
        }
    ],
    projects=[{"name": "Sourdough log", "description": "A diary of bread"}],
    awards=[{"title": "Chess club champion"}],
    certificates=[{"name": "Food hygiene", "issuer": "City council"}],
    interests=[{"name": "Birdwatching"}],
    references=[{"name": "Alex", "reference": "Available on request"}],
    skills=[{"name": "Tools", "keywords": ["Kubernetes", "Python", "Terraform"]}],
)


def everything(r: Resume) -> int:
    bullets = [h for role in [*r.work, *r.volunteer] for h in role.highlights]
    courses = [c for school in r.education for c in school.courses]
    entries = [*r.projects, *r.awards, *r.certificates, *r.interests, *r.references]
    return len(bullets) + len(courses) + len(entries)


def test_the_page_is_fitted_from_every_section_before_a_roles_strong_bullets() -> None:
    result = offline(
        WIDE, PLATFORM_JOB, pages=1, count_pages=lambda r: 1 + everything(r) // 6, today=TODAY
    )
    assert result.pages == 1
    assert [len(w.highlights) for w in result.resume.work] == [2, 1]
    gone = dropped(result)
    assert {"projects[0]", "awards[0]", "certificates[0]", "interests[0]", "references[0]"} <= set(
        gone
    )
    assert all(c.why for c in result.changes if c.kind == "dropped")
    assert guard(WIDE, result.resume, today=TODAY) == []


def test_every_role_keeps_a_bullet_however_tight_the_budget() -> None:
    result = offline(
        WIDE, PLATFORM_JOB, pages=1, count_pages=lambda r: 1 + everything(r) // 4, today=TODAY
    )
    assert result.pages == 1
    roles = [*result.resume.work, *result.resume.volunteer]
    assert all(len(role.highlights) >= 1 for role in roles)


def test_a_resume_that_fits_is_not_trimmed_to_make_room_for_the_summary_line() -> None:
    own = EXAMPLE.basics.summary
    result = offline(
        EXAMPLE,
        EXAMPLE_JOB,
        pages=1,
        count_pages=lambda r: 1 if r.basics.summary == own else 2,
        today=TODAY,
    )
    assert result.pages == 1
    assert dropped(result) == []
    assert result.resume.basics.summary == own


def test_a_trim_that_costs_points_says_what_it_cost() -> None:
    """Go is named only by a project; the budget leaves no room for projects."""
    source = resume(
        work=[
            {
                "name": "Acme",
                "position": "Platform Engineer",
                "highlights": ["Ran Kubernetes with Terraform", "Wrote Python", "Filed reports"],
            }
        ],
        projects=[{"name": "gotools", "description": "Command-line tools", "keywords": ["Go"]}],
    )
    job = analyse("Platform Engineer\n\nRequirements:\n- Kubernetes\n- Python\n- Terraform\n- Go\n")
    result = offline(
        source,
        job,
        pages=1,
        count_pages=lambda r: 2 if r.projects else 1,
        today=TODAY,
    )
    assert result.pages == 1
    assert "projects[0]" in dropped(result)
    assert result.after.score < result.before.score
    note = " ".join(result.notes)
    assert f"{result.before.score:g}" in note
    assert f"{result.after.score:g}" in note


# --- 4. a summary that reads as a sentence and never contradicts the person ------------------


def test_a_summary_that_states_its_years_is_not_contradicted() -> None:
    """The example says "eight years" and its dates span ten: no "10 years" before it. It also
    names the role and the job's top skills already, so nothing is added."""
    result = offline(EXAMPLE, EXAMPLE_JOB, today=TODAY)
    assert result.resume.basics.summary == EXAMPLE.basics.summary


def test_the_summary_line_is_one_sentence_and_keeps_the_persons_figure() -> None:
    doc = json.loads((EXAMPLES / "resume.json").read_text())
    doc["basics"]["summary"] = "Eight years of building payment platforms."
    source = validate(doc).resume
    line = added_line(offline(source, EXAMPLE_JOB, today=TODAY), source)
    assert line.startswith("Senior Backend Engineer with ")
    assert line.endswith(".")
    assert line.count(".") == 1
    assert years_stated(line) <= {8}


@pytest.mark.parametrize(
    "own", ["Engineer with 7+ years of Python.", "Ten years of running Kubernetes."]
)
def test_the_summary_line_never_states_other_years_than_the_text(own: str) -> None:
    source = resume(
        basics={"name": "Pat", "label": "Platform Engineer", "summary": own},
        work=[
            {
                "name": "Acme",
                "position": "Platform Engineer",
                "startDate": "2014-01",
                "highlights": ["Ran Kubernetes for Python services"],
            }
        ],
    )
    result = offline(source, PLATFORM_JOB, today=TODAY)
    line = added_line(result, source)
    assert years_stated(line) <= years_stated(own)


def test_years_are_whole_years_of_the_dated_span_with_overlaps_once() -> None:
    """2019-01 to 2026-11 is 7 years 11 months: "7 years", not 8."""
    source = resume(
        work=[
            {
                "name": "Acme",
                "position": "Platform Engineer",
                "startDate": "2021-06",
                "highlights": ["Ran Kubernetes"],
            },
            {
                "name": "Initech",
                "position": "Engineer",
                "startDate": "2019-01",
                "endDate": "2021-08",
                "highlights": ["Wrote Python"],
            },
        ],
    )
    line = added_line(offline(source, PLATFORM_JOB, today=TODAY), source)
    assert line == "Platform Engineer with 7 years of experience in Kubernetes and Python."


def test_one_year_is_singular() -> None:
    source = resume(
        work=[
            {
                "name": "Acme",
                "position": "Platform Engineer",
                "startDate": "2025-06",
                "highlights": ["Ran Kubernetes with Python"],
            }
        ],
    )
    line = added_line(offline(source, PLATFORM_JOB, today=TODAY), source)
    assert "1 year of experience" in line


def test_a_summary_that_names_the_role_and_the_skills_gets_nothing_added() -> None:
    own = "Platform engineer who runs Kubernetes and writes Python every day."
    source = resume(
        basics={"name": "Pat", "label": "Platform Engineer", "summary": own},
        work=[{"name": "Acme", "position": "Platform Engineer", "highlights": ["Ran Kubernetes"]}],
    )
    result = offline(source, PLATFORM_JOB, today=TODAY)
    assert result.resume.basics.summary == own
    assert not any(c.kind == "summary" for c in result.changes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=resumes, ad=ads)
def test_over_generated_resumes_the_score_never_falls(doc: dict[str, Any], ad: str) -> None:
    source = validate(doc).resume
    result = offline(source, analyse(ad), today=TODAY)
    assert result.after.score >= result.before.score
