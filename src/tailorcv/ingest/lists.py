"""Sections that are lists rather than entries: skills, languages, interests, and the summary.

A skills line is either a group ("Languages: Python, Go", or "Languages Python, Go" as tailorcv's
templates print it, the label in bold) or a plain list. Each keyword is kept as written unless
the taxonomy knows it by another name ("k8s" → "Kubernetes").
"""

from __future__ import annotations

import re
from typing import Any

from tailorcv.ingest import cues
from tailorcv.ingest.lines import Item, Notes, word_count
from tailorcv.skills import taxonomy

# Items of a list are cut at commas and the like, and at wide gaps (tabs): lists set side by
# side in columns ("HTML5, CSS\tReact, Vue").
_ITEM_SEPARATOR = re.compile(r"\s*[,;|•·▪]\s*|\s+/\s+|\s*\t\s*")
_MAX_SKILL_WORDS = 3
_GROUP = re.compile(r"^(?P<label>[^:,]{2,40}?)\s*:\s*(?P<rest>.+)$")
# Names people give a group of skills; they let "Platforms Kubernetes, AWS" be read as a label
# and its keywords even without a colon.
_GROUP_LABELS = (
    *"languages platforms data practices tools frameworks libraries databases cloud".split(),
    *"devops other technologies web frontend backend mobile testing infrastructure".split(),
    *"methodologies design analytics security systems concepts expertise software".split(),
    *"sprachen programmiersprachen werkzeuge datenbanken langages outils lenguajes".split(),
    *"herramientas os ai ml".split(),
    *("programming languages", "web technologies", "soft skills", "hard skills"),
    *("technical skills", "operating systems", "machine learning", "cloud platforms"),
    *("data science", "big data", "version control", "bases de datos"),
)
# "English (native)", "German – C1", "French: B2", or a level after a space ("Spanish B2+").
_FLUENCY = re.compile(
    r"^(?P<language>[^\W\d_][\w'’ -]*?)\s*(?:\((?P<a>[^)]+)\)|[:–—-]\s*(?P<b>.+)|"
    rf"\s+(?P<c>(?:{cues.LEVEL.pattern})(?:\s*\+)?))?$",
    re.IGNORECASE,
)


def skills(found: list[Item], title: str, notes: Notes) -> list[dict[str, Any]]:
    """Skill groups with their keywords; a plain list becomes one group named by the heading.
    A group's name and level may stand on lines of their own above its keywords ("Web
    Technologies" / "Advanced" / "HTML5, JavaScript"), as card layouts set them; a level is
    never a skill."""
    groups: list[dict[str, Any]] = []
    loose: list[str] = []
    tagged = not any(_ITEM_SEPARATOR.search(item.text.replace("\t", " ")) for item in found)
    lines = _unwrap(found)
    heading: dict[str, Any] | None = None
    for index, item in enumerate(lines):
        if cues.is_level(item.text):
            if heading is not None or groups:
                (heading or groups[-1]).setdefault("level", item.text.strip())
            continue
        if _names_the_next(lines, index):
            heading = {"name": item.text.strip(), "keywords": []}
            continue
        label, rest = split_label(item.text)
        words = keywords(rest)
        if tagged and heading is None:
            words = [tag for word in words for tag in tags(word)]
        if heading is not None:
            heading["keywords"] = words
            groups.append(_levelled(heading))
            heading = None
        elif label:
            groups.append(_levelled({"name": label, "keywords": words}))
        else:
            loose.extend(words)
    if loose:
        groups.append({"name": title, "keywords": loose})
    for index, group in enumerate(groups):
        known = sum(taxonomy().canonical(k) is not None for k in group["keywords"])
        notes.sure(f"skills[{index}]", 0.6 + 0.35 * known / max(1, len(group["keywords"])))
    return groups


def _names_the_next(lines: list[Item], index: int) -> bool:
    """A short line with no separator whose next line (past a level) lists keywords: the name
    of their group ("Web Frameworks" above "React, Django"). A known skill alone is no name."""
    text = lines[index].text.strip()
    if _ITEM_SEPARATOR.search(text) or word_count(text) > 4 or text.endswith(":"):
        return False
    if _is_skill(text) and cues.fold(text) not in _KNOWN_LABELS:
        return False
    after = [i.text for i in lines[index + 1 : index + 3] if not cues.is_level(i.text)]
    return bool(after) and bool(_ITEM_SEPARATOR.search(after[0])) and not split_label(after[0])[0]


