"""The section parser: headings in four languages, the corpus's plain-text résumés, and the round
trip of tailorcv's own templates (render a résumé, read the PDF's text back, parse it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tailorcv.ingest.document import Document, Line
from tailorcv.ingest.lines import Item
from tailorcv.ingest.sections import heading, parse
from tailorcv.render import render
from tailorcv.resume import read_file
from tests.conftest import EXAMPLES, corpus_path
from tests.ingest.sample_docs import doc_from_pdf, doc_from_text


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("EXPERIENCE", "work"),
        ("Work History", "work"),
        ("Professional Experience:", "work"),
        ("Employment", "work"),
        ("Berufserfahrung", "work"),
        ("Expérience professionnelle", "work"),
        ("EXPERIENCIA LABORAL", "work"),
        ("Ausbildung", "education"),
        ("Formation", "education"),
        ("Formación académica", "education"),
        ("WORK EXPERIENCE (2)", "work"),
        ("Kenntnisse", "skills"),
        ("Skills & Awards", "skills"),
        ("Strengths", "skills"),
        ("Techs:", "skills"),
        ("Fähigkeiten", "skills"),
        ("Compétences", "skills"),
        ("Habilidades", "skills"),
        ("Sprachen", "languages"),
        ("Langues", "languages"),
        ("Idiomas", "languages"),
        ("Projekte", "projects"),
        ("Projets", "projects"),
        ("Proyectos", "projects"),
        ("Zertifikate", "certificates"),
        ("Certificaciones", "certificates"),
        ("Centres d'intérêt", "interests"),
        ("Summary", "summary"),
        ("Profil", "summary"),
        ("1. Education", "education"),
        ("Volunteering", "volunteer"),
        ("Honors & Awards", "awards"),
        ("Publications", "publications"),
    ],
)
def test_headings_are_known_in_four_languages(text: str, key: str) -> None:
    assert heading(Item(text)) == key


@pytest.mark.parametrize(
    "text", ["Senior Engineer at Experience Inc", "Skills: Python", "- Skills"]
)
def test_a_line_that_says_more_than_a_heading_is_not_one(text: str) -> None:
    item = Item(text.removeprefix("- "), bullet=text.startswith("- "))
    assert heading(item) is None


GERMAN = """Anna Schmidt
Softwareentwicklerin
anna.schmidt@example.de | +49 30 1234567 | Berlin, DE

Berufserfahrung
Senior Softwareentwicklerin | Beispiel GmbH | März 2019 – heute
- Plattform in Python und Go gebaut
Werkstudentin | Muster AG | Okt. 2016 - Feb. 2019

Ausbildung
M.Sc. Informatik
Technische Universität Berlin | 2014 - 2016

Kenntnisse
Sprachen: Python, Go, SQL

Sprachen
Deutsch (Muttersprache), Englisch – C1
"""


def test_a_german_resume() -> None:
    found = parse(doc_from_text(GERMAN)).resume
    assert found.basics.name == "Anna Schmidt"
    assert found.basics.phone == "+49 30 1234567"
    assert [(w.name, w.position, w.start_date, w.end_date) for w in found.work] == [
        ("Beispiel GmbH", "Senior Softwareentwicklerin", "2019-03", None),
        ("Muster AG", "Werkstudentin", "2016-10", "2019-02"),
    ]
    assert found.education[0].institution == "Technische Universität Berlin"
    assert found.education[0].study_type == "M.Sc."
    assert found.skills[0].keywords == ["Python", "Go", "SQL"]
    assert [(x.language, x.fluency) for x in found.languages] == [
        ("Deutsch", "Muttersprache"),
        ("Englisch", "C1"),
    ]


FRENCH_SPANISH = """Lucía Pérez
lucia@example.es

EXPÉRIENCE PROFESSIONNELLE
Ingénieure logiciel — Exemple SAS
janv. 2019 – aujourd'hui

EXPERIENCIA
Desarrolladora, Ejemplo S.L.
ene. 2016 – dic. 2018

