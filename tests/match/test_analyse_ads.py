"""Job analysis reads real ads right (issue 15): degrees, either-or lists broken over lines,
softer ways to require, boilerplate set apart, weights, front matter, plain tool lists, and the
facts the scorer needs (employment, a cap on years, why the level, the job's own text, problems).
"""

from __future__ import annotations

from dataclasses import asdict

import pytest

from tailorcv.match import JobAnalysis, SkillAsk, analyse
from tailorcv.match.analyse import ANALYSIS_VERSION
from tests.conftest import corpus_path


def names(asks: list[SkillAsk]) -> set[str]:
    return {a.name for a in asks}


def ask(job: JobAnalysis, name: str) -> SkillAsk:
    return next(a for a in job.skills if a.name == name)


def corpus_ad(name: str) -> str:
    return corpus_path("jobs", name).read_text(encoding="utf-8")


# --- 1. degrees ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "level"),
    [
        ("Master's degree in Computer Science", "master"),
        ("Bachelor's or Master's degree in Computer Science", "bachelor"),
        ("Master's degree required, PhD preferred", "master"),
        ("MS in Statistics or a related field", "master"),
        ("BS/MS degree in Computer Science", "bachelor"),
        ("Degree in Computer Science or a related field", "bachelor"),
        ("BSN from an accredited nursing program", "bachelor"),
        ("ADN or BSN", "associate"),
        ("MSN required", "master"),
        ("Associate's degree in Nursing (ADN)", "associate"),
        ("Active CPA license", None),
        ("Certified Scrum Master", None),
    ],
)
def test_the_degree_asked_is_the_lowest_level_named(asked: str, level: str | None) -> None:
    job = analyse(f"Analyst\n\nRequirements:\n- {asked}\n- SQL\n")
    assert job.education == level
    assert job.education_evidence == (asked if level else "")


def test_a_degree_only_preferred_does_not_hide_the_one_required() -> None:
    ad = "Analyst\n\nNice to have:\n- Master's degree\n\nRequirements:\n- Bachelor's degree\n"
    assert analyse(ad).education == "bachelor"


@pytest.mark.corpus
def test_the_data_scientist_ad_asks_a_masters() -> None:
    job = analyse(corpus_ad("cvanalyser-tech-data-scientist.txt"))
    assert job.education == "master"
    assert job.education_evidence.startswith("Master's degree in Data Science")


# --- 2. either-or lists, also across wrapped lines -------------------------------------------

WRAPPED = (
    "Java Developer\n\nRequirements\n"
    "   • Experience in developing web applications using at least one popular web framework\n"
    "     (JSF, Wicket,\n     GWT, Spring MVC).\n"
    "   • Experience with test-driven development.\n"
)


def test_a_list_wrapped_over_lines_is_one_either_or_group() -> None:
    job = analyse(WRAPPED)
    group = {"JSF", "Apache Wicket", "GWT", "Spring"}
    for name in group:
        assert set(ask(job, name).alternatives) == group - {name}
    assert "(JSF, Wicket, GWT, Spring MVC)" in ask(job, "JSF").evidence


@pytest.mark.corpus
def test_the_java_ads_web_frameworks_are_one_either_or_group() -> None:
    job = analyse(corpus_ad("resume-matcher-jd-java-developer.pdftotext.txt"))
    group = {"JSF", "Apache Wicket", "GWT", "Spring"}
    assert group <= names(job.required)
    for name in group:
        assert set(ask(job, name).alternatives) == group - {name}


@pytest.mark.corpus
def test_pdftotext_lines_that_continue_a_sentence_are_joined() -> None:
    job = analyse(corpus_ad("resume-matcher-jd-java-developer.pdftotext.txt"))
    assert "high-volume and low-latency, required for mission-critical systems" in job.body
    assert "presenting these for architectural review" in job.body


def test_a_line_that_starts_a_new_item_is_not_joined() -> None:
    job = analyse("Engineer\n\nRequirements\nPython\nKubernetes\n\nJob Description\nWe build.\n")
    assert {"Python", "Kubernetes"} <= names(job.required)
    assert "Python Kubernetes" not in job.body


