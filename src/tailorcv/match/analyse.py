"""Read a job ad: its title, company, seniority, years and education asked, and the skills it wants.

Input is what people paste — plain text, Markdown (front matter and Liquid tags included), HTML —
or a JSON Resume job document. The ad is cut into sections by its headings ("Requirements",
"Nice to have", "What you'll do" …) and into sentences; each skill the taxonomy finds is
*required*, *preferred* or a plain *keyword* by the section it sits in and the words around it
("… is a plus"), and keeps the sentence it came from as evidence.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from tailorcv.match.adtext import Ad, read_ad
from tailorcv.match.skills import Mention, taxonomy

SENIORITY = ("intern", "junior", "mid", "senior", "lead", "principal")
EDUCATION = ("high school", "associate", "bachelor", "master", "doctorate")

_REQUIRED_HEADINGS = re.compile(
    r"requirement|qualification|must[- ]haves?|what you (?:will )?(?:bring|need|have)|"
    r"who you are|you have|you(?:'ll| will) need|required|minimum|basic qual|skills|experience|"
    r"what we(?:'re| are) looking for|about you|your profile|competenc|knowledge|expertise|"
    r"anforderungen|profil|votre profil|requisitos",
    re.I,
)
_PREFERRED_HEADINGS = re.compile(
    r"nice[- ]to[- ]haves?|preferred|bonus|desired|desirable|pluses|a plus|good to have|"
    r"extra credit|ideally|wünschenswert|atouts|valorable",
    re.I,
)
_DUTY_HEADINGS = re.compile(
    r"responsibilit|what you(?:'ll| will) do|duties|the role|your role|day to day|you will|"
    r"key objectives|aufgaben|missions|responsabilidades",
    re.I,
)
_IGNORED_HEADINGS = re.compile(
    r"benefit|we offer|perks|compensation|salary|about us|about the company|who we are|"
    r"equal opportunity|how to apply|our values|why join",
    re.I,
)
_PREFERRED_CUES = re.compile(
    r"\b(?:a plus|is a plus|are a plus|plus\b|nice to have|preferred|preferably|bonus|desirable|"
    r"ideally|advantageous|beneficial|would be great|good to have|familiarity with)\b",
    re.I,
)
_REQUIRED_CUES = re.compile(r"\b(?:must|required|requires|mandatory|essential|need to)\b", re.I)

# Numbers people write as words, for years asked ("three years") and for the guard.
WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
} | {"fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100, "dozen": 12}
_NUM = r"(\d{1,2}(?:\.\d)?|" + "|".join(WORD_NUMBERS) + r")"
_YEARS = re.compile(
    _NUM + r"\s*\+?\s*(?:(?:-|–|to|or)\s*" + _NUM + r"\s*\+?\s*)?"
    r"(?:\+\s*)?(?:years?|yrs?)\b(?:'|’)?(?:\s+of)?(?P<tail>[^.;\n]{0,80})",
    re.I,
)
_MIN_YEARS = re.compile(
    r"(?:at least|minimum of|min\.?|over|more than)\s+" + _NUM + r"\s*\+?\s*years?", re.I
)

SENIORITY_WORDS = (
    ("intern", r"\b(?:intern|internship|trainee|praktikum|stagiaire|apprentice)\b"),
    ("junior", r"\b(?:junior|jr\.?|entry[- ]level|graduate|associate)\b"),
    ("principal", r"\b(?:principal|distinguished|chief|vp|vice president|head of|director)\b"),
    ("lead", r"\b(?:lead|staff|manager|supervisor|architect)\b"),
    ("senior", r"\b(?:senior|sr\.?|experienced|expert)\b"),
    ("mid", r"\b(?:mid[- ]level|intermediate|mid[- ]senior|regular)\b"),
)
EDUCATION_WORDS = (
    ("doctorate", r"\b(?:ph\.?\s?d|doctorate|doctoral|doktor|doctorat)\b"),
    ("master", r"\b(?:master'?s?|m\.?sc?\b|m\.s\.|mba|m\.eng|graduate degree|postgraduate)"),
    (
        "bachelor",
        r"\b(?:bachelor'?s?|b\.?sc?\b|b\.s\.|b\.a\.|ba/bs|bs/ba|undergraduate degree|"
        r"four-year degree|4-year degree|college degree|university degree|degree in)",
    ),
    (
        "associate",
        r"\b(?:associate'?s? degree|associate degree|associate of|two-year degree|"
        r"a\.a\.s?\.)",
    ),
    ("high school", r"\b(?:high school|ged|secondary school|diploma)\b"),
)


@dataclass(frozen=True)
class SkillAsk:
    """A skill the job asks for, with the sentence that asks.

    ``alternatives`` are the skills the same sentence offers instead ("Python, Ruby or Java"):
    any one of the group meets the need. ``in_title`` marks a skill the job title names.
    """

    name: str
    category: str
    evidence: str
    in_title: bool = False
    alternatives: tuple[str, ...] = ()


@dataclass
class JobAnalysis:
    title: str
    company: str | None = None
    seniority: str | None = None
    years: float | None = None
    years_evidence: str = ""
    education: str | None = None
    education_evidence: str = ""
    required: list[SkillAsk] = field(default_factory=list)
    preferred: list[SkillAsk] = field(default_factory=list)
    keywords: list[SkillAsk] = field(default_factory=list)
    digest: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_job_document(self) -> dict[str, Any]:
        """The analysis as a JSON Resume job document (jsonresume.org job schema)."""
        document: dict[str, Any] = {"title": self.title}
        if self.company:
            document["company"] = self.company
        if self.seniority:
            document["experience"] = self.seniority
        qualifications = [self.years_evidence, self.education_evidence]
        qualifications += [a.evidence for a in self.required]
        document["qualifications"] = list(dict.fromkeys(q for q in qualifications if q))
        groups: dict[str, list[str]] = {}
        for ask in self.required:
            groups.setdefault(ask.category, []).append(ask.name)
        document["skills"] = [{"name": c, "keywords": names} for c, names in groups.items()]
        if self.preferred:
            document["preferred"] = [a.name for a in self.preferred]
        return document

    @property
    def skills(self) -> list[SkillAsk]:
        return [*self.required, *self.preferred, *self.keywords]


def analyse(text: str) -> JobAnalysis:
    """Analyse one job ad given as text, Markdown, HTML or a JSON Resume job document."""
    ad = read_ad(text)
    sentences = list(_classified_sentences(ad.lines))
    title = ad.title or _guess_title(ad.lines)
    required, preferred, keywords = _skills(sentences, ad, title)
    years, years_from = _years(sentences)
    education, education_from = _education(sentences)
    return JobAnalysis(
        title=title,
        company=ad.company or _guess_company(ad.lines, title),
        seniority=_seniority(title, years, sentences),
        years=years,
        years_evidence=years_from,
        education=education,
        education_evidence=education_from,
        required=required,
        preferred=preferred,
        keywords=keywords,
        digest=hashlib.sha256(text.encode()).hexdigest()[:16],
    )


# --- sections and sentences ----------------------------------------------------------------


def _heading_kind(line: str) -> str | None:
    """The kind of section a heading line opens, or None when the line is not a heading."""
    bare = line.strip("-•*·:#> ").strip()
    words = bare.split()
    is_heading = (
        bool(words)
        and len(words) <= 8
        and (line.rstrip().endswith(":") or bare.isupper() or not re.search(r"[.,;]$", bare))
        and not line.lstrip().startswith(("-", "•", "*", "·"))
    )
    if not is_heading:
        return None
    for kind, pattern in (
        ("ignore", _IGNORED_HEADINGS),
        ("preferred", _PREFERRED_HEADINGS),
        ("duty", _DUTY_HEADINGS),
        ("required", _REQUIRED_HEADINGS),
    ):
        if pattern.search(bare):
            return kind
    return "other" if line.rstrip().endswith(":") or bare.isupper() else None


def _classified_sentences(lines: list[str]) -> list[tuple[str, str]]:
    """(section kind, sentence) for every sentence of the ad, in order."""
    kind = "intro"
    out = []
    for line in lines:
        if not line:
            continue
        heading = _heading_kind(line)
        if heading:
            kind = heading
            head, _, rest = line.partition(":")
            if rest.strip() and len(head.split()) <= 6:
                out.append((kind, rest.strip()))
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line.lstrip("-•*· ")):
            if sentence.strip():
                out.append((kind, sentence.strip()))
    return out


def _skills(
    sentences: list[tuple[str, str]], ad: Ad, title: str
) -> tuple[list[SkillAsk], list[SkillAsk], list[SkillAsk]]:
    found: dict[str, tuple[str, SkillAsk]] = {}
    rank = {"required": 0, "preferred": 1, "keyword": 2}
    tax = taxonomy()
    in_title = tax.skills_in(title)

    def note(
        mention: Mention, tier: str, evidence: str, alternatives: tuple[str, ...] = ()
    ) -> None:
        name = mention.skill.name
        current = found.get(name)
        if current is None or rank[tier] < rank[current[0]]:
            ask = SkillAsk(name, mention.skill.category, evidence, name in in_title, alternatives)
            found[name] = (tier, ask)

    has_requirements = any(kind == "required" for kind, _ in sentences)
    fields = tax.domains("\n".join(s for kind, s in sentences if kind != "ignore"))
    for kind, sentence in sentences:
        if kind == "ignore":
            continue
        tier = _tier(kind, sentence, has_requirements)
        mentions = tax.find(sentence, fields)
        groups = _either_or(sentence, mentions)
        for mention in mentions:
            others = tuple(m.skill.name for m in groups.get(mention.start, []) if m is not mention)
            note(mention, tier, sentence, others)
    for item in ad.listed:
        for mention in tax.find(item):
            note(mention, "required", f"skills: {item}")
    for mention in tax.find(title):
        note(mention, "required", title)
    tiers: dict[str, list[SkillAsk]] = {"required": [], "preferred": [], "keyword": []}
    for tier, ask in found.values():
        tiers[tier].append(ask)
    if not tiers["required"]:  # an ad that requires nothing by name wants what it mentions
        tiers["required"], tiers["keyword"] = tiers["keyword"], []
    return tiers["required"], tiers["preferred"], tiers["keyword"]


_LIST_GAP = re.compile(r"[\s,/]*(?:\b(?:and/or|or|and)\b)?[\s,/]*", re.I)
_EXAMPLES = re.compile(
    r"\b(?:such as|like|e\.g\.|for example|for instance|one of|any of|either|one or more of)"
    r"[\s:,(]*$",
    re.I,
)


def _either_or(sentence: str, mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Runs of skills offered as alternatives: "Python, Ruby, or Java", "React/Vue", "languages
    such as Python, Ruby and PHP".

    A run is skills separated only by commas, slashes, "and" and "or"; it is an either-or group
    when a gap holds "or" or a slash, or when "such as", "like", "e.g." or "one of" leads into it.
    Keyed by each member's start offset.
    """
    groups: dict[int, list[Mention]] = {}
    run: list[Mention] = mentions[:1]
    either = bool(mentions) and _EXAMPLES.search(sentence, 0, mentions[0].start) is not None
    for previous, mention in itertools.pairwise(mentions):
        gap = sentence[previous.end : mention.start]
        if _LIST_GAP.fullmatch(gap):
            run.append(mention)
            either = either or "/" in gap or re.search(r"\bor\b", gap, re.I) is not None
            continue
        if either and len(run) > 1:
            groups.update({m.start: run for m in run})
        run = [mention]
        either = _EXAMPLES.search(sentence, previous.end, mention.start) is not None
    if either and len(run) > 1:
        groups.update({m.start: run for m in run})
    return groups


