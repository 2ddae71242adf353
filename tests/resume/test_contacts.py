"""``resume.contacts``: which e-mail and web addresses are addresses (issue 19). People's ways of
writing them pass (a bare domain, any script, a port); what a reader would be misled or harmed
by does not (spaces, ``mailto:``, other schemes, no domain, too long). ``validate`` only warns."""

from __future__ import annotations

import copy

import pytest

from tailorcv.resume import validate
from tailorcv.resume.contacts import MAX_URL, contact_problems, email_problem, url_problem
from tests.web.helpers import RESUME

EMAILS = ["jane@example.com", "j.doe+cv@mail.example.co.uk", "jäne@bücher.de", "a@b.io"]
NOT_EMAILS = {
    "jane at example": "not an e-mail address",
    "jane@example": "not an e-mail address",
    "jane @example.com": "not an e-mail address",
    "jane@@example.com": "not an e-mail address",
    "<jane@example.com>": "not an e-mail address",
    "jane@1.2.3.4": "not an e-mail address",
    "mailto:jane@example.com": "without “mailto:”",
    "MAILTO:jane@example.com": "without “mailto:”",
    "x" * 250 + "@example.com": "at most 254 characters",
}
URLS = [
    "example.com",
    "example.com/me",
    "www.example.com",
    "https://example.com/path?q=1#top",
    "http://example.com:8080",
    "example.com:8080/x",
    "bücher.de",
    "https://xn--bcher-kva.de",
    "linkedin.com/in/jane-doe",
]
NOT_URLS = {
    "my site": "has spaces",
    "https://example.com/my page": "has spaces",
    "example.com\n": "has spaces",
    "example.com\x07": "has spaces",
    "javascript:alert(1)": "“javascript:”",
    "JavaScript:alert(1)": "“javascript:”",
    "data:text/html,<b>hi</b>": "“data:”",
    "mailto:jane@example.com": "“mailto:”",
    "ftp://example.com": "“ftp:”",
    "mysite": "not a web address",
    "localhost": "not a web address",
    "https://": "not a web address",
    "https://192.168.0.1": "not a web address",
    "https://example.com:99999": "not a web address",
    "https://-example.com": "not a web address",
    "example." + "a" * MAX_URL: "at most 2,000 characters",
}


@pytest.mark.parametrize("value", EMAILS)
def test_an_email_address_passes(value: str) -> None:
    assert email_problem(value) is None


@pytest.mark.parametrize(("value", "words"), NOT_EMAILS.items())
def test_what_is_not_an_email_address_is_said_in_words(value: str, words: str) -> None:
    problem = email_problem(value)
    assert problem is not None
    assert words in problem


@pytest.mark.parametrize("value", URLS)
def test_a_web_address_passes(value: str) -> None:
    assert url_problem(value) is None


@pytest.mark.parametrize(("value", "words"), NOT_URLS.items())
def test_what_is_not_a_web_address_is_said_in_words(value: str, words: str) -> None:
    problem = url_problem(value)
    assert problem is not None
    assert words in problem


def test_a_message_quotes_a_long_value_cut_short() -> None:
    problem = url_problem("no " * 100)
    assert problem is not None
    assert len(problem) < 150


def test_each_address_of_a_resume_is_found_by_its_path() -> None:
    document = copy.deepcopy(RESUME)
    document["basics"].update(email="jane at example", url="my site")
    document["basics"]["profiles"][1]["url"] = "linkedin"
    document["work"][1]["url"] = "javascript:void(0)"
    document["projects"][0]["url"] = "our repo"
    resume = validate(document).resume
    paths = [problem.path for problem in contact_problems(resume)]
    assert paths == [
        "basics.email",
        "basics.url",
        "basics.profiles[1].url",
        "work[1].url",
        "projects[0].url",
    ]


def test_validate_keeps_an_odd_address_with_a_warning_in_either_mode() -> None:
    document = copy.deepcopy(RESUME)
    document["basics"]["email"] = "maya at example"
    for strict in (False, True):
        checked = validate(document, strict=strict)
        assert checked.resume.basics.email == "maya at example"
        assert [problem.path for problem in checked.warnings] == ["basics.email"]


def test_the_example_resume_has_no_address_problem() -> None:
    assert contact_problems(validate(RESUME).resume) == []
