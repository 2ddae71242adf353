"""What the scale and chaos tests send to a cluster: accounts, submissions, and the answers
kept for the assertions; plus reading the task rows and each process's ``/metrics``."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from tailorcv.ops.settings import Settings
from tailorcv.store.db import make_engine, make_sessions
from tailorcv.store.models import Task, Version
from tests.tasks.conftest import example_resume

API = "/api/v1"
PASSWORD = "scale-test-password"
JOB = (
    "Senior Python engineer at Example GmbH. Required: Python, PostgreSQL, Docker, Kubernetes. "
    "Preferred: Redis, Terraform. 5+ years of experience building web services."
)
FINISHED = ("succeeded", "failed", "dead", "cancelled")
# Limits high enough for the test's own traffic, except tailoring: 20 per user per hour, so
# that one user's 30 tailorings through both servers must see exactly 10 refused.
ENV = {
    "TAILORCV_RATELIMIT_GLOBAL": "1000000/minute",
    "TAILORCV_RATELIMIT_IP": "1000000/minute",
    "TAILORCV_RATELIMIT_USER": "1000000/minute",
    "TAILORCV_RATELIMIT_EXPORT": "1000000/minute",
    "TAILORCV_RATELIMIT_UPLOAD": "1000000/minute",
    "TAILORCV_RATELIMIT_LOGIN": "1000000/minute",
    "TAILORCV_RATELIMIT_TAILOR": "20/hour",
}


def close_accounts() -> None:
    """Close every account's connections (tests/scale/conftest.py, after each test)."""
    while OPEN:
        OPEN.pop().close()


@dataclass
class Answer:
    replica: int
    method: str
    route: str
    status: int
    content_type: str
    body: dict[str, Any]


OPEN: list[Account] = []


@dataclass
class Account:
    """A registered user with a résumé and a job, using the cluster's servers in turn."""

    urls: list[str]
    token: str = ""
    resume_id: str = ""
    job_id: str = ""
    answers: list[Answer] = field(default_factory=list)
    turn: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _clients: dict[tuple[int, int], httpx.Client] = field(default_factory=dict, repr=False)

    def client(self, replica: int) -> httpx.Client:
        """A keep-alive connection to ``replica`` for the calling thread."""
        key = (replica, threading.get_ident())
        with self._lock:
            if key not in self._clients:
                self._clients[key] = httpx.Client(timeout=30)
            return self._clients[key]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()

    @classmethod
    def register(cls, urls: list[str]) -> Account:
        account = cls(urls)
        OPEN.append(account)
        email = f"scale-{uuid.uuid4().hex[:12]}@example.com"
        credentials = {"email": email, "password": PASSWORD}
        account.send("POST", "/auth/register", credentials)  # 202 and no session (issue 16)
        account.token = account.send("POST", "/auth/login", credentials)["token"]
        resume = {"title": "Scale", "resume": example_resume()}
        account.resume_id = account.send("POST", "/resumes", resume)["id"]
        account.job_id = account.send("POST", "/jobs", {"text": JOB})["id"]
        return account

    def send(
        self, method: str, path: str, body: dict[str, Any] | None = None, *, route: str = ""
    ) -> dict[str, Any]:
        """One request to the next server in turn; the answer is kept, its JSON returned."""
        with self._lock:
            replica = self.turn % len(self.urls)
            self.turn += 1
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = self.client(replica).request(
            method, self.urls[replica] + API + path, json=body, headers=headers
        )
        kind = response.headers.get("content-type", "")
        data = response.json() if "json" in kind else {}
        self.answers.append(
            Answer(replica, method, route or API + path, response.status_code, kind, data)
        )
        if not isinstance(data, dict):
            return {}
        return {**data, "accepted": response.status_code == 202}

    def render(self, label: str, template: str = "classic") -> str | None:
        """Change the draft's headline (so the PDF is new), render it; the task id if accepted."""
        document = example_resume()
        document["basics"]["label"] = label
        route = f"{API}/resumes/{{resume_id}}"
        self.send("PUT", f"/resumes/{self.resume_id}", {"resume": document}, route=route)
        body = {"resume_id": self.resume_id, "template": template}
        return _task_id(self.send("POST", "/renders", body))

    def tailor(self) -> str | None:
        body = {"resume_id": self.resume_id, "job_id": self.job_id}
        return _task_id(self.send("POST", "/tailorings", body))


def _task_id(body: dict[str, Any]) -> str | None:
    """The id of a newly accepted task (202), not of an earlier one answered again (200)."""
    task = body.get("task")
    return str(task["id"]) if isinstance(task, dict) and body["accepted"] else None


def accepted(accounts: Iterable[Account], route: str) -> Counter[int]:
    """Per replica, how many POSTs to ``route`` were answered 202."""
    return Counter(
        a.replica
        for account in accounts
        for a in account.answers
        if a.route == route and a.method == "POST" and a.status == 202
    )


class Rows:
    """Read the cluster's task and version rows directly."""

    def __init__(self, settings: Settings) -> None:
        self.engine = make_engine(settings)
        self.sessions = make_sessions(self.engine)

    def tasks(self, ids: Iterable[str]) -> list[Task]:
        wanted = [uuid.UUID(i) for i in ids]
        with self.sessions() as session:
            return list(session.scalars(select(Task).where(Task.id.in_(wanted))))

    def unfinished(self, ids: list[str]) -> int:
        wanted = [uuid.UUID(i) for i in ids]
        with self.sessions() as session:
            query = select(func.count()).where(Task.id.in_(wanted), Task.status.not_in(FINISHED))
            return int(session.scalar(query) or 0)

    def versions(self, kind: str) -> list[Version]:
        with self.sessions() as session:
            return list(session.scalars(select(Version).where(Version.kind == kind)))

    def close(self) -> None:
        self.engine.dispose()


def metric(url: str, name: str, **labels: str) -> float:
    """The sum of the samples of ``name`` on ``url``'s ``/metrics`` whose labels match."""
    text = httpx.get(f"{url}/metrics", timeout=10).text
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total
