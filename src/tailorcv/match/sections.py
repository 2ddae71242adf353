"""Cut a job ad into sentences and say which part of the ad each one belongs to.

Parts are found by headings ("Requirements", "Nice to have", "What we offer" …) and, where an ad
has no heading, by how a paragraph opens ("To apply, …", "We offer …", "Acme is an equal
opportunity employer", "Acme is a leading …"). A few sentences give themselves away wherever they
stand ("send your GitHub profile to …", "401(k) matching").

The kinds of part:

| kind | what it holds | skills count? |
| --- | --- | --- |
| intro, duty, other | what the job is and does | yes |
| required, preferred | what the job asks for | yes |
| company, culture | about-us, mission, values | no |
| benefits | pay, perks, leave | no |
| apply | how to apply, the interview process | no |
| eeo | equal-opportunity statements | no |

Everything but the job's own parts is *boilerplate* (issue 15): it never yields a skill, and it is
left out of the text that describes the job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tailorcv.match.adtext import Ad

JOB_KINDS = frozenset({"intro", "duty", "required", "preferred", "other"})
BOILERPLATE = frozenset({"company", "culture", "benefits", "apply", "eeo"})

_EEO = (
    r"equal (?:employment )?opportunit|\beeo\b|affirmative action|without regard to|"
    r"does not discriminate|regardless of (?:race|age|gender|sex|religion|colou?r)|"
    r"reasonable accommodation"
)
# Headings by kind, tried in this order: "Application requirements" is about applying, and
# "Preferred skills" is preferred, before "requirement" and "skills" make them required.
_HEADINGS = (
    ("eeo", _EEO + r"|diversity|inclusion"),
    (
        "apply",
        r"\bapply\b|\bapplying\b|\bapplicants?\b|application (?:process|materials|requirements|"
        r"instructions|deadline|procedure)|interview|hiring process|recruit(?:ment|ing) process|"
        r"selection process|next steps|what happens next|contact|please submit|submit (?:your|the)|"
        r"statement|writing samples|documents|on your resume",
    ),
    (
        "benefits",
        r"benefit|we offer|perks|compensation|salary|\bpay\b|rewards|what(?:'s| is) in it|"
        r"what you(?:'ll| will)? get|why (?:join|work|you(?:'ll| will) love)|work environment|"
        r"working (?:here|with us|conditions)|career (?:development|growth|path)|"
        r"professional development|growth opportunit|time off|wellbeing|wellness|"
        r"career progression",
    ),
    (
        "culture",
        r"culture|(?:our|company|core|team) values|what we believe|life at|how we work",
    ),
    (
        "company",
        r"about (?!you\b|the (?:role|job|position|opportunity)\b|this (?:role|job|position)\b)|"
        r"company (?:overview|description|profile)|our (?:company|mission|story|team)|"
        r"who we are|mission|(?:our|research) impact|facilities|department strengths|"
        r"academic environment",
    ),
    (
        "preferred",
        r"nice[- ]to[- ]haves?|preferred|bonus|desired|desirable|pluses|a plus|good to have|"
        r"extra credit|ideally|wünschenswert|atouts|valorable",
    ),
    (
        "duty",
        r"responsibilit|what you(?:'ll| will) do|duties|your role|day[- ]to[- ]day|you will|"
        r"key objectives|key projects|activities|tasks|expectations|aufgaben|missions|"
        r"responsabilidades",
    ),
    (
        "required",
        r"requirement|qualification|must[- ]haves?|what you (?:will )?(?:bring|need|have)|"
        r"who you are|you have|you(?:'ll| will) need|required|minimum|basic qual|skills|skill ?set|"
        r"experience|what we(?:'re| are) looking for|about you|your profile|competenc|"
        r"knowledge|expertise|education|anforderungen|profil|votre profil|requisitos",
    ),
    (
        "intro",
        r"summary|overview|about the (?:role|job|position|opportunity)|about this|the role|"
        r"job description|position description|the opportunity|(?:basic|general|key) "
        r"(?:information|details)|job details|at a glance",
    ),
)
_HEADING_PATTERNS = tuple((kind, re.compile(pattern, re.I)) for kind, pattern in _HEADINGS)

# Sentences that are boilerplate wherever they stand.
_SENTENCE_CUES = (
    ("eeo", re.compile(_EEO, re.I)),
    (
        "apply",
        re.compile(
            r"\b(?:send|submit|e-?mail|upload|forward)(?: us)? (?:your|an?)\b[^.]{0,30}?"
            r"\b(?:cv|resume|résumé|application|portfolio|cover letter|github|linkedin|profile)|"
            r"\bapply (?:via|through|online|now|today|here)\b|\bapply on (?:linkedin|indeed|our)|"
            r"\bto apply\b|\bcover letter\b|\bapplications? (?:will be|are|is) (?:reviewed|"
            r"accepted|considered)|\breference checks?\b|\b(?:screening|phone) call\b|"
            r"\bon your (?:resume|résumé|cv)\b|\bfederal(?:[- ]style)? resume\b",
            re.I,
        ),
    ),
    (
        "benefits",
        re.compile(
            r"401\s*\(?k\)?|\b403\(b\)|health, dental|dental(?:,| and) vision|"
            r"(?:health|dental|medical|vision) (?:insurance|coverage|plans?|benefits)(?! port)|"
            r"paid time off|\bPTO\b|(?:parental|maternity|paternity) leave|\bgym\b|stipend|"
            r"tuition (?:reimbursement|assistance)|mental health (?:support|benefits|days)|"
            r"wellness (?:program|stipend|benefits)|equity package|stock options|salary range|"
            r"\$\d[\d,.]*k?\s*(?:-|–|to)\s*\$?\d|employee assistance program|pension|"
            r"relocation (?:assistance|package)|sick leave|vacation days|\byour salary\b|"
            r"\bsalary (?:range|will|is|of|calculator)|\b(?:locality )?pay (?:range|scale|system)|"
            r"\bbenefits (?:of working|section|package|page)|\blocality pay\b",
            re.I,
        ),
    ),
)
# A word of every cue above, lower case: a sentence with none of them has no cue.
_CUE_HINTS = (
    *("opportunit", "eeo", "affirmative", "regard", "discriminat", "accommodat"),
    *("send", "submit", "mail", "upload", "forward", "apply", "cover letter", "applica"),
    *("reference", "call", "resume", "résumé", "cv"),
    *("401", "403", "dental", "health", "medical", "vision", "time off", "pto", "leave", "gym"),
    *("stipend", "tuition", "wellness", "equity", "stock", "salary", "$", "assistance"),
    *("pension", "relocation", "vacation", "pay", "benefit"),
)
# How a paragraph without a heading opens when it is not about the job.
_PARAGRAPH_CUES = (
    (
        "apply",
        re.compile(
            r"^(?:to apply|how to apply|apply (?:now|today|here|via|through|online|by)|"
            r"interested (?:candidates|applicants)|if (?:you(?:'re| are) )?interested|"
            r"please (?:send|submit|apply|email|include)|send (?:us )?(?:your|an?) |"
            r"submit (?:your|an?) |applications? (?:should|must|will|are)|"
            r"we (?:will )?review applications)",
            re.I,
        ),
    ),
    (
        "benefits",
        re.compile(
            r"^(?:we offer|what we offer|our benefits|benefits include|perks include|"
            r"you(?:'ll| will) (?:get|receive|enjoy)|in return|we provide|compensation|"
            r"the (?:base )?(?:salary|pay)|salary)\b",
            re.I,
        ),
    ),
    (
        "culture",
        re.compile(
            r"^(?:our (?:culture|values)|we (?:value|believe|foster|celebrate|encourage|"
            r"embrace)\b)",
            re.I,
        ),
    ),
    (
        "company",
        re.compile(
            r"^(?:about (?:us|the company)\b|founded in\b|our (?:mission|story|vision|company)\b|"
            r"(?:we(?:'re| are)|at [^,]{2,40}, we(?:'re| are)) (?:a|an|the) [^.]{0,80}?\b"
            r"(?:company|startup|firm|agency|organi[sz]ation|provider|leader|platform|business|"
            r"institute|employer|nonprofit|non-profit|hospital|university|brand|manufacturer|"
            r"retailer|consultancy|group)\b)",
            re.I,
        ),
    ),
)
# "Acme Freight is a leading logistics company": a company introducing itself.
_INTRODUCES_A_COMPANY = re.compile(
    r"^(?:The )?(?:[A-Z][\w&.'-]*,? ){1,4}(?:is|are) (?:a|an|the) (?:[\w-]+ ){0,5}?(?:company|"
    r"startup|firm|agency|organi[sz]ation|provider|leader|platform|business|institute|employer|"
    r"nonprofit|non-profit|hospital|university|brand|manufacturer|retailer|consultancy|group|"
    r"facility|department|studio|lab|laboratory)\b"
)
# A sentence of an about-us paragraph that turns to the job ends the about-us part.
_ABOUT_THE_JOB = re.compile(
    r"\b(?:you|your|role|position|candidate|seeking|looking for|hiring|join|responsib)", re.I
)
_BULLET = re.compile(r"^[-•*·▪◦●‣–]\s*|^\d{1,2}[.)]\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the ad, the kind of part it sits in, and the line it came from."""

    kind: str
    text: str
    line: int
    bullet: bool = False

    @property
    def about_the_job(self) -> bool:
        return self.kind in JOB_KINDS