def _levelled(group: dict[str, Any]) -> dict[str, Any]:
    """ "Data Analysis (Intermediate)" → name "Data Analysis", level "Intermediate"."""
    found = re.fullmatch(r"(?P<name>.+?)\s*\((?P<level>[^)]+)\)", group["name"])
    if found and cues.is_level(found.group("level")) and "level" not in group:
        group["name"], group["level"] = found.group("name"), found.group("level")
    return group


def is_keyword_list(found: list[Item]) -> bool:
    """Lines that list short items and nothing else ("HGB\tJahresabschluss" / "Umsatzsteuer"):
    every item of three words or fewer, no sentence, address or number, and the items set apart
    by gaps or commas on one line at least."""
    if not found or len(found) > 12:
        return False
    parts = [p for item in found for p in _ITEM_SEPARATOR.split(item.text) if p.strip()]
    if any(word_count(p) > _MAX_SKILL_WORDS or re.search(r"[\d@.!?]", p) for p in parts):
        return False
    return any(_ITEM_SEPARATOR.search(item.text) for item in found)


def split_label(text: str) -> tuple[str, str]:
    """("Languages", "Python, Go") from "Languages: Python, Go" or "Languages Python, Go"."""
    found = _GROUP.match(text)
    if found and word_count(found.group("label")) <= 4:
        return found.group("label").strip(), found.group("rest")
    first, tab, rest = text.partition("\t")
    if tab and word_count(first) <= 4 and not _ITEM_SEPARATOR.search(first) and "," in rest:
        return first.strip(), rest.strip()
    first = _ITEM_SEPARATOR.split(text, maxsplit=1)[0]
    words = first.split()
    if len(words) < 2 or ("," not in text and "·" not in text):
        return "", text
    size = _label_size(words)
    if size:
        label = " ".join(words[:size])
        return label, text[len(label) :].strip()
    return "", text


def _unwrap(found: list[Item]) -> list[Item]:
    """A list of skills that wrapped at the width of the page may cut a skill in two
    ("…, Deep Learning, Natural" / "Language Processing, …"): a line that ends without a
    separator goes on over the next when that one has no label of its own and either starts in
    lower case or makes a known skill with it."""
    out: list[Item] = []
    for item in found:
        last = out[-1] if out else None
        if last and _goes_on(last.text, item.text):
            out[-1] = Item(f"{last.text} {item.text}", last.bullet, last.size, last.bold)
        else:
            out.append(item)
    return out


def _goes_on(before: str, text: str) -> bool:
    if "," not in before or before.rstrip()[-1:] in ",;|•·" or split_label(text)[0]:
        return False
    first = _ITEM_SEPARATOR.split(text, maxsplit=1)[0]
    cut = _ITEM_SEPARATOR.split(before)[-1]
    return text[:1].islower() or _is_skill(f"{cut} {first}")


def tags(text: str) -> list[str]:
    """Skills set as tags side by side with single spaces between them ("Go Python Node.js",
    "CI/CD API Design"): the text cut into known skills, the longest first; the text whole
    when a word of it is no known skill ("Microservices Architecture")."""
    words = text.split()
    out: list[str] = []
    index = 0
    while index < len(words):
        for size in range(min(_MAX_SKILL_WORDS, len(words) - index), 0, -1):
            phrase = " ".join(words[index : index + size])
            if _is_skill(phrase):
                out.append(phrase)
                index += size
                break
        else:
            return [text]
    return out


def _label_size(words: list[str]) -> int:
    """How many leading words of a group's first item are its label: the fewest that leave a
    known skill; else a known label; else the capitalised words before the first item
    ("Research Areas Neural architecture search")."""
    sizes = range(1, min(4, len(words)))
    for size in sizes:
        if _is_skill(" ".join(words[size:])) and not _is_skill(" ".join(words[:size])):
            return size
    for size in sizes:
        if cues.fold(" ".join(words[:size])) in _KNOWN_LABELS:
            return size
    capitals = 0
    while capitals < len(words) and words[capitals][:1].isupper():
        capitals += 1
    return capitals - 1 if 2 <= capitals < len(words) else 0


