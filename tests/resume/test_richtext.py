"""The one reader of rich text (issue 19): RenderCV's Markdown emphasis and links as runs, and
bullets with sub-bullets as a tree, bounded in length, nesting and look-back."""

from __future__ import annotations

from typing import Any

import pytest

from tailorcv.resume import richtext
from tailorcv.resume.richtext import Reader, runs


def styled(text: str) -> list[tuple[str, str]]:
    """Each run's text with its style in one word: plain, strong, emph, both, or its link."""
    out = []
    for run in runs(text, markdown=True):
        style = {(False, False): "plain", (True, False): "strong", (False, True): "emph"}.get(
            (run["strong"], run["emph"]), "both"
        )
        out.append((run["text"], run["url"] or style))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "This is **bold**, *italic*.",
            [
                ("This is ", "plain"),
                ("bold", "strong"),
                (", ", "plain"),
                ("italic", "emph"),
                (".", "plain"),
            ],
        ),
        ("***both***", [("both", "both")]),
        ("__bold__ and _it_", [("bold", "strong"), (" and ", "plain"), ("it", "emph")]),
        ("**bold *and italic***", [("bold ", "strong"), ("and italic", "both")]),
        (
            "[a **b**](https://x.example.org)",
            [("a ", "https://x.example.org"), ("b", "https://x.example.org")],
        ),
        ("5 * 3 * 2", [("5 * 3 * 2", "plain")]),
        ("snake_case_name", [("snake_case_name", "plain")]),
        ("**unclosed", [("**unclosed", "plain")]),
        ("\\*not\\* \\[a\\]", [("*not* [a]", "plain")]),
        ("C:\\Users", [("C:\\Users", "plain")]),
        ("[x](javascript:void)", [("x", "plain")]),
        ("[x](javascript:alert(1))", [("[x](javascript:alert(1))", "plain")]),
        ('**#eval("x")** <b>', [('#eval("x")', "strong"), (" <b>", "plain")]),
    ],
)
def test_markdown_becomes_runs(text: str, expected: list[tuple[str, str]]) -> None:
    assert styled(text) == expected


def test_without_markdown_a_value_is_one_plain_run() -> None:
    assert runs("**not bold** [x](https://x.example.org)") == [
        {
            "text": "**not bold** [x](https://x.example.org)",
            "strong": False,
            "emph": False,
            "url": "",
        }
    ]
    assert runs("") == []


def test_a_run_never_holds_more_or_less_than_the_text() -> None:
    text = "a **b** *c* [d](https://e.example.org) \\* f_g_h"
    assert "".join(r["text"] for r in runs(text, True)) == "a b c d * f_g_h"
    assert richtext.plain(text, True) == "a b c d * f_g_h"


def test_only_the_first_characters_of_a_long_value_are_read_as_markdown() -> None:
    text = "x" * richtext.MAX_MARKDOWN + " **late**"
    assert runs(text, True)[-1]["text"].endswith("**late**")


def test_a_resume_reads_a_bounded_number_of_characters_as_markdown() -> None:
    reader = Reader(markdown=True, budget=20)
    assert reader.runs("**first** value")[0]["strong"]
    assert reader.runs("**second**") == [
        {"text": "**second**", "strong": False, "emph": False, "url": ""}
    ]


def test_a_closer_looks_back_over_a_bounded_number_of_openers() -> None:
    near = "*a " + "_b " * 10 + "c*"
    far = "*a " + "_b " * 40 + "c*"
    assert any(r["emph"] for r in runs(near, True))
    assert not any(r["emph"] for r in runs(far, True))


def tree(item: dict[str, Any]) -> Any:
    text = "".join(r["text"] for r in item["runs"])
    return (text, [tree(i) for i in item["items"]]) if item["items"] else text


def test_sub_bullets_nest_by_their_indentation() -> None:
    item = Reader().bullet("Research\n  - ICML\n    - cited\n  - NeurIPS\n- Back at one")
    assert tree(item) == ("Research", [("ICML", ["cited"]), "NeurIPS", "Back at one"])


def test_bullets_nest_three_levels_and_no_deeper() -> None:
    lines = "\n".join(f"{'  ' * depth}- level {depth}" for depth in range(5))
    assert tree(Reader().bullet("Top\n" + lines)) == (
        "Top",
        [("level 0", ["level 1", "level 2", "level 3", "level 4"])],
    )
    assert tree(Reader().outline(lines.splitlines())[0]) == (
        "level 0",
        [("level 1", ["level 2", "level 3", "level 4"])],
    )


def test_a_line_without_a_marker_continues_its_bullet_and_a_first_line_is_text() -> None:
    assert tree(Reader().bullet("- not a sub-bullet\n  - sub\n    continued")) == (
        "- not a sub-bullet",
        ["sub continued"],
    )


def test_flat_lists_every_item_in_reading_order() -> None:
    items = [Reader(markdown=True).bullet("**A**\n  - a1\n    - a11\n  - a2")]
    assert richtext.flat(items) == ["A", "a1", "a11", "a2"]


@pytest.mark.parametrize(
    ("url", "kept"),
    [("https://a.example.org", True), ("javascript:alert(1)", False), ("example.org", True)],
)
def test_only_safe_links_are_kept(url: str, kept: bool) -> None:
    assert bool(richtext.safe_url(url)) is kept
