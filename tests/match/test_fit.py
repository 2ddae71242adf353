"""What a recruiter sees at once, the score sees too (issue 15): level, the terms of the post,
the kind of job, the stack's core, an ad too thin to judge by, a short list of asks, and a
part that does not apply saying why."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tailorcv.match import analyse, profile, score
from tailorcv.match.fit import head
from tailorcv.resume import validate
from tests.conftest import corpus_path

TODAY = date(2026, 11, 1)


def senior_engineer(**basics: Any) -> Any:
    """Fifteen years of backend work on Go, Kafka and PostgreSQL, full-time, in Berlin."""
    return validate(
        {
            "basics": {
                "name": "Jonas Weber",
                "label": "Senior Backend Engineer",
                "location": {"city": "Berlin", "countryCode": "DE"},
                **basics,
            },
            "work": [
                {
                    "name": "Ledgerly",
                    "position": "Senior Backend Engineer",
                    "startDate": "2018-01",
                    "highlights": [
                        "Built payment services in Go on Kafka and PostgreSQL, 40k events/s.",
                        "Ran them on Kubernetes and AWS with Terraform; 99.95% uptime.",
                    ],
                },
                {
                    "name": "Shopware",
                    "position": "Backend Engineer",
                    "startDate": "2011-09",
                    "endDate": "2017-12",
                    "highlights": ["Wrote Python and Go services on PostgreSQL and Redis."],
                },
            ],
            "education": [
                {
                    "institution": "TU Berlin",
                    "area": "Computer Science",
                    "studyType": "Master of Science",
                }
            ],
            "skills": [
                {"name": "Backend", "keywords": ["Go", "Kafka", "PostgreSQL", "Python", "Redis"]},
                {"name": "Platform", "keywords": ["Kubernetes", "AWS", "Terraform", "Docker"]},
            ],
        }
    ).resume


SENIOR_AD = """Senior Backend Engineer (Go) - Berlin

