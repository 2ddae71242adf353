"""Offline tailoring: relevant bullets first, matched skills first, a factual summary, a page
budget, and — over generated résumés — never a claim the guard rejects."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tailorcv.match import analyse
from tailorcv.resume import to_dict, validate
from tailorcv.resume.model import Resume
from tailorcv.tailor import guard, offline
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 1)
RESUME = validate(json.loads((EXAMPLES / "resume.json").read_text())).resume
JOB = analyse((EXAMPLES / "job.txt").read_text())


def bullets(resume: Resume) -> int:
    return sum(len(w.highlights) for w in resume.work)


def test_the_most_relevant_bullet_of_each_role_comes_first() -> None:
    job = analyse("Kafka Engineer\n\nRequirements:\n- Kafka\n- Terraform\n")
    result = offline(RESUME, job, today=TODAY)
    first = result.resume.work[0].highlights
    assert "Kafka" in first[0] or "Terraform" in first[0]
    assert "Mentored" in first[-1]
    assert any(c.kind == "moved" and "Kafka" in c.why for c in result.changes)


def test_matched_skills_move_to_the_front_of_their_group() -> None:
    job = analyse("Engineer\n\nRequirements:\n- Redis\n")
    result = offline(RESUME, job, today=TODAY)
    data = next(g for g in result.resume.skills if g.name == "Data")
    assert data.keywords[0] == "Redis"
    assert result.resume.skills[0].name == "Data"


def test_a_summary_line_is_written_from_the_resumes_own_facts() -> None:
    """Its label, its dated years (no text states a figure) and the job's skills it shows."""
    doc = json.loads((EXAMPLES / "resume.json").read_text())
    doc["basics"]["summary"] = "Enjoys making systems boring to operate."
    source = validate(doc).resume
    result = offline(source, JOB, today=TODAY)
    assert result.resume.basics.summary == (
        "Senior Backend Engineer with 10 years of experience in Python, Go and Kubernetes. "
        "Enjoys making systems boring to operate."
    )


def test_the_score_does_not_drop_and_the_guard_passes() -> None:
    result = offline(RESUME, JOB, today=TODAY)
    assert result.after.score >= result.before.score
    assert guard(RESUME, result.resume, today=TODAY) == []


def test_the_source_is_left_untouched() -> None:
    before = to_dict(RESUME)
    offline(RESUME, JOB, today=TODAY)
    assert to_dict(RESUME) == before


def test_the_page_budget_drops_the_least_relevant_bullets_first() -> None:
    result = offline(RESUME, JOB, pages=1, count_pages=lambda r: 1 + bullets(r) // 6, today=TODAY)
    assert result.pages == 1
    assert bullets(result.resume) == 5
    dropped = [c for c in result.changes if c.kind == "dropped" and ".highlights" in c.path]
    assert len(dropped) == bullets(RESUME) - 5
    assert all(len(w.highlights) >= 1 for w in result.resume.work)
    assert not any("Kubernetes" in c.text for c in dropped)


def test_an_impossible_budget_says_so_and_drops_nothing() -> None:
    """Drops that cannot reach the budget would only cost, so none is made (issue 15)."""
    result = offline(RESUME, JOB, pages=1, count_pages=lambda r: 3, today=TODAY)
    assert result.pages == 3
    assert not any(c.kind == "dropped" for c in result.changes)
    assert result.notes == [
        "still 3 pages: even without its least relevant material it would not fit on 1 page, "
        "so nothing was dropped; shorten it by hand"
    ]


def test_a_real_render_fits_one_page() -> None:
    from tailorcv.render import count_pages

    doc = json.loads((EXAMPLES / "resume.json").read_text())
    for job in doc["work"]:
        job["highlights"] = job["highlights"] * 4
    long = validate(doc).resume
    assert count_pages(long) > 1
    result = offline(long, JOB, pages=1, count_pages=count_pages, today=TODAY)
    assert result.pages == 1
    assert count_pages(result.resume) == 1


# --- the property: whatever the résumé and the job, the offline engine invents nothing ---------

SKILLS = [
    "Python",
    "Go",
    "Kubernetes",
    "PostgreSQL",
    "Terraform",
    "Excel",
    "SEO",
    "React",
    "Kafka",
    "Figma",
    "SQL",
    "AWS",
    "Docker",
    "Java",
    "Tableau",
]
WORDS = ["built", "led", "cut", "grew", "the", "platform", "team", "costs", "by", "for", "users"]
bullet = st.lists(
    st.sampled_from(SKILLS + WORDS) | st.integers(0, 999).map(str), min_size=1, max_size=12
).map(" ".join)
month = st.tuples(st.integers(2005, 2025), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}")
work = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["Acme", "Globex", "Initech", "Umbrella"]),
        "position": st.sampled_from(["Engineer", "Analyst", "Senior Engineer", "Manager"]),
        "highlights": st.lists(bullet, max_size=6),
    },
    optional={"startDate": month, "endDate": month},
)
resumes = st.fixed_dictionaries(
    {
        "basics": st.fixed_dictionaries(
            {"name": st.just("Pat"), "label": st.sampled_from(["Engineer", "Analyst"])},
            optional={"summary": bullet},
        ),
        "work": st.lists(work, max_size=4),
        "skills": st.lists(
            st.fixed_dictionaries(
                {
                    "name": st.sampled_from(["Tools", "Languages"]),
                    "keywords": st.lists(st.sampled_from(SKILLS), max_size=5),
                }
            ),
            max_size=3,
        ),
        "projects": st.lists(
            st.fixed_dictionaries(
                {"name": st.sampled_from(["alpha", "beta"]), "description": bullet}
            ),
            max_size=2,
        ),
    },
)
ads = st.lists(st.sampled_from(SKILLS), min_size=1, max_size=6, unique=True).map(
    lambda s: (
        "Engineer\n\nRequirements:\n"
        + "".join(f"- {x}\n" for x in s[:3])
        + "\nNice to have:\n"
        + "".join(f"- {x}\n" for x in s[3:])
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=resumes, ad=ads, budget=st.integers(1, 2))
def test_offline_tailoring_never_produces_a_violation(
    doc: dict[str, Any], ad: str, budget: int
) -> None:
    source = validate(doc).resume
    result = offline(
        source, analyse(ad), pages=budget, count_pages=lambda r: 1 + bullets(r) // 5, today=TODAY
    )
    assert guard(source, result.resume, today=TODAY) == []
