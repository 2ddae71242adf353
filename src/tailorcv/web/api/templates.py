"""The templates a résumé can be rendered with."""

from __future__ import annotations

from fastapi import APIRouter

from tailorcv.render import list_templates
from tailorcv.web.schemas import Items, TemplatePublic

router = APIRouter(tags=["templates"])


@router.get("/templates")
def list_all() -> Items[TemplatePublic]:
    """Public: no account needed to see what is on offer."""
    return Items(
        items=[
            TemplatePublic(name=t.name, title=t.title, description=t.description)
            for t in list_templates()
        ]
    )
