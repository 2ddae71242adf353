"""The import review's figures (issue 18): each section's calibrated confidence as "Work
experience · 97 % sure", a section under ``calibration.LOW`` flagged with a sentence, and one
threshold (``LOW``) for the sections and the fields the review marks; the refusal page's words."""

from __future__ import annotations

import re
import uuid
from typing import Any

from tailorcv.ingest.calibration import LOW
from tailorcv.store.models import Task
from tests.web.conftest import Client
from tests.web.test_import_refused import LETTER, RESUME
from tests.web.test_limit_parity import signed_in_page


def imported(client: Client, headers: dict[str, str], data: bytes) -> str:
    files = {"file": ("cv.txt", data, "text/plain")}
    answer = client.post("/import", files=files, headers=headers)
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def with_result(client: Client, url: str, **changes: Any) -> None:
    task_id = uuid.UUID(url.rsplit("/", 1)[1])
    with client.app.state.services.sessions() as session, session.begin():
        task = session.get(Task, task_id)
        assert task is not None
        assert task.result is not None
        task.result = {**task.result, **changes}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_each_section_shows_its_figure_and_one_below_low_is_flagged(
    inline_client: Client,
) -> None:
    headers = signed_in_page(inline_client)
    url = imported(inline_client, headers, RESUME)
    below = round(LOW - 0.01, 2)
    with_result(
        inline_client,
        url,
        sections={"skills": LOW, "work": 0.97, "education": below},
        confidence={"basics.name": 0.7, "education[0].area": below},
    )
    page = inline_client.get(url)
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Work experience · 97 % sure" in text
    assert f"Skills · {round(LOW * 100)} % sure" in text
    assert f"Education · {round(below * 100)} % sure check Check this section" in text
    assert text.index("Work experience ·") < text.index("Education ·") < text.index("Skills ·")
    assert text.count("Check this section") == 1, "a section at LOW itself is not flagged"
    assert 'class="figure low" data-section="education"' in page.text
    assert re.search(r'<div class="field low">\s*<label for="f-err-education-0-area"', page.text)
    assert not re.search(r'<div class="field low">\s*<label for="f-err-basics-name"', page.text), (
        "a field at 70 % is over LOW: not marked (the old 75 % threshold is gone)"
    )


def test_the_refusal_page_says_what_the_file_seems_to_be_and_offers_import_anyway(
    inline_client: Client,
) -> None:
    headers = signed_in_page(inline_client)
    url = imported(inline_client, headers, LETTER)
    page = inline_client.get(url)
    text = text_of(page.text)
    assert "This looks like a cover letter, not a résumé." in text
    assert "It opens with “Dear Hiring Manager”." in text
    assert f'action="{url}/force"' in page.text
    forced = inline_client.post(f"{url}/force", headers=headers)
    assert forced.status_code == 303, forced.text
    assert forced.headers["location"] != url
    review = text_of(inline_client.get(forced.headers["location"]).text)
    assert "Check what was imported" in review
    assert "This looks like a cover letter" in review


def test_a_flagged_figure_never_reads_as_high_as_low() -> None:
    from tailorcv.web.ui.imports import figures

    shown = figures({"sections": {"work": LOW - 0.005, "skills": 0.29, "education": 0.97}})
    assert [(f.key, f.percent, f.low) for f in shown] == [
        ("work", round(LOW * 100) - 1, True),
        ("education", 97, False),
        ("skills", 29, True),
    ]
