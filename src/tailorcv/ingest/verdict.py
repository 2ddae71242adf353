"""Is this a résumé? A judgement of a read document, with its reasons in a person's words.

A cover letter, a job ad or a chapter of a novel reads without error, and the parser makes a
résumé of anything: its first line becomes a name, its paragraphs a summary (issue 18). ``judge``
looks at what was read and says when a file is something else: a **cover letter** (a salutation
and a sign-off, or one of them over letter paragraphs), a **job ad** or an **invoice** (several
of the phrases such documents are made of), or a document with **no résumé structure** at all (no
section a résumé has, no dated entry, no way to contact anyone).

The rules are conservative on purpose. One dated job, study, volunteer post or project makes a
résumé whatever else the file holds (a cover letter bound before a CV is a résumé); two résumé
sections overrule a salutation and a sign-off; a single section or a contact line is enough when
nothing points elsewhere. Every résumé of the shared corpus and of the tests passes
(``tests/ingest/test_verdict.py``). JSON and YAML résumés are judged by their validation alone
and never come here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tailorcv.errors import NotAResume
from tailorcv.ingest.document import Document, Imported
from tailorcv.resume.model import Education, Project, Resume, Volunteer, Work

# Only the first and last lines of a letter hold its salutation and its sign-off.
_EDGE = 30
_SCAN = 400  # lines searched for the phrases of a job ad or an invoice
_NON_WORD = re.compile(r"[^\w\n]+")
_ACCENTS = re.compile(r"[\u0300-\u036f]")  # combining marks, as NFKD splits them off letters
_SHORT = 12  # words: a salutation or sign-off stands alone on a short line
_PROSE_WORDS = 8  # a line of this many words, not a list item, is running text
_LETTER_PROSE = 0.5  # share of words in running text that makes a page letter-shaped
_CUES = 3  # distinct cues of a job ad (or an invoice) that name the file, with no dated entry
_CUES_BESIDE_SECTIONS = 6  # … when two résumé sections were found as well
_SECTIONS = 2  # résumé sections that make a file a résumé whatever else it holds

# Matched against folded lines (``_fold``: lower case, no accents or punctuation).
_SALUTATION = re.compile(
    r"^(dear|to whom it may concern|sehr geehrte[rs]?|estimad[oa]s?|a quien corresponda"
    r"|madame monsieur|mesdames messieurs)\b"
)
# Greetings that open other sentences too ("Liebe zum Detail", "Hello, I'm Jane") count only
# alone before a comma, colon or exclamation mark, as a letter sets them.
_GREETING = re.compile(
    r"^(hello|hi|liebe[rs]?|guten tag|hallo|madame|monsieur|mesdames|bonjour|apreciad[oa]s?"
    r"|senores|senoras|hola)\b"
)
_GREETING_END = re.compile(r"^\W*\w+(\W+\w+){0,4}\s*[,:!]$")
_SIGN_OFF = re.compile(
    r"^((yours )?(sincerely|faithfully|truly|respectfully)( yours)?|(with )?(kind|best|warm"
    r"|warmest) regards|regards|respectfully|(mit )?(freundlichen|besten|herzlichen) gru(ss|ß)en"
    r"|freundliche gru(ss|ß)e|(bien )?cordialement|veuillez agreer|je vous prie d agreer"
    r"|dans l attente de votre reponse|atentamente|(reciba )?(un )?(cordial|afectuoso) saludo"
    r"|saludos( cordiales)?|quedo a la espera)\b"
)
# Words a job ad uses to address its reader and to describe the post; a résumé uses few of them.
_JOB_AD = re.compile(
    r"\b(responsibilities|requirements|required (skills|experience|qualifications)"
    r"|preferred qualifications|minimum qualifications|nice to have|what you( will|ll) do"
    r"|what we offer|we offer|benefits|about the (role|job|position|team)|about you|who you are"
    r"|position summary|job (description|summary|type)|how to apply|apply now|to apply"
    r"|we are (looking|hiring|seeking)|we re (looking|hiring|seeking)|the ideal candidate"
    r"|you will|you ll|equal opportunity|salary|pay range|your profile|ihr profil|ihre aufgaben"
    r"|wir bieten|votre profil|vos missions|nous offrons|nous recherchons|requisitos|ofrecemos"
    r"|buscamos)\b"
)
_INVOICE = re.compile(
    r"\b(invoice|bill(ed)? to|sub ?total|(total|amount|balance) due|due date"
    r"|payment (terms|due)|unit price|qty|vat|sales tax|tax id|iban|bic|swift|rechnung"
    r"|rechnungsnummer|zwischensumme|mwst|zahlungsziel|facture|tva|total ttc|total ht|factura"
    r"|importe|iva)\b"
)
_OTHERS = {"job-ad": _JOB_AD, "invoice": _INVOICE}
_RESUME_SECTIONS = (
    "work", "education", "skills", "projects", "certificates", "awards", "publications",
    "languages", "volunteer", "interests", "references",
)  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    """What ``judge`` weighs, counted from the document and the résumé read from it."""

    words: int
    salutation: str | None  # the line that greets a reader ("Dear Ms. Smith,")
    sign_off: str | None  # the line that takes leave ("Sincerely,")
    prose: float  # share of the words that stand in running text, not in lists or short lines
    dated: int  # work, education, volunteer and project entries with a date
    sections: tuple[str, ...]  # résumé sections found (summary aside)
    contact: bool  # an email, phone, web address or profile in the header
    cues: dict[str, tuple[str, ...]]  # distinct cues of a job ad, an invoice ("we offer")


@dataclass(frozen=True)
class Verdict:
    """``kind`` is "resume", "cover-letter", "job-ad", "invoice" or "no-structure"; ``reasons`` are
    sentences a person can check against the file ("it opens with “Dear Ms. Smith”"). A résumé
    has reasons only when it holds a letter as well."""

    kind: str
    reasons: tuple[str, ...] = ()

    @property
    def is_resume(self) -> bool:
        return self.kind == "resume"

    @property
    def seems(self) -> str | None:
        """What the file seems to be, in words ("a cover letter"), when it can be named."""
        return _SEEMS.get(self.kind)

    def sentence(self) -> str:
        """One sentence that says what the file looks like and why."""
        seems = self.seems
        start = (
            f"this looks like {seems}, not a résumé"
            if seems
            else "this does not look like a résumé"
        )
        return start + (f": {'; '.join(self.reasons)}" if self.reasons else "")

    def refusal(self, misnamed: str | None = None) -> NotAResume:
        """The error to raise: what the file seems to be, why, and what to do instead."""
        sentences = [misnamed] if misnamed else []
        sentences += [self.sentence(), _ADVICE[self.kind]]
        message = ". ".join(s[0].upper() + s[1:] if i else s for i, s in enumerate(sentences))
        return NotAResume(message, self.kind, self.reasons)

    def warning(self) -> str | None:
        """What stays with a file imported although it does not look like a résumé, or with a
        résumé that holds a letter too; None for a plain résumé."""
        if self.is_resume and not self.reasons:
            return None
        if self.is_resume:
            return (
                f"the file holds a letter as well as a résumé ({'; '.join(self.reasons)}); "
                "check that none of the letter's text landed in your résumé"
            )
        return f"{self.sentence()}; it was imported because you asked for it, so check every field"


_SEEMS = {"cover-letter": "a cover letter", "job-ad": "a job ad", "invoice": "an invoice"}
_ADVICE = {
    "cover-letter": "Upload your résumé instead (the letter can go with your application)",
    "job-ad": "Upload your résumé instead; to match a résumé against this ad, add it as a job",
    "invoice": "Upload your résumé instead",
    "no-structure": "Check that this is the file you meant, or upload your résumé as PDF, DOCX "
    "or text",
}
RESUME = Verdict("resume")


def settle(imported: Imported, verdict: Verdict, misnamed: str | None, *, force: bool) -> Imported:
    """``imported`` with what the person should know first; raises ``NotAResume`` when it is
    not a résumé, unless ``force``. A name its bytes contradict alone refuses nothing: a résumé
    saved as text under ``cv.pdf`` is still a résumé, and the warning says how it was read."""
    if not verdict.is_resume and not force:
        raise verdict.refusal(misnamed)
    first = [note for note in (misnamed, verdict.warning()) if note]
    imported.warnings[:0] = first
    return imported


def judge(document: Document, imported: Imported) -> Verdict:
    """Whether ``imported``, read from ``document``, looks like a résumé, and why not."""
    found = evidence(document, imported)
    if found.dated:
        return Verdict("resume", _letter_marks(found)) if _marks(found) == 2 else RESUME
    if len(found.sections) < _SECTIONS and _letter(found):
        return Verdict("cover-letter", _letter_reasons(found))
    other = _other(found)
    if other is not None:
        cues = _and(tuple(f"“{cue}”" for cue in found.cues[other][:4]))
        return Verdict(other, (f"it speaks of {cues}", _NO_ENTRIES))
    if found.sections or found.contact:
        return RESUME
    return Verdict("no-structure", _bare_reasons(found))


def evidence(document: Document, imported: Imported) -> Evidence:
    """Count what tells a résumé from a letter, an ad or any other text."""
    texts = [line.text.strip() for line in document.lines if line.text.strip()]
    head = [_fold(text) for text in texts[:_EDGE]]
    tail = [_fold(text) for text in texts[-_EDGE:]]
    scanned = _fold("\n".join(texts[:_SCAN]))  # a job ad or an invoice says what it is early
    resume = imported.resume
    return Evidence(
        words=sum(len(text.split()) for text in texts),
        salutation=_salutation(texts[:_EDGE], head[:_EDGE]),
        sign_off=_first(texts[-_EDGE:][::-1], tail[::-1], _SIGN_OFF),
        prose=_prose_share(document),
        dated=_dated(resume),
        sections=tuple(key for key in imported.sections if key in _RESUME_SECTIONS),
        contact=_contact(resume),
        cues={kind: _cues(scanned, pattern) for kind, pattern in _OTHERS.items()},
    )


def _fold(text: str) -> str:
    """``cues.fold`` (lower case, no accents or punctuation, "&" as "and") that keeps line
    breaks and drops accents with one pattern instead of a loop over characters: judging a
    two-page résumé costs 2–3 ms beside the parser's 50."""
    plain = unicodedata.normalize("NFKD", text.lower().replace("&", " and "))
    words = _NON_WORD.sub(" ", _ACCENTS.sub("", plain))
    return "\n".join(line.strip() for line in words.split("\n"))


