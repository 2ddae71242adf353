"""The header of a résumé: name, label, email, phone, location, web site and profiles.

The header is what stands before the first section heading. Its contact items may share a line
("a@b.se | +46 70 … | Stockholm, SE") or each have one, with or without a label ("Phone:").
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from tailorcv.ingest import cues
from tailorcv.ingest.lines import (
    EMAIL,
    URL,
    Item,
    Notes,
    fields,
    full_url,
    is_prose,
    is_url,
    word_count,
)

# A phone number: "+1 (415) 555-0142", "0049 30 …", "(+1) 0000000000" (the country code
# in brackets).
_PHONE = re.compile(r"(?<![\w/])(?:\+|00|\(\+)?\(?\d[\d\s().\-/]{5,}\d(?![\w/])")
# A phone number inside other text: one that starts with "+" or "(", or is written 555-123-4567.
_PHONE_INSIDE = re.compile(
    r"(?:\+\d[\d\s().-]{6,}\d|\(\+?\d{1,4}\)[\d\s.-]{6,}\d|\b\d{3}[.-]\d{3}[.-]\d{4}\b)"
)
_PHONE_LABEL = re.compile(
    r"\b(?:phone|tel|telephone|mobile|mob|cell|telefon|handy|téléphone|tél|portable|teléfono|"
    r"móvil|celular)\b\.?\s*:?\s*",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\s*([A-Za-zÀ-ÿ][\w .-]{1,20}?)\s*:\s+(.+)$")
# Host → profile network name, as JSON Resume examples write them.
NETWORKS = {
    "linkedin.com": "LinkedIn",
    "github.com": "GitHub",
    "gitlab.com": "GitLab",
    "bitbucket.org": "Bitbucket",
    "twitter.com": "Twitter",
    "x.com": "X",
    "stackoverflow.com": "Stack Overflow",
    "medium.com": "Medium",
    "dribbble.com": "Dribbble",
    "behance.net": "Behance",
    "kaggle.com": "Kaggle",
    "orcid.org": "ORCID",
    "scholar.google.com": "Google Scholar",
    "researchgate.net": "ResearchGate",
    "codepen.io": "CodePen",
    "leetcode.com": "LeetCode",
    "hackerrank.com": "HackerRank",
    "youtube.com": "YouTube",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "xing.com": "XING",
    "dev.to": "DEV",
}
_NOT_NETWORKS = frozenset(
    """location address phone email mail tel mobile web website site homepage portfolio
    nationality citizenship born birthday name adresse telefon ort wohnort permis licence
    license driving führerschein fuhrerschein carnet nationalite nacionalidad
    staatsangehorigkeit geburtsdatum age edad visa status familienstand""".split()
)
_NOT_NAME = re.compile(
    r"\b(?:résumé|resume|curriculum vitae|cv|lebenslauf|personal information|personal details|"
    r"contact|profiles?)\b",
    re.IGNORECASE,
)
# A user name beside the name ("John Doe    johndoe", its profile's handle) is no job title.
_USER_NAME = re.compile(r"@?[a-z0-9_.-]+")
_PATH_PREFIXES = ("in", "pub", "u", "users", "profile", "company", "@")
# A street address under the name ("123 Main St, Anywhere, USA") is no job title.
_STREET = re.compile(
    r"^\d+[a-z]?\s+.*\b(?:st|street|ave|avenue|rd|road|blvd|boulevard|lane|ln|dr|drive|way|"
    r"court|ct|place|pl)\b\.?|\b(?:straße|strasse|str\.|weg|gasse|platz)\s*\d+|"
    r"^\d+,?\s+(?:rue|avenue|boulevard|chemin|allée)\b|\b(?:calle|avenida|c/)\s+.+\d",
    re.IGNORECASE,
)


def parse_header(
    header: list[Item], links: list[str], notes: Notes
) -> tuple[dict[str, Any], list[str]]:
    """Basics read from the header lines, and the header's prose lines (a summary without a
    heading) for the caller to place."""
    basics: dict[str, Any] = {}
    rest: list[Item] = []
    for item in header:
        leftover = [_contact(part, basics, links, notes) for part in _parts(item.text)]
        leftover = [text for text in leftover if text]
        if leftover:
            text = "\t".join(leftover)  # the gaps between items still part them
            rest.append(Item(text, item.bullet, item.size, item.bold, item.heading))
    prose = _name_and_label(rest, basics, notes)
    return basics, prose


# The names of contact fields printed before their values ("Email\tzoe@…\tPhone\t+44 …").
_FIELD_NAMES = frozenset(
    """email e mail mail phone telephone tel mobile cell address location web website site
    homepage telefon handy adresse courriel portable telephone correo telefono movil
    direccion""".split()
)


def take_line(text: str, basics: dict[str, Any], links: list[str], notes: Notes) -> bool:
    """Take a line that is wholly contact details into ``basics`` (a sidebar's "About" or
    "Contact" section: "+49 30 1234567", "juergen@example.de"); False for any other line."""
    parts = [p for p in _parts(text) if cues.fold(p) not in _FIELD_NAMES]  # "Email", "Phone"
    if not parts or any(_contact(part, {}, links, Notes()) for part in parts):
        return False  # some part is no contact item (judged as if nothing were known yet)
    for part in parts:
        _contact(part, basics, links, notes)
    return True


def _parts(text: str) -> list[str]:
    """The items of one header line: split at separators, and before each labelled item."""
    found: list[str] = []
    for part in fields(text):
        found.extend(p.strip() for p in re.split(r"\s{2,}", part) if p.strip())
    return found


def _contact(part: str, basics: dict[str, Any], links: list[str], notes: Notes) -> str:
    """Take one header item as contact data; what is left of it when it held other text too
    ("Pleasantville, CA 94588 (555) 123-4567 jo@mail.com" with single spaces)."""
    if _one_contact(part, basics, links, notes):
        return ""
    rest = part
    for pattern in (EMAIL, _PHONE_INSIDE, URL):
        for found in pattern.finditer(rest):
            if _one_contact(found.group(), basics, links, notes):
                rest = rest.replace(found.group(), " ", 1)
    rest = " ".join(rest.split())
    if rest != part and _one_contact(re.sub(r"\s+\d{4,5}$", "", rest), basics, links, notes):
        return ""
    return rest


def _one_contact(part: str, basics: dict[str, Any], links: list[str], notes: Notes) -> bool:
    """Take one header item as contact data when the whole of it is one; True when it was."""
    labelled = _LABEL.match(part)
    label, value = (labelled.group(1), labelled.group(2)) if labelled else ("", part)
    email = EMAIL.fullmatch(value.strip().removeprefix("mailto:"))
    if email and "email" not in basics:
        basics["email"] = email.group()
        notes.sure("basics.email", 0.99)
        return True
    if _take_phone(value, label, basics, notes):
        return True
    if _take_url(value, label, basics, links, notes):
        return True
    return _take_place(value, label, basics, notes)


def _take_phone(value: str, label: str, basics: dict[str, Any], notes: Notes) -> bool:
    labelled = bool(_PHONE_LABEL.match(f"{label}:")) if label else False
    text = _PHONE_LABEL.sub("", value).strip()
    number = _PHONE.fullmatch(text)
    digits = sum(c.isdigit() for c in text)
    if not number or not 7 <= digits <= 15 or "phone" in basics:
        return False
    if not (labelled or text.startswith(("+", "(", "00")) or re.search(r"\d[\s.-]\d", text)):
        return False
    basics["phone"] = normalise_phone(text)
    notes.sure("basics.phone", 0.95 if labelled or text.startswith("+") else 0.85)
    return True


def normalise_phone(text: str) -> str:
    """A phone number with its separators as single spaces and a leading "+" kept:
    "+1 (555) 123-4567" → "+1 555 123 4567"; "0049 30 …" → "+49 30 …"."""
    value = _PHONE_LABEL.sub("", text).strip()
    value = re.sub(r"^00(?=[1-9])", "+", value)
    plus = value.lstrip("(").startswith("+")
    groups = re.findall(r"\d+", value)
    return ("+" if plus else "") + " ".join(groups)


def _take_url(
    value: str, label: str, basics: dict[str, Any], links: list[str], notes: Notes
) -> bool:
    """A web address: a profile when its host is a known network, else the personal site.
    "GitHub: name" (a network label and a bare user name) is a profile too."""
    if _take_username(value.strip(), label, basics, notes):
        return True
    if not is_url(value):
        return False
    url = full_url(value.strip(), links)
    profile = profile_of(url)
    if profile:
        _add_profile(basics, profile, notes)
    elif "url" not in basics:
        basics["url"] = url
        notes.sure("basics.url", 0.9)
    return True


def _take_username(value: str, label: str, basics: dict[str, Any], notes: Notes) -> bool:
    network = _network_of_label(label)
    if not network or not re.fullmatch(r"@?[\w.-]+", value) or is_url(value):
        return False
    user = value.lstrip("@")
    host = {v: k for k, v in NETWORKS.items()}.get(network)
    profile = {"network": network, "username": user}
    if host:
        profile["url"] = f"https://{host}/{user}"
    _add_profile(basics, profile, notes)
    return True


def _network_of_label(label: str) -> str | None:
    """The network a label names ("GitHub", "Xing"); an unknown one-word label is taken as a
    network too, unless it names something else a header holds."""
    folded = cues.fold(label).replace(" ", "")
    for name in NETWORKS.values():
        if cues.fold(name).replace(" ", "") == folded:
            return name
    if not label or not label[0].isupper() or " " in label.strip() or folded in _NOT_NETWORKS:
        return None
    return label.strip()


def profile_of(url: str) -> dict[str, str] | None:
    """The profile a URL points at ("https://github.com/ada" → GitHub, ada), or None."""
    parts = urlsplit(url if "//" in url else f"https://{url}")
    host = (parts.hostname or "").removeprefix("www.")
    network = NETWORKS.get(host)
    if network is None:
        return None
    path = [p for p in parts.path.split("/") if p]
    while path and path[0].lower() in _PATH_PREFIXES:
        path = path[1:]
    user = path[0].lstrip("@") if path else ""
    return {"network": network, "username": user, "url": url}


def _add_profile(basics: dict[str, Any], profile: dict[str, str], notes: Notes) -> None:
    profiles = basics.setdefault("profiles", [])
    if any(p["network"] == profile["network"] for p in profiles):
        return
    notes.sure(f"basics.profiles[{len(profiles)}]", 0.9 if "url" in profile else 0.7)
    profiles.append(profile)


def _take_place(value: str, label: str, basics: dict[str, Any], notes: Notes) -> bool:
    place: dict[str, str] | None = cues.read_place(value)
    if place is None and cues.fold(label) in ("location", "address", "adresse", "ort", "wohnort"):
        place = {"address": value.strip()}
    if place is None or "location" in basics:
        return False
    basics["location"] = place
    notes.sure("basics.location", 0.85 if "city" in place else 0.6)
    return True


def _name_and_label(rest: list[Item], basics: dict[str, Any], notes: Notes) -> list[str]:
    """The name is the largest (else the first) short line; the label is the short line after
    it. Long lines are returned as prose."""
    short = [i for i in rest if not is_prose(i.text) and word_count(i.text) <= 10]
    prose = [i.text for i in rest if i not in short]
    if not short:
        notes.warn("no name found at the top of the résumé; add it")
        return prose
    largest = max(short, key=lambda i: i.size)
    chosen = largest if largest.size > 1.05 else short[0]
    name, label = split_name(chosen.text)
    basics["name"] = name
    notes.sure("basics.name", _name_confidence(name, chosen))
    if notes.confidence["basics.name"] < 0.7:
        notes.warn("the name was guessed from the first line; check it")
    following = [i for i in short[short.index(chosen) + 1 :] if not _USER_NAME.fullmatch(i.text)]
    if following and _STREET.search(following[0].text) and "location" not in basics:
        basics["location"] = {"address": following.pop(0).text}
        notes.sure("basics.location", 0.6)
    if not label and following and not following[0].text.endswith("."):
        parts = following[0].text.split("\t")  # a handle beside the title is no part of it
        label = "\t".join(p for p in parts if not _USER_NAME.fullmatch(p.strip())) or parts[0]
    if label:
        basics["label"] = label
        notes.sure("basics.label", 0.75)
    return prose


def split_name(text: str) -> tuple[str, str]:
    """A name line may also hold the job title ("Maya Lindqvist Senior Backend Engineer", or
    "Maya Lindqvist — Engineer"): the name is the words before the title."""
    parts = fields(text)
    if len(parts) > 1:
        label = [p for p in parts[1:] if not _USER_NAME.fullmatch(p)]
        return _tidy_name(parts[0]), " ".join(label)
    words = text.split()
    for index in range(2, len(words)):
        if _starts_title(words[index:]):
            return _tidy_name(" ".join(words[:index])), " ".join(words[index:])
    return _tidy_name(text), ""


def _starts_title(words: list[str]) -> bool:
    """Whether these words are a job title: title words then a title head, nothing else."""
    heads = [i for i, w in enumerate(words) if cues.is_title_head(w)]
    return bool(heads) and all(
        cues.fold(w) in cues.TITLE_WORDS or cues.is_title_head(w) for w in words[: heads[0]]
    )


def _tidy_name(name: str) -> str:
    """A name without the words around it ("Résumé", "Personal Information"), in the case
    people write names in ("JOHN SMITH" → "John Smith")."""
    name = _NOT_NAME.sub(" ", name)
    name = " ".join(name.split()).strip(" ,|-–—:")
    capitals = sum(c.isupper() for c in name)
    return name.title() if capitals * 2 > sum(c.isalpha() for c in name) else name


def _name_confidence(name: str, item: Item) -> float:
    words = name.split()
    looks = 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words if len(w) > 3)
    looks = looks and not any(c.isdigit() for c in name)
    if looks and item.size > 1.05:
        return 0.95
    return 0.85 if looks else 0.5