FORMACIÓN
Grado en Ingeniería Informática
Universidad de Sevilla, 2011 - 2015
"""


def test_french_and_spanish_headings_and_dates() -> None:
    found = parse(doc_from_text(FRENCH_SPANISH)).resume
    assert [(w.name, w.position, w.start_date, w.end_date) for w in found.work] == [
        ("Exemple SAS", "Ingénieure logiciel", "2019-01", None),
        ("Ejemplo S.L.", "Desarrolladora", "2016-01", "2018-12"),
    ]
    assert found.education[0].institution == "Universidad de Sevilla"
    assert found.education[0].study_type == "Grado"


def test_warnings_say_what_to_check() -> None:
    doc = doc_from_text("JANE DOE\njane@example.com\nSKILLS\nPython, Go\n")
    doc.warnings.append("two columns detected; check the order of your skills")
    imported = parse(doc)
    assert imported.warnings[0] == "two columns detected; check the order of your skills"
    assert any("no work experience was found" in w for w in imported.warnings)
    assert imported.resume.basics.name == "Jane Doe"


def test_undated_jobs_are_counted_in_a_warning() -> None:
    text = "Jo Park\nExperience\nEngineer | Acme Inc.\n- Built things\nDeveloper | Beta LLC\n"
    imported = parse(doc_from_text(text))
    assert [w.name for w in imported.resume.work] == ["Acme Inc.", "Beta LLC"]
    assert "2 jobs have no dates; add them" in imported.warnings


def test_confidence_is_given_per_field_and_section() -> None:
    imported = parse(doc_from_text(GERMAN))
    assert imported.confidence["basics.email"] > 0.9
    assert 0 < imported.confidence["work[0].startDate"] <= 1
    assert set(imported.sections) >= {"work", "education", "skills", "languages"}


def test_the_largest_line_is_the_name() -> None:
    lines = [Line("Curriculum Vitae"), Line("Ada Lovelace", size=2.0), Line("ada@example.com")]
    imported = parse(Document(lines=lines, kind="pdf"))
    assert imported.resume.basics.name == "Ada Lovelace"
    assert imported.confidence["basics.name"] >= 0.9


def test_an_unknown_heading_is_left_out_with_a_warning() -> None:
    text = "Jo Park\nEXPERIENCE\nEngineer | Acme Inc. | 2020 - 2021\nLEADERSHIP\nChess club\n"
    lines = [Line(t, bold=t.isupper()) for t in text.splitlines()]
    imported = parse(Document(lines=lines, kind="docx"))
    assert len(imported.resume.work) == 1
    assert any("“LEADERSHIP”" in w for w in imported.warnings)


def test_headings_in_a_left_label_column() -> None:
    """Each heading shares its row with the first line of its section, after a wide gap."""
    rows = [
        "Ada Lovelace",
        "Experience\tAcme Inc.\tJanuary 2019 to Present",
        "Senior Engineer\tBerlin, DE",
        "Education\tUniversity of Zurich\tAugust 2012 to May 2016",
        "Skills\tLanguages\tTools",
        "Python, Go\tGit, Docker",
    ]
    found = parse(Document(lines=[Line(t) for t in rows], kind="pdf")).resume
    assert [(w.name, w.position, w.start_date) for w in found.work] == [
        ("Acme Inc.", "Senior Engineer", "2019-01")
    ]
    assert found.education[0].institution == "University of Zurich"
    keywords = {k for group in found.skills for k in group.keywords}
    assert {"Python", "Go", "Git", "Docker"} <= keywords


def test_one_labelled_row_is_a_skill_group_not_a_heading() -> None:
    rows = ["Ada Lovelace", "Skills", "Languages\tPython, Go", "Tools\tGit, Docker"]
    found = parse(Document(lines=[Line(t) for t in rows], kind="pdf")).resume
    assert [(s.name, s.keywords) for s in found.skills] == [
        ("Languages", ["Python", "Go"]),
        ("Tools", ["Git", "Docker"]),
    ]
    assert not found.languages


def test_the_column_with_the_name_is_read_before_a_sidebar() -> None:
    sidebar = ["Skills", "Python, Go", "Languages", "English"]
    main = [
        "Ada Lovelace",
        "(555) 123-4567\tada@example.com",
        "Experience",
        "Engineer | Acme Inc. | 2020 - 2021",
    ]
    lines = [Line(t, column=1) for t in sidebar]
    lines += [Line(t, column=2, size=1.6 if t == "Ada Lovelace" else 1.0) for t in main]
    found = parse(Document(lines=lines, kind="pdf", columns=2)).resume
    assert (found.basics.name, found.basics.phone) == ("Ada Lovelace", "555 123 4567")
    assert found.work[0].name == "Acme Inc."
    assert found.skills[0].keywords == ["Python", "Go"]


def test_an_email_alone_on_its_line_wins_over_a_footers() -> None:
    text = (
        "Ada Lovelace\nExperience\nEngineer | Acme Inc. | 2020 - 2021\n"
        "Copyright 2018 ada@work.example.com\nContact\nada@example.com\n"
    )
    assert parse(doc_from_text(text)).resume.basics.email == "ada@example.com"


def test_empty_document_still_gives_a_valid_resume() -> None:
    imported = parse(Document(lines=[], kind="pdf"))
    assert imported.resume.basics.name is None
    assert imported.warnings


@pytest.mark.corpus
def test_cvanalyser_john_smith() -> None:
    text = corpus_path("text_resumes", "cvanalyser-john-smith-en.txt").read_text("utf-8")
    found = parse(doc_from_text(text)).resume
    assert (found.basics.name, found.basics.email, found.basics.phone) == (
        "John Smith",
        "john.smith@email.com",
        "+1 555 123 4567",
    )
    assert [(w.name, w.position, w.start_date, w.end_date) for w in found.work] == [
        ("TechCorp Inc.", "Senior Software Engineer", "2021", None),
        ("StartupXYZ", "Software Engineer", "2019", "2021"),
        ("WebSolutions Ltd.", "Junior Developer", "2018", "2019"),
    ]
    assert len(found.work[0].highlights) == 5
    school = found.education[0]
    assert (school.institution, school.study_type, school.area, school.score) == (
        "University of California, Berkeley",
        "Bachelor of Science",
        "Computer Science",
        "3.8/4.0",
    )
    groups = {s.name: s.keywords for s in found.skills}
    assert groups["Programming Languages"] == ["Python", "JavaScript", "Java", "C++", "SQL"]
    assert groups["Databases"] == ["PostgreSQL", "MongoDB", "Redis", "MySQL"]
    assert [p.name for p in found.projects] == ["E-Commerce Platform", "Personal Finance Tracker"]
    assert len(found.certificates) == 3


@pytest.mark.corpus
def test_aihawk_liam_murphy() -> None:
    text = corpus_path("text_resumes", "aihawk-liam-murphy-resume.txt").read_text("utf-8")
    found = parse(doc_from_text(text)).resume
    assert (found.basics.name, found.basics.email, found.basics.phone) == (
        "Liam Murphy",
        "liam.murphy@gmail.com",
        "+353 871234567",
    )
    assert found.basics.location is not None
    assert found.basics.location.city == "Galway"
    assert [(w.name, w.position, w.start_date, w.end_date) for w in found.work] == [
        ("CryptoWave Solutions", "Co-Founder & Software Engineer", "2021-03", None),
        ("National University of Ireland, Galway", "Research Intern", "2022-11", "2023-03"),
        ("University Hospital Galway", "Software Engineer", "2022-05", "2022-11"),
    ]
    assert len(found.work[0].highlights) == 3
    school = found.education[0]
    assert school.institution == "National University of Ireland, Galway"
    assert school.study_type == "Bachelor's Degree"
    assert school.area == "Computer Science"
    assert [lang.language for lang in found.languages] == ["English", "Spanish"]
    assert [p.name for p in found.projects] == ["JobBot", "mqtt-packet-parser"]


@pytest.fixture(scope="module", params=["classic", "modern", "compact"])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/resume.json rendered by one of tailorcv's templates."""
    resume = read_file(EXAMPLES / "resume.json").resume
    path = tmp_path_factory.mktemp("pdf") / f"{request.param}.pdf"
    path.write_bytes(render(resume, request.param, "pdf"))
    return path


