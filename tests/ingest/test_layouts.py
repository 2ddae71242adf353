"""Layouts that real résumés use and a reader of rows gets wrong: leader lines between a name
and its place, and entries set side by side (issue 18). Each PDF is made here by Typst."""

from __future__ import annotations

from pathlib import Path

from tailorcv.ingest import read
from tailorcv.ingest.cells import read_down
from tailorcv.ingest.lines import Item
from tests.ingest.pdfs import typst_pdf

HEAD = """#set page(paper: "a4", margin: 2cm)
#set text(size: 10pt)
#align(center)[#text(size: 18pt)[Dana Whitfield] \\ dana.whitfield\\@example.com | +1 617 555 0143]
"""

LEADERS = (
    HEAD
    + """#("_" * 60)
== Experience
*Salsify* #box(width: 1fr, repeat[-]) Boston, MA \\
_Senior Data Engineer_ #h(1fr) Mar 2021 -- Present
- Built the ingestion pipeline in Python and Spark.
*Wayfair* #box(width: 1fr, repeat[.]) Boston, MA \\
_Data Engineer_ #h(1fr) Jun 2017 -- Feb 2021
- Maintained Airflow jobs for 40 teams.
*Kayak* #box(width: 1fr, repeat[\\_]) Cambridge, MA \\
_Analyst_ #h(1fr) Jul 2015 -- May 2017
- Wrote SQL reports.
== Education
*Northeastern University* #box(width: 1fr, repeat[.]) Boston, MA \\
_B.S. in Computer Science_ #h(1fr) 2011 -- 2015
"""
)

SIDE_BY_SIDE = (
    HEAD
    + """== Experience
#grid(columns: (1fr, 1fr), column-gutter: 2cm, row-gutter: 0.5em,
  [*Creative Solutions Inc.*], [*TechAdvancers*],
  [Senior Web Developer], [Web Developer],
  [San Francisco, CA], [San Jose, CA],
  [January 2019 to Present], [June 2016 to December 2018],
  [Redesigned the main product website, which raised engagement by 40%.],
  [Built web applications with React and Node.js in a team of ten.],
)
== Certifications
#grid(columns: (1fr, 1fr), column-gutter: 2cm, row-gutter: 0.5em,
  [Full-Stack Web Development], [AWS Certified Developer],
  [CodeAcademy], [Amazon Web Services],
  [2020], [2019],
)
"""
)


def test_leader_lines_are_gaps_and_a_rule_is_no_headline(tmp_path: Path) -> None:
    """ "Salsify -------- Boston, MA" once made a position holding the dashes, every job lost its
    company, and the rule under the header became the headline."""
    resume = read(typst_pdf(tmp_path, LEADERS), "cv.pdf").resume
    assert [(w.name, w.position, w.location) for w in resume.work] == [
        ("Salsify", "Senior Data Engineer", "Boston, MA"),
        ("Wayfair", "Data Engineer", "Boston, MA"),
        ("Kayak", "Analyst", "Cambridge, MA"),
    ]
    assert resume.basics.label is None
    assert resume.education[0].institution == "Northeastern University"
    assert not any(c in str(resume.model_dump()) for c in ("----", "....", "____"))


def test_entries_side_by_side_are_read_one_after_the_other(tmp_path: Path) -> None:
    """Two jobs in two columns of one row were one job with interleaved text."""
    resume = read(typst_pdf(tmp_path, SIDE_BY_SIDE), "cv.pdf").resume
    assert [(w.name, w.position, w.start_date, w.end_date) for w in resume.work] == [
        ("Creative Solutions Inc.", "Senior Web Developer", "2019-01", None),
        ("TechAdvancers", "Web Developer", "2016-06", "2018-12"),
    ]
    assert "engagement" in (resume.work[0].summary or "")
    assert "React" in (resume.work[1].summary or "")
    assert [(c.name, c.issuer) for c in resume.certificates] == [
        ("Full-Stack Web Development", "CodeAcademy"),
        ("AWS Certified Developer", "Amazon Web Services"),
    ]


def test_one_entry_s_title_and_dates_are_not_two_columns() -> None:
    """A title beside its dates, and a label beside its keywords, are one entry's parts."""
    rows = [
        Item("Senior Engineer\tJan 2020 – Present"),
        Item("Acme Corp\tBerlin, Germany"),
        Item("PhD, Computer Science, Princeton University\tSep 2018 – May 2023"),
        Item("BS, Computer Engineering, Bogazici University\tSep 2014 – Jun 2018"),
        Item("Languages\tPython, Go, SQL, TypeScript"),
        Item("Platforms\tKubernetes, AWS, Terraform"),
    ]
    assert [i.text for i in read_down(rows)] == [i.text for i in rows]


def test_a_grid_of_skill_groups_is_read_group_by_group() -> None:
    rows = [
        Item("Web Technologies\tWeb Frameworks\tTools"),
        Item("Advanced\tIntermediate\tIntermediate"),
        Item("HTML5, JavaScript\tReact, Django\tGit, Docker"),
    ]
    assert [i.text for i in read_down(rows)] == [
        "Web Technologies",
        "Advanced",
        "HTML5, JavaScript",
        "Web Frameworks",
        "Intermediate",
        "React, Django",
        "Tools",
        "Intermediate",
        "Git, Docker",
    ]
