"""The skills a job ad asks for: how firmly (tier), with what alternatives, and how much each
weighs.

**Tier.** A skill is *required*, *preferred* or a plain *keyword* by the part of the ad it sits in
and the words of its sentence: "… is a plus", "nice to have", "bonus if", "ideally", "would be
nice" make it preferred; "must", "required", and the softer "you should have", "you'll need",
"you bring" make it required. An ad without a requirements part requires what it describes.
Boilerplate (benefits, how to apply, about us, equal opportunity) yields no skill at all.

**Alternatives.** Skills offered as a choice — "Python, Ruby or Java", "React/Vue", "at least one
web framework (JSF, Wicket, GWT, Spring MVC)" — form an either-or group; each member's
``alternatives`` names the others, and any one of them meets the need.

**Weight** (issue 15), so that one long tool list cannot swamp the rest of the ad:

- A *unit* is one sentence or list item. A run of consecutive list lines of one part that name
  little but skills — bare items ("- Go", "- Kafka") or short lists ("Containers: Docker,
  Kubernetes, OpenShift") — is one unit: it is one long list, broken over lines.
- A unit asks for *n* things: each skill is one, and an either-or group is one. It carries at most
  ``UNITS_PER_SENTENCE`` (3) units of weight, split evenly: each of its skills weighs
  ``min(1, 3 / n)``. So a sentence naming up to three skills gives each weight 1, and a list of
  twelve gives each 0.25; every member of an either-or group weighs what the group weighs.
- A skill asked in several places keeps its best tier (with that place's sentence and
  alternatives) and the largest weight it got anywhere.
- A skill the job title names weighs at least 1.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from tailorcv.match.adtext import Ad
from tailorcv.match.sections import Sentence
from tailorcv.skills import Mention, Taxonomy, taxonomy

UNITS_PER_SENTENCE = 3.0
TIERS = ("required", "preferred", "keyword")


@dataclass(frozen=True)
class SkillAsk:
    """A skill the job asks for, with the sentence that asks.

    ``alternatives`` are the skills the same sentence offers instead ("Python, Ruby or Java"):
    any one of the group meets the need. ``in_title`` marks a skill the job title names.
    ``weight`` is its share of its sentence, 1 at most (see the module docstring).
    """

    name: str
    category: str
    evidence: str
    in_title: bool = False
    alternatives: tuple[str, ...] = ()
    weight: float = 1.0


_PREFERRED_CUES = re.compile(
    r"\b(?:a plus|is a plus|are a plus|plus\b|nice to have|preferred|preferably|bonus|desirable|"
    r"ideally|advantageous|beneficial|would be (?:great|nice|helpful|an asset)|good to have|"
    r"an asset|an advantage|not required|optional|familiarity with)",
    re.I,
)
_REQUIRED_CUES = re.compile(
    r"\b(?:must|required|requires|mandatory|essential|need to|needs to)\b", re.I
)
_NOT_REQUIRED = re.compile(r"\bnot (?:required|mandatory|essential|a must)\b", re.I)
# Softer ways to require; a preferred cue in the same sentence wins ("Ideally you have …").
_SOFT_REQUIRED_CUES = re.compile(
    r"\b(?:should (?:have|know|bring|be (?:proficient|familiar|comfortable|able|experienced|"
    r"skilled|fluent))|you(?:'ll| will)? (?:need|bring)|we (?:expect|require) (?:you|candidates)|"
    r"we(?:'re| are) looking for (?:someone|a candidate|candidates) with)\b|"
    r"^(?:ideally,? )?you(?:'ll| will)? (?:have|possess)\b(?! (?:the|a) (?:unique )?(?:opportunity|"
    r"chance)| access)",
    re.I,
)


def tier(kind: str, sentence: str, has_requirements: bool) -> str:
    """How firmly a sentence of a part of the given kind asks for what it names."""
    firm = _REQUIRED_CUES.search(_NOT_REQUIRED.sub(" ", sentence)) is not None
    if _PREFERRED_CUES.search(sentence) and not firm:
        return "preferred"
    if kind == "preferred":
        return "preferred"
    if kind == "required" or firm or _SOFT_REQUIRED_CUES.search(sentence):
        return "required"
    if not has_requirements and kind in ("duty", "intro", "other"):
        return "required"  # an ad without a requirements part requires what it describes
    return "keyword"


def skill_asks(
    said: list[Sentence], ad: Ad, title: str
) -> tuple[list[SkillAsk], list[SkillAsk], list[SkillAsk]]:
    """The required, preferred and keyword skills of the job's own sentences."""
    tax = taxonomy()
    asks = _Asks(tax.skills_in(title))
    has_requirements = any(s.kind == "required" for s in said)
    fields = tax.domains("\n".join(s.text for s in said))
    for unit in _units(said, tax, fields):
        share = _share([(s.text, mentions) for s, mentions in unit])
        for sentence, mentions in unit:
            if not mentions:
                continue
            level = tier(sentence.kind, sentence.text, has_requirements)
            for mention, others in _with_alternatives(sentence.text, mentions):
                asks.note(mention, level, sentence.text, others, share)
    for item in ad.listed:
        mentions = tax.find(item)
        share = _share([(item, mentions)])
        for mention in mentions:
            asks.note(mention, "required", f"skills: {item}", (), share)
    for mention in tax.find(title):
        asks.note(mention, "required", title, (), 1.0)
    return asks.tiers()