def heading_kind(line: str, *, marked: bool = False, before_list: bool = False) -> str | None:
    """The kind of part a heading line opens, or None when the line is not a heading.

    A line is a heading when it is short and either looks like one (ends in a colon, is in
    capitals, is marked by its format) or, plainer, names a part in most of its words, is in
    Title Case, or leads into a list: "Strong Python skills" is a sentence, not a heading. A
    "Label: text" line is a heading when its label names a part ("Soft skills: teamwork").
    """
    if _BULLET.match(line) and not marked:
        return None
    head, colon, rest = line.partition(":")
    if colon and rest.strip() and len(head.split()) <= 6:
        return _kind_named(head.strip("-•*·#> "))
    bare = line.strip("-•*·:#> ").strip()
    words = bare.split()
    if not words or len(words) > 8:
        return None
    strong = _looks_like_heading(line, marked=marked)
    if not strong and (re.search(r"[.,;!?]$", bare) or re.search(r"\d", bare)):
        return None
    for kind, pattern in _HEADING_PATTERNS:
        found = pattern.search(bare)
        if found and (strong or before_list or _reads_as_heading(bare, found)):
            return kind
    return "other" if strong else None


def _kind_named(label: str) -> str | None:
    return next((kind for kind, pattern in _HEADING_PATTERNS if pattern.search(label)), None)


