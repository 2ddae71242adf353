"""Read the head lines of an entry into fields: who (company, school), what (position, degree),
where, and a link.

A head line is cut at its separators, then web addresses and places are taken out; what is left
are names, told apart by cues (job-title words, company suffixes, school words, degrees) and,
when the cues are silent, by order: the first name is the position, the second the employer, as
in "Position | Company" and tailorcv's own templates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tailorcv.ingest import cues
from tailorcv.ingest.lines import fields, full_url, urls
from tailorcv.skills import taxonomy

_SCORE = re.compile(
    r"\(?\b(?:c?gpa|grade|note|nota|mention|notenschnitt|average)\s*:?\s*"
    r"(?P<score>\d+(?:[.,]\d+)?(?:\s*/\s*\d+(?:[.,]\d+)?)?(?:\s*[A-Za-z]+)?)\)?",
    re.IGNORECASE,
)


_AT = re.compile(r"(.+?)\s+(?:at|@)\s+([A-Z].*)")
_SLASH = "\u2215"  # stands for " / " while a line is cut at its other separators
_SMALL_WORDS = frozenset(
    "of and in for the at to on with de del la le du des et y en und von der die für a an".split()
)


@dataclass
class Parts:
    """What a head says, by kind: names in order, a link, a place, and a score."""

    names: list[str] = field(default_factory=list)
    url: str | None = None
    location: str | None = None
    score: str | None = None


def read(head: list[str], links: list[str], *, split_places: bool = True) -> Parts:
    """Cut the head lines of an entry into names, link, place and score."""
    found = Parts()
    ends: list[str] = []
    for line in head:
        score = _SCORE.search(line)
        if score:
            found.score = found.score or score.group("score").strip()
            line = line[: score.start()] + " | " + line[score.end() :]
        parts = _fields(line)
        for part in parts:
            _take(part, found, links, split_places)
        if found.names and (
            (len(parts) > 1 and ("\t" in line or len(parts) > 2)) or len(line.split()) <= 2
        ):
            # the last part set apart to the right, or a line of one or two words ("Galway")
            ends.append(found.names[-1] if found.names[-1] == parts[-1].strip(" ,;|·") else "")
    if split_places:
        _place_at_an_end(found, ends)
    return found


def _place_at_an_end(found: Parts, ends: list[str]) -> None:
    """The last part of a head line set apart to the right ("Ambulancias Meseta S.L.\tToledo",
    "Animatrice, Centre de loisirs — Bron") is the place when the head has a position and an
    employer besides it and the part reads as neither: a short capitalised name."""
    if found.location or len(found.names) < 3:
        return
    for end in ends:
        words = end.split()
        if (
            end
            and 1 <= len(words) <= 3
            and end[:1].isupper()
            and not title_score(end)
            and not company_score(end)
            and not _is_school(end)
            and not any(c.isdigit() for c in end)
        ):
            found.location = end
            found.names.remove(end)
            return


def _fields(line: str) -> list[str]:
    """The fields of a head line. A slash binds closer than a dash, a bar or a gap: in
    "Assistant / Programmer - Acme" it joins two titles of one field."""
    joined = line.replace(" / ", _SLASH)
    parts = fields(joined)
    if len(parts) < 2:
        return fields(line)
    return [part.replace(_SLASH, " / ") for part in parts]


def _take(part: str, found: Parts, links: list[str], split_places: bool) -> None:
    """Sort one field: web addresses and places out, the rest kept as a name."""
    last = 0
    for url in urls(part):
        if "@" in part[max(0, url.start() - 1) : url.start()]:
            continue
        _name(part[last : url.start()], found, split_places)
        found.url = found.url or full_url(url.group(), links)
        last = url.end()
    _name(part[last:], found, split_places)


def _name(text: str, found: Parts, split_places: bool) -> None:
    text = _balanced(text.strip(" ,;|·"))
    if not text:
        return
    if cues.read_place(text) or cues.fold(text) in cues.REMOTE:
        found.location = found.location or text
        return
    if split_places and not _is_school(text):
        rest, place = cues.split_place(text)
        if place:
            found.location = found.location or place
            text = rest.strip(" ,")
    found.names.append(text)


def _balanced(text: str) -> str:
    """Drop a bracket left unpaired when a date was cut out: "Master (CSM) (" → "Master (CSM)"."""
    while (text[-1:] in "(" and text) or (text[-1:] == ")" and text.count("(") < text.count(")")):
        text = text[:-1].rstrip()
    while text[:1] == ")" or (text[:1] == "(" and text.count("(") > text.count(")")):
        text = text[1:].lstrip()
    return text


def is_name(text: str) -> bool:
    """Names and titles are mostly capitalised; "Awesome compression company" is a note. French
    and Spanish write titles in sentence case: a capitalised text that holds a title word
    ("Analista de datos sénior", "Chef d'équipe logistique") is a name too."""
    words = [w for w in text.split() if w[:1].isalpha() and w.lower() not in _SMALL_WORDS]
    if sum(1 for w in words if w[:1].isupper()) * 2 >= len(words):
        return True
    return text[:1].isupper() and len(words) <= 6 and (title_score(text) > 0 or _is_school(text))


def _is_school(text: str) -> bool:
    return any(cues.fold(w) in cues.INSTITUTION_WORDS for w in text.split())


def title_score(text: str) -> float:
    """How much a text reads as a job title: 1 when it ends with a title word ("Engineer");
    none for a name that ends as an employer's does ("Brandt & Partner mbB")."""
    if cues.has_legal_suffix(text):
        return 0.0
    words = re.split(r"[\s/]+", text.strip())
    if words and cues.is_title_head(words[-1]):
        return 1.0
    return 0.7 if any(cues.is_title_head(w) for w in words) else 0.0


