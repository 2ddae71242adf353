"""Commands that run or prepare the service: migrate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tailorcv.cli import app, handle_errors, out

if TYPE_CHECKING:
    pass


@app.command()
@handle_errors
def migrate() -> None:
    """Bring the database (TAILORCV_DATABASE_URL) to the newest schema; print its revision."""
    from tailorcv.ops.settings import load_settings
    from tailorcv.store import migrate as migrate_database

    settings = load_settings()
    revision = migrate_database(settings)
    out.print(f"database at revision {revision}", highlight=False)
