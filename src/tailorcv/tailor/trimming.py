"""Trimming a résumé to a page budget: the least relevant material goes first, from any section,
and every role keeps its strongest bullet (issue 15).

What may go: work and volunteer bullets, whole projects, awards, publications, certificates,
interests and references, and single courses. The least relevant goes first, a quantified
bullet's relevance having a floor (``relevance.Relevance.strength``); at equal relevance, bullets
before whole entries, in the order issue 15 lists them, and older roles' bullets before newer
ones'. An item that is the last to show a skill the job asks for is worth that skill's weight
more: losing the skill costs the score more than losing a bullet. The fewest drops that fit are
found by bisection, each probe one real render.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tailorcv.match.profile import Profile
from tailorcv.resume.model import Resume
from tailorcv.tailor.relevance import ENTRY_FIELDS, Relevance, entry_text

MIN_BULLETS = 1  # every role keeps at least this many bullets, its strongest
ROLES = ("volunteer", "work")
# At equal relevance, what goes first: bullets, then whole entries, then single courses.
ORDER = (*ROLES, *ENTRY_FIELDS, "courses")
NOUN = {"volunteer": "bullet", "work": "bullet", "courses": "course"}
NOUN |= {section: section.removesuffix("s") for section in ENTRY_FIELDS}
PageCounter = Callable[[Resume], int]
Key = tuple[str, int, int | None]


@dataclass(frozen=True)
class Item:
    """One thing trimming may drop."""

    section: str  # work | volunteer | courses | a section of whole entries (ENTRY_FIELDS)
    index: int  # its entry; for a course, its school
    position: int | None  # a bullet's or a course's place in its entry; None for a whole entry
    text: str

    @property
    def key(self) -> Key:
        return (self.section, self.index, self.position)


@dataclass
class Trim:
    resume: Resume
    pages: int
    dropped: list[Item]


def fit(
    resume: Resume, relevance: Relevance, prof: Profile, budget: int, count_pages: PageCounter
) -> Trim | None:
    """The fewest drops, least worth keeping first, that render ``resume`` (whose profile is
    ``prof``) on ``budget`` pages; None when dropping everything that may go is not enough."""
    items = droppable(resume, relevance, prof)
    pages = {len(items): count_pages(without(resume, items))}
    if pages[len(items)] > budget:
        return None
    low, high = 0, len(items)
    while low < high:
        middle = (low + high) // 2
        pages[middle] = count_pages(without(resume, items[:middle]))
        if pages[middle] <= budget:
            high = middle
        else:
            low = middle + 1
    return Trim(without(resume, items[:low]), pages[low], items[:low])


def droppable(resume: Resume, relevance: Relevance, prof: Profile) -> list[Item]:
    """Everything that may go, least worth keeping first."""
    items = {item.key: item for item in _candidates(resume, relevance)}
    holders = _holders(prof, relevance.query)
    worth = {key: _worth(item, relevance, holders) for key, item in items.items()}
    heap = list(worth.values())  # a worth ends with its item's key: no two are equal
    heapq.heapify(heap)
    order = []
    while heap:
        least = heapq.heappop(heap)
        key = least[-1]
        if worth.get(key) != least:
            continue  # worth more since it became the last to show a skill: pushed again
        del worth[key]
        order.append(items[key])
        for last in _now_alone(key, holders):
            if last in worth:
                worth[last] = _worth(items[last], relevance, holders)
                heapq.heappush(heap, worth[last])
    return order


def _candidates(resume: Resume, relevance: Relevance) -> list[Item]:
    return [*_bullets(resume, relevance), *_entries(resume), *_courses(resume)]


def _holders(prof: Profile, query: dict[str, float]) -> dict[str, set[Key | None]]:
    """For each skill the job asks that the résumé shows, the items that show it (None: a text
    that never goes, such as a title or the skills section)."""
    return {
        name: {_holder(text.path) for text in where}
        for name, where in prof.skills.items()
        if f"skill:{name}" in query
    }


def _now_alone(gone: Key, holders: dict[str, set[Key | None]]) -> list[Key]:
    """Forget ``gone`` as a holder; the items left the last to show a skill."""
    alone = []
    for keys in holders.values():
        if gone in keys:
            keys.discard(gone)
            alone += [key for key in keys if key is not None and len(keys) == 1]
    return alone


Worth = tuple[float, int, int, int, Key]


def _worth(item: Item, relevance: Relevance, holders: dict[str, set[Key | None]]) -> Worth:
    """Its relevance, plus the weight of each skill the job asks that it is the last to show:
    losing a skill costs the score more than losing a bullet."""
    value = relevance.strength(item.text) if item.section in ROLES else relevance(item.text)
    value += sum(
        relevance.query[f"skill:{name}"] for name, keys in holders.items() if keys == {item.key}
    )
    return (value, ORDER.index(item.section), -item.index, -(item.position or 0), item.key)


def _bullets(resume: Resume, relevance: Relevance) -> Iterator[Item]:
    for section in ROLES:
        for index, role in enumerate(getattr(resume, section)):
            bullets = role.highlights
            strongest = sorted(range(len(bullets)), key=lambda p: -relevance.strength(bullets[p]))
            kept = set(strongest[:MIN_BULLETS])
            for position, bullet in enumerate(bullets):
                if position not in kept:
                    yield Item(section, index, position, bullet)


def _entries(resume: Resume) -> Iterator[Item]:
    for section in ENTRY_FIELDS:
        for index, entry in enumerate(getattr(resume, section)):
            yield Item(section, index, None, entry_text(section, entry))


def _courses(resume: Resume) -> Iterator[Item]:
    for index, school in enumerate(resume.education):
        for position, course in enumerate(school.courses):
            yield Item("courses", index, position, course)


_BULLET = re.compile(r"^(work|volunteer)\[(\d+)\]\.highlights\[(\d+)\]$")
_COURSE = re.compile(r"^education\[(\d+)\]\.courses\[(\d+)\]$")
_ENTRY = re.compile(rf"^({'|'.join(ENTRY_FIELDS)})\[(\d+)\]\.")


def _holder(path: str) -> Key | None:
    """The item a text belongs to; None for a text trimming never drops (a title, a skill …)."""
    if found := _BULLET.match(path):
        return (found[1], int(found[2]), int(found[3]))
    if found := _COURSE.match(path):
        return ("courses", int(found[1]), int(found[2]))
    if found := _ENTRY.match(path):
        return (found[1], int(found[2]), None)
    return None


def without(resume: Resume, items: list[Item]) -> Resume:
    """A copy of ``resume`` without ``items``."""
    trial = resume.model_copy(deep=True)
    gone = {item.key for item in items}
    sections = {item.section for item in items}
    touched = {(section, index) for section, index, position in gone if position is not None}
    for section, index in touched:
        entry = trial.education[index] if section == "courses" else getattr(trial, section)[index]
        field = "courses" if section == "courses" else "highlights"
        # Only what changes is assigned: an assigned field is written out, even when empty.
        setattr(entry, field, _kept(getattr(entry, field), section, index, gone))
    for section in sections & set(ENTRY_FIELDS):
        entries = getattr(trial, section)
        setattr(
            trial, section, [e for i, e in enumerate(entries) if (section, i, None) not in gone]
        )
    return trial


def _kept(values: list[str], section: str, index: int, gone: set[Key]) -> list[str]:
    return [
        value for position, value in enumerate(values) if (section, index, position) not in gone
    ]


def source_path(item: Item, source: Resume) -> str:
    """Where ``item`` (of a reordered copy of ``source``) is in ``source``."""
    if item.section in ROLES:
        bullets = getattr(source, item.section)[item.index].highlights
        return f"{item.section}[{item.index}].highlights[{bullets.index(item.text)}]"
    if item.section == "courses":
        return f"education[{item.index}].courses[{item.position}]"
    entries = getattr(source, item.section)
    texts = [entry_text(item.section, entry) for entry in entries]
    index = texts.index(item.text) if item.text in texts else item.index
    return f"{item.section}[{index}]"


def reason(item: Item, relevance: Relevance) -> str:
    """Why ``item`` went, in plain words."""
    skills = relevance.skills_in(item.text)
    if skills:
        return f"dropped to fit the page: of the job's skills it names only {', '.join(skills)}"
    return "dropped to fit the page: it names none of the job's skills"


def describe(items: list[Item]) -> str:
    """ "4 bullets and 1 project"."""
    counts = Counter(NOUN[item.section] for item in items)
    nouns = dict.fromkeys(NOUN[section] for section in ORDER)  # bullets first, courses last
    parts = [f"{counts[n]} {n}{'' if counts[n] == 1 else 's'}" for n in nouns if counts[n]]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
