"""The résumé editor's form, both ways: which fields each JSON Resume section shows, a form's
fields back into a document, and the editing moves (add, remove, move up or down, move to a
place, put a removed entry back, move a whole section).

Each input is named by its JSON path, ``work[2].startDate`` or ``work[2].highlights[0]``: the
same path ``InvalidResume`` gives a problem, so an error lands beside the field that caused it.
Keys the form does not show (``basics.image``, ``meta``, a vendor's ``x-`` field) are carried over
from the entry the form was made from (its ``_from`` field), so editing never loses them.

``otherSections`` (issue 18: what an import found no JSON Resume place for, ``{"title", "lines"}``)
are edited as a title and a text area, one line per line, bounded like the rest of the form.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tailorcv.errors import InvalidResume, Problem
from tailorcv.resume import richtext
from tailorcv.resume.io import load_json
from tailorcv.resume.others import KEY as OTHERS
from tailorcv.resume.others import read as read_others


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[str, ...]  # text inputs; a name ending in "*" is a text area
    lists: tuple[str, ...] = ()  # lists of strings: bullets, keywords
    noun: str = "entry"


BASICS = ("name", "label", "email", "phone", "url", "summary*")
LOCATION = ("address", "postalCode", "city", "region", "countryCode")
PROFILE = ("network", "username", "url")
SECTIONS = (
    Section(
        "work",
        "Work",
        ("name", "position", "location", "url", "startDate", "endDate", "summary*"),
        ("highlights",),
        "job",
    ),
    Section(
        "education",
        "Education",
        (
            "institution",
            "area",
            "studyType",
            "location",
            "url",
            "startDate",
            "endDate",
            "score",
            "summary*",
        ),
        ("highlights", "courses"),
        "school",
    ),
    Section(
        "projects",
        "Projects",
        ("name", "description*", "summary*", "url", "startDate", "endDate", "entity", "type"),
        ("highlights", "keywords", "roles"),
        "project",
    ),
    Section("skills", "Skills", ("name", "level"), ("keywords",), "skill"),
    Section(
        "volunteer",
        "Volunteering",
        ("organization", "position", "url", "startDate", "endDate", "summary*"),
        ("highlights",),
        "role",
    ),
    Section("awards", "Awards", ("title", "date", "awarder", "summary*"), (), "award"),
    Section("certificates", "Certificates", ("name", "date", "issuer", "url"), (), "certificate"),
    Section(
        "publications",
        "Publications",
        ("name", "publisher", "releaseDate", "url", "summary*"),
        ("authors",),
        "publication",
    ),
    Section("languages", "Languages", ("language", "fluency"), (), "language"),
    Section("interests", "Interests", ("name",), ("keywords",), "interest"),
    Section("references", "References", ("name", "reference*"), (), "reference"),
)
BY_KEY = {section.key: section for section in SECTIONS}
# Inputs that are not plain text: the phone brings up the right keyboard, and the form says
# what it expects (the server checks them: ``resume.contacts``; the form is ``novalidate``).
INPUT_TYPES = {"email": "email", "url": "url", "phone": "tel"}
LISTS = {"basics.profiles": PROFILE}
ENTRY = re.compile(r"^(?P<section>[a-z]+)\[(?P<index>\d+)\]\.(?P<field>\w+)(?:\[(?P<item>\d+)\])?$")
PROFILE_FIELD = re.compile(r"^basics\.profiles\[(?P<index>\d+)\]\.(?P<field>\w+)$")
MOVE = re.compile(r"^(?P<verb>add|remove|up|down|insert):(?P<path>[\w.\[\]]+)$")
# Issue 19's drag and drop: an entry to a place in its list, a section to a place in the form.
ORDER = re.compile(r"^order:(?P<path>[\w.\[\]]+\[\d+\])=(?P<to>\d{1,4})$")
SECTION_MOVE = re.compile(r"^section:(?P<key>[a-z]+)=(?P<to>\d{1,2})$")
MAX_REMOVED = 100_000  # characters of a removed entry's JSON that Undo may post back
TITLES = ("position", "name", "institution", "title", "language", "organization", "network")
MAX_ITEMS = 200  # entries or bullets per list: a form that claims more is refused as garbage
OTHER_FIELD = re.compile(r"^otherSections\[(?P<index>\d+)\]\.(?P<field>title|lines|_from)$")
MAX_OTHERS = 50  # other sections per résumé; a form that claims more is refused as garbage
MAX_TITLE = 200  # characters of an other section's title
MAX_LINE = 2_000  # characters of one of its lines (a long paragraph; MAX_ITEMS lines at most)


# Words for fields whose JSON Resume name says little to a person; the rest are spelled out
# from their names (``startDate`` → "Start date").
LABELS = {
    "basics.name": "Full name",
    "basics.label": "Headline",
    "basics.url": "Website",
    "basics.email": "E-mail",
    "work.name": "Company",
    "work.url": "Company website",
    "education.area": "Field of study",
    "education.studyType": "Degree",
    "education.score": "Grade",
    "projects.entity": "Organisation",
    "volunteer.organization": "Organisation",
    "skills.name": "Skill",
    "interests.name": "Interest",
    "references.reference": "What they said",
    "url": "Web address",
    "address": "Street address",
    "countryCode": "Country code",
}


def label_for(section: str, field: str) -> str:
    """The words above an input: ``label_for("work", "name")`` → "Company"."""
    name = name_of(field)
    found = LABELS.get(f"{section}.{name}") or LABELS.get(name)
    if found:
        return found
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()
    return words[:1].upper() + words[1:]


def name_of(field: str) -> str:
    return field.rstrip("*")


def document_from_form(pairs: Iterable[tuple[str, str]], base: dict[str, Any]) -> dict[str, Any]:
    """The document a submitted form describes; ``base`` is the draft it was made from."""
    document = copy.deepcopy(base)
    basics = document.setdefault("basics", {})
    if not isinstance(basics, dict):
        basics = document["basics"] = {}
    entries: dict[str, dict[int, dict[str, Any]]] = {s.key: {} for s in SECTIONS}
    profiles: dict[int, dict[str, Any]] = {}
    others: dict[int, dict[str, str]] = {}
    for key, raw in pairs:
        # A text area sends its line breaks as CRLF; a document keeps them as LF.
        value = raw.strip().replace("\r\n", "\n") if isinstance(raw, str) else ""
        if key.startswith("basics.location."):
            _set(basics.setdefault("location", {}), key.rsplit(".", 1)[1], value)
        elif (found := PROFILE_FIELD.match(key)) and int(found["index"]) < MAX_ITEMS:
            profiles.setdefault(int(found["index"]), {})[found["field"]] = value
        elif key.startswith("basics.") and key.count(".") == 1:
            _set(basics, key.split(".", 1)[1], value)
        elif (found := ENTRY.match(key)) and found["section"] in entries:
            _entry_value(entries[found["section"]], found, value)
        elif (found := OTHER_FIELD.match(key)) and int(found["index"]) < MAX_OTHERS:
            others.setdefault(int(found["index"]), {})[found["field"]] = value
    if isinstance(basics.get("location"), dict) and not basics["location"]:
        del basics["location"]
    basics["profiles"] = _rebuilt(profiles, _list(basics.get("profiles")))
    if not basics["profiles"]:
        del basics["profiles"]
    for section in SECTIONS:
        rebuilt = _rebuilt(entries[section.key], _list(base.get(section.key)), section)
        if rebuilt or section.key in document:
            document[section.key] = rebuilt
    document.pop(OTHERS, None)
    if rebuilt_others := _rebuilt_others(others, _list(base.get(OTHERS))):
        document[OTHERS] = rebuilt_others
    return document


def _rebuilt_others(
    posted: dict[int, dict[str, str]], originals: list[Any]
) -> list[dict[str, Any]]:
    """Other sections in form order, each on top of the original it came from; the text
    area's lines one by one, blank ones dropped, a bullet's indent kept (it nests the bullet
    under the one before). A section left empty is not kept."""
    rebuilt = []
    for index in sorted(posted):
        values = posted[index]
        entry = _origin(values.get("_from", ""), originals)
        lines = [_line(line) for line in values.get("lines", "").splitlines()]
        entry["title"] = values.get("title", "")
        entry["lines"] = [line for line in lines if line]
        if entry["title"] or entry["lines"]:
            rebuilt.append(entry)
    return rebuilt


def _line(line: str) -> str:
    return line.rstrip() if richtext.is_bullet(line) else line.strip()


def other_sections(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's other sections as the form shows them: a title and a list of lines,
    whatever the raw editor put there (the form shows the first ``MAX_OTHERS``)."""
    return read_others(document.get(OTHERS))