def _first(texts: list[str], folded: list[str], pattern: re.Pattern[str]) -> str | None:
    """The first short line that ``pattern`` matches, as the file shows it."""
    for text, low in zip(texts, folded, strict=True):
        if len(low.split()) <= _SHORT and pattern.match(low):
            return text.rstrip(",;:")
    return None


def _salutation(texts: list[str], folded: list[str]) -> str | None:
    """The line that greets the reader: "Dear …", or a short greeting ending in "," ":" "!"."""
    found = _first(texts, folded, _SALUTATION)
    if found is not None:
        return found
    for text, low in zip(texts, folded, strict=True):
        if _GREETING.match(low) and _GREETING_END.match(text):
            return text.rstrip(",;:!")
    return None


def _prose_share(document: Document) -> float:
    """The share of words in lines of running text: long lines that are not list items."""
    total = prose = 0
    for line in document.lines:
        count = len(line.text.split())
        total += count
        if count >= _PROSE_WORDS and not line.bullet and not line.text.lstrip().startswith("-"):
            prose += count
    return prose / total if total else 0.0


def _dated(resume: Resume) -> int:
    entries: list[Work | Education | Volunteer | Project] = [
        *resume.work, *resume.education, *resume.volunteer, *resume.projects
    ]  # fmt: skip
    return sum(1 for entry in entries if entry.start_date or entry.end_date)


