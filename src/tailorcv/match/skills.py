"""The skills taxonomy and its matcher: ``taxonomy().find(text)`` lists the skills a text names.

The taxonomy is package data (``skills.yaml``): canonical skills in categories, each with its
aliases and spellings. Matching works on tokens, not on substrings, so punctuation belongs to a
name where the name has it (``C++``, ``C#``, ``.NET``, ``Node.js``, ``CI/CD``) and is a boundary
everywhere else (``Java`` never matches inside ``JavaScript``); hyphens count as spaces, so
``go-to-market`` is ``go to market``. Names fold case, except short capitals (``ML``, ``RN``) and
the forms the data marks ambiguous (``Go``, ``R``, ``Swift``, ``Access``): those must be written
as in the data, and the ambiguous ones must also stand in a fitting context (a list of skills of
the same domain, "in R", "Go developer"). The matcher is a trie over tokens, built once, so
``find`` costs one regex pass plus a dict lookup per token.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["Mention", "Skill", "Taxonomy", "taxonomy"]

_TOKEN = re.compile(r"(\w+)|[^\w\s]")
_HYPHENS = frozenset("-‐‑‒–—")
_GLUE = "\x00"
# A candidate written right against one of these is part of something else: "R&D", "C-suite",
# "C+ grade", "x.Go".
_BAD_BEFORE = frozenset("-‐‑‒–—&'’.@#_$")
_BAD_AFTER = frozenset("-‐‑‒–—&'’@#+_$%")
_ITEM_START = re.compile(r"(?:^|[,;/|(\[:\r\n•·*–—-]|\b(?:and|or)|&)[ \t]*$")
_ITEM_END = re.compile(r"[ \t]*(?:$|[,;/|)\]\r\n•·.:!?]|(?:and|or|&)\b)")
_LIST_GAP = re.compile(r"[\s,;/|&()\[\]•·*–—-]*(?:(?:and|or)\b[\s,;/|&()\[\]•·*–—-]*)?")
_MAX_GAP = 8
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\r\n]\s*(?:[-•*·]\s*)?)$")
_PREPOSITIONS = frozenset({"in", "using", "with", "including"})
_GENERIC_CUES = frozenset({"skills", "proficiency", "expertise", "certification", "certified"})

Surface = tuple[str, ...]
_Found = tuple["_Form", int, int, bool]


@dataclass(frozen=True)
class Skill:
    """One canonical skill of the taxonomy."""

    name: str
    category: str
    aliases: tuple[str, ...]
    ambiguous: bool = False


@dataclass(frozen=True)
class Mention:
    """Where a text names a skill; ``text`` is the form found, ``text[start:end]`` of the input."""

    skill: Skill
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Form:
    """What a trie node matches: a skill, and which written forms need which care.

    ``surfaces`` is None when any case will do; otherwise it maps each accepted spelling (raw
    tokens) to whether that spelling also needs context.
    """

    skill: Skill
    domain: str
    cues: frozenset[str]
    surfaces: Mapping[Surface, bool] | None


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    form: _Form | None = None


@dataclass(frozen=True)
class _Tokens:
    """A text cut into tokens: raw spelling, folded key, key for continuing a match, offsets."""

    raws: list[str]
    lows: list[str]
    keys: list[str]
    starts: list[int]
    ends: list[int]


def _scan(text: str) -> _Tokens:
    """Cut ``text`` into word and punctuation tokens; hyphens become spaces.

    A punctuation token glued to its neighbour (``node.js``, ``C++``) gets a distinct continuing
    key, so ``.NET`` matches in "ASP.NET" but not across "Python. Net".
    """
    raws: list[str] = []
    lows: list[str] = []
    keys: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    prev_end = -1
    prev_word = True
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok in _HYPHENS:
            prev_end = -1
            continue
        start, end = m.span()
        word = m.lastindex is not None
        if tok == "’":
            tok = "'"
        low = tok.lower()
        glued = start == prev_end and not (word and prev_word)
        raws.append(tok)
        lows.append(low)
        keys.append(_GLUE + low if glued else low)
        starts.append(start)
        ends.append(end)
        prev_end, prev_word = end, word
    return _Tokens(raws, lows, keys, starts, ends)


def _path(name: str) -> tuple[Surface, Surface]:
    """The trie path of a name (keys) and its spelling (raw tokens)."""
    toks = _scan(name)
    if not toks.keys:
        raise ValueError(f"skills taxonomy: the name {name!r} has no letters or signs to match")
    return (toks.lows[0], *toks.keys[1:]), tuple(toks.raws)


def _is_short_capital(surface: Surface) -> bool:
    """ML, JS, RN: one or two capitals are an acronym only when written in capitals."""
    return (
        len(surface) == 1 and len(surface[0]) <= 2 and surface[0].isalpha() and surface[0].isupper()
    )


def _plurals(word: str) -> tuple[str, ...]:
    """Simple English plurals of a final word ("API" → "apis"), for matching "APIs"."""
    if len(word) < 3 or not word.isalpha() or word.endswith("s"):
        return ()
    if word.endswith("y") and word[-2] not in "aeiou":
        return (word[:-1] + "ies",)
    if word.endswith(("x", "z", "ch", "sh")):
        return (word + "es",)
    return (word + "s",)


def _strings(value: Any, where: str) -> list[str]:
    """A list of strings from the data, or a clear error naming where it broke."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"skills taxonomy: {where} must be a list of strings, got {value!r}")
    return value


