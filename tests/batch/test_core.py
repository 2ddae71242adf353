"""The pure part of batches: knock-out criteria, ranking, blind screening, CSV, zips, folders."""

from __future__ import annotations

import csv
import io
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tailorcv.batch import (
    Criteria,
    Entry,
    ExpandLimits,
    InvalidCriteria,
    cache_key,
    evaluate,
    expand_folder,
    expand_zip,
    is_archive,
    parse_criteria,
    rank,
    text_hash,
    to_csv,
)
from tailorcv.batch.blind import scrub
from tailorcv.batch.criteria import Facts, knockouts
from tailorcv.errors import TooLarge, UnreadableFile
from tailorcv.match import analyse
from tailorcv.resume import validate
from tests.batch.support import candidate, zipped
from tests.web.helpers import JOB_TEXT

FACTS = Facts(
    skills=("Kubernetes", "Python"),
    terms=("python", "kubernetes", "sqlite"),
    years=4.0,
    education="bachelor",
    languages=("english", "swedish"),
)


def test_criteria_are_read_from_json() -> None:
    criteria = parse_criteria(
        '{"skills": ["k8s"], "min_years": 3, "degree": "Master", "languages": "German"}'
    )
    assert criteria == Criteria(("k8s",), 3.0, "master", ("German",))
    assert parse_criteria(None) == Criteria()
    assert not parse_criteria("")


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"shoe_size": 44}', "unknown key"),
        ('{"skills": [""]}', "non-empty names"),
        ('{"min_years": -1}', "0 to 60"),
        ('{"min_years": true}', "0 to 60"),
        ('{"degree": "wizard"}', "bachelor"),
        ('{"min_years": ' + "9" * 5000 + "}", "number too long"),  # a 500 before (issue 16)
        ('{"skills": ["' + "x" * 20_000 + '"]}', "over 10000 characters"),
    ],
)
def test_bad_criteria_say_what_is_wrong(raw: str, says: str) -> None:
    with pytest.raises(InvalidCriteria, match=says) as caught:
        parse_criteria(raw)
    assert caught.value.status == 422


def test_knockouts_give_every_reason_and_know_skill_aliases() -> None:
    assert knockouts(FACTS, Criteria(skills=("k8s", "SQLite"), min_years=3)) == []
    reasons = knockouts(
        FACTS,
        Criteria(skills=("Rust",), min_years=5, degree="master", languages=("German", "english")),
    )
    assert reasons == [
        "missing required skill Rust",
        "4 years of experience, 5 required",
        "bachelor; a master degree or higher is required",
        "language German not listed",
    ]


def test_a_candidate_is_scored_with_facts_and_identity() -> None:
    resume = validate(candidate("Ada Lovelace", skills=["Python", "Rust"])).resume
    result = evaluate(resume, analyse(JOB_TEXT))
    assert 0 < result["score"] <= 100
    assert "Python" in result["matched_required"]
    assert result["candidate"]["name"] == "Ada Lovelace"
    assert "Python" in result["facts"]["skills"]


def test_the_cache_key_changes_with_the_job_and_the_scorer() -> None:
    key = cache_key("c" * 64, text_hash("job"))
    assert key == cache_key("c" * 64, text_hash("job"))
    assert key != cache_key("c" * 64, text_hash("job, edited"))
    assert key != cache_key("c" * 64, text_hash("job"), scorer="next")


def _result(name: str, email: str, skills: list[str]) -> dict[str, object]:
    return {
        "score": 0,
        "matched_required": skills,
        "missing_required": [],
        "required_total": 3,
        "facts": {"skills": skills, "years": 2},
        "candidate": {"name": name, "email": email, "phone": "+46 70 123", "profiles": ["x"]},
    }


ENTRIES = [
    Entry("a", 0, "ada.json", "succeeded", 60.0, _result("Ada", "ada@x.org", ["Python"])),
    Entry("b", 1, "bob.json", "succeeded", 80.0, _result("Bob", "bob@x.org", ["Rust"])),
    Entry("c", 2, "cy.json", "succeeded", 80.0, _result("Cy", "cy@x.org", ["Python", "Go"])),
    Entry("d", 3, "dee-smith.pdf", "failed", error="the file is encrypted; mail dee@x.org"),
    Entry("e", 4, "eve.json", "queued"),
]


def test_the_ranking_orders_by_score_and_keeps_knocked_out_and_failed_apart() -> None:
    ranking = rank(ENTRIES, Criteria(skills=("Python",)), blind=False)
    assert [(r.candidate, r.rank) for r in ranking.ranked] == [("Cy", 1), ("Ada", 2)]
    assert [(r.candidate, r.reasons) for r in ranking.knocked_out] == [
        ("Bob", ["missing required skill Python"])
    ]
    assert [r.candidate for r in ranking.failed] == ["dee-smith.pdf"]
    assert [r.status for r in ranking.pending] == ["pending"]
    assert ranking.ranked[0].contact is not None
    assert ranking.ranked[0].contact["email"] == "cy@x.org"