@pytest.mark.parametrize(
    ("line", "choices"),
    [
        (
            "React/Vue and AWS/GCP/Azure",
            [{"React", "Vue.js"}, {"AWS", "Google Cloud", "Microsoft Azure"}],
        ),
        ("JavaScript/TypeScript and React", [{"JavaScript", "TypeScript"}, {"React"}]),
        ("Python, Ruby, or Java", [{"Python", "Ruby", "Java"}]),
    ],
)
def test_and_after_a_slashed_pair_starts_a_new_choice(line: str, choices: list[set[str]]) -> None:
    job = analyse(f"Developer\n\nRequirements:\n- {line}\n")
    for choice in choices:
        for name in choice:
            assert set(ask(job, name).alternatives) == choice - {name}


def test_a_spaced_slash_lists_a_stack_and_offers_no_choice() -> None:
    job = analyse("Data Engineer\n\nStack: Go / Kafka / Spark\n")
    assert all(a.alternatives == () for a in job.required)


# --- 3. softer ways to require or prefer, in sentences ---------------------------------------


@pytest.mark.parametrize(
    ("sentence", "skill", "tier"),
    [
        ("You should have 3+ years of Go.", "Go", "required"),
        ("You'll need solid PostgreSQL.", "PostgreSQL", "required"),
        ("You bring production experience with Kafka.", "Apache Kafka", "required"),
        ("You have shipped services in Python.", "Python", "required"),
        ("Bonus if you know Rust.", "Rust", "preferred"),
        ("Experience with Terraform would be nice.", "Terraform", "preferred"),
        ("Ideally you have worked with gRPC.", "gRPC", "preferred"),
        ("Docker is nice to have.", "Docker", "preferred"),
        ("A Master's in statistics is preferred but not required; SQL helps.", "SQL", "preferred"),
    ],
)
def test_sentences_say_how_firmly_they_ask(sentence: str, skill: str, tier: str) -> None:
    ad = f"Backend Engineer\n\nAbout the role\n{sentence}\n\nRequirements:\n- Java\n"
    job = analyse(ad)
    assert skill in names(getattr(job, tier)), job.skills


def test_an_opportunity_you_will_have_is_not_a_requirement() -> None:
    ad = (
        "Backend Engineer\n\nAbout the role\n"
        "In this role, you will have the opportunity to learn Kubernetes.\n\n"
        "Requirements:\n- Java\n"
    )
    assert "Kubernetes" not in names(analyse(ad).required)


def test_a_plain_line_that_names_a_skill_is_not_swallowed_as_a_heading() -> None:
    job = analyse("Engineer\n\nRequirements\nStrong Python skills\nAWS experience\n")
    assert {"Python", "AWS"} <= names(job.required)


# --- 4. boilerplate is set apart -------------------------------------------------------------

BOILERPLATE_AD = """Frontend Developer
Acme Widgets

Acme Widgets is a leading e-commerce platform for hardware makers. We are hiring a frontend
developer to build our storefront.

Requirements:
- React and TypeScript
- Send your GitHub profile with your application.

To apply, email your CV and a link to your LinkedIn profile to jobs@acme.example.
Applications are reviewed weekly; please include a Figma portfolio.

We offer mental health support, a 401(k) with matching, a gym membership and Python courses.

Who we are
We value a positive attitude, learning agility and being a team player.

Acme Widgets is an equal opportunity employer and does not discriminate. Knowledge of Excel
is not a condition of employment.
"""


def test_boilerplate_never_asks_for_a_skill() -> None:
    job = analyse(BOILERPLATE_AD)
    assert {"React", "TypeScript"} <= names(job.required)
    asked = names(job.skills)
    for noise in (
        "GitHub",
        "LinkedIn",
        "Figma",
        "Python",
        "mental health",
        "positive attitude",
        "learning agility",
        "teamwork",
        "Microsoft Excel",
    ):
        assert noise not in asked, noise