def company_score(text: str) -> float:
    """How much a text reads as an employer: a suffix ("GmbH"), a known name, or "at X"."""
    if re.match(r"^(?:at|@|bei|chez|en)\s", text, re.IGNORECASE) or cues.has_legal_suffix(text):
        return 1.0
    return 1.0 if any(cues.is_company_word(w) for w in text.split()) else 0.0


def split_title(text: str) -> tuple[str, str] | None:
    """Cut a leading job title off a name ("Senior Backend Engineer Nordpay" → title, rest)."""
    words = text.split()
    end = 0
    for index, word in enumerate(words):
        folded = cues.fold(word)
        if cues.is_title_head(word) or ("/" in word and title_score(word)):
            end = index + 1
        elif folded not in cues.TITLE_WORDS and not _is_skill_word(word):
            break
    if 0 < end < len(words) and words[end][:1].isupper():
        return " ".join(words[:end]), " ".join(words[end:])
    return None


def _is_skill_word(word: str) -> bool:
    """A skill may lead a title ("Python Developer", "React Native Engineer")."""
    return word[:1].isupper() and taxonomy().canonical(word) is not None


def position_and_company(names: list[str]) -> tuple[str | None, str | None, float]:
    """Which name is the position and which the employer, and how sure that reading is."""
    names = [n for n in _unmash(names) if is_name(n)]
    if not names:
        return None, None, 0.0
    position = _best(names, title_score, exclude=None)
    company = _best(names, company_score, exclude=position)
    sure = 0.9 if position is not None and company is not None else 0.7
    rest = [i for i in range(len(names)) if i not in (position, company)]
    if position is None and rest:
        position, sure = rest.pop(0), 0.55 if company is not None else 0.5
    if company is None and rest:
        company = rest.pop(0)
    return (
        names[position] if position is not None else None,
        names[company] if company is not None else None,
        sure,
    )


def _best(names: list[str], score: Callable[[str], float], exclude: int | None) -> int | None:
    """The index of the first name with the highest score above 0, or None."""
    scored = [(score(n), -i) for i, n in enumerate(names) if i != exclude]
    top = max(scored, default=(0.0, 0))
    return -top[1] if top[0] > 0 else None


def _unmash(names: list[str]) -> list[str]:
    """Split names that hold two: "Senior Engineer, Acme" or "Senior Engineer Acme"."""
    out: list[str] = []
    for name in names:
        at = split_at(name)
        if at and title_score(at[0]):
            out.extend(at)
            continue
        pieces = name.split(", ")
        titled = any(title_score(p) for p in pieces)
        if len(names) < 3 and len(pieces) > 1 and titled and not _is_school(name):
            out.extend(pieces)
            continue
        # "Senior Engineer Nordpay" holds an employer, unless another name is the employer
        # ("Leiter Finanzbuchhaltung" beside "Havelland Logistik GmbH" is one title).
        employed = any(company_score(other) for other in names if other is not name)
        mashed = (
            split_title(name) if len(names) < 2 or not (employed or company_score(name)) else None
        )
        out.extend(mashed if mashed and not title_score(mashed[1]) else [name])
    return out


def split_at(text: str) -> tuple[str, str] | None:
    """ "Senior Engineer at Acme Corp", "BSc at Technion": what someone was, and where. A school
    named for its campus ("University of Texas at Austin") is one name."""
    found = _AT.fullmatch(text)
    if found is None or _is_school(found.group(1)):
        return None
    return found.group(1), found.group(2)


def education(parts: Parts) -> tuple[dict[str, str], float]:
    """Institution, study type and area from an education entry's names."""
    out: dict[str, str] = {}
    leftover: list[str] = []
    for name in _split_ats(_degree_apart(parts.names)):
        name, listed = _listed_school(name)
        if listed and "institution" not in out:
            out["institution"] = listed
        before, school, after = institution(name)
        if school and "institution" not in out:
            out["institution"] = school
            name = f"{before} {after}".strip(" ,-–—")
        if name and not _degree(name, out):
            leftover.append(name)
    if "institution" not in out and leftover:
        out["institution"] = leftover.pop(0)
    if "area" not in out and leftover and "studyType" in out:
        out["area"] = leftover.pop(0)
    sure = 0.9 if "studyType" in out and "institution" in out else 0.6
    return out, sure


