"""Batches in a real browser: make one from files with a knock-out criterion, watch it finish,
read and sort the ranking (cards on a phone), open a candidate, export it as CSV, screen blind
without a name anywhere, and keep tailored candidates with their batch."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import EXAMPLES
from tests.ui.conftest import register, shot
from tests.ui.screens import open_context, screen, watched

__all__ = ["screen"]  # the fixture, imported to parametrize the issue 19 tests by screen

JOB = (EXAMPLES / "job.txt").read_text()


def candidate(name: str, email: str, skills: list[str], start: str, bullets: list[str]) -> dict:  # type: ignore[type-arg]
    return {
        "basics": {"name": name, "email": email, "label": "Engineer"},
        "work": [
            {
                "name": "Harbour Logistics",
                "position": "Backend Engineer",
                "startDate": start,
                "highlights": bullets,
            }
        ],
        "skills": [{"name": "Tools", "keywords": skills}],
        "languages": [{"language": "English", "fluency": "Fluent"}],
    }


def write_files(folder: Path) -> list[Path]:
    """The strongest candidate (the example résumé), a weaker one, one without Python, and a
    file that is not a résumé at all."""
    maya = folder / "maya-lindqvist.json"
    maya.write_text((EXAMPLES / "resume.json").read_text())
    bo = folder / "bo-berg.json"
    bo.write_text(
        json.dumps(
            candidate(
                "Bo Berg",
                "bo@example.com",
                ["Python", "PostgreSQL"],
                "2023-01",
                ["Built a Python billing service on PostgreSQL for 3 teams."],
            )
        )
    )
    cy = folder / "cy-dahl.json"
    cy.write_text(
        json.dumps(
            candidate(
                "Cy Dahl",
                "cy@example.com",
                ["JavaScript", "Kubernetes", "AWS", "Terraform", "PostgreSQL", "Go"],
                "2015-01",
                ["Ran Kubernetes on AWS with Terraform and Go services for 40 teams."],
            )
        )
    )
    broken = folder / "broken.json"
    broken.write_text('{"basics": {"name": "Nobody"')
    return [maya, bo, cy, broken]


def new_batch(page, files: list[Path], *, skills: str = "", blind: bool = False) -> str:  # type: ignore[no-untyped-def]
    page.goto("/batches")
    page.get_by_label("…or paste the job ad").fill(JOB)
    page.set_input_files("#b-files", [str(f) for f in files])
    assert f"{len(files)} files" in page.locator("[data-chosen]").inner_text()
    if skills:
        page.get_by_label("Must-have skills").fill(skills)
    if blind:
        page.get_by_label(re.compile("Blind screening")).check()
    page.get_by_role("button", name="Rank the candidates").click()
    page.wait_for_url(re.compile(r"/batches/[0-9a-f-]{36}$"))
    page.locator("#batch-status").get_by_text("finished").wait_for()
    return str(page.url)


def column(page, selector: str, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [cell.strip() for cell in page.locator(f"{selector} tbody td.{name}").all_inner_texts()]


def test_a_batch_ranks_knocks_out_fails_sorts_and_exports(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    register(page)
    url = new_batch(page, write_files(tmp_path), skills="Python")

    progress = page.locator("#batch-bar")
    assert progress.get_attribute("value") == progress.get_attribute("max") == "4"
    assert "4 of 4" in page.locator("#batch-counts").inner_text()
    assert column(page, "#ranking", "candidate")[0].startswith("Maya Lindqvist")
    assert [c.split("\n")[0] for c in column(page, "#ranking", "candidate")] == [
        "Maya Lindqvist",
        "Bo Berg",
    ]
    scores = [float(s) for s in column(page, "#ranking", "score")]
    assert scores == sorted(scores, reverse=True)
    knocked = page.locator("#knocked-out")
    assert "Cy Dahl" in knocked.inner_text()
    assert "Python" in knocked.locator(".reasons").inner_text()
    assert page.locator("#failed .candidate").inner_text() == "broken.json"
    assert "JSON syntax error at line 1" in page.locator("#failed .reason").inner_text()
    shot(page, "batch")
    polled = page.request.get(f"{urlsplit(url).path}/progress", headers={"HX-Request": "true"})
    assert polled.headers["hx-redirect"] == urlsplit(url).path  # finished: reload the page

    # Sorting by a column is a link: the server sorts, no script needed.
    page.get_by_role("link", name="Candidate", exact=True).click()
    page.wait_for_url(re.compile(r"sort=candidate&order=asc"))
    names = [c.split("\n")[0] for c in column(page, "#ranking", "candidate")]
    assert names == ["Bo Berg", "Maya Lindqvist"]
    header = page.locator("#ranking th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    page.get_by_role("link", name=re.compile("^Candidate")).click()
    page.wait_for_url(re.compile(r"sort=candidate&order=desc"))
    assert [c.split("\n")[0] for c in column(page, "#ranking", "candidate")] == names[::-1]

    # The CSV: ranked first, then knocked out, then the file that failed.
    with page.expect_download() as waiting:
        page.locator("#csv").click()
    saved = tmp_path / "ranking.csv"
    waiting.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text())))
    assert [(r["rank"], r["candidate"], r["status"]) for r in rows] == [
        ("1", "Maya Lindqvist", "ranked"),
        ("2", "Bo Berg", "ranked"),
        ("", "Cy Dahl", "knocked_out"),
        ("", "broken.json", "failed"),
    ]
    assert "Python" in rows[2]["reasons"]
    assert rows[3]["reasons"]

    # The list, then delete.
    page.goto("/batches")
    assert page.locator("#batch-list li").count() == 1
    shot(page, "batches")
    page.goto(url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    page.wait_for_url(re.compile(r"/batches$"))
    assert page.locator("#batch-list").count() == 0
    assert page.goto(url).status == 404


def test_a_blind_batch_shows_no_name(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    register(page)
    files = write_files(tmp_path)
    new_batch(page, files, blind=True)
    text = page.locator("main").inner_text()
    html = page.content()
    names = ("Maya", "Lindqvist", "Bo Berg", "Cy Dahl", "maya-lindqvist", "broken.json", "@example")
    for hidden in names:
        assert hidden not in text
        assert hidden not in html
    assert "Candidate 1" in text
    assert page.locator("#ranking tbody tr").count() == 3
    assert page.locator("#failed .candidate").inner_text() == "Candidate 4"
    page.goto("/batches")
    assert "Maya" not in page.locator("main").inner_text()


def test_a_batch_without_candidates_or_with_a_bad_criterion_says_why(page) -> None:  # type: ignore[no-untyped-def]
    register(page)
    page.goto("/batches")
    page.get_by_label("…or paste the job ad").fill(JOB)
    page.get_by_role("button", name="Rank the candidates").click()
    page.locator("#batch-error").get_by_text(re.compile("give candidates", re.I)).wait_for()
    assert page.get_by_label("…or paste the job ad").input_value() == JOB.strip()  # kept
    dropped = page.evaluate_handle(
        """() => {
            const data = new DataTransfer();
            data.items.add(new File(["{}"], "one.json", {type: "application/json"}));
            data.items.add(new File(["{}"], "two.json", {type: "application/json"}));
            return data;
        }"""
    )
    page.dispatch_event("[data-dropzone]", "drop", {"dataTransfer": dropped})
    assert page.locator("[data-chosen]").inner_text() == "2 files: one.json, two.json"
    assert page.url.endswith("/batches")  # a drop fills the form, it does not send it
    page.set_input_files("#b-files", str(EXAMPLES / "resume.json"))
    page.get_by_label("At least this many years of experience").fill("many")
    page.get_by_role("button", name="Rank the candidates").click()
    page.locator("#criteria-error").get_by_text(re.compile("min_years")).wait_for()
    assert page.locator("#batch-list").count() == 0


def test_the_top_candidates_are_tailored_into_a_zip_of_pdfs(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    register(page)
    new_batch(page, write_files(tmp_path)[:2])
    page.get_by_label("Top", exact=True).fill("1")
    page.get_by_role("button", name="Tailor the top candidates").click()
    page.locator("#tailored").get_by_role("link", name="PDF").wait_for(timeout=60_000)
    assert page.locator("#tailored li").count() == 1
    assert "Maya Lindqvist" in page.locator("#tailored").inner_text()
    with page.expect_download() as waiting:
        page.locator("#archive").click()
    saved = tmp_path / "best.zip"
    waiting.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
        assert len(names) == 1
        assert names[0].startswith("001-")
        assert archive.read(names[0]).startswith(b"%PDF")


def test_the_new_batch_form_works_without_scripts(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    register(page)
    page.goto("/batches")
    token = page.locator("#batch-form input[name=csrf_token]").input_value()
    resume = (EXAMPLES / "resume.json").read_bytes()
    answer = page.request.post(
        "/batches",
        multipart={
            "csrf_token": token,
            "job_text": JOB,
            "languages": "Swedish",
            "files": {"name": "maya.json", "mimeType": "application/json", "buffer": resume},
        },
    )
    assert answer.ok
    assert re.search(r"/batches/[0-9a-f-]{36}$", answer.url)  # the 303 was followed
    page.goto(answer.url)
    page.locator("#batch-status").get_by_text("finished").wait_for()
    assert "knock-out: speaks Swedish" in page.locator("main").inner_text()


# Issue 19: cards on a phone, a candidate in full, candidates kept with their batch, and forms
# that redirect after POST. Each on a desktop and on a 390 px phone.


def knocked_files(folder: Path) -> list[Path]:
    """Two who pass a Python criterion and two who do not, the weaker of those uploaded first
    (so that upload order and score order differ)."""
    maya, bo, cy, _broken = write_files(folder)
    di = folder / "di-eng.json"
    di.write_text(
        json.dumps(candidate("Di Eng", "di@example.com", ["Excel"], "2024-01", ["Kept the books."]))
    )
    return [maya, di, bo, cy]


def shown_names(page, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [name.strip() for name in page.locator(selector).all_inner_texts()]


def test_the_ranking_reads_on_every_screen_and_each_candidate_opens(screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = screen.page
    register(page)
    url = new_batch(page, knocked_files(tmp_path), skills="Python")
    assert screen.fits(), "the batch page scrolls sideways"
    if screen.phone:
        assert page.locator("#ranking").is_hidden()
        cards = page.locator("#ranking-cards .candidate-card")
        assert cards.count() == 2
        first = cards.first
        assert first.locator(".rank").inner_text() == "#1"
        assert first.locator(".name").inner_text() == "Maya Lindqvist"
        score = first.locator(".score").inner_text()
        assert float(score) > float(cards.nth(1).locator(".score").inner_text())
        knocked = shown_names(page, "#knocked-out-cards .name")
        scores = [float(s) for s in page.locator("#knocked-out-cards .score").all_inner_texts()]
        shot(page, "phone-batch", full=False)
        first.get_by_role("link").click()
    else:
        assert page.locator("#ranking-cards").is_hidden()
        assert page.locator("#ranking").is_visible()
        score = page.locator("#ranking tbody td.score").first.inner_text()
        knocked = shown_names(page, "#knocked-out td.candidate")
        scores = [float(s) for s in page.locator("#knocked-out td.score").all_inner_texts()]
        page.locator("#ranking").get_by_role("link", name="Maya Lindqvist").click()
    assert knocked == ["Cy Dahl", "Di Eng"], "the knocked-out list is not best score first"
    assert scores == sorted(scores, reverse=True)
    page.wait_for_url(re.compile(r"/candidates/[0-9a-f-]{36}$"))
    assert page.locator("#candidate-name").inner_text() == "Maya Lindqvist"
    assert page.locator("#candidate-score").inner_text() == score
    assert page.locator("#candidate-rank").inner_text() == "#1"
    assert "Python" in page.locator("#matched").inner_text()
    assert screen.fits(), "the candidate's page scrolls sideways"
    shot(page, f"batch-candidate-{'phone' if screen.phone else 'desktop'}", full=False)
    page.goto(url)
    page.locator("#knocked-out-cards a, #knocked-out td.candidate a").filter(
        has_text="Di Eng"
    ).locator("visible=true").click()
    assert "Knocked out" in page.locator("#candidate-standing").inner_text()
    assert "Python" in page.locator(".reasons").inner_text()


def test_tailored_candidates_stay_with_their_batch(screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = screen.page
    register(page)
    url = new_batch(page, write_files(tmp_path)[:2])
    page.get_by_label("Top", exact=True).fill("1")
    page.get_by_role("button", name="Tailor the top candidates").click()
    page.locator("#tailored").get_by_role("link", name="PDF").wait_for(timeout=60_000)
    page.locator("#tailored").get_by_role("link", name="Maya Lindqvist").click()
    page.wait_for_url(re.compile(r"/candidates/[0-9a-f-]{36}$"))
    with page.expect_download() as waiting:
        page.locator("#tailored-pdf").click()
    assert Path(waiting.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as waiting:
        page.locator("#tailored-json").click()
    tailored = json.loads(Path(waiting.value.path()).read_text())
    assert tailored["basics"]["name"] == "Maya Lindqvist"
    # Not among the recruiter's own résumés, nor offered by any picker.
    page.goto("/dashboard")
    mine = page.locator("section[aria-labelledby=h-resumes]")
    assert "Maya Lindqvist" not in mine.inner_text(), "a candidate among my résumés"
    for address in ("/templates", "/tailor", "/letters", "/batches"):
        page.goto(address)
        offered = page.locator("select option, label:has(input[name=resume_ids])")
        assert not any("Maya" in text for text in offered.all_inner_texts()), address
    # Deleting the batch deletes the candidate's résumé and its tailored PDF.
    page.goto(url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    page.wait_for_url(re.compile(r"/batches$"))
    listed = page.request.get("/api/v1/resumes").json()["items"]
    assert listed == []


def test_the_batch_forms_redirect_after_post(screen, browser, server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    context = open_context(browser, server, phone=screen.phone, java_script_enabled=False)
    page, problems = watched(context)
    register(page)
    page.goto("/batches")
    page.get_by_label("…or paste the job ad").fill(JOB)
    page.get_by_label("At least this many years of experience").fill("many")
    page.get_by_role("button", name="Rank the candidates").click()
    page.wait_for_url(re.compile(r"/batches$"))
    assert page.locator("#batch-error, #criteria-error").filter(has_text=re.compile(".")).count()
    assert page.get_by_label("…or paste the job ad").input_value() == JOB.strip()  # kept
    page.reload()  # a GET of the list: nothing is sent again, the reason is gone
    assert page.locator("#batch-error").count() == 0
    assert page.locator("#criteria-error").inner_text() == ""
    assert page.locator("#batch-list").count() == 0
    context.close()
    assert problems == []
    # The tailoring form of a finished batch: refused, then an action address reopened.
    scripted = screen.page
    register(scripted)
    url = new_batch(scripted, write_files(tmp_path)[:2])
    scripted.get_by_label("Top", exact=True).fill("0")
    scripted.get_by_role("button", name="Tailor the top candidates").click()
    scripted.wait_for_url(f"{url}#tailoring")  # the batch's page, not the POST's address
    assert "from 1 to 50" in scripted.locator("#tailor-error").inner_text()
    scripted.reload()
    assert scripted.locator("#tailor-error").count() == 0
    opened = scripted.goto(f"{url}/tailor")
    assert opened is not None
    assert (opened.status, scripted.url) == (200, url)