def test_the_body_keeps_the_job_and_drops_the_boilerplate() -> None:
    body = analyse(BOILERPLATE_AD).body
    assert "React and TypeScript" in body
    assert "build our storefront" in body  # the job sentence of the about-us paragraph
    for gone in ("leading e-commerce", "401(k)", "To apply", "positive attitude", "equal"):
        assert gone not in body, gone


@pytest.mark.parametrize(
    "paragraph",
    [
        "To apply, send your resume and your Kubernetes certificate to hr@example.com.",
        "We offer Kubernetes training, dental and vision insurance and stock options.",
        "Our benefits include a Kubernetes conference budget.",
        "Initech is an equal opportunity employer; Kubernetes users are welcome to apply.",
        "Initech is a fast-growing logistics company that runs on Kubernetes.",
    ],
)
def test_a_paragraph_without_a_heading_is_set_apart_by_how_it_opens(paragraph: str) -> None:
    ad = f"Data Analyst\nInitech\n\nRequirements:\n- SQL\n\n{paragraph}\n"
    job = analyse(ad)
    assert "Kubernetes" not in names(job.skills)
    assert "Kubernetes" not in job.body


def test_an_act_named_for_health_insurance_is_still_a_requirement() -> None:
    ad = (
        "Security Officer\n\nRequirements:\n- Experience with standards such as the Health "
        "Insurance Portability and Accountability Act (HIPAA) and PCI DSS.\n"
    )
    assert {"HIPAA", "PCI DSS"} <= names(analyse(ad).required)


@pytest.mark.corpus
def test_the_devops_ads_benefits_culture_and_application_name_no_skill() -> None:
    job = analyse(corpus_ad("cvanalyser-tech-devops-engineer.txt"))
    asked = names(job.skills)
    for noise in ("mental health", "human resources", "background screening", "team building"):
        assert noise not in asked, noise
    assert "401(k)" not in job.body
    assert "Terraform" in job.body


@pytest.mark.corpus
def test_the_sample_ads_culture_words_are_not_required() -> None:
    job = analyse(corpus_ad("cvanalyser-sample-job.txt"))
    assert "experimentation" not in names(job.skills)  # "We encourage experimentation" (culture)
    assert "process improvement" not in names(job.skills)  # "continuous improvement" (culture)


# --- 5. weights ------------------------------------------------------------------------------


def test_the_skills_of_one_long_list_share_its_weight() -> None:
    ad = (
        "Platform Engineer\n\nRequirements:\n"
        "- Python and PostgreSQL.\n"
        "- Tools we use: Jenkins, Ansible, Terraform, Prometheus, Grafana, Datadog.\n"
    )
    job = analyse(ad)
    assert ask(job, "Python").weight == 1.0
    assert ask(job, "Jenkins").weight == 0.5  # 3 units over 6 skills


def test_an_either_or_group_counts_once_in_its_sentence() -> None:
    job = analyse("Developer\n\nRequirements:\n- Docker and one of Python, Ruby, Go or Java.\n")
    assert ask(job, "Docker").weight == 1.0
    assert ask(job, "Ruby").weight == 1.0  # two things asked: Docker, and one language


def test_a_skill_keeps_its_best_tier_and_its_largest_weight() -> None:
    ad = (
        "Engineer\n\nRequirements:\n- Jenkins, Ansible, Terraform, Prometheus, Grafana, Docker.\n"
        "\nNice to have:\n- Docker.\n"
    )
    docker = ask(analyse(ad), "Docker")
    assert docker in analyse(ad).required
    assert docker.weight == 1.0


def test_a_skill_of_the_title_weighs_at_least_one() -> None:
    ad = "Kubernetes Engineer\n\nRequirements:\n- Kubernetes, Helm, Istio, Envoy, Terraform, Go\n"
    assert ask(analyse(ad), "Kubernetes").weight == 1.0


