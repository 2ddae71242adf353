"""docs/cli.md is what the commands say about themselves (regenerate it when this fails)."""

from __future__ import annotations

from tailorcv.cli.reference import reference
from tests.conftest import ROOT


def test_the_cli_reference_is_up_to_date() -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == reference(), "run: python -m tailorcv.cli.reference > docs/cli.md"


def test_every_command_is_in_the_reference() -> None:
    text = reference()
    for command in (
        "render",
        "validate",
        "templates",
        "import",
        "analyse",
        "score",
        "tailor",
        "rank",
        "guard",
        "migrate",
        "admin grant",
        "admin revoke",
    ):
        assert f"## `tailorcv {command}`" in text
