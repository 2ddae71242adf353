"""Every error tailorcv raises on purpose.

User errors (bad input, a missing file, an unknown template) say what happened and what to do
next; they carry an HTTP ``status`` and a stable ``type`` so that the web layer can turn them into
RFC 9457 problem documents without knowing each class. Anything else that escapes is a bug.

    TailorcvError
    ├── UserError                  status 400: the input is at fault; fix it and try again
    │   ├── InputNotFound          status 404: a file or resource that does not exist
    │   │   └── BlobNotFound       status 404: no stored file under that key
    │   ├── InvalidResume          status 422: a résumé that breaks the schema (all problems)
    │   │   └── DocumentRefused    status 422: JSON/YAML past a parsing bound (aliases, depth, size)
    │   ├── UnsupportedFormat      status 415: a format tailorcv cannot read or write
    │   ├── TemplateNotFound       status 404: no template of that name
    │   ├── InvalidSettings        status 400: a setting that cannot be used (the variable named)
    │   ├── ExtraNotInstalled      status 400: a command needs an extra: pip install 'tailorcv[…]'
    │   ├── EmailTaken             status 409: an account with that email exists
    │   ├── Unchanged              status 422: a change to what is already there (same e-mail)
    │   ├── SlugTaken              status 409: another page has that address
    │   ├── InvalidBlobKey         status 400: a file key that is not a SHA-256 digest
    │   ├── TooLarge               status 413: over a size, page or count limit (the limit named)
    │   ├── UnreadableFile         status 422: a file of a known type that cannot be read
    │   │   ├── EncryptedFile      status 422: password-protected
    │   │   ├── NoTextFound        status 422: only images (a scan); OCR is not available
    │   │   └── ParseTimeout       status 422: reading it took longer than the time limit
    │   ├── NotAResume             status 422: a cover letter, a job ad, no résumé structure
    │   ├── TailoringRefused       status 422: a tailored résumé claimed what its source lacks
    │   ├── InvalidPayload         status 422: a task's payload does not fit its kind
    │   └── HttpError              a refusal carrying headers for the answer
    │       ├── Unauthenticated    status 401: no or unknown credentials
    │       │   └── WrongCredentials  status 401: wrong email or password
    │       ├── CsrfRefused        status 403: a cookie-authenticated write without its token
    │       ├── AccountDisabled    status 403: an operator disabled the account
    │       ├── WrongPassword      status 403: the current password, asked again, is wrong
    │       ├── Conflict           status 409: the resource's state forbids it
    │       ├── DraftChanged       status 412: a save over a newer draft than it started from
    │       ├── WeakPassword       status 422: a short or common password
    │       └── RetryLater         carries Retry-After
    │           ├── TooManyRequests  status 429: a rate limit or a quota reached
    │           └── Busy           status 503: every slot stayed taken
    ├── DatabaseUnavailable        status 503: the database cannot be reached or opened
    ├── QueueUnavailable           status 503: the task queue cannot be reached or opened
    ├── VersionImmutable           status 500: code tried to change a stored version (a bug)
    └── RenderFailed               status 500: Typst refused a document tailorcv built (a bug)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located by its JSON path (``work[2].startDate``)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class TailorcvError(Exception):
    """Base of every error tailorcv raises on purpose."""

    status: ClassVar[int] = 500
    type: ClassVar[str] = "about:blank"
    title: ClassVar[str] = "Internal error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserError(TailorcvError):
    status = 400
    type = "https://tailorcv.dev/problems/bad-input"
    title = "Bad input"


class InputNotFound(UserError):
    status = 404
    type = "https://tailorcv.dev/problems/not-found"
    title = "Not found"


class UnsupportedFormat(UserError):
    status = 415
    type = "https://tailorcv.dev/problems/unsupported-format"
    title = "Unsupported format"


class TemplateNotFound(UserError):
    status = 404
    type = "https://tailorcv.dev/problems/template-not-found"
    title = "Unknown template"


class TooLarge(UserError):
    status = 413
    type = "https://tailorcv.dev/problems/too-large"
    title = "Too large"


class UnreadableFile(UserError):
    status = 422
    type = "https://tailorcv.dev/problems/unreadable-file"
    title = "Unreadable file"


class EncryptedFile(UnreadableFile):
    type = "https://tailorcv.dev/problems/encrypted-file"
    title = "Encrypted file"


class NoTextFound(UnreadableFile):
    type = "https://tailorcv.dev/problems/no-text"
    title = "No text found"


class ParseTimeout(UnreadableFile):
    type = "https://tailorcv.dev/problems/parse-timeout"
    title = "Reading took too long"


class InvalidResume(UserError):
    """A résumé that breaks the schema; ``problems`` lists every one of them with its path."""

    status = 422
    type = "https://tailorcv.dev/problems/invalid-resume"
    title = "Invalid résumé"

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        lines = "\n".join(f"  {p}" for p in problems)
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        super().__init__(f"{where}invalid résumé ({count}):\n{lines}")


class DocumentRefused(InvalidResume):
    """A JSON or YAML document refused before it could cost time or memory: a YAML alias (a
    few hundred bytes of aliases expand to gigabytes), nesting deeper than a résumé needs, too
    many values, too many bytes, or too long to read. The message names the bound and what to do;
    it is an ``InvalidResume``, so every place that shows résumé problems shows it (issue 16)."""

    type = "https://tailorcv.dev/problems/document-refused"
    title = "Document refused"


class NotAResume(UserError):
    """A file that reads without error but is not a résumé: a cover letter, a job ad, or text
    with none of a résumé's structure (issue 18). ``kind`` names what it seems to be
    ("cover-letter", "job-ad", "no-structure") and ``reasons`` say why, in a person's words. The
    person may insist (``force``): the import then goes ahead and keeps the reasons as a warning.
    """

    status = 422
    type = "https://tailorcv.dev/problems/not-a-resume"
    title = "Not a résumé"

    def __init__(
        self, message: str, kind: str = "no-structure", reasons: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.reasons = reasons


class RenderFailed(TailorcvError):
    """Typst refused a document built by tailorcv: a bug in a template, never the user's data."""

    status = 500
    type = "https://tailorcv.dev/problems/render-failed"
    title = "Rendering failed"


