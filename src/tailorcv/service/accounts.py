"""Accounts: register, log in, log out; a disabled account is refused (issue 19).

Registering answers the same whether the address was free or taken (issue 16): the same words,
no session, and about the same time (the password is hashed either way). It cannot say more
without telling anyone which addresses have accounts, and with no e-mail sent there is no inbox
to say it to; so the answer tells the client to log in with the password it chose, which works
at once for a new account (the pages do both in one step, ``register_and_log_in``). A taken
address is left as it was.

Registering and logging in each take one ``login`` from the caller's address's rate limit,
whichever door they came in by; failed log-ins lock out the pair of account and address, and
(after more) the address (``service.throttle``): never the account alone.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tailorcv.errors import AccountDisabled, EmailTaken, WeakPassword, WrongCredentials
from tailorcv.service.limits import Caller
from tailorcv.service.passwords import password_problem
from tailorcv.service.runtime import Runtime
from tailorcv.service.schemas import Credentials, Registration, SessionPublic, UserPublic
from tailorcv.service.throttle import login_keys
from tailorcv.store import queries
from tailorcv.store.account_queries import create_login_session, end_login_session_by_token
from tailorcv.store.models import User

DISABLED = (
    "this account has been disabled by the people who run this service; ask them to enable it "
    "again (nothing in it has been deleted)"
)
REGISTERED = (
    "registration received: if the address was free, the account is made; either way, log in "
    "with this address and password (a taken address is left as it was)"
)


def register(runtime: Runtime, session: Session, caller: Caller, form: Registration) -> None:
    """Make an account (and its profile, in the same transaction) unless the address is taken;
    the outcome is the same either way."""
    runtime.limits.take_action(caller, "login")
    check_password(runtime, form)
    create_account(runtime, session, form)


def log_in(
    runtime: Runtime, session: Session, caller: Caller, credentials: Credentials
) -> SessionPublic:
    """Check the password and start a log-in session (its token is the answer's)."""
    runtime.limits.take_action(caller, "login")
    return _log_in(runtime, session, caller, credentials)


def register_and_log_in(
    runtime: Runtime, session: Session, caller: Caller, form: Registration
) -> SessionPublic:
    """Register, then log in with the same password: one ``login`` from the rate limit, as
    registering through the API is. A taken address with another password is a failed log-in
    (``WrongCredentials``), counted as one."""
    runtime.limits.take_action(caller, "login")
    check_password(runtime, form)
    create_account(runtime, session, form)
    credentials = Credentials(email=form.email, password=form.password)
    return _log_in(runtime, session, caller, credentials)


def _log_in(
    runtime: Runtime, session: Session, caller: Caller, credentials: Credentials
) -> SessionPublic:
    keys = login_keys(credentials.email, caller.address)
    runtime.logins.check(*keys)
    user = queries.get_user_by_email(session, credentials.email)
    hashed = user.password_hash if user else None
    session.commit()  # back to the pool: the hash below may wait its turn (service.passwords)
    password = credentials.password.get_secret_value()
    if not runtime.passwords.verify(hashed, password):
        runtime.logins.failed(*keys)
        raise WrongCredentials("wrong email or password")
    assert user is not None
    assert hashed is not None
    runtime.logins.succeeded(keys[0])
    refuse_disabled(user)  # only to the right password: the others learn nothing of it
    if runtime.passwords.outdated(hashed):  # made at older costs: store it at today's
        user.password_hash = runtime.passwords.hash(password)
    return start_session(runtime, session, caller, user)


def refuse_disabled(user: User) -> None:
    """``AccountDisabled`` (403) while an operator has the account disabled: at log-in, and
    for every session and API token it has, which are kept for when it is enabled again."""
    if user.disabled_at is not None:
        raise AccountDisabled(DISABLED)


def start_session(runtime: Runtime, session: Session, caller: Caller, user: User) -> SessionPublic:
    """A new log-in session for ``user``, committed."""
    settings = runtime.settings
    _row, raw = create_login_session(
        session,
        user.id,
        idle=timedelta(days=settings.session_idle_days),
        absolute=session_lifetime(runtime),
        user_agent=caller.user_agent,
        address=caller.address,
    )
    session.commit()
    return SessionPublic(user=user_public(session, user), token=raw)


def session_lifetime(runtime: Runtime) -> timedelta:
    """How long a log-in session lasts at most (its cookie's ``Max-Age`` too)."""
    return timedelta(days=runtime.settings.session_max_days)


def log_out(session: Session, user: User, token: str) -> None:
    """End the log-in session ``token`` names; an API token is revoked instead."""
    if not end_login_session_by_token(session, user.id, token):
        for api_token in queries.list_api_tokens(session, user.id):
            if api_token.token_hash == queries.token_hash(token):
                queries.revoke_api_token(session, user.id, api_token.id)
    session.commit()


def user_public(session: Session, user: User) -> UserPublic:
    profile = queries.get_profile(session, user.id)
    public = UserPublic.model_validate(user)
    if profile is not None:
        public = public.model_copy(
            update={"display_name": profile.display_name, "locale": profile.locale}
        )
    return public


def check_password(runtime: Runtime, form: Registration) -> None:
    """``WeakPassword`` (422) for a short or common password, or the address itself."""
    minimum = runtime.settings.password_min_length
    problem = password_problem(form.password.get_secret_value(), form.email, minimum)
    if problem is not None:
        raise WeakPassword(problem)


def create_account(runtime: Runtime, session: Session, form: Registration) -> User | None:
    """The new account (and its profile), committed; None, with nothing changed, when the
    address is taken. The password is hashed first either way, so both take as long."""
    password_hash = runtime.passwords.hash(form.password.get_secret_value())
    try:
        user = queries.create_user(
            session, form.email, password_hash, display_name=form.display_name
        )
        session.commit()
    except (EmailTaken, IntegrityError):  # IntegrityError: a registration racing this one won
        session.rollback()
        return None
    return user
