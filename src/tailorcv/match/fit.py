"""The parts of the score that a recruiter reads before any skill: the kind of job, its level and
its terms, and how much of the ad's own wording the résumé shares.

Each returns ``(key, fraction, evidence)`` like the parts in ``parts.py``: the share of its weight
earned (0–1), or None when the ad gives nothing to judge by, with the sentences that say why.
"""

from __future__ import annotations

import functools
import math
import re

from tailorcv.match import place as places
from tailorcv.match import profile as profiles
from tailorcv.match import terms as words
from tailorcv.match.analyse import SENIORITY, JobAnalysis
from tailorcv.match.profile import GENERIC, Profile, field_words

Raw = tuple[str, float | None, list[str]]
TEXT_FULL = 0.6  # the share of an ad's weighted terms that earns the whole wording part

# How a résumé one level above or below the ad's fares: a step up is a small cost (a senior may
# take a mid-level post), a step down a larger one; two steps either way is a stretch few
# recruiters make, three none.
_LEVEL_GAP = {0: 1.0, 1: 0.85, -1: 0.65, 2: 0.3, -2: 0.3}
# What an ad's terms cost someone whose roles never were so: a part-time or gig post for a
# career of full-time posts is rarely what they look for.
_ARRANGEMENT_FIT = {"contract": 0.8, "temporary": 0.6, "per-diem": 0.5, "part-time": 0.4}
_ARRANGEMENT_FIT |= {"freelance": 0.4, "internship": 0.1}
_TITLE_NOISE = frozenset(
    "a an and the of for in at to with senior sr junior jr lead principal staff head mid level "
    "i ii iii iv remote hybrid full part time contract new grad graduate entry".split()
)
# Titles that name a supporting post, whatever the years in it: a clerk, an assistant, an aide
# ("Assistant Controller" is a controller: the last word names the post).
SUPPORT = frozenset(
    words.stem(word)
    for word in "clerk assistant aide technician tech secretary receptionist cashier teller "
    "helper attendant bookkeeper".split()
)
_LEVEL_WORDS = frozenset("senior sr junior jr mid i ii iii iv level remote hybrid".split())
_TITLE_SYNONYMS = {"develop": "engineer", "programm": "engineer", "dev": "engineer"}
_TITLE_SYNONYMS |= {"swe": "engineer", "sde": "engineer", "rn": "nurs", "cpa": "account"}


def _primary(title: str) -> str:
    """The title without its team prefix, asides and qualifiers: "Login.gov: Data Analyst
    (Remote) – Fraud" → "Data Analyst"."""
    title = re.sub(r"\([^)]*\)", " ", title.rsplit(": ", 1)[-1])
    return re.split(r"\s+[-–—|/]\s+|,\s+|\s+@\s+", title.strip())[0]


@functools.lru_cache(maxsize=4096)
def head(title: str) -> str | None:
    """The word that says what the person is: the last of the primary title ("Accounts Payable
    Clerk" → clerk, "Registered Nurse" → nurs), or the one before "of" ("Director of Nursing")."""
    primary = _primary(title).lower().split(" of ")[0]
    found = [w for w in re.findall(r"[a-z][a-z0-9+#]*", primary) if w not in _LEVEL_WORDS]
    if not found:
        return None
    stemmed = words.stem(found[-1])
    return _TITLE_SYNONYMS.get(stemmed, stemmed)


@functools.lru_cache(maxsize=4096)
def title_words(title: str) -> frozenset[str]:
    """The stemmed words of a title that say what the job is: no levels or fillers, no team or
    programme prefix ("Login.gov: Data Analyst" → data, analyst), no asides in brackets."""
    title = re.sub(r"\([^)]*\)", " ", title.rsplit(": ", 1)[-1])
    found = re.findall(r"[a-z][a-z0-9+#.]*", title.lower())
    return frozenset(
        _TITLE_SYNONYMS.get(stemmed, stemmed)
        for w in found
        if w not in _TITLE_NOISE and (stemmed := words.stem(w.rstrip(".")))
    )