def test_a_run_of_one_skill_items_is_one_list() -> None:
    items = "".join(f"- {tool}\n" for tool in ("Jenkins", "Ansible", "Terraform", "Grafana"))
    job = analyse(f"Engineer\n\nRequirements:\n{items}- 3 years of experience with Linux.\n")
    assert ask(job, "Jenkins").weight == 0.75
    assert ask(job, "Linux").weight == 1.0


@pytest.mark.corpus
def test_the_devops_tool_inventory_cannot_swamp_the_requirements() -> None:
    job = analyse(corpus_ad("cvanalyser-tech-devops-engineer.txt"))
    weights = {a.name: a.weight for a in job.required}
    assert len(weights) >= 40  # the ad names that many
    assert sum(weights.values()) < 0.7 * len(weights)
    for core in ("Docker", "Kubernetes", "Terraform", "Git"):
        assert weights[core] == 1.0, core
    for listed_only in ("Pulumi", "Datadog", "New Relic", "OpenShift"):
        assert weights[listed_only] < 0.2, listed_only


# --- 6. front matter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ad", "title"),
    [
        ('---\ntitle: "Data Engineer"\n---\nRequirements:\n- Python\n', "Data Engineer"),
        ("---\ntitle: 'Data Engineer'\n---\nRequirements:\n- Python\n", "Data Engineer"),
        (
            '---\r\ntitle: "Data Engineer"\r\n---\r\n\r\nRequirements:\r\n- Python\r\n',
            "Data Engineer",
        ),
        (
            "---\nlayout: job\nlocation: Remote\n---\n\n# Data Engineer\n\nPython.\n",
            "Data Engineer",
        ),
        ("---\n---\n# Data Engineer\nRequirements:\n- Python\n", "Data Engineer"),
        ("\ufeff---\ntitle: Data Engineer\n---\nRequirements:\n- Python\n", "Data Engineer"),
        ('---\ntitle: "Login.gov: Analyst" # a note\n---\n- Python\n', "Login.gov: Analyst"),
        (
            '---\ntitle: "Login.gov: Analyst" # a note\nbad: [x\n---\n- Python\n',
            "Login.gov: Analyst",
        ),
        ("---\nbad: [x\nsummary: | fine\n---\n# Data Engineer\n- Python\n", "Data Engineer"),
        ("---\n\nData Engineer\n\nRequirements:\n- Python\n", "Data Engineer"),
    ],
)
def test_the_title_comes_from_front_matter_or_the_first_heading(ad: str, title: str) -> None:
    assert analyse(ad).title == title


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    [
        "tts-10x-software-engineer-2024.md",
        "tts-login-data-analyst-2024.md",
        "tts-px-contactcenteranalysts.md",
    ],
)
def test_a_federal_posting_with_windows_line_endings_reads_the_same(name: str) -> None:
    text = corpus_ad(name)
    unix, windows = analyse(text), analyse(text.replace("\n", "\r\n"))
    assert windows.title == unix.title != "---"
    assert names(windows.required) == names(unix.required)


def test_front_matter_states_the_work_schedule() -> None:
    ad = "---\ntitle: Data Analyst\nwork_schedule: Full time.\n---\nRequirements:\n- SQL\n"
    assert analyse(ad).employment == "full-time"


# --- 7. plain tool names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "ad",
    [
        "Senior Data Engineer\nGo, Kafka, Spark, Kubernetes",
        "Senior Data Engineer\nStack: Go / Kafka / Spark",
        "Senior Data Engineer\nGo Kafka Spark",
        "Senior Data Engineer\n- Go\n- Kafka\n- Spark",
        "Senior Data Engineer\n\nRequirements:\nGo\nKafka\nSpark\n",
    ],
)
def test_a_list_of_plain_tool_names_is_required(ad: str) -> None:
    assert {"Go", "Apache Kafka", "Apache Spark"} <= names(analyse(ad).required)


def test_ordinary_words_in_a_short_line_are_not_tools() -> None:
    job = analyse("Courier\n\nSwift delivery of parcels, Kafka-esque paperwork\nGo team!\n")
    assert not {"Swift", "Go", "Apache Kafka"} & names(job.skills)