class _Asks:
    """Skills by name: the best tier each was asked at, and the largest weight it got."""

    def __init__(self, in_title: set[str]) -> None:
        self.in_title = in_title
        self.found: dict[str, tuple[str, SkillAsk]] = {}

    def note(
        self, mention: Mention, level: str, evidence: str, others: tuple[str, ...], share: float
    ) -> None:
        name = mention.skill.name
        weight = max(share, 1.0) if name in self.in_title else share
        current = self.found.get(name)
        if current is None or TIERS.index(level) < TIERS.index(current[0]):
            best = max(weight, current[1].weight) if current else weight
            ask = SkillAsk(name, mention.skill.category, evidence, name in self.in_title, others)
            self.found[name] = (level, replace(ask, weight=round(best, 3)))
        elif weight > current[1].weight:
            self.found[name] = (current[0], replace(current[1], weight=round(weight, 3)))

    def tiers(self) -> tuple[list[SkillAsk], list[SkillAsk], list[SkillAsk]]:
        by_tier: dict[str, list[SkillAsk]] = {t: [] for t in TIERS}
        for level, ask in self.found.values():
            by_tier[level].append(ask)
        if not by_tier["required"]:  # an ad that requires nothing by name wants what it mentions
            by_tier["required"], by_tier["keyword"] = by_tier["keyword"], []
        return by_tier["required"], by_tier["preferred"], by_tier["keyword"]


def _share(mentioned: list[tuple[str, list[Mention]]]) -> float:
    """The weight of each skill of one unit: ``min(1, 3 / n)`` for n things asked, an either-or
    group counting once."""
    asked: set[frozenset[str]] = set()
    for text, mentions in mentioned:
        for mention, others in _with_alternatives(text, mentions):
            asked.add(frozenset({mention.skill.name, *others}))
    return min(1.0, UNITS_PER_SENTENCE / len(asked)) if asked else 1.0


_Said = tuple[Sentence, list[Mention]]


def _units(said: list[Sentence], tax: Taxonomy, fields: frozenset[str]) -> Iterator[list[_Said]]:
    """Sentences with their skills, grouped into units of weight: one sentence each, but a run
    of list lines on consecutive lines of one part is one unit."""
    run: list[_Said] = []
    for sentence in said:
        mentions, listing = tax.find_listing(sentence.text, fields)
        last = run[-1][0] if run else None
        if last and not (listing and sentence.kind == last.kind and sentence.line == last.line + 1):
            yield _found_in(run, tax, fields)
            run = []
        if listing:
            run.append((sentence, mentions))
        else:
            yield [(sentence, mentions)]
    if run:
        yield _found_in(run, tax, fields)


def _found_in(run: list[_Said], tax: Taxonomy, fields: frozenset[str]) -> list[_Said]:
    """The skills each line of a run names, read as one text, one item a line, so that
    "- Go⏎- Kafka⏎- Spark" gives its items the context of a list."""
    if len(run) == 1:
        return run
    found = tax.find("\n".join(s.text for s, _ in run), fields)
    out, at = [], 0
    for sentence, _ in run:
        end = at + len(sentence.text)
        mine = [m for m in found if at <= m.start < end]
        out.append((sentence, [replace(m, start=m.start - at, end=m.end - at) for m in mine]))
        at = end + 1
    return out


_LIST_GAP = re.compile(r"[\s,/]*(?:\b(?:and/or|or|and)\b)?[\s,/]*", re.I)
_EXAMPLES = re.compile(
    r"\b(?:such as|like|e\.g\.|i\.e\.|for example|for instance|any of|either|one or more of|"
    r"(?:at least |any )?one(?: or more)?(?: of)?(?:\s+[\w-]+){0,4}?)[\s:,(]*$",
    re.I,
)


def _with_alternatives(
    sentence: str, mentions: list[Mention]
) -> Iterator[tuple[Mention, tuple[str, ...]]]:
    groups = _either_or(sentence, mentions)
    for mention in mentions:
        group = groups.get(mention.start, [])
        yield mention, tuple(m.skill.name for m in group if m is not mention)


def _offers_a_choice(gap: str) -> bool:
    """ "or", or a slash between two names ("React/Vue"); a spaced slash lists ("Go / Kafka")."""
    return re.search(r"\bor\b", gap, re.I) is not None or gap.strip() == "/" == gap


def _either_or(sentence: str, mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Runs of skills offered as alternatives: "Python, Ruby, or Java", "React/Vue", "languages
    such as Python, Ruby and PHP", "at least one framework (JSF, Wicket, GWT)".

    A run is skills separated only by commas, slashes, "and" and "or"; it is an either-or group
    when a gap holds "or" or an unspaced slash, or when "such as", "like", "e.g." or "one of" leads
    into it. "and" after a slashed pair starts a new run: "React/Vue and AWS/GCP" are two choices;
    so does an "and" before any choice is offered: "Go, and Kafka or RabbitMQ" needs Go.
    Keyed by each member's start offset.
    """
    groups: dict[int, list[Mention]] = {}
    run: list[Mention] = mentions[:1]
    either = bool(mentions) and _EXAMPLES.search(sentence, 0, mentions[0].start) is not None
    slashed = True  # every gap of the run so far is a slash
    for previous, mention in itertools.pairwise(mentions):
        gap = sentence[previous.end : mention.start]
        joined = _LIST_GAP.fullmatch(gap) is not None
        plain_and = re.search(r"\band\b(?!/)", gap) is not None
        if joined and not (((slashed and len(run) > 1) or not either) and plain_and):
            run.append(mention)
            either = either or _offers_a_choice(gap)
            slashed = slashed and gap == "/"
            continue
        _close(groups, run, either)
        run, slashed = [mention], True
        either = not joined and _EXAMPLES.search(sentence, previous.end, mention.start) is not None
    _close(groups, run, either)
    return groups


def _close(groups: dict[int, list[Mention]], run: list[Mention], either: bool) -> None:
    if either and len(run) > 1:
        groups.update({m.start: run for m in run})
