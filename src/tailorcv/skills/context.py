"""Whether a name that is also an ordinary word is meant as a skill where it stands.

The taxonomy marks some forms ambiguous ("Go", "R", "Swift", "Access"); ``catalogue`` finds them as
candidates, and the rules here keep a candidate only in a fitting context: an item of a list
beside another skill of its domain ("Python, Go"), a phrase ending after "in", "using", "with"
("statistics in R"), "years of" ("3 years of Go"), a cue word of its category ("Go developer"),
or an item of a line that lists short items, most of them skills of one domain ("Go Kafka
Spark", "Stack: Go / Kafka / Spark", issue 15). Never when it is glued to other characters
("R&D", "C-suite"). Also here: how a text is cut into tokens, which both sides share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "Found",
    "Tokens",
    "in_context",
    "in_skills_list",
    "inside_a_name",
    "list_domain",
    "scan",
    "stands_apart",
]


class Sense(Protocol):
    """What the rules need of a matched form: the domain of its skill and its cue words."""

    @property
    def domain(self) -> str: ...

    @property
    def cues(self) -> frozenset[str]: ...


# A candidate: its form, its first and last token, and whether it needs context.
Found = tuple[Sense, int, int, bool]

_TOKEN = re.compile(r"(\w+)|[^\w\s]")
_HYPHENS = frozenset("-‐‑‒–—")
GLUE = "\x00"
# A candidate written right against one of these is part of something else: "R&D", "C-suite",
# "C+ grade", "x.Go".
_BAD_BEFORE = frozenset("-‐‑‒–—&'’.@#_$")
_BAD_AFTER = frozenset("-‐‑‒–—&'’@#+_$%")
_ITEM_START = re.compile(r"(?:^|[,;/|(\[:\r\n•·*–—-]|\b(?:and|or)|&)[ \t]*$")
_ITEM_END = re.compile(r"[ \t]*(?:$|[,;/|)\]\r\n•·.:!?]|(?:and|or|&)\b)")
_LIST_GAP = re.compile(r"[\s,;/|&()\[\]•·*–—-]*(?:(?:and|or)\b[\s,;/|&()\[\]•·*–—-]*)?")
_MAX_GAP = 8
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\r\n]\s*(?:[-•*·]\s*)?)$")
_PREPOSITIONS = frozenset({"in", "using", "with", "including", "know", "knows", "use", "uses"})
_OF_CUES = frozenset({"years", "yrs", "knowledge", "understanding", "command", "proficiency"})
_GENERIC_CUES = frozenset(
    {"skills", "proficiency", "expertise", "certification", "certified", "experience"}
)
# What separates the items of a list line; a "Label:" before the items is not an item.
_LIST_SEPARATOR = re.compile(r"[,;|·•]|\s[/&]\s|(?<=\w)/(?=\w)|\s[-–—]\s|\s(?:and|or)\s")
_LIST_LABEL = re.compile(r"^\s*(?:[-•*·]\s*)?[A-Za-z][\w &/-]{0,30}:\s+")
_MAX_ITEM_WORDS = 4


@dataclass(frozen=True)
class Tokens:
    """A text cut into tokens: raw spelling, folded key, key for continuing a match, offsets."""

    raws: list[str]
    lows: list[str]
    keys: list[str]
    starts: list[int]
    ends: list[int]


def scan(text: str) -> Tokens:
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
    for m in _TOKEN.finditer(text.replace("’", "'")):  # the same length: offsets hold
        tok = m.group()
        if tok in _HYPHENS:
            prev_end = -1
            continue
        start, end = m.span()
        word = m.lastindex is not None
        low = tok.lower()
        raws.append(tok)
        lows.append(low)
        keys.append(GLUE + low if start == prev_end and not (word and prev_word) else low)
        starts.append(start)
        ends.append(end)
        prev_end, prev_word = end, word
    return Tokens(raws, lows, keys, starts, ends)


def inside_a_name(toks: Tokens, i: int) -> bool:
    """A match right after a dot that follows a word is a file or domain part ("page.html")."""
    return (
        i > 0
        and toks.keys[i] == GLUE + toks.lows[i]
        and toks.raws[i - 1] == "."
        and (toks.keys[i - 1].startswith(GLUE))
    )


def in_context(text: str, toks: Tokens, found: Sequence[Found], k: int) -> bool:
    """Whether an ambiguous form ("Go", "R", "Swift") is used as a skill here.

    It must stand apart (not "R&D", "C-suite"), then either be an item of a list beside another
    skill of its domain, or follow "in"/"using"/"with" at the end of a phrase, or touch a cue word.
    """
    form, i, j, _ = found[k]
    start, end = toks.starts[i], toks.ends[j]
    if not stands_apart(text, toks, found[k]):
        return False
    ends_item = _ITEM_END.match(text, end) is not None
    starts_item = _ITEM_START.search(text, max(0, start - 12), start) is not None
    if _has_neighbour(text, toks, found, k, in_list=ends_item and starts_item):
        return True
    before = toks.lows[i - 1] if i > 0 else ""
    after = toks.lows[j + 1] if j + 1 < len(toks.lows) else ""
    if ends_item and before in _PREPOSITIONS:
        return True
    if before == "of" and i > 1 and toks.lows[i - 2] in _OF_CUES:  # "3+ years of Go"
        return True
    return after in form.cues or before in form.cues or after in _GENERIC_CUES


def stands_apart(text: str, toks: Tokens, found: Found, *, mid_sentence: bool = False) -> bool:
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


def _has_neighbour(
    text: str, toks: Tokens, found: Sequence[Found], k: int, *, in_list: bool
) -> bool:
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


def in_skills_list(
    text: str, toks: Tokens, found: Sequence[Found], k: int, lists: dict[int, str | None]
) -> bool:
    """Whether an ambiguous form is an item of a skills list line of its own domain."""
    form, i, _, _ = found[k]
    start = toks.starts[i]
    line = text.rfind("\n", 0, start) + 1
    if line not in lists:
        end = text.find("\n", start)
        lists[line] = list_domain(text, line, len(text) if end < 0 else end, toks, found)
    return lists[line] == form.domain and stands_apart(text, toks, found[k])


def list_domain(text: str, lo: int, hi: int, toks: Tokens, found: Sequence[Found]) -> str | None:
    """The domain of a line that lists short items, most of them skills of that one domain."""
    label = _LIST_LABEL.match(text, lo, hi)
    items = _item_spans(text, label.end() if label else lo, hi)
    if len(items) < 2 or any(len(text[a:b].split()) > _MAX_ITEM_WORDS for a, b in items):
        return None
    spans = [(f[0].domain, toks.starts[f[1]], toks.ends[f[2]]) for f in found]
    counts: dict[str, int] = {}
    for a, b in items:
        inside = [(d, s, e) for d, s, e in spans if s < b and e > a]
        rest = "".join(text[x:y] for x, y in _gaps(a, b, [(s, e) for _, s, e in inside]))
        if len(re.findall(r"[^\W\d_]{2,}", rest)) > 1:  # "Swift delivery of parcels"
            continue
        for domain in {d for d, _, _ in inside}:
            counts[domain] = counts.get(domain, 0) + 1
    domain, most = max(counts.items(), key=lambda c: c[1], default=("", 0))
    return domain if most >= 2 and 2 * most > len(items) else None


def _gaps(lo: int, hi: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``lo:hi`` no span covers."""
    out, at = [], lo
    for start, end in sorted(covered):
        if start > at:
            out.append((at, min(start, hi)))
        at = max(at, end)
    return [*out, (at, hi)] if at < hi else out


def _item_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The items of a list line: parts between separators, or its words when it has none and is
    short ("Go Kafka Spark")."""
    cuts = [lo, *(x for m in _LIST_SEPARATOR.finditer(text, lo, hi) for x in m.span()), hi]
    items = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=True) if text[a:b].strip()]
    if len(items) == 1 and len(text[lo:hi].split()) <= 6:
        items = [m.span() for m in re.finditer(r"\S+", text[lo:hi])]
        items = [(a + lo, b + lo) for a, b in items]
    return items