def relevant_roles(prof: Profile, analysis: JobAnalysis) -> set[int]:
    """Work entries that did this kind of job: their title names the same kind of person
    ("… Nurse") or shares two words of the ad's, or they show a skill the ad's title names, or
    two of its other hard skills."""
    wanted = {a.name for a in analysis.skills if a.category not in GENERIC}
    titled = {a.name for a in analysis.skills if a.in_title}
    shown: dict[int, set[str]] = {}
    for name in wanted:
        for text in prof.skills.get(name, []):
            if text.section == "work":
                shown.setdefault(text.index, set()).add(name)
    words, named = title_words(analysis.title), head(analysis.title)
    return {
        index
        for index, job in enumerate(prof.resume.work)
        if (named and head(job.position or "") == named)
        or len(words & title_words(job.position or "")) >= 2
        or shown.get(index, set()) & titled
        or len(shown.get(index, set())) >= 2
    }


def relevant_years(prof: Profile, analysis: JobAnalysis) -> float:
    """Years in relevant roles, overlaps once, and years of a doctorate in the field the ad
    names (its degree, title or skills): research is experience to a research or data post."""
    roles = relevant_roles(prof, analysis)
    spans = [s for i, s in enumerate(prof.spans) if s and i in roles]
    return profiles.merged_years(spans + _research(prof, analysis))


def _research(prof: Profile, analysis: JobAnalysis) -> list[profiles.Span]:
    if not prof.research:
        return []
    wanted = field_words(f"{analysis.education_evidence} {analysis.title}")
    wanted |= {w for a in analysis.required for w in field_words(a.name)}
    return [span for field, span in prof.research if field & wanted]


def level(prof: Profile, analysis: JobAnalysis) -> Raw:
    """The level the ad is for against the résumé's level in this kind of work; a cap on years
    ("0–2 years") against the résumé's years."""
    evidence: list[str] = []
    fractions: list[float] = []
    have = relevant_level(prof, analysis)
    asked = analysis.seniority
    if asked and have:
        gap = SENIORITY.index(have) - SENIORITY.index(asked)
        if gap > 0 and _only_from_years(analysis):
            gap = 0  # "2+ years" is a floor: more is no fault
        fractions.append(_LEVEL_GAP.get(gap, 0.0))
        evidence.append(
            f"level: the ad is {asked}, the résumé reads {have} in this kind of "
            "work" + (f" ({_gap_words(gap)})" if gap else "")
        )
    cap = analysis.years_max
    if cap is not None and prof.years > cap + 3:
        fractions.append(0.6 if prof.years <= 2 * cap + 3 else 0.2)
        evidence.append(f"the ad wants at most {cap:g} years; the résumé has {prof.years:g}")
    if not fractions:
        return "level", None, evidence or ["the ad states no level"]
    return "level", math.prod(fractions), evidence


def terms(prof: Profile, analysis: JobAnalysis) -> Raw:
    """The terms of the post against the person's: where it is, and whether it is part-time,
    a gig or a contract for someone whose roles never were."""
    evidence: list[str] = []
    fractions: list[float] = []
    where, why = places.fit(prof.place, f"{analysis.title}\n{analysis.body}")
    if where is not None:
        fractions.append(where)
        evidence.append(why)
    kind = analysis.employment
    if kind in _ARRANGEMENT_FIT and kind not in prof.arrangements and prof.years >= 3:
        fractions.append(_ARRANGEMENT_FIT[kind])
        evidence.append(f"the post is {kind}; no role of the résumé was")
    elif kind:
        fractions.append(1.0)
        evidence.append(f"the post is {kind}")
    if not fractions:
        return "terms", None, ["the ad states neither where the post is nor its hours"]
    return "terms", math.prod(fractions), evidence


def _only_from_years(analysis: JobAnalysis) -> bool:
    """Whether the ad's level was only read off the years it asks (no title or sentence says)."""
    return bool(analysis.years_evidence) and analysis.seniority_evidence == analysis.years_evidence


def relevant_level(prof: Profile, analysis: JobAnalysis) -> str | None:
    """The résumé's level in the kind of work the ad is about: what the latest relevant title
    says, else what the relevant years suggest. Seven years of retail and a bootcamp make a
    junior engineer, not a senior one."""
    roles = sorted(relevant_roles(prof, analysis))
    research = _research(prof, analysis)
    if not roles and not research:  # new to this kind of work, whatever they did before
        return "junior" if prof.resume.work else None
    years = relevant_years(prof, analysis)
    span = prof.spans[roles[0]] if roles else None
    if span is None or any(end > span[1] for _, end in research):
        return profiles.seniority_level([], years)  # a doctorate since: the intern title is old
    latest = prof.resume.work[roles[0]].position or ""  # an old "Junior" title says nothing now
    if head(latest) in SUPPORT:
        return "junior"
    return profiles.seniority_level([latest], years)