def names_a_part(line: str) -> bool:
    """Whether a line is mostly the name of a part ("Requirements", "About us", "Job
    description"), not a title that holds such a word ("Customer Experience Manager")."""
    bare = line.strip("-•*·:#> ").strip()
    for _, pattern in _HEADING_PATTERNS:
        found = pattern.search(bare)
        if found:
            return _mostly(bare, found)
    return False


def _mostly(bare: str, found: re.Match[str]) -> bool:
    return 2 * sum(c.isalpha() for c in found.group()) >= sum(c.isalpha() for c in bare)


def _looks_like_heading(line: str, *, marked: bool) -> bool:
    bare = line.strip("-•*·:#> ").strip()
    return marked or line.rstrip().endswith(":") or (bare.isupper() and len(bare) > 3)


def _reads_as_heading(bare: str, found: re.Match[str]) -> bool:
    """Whether a line without a colon reads as a heading: mostly the heading's words, or Title
    Case ("Required Experience", "Nice to have")."""
    if _mostly(bare, found):
        return True
    return all(w[0].isupper() or len(w) < 4 for w in bare.split())


def sentences(ad: Ad, company: str | None = None, title: str = "") -> list[Sentence]:
    """Every sentence of the ad in order, with the kind of part it belongs to."""
    reader = _Reader(company, title)
    for i, line in enumerate(ad.lines):
        following = next((n for n in ad.lines[i + 1 : i + 3] if n), "")
        reader.read(i, line, marked=i in ad.headings, before_list=bool(_BULLET.match(following)))
    return reader.out


