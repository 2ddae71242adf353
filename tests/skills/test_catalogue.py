"""The skills taxonomy: its data, its aliases, and a matcher that punctuation cannot fool."""

from __future__ import annotations

import importlib.resources
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tailorcv.skills import Mention, Skill, Taxonomy, catalogue, taxonomy
from tailorcv.skills.catalogue import _path
from tests.conftest import corpus_path

ISSUE_FIELDS = (
    "software",
    "data",
    "cloud",
    "design",
    "product",
    "marketing",
    "sales",
    "finance",
    "accounting",
    "healthcare",
    "nursing",
    "education",
    "legal",
    "operations",
    "trades",
    "languages",
)


def names(text: str) -> list[str]:
    return [m.skill.name for m in taxonomy().find(text)]


def test_the_yaml_ships_inside_the_package() -> None:
    assert importlib.resources.files("tailorcv.skills").joinpath("skills.yaml").is_file()


def test_the_json_holds_the_yamls_data_as_it_is_now() -> None:
    shipped = importlib.resources.files("tailorcv.skills").joinpath(catalogue.COMPILED)
    assert json.loads(shipped.read_bytes()) == catalogue.compiled_data(), (
        "skills.yaml changed: run `python -m tailorcv.skills` to write skills.json again"
    )


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package's skills.yaml in a folder the loader reads instead."""
    yaml_file = importlib.resources.files("tailorcv.skills").joinpath(catalogue.SOURCE)
    (tmp_path / catalogue.SOURCE).write_bytes(yaml_file.read_bytes())
    monkeypatch.setattr(catalogue.importlib.resources, "files", lambda _: tmp_path)
    return tmp_path


def test_the_json_is_what_is_read_while_it_matches_the_yaml(package: Path) -> None:
    digest = catalogue.digest_of((package / catalogue.SOURCE).read_bytes())
    one = {"name": "tools", "skills": ["Kubernetes"]}
    (package / catalogue.COMPILED).write_text(
        json.dumps({"source_sha256": digest, "categories": [one]})
    )
    assert [s.name for s in catalogue._load()] == ["Kubernetes"]


@pytest.mark.parametrize(
    "json_text", [None, "{not json", '{"source_sha256": "0", "categories": []}']
)
def test_a_missing_broken_or_stale_json_falls_back_to_the_yaml(
    package: Path, json_text: str | None
) -> None:
    if json_text is not None:
        (package / catalogue.COMPILED).write_text(json_text)
    assert len(catalogue._load()) == len(taxonomy())


def test_the_taxonomy_is_large_and_broad() -> None:
    tx = taxonomy()
    assert len(tx) >= 1500
    assert len(tx.categories) >= 15
    assert sum(len(s.aliases) for s in tx) >= 3000


@pytest.mark.parametrize("field", ISSUE_FIELDS)
def test_every_field_named_in_the_issue_has_a_category(field: str) -> None:
    assert any(field in category for category in taxonomy().categories)


def test_canonical_names_are_unique_and_every_skill_is_complete() -> None:
    tx = taxonomy()
    folded = Counter(s.name.lower() for s in tx)
    assert [name for name, n in folded.items() if n > 1] == []
    for skill in tx:
        assert isinstance(skill, Skill)
        assert skill.name.strip()
        assert skill.category.strip()


