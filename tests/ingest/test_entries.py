"""Entries: cut at their date lines, head lines before or after, position told from employer."""

from __future__ import annotations

import pytest

from tailorcv.ingest.document import Document, Line
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


def test_position_company_city_on_one_line() -> None:
    found = jobs("2018 – 2021 Data Scientist, Quantix, San Francisco, USA\nBuilt models.")
    assert found == [("Quantix", "Data Scientist", "San Francisco, USA", "2018", "2021")]


def test_a_date_range_may_go_on_over_the_next_line() -> None:
    """A narrow date margin breaks "June 2020 – Present" after its dash."""
    text = (
        "June 2020 – Developer, Quantix, Boston, USA\n"
        "Present Built the payments platform that two million people use every day.\n"
        "July 2015 – Analyst, Numera, Austin, USA\n"
        "May 2020 Ran the monthly reports for the board and the regional sales teams.\n"
    )
    assert [(j[0], j[3], j[4]) for j in jobs(text)] == [
        ("Quantix", "2020-06", None),
        ("Numera", "2015-07", "2020-05"),
    ]
    work = parse(doc_from_text(f"Ada Lovelace\nExperience\n{text}")).resume.work
    assert work[0].summary == "Built the payments platform that two million people use every day."


def test_a_slash_joins_two_titles_of_one_field() -> None:
    found = jobs(
        "Scientific Employee / Software Development - University of Bremen\t2012 - 2014\n"
        "Student Assistant / Programmer - Acme Inc.\t2010 - 2011"
    )
    assert [(j[0], j[1]) for j in found] == [
        ("University of Bremen", "Scientific Employee / Software Development"),
        ("Acme Inc.", "Student Assistant / Programmer"),
    ]


def test_a_job_that_shows_only_its_employers_web_address() -> None:
    """The address's domain names the employer; a known skill alone on a line is a keyword."""
    text = (
        "https://www.gong.io/\nFront End Developer\nJava\nReact\n"
        "https://www.ngsoft.com/\nFull Stack Developer\nC#\n"
    )
    assert [(j[0], j[1]) for j in jobs(text)] == [
        ("gong.io", "Front End Developer"),
        ("ngsoft.com", "Full Stack Developer"),
    ]


def test_a_profile_link_names_no_employer() -> None:
    assert jobs("Engineer | github.com/ada/pgqueue | 2019 - 2020")[0][0] is None


def test_position_at_company() -> None:
    assert jobs("Senior Engineer at Nordpay 2020-2023")[0][:2] == ("Nordpay", "Senior Engineer")


def test_study_at_school() -> None:
    text = "Ada Lovelace\nEducation\nBSc. Chemical Eng. at Technion\n2015 - 2017\n"
    school = parse(doc_from_text(text)).resume.education[0]
    assert (school.institution, school.study_type) == ("Technion", "BSc.")


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


def test_a_line_with_a_right_aligned_part_starts_an_entry_not_a_wrapped_bullet() -> None:
    rows = [
        ("Ada Lovelace", False),
        ("Experience", False),
        ("Acme Research, Research Intern\tCupertino, CA", False),
        ("May 2020 – Aug 2020", False),
        ("Filed two patents on model quantization techniques for inference at the edge", True),
        ("Beta Labs, Research Intern\tRedmond, WA", False),
        ("May 2019 – Aug 2019", False),
        ("Built a self-supervised learning framework for language modelling", True),
    ]
    lines = [Line(text, bullet=bullet) for text, bullet in rows]
    work = parse(Document(lines=lines, kind="pdf")).resume.work
    assert [(w.name, w.start_date) for w in work] == [
        ("Acme Research", "2020-05"),
        ("Beta Labs", "2019-05"),
    ]


def test_entries_whose_heads_are_set_as_bullets() -> None:
    text = (
        "- Google\tMountain View, CA\nSoftware Engineer\tOct 2016 – Present\n"
        "- TensorFlow: worked on the APIs and the performance of training on accelerators.\n"
        "- Coursera\tMountain View, CA\nSenior Software Engineer\tJan 2014 – Oct 2016\n"
        "- Notifications: a service that sends email, push and in-app notifications.\n"
    )
    assert [(j[0], j[1], j[3]) for j in jobs(text)] == [
        ("Google", "Software Engineer", "2016-10"),
        ("Coursera", "Senior Software Engineer", "2014-01"),
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


@pytest.mark.parametrize(
    ("line", "school", "degree"),
    [
        ("2009 – 2012 PhD in Physics, CalTech, Pasadena, USA", "CalTech", "PhD"),
        ("2014 – 2016 MSc in Physics, Minor in AI, ETH, Zurich, CH", "ETH", "MSc"),
    ],
)
def test_education_degree_school_and_place_cut_by_commas(
    line: str, school: str, degree: str
) -> None:
    found = parse(doc_from_text(f"Ada Lovelace\nEducation\n{line}\n")).resume.education[0]
    assert found.institution == school
    assert (found.study_type or "").startswith(degree)


def test_a_field_of_study_after_a_degree_is_no_school() -> None:
    text = "Ada Lovelace\nEducation\nBachelor, Information Technology, Austin, TX\n"
    found = parse(doc_from_text(text)).resume.education
    assert all(e.institution != "Information Technology" for e in found)


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


def test_skills_set_as_tags_side_by_side() -> None:
    text = "Ada Lovelace\nSkills\nGo Python Node.js\nCI/CD API Design\nMicroservices Architecture\n"
    keywords = parse(doc_from_text(text)).resume.skills[0].keywords
    assert keywords == [
        "Go",
        "Python",
        "Node.js",
        "CI/CD",
        "API Design",
        "Microservices Architecture",
    ]


def test_a_skill_cut_by_the_end_of_a_line() -> None:
    text = (
        "Ada Lovelace\nSkills\nPython, Deep Learning, Natural\nLanguage Processing, Project\n"
        "management, SQL\n"
    )
    keywords = parse(doc_from_text(text)).resume.skills[0].keywords
    assert keywords == [
        "Python",
        "Deep Learning",
        "Natural Language Processing",
        "Project management",
        "SQL",
    ]


def test_skills_side_by_side_in_columns() -> None:
    text = "Ada Lovelace\nSkills\nHTML5, PHP\tReact.js, Django\nWebstorm\tSourceTree\n"
    keywords = parse(doc_from_text(text)).resume.skills[0].keywords
    assert keywords == ["HTML5", "PHP", "React.js", "Django", "Webstorm", "SourceTree"]


def test_volunteer_and_interests() -> None:
    text = (
        "Ada Lovelace\nVolunteer\nMentor | Code Club | 2019 - 2020\n"
        "Interests\nChess, climbing, jazz\n"
    )
    found = parse(doc_from_text(text)).resume
    assert (found.volunteer[0].organization, found.volunteer[0].position) == ("Code Club", "Mentor")
    assert [i.name for i in found.interests] == ["Chess", "climbing", "jazz"]
