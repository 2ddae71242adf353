"""Users, profiles, API tokens, and erasing a user, on every backend."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tailorcv.store import account_queries, queries
from tailorcv.store.models import ApiToken, Base, Profile, User, utcnow

from .factories import make_user, populate


def test_a_user_is_created_with_their_profile(session: Session) -> None:
    user = queries.create_user(session, "ada@example.com", "hash", display_name="Ada")
    session.commit()
    profile = queries.get_profile(session, user.id)
    assert profile is not None
    assert profile.display_name == "Ada"


def test_a_failing_profile_rolls_back_the_user_too(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """User and profile share one transaction: no user without a profile can be left behind."""

    def broken_profile(**columns: object) -> Profile:
        return Profile(**{**columns, "user_id": uuid.uuid4()})  # no such user: the insert fails

    monkeypatch.setattr(account_queries, "Profile", broken_profile)
    with pytest.raises(IntegrityError):
        queries.create_user(session, "ada@example.com", "hash")
    session.rollback()
    assert session.scalar(select(func.count()).select_from(User)) == 0
    assert session.scalar(select(func.count()).select_from(Profile)) == 0


def test_email_is_unique_whatever_its_case(session: Session) -> None:
    make_user(session, "Ada@Example.com")
    session.commit()
    with pytest.raises(queries.EmailTaken):
        make_user(session, " ada@EXAMPLE.com")
    found = queries.get_user_by_email(session, "ADA@example.COM")
    assert found is not None
    assert found.email == "ada@example.com"


def test_the_database_refuses_a_second_email_in_another_case(session: Session) -> None:
    """The unique constraint holds even when two inserts race past the friendly check."""
    session.add_all([User(email="ada@example.com", password_hash="h")])
    session.commit()
    session.add(User(email="ADA@example.com", password_hash="h"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_only_a_hash_of_a_token_is_stored(session: Session, engine: Engine) -> None:
    user = make_user(session)
    token, raw = queries.create_api_token(session, user.id, "laptop")
    session.commit()
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM api_tokens")).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert raw not in stored
    assert token.token_hash == queries.token_hash(raw)
    assert queries.user_for_token(session, raw) == user


def test_a_revoked_or_unknown_token_finds_no_user(session: Session) -> None:
    user = make_user(session)
    token, raw = queries.create_api_token(session, user.id, "laptop")
    assert queries.user_for_token(session, raw + "x") is None
    assert queries.revoke_api_token(session, user.id, token.id) is not None
    assert queries.user_for_token(session, raw) is None


def test_a_token_use_is_noted(session: Session) -> None:
    user = make_user(session)
    token, raw = queries.create_api_token(session, user.id, "laptop")
    assert token.last_used_at is None
    queries.user_for_token(session, raw)
    session.commit()
    assert session.get(ApiToken, token.id).last_used_at is not None  # type: ignore[union-attr]


def test_another_user_cannot_revoke_or_list_a_token(session: Session) -> None:
    ada, bob = make_user(session), make_user(session)
    token, raw = queries.create_api_token(session, ada.id, "laptop")
    assert queries.revoke_api_token(session, bob.id, token.id) is None
    assert queries.list_api_tokens(session, bob.id) == []
    assert queries.user_for_token(session, raw) == ada


UNOWNED = ("workers",)  # tables of the service itself, which belong to no user


def counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def test_deleting_a_user_erases_every_row_of_theirs_and_nothing_else(
    sessions: Callable[[], Session],
) -> None:
    with sessions() as session:
        ada = populate(session, key="a" * 64)
        populate(session, key="b" * 64)
        # A table no user owns: a consumer's heartbeat row stays whoever is erased.
        queries.record_heartbeat(session, uuid.uuid4(), "box", 1, "memory://", utcnow())
        session.commit()
        before = counts(session)
        assert all(before.values()), f"populate() must fill every table: {before}"
        orphaned = queries.delete_user(session, ada.user.id)
        session.commit()
    with sessions() as session:
        after = counts(session)
        halved = {table: count // 2 for table, count in before.items() if table not in UNOWNED}
        assert after == {**halved, **{table: before[table] for table in UNOWNED}}
        assert queries.get_user(session, ada.user.id) is None
    assert orphaned == ["a" * 64]


def test_a_blob_shared_with_another_user_is_not_orphaned(session: Session) -> None:
    ada = populate(session, key="c" * 64)
    populate(session, key="c" * 64)
    assert queries.delete_user(session, ada.user.id) == []