def _tier(kind: str, sentence: str, has_requirements: bool) -> str:
    if _PREFERRED_CUES.search(sentence) and not _REQUIRED_CUES.search(sentence):
        return "preferred"
    if kind == "preferred":
        return "preferred"
    if kind == "required" or _REQUIRED_CUES.search(sentence):
        return "required"
    if not has_requirements and kind in ("duty", "intro", "other"):
        return "required"  # an ad without a requirements section requires what it describes
    return "keyword"


# --- title, company, seniority, years, education -------------------------------------------


def _guess_title(lines: list[str]) -> str:
    """The first short line that is not a section heading; "Job title:" prefixes and
    parenthesised asides ("(3 Years of Experience)") are dropped."""
    for line in lines[:8]:
        prefixed = re.match(
            r"^(?:job\s+)?(?:title|description|position)\s*[:\-–]\s*(.+)", line, re.I
        )
        if not prefixed and (
            not line or len(line.split()) > 12 or _heading_kind(line) in ("ignore", "required")
        ):
            continue
        bare = prefixed.group(1) if prefixed else line
        bare = re.sub(r"\s*\(.*$", "", bare)
        title = re.split(r"\s+[|—–]\s+|\s+-\s+(?=[A-Z])", bare)[0].strip(" :")
        if title:
            return title
    return ""


