"""Offline tailoring: the same résumé, reordered and trimmed for one job, with reasons.

Deterministic and fast, with no model to call. Each bullet and project is scored against the job
with BM25 over taxonomy-normalised text (a skill is one term whatever its spelling: "k8s" and
"Kubernetes" are the same term), weighting required skills over preferred ones over keywords.
Then, within each role, bullets are reordered by relevance; projects likewise; matched skills move
to the front; a summary line is written from facts the résumé states; and, when a page budget is
given, the least relevant bullets are dropped until a real render fits it. Nothing is invented:
every change is a move, a drop or a line built from the source's own facts, and the result passes
the guard (a property test proves it over generated résumés).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tailorcv.match import profile as profiles
from tailorcv.match.analyse import JobAnalysis
from tailorcv.match.parts import title_words
from tailorcv.match.score import Match, score
from tailorcv.match.skills import taxonomy
from tailorcv.resume.model import Resume

TIER_WEIGHT = {"required": 3.0, "preferred": 2.0, "keyword": 1.0}
MIN_BULLETS = 1  # every role keeps at least this many bullets when trimming to the page budget
_WORD = re.compile(r"[a-z][a-z0-9+#]{2,}")
_STOP = frozenset(
    {
        "and",
        "the",
        "for",
        "with",
        "from",
        "into",
        "that",
        "this",
        "our",
        "your",
        "their",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "using",
        "use",
        "used",
        "over",
        "under",
        "across",
        "all",
        "per",
        "new",
        "via",
        "more",
        "than",
        "also",
        "which",
        "who",
        "its",
        "his",
        "her",
        "they",
        "them",
    }
)

PageCounter = Callable[[Resume], int]


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
    query = _query(analysis)
    relevance = _Relevance(resume, query)
    tailored = resume.model_copy(deep=True)
    changes = _reorder_bullets(tailored, relevance)
    changes += _reorder_projects(tailored, relevance)
    changes += _reorder_skills(tailored, analysis)
    stated = profiles.build(resume, day)  # reordering changes no fact, so one profile serves
    changes += _summary_line(tailored, analysis, stated)
    notes: list[str] = []
    rendered_pages = None
    if pages is not None and count_pages is not None:
        rendered_pages, dropped = _fit(tailored, relevance, pages, count_pages)
        changes += dropped
        if rendered_pages > pages:
            notes.append(f"still {rendered_pages} pages after trimming; shorten it by hand")
    before = score(stated, analysis, today=day)
    after = score(tailored, analysis, today=day)
    return Tailored(tailored, changes, before, after, rendered_pages, notes)


# --- relevance -----------------------------------------------------------------------------


def _query(analysis: JobAnalysis) -> dict[str, float]:
    query: dict[str, float] = {}
    for tier, asks in (
        ("required", analysis.required),
        ("preferred", analysis.preferred),
        ("keyword", analysis.keywords),
    ):
        for ask in asks:
            query[f"skill:{ask.name}"] = max(query.get(f"skill:{ask.name}", 0), TIER_WEIGHT[tier])
    for word in title_words(analysis.title):
        query.setdefault(word, 0.5)
    return query


def terms(text: str, domains: frozenset[str] = frozenset()) -> list[str]:
    """A text as BM25 terms: one term per skill (whatever its spelling), then plain words."""
    found = taxonomy().find(text, domains)
    out = [f"skill:{m.skill.name}" for m in found]
    rest = text
    for mention in reversed(found):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    out += [w for w in _WORD.findall(rest.lower()) if w not in _STOP]
    return out


class _Relevance:
    """BM25 (k1 = 1.2, b = 0.75) of every bullet and project of one résumé against one query."""

    def __init__(self, resume: Resume, query: dict[str, float]) -> None:
        self.query = query
        self._domains = profiles.document_domains(resume)
        docs = [h for job in resume.work for h in job.highlights]
        docs += [h for job in resume.volunteer for h in job.highlights]
        docs += [_project_text(p) for p in resume.projects]
        self._terms = {doc: terms(doc, self._domains) for doc in docs}
        frequency: Counter[str] = Counter()
        for found in self._terms.values():
            frequency.update(set(found))
        count = max(1, len(self._terms))
        self._idf = {t: math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
        self._average = sum(len(t) for t in self._terms.values()) / count or 1.0
        self._cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        if text not in self._cache:
            self._cache[text] = self._bm25(self._terms.get(text) or terms(text, self._domains))
        return self._cache[text]

    def _bm25(self, found: list[str]) -> float:
        counts = Counter(found)
        norm = 1.2 * (0.25 + 0.75 * len(found) / self._average)
        total = 0.0
        for term, weight in self.query.items():
            tf = counts.get(term, 0)
            if tf:
                total += weight * self._idf.get(term, 1.0) * tf * 2.2 / (tf + norm)
        return total

    def skills_in(self, text: str) -> list[str]:
        found = self._terms.get(text) or terms(text, self._domains)
        return [t[6:] for t in dict.fromkeys(found) if t.startswith("skill:") and t in self.query]


def _project_text(project: object) -> str:
    parts = [getattr(project, "name", None), getattr(project, "description", None)]
    parts += list(getattr(project, "highlights", [])) + list(getattr(project, "keywords", []))
    return " ".join(p for p in parts if p)


# --- the edits -----------------------------------------------------------------------------


def _reorder_bullets(resume: Resume, relevance: _Relevance) -> list[Change]:
    changes = []
    for section in ("work", "volunteer"):
        for index, entry in enumerate(getattr(resume, section)):
            ranked = sorted(entry.highlights, key=lambda h: -relevance(h))
            for new, bullet in enumerate(ranked):
                old = entry.highlights.index(bullet)
                if new < old:
                    skills = relevance.skills_in(bullet)
                    why = f"mentions {', '.join(skills)}" if skills else "more relevant"
                    changes.append(
                        Change(
                            "moved",
                            f"{section}[{index}].highlights[{old}]",
                            bullet,
                            f"moved up to place {new + 1}: {why}",
                        )
                    )
            entry.highlights = ranked
    return changes


def _reorder_projects(resume: Resume, relevance: _Relevance) -> list[Change]:
    order = sorted(
        range(len(resume.projects)), key=lambda i: -relevance(_project_text(resume.projects[i]))
    )
    changes = [
        Change(
            "moved",
            f"projects[{old}]",
            resume.projects[old].name or "",
            f"moved to place {new + 1}",
        )
        for new, old in enumerate(order)
        if new < old
    ]
    resume.projects = [resume.projects[i] for i in order]
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


def _summary_line(resume: Resume, analysis: JobAnalysis, prof: profiles.Profile) -> list[Change]:
    """One line of facts: "Senior Backend Engineer, 8 years, Python and PostgreSQL"."""
    role = resume.basics.label or (resume.work[0].position if resume.work else None)
    shown = [a.name for a in analysis.required + analysis.preferred if a.name in prof.skills][:3]
    if not role or not shown:
        return []
    years = math.floor(prof.years)
    parts = [role] + ([f"{years} years"] if years >= 1 else [])
    line = (
        ", ".join(parts)
        + ", "
        + (shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1])
        + "."
    )
    basics = resume.basics
    current = basics.summary or ""
    if current.startswith(line):
        return []
    basics.summary = f"{line} {current}".strip()
    resume.basics = basics  # marks basics as set, so that it is written out
    return [Change("summary", "basics.summary", line, "a summary line from the résumé's own facts")]


def _fit(
    resume: Resume, relevance: _Relevance, budget: int, count_pages: PageCounter
) -> tuple[int, list[Change]]:
    """Drop the least relevant bullets until the résumé renders on ``budget`` pages."""
    pages = count_pages(resume)
    if pages <= budget:
        return pages, []
    candidates = _droppable(resume, relevance)
    low, high = 1, len(candidates)
    best = None
    while low <= high:  # fewest drops that fit: each probe is one real render
        middle = (low + high) // 2
        trial = _without(resume, candidates[:middle])
        if count_pages(trial) <= budget:
            best, high = middle, middle - 1
        else:
            low = middle + 1
    chosen = candidates[: best if best is not None else len(candidates)]
    trimmed = _without(resume, chosen)
    resume.work = trimmed.work
    resume.volunteer = trimmed.volunteer
    changes = [
        Change(
            "dropped",
            f"{section}[{index}].highlights",
            bullet,
            "least relevant to this job"
            + (f" (mentions only {', '.join(s)})" if s else ": mentions none of its skills"),
        )
        for section, index, _, bullet in chosen
        for s in [relevance.skills_in(bullet)]
    ]
    return count_pages(resume), changes


Bullet = tuple[str, int, int, str]  # section, entry index, bullet index, text


def _droppable(resume: Resume, relevance: _Relevance) -> list[Bullet]:
    """Bullets that may go, least relevant first; each role keeps its ``MIN_BULLETS`` best."""
    out = []
    for section in ("work", "volunteer"):
        for index, entry in enumerate(getattr(resume, section)):
            for position in range(MIN_BULLETS, len(entry.highlights)):
                out.append((section, index, position, entry.highlights[position]))
    # Among equally relevant bullets, older roles (higher index) give way first.
    return sorted(out, key=lambda item: (relevance(item[3]), -item[1], -item[2]))


def _without(resume: Resume, drops: list[Bullet]) -> Resume:
    trial = resume.model_copy(deep=True)
    gone = {(section, index, position) for section, index, position, _ in drops}
    for section in ("work", "volunteer"):
        for index, entry in enumerate(getattr(trial, section)):
            entry.highlights = [
                h for p, h in enumerate(entry.highlights) if (section, index, p) not in gone
            ]
    return trial
