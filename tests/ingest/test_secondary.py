"""Secondary sections as real résumés set them (issue 18): skill groups with their level on a
line of their own, languages with their fluency below, sections JSON Resume has no place for,
and the page footer a two-page PDF repeats."""

from __future__ import annotations

import re
from pathlib import Path

from tailorcv.ingest import read
from tests.ingest.pdfs import typst_pdf

CARDS = """Dana Whitfield
dana.whitfield@example.com

Skills
Web Technologies
Advanced
HTML5, JavaScript, PHP
Web Frameworks
Intermediate
React, Angular, Django
Tools
Webpack, Git, Docker
Data Analysis (Intermediate)\tSQL, pandas, Excel

Languages
English
Native Speaker
Spanish
B2
Design
Sketching

Patents
Adaptive Quantization for Edge Devices (US Patent 11,234,567)
Sparse Attention Patterns (US Patent 11,345,678)
"""


def test_group_names_and_levels_are_no_skills() -> None:
    resume = read(CARDS.encode(), "cv.txt").resume
    groups = [(s.name, s.level, s.keywords) for s in resume.skills]
    assert groups == [
        ("Web Technologies", "Advanced", ["HTML5", "JavaScript", "PHP"]),
        ("Web Frameworks", "Intermediate", ["React", "Angular", "Django"]),
        ("Tools", None, ["Webpack", "Git", "Docker"]),
        ("Data Analysis", "Intermediate", ["SQL", "pandas", "Excel"]),
    ]


def test_a_fluency_below_its_language_is_its_fluency_and_no_language() -> None:
    imported = read(CARDS.encode(), "cv.txt")
    languages = [(lang.language, lang.fluency) for lang in imported.resume.languages]
    assert languages == [("English", "Native Speaker"), ("Spanish", "B2")]
    assert any("“Design” and “Sketching”" in w for w in imported.warnings)


def test_patents_are_a_section_of_their_own_kept_whole() -> None:
    """A RenderCV "Patents" section after the skills became three skill groups, cut at the
    commas of the patent numbers."""
    imported = read(CARDS.encode(), "cv.txt")
    assert not any("Patent" in k for s in imported.resume.skills for k in s.keywords)
    other = imported.resume.model_dump(by_alias=True)["otherSections"]
    assert other == [
        {
            "title": "Patents",
            "lines": [
                "Adaptive Quantization for Edge Devices (US Patent 11,234,567)",
                "Sparse Attention Patterns (US Patent 11,345,678)",
            ],
        }
    ]


TWO_PAGES = """#set page(paper: "a4", margin: 2cm,
  footer: context align(center)[Dana Whitfield – #counter(page).display("1/1", both: true)])
#set text(size: 10pt)
#text(size: 18pt)[Dana Whitfield] \\
dana.whitfield\\@example.com
== Experience
#for n in range(9) [
  *Engineer* #h(1fr) Jan #(2000 + n) – Dec #(2000 + n) \\
  Company #n \\
  #lorem(60)
]
== Skills
Python, Go, Kubernetes
"""


def test_a_page_footer_with_the_page_count_is_dropped(tmp_path: Path) -> None:
    """ "John Doe – 2/2" ended inside the last skill."""
    imported = read(typst_pdf(tmp_path, TWO_PAGES), "cv.pdf")
    words = [k for s in imported.resume.skills for k in s.keywords]
    assert words == ["Python", "Go", "Kubernetes"]
    dumped = str(imported.resume.model_dump())
    assert "1/2" not in dumped
    assert "2/2" not in dumped


def test_warnings_speak_a_person_s_words_not_the_schema_s() -> None:
    """ "no JSON Resume place… kept under otherSections" and "work[1].endDate could not be read"
    named the schema, not the résumé."""
    from tailorcv.ingest.phrases import place_of

    assert place_of("work[1].startDate") == "the start date of job 2"
    assert place_of("education[0].studyType") == "the degree of education entry 1"
    assert place_of("basics.email") == "your email address"
    warnings = read(CARDS.encode(), "cv.txt").warnings
    assert warnings
    for warning in warnings:
        assert "JSON Resume" not in warning
        assert "otherSections" not in warning
        assert not re.search(r"\w\[\d+\]", warning), warning


def test_a_sidebar_s_contact_and_its_headed_groups_of_skills() -> None:
    """A sidebar with "About" over the contact details and groups of skills under headings of
    their own, no "Skills" heading: the phone was lost into the summary, every skill with it."""
    from tailorcv.ingest.document import Document, Line
    from tailorcv.ingest.sections import parse

    heading = 1.27
    lines = [
        Line("Jürgen Müller", size=3.6, bold=True),
        Line("Bilanzbuchhalter", size=1.45),
        Line("About", size=heading),
        Line("juergen.mueller@example.de", size=1.09),
        Line("+49 30 1234567", size=1.09),
        Line("Rechnungswesen", size=heading),
        Line("HGB\tJahresabschluss", size=1.16),
        Line("Umsatzsteuer", size=1.16),
        Line("Software", size=heading),
        Line("DATEV\tSAP FI\tExcel", size=1.16),
        Line("Experience", size=heading),
        Line("Havelland Logistik GmbH\t04/2020 - Present", size=heading),
        Line("Leiter Finanzbuchhaltung", size=1.09),
    ]
    resume = parse(Document(lines=lines, kind="pdf")).resume
    assert resume.basics.phone == "+49 30 1234567"
    assert resume.basics.summary is None
    assert [(s.name, s.keywords) for s in resume.skills] == [
        ("Rechnungswesen", ["HGB", "Jahresabschluss", "Umsatzsteuer"]),
        ("Software", ["DATEV", "SAP FI", "Excel"]),
    ]
    assert [(w.name, w.position) for w in resume.work] == [
        ("Havelland Logistik GmbH", "Leiter Finanzbuchhaltung")
    ]


def test_a_contact_section_and_group_names_set_smaller_than_the_skills_heading() -> None:
    """A last "CONTACT" block lost its phone; "Languages" set small under "SKILLS" opened a
    languages section and took the programming languages with it."""
    from tailorcv.ingest.document import Document, Line
    from tailorcv.ingest.sections import parse

    lines = [
        Line("Zoë Hartley", size=2.5, bold=True),
        Line("zoe@example.org"),
        Line("SKILLS", size=1.5, bold=True),
        Line("Languages", size=1.1, bold=True),
        Line("Go\tPython\tBash"),
        Line("Platforms", size=1.1, bold=True),
        Line("Kubernetes\tTerraform"),
        Line("CONTACT", size=1.5, bold=True),
        Line("Leeds GB"),
        Line("Email\tzoe@example.org\tPhone\t+44 113 496 0418"),
    ]
    resume = parse(Document(lines=lines, kind="pdf")).resume
    assert resume.basics.phone == "+44 113 496 0418"
    assert resume.languages == []
    assert [(s.name, s.keywords) for s in resume.skills] == [
        ("Languages", ["Go", "Python", "Bash"]),
        ("Platforms", ["Kubernetes", "Terraform"]),
    ]