def other_problems(document: dict[str, Any]) -> list[Problem]:
    """What is wrong with the document's other sections, by path: a missing title, a title or
    a line over its length, more lines or sections than a form may hold."""
    found = []
    for index, other in enumerate(other_sections(document)):
        path = f"{OTHERS}[{index}]"
        if not other["title"]:
            found.append(Problem(f"{path}.title", "give this section a title"))
        elif len(other["title"]) > MAX_TITLE:
            found.append(Problem(f"{path}.title", f"at most {MAX_TITLE} characters"))
        if len(other["lines"]) > MAX_ITEMS:
            found.append(Problem(f"{path}.lines", f"at most {MAX_ITEMS} lines"))
        elif any(len(line) > MAX_LINE for line in other["lines"]):
            found.append(Problem(f"{path}.lines", f"at most {MAX_LINE} characters per line"))
    if len(_list(document.get(OTHERS))) > MAX_OTHERS:
        found.append(Problem(OTHERS, f"at most {MAX_OTHERS} other sections"))
    return found


def _entry_value(entries: dict[int, dict[str, Any]], found: re.Match[str], value: str) -> None:
    index = int(found["index"])
    if index >= MAX_ITEMS:
        return
    entry = entries.setdefault(index, {})
    if found["item"] is None:
        entry[found["field"]] = value
    elif int(found["item"]) < MAX_ITEMS:
        entry.setdefault(found["field"], {})[int(found["item"])] = value


