"""Every format people arrive with becomes a JSON Resume document: corpus files and fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tailorcv.errors import InvalidResume
from tailorcv.resume import fresh, read_file, read_text, to_dict
from tailorcv.resume.io import detect
from tailorcv.resume.reactive import html_text, parse_date, parse_range
from tailorcv.resume.rendercv import plain
from tests.conftest import corpus_files, corpus_path

DATA = Path(__file__).parent / "data"

RENDERCV = [p for p in corpus_files("rendercv", "*.yaml") if "FRAGMENT" not in p.name]
JSONRESUME = [p for p in corpus_files("json_resume", "*.json") if ".fresh." not in p.name]
FRESH = corpus_files("json_resume", "*.fresh.json") + corpus_files(
    "ground_truth", "fresh-*-valid.json"
)
REACTIVE = corpus_files("pdf", "reactive-resume-*.json")


def test_corpus_is_present() -> None:
    """Fails in CI when the corpus is missing, instead of silently parametrising over nothing."""
    assert corpus_path("README.md").is_file()
    assert RENDERCV
    assert JSONRESUME
    assert FRESH
    assert REACTIVE


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("path", "kind"),
    [(p, "rendercv") for p in RENDERCV]
    + [(p, "jsonresume") for p in JSONRESUME]
    + [(p, "fresh") for p in FRESH]
    + [(p, "reactive") for p in REACTIVE],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_every_corpus_resume_loads(path: Path, kind: str) -> None:
    loaded = read_file(path)
    assert loaded.format == kind
    assert loaded.resume.basics.name


@pytest.mark.corpus
def test_rendercv_classic_values() -> None:
    resume = read_file(corpus_path("rendercv", "rendercv-classic.yaml")).resume
    assert resume.basics.name == "John Doe"
    first = resume.work[0]
    assert (first.name, first.position, first.start_date, first.end_date) == (
        "Nexus AI",
        "Co-Founder & CTO",
        "2023-06",
        None,
    )
    assert resume.basics.profiles[0].url == "https://linkedin.com/in/rendercv"
    assert resume.projects[0].name == "FlashInfer"  # Markdown link text, not the link
    assert resume.projects[0].url == "https://github.com/"
    assert resume.publications[0].release_date == "2023-07"
    assert resume.skills[0].keywords == ["Python", "C++", "CUDA", "Rust", "Julia"]
    assert len(resume.awards) == 5  # "selected_honors" bullets
    assert resume.locale == "en"
    # No JSON Resume section: kept, not lost, under RenderCV's title for it (issue 19).
    kept = {other["title"]: other["lines"] for other in to_dict(resume)["otherSections"]}
    assert kept["Patents"][0].startswith("- Adaptive Quantization")
    assert set(kept) == {"Welcome to RenderCV", "Patents", "Invited Talks"}
    assert resume.meta.markdown is True


@pytest.mark.corpus
def test_reactive_azurill_values() -> None:
    loaded = read_file(corpus_path("pdf", "reactive-resume-azurill.json"))
    resume = loaded.resume
    assert resume.basics.name == "John Doe"
    assert resume.basics.label == "Creative and Innovative Web Developer"
    assert len(resume.work) == 2
    assert (resume.work[0].start_date, resume.work[0].end_date) == ("2019-01", None)
    assert (resume.work[1].start_date, resume.work[1].end_date) == ("2016-06", "2018-12")
    assert len(resume.work[0].highlights) == 3
    assert "<" not in (resume.basics.summary or "")
    assert resume.references == []  # the section is hidden in Reactive Resume
    assert any(w.path == "sections.references" for w in loaded.warnings)


@pytest.mark.corpus
def test_fresh_starter_values() -> None:
    resume = read_file(corpus_path("json_resume", "fresh-tests-starter-resume.fresh.json")).resume
    assert [w.name for w in resume.work] == ["Most Recent Employer", "Previous Employer"]
    assert resume.work[0].start_date == "2013-10"
    assert resume.education[0].courses[0] == "Data Algorithms"
    assert [s.name for s in resume.skills] == ["Web Development", "Ninjitsu", "Skillset #3"]
    assert resume.awards[0].awarder == "HackMyResume"
    assert resume.publications[0].publisher == "Acme University Press"
    assert "testimonials" in to_dict(resume)


@pytest.mark.corpus
def test_fresh_with_odd_characters_loads_verbatim() -> None:
    resume = read_file(corpus_path("ground_truth", "fresh-johnny-trouble-valid.json")).resume
    assert resume.work[0].name == "AB&C's Awesome <Tagged> **Company**"
    assert "extracurricular" in to_dict(resume)


@pytest.mark.corpus
def test_theme_fixture_with_null_end_dates_loads_with_warnings() -> None:
    loaded = read_file(corpus_path("json_resume", "jsonresume-org-theme-reference-fixture.json"))
    assert any(w.path.endswith(".endDate") and "null" in w.message for w in loaded.warnings)


@pytest.mark.corpus
def test_broken_json_names_its_line() -> None:
    with pytest.raises(InvalidResume, match=r"JSON syntax error at line \d+"):
        read_file(corpus_path("ground_truth", "fresh-johnny-trouble-BROKEN-syntax.json"))


@pytest.mark.corpus
def test_rendercv_fragment_is_not_a_resume() -> None:
    with pytest.raises(InvalidResume, match="not a résumé"):
        read_file(corpus_path("rendercv", "rendercv-docs-sample-entries-FRAGMENT.yaml"))


@pytest.mark.corpus
def test_invalid_rendercv_lists_every_problem_by_path() -> None:
    """Each location RenderCV's own test expects (except the photo file check) is reported."""
    with pytest.raises(InvalidResume) as caught:
        read_file(corpus_path("ground_truth", "rendercv-invalid-input.yaml"))
    paths = {p.path for p in caught.value.problems}
    sections = "cv.sections.welcome_to_rendercv_tests"
    expected = {
        "cv.email[0]",
        "cv.email[1]",
        "cv.phone",
        "cv.website",
        "cv.social_networks[1].username",
        "cv.social_networks[2].username",
        sections,
        f"{sections}_2[1].institution",
        f"{sections}_2[1].area",
        f"{sections}_3[0].position",
        f"{sections}_4[0].date",
        f"{sections}_6[0].date",
        f"{sections}_7[0].name",
        f"{sections}_8[0]",
        f"{sections}_9[0].authors",
        "design.theme",
        "settings.current_date",
    }
    assert expected <= paths
    assert "month 13 does not exist" in caught.value.message
    assert "2025-01-50 does not exist" in caught.value.message
    assert f"{sections}_5" not in " ".join(paths)  # "Fall 2025" is a valid free-text date


