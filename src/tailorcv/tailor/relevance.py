"""How relevant each part of a résumé is to one job: BM25 over taxonomy-normalised terms.

A skill is one term whatever its spelling ("k8s" and "Kubernetes" are the same term), weighted by
how the job asks for it: required over preferred over keyword. The words of the job title count a
little, and the ad's other words a little less, so that a bullet in the ad's own words ranks
above one that is not (they are what the score's wording part counts).

Quantified bullets ("cut costs by 28%", "led the $18M Series A") are the strongest evidence a
résumé holds, even when they name no skill of the ad (issue 15): at equal relevance they rank
first, and when trimming to a page budget their relevance has a floor, so that they are not the
first to go.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from tailorcv.match.analyse import WORD_NUMBERS, JobAnalysis
from tailorcv.match.fit import title_words
from tailorcv.match.profile import document_domains
from tailorcv.match.terms import of, terms
from tailorcv.resume.fields import TEXT_FIELDS
from tailorcv.resume.model import Resume
from tailorcv.resume.section import Section
from tailorcv.skills import taxonomy

TIER_WEIGHT = {"required": 3.0, "preferred": 2.0, "keyword": 1.0}
TITLE_WEIGHT = 0.5
WORDING_WEIGHT = 0.25
# About what one keyword-tier skill earns in a bullet of average length (BM25 ≈ 1–2): above a
# bullet that says nothing the job asks, below one that names a skill it requires.
QUANTIFIED_FLOOR = 1.0
# Whole entries that trimming may drop, and the fields that hold their text.
ENTRY_FIELDS: dict[str, tuple[str, ...]] = {
    "projects": TEXT_FIELDS["projects"],
    "awards": TEXT_FIELDS["awards"],
    "publications": TEXT_FIELDS["publications"],
    "certificates": TEXT_FIELDS["certificates"],
    "interests": TEXT_FIELDS["interests"],
    "references": ("name", "reference"),
}

_COUNT_WORDS = "|".join(w for w in WORD_NUMBERS if w not in ("zero", "one"))  # "one of the"
# A digit not inside a name ("p99", "S3", "EC2" quantify nothing), or a count in words.
_QUANTITY = re.compile(
    rf"(?<![A-Za-z0-9])\d|\b(?:{_COUNT_WORDS}|dozens|hundreds|thousands|millions|billions)\b", re.I
)


def is_quantified(text: str) -> bool:
    """A number, a percentage, an amount or a count ("four engineers", "hundreds of stores")."""
    return _QUANTITY.search(text) is not None


def job_query(analysis: JobAnalysis) -> dict[str, float]:
    """The job as weighted terms: its skills by tier, its title's words, its other words."""
    query: dict[str, float] = {}
    for tier, asks in (
        ("required", analysis.required),
        ("preferred", analysis.preferred),
        ("keyword", analysis.keywords),
    ):
        for ask in asks:
            key = f"skill:{ask.name}"
            query[key] = max(query.get(key, 0.0), TIER_WEIGHT[tier])
    role = _role_noun(analysis.title)
    for word in title_words(analysis.title) - role:
        query.setdefault(word, TITLE_WEIGHT)
    body = getattr(analysis, "body", "") or ""  # the ad's text, when the analysis keeps it
    for term in terms(body):
        if not term.startswith("skill:") and term not in role:
            query.setdefault(term, WORDING_WEIGHT)
    return query


def _role_noun(title: str) -> frozenset[str]:
    """The last word of a title, what the person is ("engineer", "analyst"): bullets use it
    for other people ("mentored four engineers"), so it says nothing of their relevance."""
    found = re.findall(r"[A-Za-z][\w+#]*", re.sub(r"\([^)]*\)", " ", title))
    return frozenset(title_words(found[-1])) if found else frozenset()


def entry_text(section: str, entry: Section) -> str:
    """A whole entry (a project, an award …) as one text, for its relevance."""
    parts: list[str] = []
    for name in ENTRY_FIELDS[section]:
        value = getattr(entry, name, None)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts += [item for item in value if isinstance(item, str)]
    return " ".join(p for p in parts if p)


def scored_texts(resume: Resume) -> list[str]:
    """Every text whose relevance tailoring asks: bullets, whole entries and courses."""
    docs = [h for role in resume.work for h in role.highlights]
    docs += [h for role in resume.volunteer for h in role.highlights]
    for section in ENTRY_FIELDS:
        docs += [entry_text(section, entry) for entry in getattr(resume, section)]
    docs += [course for school in resume.education for course in school.courses]
    return docs


class Relevance:
    """BM25 (k1 = 1.2, b = 0.75) of the texts of one résumé against one job's query."""

    def __init__(
        self, resume: Resume, query: dict[str, float], domains: frozenset[str] | None = None
    ) -> None:
        """``domains``: the fields the résumé is about, when its profile has read them already."""
        self.query = query
        self._domains = document_domains(resume) if domains is None else domains
        self._terms = {doc: self._terms_of(doc) for doc in scored_texts(resume)}
        frequency: Counter[str] = Counter()
        for found in self._terms.values():
            frequency.update(set(found))
        count = max(1, len(self._terms))
        self._idf = {t: math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
        self._average = sum(len(t) for t in self._terms.values()) / count or 1.0
        self._cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        if text not in self._cache:
            self._cache[text] = self._bm25(self._found(text))
        return self._cache[text]

    def strength(self, bullet: str) -> float:
        """A bullet's relevance, with the floor a quantified bullet gets."""
        relevance = self(bullet)
        return max(relevance, QUANTIFIED_FLOOR) if is_quantified(bullet) else relevance

    def skills_in(self, text: str) -> list[str]:
        """The job's skills that ``text`` names, in the order it names them."""
        found = self._found(text)
        return [t[6:] for t in dict.fromkeys(found) if t.startswith("skill:") and t in self.query]

    def _found(self, text: str) -> list[str]:
        found = self._terms.get(text)
        return found if found is not None else self._terms_of(text)

    def _terms_of(self, text: str) -> list[str]:
        """The text's terms, and the job's skills named inside a longer name: "Certified
        Kubernetes Administrator" is the skill CKA, and says Kubernetes to a reader too."""
        tax = taxonomy()
        mentions = tax.find(text, self._domains)
        inner = [
            f"skill:{name}"
            for mention in mentions
            if " " in mention.text
            for word in mention.text.split()
            for name in tax.skills_in(word)
            if name != mention.skill.name and f"skill:{name}" in self.query
        ]
        return [*of(text, mentions), *inner]

    def _bm25(self, found: list[str]) -> float:
        counts = Counter(found)
        norm = 1.2 * (0.25 + 0.75 * len(found) / self._average)
        total = 0.0
        for term, tf in counts.items():
            weight = self.query.get(term)
            if weight:
                total += weight * self._idf.get(term, 1.0) * tf * 2.2 / (tf + norm)
        return total