def _rebuilt(
    posted: dict[int, dict[str, Any]], originals: list[Any], section: Section | None = None
) -> list[dict[str, Any]]:
    """Entries in form order, each on top of the original it came from (``_from``)."""
    shown = set(section.fields if section else PROFILE) | set(section.lists if section else ())
    shown = {name_of(f) for f in shown}
    rebuilt = []
    for index in sorted(posted):
        values = posted[index]
        origin = _origin(values.pop("_from", ""), originals)
        entry = {k: v for k, v in origin.items() if k not in shown}
        for key, value in values.items():
            if isinstance(value, dict):
                items = [value[i] for i in sorted(value) if value[i]]
                if items:
                    entry[key] = items
            elif value and key in shown:
                entry[key] = value
        if entry:  # an entry added and left empty is not kept
            rebuilt.append(entry)
    return rebuilt


def _origin(raw: object, originals: list[Any]) -> dict[str, Any]:
    text = raw if isinstance(raw, str) else ""
    if text.isdigit() and int(text) < len(originals) and isinstance(originals[int(text)], dict):
        return dict(originals[int(text)])
    return {}


def _set(target: dict[str, Any], key: str, value: str) -> None:
    if value:
        target[key] = value
    else:
        target.pop(key, None)


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def apply_move(document: dict[str, Any], move: str, removed: str = "") -> dict[str, Any]:
    """``add:work``, ``remove:work[2]``, ``up:work[2].highlights[1]``, ``order:work[3]=0``,
    ``section:skills=1``, and ``insert:work[2]`` with ``removed`` the entry's JSON (Undo);
    anything else leaves the document as it was."""
    if found := ORDER.match(move):
        return _order(document, found["path"], int(found["to"]))
    if found := SECTION_MOVE.match(move):
        return _order_section(document, found["key"], int(found["to"]))
    found = MOVE.match(move)
    if found is None:
        return document
    verb, path = found["verb"], found["path"]
    parts = re.findall(r"[a-zA-Z]+|\[\d+\]", path)
    container, index = _locate(document, parts, verb == "add")
    if container is None:
        return document
    if verb == "add":
        container.append("" if parts[-1] in _string_lists() else {})
    elif verb == "remove" and index is not None and 0 <= index < len(container):
        del container[index]
    elif verb == "insert" and index is not None:
        _insert(container, index, removed, parts[-2] in _string_lists())
    elif verb in ("up", "down") and index is not None:
        other = index - 1 if verb == "up" else index + 1
        if 0 <= index < len(container) and 0 <= other < len(container):
            container[index], container[other] = container[other], container[index]
    return document


def _order(document: dict[str, Any], path: str, to: int) -> dict[str, Any]:
    """The entry at ``path`` taken out and put back at ``to`` in the same list (a drag and drop);
    a place outside the list leaves it where it was."""
    container, index = _locate(document, re.findall(r"[a-zA-Z]+|\[\d+\]", path), False)
    if container is not None and index is not None and max(index, to) < len(container):
        container.insert(to, container.pop(index))
    return document


def _insert(container: list[Any], index: int, removed: str, text: bool) -> None:
    """Put back an entry Undo posted (its JSON, bounded and parsed as a document is), where it
    was or at the end of a list that has since grown shorter; a bullet comes back as text."""
    if not removed or len(removed) > MAX_REMOVED or len(container) >= MAX_ITEMS:
        return
    try:
        entry = load_json(removed)
    except InvalidResume:
        return
    if isinstance(entry, str if text else dict):
        container.insert(min(index, len(container)), entry)