def test_rendercv_fixture() -> None:
    loaded = read_file(DATA / "rendercv-small.yaml")
    resume, warned = loaded.resume, {w.path for w in loaded.warnings}
    assert resume.basics.label == "Platform engineer"
    assert resume.basics.email == "ada@example.org"
    assert resume.basics.model_extra == {"otherEmails": ["ada.alt@example.org"]}
    # Text keeps its Markdown (meta.markdown); names are plain (issue 19).
    assert resume.basics.summary == "Builds *calm* systems; see [my site](https://ada.example.org)."
    assert resume.basics.profiles[1].url == "https://social.example/@ada"
    assert (resume.work[0].start_date, resume.work[0].end_date) == ("2020-05", None)
    assert resume.work[0].highlights == ["Cut deploy time by **80%**"]
    assert resume.work[1].model_extra == {"date": "Summer 2015"}
    assert "cv.sections.experience[1].date" in warned
    assert resume.education[0].study_type == "MSc"
    assert resume.education[0].start_date == "2012"
    assert resume.skills[0].keywords == ["Python", "Rust"]
    assert (resume.projects[0].name, resume.projects[0].url) == (
        "tailor",
        "https://example.org/tailor",
    )
    assert resume.projects[0].start_date == resume.projects[0].end_date == "2021"
    assert resume.awards[0].title == "Best talk 2022"
    assert resume.certificates[0].date == "2023-02"
    assert (resume.languages[0].language, resume.languages[0].fluency) == ("French", "native")
    assert resume.publications[0].url == "https://doi.org/10.1000/xyz"
    assert resume.publications[0].model_extra["authors"] == ["**Ada Example**", "B. Other"]
    assert resume.education[0].model_extra["highlights"] == ["Thesis on graphs"]
    assert to_dict(resume)["otherSections"] == [{"title": "Patents", "lines": ["- A patent"]}]
    assert resume.meta.markdown is True
    assert resume.locale == "fr"


