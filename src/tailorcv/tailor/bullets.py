"""What is weak in one bullet, in words about that bullet: the offline suggestions' reasons.

A bullet is weak when it only names a skill, reads as a duty ("Responsible for …"), does not lead
with a verb, is vague ("various"), pads ("successfully"), or states no amount — in digits, in
words ("four engineers") or as a ratio ("fell by half"). Every reason quotes the bullet or its
own words, and the question a number would answer is asked about what the bullet names ("how
many regular guests?", "by how much did rebalance time change?"), so that a dozen bullets never
get one sentence a dozen times (issue 15).
"""

from __future__ import annotations

import re

from tailorcv.match.profile import is_quantified
from tailorcv.skills import taxonomy
from tailorcv.tailor.numbers import numbers_in

_DUTY = re.compile(
    r"^(?:responsible for|in charge of|worked on|helped(?: with)?|tasked with|duties|"
    r"involved in|participated in|assisted)\b",
    re.I,
)
_NOT_VERB = re.compile(r"^(?:i|we|my|our|the|a|an|was|were|team|as)\b", re.I)
# A vague or padding word, with the words it blurs: "various internal tools".
_VAGUE = re.compile(
    r"\b(?:various|several|numerous|multiple|many|lots of|a lot of)(?:\s+[\w-]+){0,2}", re.I
)
_PADDING = re.compile(r"\b(?:successfully|effectively|efficiently|actively)(?:\s+[\w-]+)?", re.I)
_RATIO = re.compile(
    r"\b(?:half|halved|double[ds]?|twice|triple[ds]?|quadrupled|tenfold|percent)\b|%", re.I
)
_WORD = re.compile(r"[a-z][a-z-]*", re.I)
# Verbs by the kind of work they describe, for the question a number would answer.
IMPROVED = frozenset(
    "improved reduced cut optimized optimised increased decreased sped accelerated lowered "
    "boosted grew raised streamlined replaced migrated redesigned refactored automated "
    "consolidated upgraded modernized modernised scaled simplified".split()
)
LED = frozenset(
    "led managed mentored trained coached hired organized organised coordinated supervised "
    "taught recruited onboarded".split()
)
MADE = frozenset(
    "built developed implemented designed created wrote launched shipped architected published "
    "integrated added introduced authored owned delivered established".split()
)
# What a bullet may name that a number would measure: a quantity that changed, people, things.
MEASURES = frozenset(
    "time times latency cost costs spend efficiency performance speed coverage errors downtime "
    "revenue conversion throughput uptime reliability churn retention experience".split()
)
PEOPLE = frozenset(
    "users customers clients guests volunteers engineers developers students members staff "
    "people employees patients artists teams partners stakeholders vendors readers visitors "
    "subscribers learners".split()
)
THINGS = frozenset(
    "services features pipelines reports apis models dashboards events applications apps "
    "projects tests pages integrations workflows tools systems campaigns trainings workshops "
    "articles courses releases".split()
)
# Words that do not narrow the noun they stand before: "the users", "across vendors".
_PLAIN = frozenset(
    "the a an and or of for to by with in on at as our their its my his her new all other "
    "across from into over under between among about via per through within without than "
    "like such more most many some various several numerous multiple".split()
)


def weaknesses(bullet: str) -> list[str]:
    """What is weak in ``bullet``, each reason in words of its own; empty when it is strong."""
    text = bullet.strip()
    words = text.split()
    if not words:
        return []
    if taxonomy().get(text.rstrip(".")) is not None:
        return [f"{quote(text)} names a skill, not work: say what you did with it, and the result"]
    why = []
    duty = _DUTY.match(text)
    if duty:
        rest = " ".join(text[duty.end() :].split()[:6]).rstrip(".,;")
        why.append(f"opens with “{duty.group(0)}”, a duty: say what you achieved with {rest}")
    elif _NOT_VERB.match(text) or (text[:1].islower() and not text[:1].isdigit()):
        why.append(f"opens with “{words[0]}”: lead with what you did (Built, Cut, Led …)")
    why += [f"“{words}” is vague: name them or count them" for words in _VAGUE.findall(text)[:1]]
    why += [f"“{w}” says less than the result would" for w in _PADDING.findall(text)[:1]]
    if not measured(text):
        why.append(f"no number in {quote(text)}: {_question(text, duty.end() if duty else 0)}")
    if len(words) < 4 and not duty:
        why.append(f"{quote(text)} is {len(words)} words: say what you did and what came of it")
    elif len(words) > 40:
        why.append(f"{quote(text)} runs {len(words)} words: cut it to the action and its result")
    return why


def measured(text: str) -> bool:
    """States an amount: in digits, in words ("four engineers") or as a ratio ("by half")."""
    return is_quantified(text) or _RATIO.search(text) is not None or any(numbers_in(text))


def quote(text: str, words: int = 6) -> str:
    """The bullet's first words, quoted: “Built the returns service …”."""
    cut = text.split()
    shown = " ".join(cut[:words]).rstrip(".,;:")
    return f"“{shown} …”" if len(cut) > words else f"“{shown}”"


def _question(text: str, verb_at: int) -> str:
    """The question a number would answer, about what the bullet names where it can."""
    verb = (text[verb_at:].split() or [""])[0].casefold()
    if verb in IMPROVED and (changed := _noun(text, MEASURES)):
        return f"by how much did {changed} change, before and after?"
    if people := _noun(text, PEOPLE):
        return f"how many {people}?"
    if things := _noun(text, THINGS):
        return f"how many {things}, and for how many people?"
    if verb in IMPROVED:
        return "by how much, before and after (time, cost, errors)?"
    if verb in LED:
        return "how many people, teams or events?"
    if verb in MADE:
        return "how many people use it, or what did it change?"
    return "say how much (time, money, people, %) if you know it"


def _noun(text: str, nouns: frozenset[str]) -> str | None:
    """The first of ``nouns`` in ``text``, with the word narrowing it: "regular guests"."""
    words = _WORD.findall(text)
    for index, word in enumerate(words):
        if word.casefold() in nouns:
            before = words[index - 1] if index > 1 else ""  # never the bullet's own verb
            verb = index > 1 and words[index - 2].casefold() == "to"  # "to allow users"
            narrowed = before.islower() and len(before) > 2 and before not in _PLAIN
            return f"{before} {word}" if narrowed and not verb else word
    return None