def _guess_company(lines: list[str], title: str) -> str | None:
    for line in lines[:12]:
        about = re.match(r"^about\s+(?!us\b|the\b|you\b)(.{2,60}?):?$", line, re.I)
        if about:
            return about.group(1).strip()
    for line in lines[:4]:
        parts = re.split(r"\s+[|—–]\s+|\s+-\s+|,\s+", line)
        if title and parts[0].strip(" :") == title and len(parts) > 1:
            return re.split(r"\s*\(", parts[1])[0].strip() or None
        at = re.search(r"\bat\s+([A-Z][\w&.\- ]{1,40})", line)
        if at:
            return at.group(1).strip()
    return None


def _seniority(title: str, years: float | None, sentences: list[tuple[str, str]]) -> str | None:
    for level, pattern in SENIORITY_WORDS:
        if re.search(pattern, title, re.I):
            return level
    for _, sentence in sentences[:40]:
        found = re.search(r"experience level:\s*(\w[\w-]*)|(\w[\w-]*)[- ]level\b", sentence, re.I)
        if found:
            word = (found.group(1) or found.group(2)).lower()
            for level, pattern in SENIORITY_WORDS:
                if re.search(pattern, word + "-level", re.I):
                    return level
    if years is None:
        return None
    return "junior" if years < 2 else "mid" if years < 5 else "senior" if years < 8 else "lead"