def test_fresh_fixture() -> None:
    loaded = read_file(DATA / "fresh-small.json")
    resume = loaded.resume
    assert loaded.format == "fresh"
    assert (resume.basics.label, resume.basics.summary) == ("Analyst", "Likes data.")
    assert resume.basics.image is None  # empty in the source
    assert resume.basics.location is not None
    assert resume.basics.location.postal_code == "0150"
    assert resume.basics.profiles[0].username == "fp"
    assert (resume.work[0].start_date, resume.work[0].end_date) == ("2019-03", "2021-12")
    assert resume.work[1].model_extra == {"start": "summer 2018"}
    assert (resume.education[0].study_type, resume.education[0].score) == ("BSc", "A")
    assert [s.name for s in resume.skills] == ["Analysis", "Excel"]
    assert resume.skills[0].keywords == ["SQL", "R"]
    assert resume.projects[0].roles == ["Creator"]
    assert resume.projects[0].description == "Maps."
    assert resume.volunteer[0].organization == "Red Cross"
    assert resume.awards[0].awarder == "Data AS"
    assert resume.publications[0].release_date == "2020-06"
    assert resume.languages[0].fluency == "native"
    assert resume.references[0].reference == "Great analyst."
    assert resume.meta.version == "0.0.1"
    document = to_dict(resume)
    assert "format" not in document["meta"]
    assert {"testimonials", "extracurricular"} <= document.keys()


def test_reactive_fixture() -> None:
    loaded = read_file(DATA / "reactive-small.json")
    resume, warned = loaded.resume, {w.path for w in loaded.warnings}
    assert loaded.format == "reactive"
    assert resume.basics.summary == "Designs things & more."
    assert resume.basics.url == "https://rea.example.org"
    assert resume.basics.image == "https://rea.example.org/me.jpg"
    assert resume.basics.profiles[0].url == "https://dribbble.com/rea"
    work = resume.work
    assert [w.name for w in work] == ["Studio", "Agency", "Shop", "Fair"]  # "Secret" is hidden
    assert (work[0].start_date, work[0].end_date) == ("2020-01", "2021-12")
    assert (work[0].summary, work[0].highlights) == (
        "Ran the studio.",
        ["Hired 4", "Shipped 12 sites"],
    )
    assert (work[1].start_date, work[1].end_date) == ("2016-09", None)
    assert (work[2].start_date, work[2].end_date) == ("2014", "2016")
    assert work[3].model_extra == {"date": "Summer of 2013"}
    assert "sections.experience.items[3].date" in warned
    assert "sections.experience.items[4]" in warned
    assert resume.skills[0].level == "Expert"
    assert resume.awards[0].date == "2019-03"
    assert resume.references == []
    assert "sections.references" in warned
    assert to_dict(resume)["otherSections"] == [
        {"title": "Exhibitions", "lines": ["Lisbon Show · Lisbon · 2018", "Group show"]}
    ]


def test_markdown_is_stripped_to_plain_text() -> None:
    assert plain("This is **bold**, *italic*, and [link](https://example.com).") == (
        "This is bold, italic, and link."
    )
    assert plain("***H. Tom***") == "H. Tom"
    assert plain("5 * 3 = 15") == "5 * 3 = 15"


def test_html_becomes_text_and_highlights() -> None:
    text, items = html_text("<p>One &amp; two</p><ul><li><p>A</p></li><li>B <em>b</em></li></ul>")
    assert (text, items) == ("One & two", ["A", "B b"])


def test_a_list_in_a_list_item_becomes_sub_bullets() -> None:
    """Issue 19: a nested list was run into its parent's text ("A a1 a2")."""
    html = "<ul><li><p>A</p><ul><li>a1</li><li>a2<ul><li>a21</li></ul></li></ul></li>"
    html += "<li>B</li></ul>"
    assert html_text(html)[1] == ["A\n- a1\n- a2\n  - a21", "B"]