class InvalidSettings(UserError):
    """A setting that cannot be used; the message names the variable and what to do."""

    type = "https://tailorcv.dev/problems/invalid-settings"
    title = "Invalid settings"


class ExtraNotInstalled(UserError):
    """A command needs optional packages that are not installed; the message names the extra
    that brings them (``tailorcv loadtest`` needs ``tailorcv[load]``, issue 17)."""

    type = "https://tailorcv.dev/problems/extra-not-installed"
    title = "Optional packages not installed"

    def __init__(self, what: str, extra: str) -> None:
        super().__init__(f"{what} is not installed: pip install 'tailorcv[{extra}]'")
        self.extra = extra


class EmailTaken(UserError):
    status = 409
    type = "https://tailorcv.dev/problems/email-taken"
    title = "Email already registered"


class Unchanged(UserError):
    """A change that changes nothing: the new e-mail address or password is the one the account
    already has. The message names the field."""

    status = 422
    type = "https://tailorcv.dev/problems/unchanged"
    title = "Nothing to change"


class SlugTaken(UserError):
    status = 409
    type = "https://tailorcv.dev/problems/slug-taken"
    title = "Address already taken"


class InvalidBlobKey(UserError):
    """A key that is not a SHA-256 hex digest, such as ``../../etc/passwd``."""

    type = "https://tailorcv.dev/problems/invalid-file-key"
    title = "Invalid file key"


class BlobNotFound(InputNotFound):
    """No blob under that key (deleted, expired, or never stored)."""


class DatabaseUnavailable(TailorcvError):
    """The database cannot be reached or opened; the message says which one and why."""

    status = 503
    type = "https://tailorcv.dev/problems/database-unavailable"
    title = "Database unavailable"


class VersionImmutable(TailorcvError):
    """Code tried to change a stored version; versions are snapshots, add a new one instead."""

    status = 500
    type = "https://tailorcv.dev/problems/version-immutable"
    title = "Versions cannot change"


class QueueUnavailable(TailorcvError):
    """The task queue (TAILORCV_QUEUE_URL) cannot be reached or opened; the message says which
    one and why. Tasks already written stay in the database and are re-enqueued on recovery."""

    status = 503
    type = "https://tailorcv.dev/problems/queue-unavailable"
    title = "Queue unavailable"


class TailoringRefused(UserError):
    """The faithfulness guard found claims in a tailored résumé that its source does not
    support; nothing was stored, and the message lists every violation."""

    status = 422
    type = "https://tailorcv.dev/problems/tailoring-refused"
    title = "Tailoring refused"


BASE = "https://tailorcv.dev/problems/"  # the stable prefix of every problem type


class HttpError(UserError):
    """A refusal whose answer carries ``headers`` (``Retry-After``, ``WWW-Authenticate``); the
    web layer sends them with the problem, the UI shows the message."""

    headers: Mapping[str, str] = {}

    def __init__(self, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        if headers is not None:
            self.headers = dict(headers)


class Unauthenticated(HttpError):
    status = 401
    type = BASE + "unauthenticated"
    title = "Authentication required"
    headers: Mapping[str, str] = {"WWW-Authenticate": 'Bearer realm="tailorcv"'}


class WrongCredentials(Unauthenticated):
    type = BASE + "wrong-credentials"
    title = "Wrong email or password"


class CsrfRefused(HttpError):
    status = 403
    type = BASE + "csrf"
    title = "CSRF token missing or wrong"


class AccountDisabled(HttpError):
    """An operator disabled the account (``users.disabled_at``): it cannot log in, and its
    sessions and API tokens are refused, until it is enabled again with nothing lost."""

    status = 403
    type = BASE + "account-disabled"
    title = "Account disabled"


class WrongPassword(HttpError):
    """The current password, asked again before a change of password or e-mail, is wrong. Not
    a 401: the request's own credentials are fine."""

    status = 403
    type = BASE + "wrong-password"
    title = "Wrong password"


class Conflict(HttpError):
    status = 409
    type = BASE + "conflict"
    title = "Conflict"


class DraftChanged(HttpError):
    """A save made over a newer draft than the one it started from (another tab, the editor's
    other panel, another API client): refused, so that neither silently undoes the other
    (issue 19). The API answers 412 to its ``If-Match``; ``headers`` carry the current ETag."""

    status = 412
    type = BASE + "draft-changed"
    title = "Changed since you loaded it"


class RetryLater(HttpError):
    """A refusal that says, in ``Retry-After``, when asking again may succeed."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message, {"Retry-After": str(max(1, round(retry_after)))})


class TooManyRequests(RetryLater):
    status = 429
    type = BASE + "too-many-requests"
    title = "Too many requests"


class WeakPassword(HttpError):
    status = 422
    type = BASE + "weak-password"
    title = "Password too weak"


class Busy(RetryLater):
    """Every slot of this process stayed taken for as long as a request may wait for one."""

    status = 503
    type = BASE + "busy"
    title = "Busy"


class InvalidPayload(UserError):
    """A task's stored payload does not fit its kind (written by an older or a broken
    version): the task fails at once, with every problem named, and is not retried."""

    status = 422
    type = BASE + "invalid-payload"
    title = "Invalid task payload"