class Taxonomy:
    """The skills, their aliases, and a matcher over them; build once, then query."""

    def __init__(self) -> None:
        self._skills: dict[str, Skill] = {}
        self._root = _Node()
        self._lookup: dict[Surface, Skill] = {}
        self._generated: list[tuple[Surface, _Form]] = []
        self._folded: set[str] = set()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Taxonomy:
        """Build from the parsed YAML; a duplicate name or alias is a ValueError naming both."""
        built = cls()
        categories = data.get("categories")
        if not isinstance(categories, list):
            raise ValueError("skills taxonomy: 'categories' must be a list")
        for category in categories:
            built._add_category(category)
        for path, form in built._generated:
            built._insert(path, form, generated=True)
        built._generated.clear()
        return built

    def _add_category(self, category: Mapping[str, Any]) -> None:
        name, domain = str(category["name"]), str(category.get("domain", category["name"]))
        cues = {c.lower() for c in _strings(category.get("context"), f"{name}.context")}
        for entry in category.get("skills") or []:
            spec = {"name": entry} if isinstance(entry, str) else entry
            self._add_skill(spec, name, domain, cues)

    def _add_skill(
        self, spec: Mapping[str, Any], category: str, domain: str, cues: set[str]
    ) -> None:
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"skills taxonomy: a skill in {category!r} has no name: {spec!r}")
        aliases = _strings(spec.get("aliases"), f"{name}.aliases")
        flag = spec.get("ambiguous", False)
        ambiguous = {name} if flag is True else set(_strings(flag or None, f"{name}.ambiguous"))
        cased = set(_strings(spec.get("cased"), f"{name}.cased"))
        if name.lower() in self._folded:
            raise ValueError(f"skills taxonomy: {name!r} is listed twice")
        skill = Skill(name, category, tuple(a for a in aliases if a != name), bool(ambiguous))
        self._skills[name] = skill
        self._folded.add(name.lower())
        own_cues = frozenset(cues | {c.lower() for c in _strings(spec.get("context"), name)})
        for written in (name, *aliases):
            path, surface = _path(written)
            care = _care(written, surface, ambiguous, cased)
            self._insert(path, _Form(skill, domain, own_cues, care))

    def _insert(self, path: Surface, form: _Form, *, generated: bool = False) -> None:
        """Put a form at the end of its path; plurals only fill free places."""
        node = self._root
        for key in path:
            node = node.children.setdefault(key, _Node())
        old = node.form
        if old is not None and generated:
            return
        if old is not None and old.skill != form.skill:
            raise ValueError(
                f"skills taxonomy: {' '.join(path)!r} names both {old.skill.name!r} and "
                f"{form.skill.name!r}; keep it for one of them (see the rule in skills.yaml)"
            )
        node.form = _merge(old, form)
        self._lookup.setdefault(path, form.skill)
        if form.surfaces is None and not generated:
            for plural in _plurals(path[-1]):
                self._generated.append(((*path[:-1], plural), form))

    def __len__(self) -> int:
        return len(self._skills)

    def __iter__(self) -> Iterator[Skill]:
        return iter(self._skills.values())

    @property
    def categories(self) -> list[str]:
        """Category names, in the order of the data."""
        return list(dict.fromkeys(s.category for s in self._skills.values()))

    def get(self, name: str) -> Skill | None:
        """The skill a name or alias stands for (case-insensitive), or None."""
        path, _ = _path(name) if name.strip() else ((), ())
        return self._lookup.get(path)

    def canonical(self, name: str) -> str | None:
        """The canonical name for a name or alias ("postgres" → "PostgreSQL"), or None."""
        skill = self.get(name)
        return skill.name if skill else None

    def skills_in(self, text: str, domains: Collection[str] = ()) -> set[str]:
        """The canonical names of every skill ``text`` mentions."""
        return {m.skill.name for m in self.find(text, domains)}

    def find(self, text: str, domains: Collection[str] = ()) -> list[Mention]:
        """Every skill mention in text order; the longest match wins and hides what it covers.

        ``domains`` are the fields the whole document is about (see ``domains``): there, an
        ambiguous form that stands apart needs no nearer context ("outbox pattern with Kafka").
        """
        toks = _scan(text)
        found = self._candidates(toks)
        kept = [
            c
            for k, c in enumerate(found)
            if not c[3]
            or _in_context(text, toks, found, k)
            or (c[0].domain in domains and _stands_apart(text, toks, c, mid_sentence=True))
        ]
        return [
            Mention(form.skill, toks.starts[i], toks.ends[j], text[toks.starts[i] : toks.ends[j]])
            for form, i, j, _ in kept
        ]

    def domains(self, text: str, minimum: int = 3) -> frozenset[str]:
        """The fields a document is about: domains it names ``minimum`` unambiguous skills of."""
        named: dict[str, set[str]] = {}
        for form, _, _, needs in self._candidates(_scan(text)):
            if not needs:
                named.setdefault(form.domain, set()).add(form.skill.name)
        return frozenset(domain for domain, skills in named.items() if len(skills) >= minimum)

    def _candidates(self, toks: _Tokens) -> list[_Found]:
        """Leftmost-longest matches that fit in case: (form, first, last token, needs context)."""
        found: list[_Found] = []
        lows, keys, raws, n = toks.lows, toks.keys, toks.raws, len(toks.lows)
        roots = self._root.children
        i = 0
        while i < n:
            node = roots.get(lows[i])
            best: _Found | None = None
            j = i
            while node is not None:
                form = node.form
                if form is not None:
                    needs = _case_fits(form, raws, i, j)
                    if needs is not None:
                        best = (form, i, j, needs)
                j += 1
                node = node.children.get(keys[j]) if j < n else None
            if best is None or _inside_a_name(toks, i):
                i += 1
            else:
                found.append(best)
                i = best[2] + 1
        return found