class _Reader:
    """Reads lines in order, keeping the part and the paragraph the reading is in."""

    def __init__(self, company: str | None, title: str) -> None:
        self.out: list[Sentence] = []
        self.kind = "intro"  # the part the last heading opened
        self.paragraph: str | None = None  # a paragraph's own kind ("To apply, …")
        self.fresh = True  # the next line opens a paragraph
        self.title = title
        self.company = (
            re.compile(rf"^{re.escape(company)}\b(?:,[^,]*,)? [a-z]") if company else None
        )

    def read(self, i: int, line: str, *, marked: bool, before_list: bool) -> None:
        if not line:
            self.paragraph, self.fresh = None, True
            return
        heading = None
        if not self._is_title(line):  # "Senior PM - Mobile Applications" opens no part
            heading = heading_kind(line, marked=marked, before_list=before_list)
        if heading:
            self._open(i, line, heading, weak=not _looks_like_heading(line, marked=marked))
            return
        bullet = _BULLET.match(line) is not None
        parts = [p.strip() for p in _SENTENCE_END.split(_BULLET.sub("", line)) if p.strip()]
        if self.fresh and not bullet and parts and self.kind in JOB_KINDS:
            self.paragraph = _paragraph_kind(parts[0], self.company)
        self.fresh = False
        for text in parts:
            self.out.append(Sentence(self._kind_of(text), text, i, bullet))

    def _is_title(self, line: str) -> bool:
        rest = line[len(self.title) : len(self.title) + 1]
        return bool(self.title) and line.startswith(self.title) and not rest.isalnum()

    def _open(self, i: int, line: str, kind: str, *, weak: bool) -> None:
        self.kind, self.paragraph, self.fresh = kind, None, True
        head, _, rest = line.partition(":")
        if weak:  # a plain line read as a heading may still ask for something ("AWS experience")
            self.out.append(Sentence(self._kind_of(line), line, i))
        elif rest.strip() and len(head.split()) <= 6:  # "Stack: Go, Kafka": the rest is content
            self.out.append(Sentence(self._kind_of(rest.strip()), rest.strip(), i))

    def _kind_of(self, text: str) -> str:
        if self.paragraph in ("company", "culture") and _ABOUT_THE_JOB.search(text):
            self.paragraph = None  # "Acme builds X. We're hiring a …": the job starts here
        kind = self.paragraph or self.kind
        if kind not in JOB_KINDS:
            return kind
        low = text.lower()
        if not any(hint in low for hint in _CUE_HINTS):  # most sentences: 10x faster than a regex
            return kind
        asking = kind in ("required", "preferred")  # "Health Insurance Portability Act" asks
        cues = ((c, p) for c, p in _SENTENCE_CUES if not (asking and c == "benefits"))
        return next((cue for cue, pattern in cues if pattern.search(text)), kind)


def _paragraph_kind(first: str, company: re.Pattern[str] | None) -> str | None:
    if _SENTENCE_CUES[0][1].search(first):  # equal opportunity, wherever it says so
        return "eeo"
    for kind, pattern in _PARAGRAPH_CUES:
        if pattern.search(first):
            return kind
    if (company is not None and company.search(first)) or _INTRODUCES_A_COMPANY.search(first):
        return "company"
    return None
