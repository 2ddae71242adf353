"""What a simulated person does, over HTTP, without Locust: the steps of each scenario.

Each step takes a ``Client``: anything with ``request(method, path, name=..., **kwargs)``
returning a response with ``status_code`` and ``json()`` (Locust's ``FastHttpSession`` is one).
Keeping the steps free of Locust lets them be read, and tested, on their own; ``scenarios``
wraps them in Locust users.

Finished tasks are written to a ``TaskLog`` (their queue wait and worker time, from the row's
timestamps), which the load test report turns into the service times ``tailorcv capacity``
plans with.
"""

from __future__ import annotations

import importlib.resources
import json
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

API = "/api/v1"
PASSWORD = "load-test-password-1"
FINISHED = frozenset({"succeeded", "failed", "dead", "cancelled"})
POLL_DELAYS = (0.1, 0.2, 0.4, 0.8)  # then every POLL_DELAYS[-1] s
POLL_SECONDS = 120.0
TEMPLATES = ("classic", "modern", "compact")


class Response(Protocol):
    status_code: int

    def json(self) -> Any: ...


class Client(Protocol):
    def request(self, method: str, url: str, name: str | None = None, **kwargs: Any) -> Any: ...


class JourneyError(Exception):
    """A step got an answer the journey cannot go on from."""


@dataclass(frozen=True)
class FinishedTask:
    kind: str
    status: str
    wait_s: float  # created → started
    service_s: float  # started → finished
    error: str | None


@dataclass
class TaskLog:
    """Finished tasks and completed visits, shared by every simulated user of a run."""

    tasks: list[FinishedTask] = field(default_factory=list)
    visits: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, task: FinishedTask) -> None:
        with self._lock:
            self.tasks.append(task)

    def visited(self) -> None:
        with self._lock:
            self.visits += 1

    def reset(self) -> None:
        with self._lock:
            self.tasks.clear()
            self.visits = 0


def simulated_address() -> str:
    """A client address for one simulated person, from the range set aside for benchmarks
    (198.18.0.0/15, RFC 2544); only ever sent as ``X-Forwarded-For``. A service that trusts the
    load generator as a proxy (``TAILORCV_TRUSTED_PROXIES=127.0.0.1``) then limits each person
    by their own address, as it would behind a real load balancer."""
    return f"198.{random.randint(18, 19)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def example_resume(label: str = "") -> dict[str, Any]:
    text = importlib.resources.files("tailorcv").joinpath("examples", "resume.json").read_text()
    document: dict[str, Any] = json.loads(text)
    if label:
        document.setdefault("basics", {})["label"] = label
    return document


def example_job() -> str:
    return importlib.resources.files("tailorcv").joinpath("examples", "job.txt").read_text()


def markdown_resume(name: str) -> bytes:
    """A small résumé file to upload: what ``POST /imports`` reads in the background."""
    return (
        f"# {name}\n\nSoftware engineer · {name.lower().replace(' ', '.')}@example.com\n\n"
        "## Experience\n\n### Backend engineer, Example GmbH\n2019 – present\n\n"
        "- Built Python services on PostgreSQL and Redis\n- Ran Kubernetes in production\n\n"
        "## Skills\n\nPython, SQL, Docker, Kubernetes\n"
    ).encode()


