"""Text as terms: what the score's text part and the offline tailoring's BM25 compare.

A skill the taxonomy knows is one term whatever its spelling (``skill:Kubernetes`` for "k8s" and
"Kubernetes"); every other word is lower-cased and lightly stemmed, so that "nurse", "nurses" and
"nursing", or "account", "accounts" and "accounting", meet. Words every job ad and résumé use
("experience", "team", "strong") are dropped: they say nothing about fit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection

from tailorcv.skills import Mention, taxonomy

_WORD = re.compile(r"[a-z][a-z0-9+#]{2,}")
_SUFFIXES = ("ments", "ment", "ings", "ing", "ants", "ant", "ers", "er", "ed", "es", "s", "e")
# Function words, and the words of the genre itself: every ad asks for "strong experience
# working in a team", every résumé says it "worked", "led" and "delivered".
STOP = frozenset(
    """
    and the for with from into that this these those our your their was were are has have had
    using use used over under across all per new via more than also which who its his her they
    them will you can able must may should would could not any each other such well within
    about while where when what how why both only own out very just get make made who whom
    experience experienced years year team teams work worked working works strong ability
    skills skill knowledge including include includes required requirements preferred plus
    role roles position job candidate candidates company join looking opportunity ideal
    responsibilities responsible duties etc help helped ensure ensuring support supported
    across various related relevant excellent good great high level etc day days time
    """.split()
)


@functools.lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A light suffix stripper: enough for "nursing" = "nurse" and "accountant" = "account"."""
    if word.endswith(("ss", "eer")):  # "process" and "engineer" stay whole
        return word
    if word.endswith("eers"):
        return word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """The stemmed content words of ``text``, in order."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP]


def spelled(text: str) -> dict[str, str]:
    """Each stemmed word of ``text`` and the first way the text spells it, to show a person."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text.lower()):
        if word not in STOP:
            found.setdefault(stem(word), word)
    return found


def of(text: str, mentions: list[Mention]) -> list[str]:
    """``text`` as terms, given the skill mentions already found in it."""
    out = [f"skill:{m.skill.name}" for m in mentions]
    rest = text
    for mention in reversed(mentions):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    return out + words(rest)


def terms(text: str, domains: Collection[str] = frozenset()) -> list[str]:
    """A text as terms: one per skill mention, then its plain words."""
    return of(text, taxonomy().find(text, domains))