def _care(
    written: str, surface: Surface, ambiguous: set[str], cased: set[str]
) -> Mapping[Surface, bool] | None:
    """How one written name matches: any case (None), its own case, or its own case in context."""
    if written in ambiguous:
        return {surface: True}
    if written in cased or _is_short_capital(surface):
        return {surface: False}
    return None


def _inside_a_name(toks: _Tokens, i: int) -> bool:
    """A match right after a dot that follows a word is a file or domain part ("page.html")."""
    return (
        i > 0
        and toks.keys[i] == _GLUE + toks.lows[i]
        and toks.raws[i - 1] == "."
        and (toks.keys[i - 1].startswith(_GLUE))
    )


def _merge(old: _Form | None, new: _Form) -> _Form:
    """Two spellings of one skill on one path: any case wins, else both spellings count."""
    if old is None:
        return new
    if old.surfaces is None or new.surfaces is None:
        return _Form(new.skill, new.domain, new.cues, None)
    return _Form(new.skill, new.domain, new.cues, {**old.surfaces, **new.surfaces})


def _case_fits(form: _Form, raws: list[str], i: int, j: int) -> bool | None:
    """None if the spelling is not one the form accepts, else whether it needs context."""
    if form.surfaces is None:
        return False
    return form.surfaces.get(tuple(raws[i : j + 1]))


