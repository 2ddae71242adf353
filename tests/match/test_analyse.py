"""Job analysis: title, company, level, years, degree, and skills by tier with their sentence."""

from __future__ import annotations

import json

import pytest

from tailorcv.match import analyse
from tests.conftest import EXAMPLES, corpus_path

AD = (EXAMPLES / "job.txt").read_text()


def names(asks: list) -> set[str]:  # type: ignore[type-arg]
    return {a.name for a in asks}


def test_the_example_ad_is_read_in_full() -> None:
    job = analyse(AD)
    assert job.title == "Senior Platform Engineer"
    assert job.company == "Lumen Freight"
    assert job.seniority == "senior"
    assert job.years == 5
    assert job.education == "bachelor"
    assert {"Python", "Go", "PostgreSQL", "Kubernetes", "AWS", "Terraform"} <= names(job.required)
    assert {"gRPC", "OpenTelemetry"} <= names(job.preferred)


def test_every_skill_keeps_the_sentence_that_asked_for_it() -> None:
    job = analyse(AD)
    for ask in job.skills:
        assert ask.evidence, ask
    terraform = next(a for a in job.required if a.name == "Terraform")
    assert "Terraform" in terraform.evidence


def test_a_plus_in_a_requirements_list_makes_a_skill_preferred() -> None:
    ad = "Data Engineer\n\nRequirements:\n- SQL and Python.\n- dbt is a plus.\n"
    job = analyse(ad)
    assert "dbt" in names(job.preferred)
    assert {"SQL", "Python"} <= names(job.required)


def test_benefits_do_not_count_as_skills() -> None:
    ad = "Analyst\n\nRequirements:\n- Excel\n\nWhat we offer:\n- Free Python courses\n"
    job = analyse(ad)
    assert "Python" not in names(job.skills)


def test_html_is_read_as_text_with_entities_decoded() -> None:
    ad = (
        "<h1>Backend Developer</h1><p>Acme &amp; Sons</p><h2>Must have</h2>"
        "<ul><li>3+ years of experience with Node.js</li><li>PostgreSQL</li></ul>"
        "<h2>Nice to have</h2><ul><li>Docker</li></ul><script>var k8s = 1;</script>"
    )
    job = analyse(ad)
    assert job.title == "Backend Developer"
    assert {"Node.js", "PostgreSQL"} <= names(job.required)
    assert "Docker" in names(job.preferred)
    assert "Kubernetes" not in names(job.skills)
    assert job.years == 3


def test_years_in_words_and_ranges_take_the_lower_bound() -> None:
    assert analyse("Engineer\nRequirements:\n- 3-5 years of experience in Java").years == 3
    assert analyse("Engineer\nRequirements:\n- At least three years experience").years == 3
    assert analyse("Engineer\nRequirements:\n- Java").years is None


def test_the_lowest_degree_accepted_is_the_one_asked() -> None:
    ad = "Scientist\nQualifications:\n- Master's or PhD in statistics\n"
    assert analyse(ad).education == "master"


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Junior Web Developer", "junior"),
        ("Staff Engineer", "lead"),
        ("Principal Engineer", "principal"),
        ("Software Engineering Intern", "intern"),
        ("Sr. Data Analyst", "senior"),
    ],
)
def test_seniority_comes_from_the_title(title: str, level: str) -> None:
    assert analyse(f"{title}\n\nRequirements:\n- SQL\n").seniority == level


def test_the_json_resume_job_schema_is_read() -> None:
    doc = json.loads(corpus_path("jobs", "jsonresume-sample.job.json").read_text())
    job = analyse(json.dumps(doc))
    assert job.title == "Web Developer"
    assert job.company == "Microsoft"
    assert {"JavaScript", "HTML", "CSS", "React", "Node.js"} <= names(job.required)
    assert job.years == 3
    assert job.education == "bachelor"


def test_markdown_with_front_matter_takes_its_title_from_it() -> None:
    job = analyse(corpus_path("jobs", "tts-login-data-analyst-2024.md").read_text())
    assert job.title == "Login.gov: Data Analyst"
    assert "{{" not in " ".join(a.evidence for a in job.skills)


def test_a_devops_ad_from_the_corpus() -> None:
    job = analyse(corpus_path("jobs", "cvanalyser-tech-devops-engineer.txt").read_text())
    assert job.title.startswith("DevOps Engineer")
    assert {"AWS", "Docker", "Kubernetes", "Terraform"} <= names(job.required)
    assert job.years == 3
    assert job.education == "bachelor"


def test_analysis_is_deterministic_and_identified_by_its_text() -> None:
    assert analyse(AD) == analyse(AD)
    assert analyse(AD).digest != analyse(AD + " ").digest