# --- 8. facts for the scorer -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ad", "kind"),
    [
        ("Travel Nurse (ICU)\n\nThis is a 13-week travel contract.", "contract"),
        ("ICU Nurse\n\nA 13-week travel contract in Denver; per diem included.", "contract"),
        ("Bookkeeper\n\nAbout 10 hours/week, from home.", "part-time"),
        ("Finance Lead\n\nA 6-month interim role while our CFO is on leave.", "temporary"),
        ("Registered Nurse - PRN\n\nCover shifts as needed.", "per-diem"),
        ("Registered Nurse\n\nPRN position on our cardiac unit.", "per-diem"),
        ("Sales Associate\n\nA seasonal position for the holidays.", "temporary"),
        ("Laboratory Coordinator\nBoston, MA | Full-time\n", "full-time"),
        ("Software Engineering Intern\n\nJoin us for the summer.", "internship"),
        ("Designer\n\nThis summer internship lasts 12 weeks.", "internship"),
        ("Copywriter\n\nOn a freelance basis, 2 articles a week.", "freelance"),
        ("Data Analyst\n\nEmployment type: Contract\n", "contract"),
    ],
)
def test_the_kind_of_employment_is_read(ad: str, kind: str) -> None:
    job = analyse(ad)
    assert job.employment == kind
    assert job.employment_evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "Lead contract negotiation with suppliers.",
        "Implemented automated reporting saving 20 hours/week.",
        "List the number of hours per week you worked (if part time).",
        "Administer PRN medications as ordered.",
        "Completed an internship in accounting.",
    ],
)
def test_words_that_name_no_kind_of_employment(sentence: str) -> None:
    assert analyse(f"Analyst\n\nRequirements:\n- {sentence}\n").employment is None


@pytest.mark.parametrize(
    ("asked", "least", "most"),
    [
        ("0–2 years of experience", 0, 2),
        ("0-2 years of professional experience", 0, 2),
        ("Up to 3 years of experience", None, 3),
        ("No more than 2 years of experience in sales", None, 2),
        ("3-5 years of experience with Java", 3, 5),
        ("5+ years of experience", 5, None),
    ],
)
def test_the_years_asked_have_a_floor_and_a_cap(
    asked: str, least: float | None, most: float | None
) -> None:
    job = analyse(f"Analyst\n\nRequirements:\n- {asked}\n")
    assert (job.years, job.years_max) == (least, most)
    assert job.years_evidence == asked


def test_years_of_a_skill_are_years_of_experience() -> None:
    assert analyse("Engineer\n\nYou should have 3+ years of Go.\n").years == 3


@pytest.mark.parametrize(
    ("ad", "level", "why"),
    [
        ("Registered Nurse\n\nThis position is open to new graduates.", "junior", "new graduates"),
        ("Registered Nurse\n\nJoin our nurse residency program.", "junior", "residency"),
        ("Analyst\n\nOur graduate scheme rotates you through teams.", "junior", "scheme"),
        ("Analyst\n\nAn entry-level role in our team.", "junior", "entry-level"),
        ("Designer\n\nThis paid internship lasts 12 weeks.", "intern", "internship"),
        ("Director of Nursing\n\nLead our nurses.", "principal", "Director"),
        ("VP of Engineering\n\nLead our engineers.", "principal", "VP"),
        ("Head of Data\n\nLead our analysts.", "principal", "Head"),
        ("Chief Nursing Officer\n\nLead our nurses.", "principal", "Chief"),
        ("Associate Director of Engineering\n\nLead teams.", "principal", "Director"),
        ("Engineer\n\nRequirements:\n- 6 years of experience in Java.", "senior", "6 years"),
    ],
)
def test_the_level_and_why(ad: str, level: str, why: str) -> None:
    job = analyse(ad)
    assert job.seniority == level
    assert why in job.seniority_evidence


