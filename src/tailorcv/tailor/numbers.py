"""Numbers a text states, in digits or in words: "40k", "1,200", "80%", "ninety", "twenty-five".

The guard compares the numbers of a tailored text with those of its source, so "cut costs by
ninety percent" is as much a claim as "by 90%" (issue 15). Words count from "two" up, with
compounds ("twenty-five", "two hundred and fifty", "three thousand") and "a dozen". A lone "one"
or "zero" is not read as a number: "one of the", "one team" and "zero downtime" claim no amount.
Plurals ("hundreds of", "dozens") are vague on purpose and are not numbers either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_DIGITS = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*([kKmM]\b|thousand\b|million\b|billion\b)?"
)
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_SCALE = {"k": 1e3, "m": 1e6, "thousand": 1e3, "million": 1e6, "billion": 1e9}

UNITS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    word: 10 * value
    for value, word in enumerate(
        "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2
    )
}
# Words that multiply what comes before them ("two dozen", "a thousand"); alone they mean 1×.
MULTIPLIERS = {"hundred": 100, "dozen": 12, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_WORDS = {**UNITS, **TENS, **MULTIPLIERS}
_WORD = re.compile(r"\b(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b", re.I)
# What may stand between two words of one number: "twenty-five", "two hundred and fifty".
_JOIN = re.compile(r"[\s-]+|\s+and\s+", re.I)
_NOT_AMOUNTS = frozenset({"one", "zero"})


def numbers_in(text: str) -> Iterator[tuple[float, str]]:
    """Each number ``text`` states, with the words that state it: (90.0, "ninety")."""
    taken: set[int] = set()  # where digits end: "40 thousand" is one number, not two
    for found in _DIGITS.finditer(text):
        digits, scale = found.group(1), (found.group(2) or "").lower()
        taken.add(found.end())
        yield float(digits.replace(",", "")) * _SCALE.get(scale, 1), found.group(0).strip()
    for run in _word_runs(text, taken):
        yield from _read_run(text, run)


def stated_numbers(strings: Iterable[str]) -> set[float]:
    """Every number the strings state, plus every run of digits in them, so that "Python 3.11"
    supports "Python 3": the source is read generously. Not inside a grouped number, though:
    "12,000 parcels" does not support "twelve engineers"."""
    found: set[float] = set()
    for text in strings:
        found.update(value for value, _ in numbers_in(text))
        ungrouped = _GROUPED.sub(" ", text)
        found.update(float(digits) for digits in re.findall(r"\d+", ungrouped))
    return found


def _word_runs(text: str, taken: set[int]) -> Iterator[list[re.Match[str]]]:
    """Number words that follow one another, joined only by spaces, hyphens or "and"; a word
    ending where digits ended was read with them."""
    run: list[re.Match[str]] = []
    for found in _WORD.finditer(text):
        if found.end() in taken:
            continue
        if run and not _JOIN.fullmatch(text, run[-1].end(), found.start()):
            yield run
            run = []
        run.append(found)
    if run:
        yield run


def _read_run(text: str, run: list[re.Match[str]]) -> Iterator[tuple[float, str]]:
    """The numbers of one run of words; a run that cannot be one number ("two three") is several,
    split where a new number must begin."""
    start = 0
    for end in [*_breaks(run), len(run)]:
        words = [m.group(0).lower() for m in run[start:end]]
        if words and not (len(words) == 1 and words[0] in _NOT_AMOUNTS):
            value = _value(words) * _half(text, run[start].start())
            yield value, text[run[start].start() : run[end - 1].end()]
        start = end


def _breaks(run: list[re.Match[str]]) -> Iterator[int]:
    """Where a new number begins: a unit after a unit ("one two"), a teen or a ten after a ten
    ("twenty twelve"), a ten after a unit ("five twenty")."""
    for index in range(1, len(run)):
        before, word = run[index - 1].group(0).lower(), run[index].group(0).lower()
        if _begins_anew(before, word):
            yield index


def _begins_anew(before: str, word: str) -> bool:
    if word in TENS:
        return before in UNITS or before in TENS
    return word in UNITS and (before in UNITS or (before in TENS and UNITS[word] >= 10))


def _value(words: list[str]) -> float:
    """The value of a well-formed run: "two hundred and fifty thousand" → 250000."""
    total, current = 0.0, 0.0
    for word in words:
        if word in MULTIPLIERS and MULTIPLIERS[word] >= 1000:
            total += (current or 1) * MULTIPLIERS[word]
            current = 0.0
        elif word in MULTIPLIERS:
            current = (current or 1) * MULTIPLIERS[word]
        else:
            current += _WORDS[word]
    return total + current


def _half(text: str, start: int) -> float:
    """ "half a dozen" is six."""
    return 0.5 if re.search(r"\bhalf\s+an?\s+$", text[max(0, start - 8) : start], re.I) else 1.0
