"""What a model may do to a résumé: edits against the source, validated, then applied here.

The model never writes a résumé. It answers with edits that point into the source by index —
reorder or select the bullets of role j, rephrase bullet i of role j, order the projects, put
some skills first, write the summary — and this module applies them to a copy of the source.
Employers, titles, dates, schools and contact details are therefore out of its reach; what it
writes (summary, rephrased bullets) is free text, which the guard checks.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tailorcv.resume.model import Resume
from tailorcv.tailor.offline import Change

Section = Literal["work", "volunteer", "projects"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BulletOrder(Strict):
    """The bullets of one entry to keep, most relevant first; left out means dropped."""

    section: Section
    entry: int = Field(ge=0)
    keep: list[int] = Field(min_length=1, description="Indices of the source's bullets.")


class Rephrase(Strict):
    """Bullet ``bullet`` of entry ``entry`` of ``section``, said better; same facts."""

    section: Section
    entry: int = Field(ge=0)
    bullet: int = Field(ge=0)
    text: str = Field(min_length=1, max_length=400)


class Edits(Strict):
    summary: str | None = Field(None, max_length=800, description="A new summary, or null.")
    rephrase: list[Rephrase] = Field(default_factory=list, max_length=60)
    bullets: list[BulletOrder] = Field(default_factory=list, max_length=40)
    projects: list[int] | None = Field(
        None, description="Indices of the projects to keep, most relevant first; null: all."
    )
    skills_first: list[str] = Field(
        default_factory=list, max_length=40, description="Skills to move to the front."
    )


class EditError(ValueError):
    """An edit that points at nothing in the source (a bad index)."""


def apply(source: Resume, edits: Edits) -> tuple[Resume, list[Change]]:
    """The source with ``edits`` applied, and what changed; ``EditError`` for a bad index."""
    out = source.model_copy(deep=True)
    changes = [_rephrase(out, r) for r in edits.rephrase]
    for order in edits.bullets:
        changes += _order(out, source, order)
    if edits.projects is not None:
        changes += _projects(out, edits.projects)
    changes += _skills(out, edits.skills_first)
    if edits.summary is not None and edits.summary.strip() != (source.basics.summary or ""):
        basics = out.basics
        basics.summary = edits.summary.strip()
        out.basics = basics  # marks basics as set, so that it is written out
        changes.append(Change("summary", "basics.summary", basics.summary, "rewritten for the job"))
    return out, changes


def _entry(resume: Resume, section: str, index: int) -> Any:
    entries = getattr(resume, section)
    if index >= len(entries):
        raise EditError(f"{section}[{index}] does not exist; the source has {len(entries)}")
    return entries[index]


def _rephrase(resume: Resume, edit: Rephrase) -> Change:
    entry = _entry(resume, edit.section, edit.entry)
    if edit.bullet >= len(entry.highlights):
        raise EditError(
            f"{edit.section}[{edit.entry}].highlights[{edit.bullet}] does not exist; "
            f"that entry has {len(entry.highlights)} bullets"
        )
    path = f"{edit.section}[{edit.entry}].highlights[{edit.bullet}]"
    before = entry.highlights[edit.bullet]
    entry.highlights[edit.bullet] = edit.text.strip()
    return Change("rephrased", path, edit.text.strip(), f"was: {before}")


def _order(out: Resume, source: Resume, order: BulletOrder) -> list[Change]:
    entry = _entry(out, order.section, order.entry)
    count = len(_entry(source, order.section, order.entry).highlights)
    keep = list(dict.fromkeys(order.keep))
    bad = [i for i in keep if i >= count]
    if bad:
        raise EditError(
            f"{order.section}[{order.entry}] has {count} bullets; there is no bullet {bad[0]}"
        )
    path = f"{order.section}[{order.entry}].highlights"
    changes = [
        Change("dropped", f"{path}[{i}]", entry.highlights[i], "less relevant to this job")
        for i in range(count)
        if i not in keep
    ]
    changes += [
        Change("moved", f"{path}[{old}]", entry.highlights[old], f"moved up to place {new + 1}")
        for new, old in enumerate(keep)
        if new < old
    ]
    entry.highlights = [entry.highlights[i] for i in keep]
    return changes


def _projects(out: Resume, keep: list[int]) -> list[Change]:
    order = list(dict.fromkeys(keep))
    bad = [i for i in order if i >= len(out.projects)]
    if bad:
        raise EditError(f"projects[{bad[0]}] does not exist; the source has {len(out.projects)}")
    changes = [
        Change("dropped", f"projects[{i}]", p.name or "", "less relevant to this job")
        for i, p in enumerate(out.projects)
        if i not in order
    ]
    changes += [
        Change("moved", f"projects[{old}]", out.projects[old].name or "", f"to place {new + 1}")
        for new, old in enumerate(order)
        if new < old
    ]
    out.projects = [out.projects[i] for i in order]
    return changes


def _skills(out: Resume, first: list[str]) -> list[Change]:
    """Within each group, the named skills first (in the order given); unknown names ignored."""
    wanted = {name.casefold(): rank for rank, name in enumerate(first)}
    changes = []
    for index, group in enumerate(out.skills):
        ordered = sorted(group.keywords, key=lambda k: wanted.get(k.casefold(), len(wanted)))
        if ordered != group.keywords:
            group.keywords = ordered
            changes.append(
                Change("skills", f"skills[{index}].keywords", ", ".join(ordered), "job's first")
            )
    return changes
