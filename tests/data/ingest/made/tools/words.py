"""Headings, month names and the word for "present" in each language of the set, for the
generators whose headings we write ourselves (LaTeX, DOCX, RenderCV)."""

from __future__ import annotations

HEADINGS = {
    "en": {
        "summary": "Profile",
        "work": "Experience",
        "education": "Education",
        "skills": "Skills",
        "languages": "Languages",
        "projects": "Projects",
        "certificates": "Certificates",
        "contact": "Contact",
    },
    "de": {
        "summary": "Profil",
        "work": "Berufserfahrung",
        "education": "Ausbildung",
        "skills": "Kenntnisse",
        "languages": "Sprachen",
        "projects": "Projekte",
        "certificates": "Zertifikate",
        "contact": "Kontakt",
    },
    "fr": {
        "summary": "Profil",
        "work": "Expérience professionnelle",
        "education": "Formation",
        "skills": "Compétences",
        "languages": "Langues",
        "projects": "Projets",
        "certificates": "Certifications",
        "contact": "Coordonnées",
    },
    "es": {
        "summary": "Perfil",
        "work": "Experiencia laboral",
        "education": "Formación académica",
        "skills": "Habilidades",
        "languages": "Idiomas",
        "projects": "Proyectos",
        "certificates": "Certificaciones",
        "contact": "Contacto",
    },
}

MONTHS = {  # full names, then SHORT_MONTHS as each language abbreviates them
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
}
SHORT_MONTHS = {  # full names, then SHORT_MONTHS as each language abbreviates them
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "es": "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.",
}
PRESENT = {"en": "Present", "de": "heute", "fr": "aujourd'hui", "es": "actualidad"}


def language(person: str) -> str:
    """A person's language is the prefix of their file name (``de-juergen-mueller``)."""
    return person.split("-", 1)[0]


def date(value: str | None, lang: str, style: str) -> str:
    """A source date (YYYY-MM) as a generator shows it: ``long`` "September 2021",
    ``short`` "Sep 2021", ``numeric`` "09/2021", ``dotted`` "09.2021", ``year`` "2021";
    no value is the language's word for present."""
    if not value:
        return PRESENT[lang]
    year, month = value[:4], int(value[5:7])
    if style == "year":
        return year
    if style == "numeric":
        return f"{month:02d}/{year}"
    if style == "dotted":
        return f"{month:02d}.{year}"
    names = (MONTHS if style == "long" else SHORT_MONTHS)[lang].split()
    return f"{names[month - 1]} {year}"


def span(item: dict, lang: str, style: str, dash: str = " – ") -> str:
    return date(item.get("startDate"), lang, style) + dash + date(item.get("endDate"), lang, style)
