"""The guard reads what free text claims (issue 15): organisations named anywhere, numbers written
as words, the title a past role is given, and every skill the source lists, whatever the word."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tailorcv.cli import app
from tailorcv.resume import validate
from tailorcv.resume.model import Resume
from tailorcv.tailor import guard
from tailorcv.tailor.letter import letter_problems
from tests.conftest import EXAMPLES

TODAY = date(2026, 11, 1)
# Every skill the taxonomy needs context for in a sentence, listed where they need none.
LISTED = ["Go", "Rust", "R", "C", "Swift", "Ruby", "Spring", "Spark", "Kafka", "Flask", "Excel"]
SOURCE_DOC: dict[str, Any] = {
    "basics": {
        "name": "Sam Okafor",
        "label": "Staff Software Engineer",
        "summary": "Engineer who likes boring, well-measured systems.",
        "location": {"city": "Berlin", "countryCode": "DE"},
    },
    "work": [
        {
            "name": "Confluent",
            "position": "Staff Software Engineer",
            "location": "Berlin",
            "startDate": "2020-01",
            "highlights": [
                "Cut cloud costs by 80% by moving batch jobs to spot instances.",
                "Led a team of 5 engineers building the billing pipeline.",
                "Migrated billing to event sourcing in March 2022.",
            ],
        },
        {
            "name": "Zalando SE",
            "position": "Backend Engineer",
            "startDate": "2016-09",
            "endDate": "2019-11",
            "highlights": [
                "Built the returns service, one of the busiest in the company.",
                "Ran the on-call rotation for one team.",
            ],
        },
    ],
    "education": [
        {
            "institution": "Technical University of Munich",
            "studyType": "MSc",
            "area": "Informatics",
        }
    ],
    "skills": [
        {"name": "Languages", "keywords": LISTED[:6]},
        {"name": "Frameworks and tools", "keywords": LISTED[6:]},
    ],
    "projects": [
        {
            "name": "ledgerlite",
            "description": "An open-source double-entry ledger.",
            "keywords": ["Elixir", "Julia"],
        }
    ],
}
SOURCE = validate(SOURCE_DOC).resume
JOB_AD = (
    "Principal Engineer — Lumen Freight (Copenhagen)\n\n"
    "Lumen Freight moves pallets for European retailers. Requirements: Go, Kafka."
)
JOB_NAMES = ["Principal Engineer", "Lumen Freight"]


def tailored(summary: str | None = None, bullet: str | None = None) -> Resume:
    """The source with its summary, or its first bullet, rewritten."""
    doc = copy.deepcopy(SOURCE_DOC)
    if summary is not None:
        doc["basics"]["summary"] = summary
    if bullet is not None:
        doc["work"][0]["highlights"][0] = bullet
    return validate(doc).resume


def claims(summary: str | None = None, bullet: str | None = None) -> list[tuple[str, str]]:
    found = guard(SOURCE, tailored(summary, bullet), today=TODAY)
    return [(v.value, v.why) for v in found]


def in_letter(*paragraphs: str) -> list[str]:
    return letter_problems(SOURCE, JOB_AD, list(paragraphs), exempt=JOB_NAMES, today=TODAY)


# --- 1. organisations named in free text ----------------------------------------------------


def test_employers_named_in_the_summary_are_caught() -> None:
    found = claims(summary="Formerly at Google and Meta, a backend engineer.")
    assert found == [
        ("Google", "a name the source never mentions"),
        ("Meta", "a name the source never mentions"),
    ]


def test_a_client_named_in_a_bullet_is_caught() -> None:
    found = claims(bullet="Cut cloud costs by 80% and migrated billing at Netflix.")
    assert found == [("Netflix", "a name the source never mentions")]


def test_a_name_of_several_words_is_one_violation() -> None:
    found = claims(summary="Engineer who built the ledger for Goldman Sachs, e.g. Bank of America.")
    assert [value for value, _ in found] == ["Goldman Sachs", "Bank of America"]


def test_the_cli_guard_refuses_an_invented_employer(tmp_path: Path) -> None:
    source, lie = tmp_path / "source.json", tmp_path / "tailored.json"
    source.write_text(json.dumps(SOURCE_DOC))
    doc = copy.deepcopy(SOURCE_DOC)
    doc["basics"]["summary"] = "Formerly at Google, a backend engineer."
    lie.write_text(json.dumps(doc))
    result = CliRunner().invoke(app, ["guard", str(source), str(lie), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {"path": "basics.summary", "value": "Google", "why": "a name the source never mentions"}
    ]


@pytest.mark.parametrize(
    "honest",
    [
        "Staff engineer. Formerly a backend engineer; Enjoys calm on-call rotations.",  # openers
        "Engineer at Confluent and Zalando, with an MSc from Technical University of Munich.",
        "Runs Apache Kafka and Apache Spark jobs, and writes Microsoft Excel models.",  # skills
        "Moved billing to event sourcing in March 2022, and again in September.",  # months
        "Based in Berlin, at Confluent since 2020.",  # places of the source
        "Engineer at Zalando's returns team; Returns Service owner; led Billing Pipeline work.",
        "Cut cloud costs by 80% (Spot Instances, Batch Jobs).",
    ],
)
def test_names_the_source_supports_raise_no_alarm(honest: str) -> None:
    assert claims(summary=honest) == []


def test_a_letter_may_name_the_company_it_applies_to_but_no_other() -> None:
    honest = "I am applying for the Principal Engineer role at Lumen Freight in Copenhagen."
    assert in_letter(honest) == []
    found = in_letter(honest, "At Confluent I worked closely with Initech.")
    assert found == ["letter: 'Initech' — a name the source never mentions"]


# --- 2. numbers written as words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Cut cloud costs by ninety percent.", "ninety"),  # the source says 80%
        ("Led a team of twelve engineers.", "twelve"),  # the source says 5
        ("Led twenty-five engineers.", "twenty-five"),
        ("Ran a dozen services.", "dozen"),
        ("Served two hundred and fifty thousand users.", "two hundred and fifty thousand"),
    ],
)
def test_numbers_in_words_are_checked_like_digits(text: str, shown: str) -> None:
    assert claims(summary=text) == [(shown, "a number the source does not state")]


@pytest.mark.parametrize(
    "honest",
    [
        "Cut cloud costs by eighty percent.",
        "Led a team of five engineers.",
        "One of the engineers who ran one team; one-on-one reviews.",
        "Built one of the busiest services, with zero downtime.",
        "Hundreds of services, dozens of teams.",  # vague on purpose: no number claimed
    ],
)
def test_numbers_in_words_that_the_source_states_or_that_claim_nothing_pass(honest: str) -> None:
    assert claims(summary=honest) == []


# --- 3. the title of a past role ----------------------------------------------------------------


def test_a_letter_giving_a_past_role_another_title_is_caught() -> None:
    found = in_letter("As Principal Software Engineer at Confluent, I led the billing pipeline.")
    assert found == [
        "letter: 'Principal Software Engineer' — a title the source does not give: it says "
        "'Staff Software Engineer' there"
    ]


@pytest.mark.parametrize(
    "honest",
    [
        "As a Staff Software Engineer at Confluent, I led the billing pipeline.",
        "I am applying for the Principal Engineer role at Lumen Freight.",
        "I joined Zalando as a Backend Engineer, and Confluent as its Staff Software Engineer.",
        "As part of the billing team at Confluent, I cut cloud costs by 80%.",
        "Previously Staff Software Engineer at Confluent.",
        "As an engineer at Zalando I built the returns service.",
    ],
)
def test_the_titles_the_source_gives_and_the_jobs_own_pass(honest: str) -> None:
    assert in_letter(honest) == []


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        ("Engineering Manager at Confluent.", "Engineering Manager"),
        ("Engineering Manager at Zalando SE.", "Engineering Manager"),  # once, suffix or not
        ("I joined Zalando SE as a Senior Backend Engineer.", "Senior Backend Engineer"),
        ("Worked as lead engineer at Zalando.", "lead engineer"),
        ("As Principal Engineer at Confluent, I led billing.", "Principal Engineer"),
    ],
)
def test_an_invented_title_is_caught_in_the_summary_too(text: str, claimed: str) -> None:
    found = claims(summary=text)
    assert [value for value, _ in found] == [claimed]
    assert "a title the source does not give" in found[0][1]


# --- 4. what the source lists counts as stated ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Writes Go and Rust services.",
        "Analyses data in R and Excel; C and Swift for the rest.",
        "Built pipelines with Spark, Kafka and Flask on Spring.",
        "Ruby developer at heart.",
        "Prototyped the ledger in Elixir and Julia.",  # a project's keywords
    ],
)
def test_a_skill_the_source_lists_is_stated_whatever_the_word(text: str) -> None:
    assert claims(summary=text) == []
    assert claims(bullet=text) == []


def test_an_unlisted_skill_is_still_caught_in_a_sentence() -> None:
    doc = copy.deepcopy(SOURCE_DOC)
    doc["skills"] = [{"name": "Languages", "keywords": ["Python"]}]
    doc["projects"] = []
    source = validate(doc).resume
    doc["basics"]["summary"] = "Engineer who writes Go and Rust services."
    found = [(v.value, v.why) for v in guard(source, validate(doc).resume, today=TODAY)]
    assert ("Rust", "a skill the source never names") in found
    assert ("Go", "a skill the source never names") in found


def test_a_grouped_number_supports_itself_not_its_first_digits() -> None:
    """The example says "12,000 parcel deliveries" and "four engineers": twelve engineers is an
    invention, 12k deliveries is not."""
    doc = json.loads((EXAMPLES / "resume.json").read_text())
    source = validate(doc).resume
    doc["work"][0]["highlights"][3] = "Mentored twelve engineers; two were promoted."
    doc["work"][1]["highlights"][0] = "Built the Go route planner for 12k deliveries a day."
    found = [(v.path, v.value) for v in guard(source, validate(doc).resume, today=TODAY)]
    assert found == [("work[0].highlights[3]", "twelve")]
