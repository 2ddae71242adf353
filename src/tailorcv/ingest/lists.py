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
from tailorcv.match import taxonomy

_ITEM_SEPARATOR = re.compile(r"\s*[,;|•·▪]\s*|\s+/\s+")
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
_FLUENCY = re.compile(
    r"^(?P<language>[^\W\d_][\w'’ -]*?)\s*(?:\((?P<a>[^)]+)\)|[:–—-]\s*(?P<b>.+)|\s+(?P<c>[ABC][12]"
    r"(?:\s*\+)?|native|fluent|basic|intermediate|advanced|conversational|professional|"
    r"muttersprache|fließend|grundkenntnisse|langue maternelle|courant|nativo|nativa|"
    r"bilingual|bilingue))?$",
    re.IGNORECASE,
)


def skills(found: list[Item], title: str, notes: Notes) -> list[dict[str, Any]]:
    """Skill groups with their keywords; a plain list becomes one group named by the heading."""
    groups: list[dict[str, Any]] = []
    loose: list[str] = []
    for item in found:
        label, rest = split_label(item.text)
        words = keywords(rest)
        if label:
            groups.append({"name": label, "keywords": words})
        else:
            loose.extend(words)
    if loose:
        groups.append({"name": title, "keywords": loose})
    for index, group in enumerate(groups):
        known = sum(taxonomy().canonical(k) is not None for k in group["keywords"])
        notes.sure(f"skills[{index}]", 0.6 + 0.35 * known / max(1, len(group["keywords"])))
    return groups


def split_label(text: str) -> tuple[str, str]:
    """("Languages", "Python, Go") from "Languages: Python, Go" or "Languages Python, Go"."""
    found = _GROUP.match(text)
    if found and word_count(found.group("label")) <= 4:
        return found.group("label").strip(), found.group("rest")
    first = _ITEM_SEPARATOR.split(text, maxsplit=1)[0]
    words = first.split()
    if len(words) < 2 or ("," not in text and "·" not in text):
        return "", text
    size = _label_size(words)
    if size:
        label = " ".join(words[:size])
        return label, text[len(label) :].strip()
    return "", text


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
    """Spoken languages with their fluency: "English (native)", "German – C1", "French: B2"."""
    out: list[dict[str, str]] = []
    for item in found:
        for part in re.split(r"\s*[,;|•·▪]\s*", item.text):
            entry = language(part)
            if entry:
                notes.sure(f"languages[{len(out)}]", 0.85 if "fluency" in entry else 0.7)
                out.append(entry)
    return out


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
