"""``tailorcv admin grant|revoke EMAIL``: the operator's way to make a user an admin, or no longer
one (issue 19). No web request can do it, so a stolen admin session cannot make another admin.
It changes the database of TAILORCV_DATABASE_URL, which must be migrated."""

from __future__ import annotations

from typing import Annotated

import typer

from tailorcv.cli import app, handle_errors, out
from tailorcv.errors import InvalidSettings

admin = typer.Typer(
    name="admin",
    help="Make a user an admin (who sees /admin), or no longer one.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
app.add_typer(admin)

Email = Annotated[str, typer.Argument(help="The user's e-mail address (any case).")]


@admin.command()
@handle_errors
def grant(email: Email) -> None:
    """Make the user with EMAIL an admin: they see /admin and the admin API."""
    _set_admin(email, True)


@admin.command()
@handle_errors
def revoke(email: Email) -> None:
    """Make the user with EMAIL no longer an admin."""
    _set_admin(email, False)


def _set_admin(email: str, is_admin: bool) -> None:
    from tailorcv.ops.settings import load_settings
    from tailorcv.service.admin_users import set_admin
    from tailorcv.service.runtime import runtime_for
    from tailorcv.store.db import check
    from tailorcv.store.schema import current_revision, head_revision

    runtime = runtime_for(load_settings())
    check(runtime.engine)
    if current_revision(runtime.engine) != head_revision():
        raise InvalidSettings(
            "the database is not at the newest schema: run `tailorcv migrate` first"
        )
    with runtime.sessions() as session:
        user = set_admin(session, email, is_admin)
        words = "is now an admin" if is_admin else "is no longer an admin"
        out.print(f"{user.email} {words}", highlight=False)
