"""The small parts on their own: the base-URL check, the breaker's states, the names check, the
edits' bounds and the parser's tolerance."""

from __future__ import annotations

import pytest

from tailorcv.resume.model import Resume
from tailorcv.tailor.llm.breaker import CLOSED, HALF_OPEN, OPEN, Breaker
from tailorcv.tailor.llm.config import BaseUrlRefused, LLMConfig, check_base_url
from tailorcv.tailor.llm.edits import BulletOrder, EditError, Edits, Rephrase, apply
from tailorcv.tailor.llm.engine import parse
from tailorcv.tailor.names import known_words, unknown_names


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:11434/v1",
        "http://localhost/v1",
        "http://10.1.2.3/v1",
        "http://192.168.0.10/v1",
        "http://169.254.169.254/latest",  # cloud metadata
        "http://[::1]:8000/v1",
        "ftp://example.com/v1",
    ],
)
def test_private_loopback_and_odd_base_urls_are_refused(url: str) -> None:
    with pytest.raises(BaseUrlRefused):
        check_base_url(url, allow_private=False)


def test_a_public_address_is_allowed_and_private_ones_when_the_operator_says_so() -> None:
    check_base_url("https://8.8.8.8/v1", allow_private=False)
    check_base_url("http://127.0.0.1:11434/v1", allow_private=True)
    assert LLMConfig(base_url="http://user:pw@127.0.0.1:8000/v1").provider == "127.0.0.1:8000"


def test_the_breaker_opens_half_opens_and_closes() -> None:
    now = [0.0]
    breaker = Breaker(failures=2, cooldown=10.0, clock=lambda: now[0])
    breaker.failed()
    assert breaker.state == CLOSED
    breaker.failed()
    assert breaker.state == OPEN
    assert not breaker.allow()
    assert breaker.retry_in() == 10.0
    now[0] = 10.0
    assert breaker.state == HALF_OPEN
    assert breaker.allow()  # one trial
    assert not breaker.allow()  # and only one
    breaker.failed()
    assert breaker.state == OPEN  # the trial failed: open again
    now[0] = 20.0
    assert breaker.allow()
    breaker.succeeded()
    assert breaker.state == CLOSED
    assert breaker.allow()


def test_names_the_source_never_mentions_are_found(source: Resume) -> None:
    known = known_words([source.model_dump_json()])
    text = "Led payments at Nordpay. Previously worked with Stripe and Google's ads team."
    assert list(unknown_names(text, known)) == ["Stripe", "Google"]
    assert list(unknown_names("Built Nordpay's API in Python.", known)) == []


def test_edits_that_point_at_nothing_are_refused(source: Resume) -> None:
    with pytest.raises(EditError, match="highlights"):
        apply(source, Edits(rephrase=[Rephrase(section="work", entry=0, bullet=99, text="x")]))
    with pytest.raises(EditError, match="no bullet 7"):
        apply(source, Edits(bullets=[BulletOrder(section="work", entry=0, keep=[7])]))
    with pytest.raises(EditError, match="projects"):
        apply(source, Edits(projects=[42]))


def test_selecting_bullets_drops_the_rest_and_keeps_the_source(source: Resume) -> None:
    before = list(source.work[0].highlights)
    tailored, changes = apply(
        source, Edits(bullets=[BulletOrder(section="work", entry=0, keep=[2, 0])])
    )
    assert tailored.work[0].highlights == [before[2], before[0]]
    assert source.work[0].highlights == before  # the source is untouched
    assert {c.kind for c in changes} == {"dropped", "moved"}


@pytest.mark.parametrize(
    "text",
    [
        '{"summary": "Hi."}',
        '```json\n{"summary": "Hi."}\n```',
        'Here it is: {"summary": "Hi."} Hope that helps.',
    ],
)
def test_the_parser_finds_the_object(text: str) -> None:
    assert parse(text, Edits).summary == "Hi."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no braces here", "no JSON object"),
        ('{"summary": "unterminated}', "not valid JSON"),
        ('{"summary": 5, "extra": true}', "does not match the schema"),
    ],
)
def test_the_parser_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse(text, Edits)


def test_the_llm_modules_stay_in_the_pure_core() -> None:
    """The LLM engine, the letter and its renderer load no web, database or queue module."""
    import subprocess
    import sys

    from tests.test_core_purity import FORBIDDEN, OURS, PROBE

    core = (
        "tailorcv.tailor.llm.tailoring",
        "tailorcv.tailor.llm.suggest",
        "tailorcv.tailor.letter",
        "tailorcv.render.letter",
    )
    code = PROBE.format(core=core, forbidden=FORBIDDEN, ours=OURS)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
