"""Is this a résumé? A cover letter, a job ad, an invoice or plain prose is refused with its
reasons; every real résumé passes; a name its bytes contradict is said, not obeyed (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tailorcv.errors import NotAResume
from tailorcv.ingest import read, read_path
from tailorcv.ingest.detect import misnamed
from tailorcv.ingest.document import Document, Line
from tailorcv.ingest.sections import parse
from tailorcv.ingest.verdict import judge
from tailorcv.render import list_templates, render
from tailorcv.resume import read_file
from tests.conftest import EXAMPLES, corpus_files, corpus_path
from tests.ingest import letters

COVER_LETTER = ("pdf", "awesome-cv-coverletter-NOT-A-RESUME.pdf")

# Every résumé of the corpus that is a document rather than structured data.
CORPUS_RESUMES = [
    *(p for p in corpus_files("pdf", "*.pdf") if "NOT-A-RESUME" not in p.name),
    *corpus_files("docx", "*.docx", "*.pdf"),
    *corpus_files("text_resumes", "*.txt", "*.md"),
    *corpus_files("json_resume", "*.pdf"),
    *corpus_files("rendercv", "*.pdf"),
    *corpus_files("ground_truth", "*cv-text.txt"),
]
CORPUS_JOBS = corpus_files("jobs", "*.txt", "*.md", "*.pdf")


def refusal(data: bytes, filename: str | None = None) -> NotAResume:
    with pytest.raises(NotAResume) as caught:
        read(data, filename)
    return caught.value


def test_the_corpus_cover_letter_is_refused() -> None:
    with pytest.raises(NotAResume) as caught:
        read_path(corpus_path(*COVER_LETTER))
    error = caught.value
    assert error.kind == "cover-letter"
    assert error.status == 422
    assert error.type.endswith("/not-a-resume")
    assert "this looks like a cover letter, not a résumé" in error.message
    assert "“Dear Mr./Ms./Dr. LastName”" in error.message
    assert "“Sincerely”" in error.message
    assert "Upload your résumé instead" in error.message


@pytest.mark.parametrize("path", CORPUS_RESUMES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_corpus_resume_passes(path: Path) -> None:
    imported = read_path(path)
    assert not [w for w in imported.warnings if "not a résumé" in w]


def test_the_corpus_holds_the_resumes_it_should() -> None:
    """The list above is not empty by accident: a renamed folder would pass every test."""
    corpus_path()
    assert len(CORPUS_RESUMES) >= 35


@pytest.mark.parametrize("path", CORPUS_JOBS, ids=lambda p: p.name)
def test_no_corpus_job_ad_passes_for_a_resume(path: Path) -> None:
    with pytest.raises(NotAResume) as caught:
        read_path(path)
    assert caught.value.kind in ("job-ad", "no-structure")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "txt", "md"])
@pytest.mark.parametrize("template", [t.name for t in list_templates()])
def test_every_resume_the_project_renders_passes(template: str, fmt: str) -> None:
    resume = read_file(EXAMPLES / "resume.json").resume
    imported = read(render(resume, template, fmt), f"cv.{fmt}")
    assert imported.resume.basics.name == "Maya Lindqvist"
    assert not [w for w in imported.warnings if "letter" in w or "named" in w]


def test_a_typst_cover_letter_is_refused_though_it_gives_an_email(tmp_path: Path) -> None:
    error = refusal(letters.cover_letter_pdf(tmp_path), "letter.pdf")
    assert error.kind == "cover-letter"
    assert error.reasons[:2] == ("it opens with “Dear Ms. Berg”", "it closes with “Kind regards”")


@pytest.mark.parametrize(
    ("text", "opens", "closes"),
    [
        (letters.GERMAN_LETTER, "Sehr geehrte Damen und Herren", "Mit freundlichen Grüßen"),
        (letters.FRENCH_LETTER, "Madame, Monsieur", "Cordialement"),
        (letters.SPANISH_LETTER, "Estimado señor García", "Atentamente"),
    ],
    ids=["de", "fr", "es"],
)
def test_a_cover_letter_is_refused_in_every_language(text: str, opens: str, closes: str) -> None:
    error = refusal(text.encode(), "anschreiben.txt")
    assert error.kind == "cover-letter"
    assert f"it opens with “{opens}”" in error.reasons
    assert f"it closes with “{closes}”" in error.reasons


@pytest.mark.parametrize(
    ("text", "kind", "says"),
    [
        (letters.JOB_AD, "job-ad", "this looks like a job ad, not a résumé: it speaks of"),
        (letters.INVOICE, "invoice", "this looks like an invoice, not a résumé"),
        (letters.NOVEL, "no-structure", "this does not look like a résumé: it has none of"),
        (letters.LOREM, "no-structure", "it gives no email, phone or web address"),
    ],
    ids=["job-ad", "invoice", "novel", "lorem-ipsum"],
)
def test_a_document_that_is_no_resume_is_refused(text: str, kind: str, says: str) -> None:
    error = refusal(text.encode(), "cv.txt")
    assert error.kind == kind
    assert says in error.message


def test_forcing_imports_it_and_keeps_the_reason() -> None:
    imported = read(letters.GERMAN_LETTER.encode(), "anschreiben.txt", force=True)
    assert imported.resume.basics.name == "Jonas Keller"
    assert imported.warnings[0].startswith("this looks like a cover letter, not a résumé")
    assert "it was imported because you asked for it" in imported.warnings[0]


def test_forcing_a_resume_changes_nothing() -> None:
    data = letters.TEXT_RESUME.encode()
    assert read(data, "cv.txt", force=True).warnings == read(data, "cv.txt").warnings


def test_a_letter_bound_before_a_resume_is_a_resume_with_a_warning() -> None:
    imported = read(letters.LETTER_THEN_RESUME.encode(), "bewerbung.txt")
    assert [w.position for w in imported.resume.work] == ["Data Engineer", "Analyst"]
    assert imported.warnings[0].startswith("the file holds a letter as well as a résumé")


def test_a_text_resume_named_pdf_imports_with_a_warning() -> None:
    imported = read(letters.TEXT_RESUME.encode(), "cv.pdf")
    assert imported.format == "text"
    assert imported.resume.basics.email == "ada.okafor@example.com"
    assert imported.warnings[0] == (
        "the file is named cv.pdf but holds plain text; it was read as text"
    )


def test_a_json_resume_named_pdf_imports_with_a_warning() -> None:
    data = (EXAMPLES / "resume.json").read_bytes()
    imported = read(data, "cv.pdf")
    assert imported.resume.basics.name == "Maya Lindqvist"
    assert imported.warnings[0] == "the file is named cv.pdf but holds JSON; it was read as JSON"


def test_a_job_ad_named_pdf_is_refused_saying_both() -> None:
    error = refusal(letters.JOB_AD.encode(), "cv.pdf")
    assert error.message.startswith("the file is named cv.pdf but holds plain text")
    assert "This looks like a job ad, not a résumé" in error.message


@pytest.mark.parametrize(
    ("kind", "filename", "says"),
    [
        ("text", "cv.pdf", "the file is named cv.pdf but holds plain text; it was read as text"),
        ("markdown", "CV.DOCX", "named CV.DOCX but holds Markdown text; it was read as Markdown"),
        ("pdf", "cv.txt", "the file is named cv.txt but holds a PDF; it was read as PDF"),
        ("docx", "notes.md", "named notes.md but holds a Word document (DOCX); it was read as"),
        ("pdf", "resume.json", "named resume.json but holds a PDF"),
        ("text", "cv.yaml", "named cv.yaml but holds plain text"),
        ("docx", "C:\\Users\\me\\cv.pdf", "the file is named cv.pdf but holds a Word document"),
    ],
)
def test_a_name_the_bytes_contradict_is_said(kind: str, filename: str, says: str) -> None:
    assert says in (misnamed(kind, filename) or "")


@pytest.mark.parametrize(
    ("kind", "filename"),
    [
        ("pdf", "cv.pdf"),
        ("docx", "cv.docx"),
        ("markdown", "cv.txt"),
        ("text", "cv.md"),
        ("yaml", "cv.txt"),
        ("json", "cv.json"),
        ("yaml", "cv.yml"),
        ("pdf", "cv"),
        ("text", "lebenslauf.rtf.download"),
        ("pdf", None),
    ],
)
def test_a_name_that_agrees_or_promises_nothing_is_not_mentioned(
    kind: str, filename: str | None
) -> None:
    assert misnamed(kind, filename) is None


def lines(*texts: str) -> Document:
    return Document(lines=[Line(text) for text in texts], kind="text")


def test_judge_is_a_pure_function_of_what_was_read() -> None:
    document = lines("Dear team,", "I would like to work with you on the next release.", "Regards,")
    first = judge(document, parse(document))
    assert first == judge(document, parse(document))
    assert first.kind == "cover-letter"


@pytest.mark.parametrize(
    "texts",
    [
        # A German strength, not a greeting; a greeting inside a sentence is no salutation.
        ("Jonas Keller", "jonas@example.com", "Kenntnisse", "Liebe zum Detail, Python, SQL"),
        ("Jane Roe", "Hello, I'm Jane, a designer who writes code", "Skills", "Figma, CSS"),
        # One section and a phone number: thin, but a résumé.
        ("Sam Lee", "+1 415 555 0100", "Skills", "Welding, forklift licence"),
    ],
)
def test_thin_resumes_pass(texts: tuple[str, ...]) -> None:
    document = lines(*texts)
    assert judge(document, parse(document)).is_resume


def test_a_structured_resume_is_judged_by_its_validation_alone() -> None:
    """A JSON résumé with only a name is valid, so it is imported, thin as it is."""
    imported = read(json.dumps({"basics": {"name": "Ada"}}).encode(), "cv.json")
    assert imported.resume.basics.name == "Ada"
    assert imported.warnings == []
