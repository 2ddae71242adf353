"""Passwords: the rules a new one must meet, and hashing and checking with argon2id.

Passwords are hashed with argon2id at OWASP's recommended costs (``HASHER``). A new one must have
``TAILORCV_PASSWORD_MIN_LENGTH`` characters, must not be the account's e-mail address, and must
not be among the common passwords shipped in ``common-passwords.txt`` (issue 16).
"""

from __future__ import annotations

import functools
import os
import secrets
import threading
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")


# OWASP's first recommended argon2id configuration: 19 MiB, 2 passes, 1 lane, ≈ 24 ms of one
# core here. argon2-cffi's default (RFC 9106's low-memory one: 64 MiB, 3 passes, 4 lanes) cost
# ≈ 190 ms of CPU, so two cores hashed about 10 passwords a second and a crowd signing up took
# the CPU from everyone else (issue 10). A hash made at other costs is redone at the next log-in.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list, read once: about 8,000 entries, a few hundred kB of memory."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password: str, email: str, min_length: int) -> str | None:
    """Why ``password`` may not be used for the account ``email``; None when it may. NIST SP
    800-63B's advice: a minimum length and a list of known passwords, no rules of composition."""
    if len(password) < min_length:
        return f"the password needs at least {min_length} characters"
    folded = password.strip().lower()
    address = email.strip().lower()
    if folded in (address, address.partition("@")[0]):
        return "the password must not be your e-mail address"
    if folded in common_passwords():
        return (
            "this password is one of the most common ones, the first an attacker tries; choose "
            "another (a few unrelated words make a strong one)"
        )
    return None


class Passwords:
    """Hash and check passwords with argon2id; ``hasher`` lets tests choose cheaper costs.

    At most one hash per core runs at a time in a process: a burst of sign-ups then waits its
    turn instead of taking every thread of the pool (and its memory) from the requests that
    need a few milliseconds."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or HASHER
        self._turns = threading.BoundedSemaphore(os.cpu_count() or 1)
        self._decoy = self.hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        with self._turns:
            return self.hasher.hash(password)

    def verify(self, hashed: str | None, password: str) -> bool:
        """Whether ``password`` matches. With no hash (an unknown email), a decoy is checked so
        that the answer takes as long and says nothing about which emails exist."""
        try:
            with self._turns:
                matches = self.hasher.verify(hashed or self._decoy, password)
            return matches and hashed is not None
        except (VerificationError, InvalidHashError):
            return False

    def outdated(self, hashed: str) -> bool:
        """Whether ``hashed`` was made at other costs than this hasher's (redo it at log-in)."""
        try:
            return self.hasher.check_needs_rehash(hashed)
        except InvalidHashError:
            return True
