"""One count everywhere (issue 15): the match report, the API's match, a batch's result, its page
row and its CSV give the same number of required skills met for the same pair."""

from __future__ import annotations

import csv
import io
from datetime import date

from rich.console import Console

from tailorcv import reports
from tailorcv.batch import Criteria, Entry, evaluate, rank, to_csv
from tailorcv.match import analyse, score
from tailorcv.resume import validate

TODAY = date(2026, 11, 1)
# Eight required needs, one of them an either-or group of three: "Java, Kotlin or Scala" is one.
AD = """Engineer

Requirements:
- Java, Kotlin or Scala
- PostgreSQL
- Kubernetes
- Terraform
- Kafka and Redis
- Docker
- GraphQL
"""
RESUME = validate(
    {
        "basics": {"name": "Ana Lima", "label": "Backend Engineer"},
        "work": [
            {
                "name": "Acme",
                "position": "Backend Engineer",
                "startDate": "2019-01",
                "highlights": ["Built Kotlin services on PostgreSQL and Kubernetes with Docker."],
            }
        ],
        "skills": [{"name": "Backend", "keywords": ["Kotlin", "PostgreSQL", "Docker", "Redis"]}],
    }
).resume


def test_an_either_or_group_counts_once_met_by_any_member() -> None:
    match = score(RESUME, analyse(AD), today=TODAY)
    required = match.tally("required")
    assert required.total == 8
    assert "Kotlin" in required.met
    assert not any("Java" in need for need in required.missing)
    assert set(required.missing) == {"Terraform", "Apache Kafka", "GraphQL"}
    assert str(required) == "5 of 8"


def test_the_report_the_api_the_batch_page_and_its_csv_agree() -> None:
    analysis = analyse(AD)
    match = score(RESUME, analysis, today=TODAY)
    expected = (len(match.tally("required").met), match.tally("required").total)

    console = Console(record=True, width=200)
    reports.print_match(console, match)
    assert f"{expected[0]} of {expected[1]} required skills shown" in console.export_text()

    api = match.to_dict()["counts"]["required"]
    assert (api["met"], api["total"]) == expected

    result = evaluate(RESUME, analysis)
    assert (result["required_met"], result["required_total"]) == expected
    ranking = rank(
        [Entry("1", 0, "ana.json", "succeeded", result["score"], result)], Criteria(), blind=False
    )
    row = ranking.ranked[0].to_dict()
    assert (row["required_met"], row["required_total"]) == expected
    line = next(csv.DictReader(io.StringIO(to_csv(ranking))))
    assert (int(line["required_matched"]), int(line["required_total"])) == expected


def test_the_page_shows_the_whole_count_though_it_lists_five_names() -> None:
    many = "Platform Engineer\n\nRequirements:\n" + "".join(
        f"- {skill}\n"
        for skill in (
            "Python",
            "Go",
            "PostgreSQL",
            "Redis",
            "Docker",
            "Kubernetes",
            "Terraform",
            "Ansible",
        )
    )
    resume = validate(
        {
            "basics": {"name": "B"},
            "skills": [
                {
                    "name": "All",
                    "keywords": ["Python", "Go", "PostgreSQL", "Redis", "Docker", "Kubernetes"],
                }
            ],
        }
    ).resume
    result = evaluate(resume, analyse(many))
    ranking = rank([Entry("1", 0, "b.json", "succeeded", 1.0, result)], Criteria(), blind=False)
    row = ranking.ranked[0].to_dict()
    assert len(row["matched_required"]) == 5  # names shown, at most five
    assert (row["required_met"], row["required_total"]) == (6, 8)