def _gap_words(gap: int) -> str:
    steps = "one level" if abs(gap) == 1 else f"{abs(gap)} levels"
    return f"{steps} {'above' if gap > 0 else 'below'}"


def discipline(prof: Profile, analysis: JobAnalysis) -> Raw:
    """Whether the résumé is the same kind of job: its titles against the ad's title (60 %), and
    the kinds of skill it shows against the kinds the ad asks for (40 %)."""
    evidence: list[str] = []
    title_share = _title_share(prof, analysis, evidence)
    kinds = _kinds_share(prof, analysis, evidence)
    known = [
        (share, weight) for share, weight in ((title_share, 0.6), (kinds, 0.4)) if share is not None
    ]
    if not known:
        return "title", None, ["the ad states no title and asks no skill to tell its kind"]
    total = sum(weight for _, weight in known)
    return "title", sum(share * weight for share, weight in known) / total, evidence


def _title_share(prof: Profile, analysis: JobAnalysis, evidence: list[str]) -> float | None:
    wanted = title_words(analysis.title)
    if not wanted:
        evidence.append("the ad states no title")
        return None
    asked_head = head(analysis.title)
    best, best_title = 0.0, ""
    for position, title in enumerate(prof.titles[:4]):
        overlap = len(wanted & title_words(title)) / len(wanted)
        same_head = asked_head is not None and head(title) == asked_head
        alike = (overlap + same_head) / 2  # the words in common, and the same kind of person
        alike *= 1.0 if position < 2 else 0.8  # older roles count a little less
        if alike > best:
            best, best_title = alike, title
    evidence.append(
        f"title: “{best_title}” is {best:.0%} like “{analysis.title}” (words in common, and "
        "the word that names the job)"
        if best_title
        else f"title: no title of the résumé is like “{analysis.title}”"
    )
    return best


def _kinds_share(prof: Profile, analysis: JobAnalysis, evidence: list[str]) -> float | None:
    """Cosine of the ad's and the résumé's skills counted by category."""
    asked: dict[str, float] = {}
    for ask in analysis.required + analysis.preferred:
        if ask.category not in GENERIC:
            asked[ask.category] = asked.get(ask.category, 0.0) + ask.weight
    if not asked:
        return None
    shown = prof.kinds
    dot = sum(asked[c] * shown.get(c, 0.0) for c in asked)
    norm = math.sqrt(sum(v * v for v in asked.values())) * math.sqrt(
        sum(v * v for v in shown.values())
    )
    share = dot / norm if norm else 0.0
    top = ", ".join(sorted(asked, key=lambda c: -asked[c])[:2])
    evidence.append(f"kinds of skill: the ad's are mostly {top}; {share:.0%} alike")
    return share


def text(prof: Profile, analysis: JobAnalysis) -> Raw:
    """The share of the ad's own wording that the résumé uses: what no taxonomy names
    ("ledger", "charge nurse", "month-end close"). Skills count twice as much as plain words;
    a share of 60 % or more earns the whole part (no résumé repeats an ad)."""
    plain, spelling = ad_terms(analysis.body)
    if len(plain) < 5:
        return "text", None, ["the ad has too little text about the job to compare"]
    asked = {f"skill:{a.name}": a.weight for a in analysis.skills}
    wanted = {t: w * asked.get(t, 1.0) for t, w in plain.items()}  # a long list shares a weight
    total = sum(wanted.values())
    shared = [t for t in wanted if t in prof.terms]
    share = sum(wanted[t] for t in shared) / total
    sample = sorted(shared, key=lambda t: -wanted[t])[:6]
    shown = ", ".join(spelling.get(t, t.removeprefix("skill:")) for t in sample)
    evidence = [
        f"uses {len(shared)} of the ad's {len(wanted)} distinct terms, {share:.0%} by weight"
        + (f" ({shown} …)" if shown else "")
    ]
    return "text", min(1.0, share / TEXT_FULL), evidence


@functools.lru_cache(maxsize=64)
def ad_terms(body: str) -> tuple[dict[str, float], dict[str, str]]:
    """The distinct terms of an ad's text about the job (skills weigh 2, words 1), and how the
    ad spells each word."""
    weights = {t: 2.0 if t.startswith("skill:") else 1.0 for t in words.terms(body)}
    return weights, words.spelled(body)
