"""The match score: parts that add up, evidence for each, skills located, suggestions to act on."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from tailorcv.match import analyse, profile, score
from tailorcv.resume import validate
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 1)
RESUME = validate(json.loads((EXAMPLES / "resume.json").read_text())).resume
JOB = analyse((EXAMPLES / "job.txt").read_text())


def resume(doc: dict[str, Any]):  # type: ignore[no-untyped-def]
    return validate(doc).resume


def test_the_parts_add_up_to_the_score_and_the_weights_to_100() -> None:
    match = score(RESUME, JOB, today=TODAY)
    assert match.score == pytest.approx(sum(p.points for p in match.parts), abs=0.051)
    assert sum(p.weight for p in match.parts) == pytest.approx(100, abs=0.2)
    assert all(0 <= p.points <= p.weight + 1e-9 for p in match.parts)
    assert all(p.evidence for p in match.parts)


def test_the_example_fits_the_example_job_well_and_says_where() -> None:
    match = score(RESUME, JOB, today=TODAY)
    assert match.score >= 75
    kubernetes = next(s for s in match.skills if s.name == "Kubernetes")
    assert kubernetes.matched
    assert "work[0].highlights[1]" in kubernetes.where


def test_a_missing_required_skill_gets_a_suggestion_naming_the_likeliest_role() -> None:
    doc = {
        "work": [
            {
                "name": "Cafe Nero",
                "position": "Barista",
                "highlights": ["Served 300 coffees a day."],
            },
            {
                "name": "Infra Co",
                "position": "Platform Engineer",
                "highlights": ["Ran Kubernetes on AWS.", "Built Docker images for 40 services."],
            },
        ]
    }
    match = score(resume(doc), JOB, today=TODAY)
    assert not next(s for s in match.skills if s.name == "Terraform").matched
    tip = next(t for t in match.suggestions if t.startswith("Terraform"))
    assert tip == (
        "Terraform is required and appears nowhere; "
        "if you used it at Infra Co, say so in that role."
    )


def test_parts_the_job_does_not_ask_about_carry_no_weight() -> None:
    job = analyse("Gardener\n\nRequirements:\n- Pruning\n")
    match = score(resume({"basics": {"name": "A"}}), job, today=TODAY)
    weights = {p.key: p.weight for p in match.parts}
    assert weights["years"] == 0
    assert weights["education"] == 0
    assert sum(weights.values()) == pytest.approx(100, abs=0.2)


def test_an_empty_resume_scores_low_but_does_not_fail() -> None:
    match = score(resume({}), JOB, today=TODAY)
    assert match.score < 20
    assert any("summary" in t for t in match.suggestions)


def test_a_better_resume_scores_higher() -> None:
    weaker = json.loads((EXAMPLES / "resume.json").read_text())
    weaker["work"] = weaker["work"][2:]
    weaker["skills"] = [{"name": "Web", "keywords": ["Django"]}]
    assert (
        score(resume(weaker), JOB, today=TODAY).score < score(RESUME, JOB, today=TODAY).score - 20
    )


def test_overlapping_jobs_count_once() -> None:
    doc = {
        "work": [
            {"name": "A", "startDate": "2020-01", "endDate": "2021-12"},
            {"name": "B", "startDate": "2021-01", "endDate": "2022-12"},
            {"name": "C", "startDate": "2024-01"},
        ]
    }
    assert profile.years_of_experience(resume(doc), date(2024, 12, 31)) == 4.0


@pytest.mark.parametrize(
    ("study", "level"),
    [("BSc", "bachelor"), ("Master of Science", "master"), ("PhD", "doctorate"), ("", None)],
)
def test_education_level(study: str, level: str | None) -> None:
    doc = {"education": [{"institution": "U", "studyType": study}]} if study else {}
    assert profile.education_level(resume(doc)) == level


def test_a_pdf_that_reads_back_badly_costs_readability() -> None:
    from tailorcv.ingest.readback import Finding, Readback

    clean = Readback(findings=[], checked=20)
    lossy = Readback(
        findings=[
            Finding("work[1].startDate", "2018-01", "", "missing"),
            Finding("work", "nordpay → fraktlogik", "fraktlogik → nordpay", "order"),
        ],
        checked=20,
    )
    right = score(RESUME, JOB, readback=clean, today=TODAY)
    wrong = score(RESUME, JOB, readback=lossy, today=TODAY)
    part = {p.key: p for p in wrong.parts}["readability"]
    assert (
        "✗ the PDF reads back 19 of 20 fields (lost or misread: work[1].startDate)" in part.evidence
    )
    assert "✗ the PDF reads in order" in part.evidence
    assert wrong.score < right.score


def test_the_json_shape_is_stable() -> None:
    data = score(RESUME, JOB, today=TODAY).to_dict()
    # Fields may be added (counts, confidence and notes were, in issue 15); none removed.
    assert {"score", "parts", "matched", "missing", "suggestions"} <= set(data)
    assert set(data["parts"][0]) == {"key", "label", "weight", "points", "evidence"}
    keys = {"required", "preferred", "title", "years", "education", "completeness"}
    assert keys | {"readability"} <= {p["key"] for p in data["parts"]}
    assert set(data["counts"]["required"]) == {"met", "total", "missing"}
    assert set(data["matched"][0]) == {
        "skill",
        "category",
        "tier",
        "where",
        "asked",
        "alternatives",
    }
    json.dumps(data)