def _is_skill(text: str) -> bool:
    return taxonomy().canonical(text) is not None


def keywords(text: str, *, canonical: bool = True) -> list[str]:
    """The items of a list; see ``canonical_name`` for which are renamed."""
    out: list[str] = []
    for part in _ITEM_SEPARATOR.split(text):
        word = re.sub(r"^(?:and|&)\s+", "", part.strip(" ."))
        if not word or word.lower() in ("and", "&"):
            continue
        chosen = canonical_name(word) if canonical else word
        if chosen not in out:
            out.append(chosen)
    return out


def canonical_name(word: str) -> str:
    """The taxonomy's name for a skill written all in lower case ("k8s" → "Kubernetes",
    "postgres" → "PostgreSQL"). A name with a capital is kept as written ("Kafka" stays, not
    "Apache Kafka"; "GCP" stays; "API design" is not cut to "API"): it is how the person names
    the skill, and a résumé read back must say what it said."""
    known = taxonomy().canonical(word)
    if known is None or known.lower() == word.lower() or not word.islower():
        return word
    return known


def languages(found: list[Item], notes: Notes) -> list[dict[str, str]]:
    """Spoken languages with their fluency: "English (native)", "German – C1", "French: B2", or
    a fluency on the line below its language ("English" / "Native Speaker"). Where the section
    names known languages, a word that names none and has no fluency is not one ("Design" in
    an infographic's column): it is left out, and a warning says so."""
    out: list[dict[str, str]] = []
    for item in found:
        if cues.is_level(item.text) and out and "fluency" not in out[-1]:
            out[-1]["fluency"] = item.text.strip()
            continue
        for part in re.split(r"\s*[,;|•·▪]\s*", item.text):
            entry = language(part)
            if entry:
                out.append(entry)
    if any(cues.is_language(e["language"]) for e in out):
        strays = [e["language"] for e in out if not _spoken(e)]
        out = [e for e in out if _spoken(e)]
        if strays:
            notes.warn(f"{_listed(strays)} stood among your languages but name no language")
    for index, entry in enumerate(out):
        notes.sure(f"languages[{index}]", 0.85 if "fluency" in entry else 0.7)
    return out


def _spoken(entry: dict[str, str]) -> bool:
    return cues.is_language(entry["language"]) or "fluency" in entry


def _listed(words: list[str]) -> str:
    quoted = [f"“{w}”" for w in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def language(text: str) -> dict[str, str] | None:
    found = _FLUENCY.match(text.strip(" ."))
    if not found or word_count(found.group("language")) > 3:
        return None
    entry = {"language": found.group("language").strip()}
    fluency = found.group("a") or found.group("b") or found.group("c")
    if fluency:
        entry["fluency"] = fluency.strip()
    return entry


def interests(found: list[Item], notes: Notes) -> list[dict[str, Any]]:
    """Interests: a "Label: a, b" line is one interest with keywords; other items are names."""
    out: list[dict[str, Any]] = []
    for item in found:
        label, rest = split_label(item.text) if ":" in item.text else ("", item.text)
        notes.sure(f"interests[{len(out)}]", 0.8)
        if label:
            out.append({"name": label, "keywords": keywords(rest)})
        else:
            out.extend({"name": word} for word in _split_plain(rest))
    return out


def _split_plain(text: str) -> list[str]:
    return [p.strip(" .") for p in _ITEM_SEPARATOR.split(text) if p.strip(" .")]


def summary(found: list[Item]) -> str:
    """The summary as one paragraph per run of lines (bullets each on their own line)."""
    lines: list[str] = []
    for item in found:
        if lines and not item.bullet and not lines[-1].startswith("- "):
            lines[-1] = f"{lines[-1]} {item.text}"
        else:
            lines.append(f"- {item.text}" if item.bullet else item.text)
    return "\n".join(lines)


_KNOWN_LABELS = frozenset(cues.fold(label) for label in _GROUP_LABELS)