def test_no_alias_belongs_to_two_skills() -> None:
    """Checked on the raw data too, so the check does not rely on the loader raising."""
    source = importlib.resources.files("tailorcv.skills").joinpath("skills.yaml").read_text("utf-8")
    owners: dict[tuple[str, ...], set[str]] = {}
    for category in yaml.safe_load(source)["categories"]:
        for entry in category["skills"]:
            spec = {"name": entry} if isinstance(entry, str) else entry
            for written in (spec["name"], *spec.get("aliases", [])):
                owners.setdefault(_path(written)[0], set()).add(spec["name"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_a_shared_alias_is_refused_with_both_names() -> None:
    data = {
        "categories": [
            {"name": "a", "skills": [{"name": "Alpha", "aliases": ["AX"]}]},
            {"name": "b", "skills": [{"name": "Beta", "aliases": ["ax"]}]},
        ]
    }
    with pytest.raises(ValueError, match=r"Alpha.*Beta"):
        Taxonomy.from_data(data)


def test_a_duplicate_skill_is_refused() -> None:
    data = {"categories": [{"name": "a", "skills": ["Alpha", "alpha"]}]}
    with pytest.raises(ValueError, match="twice"):
        Taxonomy.from_data(data)


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("k8s", "Kubernetes"),
        ("JS", "JavaScript"),
        ("Postgres", "PostgreSQL"),
        ("postgres", "PostgreSQL"),
        ("psql", "PostgreSQL"),
        ("ML", "machine learning"),
        ("RN", "registered nurse"),
        ("Amazon Web Services", "AWS"),
        ("aws", "AWS"),
        ("GCP", "Google Cloud"),
        ("golang", "Go"),
        ("NodeJS", "Node.js"),
        ("node.js", "Node.js"),
        ("APIs", "API"),
        ("Microservice", "microservices"),
        ("c sharp", "C#"),
        ("dotnet", ".NET"),
        ("ReactJS", "React"),
        ("sklearn", "scikit-learn"),
        ("Go-to-market", "go-to-market strategy"),
    ],
)
def test_aliases_from_the_issue_map_to_their_canonical_name(alias: str, name: str) -> None:
    assert taxonomy().canonical(alias) == name
    found = taxonomy().get(alias)
    assert found is not None
    assert found.name == name


def test_unknown_names_have_no_canonical_form() -> None:
    assert taxonomy().canonical("underwater basket weaving") is None
    assert taxonomy().canonical("") is None
    assert taxonomy().get("Script") is None


POSITIVE = [
    ("Languages: Python, Go, Rust", "Go"),
    ("We write services in Go.", "Go"),
    ("Go developer wanted", "Go"),
    ("Golang microservices", "Go"),
    ("Statistics in R and Python", "R"),
    ("R, Python, SQL", "R"),
    ("R programming for analysis", "R"),
    ("Embedded C, C++ and Rust", "C"),
    ("Strong C/C++ skills", "C"),
    ("Strong C/C++ skills", "C++"),
    ("Game engines in C++", "C++"),
    ("Unity and C# scripting", "C#"),
    ("Backend on .NET 8", ".NET"),
    ("APIs in Node.js and NodeJS", "Node.js"),
    ("python, node, react", "Node.js"),
    ("Java and Spring Boot", "Java"),
    ("Modern JavaScript (ES6)", "JavaScript"),
    ("Active RN license required", "registered nurse"),
    ("Must be an RN with ICU experience", "registered nurse"),
    ("Proficient in Excel and Word", "Microsoft Excel"),
    ("Proficient in Excel and Word", "Microsoft Word"),
    ("Advanced Excel skills", "Microsoft Excel"),
    ("Word, Excel, Access, PowerPoint", "Microsoft Access"),
    ("Microsoft Access databases", "Microsoft Access"),
    ("iOS apps with Swift, SwiftUI", "Swift"),
    ("Swift, Kotlin", "Swift"),
    ("Data pipelines with Spark and Kafka", "Apache Spark"),
    ("Apache Spark", "Apache Spark"),
    ("CI/CD pipelines", "CI/CD"),
    ("TCP/IP networking", "TCP/IP"),
    ("Ran A/B testing", "A/B testing"),
    ("UI/UX designer", "UI/UX design"),
    ("Objective-C and Swift", "Objective-C"),
    ("F# and OCaml", "F#"),
    ("ASP.NET MVC", "ASP.NET"),
    ("Vue.js, Next.js", "Vue.js"),
    ("Vue.js, Next.js", "Next.js"),
    ("Kubernetes (k8s)", "Kubernetes"),
    ("fluent in Polish and German", "Polish"),
    ("Chef, Puppet, Ansible", "Chef"),
    ("Go-to-market planning", "go-to-market strategy"),
    ("R&D budget", "research and development"),
]

