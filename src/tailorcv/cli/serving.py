"""What ``tailorcv serve`` does before and around the server: a secret, the schema, a demo,
and the queue worker it runs and keeps running.

Kept apart from the command so each step is a function a test can call.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import os
import secrets
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tailorcv.ops.lifecycle import Supervisor, die_with_parent, prepare_to_fork, watch_worker
from tailorcv.ops.settings import DEVELOPMENT_SECRET, Settings
from tailorcv.resume import to_dict, validate

DEMO_EMAIL = "demo@tailorcv.local"
SECRET_FILE = "secret_key"


@dataclass(frozen=True)
class Demo:
    email: str
    password: str
    token: str
    resume_id: str


def install_secret(settings: Settings) -> dict[str, str]:
    """Environment for the server's processes. With the development placeholder secret, a
    random one is made once per data folder (mode 600) so sessions cannot be forged."""
    if settings.secret_key.get_secret_value() != DEVELOPMENT_SECRET:
        return {}
    path = Path(settings.data_dir) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(32))
    return {"TAILORCV_SECRET_KEY": path.read_text().strip()}


def prepare_database(settings: Settings) -> str:
    """The embedded SQLite database is migrated on start; a server database must already be at
    the newest revision (``tailorcv migrate`` is a deliberate step there)."""
    from tailorcv.errors import DatabaseUnavailable
    from tailorcv.store import check, make_engine, migrate
    from tailorcv.store.schema import current_revision, head_revision

    if settings.database_url.startswith("sqlite"):
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        return migrate(settings)
    engine = make_engine(settings)
    try:
        check(engine)
        revision = current_revision(engine)
    finally:
        engine.dispose()
    if revision != head_revision():
        raise DatabaseUnavailable(
            f"the database is at revision {revision or 'none'}, not {head_revision()}; "
            "run `tailorcv migrate` first"
        )
    return revision


def seed_demo(settings: Settings) -> Demo:
    """A demo account (a new password each start) owning the example résumé and an API token."""

    from tailorcv.store import make_engine, make_sessions
    from tailorcv.store.account_queries import create_api_token, create_user, get_user_by_email
    from tailorcv.store.queries import create_resume, list_resumes
    from tailorcv.web.security import HASHER

    password = secrets.token_urlsafe(12)
    engine = make_engine(settings)
    try:
        with make_sessions(engine)() as session, session.begin():
            user = get_user_by_email(session, DEMO_EMAIL)
            hashed = HASHER.hash(password)
            if user is None:
                user = create_user(session, DEMO_EMAIL, hashed)
            else:
                user.password_hash = hashed
            resumes = list_resumes(session, user.id)
            if resumes:
                resume_id = resumes[0].id
            else:
                resume, _ = create_resume(session, user.id, "Example résumé", example_resume())
                resume_id = resume.id
            _, token = create_api_token(session, user.id, "demo")
    finally:
        engine.dispose()
    return Demo(DEMO_EMAIL, password, token, str(resume_id))


def example_resume() -> dict[str, object]:
    """The example résumé shipped in the package, as a JSON Resume document."""
    text = importlib.resources.files("tailorcv").joinpath("examples", "resume.json").read_text()
    return to_dict(validate(json.loads(text)).resume)


def supervise_worker(workers: int, env: dict[str, str]) -> Supervisor:
    """Start the queue's consumer beside the server and keep it running: started again when it
    dies, its processes killed with it, ``/health/ready`` failing meanwhile (issue 16,
    ``ops.lifecycle``). Call before the server starts: its processes inherit where the worker
    announces itself. ``stop()`` stops it with SIGINT (running tasks finish)."""
    supervisor = Supervisor(functools.partial(start_worker, workers, env), pid_file=watch_worker())
    supervisor.start()
    return supervisor


def start_worker(workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The queue's consumer, leading a process group (its processes join it) in a session of
    its own, so that a Ctrl-C meant for the server does not reach it: the server stops it with
    SIGINT (running tasks finish) — huey loses tasks on SIGTERM. On Linux the kernel also sends
    it SIGINT if the server dies without stopping it (even by SIGKILL), so no worker is
    orphaned."""
    command = [sys.executable, "-m", "tailorcv", "worker", "--workers", str(workers)]
    prepare_to_fork()
    return subprocess.Popen(
        command, env={**os.environ, **env}, start_new_session=True, preexec_fn=_worker_exec
    )


def _worker_exec() -> None:
    """In the child, before exec: SIGINT (finish running tasks, then stop) if the server dies."""
    die_with_parent(signal.SIGINT)
