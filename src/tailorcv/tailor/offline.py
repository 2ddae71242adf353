"""Offline tailoring: the same résumé, reordered and trimmed for one job, with reasons.

Deterministic and fast, with no model to call. Each bullet, project and other entry is scored
against the job with BM25 (``relevance``). Then, within each role, bullets are reordered by
relevance, quantified ones first among equals; projects likewise; matched skills move to the
front; a summary sentence is written from the résumé's own facts (``summary``); and, when a page
budget is given and the résumé does not fit it, the least relevant material of any section is
dropped until a real render fits (``trimming``).

Tailoring only helps (issue 15): the result never scores below its source. A summary sentence
that would lower the score is left out, and when nothing helps the source is kept and the notes
say so. The one exception is a résumé over its page budget: fitting it may cost points, and the
notes say how many. Nothing is invented: every change is a move, a drop or a sentence built from
the source's own facts, and the result passes the guard (a property test proves it over
generated résumés).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from tailorcv.match import profile as profiles
from tailorcv.match.analyse import JobAnalysis
from tailorcv.match.profile import Profile
from tailorcv.match.score import Match, score
from tailorcv.resume.model import Resume
from tailorcv.skills import taxonomy
from tailorcv.tailor import trimming
from tailorcv.tailor.relevance import Relevance, entry_text, is_quantified, job_query
from tailorcv.tailor.summary import summary_line
from tailorcv.tailor.trimming import PageCounter

__all__ = ["Change", "PageCounter", "Tailored", "offline"]

NOTHING_CHANGED = (
    "the résumé already fits this job as well as reordering can make it; nothing changed"
)


@dataclass
class Change:
    kind: str  # moved | dropped | summary | skills
    path: str  # where in the source
    text: str
    why: str


@dataclass
class Tailored:
    resume: Resume
    changes: list[Change]
    before: Match
    after: Match
    pages: int | None = None  # pages of the rendered result, when a budget was checked
    notes: list[str] = field(default_factory=list)


class _Budget(NamedTuple):
    pages: int
    count: PageCounter


@dataclass
class _Job:
    """One tailoring: the source, the job, and what is known of both."""

    source: Resume
    analysis: JobAnalysis
    day: date
    relevance: Relevance
    before: Match

    def score(self, resume: Resume | Profile) -> Match:
        return score(resume, self.analysis, today=self.day)


@dataclass
class _Draft:
    """One candidate result, before any trimming."""

    resume: Resume
    changes: list[Change]


def offline(
    resume: Resume,
    analysis: JobAnalysis,
    *,
    pages: int | None = None,
    count_pages: PageCounter | None = None,
    today: date | None = None,
) -> Tailored:
    """Tailor ``resume`` to ``analysis``; trim to ``pages`` when given (needs ``count_pages``)."""
    day = today or date.today()
    stated = profiles.build(resume, day)
    relevance = Relevance(resume, job_query(analysis), stated.domains)
    job = _Job(resume, analysis, day, relevance, score(stated, analysis, today=day))
    drafts = _drafts(job, stated)
    if pages is None or count_pages is None:
        return _first_that_helps(job, drafts)
    budget = _Budget(pages, count_pages)
    source_pages = count_pages(resume)
    if source_pages <= pages:  # it fits: trimming would only cost (issue 15)
        return _first_that_helps(job, drafts, budget, source_pages)
    return _trimmed(job, drafts, budget)


def _drafts(job: _Job, stated: Profile) -> list[_Draft]:
    """What to try, most helpful first: every move and the summary sentence, the moves alone."""
    moved = job.source.model_copy(deep=True)
    moves = _reorder_bullets(moved, job.relevance)
    moves += _reorder_projects(moved, job.relevance)
    moves += _reorder_skills(moved, job.analysis)
    drafts = [_Draft(moved, moves)]
    line = summary_line(job.source, job.analysis, stated)
    if line:
        drafts.insert(0, _with_summary(moved, moves, line))
    return drafts


# --- choosing what to keep: never lower the score (issue 15) ---------------------------------


def _first_that_helps(
    job: _Job, drafts: list[_Draft], budget: _Budget | None = None, source_pages: int | None = None
) -> Tailored:
    """The first draft that scores no lower than the source (and fits, when the source does)."""
    for draft in drafts:
        after = job.score(draft.resume)
        if after.score < job.before.score:
            continue
        rendered = budget.count(draft.resume) if budget else None
        if budget and (rendered or 0) > budget.pages:
            continue
        notes = [] if draft.changes else [NOTHING_CHANGED]
        return Tailored(draft.resume, draft.changes, job.before, after, rendered, notes)
    return Tailored(
        job.source.model_copy(deep=True),
        [],
        job.before,
        job.before,
        source_pages,
        [NOTHING_CHANGED],
    )


def _trimmed(job: _Job, drafts: list[_Draft], budget: _Budget) -> Tailored:
    """The best-scoring draft trimmed to the budget; the first that keeps the score will do."""
    best: tuple[_Draft, trimming.Trim, Match] | None = None
    for draft in drafts:
        stated = profiles.build(draft.resume, job.day)
        cut = trimming.fit(draft.resume, job.relevance, stated, budget.pages, budget.count)
        if cut is None:
            continue
        after = job.score(cut.resume)
        if best is None or after.score > best[2].score:
            best = (draft, cut, after)
        if after.score >= job.before.score:
            break
    if best is None:
        return _over_budget(job, drafts, budget)
    draft, cut, after = best
    changes = draft.changes + [_dropped(job, item) for item in cut.dropped]
    notes = [_trim_note(job.before, after, cut, budget.pages)] if cut.dropped else []
    return Tailored(cut.resume, changes, job.before, after, cut.pages, notes)


def _dropped(job: _Job, item: trimming.Item) -> Change:
    path = trimming.source_path(item, job.source)
    return Change("dropped", path, item.text, trimming.reason(item, job.relevance))


def _over_budget(job: _Job, drafts: list[_Draft], budget: _Budget) -> Tailored:
    """No trim fits: dropping material then only costs, so none is dropped."""
    result = _first_that_helps(job, drafts)
    result.pages = budget.count(result.resume)
    result.notes.append(
        f"still {_pages(result.pages)}: even without its least relevant material it would not "
        f"fit on {_pages(budget.pages)}, so nothing was dropped; shorten it by hand"
    )
    return result


def _trim_note(before: Match, after: Match, cut: trimming.Trim, budget: int) -> str:
    cost = (
        f"the score fell from {before.score:g} to {after.score:g}"
        if after.score < before.score
        else "the score did not fall"
    )
    return f"to fit {_pages(budget)}, dropped {trimming.describe(cut.dropped)}; {cost}"


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


# --- the edits -----------------------------------------------------------------------------


def _reorder_bullets(resume: Resume, relevance: Relevance) -> list[Change]:
    changes = []
    for section in ("work", "volunteer"):
        for index, entry in enumerate(getattr(resume, section)):
            # At equal relevance a quantified bullet goes first: it is the stronger evidence.
            ranked = sorted(entry.highlights, key=lambda h: (-relevance(h), not is_quantified(h)))
            if ranked == entry.highlights:
                continue  # an assigned field is written out, so leave it alone
            for new, bullet in enumerate(ranked):
                old = entry.highlights.index(bullet)
                if new < old:
                    path = f"{section}[{index}].highlights[{old}]"
                    why = f"moved up to place {new + 1}: {_why_first(bullet, relevance)}"
                    changes.append(Change("moved", path, bullet, why))
            entry.highlights = ranked
    return changes


def _why_first(bullet: str, relevance: Relevance) -> str:
    skills = relevance.skills_in(bullet)
    if skills:
        return f"mentions {', '.join(skills)}"
    return "more relevant" if relevance(bullet) > 0 else "states a result in numbers"


def _reorder_projects(resume: Resume, relevance: Relevance) -> list[Change]:
    projects = resume.projects
    order = sorted(
        range(len(projects)), key=lambda i: -relevance(entry_text("projects", projects[i]))
    )
    if order == sorted(order):
        return []
    changes = [
        Change("moved", f"projects[{old}]", projects[old].name or "", f"moved to place {new + 1}")
        for new, old in enumerate(order)
        if new < old
    ]
    resume.projects = [projects[i] for i in order]
    return changes


def _reorder_skills(resume: Resume, analysis: JobAnalysis) -> list[Change]:
    wanted = {a.name: rank for rank, a in enumerate(analysis.skills)}
    tax = taxonomy()

    def rank(word: str) -> int:
        canonical = tax.canonical(word) or next(iter(tax.skills_in(word)), None)
        return wanted.get(canonical or "", len(wanted))

    changes = []
    for index, group in enumerate(resume.skills):
        ordered = sorted(group.keywords, key=rank)
        if ordered != group.keywords:
            changes.append(
                Change(
                    "skills",
                    f"skills[{index}].keywords",
                    ", ".join(ordered),
                    "the job's skills first",
                )
            )
            group.keywords = ordered
    groups = sorted(
        range(len(resume.skills)),
        key=lambda i: min(
            (rank(w) for w in [resume.skills[i].name or "", *resume.skills[i].keywords]), default=0
        ),
    )
    if groups != sorted(groups):
        changes.append(Change("skills", "skills", "", "groups with the job's skills first"))
        resume.skills = [resume.skills[i] for i in groups]
    return changes


def _with_summary(resume: Resume, moves: list[Change], line: str) -> _Draft:
    draft = resume.model_copy(deep=True)
    basics = draft.basics
    basics.summary = f"{line} {basics.summary or ''}".strip()
    draft.basics = basics  # marks basics as set, so that it is written out
    why = "a summary sentence from the résumé's own facts: its role and the job's skills it shows"
    return _Draft(draft, [*moves, Change("summary", "basics.summary", line, why)])
