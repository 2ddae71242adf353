"""The plain facts of a job ad: title, company, seniority, years, degree and kind of employment.

Each fact comes with the sentence that stated it. Only the job's own sentences are read (see
``sections``): a benefits list or an equal-opportunity statement states none of these facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tailorcv.match.sections import Sentence, names_a_part

SENIORITY = ("intern", "junior", "mid", "senior", "lead", "principal")
EDUCATION = ("high school", "associate", "bachelor", "master", "doctorate")
EMPLOYMENT = (
    "full-time",
    "part-time",
    "contract",
    "freelance",
    "internship",
    "temporary",
    "per-diem",
)

# Numbers people write as words, for years asked ("three years") and for the guard.
WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
} | {"fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100, "dozen": 12}

# Title words by level, first match wins (the résumé side reads its titles with these too).
# "Associate" is a weak sign, tried last: "Associate Director" is a director.
SENIORITY_WORDS = (
    (
        "principal",
        r"\b(?:principal|distinguished|chief|vp|vice president|head of|director|"
        r"c[teofi]o|ciso|cmo)\b",
    ),
    ("intern", r"\b(?:intern|internship|trainee|praktikum|stagiaire|apprentice)\b"),
    ("junior", r"\b(?:junior|jr\.?|entry[- ]level|graduate|new grad)\b"),
    (
        "lead",
        r"\b(?:lead|manager|supervisor|architect|"
        r"staff\s+(?:[\w-]+\s+){0,2}(?:engineer|scientist|developer|designer|researcher|sre))\b",
    ),
    ("senior", r"\b(?:senior|sr\.?|experienced|expert)\b"),
    ("mid", r"\b(?:mid[- ]level|intermediate|mid[- ]senior|regular)\b"),
    ("junior", r"\bassociate\b"),
)
# Ad sentences that set the level when the title does not.
_LEVEL_CUES = (
    (
        "intern",
        r"\b(?:this|our|the|paid|unpaid|summer|\d+[- ](?:month|week)) internship\b|"
        r"\binternship (?:program|position|role)\b",
    ),
    (
        "junior",
        r"\bnew grad(?:uate)?s?\b|\bentry[- ]level\b|\bresidency program|"
        r"\bgraduate (?:scheme|programme|program)\b|\brecent (?:college )?graduates?\b",
    ),
)

_LEVEL_HINT = re.compile(r"level|intern|grad|residen", re.I)
# "Experience precepting new graduates": a cue about the people the hire will teach, not the hire.
_ABOUT_OTHERS = re.compile(
    r"\b(?:precept|mentor|train|orient|supervis|coach|onboard|teach|support|lead|manag|guid)"
    r"\w*\s+(?:[\w-]+\s+){0,3}(?:new grad|entry[- ]level|interns?\b|residents?\b|graduates?\b)",
    re.I,
)

# Degrees by level, in ads. Loose forms ("degree in …") are a bachelor only when no level is
# named: "Master's degree in Computer Science" is a master (issue 15).
_DEGREES = (
    ("doctorate", r"\b(?:ph\.?\s?d|doctorate|doctoral|doctor of|dnp|d\.phil|doktor|doctorat)\b"),
    (
        "master",
        r"\b(?:master(?:'s|’s|s)(?!\w)|master (?:degree|of|in)\b|m\.?sc\b|m\.s\.|mba\b|m\.eng\b|"
        r"msn\b|graduate degree|postgraduate|ms (?:degree|in)\b)|(?<=/)ms\b",
    ),
    (
        "bachelor",
        r"\b(?:bachelor(?:'s|’s|s)?(?!\w)|b\.?sc\b|b\.s\.|b\.a\.|ba/bs|bs/ba|bs/ms|bsn\b|"
        r"undergraduate degree|four[- ]year degree|4[- ]year degree|bs (?:degree|in)\b)",
    ),
    (
        "associate",
        r"\b(?:associate(?:'s|’s|s)? degree|associate of|two[- ]year degree|a\.a\.s?\.|adn\b)",
    ),
    ("high school", r"\b(?:high school|ged|secondary school|diploma)\b"),
)
_LOOSE_DEGREE = re.compile(r"\b(?:college|university) degree|\bdegree (?:in|from)\b", re.I)
_ANY_DEGREE = re.compile("|".join(p for _, p in _DEGREES) + "|" + _LOOSE_DEGREE.pattern, re.I)
# The same, for reading résumés and the guard: there "Master" alone is a master's.
EDUCATION_WORDS = (
    ("doctorate", r"\b(?:ph\.?\s?d|doctorate|doctoral|doktor|doctorat|dnp)\b"),
    ("master", r"\b(?:master'?s?|m\.?sc?\b|m\.s\.|mba|m\.eng|msn\b|graduate degree|postgraduate)"),
    (
        "bachelor",
        r"\b(?:bachelor'?s?|b\.?sc?\b|b\.s\.|b\.a\.|ba/bs|bs/ba|bsn\b|undergraduate degree|"
        r"four-year degree|4-year degree|college degree|university degree|degree in)",
    ),
    (
        "associate",
        r"\b(?:associate'?s? degree|associate degree|associate of|two-year degree|"
        r"a\.a\.s?\.|adn\b)",
    ),
    ("high school", r"\b(?:high school|ged|secondary school|diploma)\b"),
)

_NUM = r"(\d{1,2}(?:\.\d)?|" + "|".join(WORD_NUMBERS) + r")"
_YEARS = re.compile(
    _NUM + r"\s*\+?\s*(?:(?:-|–|to|or)\s*" + _NUM + r"\s*\+?\s*)?"
    r"(?:\+\s*)?(?:years?|yrs?)\b(?:'|’)?(?:\s+of)?(?P<tail>[^.;\n]{0,80})",
    re.I,
)
_MIN_YEARS = re.compile(
    r"(?<!no )(?<!not )(?:at least|minimum of|min\.?|over|more than)\s+"
    + _NUM
    + r"\s*\+?\s*years?",
    re.I,
)
_CAP_BEFORE = re.compile(
    r"(?:up to|no more than|not more than|at most|maximum of|max\.?|less than|fewer than|"
    r"under)\s*$",
    re.I,
)
# "3+ years of Go", "two years building APIs": years of doing something are experience.
_DOING = re.compile(
    r"^\s*(?!age\b|hire\b|employment\b|service\b|the\b|graduation\b|start|joining\b)"
    r"(?:[a-z][\w+#.-]*|[A-Z][\w+#.-]*)",
)


def guess_title(lines: list[str]) -> str:
    """The first short line that is not a section heading; "Job title:" prefixes and
    parenthesised asides ("(3 Years of Experience)") are dropped."""
    for line in lines[:8]:
        prefixed = re.match(
            r"^(?:job\s+)?(?:title|description|position)\s*[:\-–]\s*(.+)", line, re.I
        )
        if not prefixed and (not line or _is_prose(line) or _BULLETED.match(line)):
            continue
        if not prefixed and names_a_part(line):
            continue
        bare = prefixed.group(1) if prefixed else line
        bare = re.sub(r"\s*\(.*$", "", bare)
        title = re.split(r"\s+[|—–]\s+|\s+-\s+(?=[A-Z])", bare)[0].strip(" :")
        if title and re.search(r"\w", title):
            return title
    return ""


_BULLETED = re.compile(r"^[-•*·▪◦●‣–]\s")


def _is_prose(line: str) -> bool:
    words = line.split()
    return len(words) > 12 or (len(words) > 4 and line.endswith((".", "!", "?")))


def guess_company(lines: list[str], title: str) -> str | None:
    for line in lines[:12]:
        about = re.match(r"^about\s+(?!us\b|the\b|you\b|this\b)(.{2,60}?):?$", line, re.I)
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


def seniority(
    title: str, years: float | None, years_from: str, said: list[Sentence]
) -> tuple[str | None, str]:
    """The level the job is at, and why: its title, a sentence, or the years it asks."""
    for level, pattern in SENIORITY_WORDS:
        if re.search(pattern, title, re.I):
            return level, title
    for sentence in said[:60]:
        stated = _level_said(sentence.text)
        if stated:
            return stated, sentence.text
    if years is None:
        return None, ""
    level = "junior" if years < 2 else "mid" if years < 5 else "senior" if years < 8 else "lead"
    return level, years_from


def _level_said(text: str) -> str | None:
    if not _LEVEL_HINT.search(text) or _ABOUT_OTHERS.search(text):
        return None
    for level, pattern in _LEVEL_CUES:
        if re.search(pattern, text, re.I):
            return level
    found = re.search(r"experience level:\s*(\w[\w-]*)|(\w[\w-]*)[- ]level\b", text, re.I)
    if found:
        word = (found.group(1) or found.group(2)).lower()
        for level, pattern in SENIORITY_WORDS:
            if re.search(pattern, word + "-level", re.I):
                return level
    return None


def _number(text: str) -> float:
    return float(WORD_NUMBERS.get(text.lower(), 0) or text)


def years(said: list[Sentence]) -> tuple[float | None, float | None, str]:
    """The fewest years of experience the ad asks for, the most it allows (the top of a range,
    or a cap: "0–2 years", "up to 3 years"), and the sentence that asks."""
    least: list[tuple[float, str]] = []
    most: list[tuple[float, str]] = []
    for sentence in said:
        text = sentence.text
        if "year" not in text.lower() and "yr" not in text.lower():
            continue
        for found in _YEARS.finditer(text):
            if not _is_experience(found, text):
                continue
            if _CAP_BEFORE.search(text, 0, found.start()):
                most.append((_number(found.group(1)), text))
                continue
            least.append((_number(found.group(1)), text))
            if found.group(2):
                most.append((_number(found.group(2)), text))
        least += [(_number(m.group(1)), text) for m in _MIN_YEARS.finditer(text)]
    fewest, evidence = min(least) if least else (None, "")
    cap, cap_evidence = max(most) if most else (None, "")
    if cap is not None and fewest is not None and cap < fewest:
        cap = None  # "5+ years of Python; up to 2 years managing" caps nothing
    return fewest, cap, evidence or cap_evidence


def _is_experience(found: re.Match[str], text: str) -> bool:
    if "experience" in text.lower():
        return True
    lead_in = text[found.start() : found.start("tail")].rstrip().lower()
    return lead_in.endswith(" of") and _DOING.match(found.group("tail")) is not None


def education(
    said: list[Sentence], preferred: Callable[[Sentence], bool]
) -> tuple[str | None, str]:
    """The lowest degree the ad accepts ("Bachelor's or Master's" → bachelor), from the first
    sentence that asks for one; a degree only preferred counts when none is required."""
    asked = [(s, level) for s in said if (level := _degree_in(s.text))]
    required = [(s, level) for s, level in asked if not preferred(s)]
    if not asked:
        return None, ""
    sentence, level = (required or asked)[0]
    return level, sentence.text


def _degree_in(text: str) -> str | None:
    if not _ANY_DEGREE.search(text):  # one pass: most sentences name no degree
        return None
    levels = [level for level, pattern in _DEGREES if re.search(pattern, text, re.I)]
    if not levels and _LOOSE_DEGREE.search(text):
        return "bachelor"
    return min(levels, key=EDUCATION.index) if levels else None


# --- kind of employment ----------------------------------------------------------------------

_NOT_A_JOB_CONTRACT = (
    r"(?!s?\s*(?:negotiat|manag|law|review|administrat|complian|draft|award|vehicle|officer|"
    r"specialist|spend|template|terms))"
)
# Tried in this order: a 13-week travel contract that pays per diem is a contract.
_EMPLOYMENT_CUES = (
    (
        "internship",
        r"\b(?:this|our|the|paid|unpaid|summer|winter|\d+[- ](?:month|week)) internship\b|"
        r"\binternship (?:program|position|role|opportunity)\b|\bco-op (?:position|term)\b",
    ),
    (
        "freelance",
        r"\bfreelance(?:r)? (?:role|position|basis|contract|project|opportunity|assignment|gig)"
        r"\b|\bas a freelancer\b|\bon a freelance\b",
    ),
    (
        "contract",
        r"\bcontract[- ]to[- ]hire\b|\bcontract(?:or)? (?:role|position|job|basis|assignment|"
        r"opportunity|engagement|length|duration|period)\b|"
        r"\b(?:on|for) an? (?:\d+[- ](?:month|week|year)s? )?(?:\w+ )?contract\b"
        + _NOT_A_JOB_CONTRACT
        + r"|\b\d+[- ](?:month|week|mo|wk)s?\b(?: [\w-]+){0,2} contract\b"
        + _NOT_A_JOB_CONTRACT
        + r"|\b(?:travel|fixed[- ]term|short[- ]term|long[- ]term|independent|temporary|1099|"
        r"w-?2|c2c|corp[- ]to[- ]corp) contract(?:or)?\b" + _NOT_A_JOB_CONTRACT,
    ),
    (
        "per-diem",
        r"\bper[- ]diem\b(?! (?:allowance|stipend|rates?|reimburse|expense|pay|meal))|"
        r"(?-i:\bPRN\b)(?! med| order)",
    ),
    (
        "temporary",
        r"\btemporary (?:role|position|job|assignment|basis|employee|worker|staff|post|"
        r"placement|hire)\b|\btemp[- ]to[- ](?:perm|hire)\b|\bseasonal (?:role|position|job|"
        r"work|employment|associate|staff|worker|hire|opportunity|team)\b|\binterim (?:role|"
        r"position|assignment|basis|cover|period)\b|\b\d+[- ]month (?:interim|temporary|"
        r"fixed[- ]term)\b|\bfixed[- ]term\b|\bmaternity (?:leave )?cover\b|\bterm appointment\b",
    ),
)
# A word of every cue above, lower case: a sentence with none of them states no terms.
_EMPLOYMENT_HINTS = (
    *("intern", "freelanc", "contract", "diem", "prn", "temp", "seasonal", "interim", "fixed"),
    *("term", "cover", "co-op"),
)
_TITLE_CUES = (
    ("internship", r"\bintern(?:ship)?\b|\bco-op\b"),
    ("freelance", r"\bfreelance"),
    ("contract", r"\bcontract(?:or)?\b|\btravel (?:[a-z]+ )?(?:nurse|rn|lpn|therapist|tech)"),
    ("per-diem", r"\bper[- ]diem\b|(?-i:\bPRN\b)"),
    ("temporary", r"\btemporary\b|\btemp\b|\bseasonal\b|\binterim\b|\bfixed[- ]term\b"),
    ("part-time", r"\bpart[- ]?time\b"),
    ("full-time", r"\bfull[- ]?time\b"),
)
_LABELLED = re.compile(
    r"^(?:work schedule|schedule|employment(?: type)?|job type|position type|contract type|"
    r"type of (?:employment|position|contract)|hours)\s*:",
    re.I,
)
_HOURS_HINT = re.compile(r"time|hours?|hrs|\d\s*h\b", re.I)
_HOURS = re.compile(
    r"\b(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\s*(?:hours|hrs|h)\s*(?:/|per|a|each)\s*(?:week|wk)\b",
    re.I,
)


def employment(title: str, said: list[Sentence]) -> tuple[str | None, str]:
    """Full-time, part-time, contract …, and the title or sentence that says so: the title
    first, then a labelled line ("Work schedule: Full time"), then the rest of the ad."""
    stated = [(_LABELLED.sub("", s.text), s.text) for s in said if _LABELLED.match(s.text)]
    for value, evidence in [(title, title), *stated]:
        kind = next((k for k, pattern in _TITLE_CUES if re.search(pattern, value, re.I)), None)
        if kind:
            return kind, evidence
    hinted = [s for s in said if any(hint in s.text.lower() for hint in _EMPLOYMENT_HINTS)]
    for kind, pattern in _EMPLOYMENT_CUES:
        found = next((s for s in hinted if re.search(pattern, s.text, re.I)), None)
        if found:
            return kind, found.text
    for sentence in said:
        hours = _hours(sentence.text)
        if hours:
            return hours, sentence.text
    return None, ""


def _hours(text: str) -> str | None:
    """Part- or full-time, as the text says it or by its hours a week ("10 hours/week")."""
    if not _HOURS_HINT.search(text):
        return None
    if re.search(r"(?<!if )\bpart[- ]?time\b", text, re.I):
        return "part-time"
    if re.search(r"\bfull[- ]?time\b", text, re.I):
        return "full-time"
    found = _HOURS.search(text)
    if found and not re.search(r"\b(?:sav|reduc|cut|free)\w*\W+$", text[: found.start()], re.I):
        most = float(found.group(2) or found.group(1))
        return "part-time" if most < 30 else "full-time"
    return None
