"""Titles held at the source's employers, as free text names them: "As Principal Engineer at
Confluent" when the source says "Staff Software Engineer" at Confluent is an invented title.

A title is read where free text ties it to an employer the source lists: "as [a] <title> at
<employer>", "<Title Words> at <employer>" and "<employer> as [a] <title>". It must end in a word
that heads a job title ("engineer", "manager" …, or the last word of a title the source gives
there), so "as part of the team at Nordpay" names no title. The title passes when each of its
words is a word of one title the source gives at that employer: "Backend Engineer" may shorten
"Senior Backend Engineer", "Lead Engineer" may not stand for it (issue 15).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace

from tailorcv.resume.model import Resume

HEADS = frozenset(
    "engineer developer programmer architect manager director lead head officer president vp "
    "cto ceo cfo coo cio ciso founder co-founder cofounder consultant analyst scientist designer "
    "researcher specialist administrator intern associate partner principal owner coordinator "
    "supervisor technician writer editor strategist advisor adviser accountant nurse teacher "
    "lecturer professor instructor fellow assistant representative executive sre devops".split()
)
# Words that rank a title: "Principal" for "Staff" is a different title.
RANKS = frozenset(
    "senior sr junior jr staff principal lead chief distinguished deputy vice associate "
    "assistant mid entry".split()
)
# Words a title may be wrapped in that are not part of it.
_FILLER = frozenset("a an the my our its their his her then former formerly of and".split())
_LEGAL = re.compile(r"[,\s]+(?:AB|AG|AS|BV|Co|Corp|GmbH|Inc|LLC|Ltd|Oy|plc|SA|SAS|SE)\.?$", re.I)
_CLAUSE = re.compile(r"[.,;:!?()\[\]\n•—–]")
_LOOKBACK = 8  # words before "at <employer>" that may hold the title


@dataclass(frozen=True)
class Mistitled:
    """A title free text gives a role, and the titles the source gives it there."""

    claimed: str
    employer: str
    titles: tuple[str, ...]
    span: tuple[int, int]  # where the text gives it


def titles_by_employer(source: Resume) -> dict[str, tuple[str, ...]]:
    """Each employer or organisation of the source (case-folded, legal suffix dropped too) and
    the titles held there."""
    found: dict[str, list[str]] = {}
    held = [(w.name, w.position) for w in source.work]
    held += [(v.organization, v.position) for v in source.volunteer]
    for employer, title in held:
        if not employer or not title:
            continue
        for key in {employer.casefold(), _LEGAL.sub("", employer).casefold()}:
            found.setdefault(key.strip(), []).append(title)
    return {employer: tuple(titles) for employer, titles in found.items() if employer}


def mistitled(
    text: str, titles: dict[str, tuple[str, ...]], exempt: Collection[str] = ()
) -> Iterator[Mistitled]:
    """Titles ``text`` ties to a source employer that the source does not give there; employers
    in ``exempt`` (the company a letter applies to, whose title is the job's) are skipped."""
    skipped = {e.casefold() for e in exempt}
    folded = text.casefold()
    seen: set[tuple[int, int]] = set()  # "at Zalando SE" is read for "zalando se" and "zalando"
    for employer, held in titles.items():
        if employer in skipped or employer not in folded:
            continue
        for claim in _claimed(text, employer, held):
            if claim.span not in seen and not any(_fits(claim, title) for title in held):
                seen.add(claim.span)
                yield Mistitled(" ".join(claim.words), employer, held, claim.span)


@dataclass(frozen=True)
class _Claim:
    words: list[str]
    # Read from capitals at the start of a sentence, where the first word may be no part of the
    # title ("Previously Staff Engineer at …").
    loose: bool = False
    span: tuple[int, int] = (0, 0)


def _claimed(text: str, employer: str, held: tuple[str, ...]) -> Iterator[_Claim]:
    heads = HEADS | {_words(t)[-1] for t in held if _words(t)}
    name = re.escape(employer)
    for found in re.finditer(rf"\s(?:at|with|for|@)\s+{name}(?!\w)", text, re.I):
        claim = _title_before(text[: found.start()])
        if claim.words and claim.words[-1].casefold() in heads:
            yield replace(claim, span=_span(text, claim.words, 0, found.start()))
    for found in re.finditer(rf"(?<!\w){name}(?:'s|’s)?,?\s+as\s+", text, re.I):
        words = _title_after(text[found.end() :], heads)
        if words:
            yield _Claim(words, span=_span(text, words, found.end(), len(text)))


def _span(text: str, words: list[str], start: int, end: int) -> tuple[int, int]:
    """Where ``words`` stand in ``text[start:end]``: the last place before an employer, the first
    after one."""
    spelled = re.compile(r"\s+".join(re.escape(w) for w in words))
    found = list(spelled.finditer(text, start, end))
    chosen = found[-1] if start == 0 else found[0]
    return chosen.span()


def _title_before(text: str) -> _Claim:
    """The title ending ``text``: the words after "as", else its final run of capitalised
    words."""
    clause = _CLAUSE.split(text)[-1].split()[-_LOOKBACK:]
    folded = [w.casefold() for w in clause]
    if "as" in folded:
        return _Claim(_trimmed(clause[len(folded) - folded[::-1].index("as") :]))
    run = len(clause)
    while run > 0 and clause[run - 1][:1].isupper():
        run -= 1
    return _Claim(_trimmed(clause[run:]), loose=run == 0)


def _title_after(text: str, heads: Collection[str]) -> list[str]:
    """The longest start of ``text`` (within its clause) that ends in a title's head word."""
    words = _trimmed(_CLAUSE.split(text, maxsplit=1)[0].split()[:_LOOKBACK])
    for end in range(len(words), 0, -1):
        if words[end - 1].casefold() in heads:
            return words[:end]
    return []


def _trimmed(words: list[str]) -> list[str]:
    start = 0
    while start < len(words) and words[start].casefold() in _FILLER:
        start += 1
    return words[start:]


def _fits(claim: _Claim, title: str) -> bool:
    held = set(_words(title))
    claimed = [w for w in _words(" ".join(claim.words)) if w not in _FILLER]
    if not claimed or set(claimed) <= held:
        return True
    first, rest = claimed[0], claimed[1:]
    return claim.loose and first not in HEADS | RANKS and set(rest) <= held


def _words(text: str) -> list[str]:
    return re.findall(r"[\w+#/-]+", text.casefold())