def _in_context(text: str, toks: _Tokens, found: list[_Found], k: int) -> bool:
    """Whether an ambiguous form ("Go", "R", "Swift") is used as a skill here.

    It must stand apart (not "R&D", "C-suite"), then either be an item of a list beside another
    skill of its domain, or follow "in"/"using"/"with" at the end of a phrase, or touch a cue word.
    """
    form, i, j, _ = found[k]
    start, end = toks.starts[i], toks.ends[j]
    if not _stands_apart(text, toks, found[k]):
        return False
    ends_item = _ITEM_END.match(text, end) is not None
    starts_item = _ITEM_START.search(text, max(0, start - 12), start) is not None
    if _has_neighbour(text, toks, found, k, in_list=ends_item and starts_item):
        return True
    before = toks.lows[i - 1] if i > 0 else ""
    after = toks.lows[j + 1] if j + 1 < len(toks.lows) else ""
    if ends_item and before in _PREPOSITIONS:
        return True
    return after in form.cues or before in form.cues or after in _GENERIC_CUES


def _stands_apart(text: str, toks: _Tokens, found: _Found, *, mid_sentence: bool = False) -> bool:
    """Not glued to other characters ("R&D", "C-suite", "x.Go"); with ``mid_sentence``, also not
    the first word of a sentence or line, where capitals say nothing ("Swift delivery …")."""
    _, i, j, _ = found
    start, end = toks.starts[i], toks.ends[j]
    if start > 0 and text[start - 1] in _BAD_BEFORE:
        return False
    if end < len(text) and (
        text[end] in _BAD_AFTER or (text[end] == "." and text[end + 1 : end + 2].isalnum())
    ):
        return False
    return not mid_sentence or _SENTENCE_START.search(text, 0, start) is None


def _has_neighbour(text: str, toks: _Tokens, found: list[_Found], k: int, *, in_list: bool) -> bool:
    """Another skill of the same domain next to this one: across list punctuation when this one
    is a list item, else only as a pair joined by a slash ("C/C++")."""
    form, i, j, _ = found[k]
    for other in (k - 1, k + 1):
        if not 0 <= other < len(found) or found[other][0].domain != form.domain:
            continue
        _, oi, oj, _ = found[other]
        lo, hi = (toks.ends[oj], toks.starts[i]) if other < k else (toks.ends[j], toks.starts[oi])
        if text[lo:hi] == "/" or (
            in_list and hi - lo <= _MAX_GAP and _LIST_GAP.fullmatch(text, lo, hi) is not None
        ):
            return True
    return False


def _load() -> Taxonomy:
    """Read and build the packaged taxonomy; libyaml's loader when present, it is 5x faster."""
    source = importlib.resources.files("tailorcv.match").joinpath("skills.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(source, Loader=loader)
    if not isinstance(data, dict):
        raise ValueError("skills taxonomy: skills.yaml must hold a mapping with 'categories'")
    return Taxonomy.from_data(data)


@functools.cache
def taxonomy() -> Taxonomy:
    """The packaged taxonomy, loaded and compiled once per process."""
    return _load()
