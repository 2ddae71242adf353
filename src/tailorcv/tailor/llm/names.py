"""Names in free text that the source never mentions: "Led the migration at Google".

The guard checks numbers, links, skills and degrees in free text; a model can also slip in an
employer, a product or a client by name. A capitalised word that is not the first of its
sentence is taken as a name, and must appear somewhere in the source (or, for a cover letter, in
the job ad). A false alarm costs one repair request, or the offline engine's answer; a missed
invention would cost the person their credibility, so the check leans strict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from tailorcv.resume.model import Resume

_WORD = re.compile(r"[\w][\w&+#.'’-]*")
_SENTENCE_END = re.compile(r"[.!?:;•\n]\s*$")
COMMON = frozenset(
    "i i'm i've i'd i'll dear hiring manager team sincerely regards kind best yours thank you "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)


def known_words(source: Resume, *extra: str) -> set[str]:
    """Every word of the source (and of ``extra`` texts), case-folded."""
    data = source.model_dump(by_alias=True, exclude_none=True)
    words: set[str] = set(COMMON)
    for text in [*_strings(data), *extra]:
        words.update(_fold(w) for w in _WORD.findall(text))
    return words


def unknown_names(text: str, known: set[str]) -> Iterator[str]:
    """Capitalised words of ``text``, not first in their sentence, absent from ``known``."""
    for found in _WORD.finditer(text):
        word = found.group(0)
        if not word[0].isupper() or _fold(word) in known:
            continue
        before = text[: found.start()]
        if not before.strip() or _SENTENCE_END.search(before) or before.rstrip().endswith("("):
            continue  # a sentence's first word is capitalised whatever it is
        yield word


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'").removesuffix("'s").rstrip(".'-")


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
