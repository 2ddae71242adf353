"""Suggestions for weak bullets and cover letters, through the local provider, and offline."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import docx
import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings

from tailorcv.errors import UnsupportedFormat
from tailorcv.match import JobAnalysis
from tailorcv.render.letter import render_letter
from tailorcv.resume.model import Resume
from tailorcv.tailor.letter import letter_problems, offline_letter, write_letter
from tailorcv.tailor.llm.engine import LLMEngine
from tailorcv.tailor.llm.suggest import suggest, weak_bullets
from tests.llm.provider import Provider, answer
from tests.tailor.test_offline import ads, resumes

Make = Callable[..., LLMEngine]
TODAY = date(2026, 11, 24)
HONEST_DRAFT = {
    "greeting": "Dear Hiring Manager,",
    "paragraphs": [
        "I am applying for the Senior Platform Engineer role at Lumen Freight.",
        "At Nordpay I led the migration of 30 services to Kubernetes on AWS with Terraform.",
        "I would be glad to talk about how I can help your platform team.",
    ],
    "closing": "Kind regards,",
}
INVENTED_DRAFT = {
    **HONEST_DRAFT,
    "paragraphs": ["Before Nordpay I spent five years at Spotify scaling its platform."],
}


def test_suggestions_from_the_model_carry_rewrites(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(
        answer(
            {
                "suggestions": [
                    {
                        "section": "work",
                        "entry": 2,
                        "bullet": 0,
                        "text": "Built Django applications for municipal customers and ran "
                        "their CI pipelines on GitLab.",
                        "why": "leads with a stronger verb",
                    }
                ]
            }
        )
    )
    found, outcome = suggest(make_engine(), source, analysis, job_text)
    assert outcome.engine == "llm"
    assert [s.path for s in found] == ["work[2].highlights[0]"]
    assert found[0].bullet == source.work[2].highlights[0]
    assert found[0].rewrite is not None
    assert found[0].rewrite.startswith("Built Django")


def test_a_suggestion_inventing_a_number_falls_back_to_offline_ones(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    invented = {
        "suggestions": [
            {
                "section": "work",
                "entry": 1,
                "bullet": 1,
                "text": "Replaced a nightly batch with RabbitMQ streaming, cutting delays by 95%.",
                "why": "quantified",
            }
        ]
    }
    provider.script(answer(invented), answer(invented))
    found, outcome = suggest(make_engine(), source, analysis, job_text)
    assert outcome.engine.startswith("offline (fallback:")
    assert any("95" in p for p in outcome.problems)
    assert found == weak_bullets(source, analysis)
    assert all(s.rewrite is None for s in found)


def test_offline_suggestions_name_weak_bullets_and_why() -> None:
    from tailorcv.match import analyse
    from tailorcv.resume import validate

    resume = validate(
        {
            "basics": {"name": "Ann"},
            "work": [
                {
                    "name": "Acme",
                    "position": "Engineer",
                    "highlights": [
                        "Responsible for the billing service in Python.",
                        "Cut build times by 40% with caching.",
                    ],
                }
            ],
        }
    ).resume
    found = weak_bullets(resume, analyse("Backend Engineer\nRequirements: Python"))
    assert [s.path for s in found] == ["work[0].highlights[0]"]
    assert any("duty" in why for why in found[0].why)
    assert any("number" in why for why in found[0].why)


def test_an_honest_draft_becomes_the_letter(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(answer(HONEST_DRAFT))
    letter, outcome = write_letter(make_engine(), source, analysis, job_text, today=TODAY)
    assert outcome.engine == "llm"
    assert letter.paragraphs == HONEST_DRAFT["paragraphs"]
    assert (letter.name, letter.company, letter.date) == (
        "Maya Lindqvist",
        "Lumen Freight",
        "24 November 2026",
    )


def test_a_draft_inventing_an_employer_falls_back_to_the_offline_letter(
    make_engine: Make, provider: Provider, source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    provider.script(answer(INVENTED_DRAFT), answer(INVENTED_DRAFT))
    letter, outcome = write_letter(make_engine(), source, analysis, job_text, today=TODAY)
    assert outcome.engine == ("offline (fallback: the answer claimed what the résumé does not say)")
    assert "Spotify" in provider.requests[1]["messages"][-1]["content"]
    assert letter == offline_letter(source, analysis, today=TODAY)


def test_the_offline_letter_states_only_the_resumes_facts(
    source: Resume, analysis: JobAnalysis, job_text: str
) -> None:
    letter = offline_letter(source, analysis, today=TODAY)
    exempt = [analysis.title, analysis.company or ""]
    assert letter_problems(source, job_text, letter.paragraphs, exempt=exempt) == []
    assert "Lumen Freight" in letter.paragraphs[0]
    assert any("Nordpay" in p for p in letter.paragraphs)


def test_the_letter_check_catches_invented_numbers_and_names(source: Resume, job_text: str) -> None:
    found = letter_problems(
        source, job_text, ["I grew revenue by 300% while working with Oracle at Initech."]
    )
    assert any("300" in p for p in found)
    assert any("Initech" in p for p in found)


@pytest.mark.parametrize("template", ["classic", "modern", "compact"])
def test_the_letter_pdf_reads_back_in_each_family(
    template: str, source: Resume, analysis: JobAnalysis
) -> None:
    letter = offline_letter(source, analysis, today=TODAY)
    pdf = pypdfium2.PdfDocument(render_letter(source, letter.to_dict(), template, "pdf"))
    try:
        assert len(pdf) == 1
        text = " ".join(pdf[0].get_textpage().get_text_range().split())
    finally:
        pdf.close()
    assert "Maya Lindqvist" in text
    assert "Application: Senior Platform Engineer" in text
    assert "I am writing to apply for the Senior Platform Engineer position" in text


def test_the_letter_docx_has_its_paragraphs(source: Resume, analysis: JobAnalysis) -> None:
    letter = offline_letter(source, analysis, today=TODAY)
    document = docx.Document(io.BytesIO(render_letter(source, letter.to_dict(), None, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    for paragraph in letter.paragraphs:
        assert paragraph in paragraphs
    assert paragraphs[0] == "Maya Lindqvist"


def test_letter_text_is_data_never_markup(source: Resume) -> None:
    hostile = {
        "name": "#panic()",
        "greeting": '#read("/etc/passwd")',
        "paragraphs": ['*bold* $x$ #import "x"', "\x00\x07 control"],
        "closing": "]",
    }
    pdf = pypdfium2.PdfDocument(render_letter(source, hostile, "classic", "pdf"))
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert '#read("/etc/passwd")' in text
    assert "*bold* $x$" in text
    docx_bytes = render_letter(source, hostile, "classic", "docx")
    assert docx_bytes.startswith(b"PK")


def test_an_unknown_letter_format_is_refused(source: Resume) -> None:
    with pytest.raises(UnsupportedFormat):
        render_letter(source, {}, "classic", "png")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=resumes, ad=ads)
def test_the_offline_letter_never_claims_what_the_resume_lacks(
    doc: dict[str, Any], ad: str
) -> None:
    """Over generated résumés and ads (the offline tailoring's property test's), the honest
    letter passes its own check: the fallback can always be served."""
    from tailorcv.match import analyse
    from tailorcv.resume import validate

    source = validate(doc).resume
    analysis = analyse(ad)
    letter = offline_letter(source, analysis, today=TODAY)
    exempt = [analysis.title, analysis.company or ""]
    assert letter_problems(source, ad, letter.paragraphs, exempt=exempt, today=TODAY) == []