def test_round_trip_of_each_template_recovers_every_field(rendered: Path) -> None:
    """Render the example, read the PDF's text with no layout cues at all, and get it back."""
    want = read_file(EXAMPLES / "resume.json").resume
    imported = parse(doc_from_pdf(rendered))
    got = imported.resume
    for field in ("name", "label", "email", "phone", "location"):
        assert getattr(got.basics, field) == getattr(want.basics, field), field
    assert [(p.network, p.username) for p in got.basics.profiles] == [
        (p.network, p.username) for p in want.basics.profiles
    ]

    def jobs(resume: object) -> list[tuple[object, ...]]:
        work = resume.work  # type: ignore[attr-defined]
        return [(w.name, w.position, w.location, w.start_date, w.end_date) for w in work]

    assert jobs(got) == jobs(want)
    assert [len(w.highlights) for w in got.work] == [len(w.highlights) for w in want.work]
    assert [
        (e.institution, e.study_type, e.area, e.start_date, e.end_date) for e in got.education
    ] == [(e.institution, e.study_type, e.area, e.start_date, e.end_date) for e in want.education]
    assert [(s.name, s.keywords) for s in got.skills] == [(s.name, s.keywords) for s in want.skills]
    assert [(c.name, c.issuer, c.date) for c in got.certificates] == [
        (c.name, c.issuer, c.date) for c in want.certificates
    ]
    assert [(x.language, x.fluency) for x in got.languages] == [
        (x.language, x.fluency) for x in want.languages
    ]
    assert got.projects[0].name == "pgqueue"
    assert got.projects[0].keywords == ["Python", "PostgreSQL"]
    assert got.basics.summary == want.basics.summary
    assert imported.warnings == []


def test_a_section_json_resume_has_no_place_for_is_kept_not_lost() -> None:
    doc = Document(
        lines=[
            Line("Ada Lovelace", size=2.0),
            Line("EXPERIENCE", heading=True),
            Line("Analyst, Acme\t2020 – 2022"),
            Line("MY LIFE PHILOSOPHY", heading=True),
            Line("Measure twice, cut once."),
        ],
        kind="pdf",
    )
    imported = parse(doc)
    extra = imported.resume.model_dump(by_alias=True)["otherSections"]
    assert extra == [{"title": "MY LIFE PHILOSOPHY", "lines": ["Measure twice, cut once."]}]
    assert any("kept as written under Other sections" in w for w in imported.warnings)


def test_work_alone_is_the_heading_of_the_jobs() -> None:
    """Several JSON Resume themes head the jobs with the one word "Work": no job was read."""
    text = "Jo Park\njo@example.com\n\nWork\nEngineer, Acme Inc.\tJan 2020 – Present\n"
    imported = parse(Document(lines=[Line(t) for t in text.splitlines()], kind="pdf"))
    assert [(w.name, w.position) for w in imported.resume.work] == [("Acme Inc.", "Engineer")]
