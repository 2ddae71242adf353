"""Names in free text that the source never mentions: "Formerly at Google and Meta".

A tailored résumé or a letter may only name the employers, schools, clients and products its
source names (issue 15). A word with a capital letter that is not the first of its sentence is
taken as a name, and passes when the source has the word anywhere, in any case; when it is a
month, a weekday or a word every letter uses ("Dear", "I"); or, in a letter, when the job ad has
it. Skills are the skill check's to judge, so the caller passes the spans where it found them.
A false alarm costs one repair request, or the offline engine's answer; a missed invention would
cost the person their credibility, so the check leans strict.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

_WORD = re.compile(r"\w[\w&+#.'’-]*")
_PARTS = re.compile(r"[-./]")
# Characters that open a sentence, a list item or a quotation: the next word's capital says
# nothing about it being a name.
_OPENERS = frozenset('.!?:;•·*|\n\r(["“‘')
# Dotted words that end no sentence: "clients, e.g. Google" still names Google.
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "vs.", "incl.", "approx.", "cf.", "esp."})
# Between two words of one name: "Bank of America", "Johnson & Johnson".
_WITHIN_A_NAME = re.compile(r"\s+(?:(?:of|&)\s+)?")
COMMON = frozenset(
    (
        "i i'm i've i'd i'll dear hiring manager team sincerely regards kind best yours thank you "
        "monday tuesday wednesday thursday friday saturday sunday january february march april may "
        "june july august september october november december jan feb mar apr jun jul aug sep "
        "sept oct nov dec spring summer autumn fall winter q1 q2 q3 q4 "
        # Titles and business words written with capitals, which name no organisation.
        "ceo cto cfo coo cio cpo vp svp evp hr qa ux ui pr kpi okr roi sla slo mvp b2b b2c saas "
        "c-suite"
    ).split()
)


def known_words(strings: Iterable[str]) -> frozenset[str]:
    """Every word of ``strings``, case-folded, and the parts of hyphenated and dotted words, so
    that "route-planning" in the source supports "Route Planning"."""
    words: set[str] = set(COMMON)
    for text in strings:
        for word in _WORD.findall(text):
            folded = fold(word)
            words.add(folded)
            words.update(_PARTS.split(folded))
    return frozenset(words)


def unknown_names(
    text: str, known: Collection[str], skip: Iterable[tuple[int, int]] = ()
) -> Iterator[str]:
    """The names of ``text`` absent from ``known``, as written, neighbours joined ("Goldman
    Sachs"); words that overlap a ``skip`` span (a skill, found by the skill check) are not
    names."""
    spans = list(skip)
    run: list[re.Match[str]] = []
    for found in _names(text, known, spans):
        if run and not _WITHIN_A_NAME.fullmatch(text, run[-1].end(), found.start()):
            yield _joined(text, run)
            run = []
        run.append(found)
    if run:
        yield _joined(text, run)


def fold(word: str) -> str:
    """How a word is compared: case-folded, straight apostrophe, no possessive, no final dot."""
    return word.casefold().replace("’", "'").removesuffix("'s").rstrip(".'-")


def _names(
    text: str, known: Collection[str], spans: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    before: re.Match[str] | None = None
    for found in _WORD.finditer(text):
        word = found.group(0)
        starts = _starts_sentence(text, before, found)
        before = found
        if starts or word.islower() or any(c.isdigit() for c in word):
            continue  # digits are the number check's: "Q3", "S3", "P99"
        if _is_known(word, known) or _overlaps(found, spans):
            continue
        yield found


def _starts_sentence(text: str, before: re.Match[str] | None, found: re.Match[str]) -> bool:
    if before is None:
        return True
    gap = text[before.end() : found.start()]
    if any(c in _OPENERS for c in gap):
        return True
    last = before.group(0)
    return last.endswith((".", "!", "?")) and last.casefold() not in _ABBREVIATIONS


def _is_known(word: str, known: Collection[str]) -> bool:
    if _folded_known(fold(word), known):
        return True
    parts = [p for p in _PARTS.split(word) if p]
    if len(parts) < 2:
        return False
    # "Kubernetes-based", "C-suite": each capitalised part must be known; one letter is no name.
    return all(p.islower() or len(p) == 1 or _folded_known(fold(p), known) for p in parts)


def _folded_known(folded: str, known: Collection[str]) -> bool:
    """Known as written, or as the singular of a plural ("Migrations" when the source says
    "migration")."""
    return (
        folded in known
        or (folded.endswith("s") and folded[:-1] in known)
        or (folded.endswith("es") and folded[:-2] in known)
    )


def _overlaps(found: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    return any(start < found.end() and found.start() < end for start, end in spans)


def _joined(text: str, run: list[re.Match[str]]) -> str:
    shown = text[run[0].start() : run[-1].end()].rstrip(".'’-")
    return shown.removesuffix("'s").removesuffix("’s")