def _degree_apart(names: list[str]) -> list[str]:
    """A degree inside a list of commas, wherever it stands ("Bilanzbuchhaltung, Geprüfter
    Bilanzbuchhalter, IHK Berlin"; "IHK Berlin, Geprüfter Bilanzbuchhalter in …"): each part
    a name of its own, the degree first."""
    out: list[str] = []
    for name in names:
        pieces = [p.strip() for p in name.split(", ") if p.strip()]
        degrees = [p for p in pieces if cues.DEGREE.match(p)]
        if len(pieces) < 2 or not degrees or cues.DEGREE.match(pieces[0]):
            out.append(name)
            continue
        out.extend([degrees[0], *(p for p in pieces if p is not degrees[0])])
    return out


def _split_ats(names: list[str]) -> list[str]:
    """ "Full Stack Development at John Bryce" → the study, then the school."""
    out: list[str] = []
    for name in names:
        at = split_at(name)
        out.extend(reversed(at) if at else [name])
    return out


def _listed_school(text: str) -> tuple[str, str]:
    """ "PhD in Physics, CalTech, Pasadena, USA": a degree, then the school, then its place, all
    cut by commas. The school is the last part before the place (or the third of three parts);
    the text without both is returned with it. A text naming a school by its word
    ("University") is left to ``institution``; a last part that names a field of study
    ("Bachelor, Information Technology") is no school."""
    parts = [p.strip() for p in text.split(", ")]
    if len(parts) < 2 or not cues.DEGREE.match(parts[0]) or _is_school(text):
        return text, ""
    size = _place_size(parts)
    last = parts[-1 - size]
    if len(parts) - size < 2 or not (size or len(parts) > 2) or not is_name(last):
        return text, ""
    if _is_area(last):
        return text, ""
    return ", ".join(parts[: -1 - size]), last


def _place_size(parts: list[str]) -> int:
    """How many of the last parts name a place; a place that leaves a school before it is
    preferred ("CalTech, Pasadena, USA" → 2: "Pasadena, USA")."""
    sizes = [n for n in (3, 2, 1) if n < len(parts) and cues.read_place(", ".join(parts[-n:]))]
    fitting = [n for n in sizes if len(parts) - n >= 2]
    return fitting[0] if fitting else (sizes[0] if sizes else 0)


def _is_area(text: str) -> bool:
    return all(cues.fold(w) in cues.AREA_WORDS for w in text.split())


def _degree(text: str, out: dict[str, str]) -> bool:
    """Take a degree ("MSc, Computer Science", "Bachelor of Science in Physics") from a name."""
    if "studyType" in out:
        return False
    found = cues.DEGREE.search(text)
    if found is None or (found.start() > 0 and text[: found.start()].strip(" ,")):
        return False
    first, comma, rest = text.partition(", ")
    if comma and len(first.split()) <= 6:
        out["studyType"], area = first.strip(), rest
    else:
        out["studyType"], area = found.group().strip(), text[found.end() :]
    area = re.sub(r"^[\s,:–—-]*(?:in|en|im|de)?\s+", "", area).strip(" ,")
    if area:
        out["area"] = area
    return True


def institution(text: str) -> tuple[str, str, str]:
    """Find a school's name inside a text ("Computer Science Chalmers University of Technology")
    as (before, school, after); the school is empty when the text names none."""
    words = text.split()
    keys = [i for i, w in enumerate(words) if cues.fold(w) in cues.INSTITUTION_WORDS]
    if not keys:
        return text, "", ""
    first = keys[0]
    while first > 0 and _school_word(words[first - 1]):
        first -= 1
    last = keys[-1] + 1
    while last < len(words) and _continues_school(words, last):
        last += 1
    return " ".join(words[:first]), " ".join(words[first:last]).strip(" ,"), " ".join(words[last:])


def _school_word(word: str) -> bool:
    """A word that may stand before "University": a proper name, not a field of study or the
    code of a place ("Berkeley, CA University of California")."""
    return (
        word[:1].isupper()
        and not re.fullmatch(r"[A-Z]{2}", word)
        and not word.endswith(",")
        and cues.fold(word) not in cues.AREA_WORDS
        and not cues.DEGREE.fullmatch(word)
    )


def _continues_school(words: list[str], index: int) -> bool:
    """Words after "University": "of X", "de Y", and a last ", City"."""
    word = words[index]
    if cues.fold(word) in ("of", "for", "the", "de", "del", "la", "le", "des", "and", "at", "-"):
        return True
    previous = words[index - 1]
    if previous.endswith(","):
        return index == len(words) - 1 and word[:1].isupper()
    if word.isdigit() and len(word) <= 2:
        return True  # "Université Lumière Lyon 2"
    return word[:1].isupper() and not cues.DEGREE.fullmatch(word)
