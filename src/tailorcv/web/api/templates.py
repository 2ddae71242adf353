"""The templates a résumé can be rendered with."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from tailorcv.ops.cache import Cache
from tailorcv.render import list_templates
from tailorcv.service.schemas import Items, TemplatePublic
from tailorcv.web.deps import ServicesDep

router = APIRouter(tags=["templates"])


@router.get("/templates")
def list_all(services: ServicesDep) -> Items[TemplatePublic]:
    """Public: no account needed to see what is on offer."""
    return Items(items=[TemplatePublic(**item) for item in gallery(services.cache)])


def gallery(cache: Cache) -> list[dict[str, Any]]:
    """The templates' names, titles and descriptions (cached; warmed when the app starts)."""
    return cache.get_or_set(
        "templates",
        "all",
        lambda: [
            {"name": t.name, "title": t.title, "description": t.description}
            for t in list_templates()
        ],
    )