class Visitor:
    """One person's session: an account and its bearer token, and what they made so far."""

    def __init__(
        self, client: Client, log: TaskLog, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.client, self.log, self.sleep = client, log, sleep
        self.address = simulated_address()
        self.headers: dict[str, str] = {}
        self.resume_id = ""
        self.job_id = ""
        self.slug = ""

    def call(
        self, method: str, path: str, name: str | None = None, *, parse: bool = True, **kwargs: Any
    ) -> Any:
        """One request; its JSON (when ``parse``), or ``JourneyError`` on anything but 2xx."""
        response = self.send(method, path, name, **kwargs)
        if response.status_code == 204 or not parse:
            return None
        return response.json()

    def send(self, method: str, path: str, name: str | None = None, **kwargs: Any) -> Any:
        """One request as this person; the response, or ``JourneyError`` unless 2xx."""
        headers = {"X-Forwarded-For": self.address, **self.headers, **kwargs.pop("headers", {})}
        response = self.client.request(method, path, name=name or path, headers=headers, **kwargs)
        if not 200 <= response.status_code < 300:
            raise JourneyError(f"{method} {name or path}: {response.status_code}")
        return response

    def register(self) -> None:
        email = f"load-{uuid.uuid4().hex[:16]}@example.com"
        body = {"email": email, "password": PASSWORD}
        self.call("POST", f"{API}/auth/register", json=body)  # 202, no session (issue 16)
        answer = self.call("POST", f"{API}/auth/login", json=body)
        self.headers = {"Authorization": f"Bearer {answer['token']}"}

    def create_resume(self, label: str = "") -> str:
        body = {"title": "Load test", "resume": example_resume(label)}
        self.resume_id = str(self.call("POST", f"{API}/resumes", json=body)["id"])
        return self.resume_id

    def import_resume(self) -> str:
        """Upload a small Markdown résumé and wait for the import task."""
        boundary = uuid.uuid4().hex
        data = markdown_resume(f"Load Tester {boundary[:6]}")
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="cv.md"\r\n'
                f"Content-Type: text/markdown\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        task = self.call("POST", f"{API}/imports", data=body, headers=headers)["task"]
        result = self.wait_for(task)
        self.resume_id = str(result["resume_id"])
        return self.resume_id

    def paste_job(self) -> str:
        self.job_id = str(self.call("POST", f"{API}/jobs", json={"text": example_job()})["id"])
        return self.job_id

    def match(self) -> float:
        body = {"resume_id": self.resume_id, "job_id": self.job_id}
        return float(self.call("POST", f"{API}/match", json=body)["score"])

    def tailor(self) -> str:
        body = {"resume_id": self.resume_id, "job_id": self.job_id}
        task = self.call("POST", f"{API}/tailorings", json=body)["task"]
        return str(self.wait_for(task)["version_id"])

    def render(self, *, version_id: str = "", template: str = "classic") -> str:
        """Render a version (or the working draft) to PDF; the file's URL."""
        body: dict[str, Any] = {"template": template, "format": "pdf"}
        body.update({"version_id": version_id} if version_id else {"resume_id": self.resume_id})
        task = self.call("POST", f"{API}/renders", json=body)["task"]
        return str(self.wait_for(task)["url"])

    def download(self, url: str) -> None:
        self.call("GET", url, name=f"{API}/files/[id]", parse=False)

    def edit_draft(self, label: str) -> None:
        body = {"resume": example_resume(label)}
        self.call("PUT", f"{API}/resumes/{self.resume_id}", name=f"{API}/resumes/[id]", json=body)

    def publish(self) -> str:
        slug = f"load-{uuid.uuid4().hex[:12]}"
        path = f"{API}/resumes/{self.resume_id}/publish"
        self.call("PUT", path, name=f"{API}/resumes/[id]/publish", json={"slug": slug})
        self.slug = slug
        return slug

    def view_page(self) -> None:
        self.call("GET", f"/r/{self.slug}", name="/r/[slug]", parse=False)

    def wait_for(self, task: dict[str, Any]) -> dict[str, Any]:
        """Poll a task until it finishes, as a well-behaved client does: soon at first, then
        no sooner than the service's ``Retry-After``; its result, logged with its timings."""
        deadline = time.monotonic() + POLL_SECONDS
        asked = 0.0  # the service's Retry-After, once it has said one
        for attempt in range(10_000):
            if task["status"] in FINISHED:
                break
            if time.monotonic() > deadline:
                raise JourneyError(f"task {task['id']} still {task['status']} after polling")
            self.sleep(max(asked, POLL_DELAYS[min(attempt, len(POLL_DELAYS) - 1)]))
            answer = self.send("GET", f"{API}/tasks/{task['id']}", name=f"{API}/tasks/[id]")
            asked = _seconds(answer.headers.get("retry-after"))
            task = answer.json()
        self.log.add(finished(task))
        if task["status"] != "succeeded":
            raise JourneyError(f"{task['kind']} task {task['status']}: {task.get('error')}")
        return dict(task["result"] or {})


def finished(task: dict[str, Any]) -> FinishedTask:
    created, started, ended = (
        _time(task.get(key)) for key in ("created_at", "started_at", "finished_at")
    )
    wait = (started - created) if started and created else 0.0
    service = (ended - started) if ended and started else 0.0
    return FinishedTask(
        task["kind"], task["status"], max(0.0, wait), max(0.0, service), task.get("error")
    )


def _seconds(header: str | None) -> float:
    """A ``Retry-After`` of whole seconds (0 when absent or not a number)."""
    try:
        return max(0.0, float(header or 0))
    except ValueError:
        return 0.0


def _time(value: object) -> float | None:
    if not isinstance(value, str):
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def mixed_visit(visitor: Visitor, think: Callable[[], None]) -> None:
    """The whole journey once: a résumé (one in five imported), a job, a match, a tailoring,
    a render of the tailored version, its download, and the public page."""
    if not visitor.resume_id:
        visitor.import_resume() if random.random() < 0.2 else visitor.create_resume()
        think()
    visitor.paste_job()
    think()
    visitor.match()
    think()
    version = visitor.tailor()
    think()
    url = visitor.render(version_id=version, template=random.choice(TEMPLATES))
    visitor.download(url)
    think()
    if not visitor.slug:
        visitor.publish()
    visitor.view_page()
    visitor.log.visited()


def browse(visitor: Visitor) -> None:
    """Reads a signed-in person makes, and a match: the API without the workers."""
    rid = f"{API}/resumes/[id]"
    visitor.call("GET", f"{API}/resumes")
    visitor.call("GET", f"{API}/resumes/{visitor.resume_id}", name=rid)
    visitor.call("GET", f"{API}/jobs")
    visitor.call("GET", f"{API}/templates")
    visitor.call("GET", f"{API}/tasks")
    visitor.match()


def render_once(visitor: Visitor) -> None:
    """Change the draft (so Typst compiles new data), render it, download the PDF."""
    visitor.edit_draft(f"Engineer {uuid.uuid4().hex[:8]}")
    visitor.download(visitor.render(template=random.choice(TEMPLATES)))
