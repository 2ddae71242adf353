"""Issue 19's account queries and the operator's command, on every backend: the list of accounts
searched by e-mail, a change of address, a disabled account's public page, what tasks and files
were made from, and ``tailorcv admin grant|revoke EMAIL`` against a real database."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tailorcv.cli import app
from tailorcv.errors import EmailTaken
from tailorcv.service.runtime import close_runtimes
from tailorcv.store import account_queries, queries
from tailorcv.store.models import utcnow
from tailorcv.store.origin_queries import (
    jobs_named,
    task_that_made,
    versions_named,
)

from .factories import make_user, populate

runner = CliRunner()


def test_accounts_are_searched_by_part_of_their_address(session: Session) -> None:
    for name in ("ada.lovelace", "grace_hopper", "gracexhopper", "alan"):
        make_user(session, f"{name}@example.com")
    session.commit()
    found = account_queries.list_users(session, "GRACE_", limit=10)
    assert [user.email for user in found] == ["grace_hopper@example.com"]
    assert account_queries.list_users(session, "%", limit=10) == []
    assert len(account_queries.list_users(session, "", limit=3)) == 3
    assert len(account_queries.list_users(session, "", limit=3, offset=3)) == 1


def test_a_new_address_must_be_free_whatever_its_case(session: Session) -> None:
    ada, grace = make_user(session, "ada@example.com"), make_user(session, "grace@example.com")
    session.commit()
    with pytest.raises(EmailTaken):
        account_queries.change_email(session, ada, " GRACE@example.com")
    account_queries.change_email(session, ada, "Ada.Lovelace@Example.com")
    session.commit()
    assert queries.get_user_by_email(session, "ada.lovelace@example.com") == ada
    assert grace.email == "grace@example.com"


def test_a_disabled_accounts_page_is_not_public_until_it_is_enabled(session: Session) -> None:
    owned = populate(session)
    queries.publish_resume(session, owned.user.id, owned.resume_id, "ada-page")
    session.commit()
    assert queries.published_row(session, "ada-page") is not None
    assert account_queries.published_resume_ids(session, owned.user.id) == [owned.resume_id]
    owned.user.disabled_at = utcnow()
    session.commit()
    assert queries.published_row(session, "ada-page") is None
    owned.user.disabled_at = None
    session.commit()
    assert queries.published_row(session, "ada-page") is not None


def test_origins_name_the_person_template_and_job_from_inside_the_document(
    session: Session,
) -> None:
    owned = populate(session)
    session.commit()
    versions = versions_named(session, {owned.version_id, uuid.uuid4()})
    assert list(versions) == [owned.version_id]
    origin = versions[owned.version_id]
    assert (origin.owner_id, origin.resume_title, origin.person) == (
        owned.user.id,
        "Main",
        "Ada Lovelace",
    )
    assert origin.template is None  # the factory's document has no meta
    assert origin.job_id == owned.job_id  # a tailored version
    job_id = queries.create_job(session, owned.user.id, "ad", {}, title="Data Engineer").id
    session.commit()
    job = jobs_named(session, {job_id, owned.job_id})[job_id]
    assert (job.owner_id, job.title, job.company) == (owned.user.id, "Data Engineer", "")


def test_the_task_that_made_a_file_is_found_by_its_result(session: Session) -> None:
    owned = populate(session)
    other = populate(session)
    task = queries.create_task(session, owned.user.id, "render", {"version_id": "x"})
    task.status, task.result = "succeeded", {"file_id": str(owned.file_id)}
    session.commit()
    assert task_that_made(session, owned.user.id, owned.file_id) == task
    assert task_that_made(session, other.user.id, owned.file_id) is None  # scoped by owner
    assert task_that_made(session, owned.user.id, other.file_id) is None


def cli(engine: Engine, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    url = engine.url.render_as_string(hide_password=False)
    env = {"TAILORCV_DATABASE_URL": url, "TAILORCV_DATA_DIR": str(tmp_path)}
    try:
        result = runner.invoke(app, ["admin", *args], env=env)
    finally:
        close_runtimes()
    return result.exit_code, result.stdout, result.stderr


def test_the_operator_grants_and_revokes_admin_by_email(
    engine: Engine, session: Session, tmp_path: Path
) -> None:
    user = make_user(session, "ada@example.com")
    session.commit()
    code, stdout, stderr = cli(engine, tmp_path, "grant", "ADA@example.com")
    assert (code, stdout.strip(), stderr) == (0, "ada@example.com is now an admin", "")
    session.refresh(user)
    assert user.is_admin
    code, stdout, _ = cli(engine, tmp_path, "revoke", "ada@example.com")
    assert (code, stdout.strip()) == (0, "ada@example.com is no longer an admin")
    session.refresh(user)
    assert not user.is_admin


def test_an_unknown_address_is_a_clear_error_on_stderr(engine: Engine, tmp_path: Path) -> None:
    code, stdout, stderr = cli(engine, tmp_path, "grant", "nobody@example.com")
    assert (code, stdout) == (2, "")
    assert "no account has the e-mail address nobody@example.com" in stderr
    assert "Traceback" not in stderr


def test_a_database_never_migrated_is_a_clear_error(tmp_path: Path) -> None:
    env = {"TAILORCV_DATA_DIR": str(tmp_path)}
    try:
        result = runner.invoke(app, ["admin", "grant", "ada@example.com"], env=env)
    finally:
        close_runtimes()
    assert result.exit_code == 2
    assert "run `tailorcv migrate` first" in result.stderr


def test_granting_changes_no_one_else(engine: Engine, session: Session, tmp_path: Path) -> None:
    make_user(session, "ada@example.com")
    other = make_user(session, "grace@example.com")
    session.commit()
    assert cli(engine, tmp_path, "grant", "ada@example.com")[0] == 0
    session.refresh(other)
    assert not other.is_admin