def test_rendercv_sub_bullets_and_markdown_are_kept() -> None:
    """Issue 19: RenderCV's " - " sub-bullets become lines, and text keeps its Markdown while
    names and skills are plain."""
    resume = read_file(corpus_path("rendercv", "rendercv-classic.yaml")).resume
    assert resume.work[2].highlights[1].splitlines() == [
        "Published research at top-tier venues with significant academic impact",
        "  - ICML 2022 main conference paper, cited 340+ times within two years",
        "  - NeurIPS 2022 workshop paper on emergent communication protocols",
        "  - Invited journal extension in JMLR (2023)",
    ]
    welcome = to_dict(resume)["otherSections"][0]["lines"]
    assert welcome[-1].endswith("This is **bold**, *italic*, and [link](https://example.com).")
    assert resume.publications[0].model_extra["authors"][0] == "*John Doe*"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 2019 - Present", ("2019-01", None)),
        ("Jan 2020 – Dec 2021", ("2020-01", "2021-12")),
        ("2016 - 2020", ("2016", "2020")),
        ("Sept. 2018 to Current", ("2018-09", None)),
        ("03/2019 — 11/2020", ("2019-03", "2020-11")),
        ("2019-03 - 2020-05", ("2019-03", "2020-05")),
        ("2019", ("2019", "2019")),
        ("Summer 2020", None),
        ("", None),
    ],
)
def test_reactive_date_lines(text: str, expected: tuple[str, str | None] | None) -> None:
    assert parse_range(text) == expected


def test_reactive_single_dates() -> None:
    assert parse_date("March 2019") == "2019-03"
    assert parse_date("13/2019") is None
    assert parse_date("Smarch 2019") is None


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        ({}, "jsonresume"),
        ({"basics": {}, "contact": "kept"}, "jsonresume"),  # an unknown key is not FRESH
        ({"meta": {"format": "FRESH@1.0.0"}}, "fresh"),
        ({"name": "x", "employment": {}}, "fresh"),
        ({"basics": {}, "sections": {}, "metadata": {}}, "reactive"),
        ({"cv": {}}, "rendercv"),
        ({"design": {"theme": "classic"}}, "rendercv"),
        ({"education_entry": {}}, "unknown"),
    ],
)
def test_detect(document: dict[str, object], kind: str) -> None:
    assert detect(document) == kind


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("design:\n  theme: classic\n", "no cv: key; this is not a résumé"),
        ("cv:\n", "cv: is empty"),
        ('{"title": "Job ad", "company": "X"}', "not a résumé"),
    ],
)
def test_documents_that_are_not_resumes_fail_clearly(text: str, message: str) -> None:
    with pytest.raises(InvalidResume, match=message):
        read_text(text, source="upload")


def test_rendercv_section_mixing_entry_types_is_rejected() -> None:
    text = (
        "cv:\n  sections:\n    work:\n      - company: A\n        position: B\n      - Just text\n"
    )
    with pytest.raises(InvalidResume, match=r"cv\.sections\.work\[1\]: not the section's entry"):
        read_text(text)


def test_fresh_sections_without_a_json_resume_place_are_shown_as_other_sections() -> None:
    extra = {
        "speaking": [
            {"title": "Queues", "event": "PyCon", "date": "2024", "highlights": ["A keynote\n"]}
        ],
        "affiliation": {
            "summary": "Member of groups.",
            "history": [{"role": "Chair", "organization": "ACM", "start": "2019"}],
        },
        "testimonials": [{"name": "Ada", "quote": "Hire   her."}],
        "reading": "not a list",  # what the raw editor may leave: no section, no error
        "samples": [{"title": ""}, 7],
    }
    assert fresh.extra_sections(extra) == [
        {"title": "Affiliations", "lines": ["Member of groups.", "- Chair, ACM, 2019"]},
        {"title": "Speaking", "lines": ["- Queues, PyCon, 2024", "  - A keynote"]},
        {"title": "Testimonials", "lines": ["- Hire her. — Ada"]},
    ]
    document = to_dict(read_file(DATA / "fresh-small.json").resume)
    shown = [section["title"] for section in fresh.extra_sections(document)]
    assert {"Testimonials", "Extracurricular"} <= set(shown)