def test_blind_screening_hides_who_candidates_are() -> None:
    ranking = rank(ENTRIES, Criteria(), blind=True)
    shown = repr([r.to_dict() for r in ranking.rows()]) + to_csv(ranking)
    for secret in ("Ada", "Bob", "Cy", "ada@", "dee", "+46", "ada.json", "smith"):
        assert secret not in shown
    assert {r.candidate for r in ranking.ranked} == {"Candidate 1", "Candidate 2", "Candidate 3"}
    assert all(r.contact is None for r in ranking.rows())


def test_scrub_removes_contact_details_and_dates() -> None:
    text = "born 1990-04-01, call +46 70 123 45 67, mail a.b@c.se, see https://x.io/me"
    assert scrub(text) == "born [date], call [phone], mail [email], see [link]"


def test_the_csv_has_every_candidate_and_defuses_formulas() -> None:
    entries = [
        Entry("a", 0, "x.json", "succeeded", 50.0, _result("=HYPERLINK(1)", "a@x", [])),
        *ENTRIES[3:],
    ]
    rows = list(csv.reader(io.StringIO(to_csv(rank(entries, Criteria(), blind=False)))))
    assert rows[0][:4] == ["rank", "candidate", "email", "status"]
    assert rows[1][:4] == ["1", "'=HYPERLINK(1)", "a@x", "ranked"]
    assert rows[2][3] == "failed"
    assert "encrypted" in rows[2][9]
    assert len(rows) == 4


def test_a_zip_gives_its_files_and_the_reason_for_each_it_cannot_use() -> None:
    inner = zipped({"x.json": b"{}"})
    data = zipped(
        {
            "a.json": b'{"basics": {}}',
            "sub/b.txt": b"Jane Doe",
            "win\\dows\\c.txt": b"Joe",
            "__MACOSX/._a.json": b"junk",
            ".DS_Store": b"junk",
            "nested.zip": inner,
        }
    )
    entries = expand_zip(data)
    assert [e.name for e in entries] == ["a.json", "b.txt", "c.txt", "nested.zip"]
    assert entries[0].data == b'{"basics": {}}'
    assert entries[0].error is None
    assert entries[3].error is not None
    assert "zip inside the zip" in entries[3].error


def test_a_docx_is_a_file_not_an_archive() -> None:
    assert not is_archive(zipped({"word/document.xml": b"<w/>", "[Content_Types].xml": b"x"}))
    assert is_archive(zipped({"a.pdf": b"%PDF-1.4"}))
    assert not is_archive(b"%PDF-1.4")


def test_a_zip_over_the_item_limit_is_refused() -> None:
    data = zipped({f"{i}.json": b"{}" for i in range(4)})
    with pytest.raises(TooLarge, match="at most 3"):
        expand_zip(data, ExpandLimits(max_items=3))


def test_a_zip_bomb_is_refused_by_its_declared_size() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(3):
            archive.writestr(f"{i}.txt", b"\0" * 2_000_000)
    assert len(bomb.getvalue()) < 50_000
    with pytest.raises(TooLarge, match="unpacks to more than"):
        expand_zip(bomb.getvalue(), ExpandLimits(max_bytes=5_000_000))


def test_a_member_that_lies_about_its_size_fails_alone() -> None:
    """A member whose headers declare 10 bytes but that inflates to a megabyte is never read
    past what it declares (zipfile stops there and the checksum fails) and fails alone."""
    data = bytearray(zipped({"liar.txt": b"A" * 1_000_000, "ok.json": b"{}"}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = struct.pack("<I", 10)
    entries = expand_zip(bytes(data))
    assert entries[0].data == b""
    assert entries[0].error is not None
    assert "cannot be unpacked" in entries[0].error
    assert entries[1] == type(entries[1])("ok.json", b"{}")


def test_a_member_over_the_file_limit_fails_alone() -> None:
    entries = expand_zip(
        zipped({"big.txt": b"x" * 2000, "a.json": b"{}"}), ExpandLimits(max_file_bytes=1000)
    )
    assert entries[0].error is not None
    assert "over the 1000-byte limit" in entries[0].error
    assert entries[1].error is None


def test_a_damaged_zip_is_unreadable() -> None:
    with pytest.raises(UnreadableFile, match="zip cannot be read"):
        expand_zip(b"PK\x03\x04" + b"\0" * 100)


def test_a_folder_gives_its_files_and_expands_zips(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / ".hidden").write_text("x")
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "b.txt").write_text("Jane")
    (tmp_path / "more.zip").write_bytes(zipped({"c.json": b"{}"}))
    assert [e.name for e in expand_folder(tmp_path)] == ["a.json", "b.txt", "c.json"]
    with pytest.raises(TooLarge):
        expand_folder(tmp_path, ExpandLimits(max_items=2))


def test_the_batch_core_needs_no_web_or_database() -> None:
    probe = (
        "import sys, tailorcv.batch; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'fastapi', 'starlette', 'huey') or m.startswith('tailorcv.store')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
