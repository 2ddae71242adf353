"""The skills taxonomy and its matcher: ``taxonomy().find(text)`` lists the skills a text names.

The taxonomy is package data (``skills.yaml``): canonical skills in categories, each with its
aliases and spellings. Matching works on tokens, not on substrings, so punctuation belongs to a
name where the name has it (``C++``, ``C#``, ``.NET``, ``Node.js``, ``CI/CD``) and is a boundary
everywhere else (``Java`` never matches inside ``JavaScript``); hyphens count as spaces, so
``go-to-market`` is ``go to market``. Names fold case, except short capitals (``ML``, ``RN``) and
the forms the data marks ambiguous (``Go``, ``R``, ``Swift``, ``Access``): those must be written
as in the data, and the ambiguous ones must also stand in a fitting context (a list of skills of
the same domain, "in R", "Go developer", "3 years of Go", a line listing skills of one domain:
"Go Kafka Spark"); those rules are in ``context``. The matcher is a trie over tokens, built once,
so ``find`` costs one regex pass plus a dict lookup per token.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from tailorcv.skills.context import (
    Tokens,
    in_context,
    in_skills_list,
    inside_a_name,
    list_domain,
    scan,
    stands_apart,
)

__all__ = ["Mention", "Skill", "Taxonomy", "taxonomy"]

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


def _path(name: str) -> tuple[Surface, Surface]:
    """The trie path of a name (keys) and its spelling (raw tokens)."""
    toks = scan(name)
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
        return self._find(text, domains)[0]

    def find_listing(self, line: str, domains: Collection[str] = ()) -> tuple[list[Mention], bool]:
        """``find`` for one line, and whether the line is a list: a bare skill name ("Apache
        Kafka") or short items, most of them skills of one domain ("Containers: Docker, EKS").
        A line of more than 24 words, or one that ends a sentence, is prose."""
        mentions, toks, found = self._find(line, domains)
        words = len(line.split())
        if words > 24 or line.rstrip()[-1:] in (".", "!", "?"):  # prose, not a list
            return mentions, False
        if words <= 3 and len(found) == 1:  # a bare name: "Apache Kafka", "Go"
            bare = line.strip(" ,;")
            _, i, j, _ = found[0]
            if line[toks.starts[i] : toks.ends[j]] == bare:
                return mentions, True
        return mentions, list_domain(line, 0, len(line), toks, found) is not None

    def find_each(
        self, texts: Sequence[str], minimum: int = 3
    ) -> tuple[list[list[Mention]], frozenset[str]]:
        """``find`` for every text of one document, in the domains the texts themselves name
        (as ``domains`` reads them from the joined text): one scan per text, not two."""
        scanned = [(text, toks, self._candidates(toks)) for text in texts for toks in [scan(text)]]
        fields = _fields([found for _, _, found in scanned], minimum)
        return [_kept(text, toks, found, fields) for text, toks, found in scanned], fields

    def _find(
        self, text: str, domains: Collection[str]
    ) -> tuple[list[Mention], Tokens, list[_Found]]:
        toks = scan(text)
        found = self._candidates(toks)
        return _kept(text, toks, found, domains), toks, found

    def domains(self, text: str, minimum: int = 3) -> frozenset[str]:
        """The fields a document is about: domains it names ``minimum`` unambiguous skills of."""
        return _fields([self._candidates(scan(text))], minimum)

    def _candidates(self, toks: Tokens) -> list[_Found]:
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
            if best is None or inside_a_name(toks, i):
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


def _kept(text: str, toks: Tokens, found: list[_Found], domains: Collection[str]) -> list[Mention]:
    """The candidates that are mentions: unambiguous ones, and ambiguous ones in context."""
    lists: dict[int, str | None] = {}
    kept = [
        c
        for k, c in enumerate(found)
        if not c[3]
        or in_context(text, toks, found, k)
        or (c[0].domain in domains and stands_apart(text, toks, c, mid_sentence=True))
        or in_skills_list(text, toks, found, k, lists)
    ]
    return [
        Mention(form.skill, toks.starts[i], toks.ends[j], text[toks.starts[i] : toks.ends[j]])
        for form, i, j, _ in kept
    ]


def _fields(candidates: list[list[_Found]], minimum: int) -> frozenset[str]:
    """Domains named by ``minimum`` distinct unambiguous skills among the candidates."""
    named: dict[str, set[str]] = {}
    for found in candidates:
        for form, _, _, needs in found:
            if not needs:
                named.setdefault(form.domain, set()).add(form.skill.name)
    return frozenset(domain for domain, skills in named.items() if len(skills) >= minimum)


SOURCE = "skills.yaml"
COMPILED = "skills.json"  # python -m tailorcv.skills writes it from SOURCE


def digest_of(source: bytes) -> str:
    """The SHA-256 of the YAML's text, its line ends as written on any system."""
    return hashlib.sha256(source.replace(b"\r\n", b"\n")).hexdigest()


def source_data() -> tuple[dict[str, Any], str]:
    """The taxonomy's data as ``skills.yaml`` holds it, and that file's SHA-256."""
    source = importlib.resources.files("tailorcv.skills").joinpath(SOURCE).read_bytes()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's is 5x faster
    data = yaml.load(source, Loader=loader)
    if not isinstance(data, dict):
        raise ValueError("skills taxonomy: skills.yaml must hold a mapping with 'categories'")
    return data, digest_of(source)


def compiled_data() -> dict[str, Any]:
    """What ``skills.json`` should hold: the data of ``skills.yaml`` and that file's hash."""
    data, digest = source_data()
    return {"source_sha256": digest, **data}


def _load() -> Taxonomy:
    """Build the packaged taxonomy from ``skills.json``, the YAML's data as JSON: JSON reads in
    2 ms where YAML takes about 90, which every command that reads skills would pay at start.
    When the JSON was not written again after the YAML changed, the YAML is read instead."""
    files = importlib.resources.files("tailorcv.skills")
    source = files.joinpath(SOURCE).read_bytes()
    try:
        data = json.loads(files.joinpath(COMPILED).read_bytes())
    except (FileNotFoundError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("source_sha256") != digest_of(source):
        data, _ = source_data()
    return Taxonomy.from_data(data)


@functools.cache
def taxonomy() -> Taxonomy:
    """The packaged taxonomy, loaded and compiled once per process."""
    return _load()
