"""The JSON API under ``/api/v1``: one router per resource, gathered here."""

from __future__ import annotations

from fastapi import APIRouter

from tailorcv.web.api import (
    admin,
    auth,
    batches,
    files,
    imports,
    jobs,
    me,
    renders,
    resumes,
    tasks,
    templates,
    writing,
)


def api_router() -> APIRouter:
    """Every resource's routes, to be mounted at ``/api/v1``."""
    router = APIRouter()
    for module in (auth, me, resumes, jobs, imports, renders, tasks, files, templates, admin):
        router.include_router(module.router)
    router.include_router(batches.router)  # issue 9
    router.include_router(writing.router)  # issue 7
    return router
