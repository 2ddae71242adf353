"""Entries: cut at their date lines, head lines before or after, position told from employer."""

from __future__ import annotations

import pytest

from tailorcv.ingest.sections import parse
from tests.ingest.sample_docs import doc_from_text


def jobs(text: str) -> list[tuple[str | None, ...]]:
    work = parse(doc_from_text(f"Ada Lovelace\nExperience\n{text}")).resume.work
    return [(w.name, w.position, w.location, w.start_date, w.end_date) for w in work]


@pytest.mark.parametrize(
    "text",
    [
        "Senior Engineer | Acme Inc. | Jan 2020 – Present\n- Built it\n"
        "Engineer | Beta GmbH | 2016 - 2019\n- Ran it",
        "Acme Inc. — Berlin\nSenior Engineer   Jan 2020 – Present\n- Built it\n"
        "Beta GmbH — Berlin\nEngineer   2016 - 2019\n- Ran it",
        "Senior Engineer, Acme Inc.\nJan 2020 – Present\n- Built it\n"
        "Engineer, Beta GmbH\n2016 - 2019\n- Ran it",
        "Senior Engineer Jan 2020 – Present\nAcme Inc. Berlin\n- Built it\n"
        "Engineer 2016 - 2019\nBeta GmbH Berlin\n- Ran it",
        "Senior Engineer Acme Inc. Berlin | Jan 2020 – Present\n- Built it\n"
        "Engineer Beta GmbH Berlin | 2016 - 2019\n- Ran it",
    ],
    ids=["one-line", "company-first", "comma-then-dates", "title-first", "run-together"],
)
def test_common_layouts(text: str) -> None:
    found = jobs(text)
    assert [(j[0], j[1], j[3], j[4]) for j in found] == [
        ("Acme Inc.", "Senior Engineer", "2020-01", None),
        ("Beta GmbH", "Engineer", "2016", "2019"),
    ]


def test_the_place_of_a_job() -> None:
    found = jobs("Senior Engineer, Acme Inc. — San Francisco, CA  Mar 2021 – Present")
    assert found == [("Acme Inc.", "Senior Engineer", "San Francisco, CA", "2021-03", None)]


def test_company_cues_win_over_order() -> None:
    assert jobs("Acme GmbH | Data Analyst | 2019 - 2020")[0][:2] == ("Acme GmbH", "Data Analyst")


def test_wrapped_bullets_are_joined() -> None:
    text = (
        "Engineer | Acme Inc. | 2020 - 2021\n- Cut latency of the public API from 480 ms\n"
        "to 180 ms.\n- Led the move."
    )
    work = parse(doc_from_text(f"Ada Lovelace\nExperience\n{text}")).resume.work
    assert work[0].highlights == [
        "Cut latency of the public API from 480 ms to 180 ms.",
        "Led the move.",
    ]


def test_education_study_type_area_and_score() -> None:
    text = (
        "Ada Lovelace\nEducation\nMSc in Physics, ETH Zurich Institute | 2014 - 2016\nGPA: 5.5/6\n"
    )
    school = parse(doc_from_text(text)).resume.education[0]
    assert (school.study_type, school.area, school.score) == ("MSc", "Physics", "5.5/6")
    assert (school.start_date, school.end_date) == ("2014", "2016")


def test_education_run_together_on_one_line() -> None:
    text = (
        "Ada Lovelace\nEducation\nBSc, Mathematics University of Gothenburg Aug 2011 – Jun 2014\n"
    )
    school = parse(doc_from_text(text)).resume.education[0]
    assert (school.institution, school.study_type, school.area) == (
        "University of Gothenburg",
        "BSc",
        "Mathematics",
    )


def test_projects_certificates_and_awards() -> None:
    text = (
        "Ada Lovelace\nProjects\npgqueue\ngithub.com/ada/pgqueue\n"
        "A job queue on PostgreSQL.\nPython · PostgreSQL\n"
        "Certifications\n- AWS Certified Solutions Architect - Associate (2022)\n"
        "Awards\nBest Paper - ACM SIGMOD (May 2021)\n"
    )
    found = parse(doc_from_text(text)).resume
    project = found.projects[0]
    assert (project.name, project.url) == ("pgqueue", "https://github.com/ada/pgqueue")
    assert project.keywords == ["Python", "PostgreSQL"]
    assert project.description == "A job queue on PostgreSQL."
    assert (found.certificates[0].name, found.certificates[0].date) == (
        "AWS Certified Solutions Architect - Associate",
        "2022",
    )
    assert (found.awards[0].title, found.awards[0].awarder, found.awards[0].date) == (
        "Best Paper",
        "ACM SIGMOD",
        "2021-05",
    )


def test_skills_groups_and_canonical_names() -> None:
    text = (
        "Ada Lovelace\nSkills\nLanguages: Python, Go\n"
        "Platforms k8s, AWS, Terraform\nDocker, postgres\n"
    )
    skills = parse(doc_from_text(text)).resume.skills
    assert [(s.name, s.keywords) for s in skills] == [
        ("Languages", ["Python", "Go"]),
        ("Platforms", ["Kubernetes", "AWS", "Terraform"]),
        ("Skills", ["Docker", "PostgreSQL"]),
    ]


def test_volunteer_and_interests() -> None:
    text = (
        "Ada Lovelace\nVolunteer\nMentor | Code Club | 2019 - 2020\n"
        "Interests\nChess, climbing, jazz\n"
    )
    found = parse(doc_from_text(text)).resume
    assert (found.volunteer[0].organization, found.volunteer[0].position) == ("Code Club", "Mentor")
    assert [i.name for i in found.interests] == ["Chess", "climbing", "jazz"]