def section_order(document: dict[str, Any]) -> list[str]:
    """The form's sections in the order the résumé lays them out: ``meta.design.sectionOrder``
    first, then the ones it does not name in the form's own order."""
    named = [key for key in _saved_order(document) if key in BY_KEY]
    return named + [section.key for section in SECTIONS if section.key not in named]


def ordered_sections(document: dict[str, Any]) -> tuple[Section, ...]:
    return tuple(BY_KEY[key] for key in section_order(document))


def _saved_order(document: dict[str, Any]) -> list[str]:
    meta = document.get("meta")
    design = meta.get("design") if isinstance(meta, dict) else None
    saved = design.get("sectionOrder") if isinstance(design, dict) else None
    keys = [key for key in _list(saved) if isinstance(key, str)]
    return list(dict.fromkeys(keys))


def _order_section(document: dict[str, Any], key: str, to: int) -> dict[str, Any]:
    """The section ``key`` moved to place ``to`` among the form's sections, kept in
    ``meta.design.sectionOrder``. The order then names every section of the form; a key the
    form does not show (a design's ``summary``) keeps its place among them."""
    shown = section_order(document)
    if key not in BY_KEY or to >= len(shown):
        return document
    meta = document.setdefault("meta", {})
    design = meta.setdefault("design", {}) if isinstance(meta, dict) else None
    if not isinstance(design, dict):
        return document
    saved = _saved_order(document)
    slots = saved + [k for k in shown if k not in saved]
    shown.remove(key)
    shown.insert(to, key)
    moved = iter(shown)
    design["sectionOrder"] = [next(moved) if k in BY_KEY else k for k in slots]
    return document


def undo_for(document: dict[str, Any], move: str) -> dict[str, str] | None:
    """What Undo needs after ``remove:PATH``: the move that puts the entry back, the entry as
    it was in ``document`` (keys the form does not show included) and words for it. None for
    any other move, or for an entry too large to carry in the page."""
    found = MOVE.match(move)
    if found is None or found["verb"] != "remove":
        return None
    parts = re.findall(r"[a-zA-Z]+|\[\d+\]", found["path"])
    entry: Any = document
    for step in parts:
        entry = _step(entry, step)
    if entry is None or not parts[-1].startswith("["):
        return None
    text = json.dumps(entry, ensure_ascii=False)
    if len(text) > MAX_REMOVED:
        return None
    words = entry_title(entry, _noun(parts), int(parts[-1][1:-1]))
    return {"move": f"insert:{found['path']}", "json": text, "label": words}


def _noun(parts: list[str]) -> str:
    if len(parts) > 2 and parts[-2] in _string_lists():
        return "bullet" if parts[-2] == "highlights" else "item"
    section = BY_KEY.get(parts[0])
    return section.noun if section else {"basics": "profile"}.get(parts[0], "section")


def entry_title(entry: object, noun: str, index: int) -> str:
    """The words that name an entry in its heading, in Undo and in what is announced: its
    position, name, title… or, for a bullet, its text; "Job 2" when it has none yet."""
    if isinstance(entry, dict):
        for key in TITLES:
            if entry.get(key):
                return str(entry[key])
    if isinstance(entry, str) and entry.strip():
        text = entry.strip()
        return text if len(text) <= 60 else text[:59] + "…"
    return f"{noun} {index + 1}".capitalize()


def _string_lists() -> set[str]:
    return {name for section in SECTIONS for name in section.lists}


def _locate(
    document: dict[str, Any], parts: list[str], adding: bool
) -> tuple[list[Any] | None, int | None]:
    """The list a move acts on and the index in it (None when adding at the end)."""
    steps = parts if adding else parts[:-1]
    if not steps or (not adding and not parts[-1].startswith("[")):
        return None, None
    node: Any = document
    for step in steps[:-1]:
        node = _step(node, step)
        if node is None:
            return None, None
    last = steps[-1]
    if last.startswith("[") or not isinstance(node, dict):
        return None, None
    if not isinstance(node.get(last), list):
        node[last] = []
    index = None if adding else int(parts[-1][1:-1])
    return node[last], index


def _step(node: Any, step: str) -> Any:
    if step.startswith("["):
        index = int(step[1:-1])
        return node[index] if isinstance(node, list) and index < len(node) else None
    return node.get(step) if isinstance(node, dict) else None
