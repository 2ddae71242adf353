"""``tailorcv migrate``: applies the migrations, prints the revision, fails with one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tailorcv.cli import app
from tailorcv.store.schema import head_revision

runner = CliRunner()


def test_migrate_creates_the_embedded_database(tmp_path: Path) -> None:
    env = {"TAILORCV_DATA_DIR": str(tmp_path)}
    result = runner.invoke(app, ["migrate"], env=env)
    assert result.exit_code == 0, result.stderr
    assert f"database at revision {head_revision()}" in result.stdout
    assert (tmp_path / "tailorcv.db").is_file()
    again = runner.invoke(app, ["migrate"], env=env)
    assert (again.exit_code, again.stdout) == (0, result.stdout)


@pytest.mark.parametrize(
    ("env", "code", "says"),
    [
        ({"TAILORCV_DATABASE_URL": "mysql://db/x"}, 2, "TAILORCV_DATABASE_URL: not a database URL"),
        (
            {"TAILORCV_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"},
            1,
            "database unreachable at postgresql+psycopg://nobody@127.0.0.1:1/x",
        ),
    ],
)
def test_migrate_fails_with_one_line(env: dict[str, str], code: int, says: str) -> None:
    result = runner.invoke(app, ["migrate"], env=env)
    assert result.exit_code == code
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