def _contact(resume: Resume) -> bool:
    basics = resume.basics
    return bool(basics.email or basics.phone or basics.url or basics.profiles)


def _cues(text: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The distinct phrases ``pattern`` finds, in the order they first appear."""
    return tuple(dict.fromkeys(match.group() for match in pattern.finditer(text)))


def _letter(found: Evidence) -> bool:
    """A salutation and a sign-off; or one of them on a page of letter paragraphs."""
    marks = _marks(found)
    return marks == 2 or (marks == 1 and found.prose >= _LETTER_PROSE)


def _marks(found: Evidence) -> int:
    return (found.salutation is not None) + (found.sign_off is not None)


def _other(found: Evidence) -> str | None:
    """The kind of document with the most cues, when it has several; many more are needed when
    the file also has two résumé sections (an ad's "Skills" and "Qualifications" read as
    sections)."""
    needed = _CUES if len(found.sections) < _SECTIONS else _CUES_BESIDE_SECTIONS
    kind = max(found.cues, key=lambda k: len(found.cues[k]))
    return kind if len(found.cues[kind]) >= needed else None


_NO_ENTRIES = "it lists no dated jobs or studies"


def _letter_marks(found: Evidence) -> tuple[str, ...]:
    """Where the letter greets and takes leave, as the file says it."""
    opens = (f"it opens with “{found.salutation}”",) if found.salutation else ()
    closes = (f"it closes with “{found.sign_off}”",) if found.sign_off else ()
    return opens + closes


def _letter_reasons(found: Evidence) -> tuple[str, ...]:
    prose = ("it is written in paragraphs",) if found.prose >= _LETTER_PROSE else ()
    return (*_letter_marks(found), *prose, _NO_ENTRIES)


def _and(parts: tuple[str, ...]) -> str:
    """ "a", "a and b", "a, b and c" """
    return " and ".join(filter(None, (", ".join(parts[:-1]), parts[-1]))) if parts else ""


def _bare_reasons(found: Evidence) -> tuple[str, ...]:
    if not found.words:
        return ("no text was found in it",)
    return (
        "it has none of a résumé's sections (such as Experience, Education or Skills)",
        _NO_ENTRIES,
        "it gives no email, phone or web address",
    )
