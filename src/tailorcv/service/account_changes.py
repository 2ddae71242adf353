"""Changing an account's password or e-mail address (issue 19), by the API or the account page.

Both ask for the current password again, so that a browser left signed in is not enough to take
the account over. Each takes one ``login`` from the caller's address's rate limit, and a wrong
current password counts as a failed log-in of the account from that address
(``service.throttle``): guessing it here is no cheaper than at the log-in form.

A new password meets the rules of a registration; changing it ends every other log-in session
of the account, keeping the one that asked, so that whoever else was signed in is out. API
tokens are kept: they were made on purpose, and the account page lists them to revoke. A new
address must have the shape of one (``service.addresses``) and be free, whatever its case.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tailorcv.errors import EmailTaken, Unchanged, WeakPassword, WrongPassword
from tailorcv.service.accounts import user_public
from tailorcv.service.limits import Caller
from tailorcv.service.passwords import password_problem
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import EmailChange, PasswordChange, PasswordChanged, UserPublic
from tailorcv.service.throttle import login_keys
from tailorcv.store.account_queries import change_email as store_email
from tailorcv.store.account_queries import end_other_login_sessions
from tailorcv.store.models import User, normalise_email


def change_password(
    runtime: Runtime, session: Session, caller: Caller, token: str, form: PasswordChange
) -> PasswordChanged:
    """The new password stored, and every log-in session but ``token``'s ended (all of them
    when ``token`` is an API token's): how many, in words and as a number."""
    runtime.limits.take_action(caller, "login")
    user = caller.signed_in
    current = form.current_password.get_secret_value()
    confirm_password(runtime, session, caller, current)
    new = form.new_password.get_secret_value()
    if new == current:
        raise Unchanged("new_password: it is the password the account has; choose another")
    problem = password_problem(new, user.email, runtime.settings.password_min_length)
    if problem is not None:
        raise WeakPassword(f"new_password: {problem}")
    user.password_hash = runtime.passwords.hash(new)
    ended = end_other_login_sessions(session, user.id, keep=token)
    session.commit()
    return PasswordChanged(detail=changed_words(ended), sessions_ended=ended)


def changed_words(ended: int) -> str:
    """What a change of password did, as the API and the account page say it."""
    if ended == 0:
        return "password changed; no other session was logged in"
    sessions = "session was" if ended == 1 else "sessions were"
    return f"password changed; {ended} other {sessions} logged out"


def change_email(
    runtime: Runtime, session: Session, caller: Caller, form: EmailChange
) -> UserPublic:
    """The account with its new address; ``EmailTaken`` (409) when another account has it."""
    runtime.limits.take_action(caller, "login")
    user = caller.signed_in
    confirm_password(runtime, session, caller, form.current_password.get_secret_value())
    if normalise_email(form.email) == user.email:
        raise Unchanged("email: it is the address the account has")
    try:
        store_email(session, user, form.email)
        session.commit()
    except IntegrityError:  # another change or registration took the address meanwhile
        session.rollback()
        raise EmailTaken(f"{normalise_email(form.email)} belongs to another account") from None
    return user_public(session, user)


def confirm_password(runtime: Runtime, session: Session, caller: Caller, password: str) -> User:
    """The caller, whose current password ``password`` is; ``WrongPassword`` (403) otherwise,
    counted as a failed log-in (and refused with 429 while the account is locked out here)."""
    user = caller.signed_in
    keys = login_keys(user.email, caller.address)
    runtime.logins.check(*keys)
    hashed = user.password_hash
    session.commit()  # back to the pool: the hash below may wait its turn (service.passwords)
    if not runtime.passwords.verify(hashed, password):
        runtime.logins.failed(*keys)
        raise WrongPassword("current_password: it is not the account's password")
    runtime.logins.succeeded(keys[0])
    return user
