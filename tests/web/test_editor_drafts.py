"""``web.ui.drafts``: what a save refused over a newer draft says changed, and the base a form
sends (issue 19)."""

from __future__ import annotations

import json
from types import SimpleNamespace

from starlette.datastructures import FormData

from tailorcv.service.resumes import revision
from tailorcv.web.api.resumes import if_match_revisions
from tailorcv.web.ui.drafts import MAX_LINES, UNKNOWN, Base, changes, conflict, posted_base


def test_a_changed_text_reads_from_before_to_after() -> None:
    before = {"basics": {"name": "Ada"}}
    after = {"basics": {"name": "Ada L."}}
    assert changes(before, after) == ["basics.name: “Ada” → “Ada L.”"]


def test_added_and_removed_entries_and_items_are_named() -> None:
    before = {"work": [{"name": "Acme"}], "skills": [{"keywords": ["Go", "SQL"]}]}
    after = {
        "work": [{"name": "Acme"}, {"name": "Initech", "position": "CTO"}],
        "skills": [{"keywords": ["Go"]}],
        "languages": [],
    }
    assert changes(before, after) == [
        "work[1]: added (Initech)",
        "skills[0].keywords[1]: removed (“SQL”)",
        "languages: added (0 items)",
    ]


def test_a_long_value_is_cut_short() -> None:
    (line,) = changes({"summary": "a" * 500}, {"summary": "b"})
    assert len(line) < 100
    assert line.endswith("→ “b”")


def test_equal_documents_have_no_changes() -> None:
    document = {"basics": {"name": "Ada"}, "work": [{"name": "Acme"}]}
    assert changes(document, json.loads(json.dumps(document))) == []


def test_a_form_sends_the_revision_of_its_snapshot_or_the_one_it_overwrites() -> None:
    snapshot = {"title": "Main", "resume": {"basics": {"name": "Ada"}}}
    text = json.dumps(snapshot)
    sent = posted_base(FormData([("base", text)]))
    assert sent == Base(revision("Main", {"basics": {"name": "Ada"}}), text, snapshot)
    assert posted_base(FormData([("base", text), ("overwrite", "abc")])).revision == "abc"
    assert posted_base(FormData([])).revision is None  # no base: unguarded, as before
    assert posted_base(FormData([("base", "[1, 2]")])).revision == UNKNOWN
    assert posted_base(FormData([("base", '{"title": 1, "resume": {}}')])).revision == UNKNOWN


def test_if_match_names_its_strong_etags_or_any() -> None:
    assert if_match_revisions(None) is None
    assert if_match_revisions(" * ") is None
    assert if_match_revisions('"abc"') == {"abc"}
    assert if_match_revisions('"abc", "def"') == {"abc", "def"}
    assert if_match_revisions('W/"abc", "def"') == {"def"}
    assert if_match_revisions('"a,b" ,"c"') == {"a,b", "c"}  # a comma may sit inside a tag
    assert if_match_revisions('W/"abc"') == frozenset()
    assert if_match_revisions("abc") == frozenset()
    assert if_match_revisions("") == frozenset()


def test_a_refusal_lists_at_most_max_lines_and_counts_the_rest() -> None:
    before = {"title": "Main", "resume": {"skills": [{"name": str(n)} for n in range(40)]}}
    now = SimpleNamespace(title="Main", draft={"skills": [{"name": "x"} for _ in range(40)]})
    refused = conflict(Base("old", "", before), now)  # type: ignore[arg-type]
    assert len(refused.changes) == MAX_LINES + 1
    assert refused.changes[-1] == f"… and {40 - MAX_LINES} more changes"
    assert refused.revision == revision("Main", now.draft)


def test_a_refusal_over_an_unreadable_base_says_so() -> None:
    now = SimpleNamespace(title="Main", draft={})
    refused = conflict(Base(UNKNOWN, "{oops"), now)  # type: ignore[arg-type]
    assert "could not be read" in refused.changes[0]