def test_a_staff_nurse_is_not_a_lead() -> None:
    assert analyse("Staff Nurse\n\nRequirements:\n- BLS\n").seniority != "lead"
    assert analyse("Staff Software Engineer\n\nRequirements:\n- Go\n").seniority == "lead"


def test_a_plain_ad_has_no_problems() -> None:
    ad = (
        "Backend Engineer\n\nWe build the routing engine of a delivery company and need a "
        "backend engineer to own its services, from design and code to on-call and tuning.\n\n"
        "Requirements:\n- 4+ years of experience building services in Python or Go.\n"
        "- PostgreSQL in production: schema design and query tuning.\n"
        "- Docker and Kubernetes; infrastructure as code with Terraform.\n"
        "- Clear written communication in English.\n\n"
        "Nice to have:\n- Experience with Kafka or another event streaming platform.\n"
    )
    assert analyse(ad).problems == []


@pytest.mark.parametrize(
    ("ad", "problem"),
    [
        ("Requirements:\n- Python\n- SQL\n", "no job title found"),
        ("Office Hero\n\nJoin our friendly team and help us grow.\n", "names no skills"),
        ("Data Engineer\n\nPython and SQL.\n", "very short: 5 words"),
        (
            "Analyst\n\nAbout us\n" + "Acme has grown every year since 1950 with pride. " * 30,
            "mostly about the company",
        ),
    ],
)
def test_a_poor_ad_says_what_is_wrong(ad: str, problem: str) -> None:
    assert any(p.startswith(problem) for p in analyse(ad).problems), analyse(ad).problems


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    [
        "cvanalyser-tech-devops-engineer.txt",
        "resume-matcher-jd-java-developer.pdftotext.txt",
        "tts-10x-software-engineer-2024.md",
        "jsonresume-sample.job.json",
    ],
)
def test_real_ads_have_no_problems(name: str) -> None:
    assert analyse(corpus_ad(name)).problems == []


def test_every_analysis_records_its_version() -> None:
    job = analyse("Data Engineer\n\nRequirements:\n- Python\n")
    assert job.version == ANALYSIS_VERSION == 2
    assert job.to_dict()["version"] == 2


def test_an_analysis_stored_before_version_2_still_loads_and_says_so() -> None:
    stored = asdict(analyse("Data Engineer\n\nRequirements:\n- Python\n"))
    for new in (
        "seniority_evidence",
        "years_max",
        "employment",
        "employment_evidence",
        "body",
        "problems",
        "version",
    ):
        del stored[new]
    for tier in ("required", "preferred", "keywords"):
        stored[tier] = [
            SkillAsk(**{k: v for k, v in a.items() if k != "weight"}) for a in stored[tier]
        ]
    old = JobAnalysis(**stored)
    assert old.version < ANALYSIS_VERSION
    assert all(a.weight == 1.0 for a in old.required)
    assert old.to_dict()["problems"] == []


def test_the_job_document_states_the_kind_of_employment() -> None:
    job = analyse("Data Engineer\n\nA full-time role.\n\nRequirements:\n- Python\n")
    assert job.to_job_document()["type"] == "full-time"


def test_front_matter_with_nested_aliases_is_read_as_lines_not_expanded() -> None:
    """A few hundred bytes of nested YAML aliases would expand to gigabytes (issue 16)."""
    levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for name, previous in zip("bcdefghij", "abcdefghi", strict=True):
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    ad = "---\ntitle: Platform Engineer\n" + "\n".join(levels) + "\n---\nKafka and Terraform.\n"
    assert len(ad) < 1_000
    analysis = analyse(ad)
    assert analysis.title == "Platform Engineer"
    assert {"Apache Kafka", "Terraform"} <= {a.name for a in analysis.required}
    assert len(analysis.body) < 2_000


def test_an_and_before_a_choice_keeps_what_comes_before_it_required() -> None:
    job = analyse("Backend Engineer\n\nRequirements:\n- Go, and Kafka or RabbitMQ\n")
    assert ask(job, "Go").alternatives == ()
    assert ask(job, "Apache Kafka").alternatives == ("RabbitMQ",)