def _number(text: str) -> float:
    return float(WORD_NUMBERS.get(text.lower(), 0) or text)


def _years(sentences: list[tuple[str, str]]) -> tuple[float | None, str]:
    """The fewest years of experience the ad asks for, and the sentence that asks."""
    asked: list[tuple[float, str]] = []
    for kind, sentence in sentences:
        if kind == "ignore":
            continue
        for found in _YEARS.finditer(sentence):
            tail = found.group("tail").lower()
            if "experience" in tail or "experience" in sentence.lower():
                asked.append((_number(found.group(1)), sentence))
        for found in _MIN_YEARS.finditer(sentence):
            asked.append((_number(found.group(1)), sentence))
    if not asked:
        return None, ""
    years, sentence = min(asked)
    return years, sentence


def _education(sentences: list[tuple[str, str]]) -> tuple[str | None, str]:
    """The lowest degree the ad accepts ("Bachelor's or Master's" → bachelor)."""
    for kind, sentence in sentences:
        if kind == "ignore":
            continue
        levels = [lvl for lvl, pattern in EDUCATION_WORDS if re.search(pattern, sentence, re.I)]
        if levels and re.search(
            r"degree|diploma|bachelor|master|ph\.?d|doctor|mba|b\.?sc|m\.?sc|"
            r"b\.s\.|m\.s\.|ged",
            sentence,
            re.I,
        ):
            return min(levels, key=EDUCATION.index), sentence
    return None, ""