NEGATIVE = [
    ("We go to market in May", "Go"),
    ("Own the go-to-market plan", "Go"),
    ("Go live with the launch", "Go"),
    ("A laptop for work on the go", "Go"),
    ("We had to let go of scope", "Go"),
    ("Go to market faster", "Go"),
    ("Lead R&D for new drugs", "R"),
    ("Present to the C-suite", "C"),
    ("Report to C level executives", "C"),
    ("Rich in Vitamin C", "C"),
    ("Earned a grade C in chemistry", "C"),
    ("Senior C++ engineer", "C"),
    ("C# developer", "C"),
    ("JavaScript developer", "Java"),
    ("Write a Script for the video", "JavaScript"),
    ("the rn in a lowercase word", "registered nurse"),
    ("Excellent written communication", "Microsoft Excel"),
    ("Excel in a fast-paced role", "Microsoft Excel"),
    ("Access to benefits from day one", "Microsoft Access"),
    ("Give users access to data", "Microsoft Access"),
    ("Swift delivery of parcels", "Swift"),
    ("We value swift decisions", "Swift"),
    ("Things that spark joy", "Apache Spark"),
    ("Spark joy in every customer", "Apache Spark"),
    ("Polish the final draft", "Polish"),
    ("Each node in the cluster", "Node.js"),
    ("Make it happen", "GNU Make"),
    ("We react quickly to feedback", "React"),
    ("See page.html for details", "HTML"),
]


@pytest.mark.parametrize(("text", "name"), POSITIVE)
def test_tricky_skills_are_found_where_they_are_meant(text: str, name: str) -> None:
    assert name in names(text)


@pytest.mark.parametrize(("text", "name"), NEGATIVE)
def test_tricky_skills_are_not_found_in_ordinary_words(text: str, name: str) -> None:
    assert name not in names(text)


def test_the_longest_match_wins_and_hides_shorter_ones() -> None:
    found = taxonomy().find("machine learning engineer, Spring Boot and Objective-C")
    assert [m.text for m in found] == ["machine learning", "Spring Boot", "Objective-C"]


def test_mentions_come_in_text_order_with_exact_offsets() -> None:
    text = "Kubernetes (k8s), Postgres, CI/CD and C++; JS – ML for RN rosters."
    found = taxonomy().find(text)
    assert [m.start for m in found] == sorted(m.start for m in found)
    for m in found:
        assert isinstance(m, Mention)
        assert text[m.start : m.end] == m.text
    assert [m.skill.name for m in found] == [
        "Kubernetes",
        "Kubernetes",
        "PostgreSQL",
        "CI/CD",
        "C++",
        "JavaScript",
        "machine learning",
        "registered nurse",
    ]


def test_offsets_stay_right_around_wide_characters() -> None:
    text = "Résumé — İstanbul: Python ’n’ Docker"
    for m in taxonomy().find(text):
        assert text[m.start : m.end] == m.text
    assert names(text) == ["Python", "Docker"]


def test_skills_in_gives_canonical_names() -> None:
    assert taxonomy().skills_in("postgres, k8s and AWS") == {"PostgreSQL", "Kubernetes", "AWS"}


def test_the_taxonomy_is_built_once() -> None:
    assert taxonomy() is taxonomy()


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("job", "expected"),
    [
        (
            "cvanalyser-tech-devops-engineer.txt",
            {
                "AWS",
                "Microsoft Azure",
                "Google Cloud",
                "CI/CD",
                "Jenkins",
                "GitHub Actions",
                "Terraform",
                "AWS CloudFormation",
                "Docker",
                "Kubernetes",
                "Prometheus",
                "Grafana",
                "Python",
                "Bash",
                "PowerShell",
                "Go",
                "PostgreSQL",
                "MongoDB",
                "Ansible",
                "Git",
            },
        ),
        (
            "resume-matcher-jd-java-developer.pdftotext.txt",
            {
                "Java",
                "Java EE",
                "SQL",
                "Hibernate",
                "JPA",
                "JSF",
                "Spring",
                "GWT",
                "relational databases",
                "test-driven development",
                "design patterns",
            },
        ),
        (
            "tts-login-data-analyst-2024.md",
            {
                "machine learning",
                "artificial intelligence",
                "statistics",
                "predictive modeling",
                "data visualization",
                "data analysis",
                "stakeholder management",
            },
        ),
    ],
)
def test_real_job_ads_yield_the_skills_they_ask_for(job: str, expected: set[str]) -> None:
    text = corpus_path("jobs", job).read_text(encoding="utf-8")
    found = taxonomy().skills_in(text)
    assert expected <= found, sorted(expected - found)


@pytest.mark.corpus
def test_a_java_ad_does_not_turn_java_into_javascript() -> None:
    text = corpus_path("jobs", "resume-matcher-jd-java-developer.pdftotext.txt").read_text()
    assert "JavaScript" not in taxonomy().skills_in(text)
