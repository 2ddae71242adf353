"""Administration of accounts (issue 19): everyone's accounts a page at a time, searchable by
e-mail; an account's tier; disabling and enabling an account; and who is an admin, which only
the operator's command changes (``tailorcv admin grant``), so that no web request can make an
admin.

Disabling sets ``users.disabled_at`` and deletes nothing. While it is set the account cannot log
in, its log-in sessions and API tokens are refused with 403 ``account-disabled``
(``service.accounts.refuse_disabled``), and its public pages answer 404: disabling is how an
operator stops an account's abuse, and a page is the part of an account the world sees. Enabling
clears it, and everything (sessions not yet expired, tokens, pages at their addresses) works
again. An admin cannot disable themselves, so that no one locks the last admin out by a slip.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from tailorcv.errors import Conflict, InputNotFound
from tailorcv.service import work
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import AdminUser, AdminUserChange, AdminUserPage
from tailorcv.store.account_queries import (
    get_user,
    get_user_by_email,
    list_users,
    published_resume_ids,
)
from tailorcv.store.models import User, normalise_email, utcnow


def user_page(session: Session, search: str, limit: int, offset: int) -> AdminUserPage:
    """Accounts whose e-mail contains ``search``, newest first, ``limit`` from ``offset``."""
    users = list_users(session, search, limit=limit + 1, offset=offset)
    items = [AdminUser.model_validate(user) for user in users[:limit]]
    return AdminUserPage(items=items, next_offset=offset + limit if len(users) > limit else None)


def change_user(
    runtime: Runtime, session: Session, admin: User, user_id: uuid.UUID, change: AdminUserChange
) -> AdminUser:
    """Set the account's tier and whether it is disabled, as ``change`` says; 404 for an
    unknown id, 409 ``conflict`` for an admin disabling themselves."""
    user = get_user(session, user_id)
    if user is None:
        raise work.not_found("user", user_id)
    if change.disabled and user.id == admin.id:
        raise Conflict("an admin cannot disable their own account; ask another admin")
    if change.tier is not None:
        user.tier = change.tier
    if change.disabled is not None and change.disabled != (user.disabled_at is not None):
        user.disabled_at = utcnow() if change.disabled else None
        session.flush()
        pages_changed(runtime, session, user)
    session.commit()
    return AdminUser.model_validate(user)


def pages_changed(runtime: Runtime, session: Session, user: User) -> None:
    """The account's public pages appeared or went: each replica forgets what it remembers of
    them (at once here, within a second elsewhere, as for an unpublished page)."""
    for resume_id in published_resume_ids(session, user.id):
        work.resume_changed(runtime, resume_id)


def set_admin(session: Session, email: str, admin: bool) -> User:
    """Make the account with ``email`` (any case) an admin, or no longer one; committed.
    ``InputNotFound`` when no account has that address."""
    user = get_user_by_email(session, email)
    if user is None:
        raise InputNotFound(
            f"no account has the e-mail address {normalise_email(email)}; check it, or have "
            "the person register first"
        )
    user.is_admin = admin
    session.commit()
    return user