Requirements:
- 6+ years building backend services
- Go, Kafka and PostgreSQL
- Kubernetes on AWS
"""


def fit(resume: Any, ad: str) -> float:
    return score(resume, analyse(ad), today=TODAY).score


def part(resume: Any, ad: str, key: str) -> Any:
    return next(p for p in score(resume, analyse(ad), today=TODAY).parts if p.key == key)


@pytest.mark.parametrize(
    "ad",
    [
        "Junior Backend Developer (Go) - Berlin\n\nEntry level, 0-2 years of experience.\n\n"
        "Requirements:\n- Go, Kafka and PostgreSQL\n- Kubernetes on AWS\n",
        "Backend Engineering Intern (Go) - Berlin\n\nThis internship lasts six months.\n\n"
        "Requirements:\n- Go, Kafka and PostgreSQL\n- Kubernetes on AWS\n",
        "Go developer, 10 hours/week (freelance)\n\nFix bugs in our Go and Kafka services, "
        "PostgreSQL, Kubernetes on AWS. Remote.\n",
    ],
    ids=["entry-level", "internship", "freelance gig"],
)
def test_a_fifteen_year_senior_fits_his_own_level_and_terms_better(ad: str) -> None:
    resume = senior_engineer()
    assert fit(resume, ad) < fit(resume, SENIOR_AD) - 10


def test_a_part_time_post_at_his_level_costs_less_than_a_gig() -> None:
    """Part-time on the same terms otherwise is a weaker fit, not a wrong one (the labels of
    tests/data/match/fields call it fine, a gig worst)."""
    resume = senior_engineer()
    part_time = (
        "Senior Backend Engineer (Go), part-time - Berlin\n\nPart-time, 20 hours a week.\n\n"
        "Requirements:\n- Go, Kafka and PostgreSQL\n- Kubernetes on AWS\n"
    )
    assert fit(resume, SENIOR_AD) - 12 < fit(resume, part_time) < fit(resume, SENIOR_AD) - 3
    assert "part-time" in part(resume, part_time, "terms").evidence[-1]


def test_a_career_changer_is_junior_in_the_new_field_whatever_the_years_before() -> None:
    changer = validate(
        {
            "basics": {"name": "Sam", "label": "Backend Engineer"},
            "work": [
                {
                    "name": "Bootcamp Co",
                    "position": "Backend Developer",
                    "startDate": "2026-03",
                    "highlights": ["Go, Kafka, PostgreSQL, Kubernetes and AWS projects."],
                },
                {
                    "name": "Shoe Shop",
                    "position": "Store Supervisor",
                    "startDate": "2014-01",
                    "endDate": "2026-02",
                },
            ],
            "skills": [{"name": "All", "keywords": ["Go", "Kafka", "PostgreSQL", "Kubernetes"]}],
        }
    ).resume
    level = part(changer, SENIOR_AD, "level")
    assert "the résumé reads junior" in level.evidence[0]
    assert level.points < level.weight / 2
    assert fit(changer, SENIOR_AD) < fit(senior_engineer(), SENIOR_AD) - 15


@pytest.mark.parametrize(
    ("ad", "why"),
    [
        (
            "Mechanical Design Engineer - Berlin\n\nRequirements:\n- SolidWorks and GD&T\n"
            "- Python scripting for test rigs, some Kafka telemetry\n",
            "mechanical",
        ),
        (
            "Data Annotation Specialist (Python, Go) - remote\n\nRate the answers of an AI model "
            "to coding questions in Python, Go and Kafka. Labelling experience required.\n",
            "annotation",
        ),
        (
            "COBOL Developer - Berlin\n\nRequirements:\n- COBOL, JCL and CICS on z/OS\n"
            "- DB2 and VSAM\n- 6+ years\n",
            "legacy stack",
        ),
    ],
)
def test_a_job_of_another_kind_that_shares_words_scores_well_below(ad: str, why: str) -> None:
    resume = senior_engineer()
    assert fit(resume, ad) < fit(resume, SENIOR_AD) - 20, why


def test_the_word_that_names_the_job_tells_a_clerk_from_an_accountant() -> None:
    assert head("Accounts Payable Clerk") != head("Senior Accountant")
    assert head("Assistant Controller") == head("Controller")
    assert head("Registered Nurse – Cardiovascular ICU (Nights)") == head("Staff Nurse, MICU")
    assert head("Director of Nursing") == "director"


def test_an_ad_with_no_role_and_no_requirements_makes_a_low_confidence_score() -> None:
    match = score(senior_engineer(), analyse("Great opportunities! Apply now."), today=TODAY)
    assert match.confidence == "low"
    assert match.notes
    assert match.score < fit(senior_engineer(), SENIOR_AD) - 20


def test_one_of_one_preferred_skill_is_not_full_marks() -> None:
    ad = SENIOR_AD + "\nNice to have:\n- Terraform\n"
    preferred = part(senior_engineer(), ad, "preferred")
    assert "1 of 1 preferred" in preferred.evidence[0]
    assert preferred.points < preferred.weight
    assert any("÷" in line for line in preferred.evidence)  # the sum, to check by hand


def test_a_long_tool_list_does_not_swamp_the_core() -> None:
    tools = ", ".join(
        "Ansible Chef Puppet Jenkins CircleCI Datadog Splunk Nagios Consul Vault Packer "
        "Helm ArgoCD Istio Linkerd Envoy".split()
    )
    ad = SENIOR_AD + f"\nTools we use: {tools}.\n"
    assert fit(senior_engineer(), ad) > fit(senior_engineer(), SENIOR_AD) - 12


def test_a_part_that_does_not_apply_says_why_and_carries_no_weight() -> None:
    match = score(senior_engineer(), analyse("Backend Engineer\n\nGo and Kafka.\n"), today=TODAY)
    idle = [p for p in match.parts if p.weight == 0]
    assert {p.key for p in idle} >= {"years", "education"}
    assert all(p.evidence and p.evidence[0] for p in idle)


def test_a_post_elsewhere_costs_a_little_and_a_remote_one_nothing() -> None:
    resume = senior_engineer()
    here = part(resume, SENIOR_AD, "terms")
    remote = part(resume, SENIOR_AD.replace("Berlin", "Remote"), "terms")
    there = part(resume, SENIOR_AD.replace("Berlin", "Lisbon, Portugal"), "terms")
    assert here.points == here.weight
    assert remote.points == remote.weight
    assert 0 < there.points < there.weight
    assert "Portugal" in there.evidence[0]


def test_a_phd_researcher_outscores_a_junior_career_changer_for_a_data_scientist() -> None:
    """Both scored 36 before; the doctorate's years are research experience (issue 15)."""
    ad = analyse(corpus_path("jobs", "cvanalyser-tech-data-scientist.txt").read_text())
    phd = profile.build(validate_file(corpus_path("rendercv", "rendercv-classic.yaml")), TODAY)
    junior = profile.build(
        validate_file(corpus_path("json_resume", "jsonresume-org-career-changer.resume.json")),
        TODAY,
    )
    assert score(phd, ad, today=TODAY).score > score(junior, ad, today=TODAY).score + 10


def validate_file(path: Any) -> Any:
    from tailorcv.resume import read_file

    return read_file(path).resume
