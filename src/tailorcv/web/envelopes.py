"""How the API answers a submitted task: 202, the task, and where to poll it; or 200 and the
task done before, when an earlier one answers (a render made before)."""

from __future__ import annotations

from starlette.responses import Response

from tailorcv.service.schemas import TaskEnvelope
from tailorcv.service.work import Submitted, envelope


def accepted(submitted: Submitted, response: Response) -> TaskEnvelope:
    if submitted.earlier:
        response.status_code = 200
    else:
        response.headers["Location"] = f"/api/v1/tasks/{submitted.task.id}"
    return envelope(submitted.task)
