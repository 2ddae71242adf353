"""Section headings, month names and writing direction for each locale a résumé may ask for.

A locale is looked up by its language (``de-AT`` → ``de``); an unknown one falls back to English.
"""

from __future__ import annotations

from dataclasses import dataclass

from tailorcv.resume.dates import PartialDate

SECTION_KEYS = (
    "summary",
    "work",
    "education",
    "skills",
    "projects",
    "volunteer",
    "awards",
    "certificates",
    "publications",
    "languages",
    "interests",
    "references",
)


@dataclass(frozen=True)
class Locale:
    code: str
    headings: dict[str, str]
    months: tuple[str, ...]  # twelve short month names
    present: str
    score: str
    direction: str = "ltr"
    # "{month} {year}" for most; CJK write the year first with its own characters
    month_year: str = "{month} {year}"


def _headings(*names: str) -> dict[str, str]:
    assert len(names) == len(SECTION_KEYS)
    return dict(zip(SECTION_KEYS, names, strict=True))


_NUMERIC_MONTHS = tuple(str(n) for n in range(1, 13))

LOCALES: dict[str, Locale] = {
    "en": Locale(
        "en",
        _headings(
            "Summary",
            "Experience",
            "Education",
            "Skills",
            "Projects",
            "Volunteering",
            "Awards",
            "Certifications",
            "Publications",
            "Languages",
            "Interests",
            "References",
        ),
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        "Present",
        "Grade",
    ),
    "de": Locale(
        "de",
        _headings(
            "Profil",
            "Berufserfahrung",
            "Ausbildung",
            "Kenntnisse",
            "Projekte",
            "Ehrenamt",
            "Auszeichnungen",
            "Zertifikate",
            "Veröffentlichungen",
            "Sprachen",
            "Interessen",
            "Referenzen",
        ),
        (
            "Jan.",
            "Feb.",
            "März",
            "Apr.",
            "Mai",
            "Juni",
            "Juli",
            "Aug.",
            "Sep.",
            "Okt.",
            "Nov.",
            "Dez.",
        ),
        "heute",
        "Note",
    ),
    "fr": Locale(
        "fr",
        _headings(
            "Profil",
            "Expérience professionnelle",
            "Formation",
            "Compétences",
            "Projets",
            "Bénévolat",
            "Distinctions",
            "Certifications",
            "Publications",
            "Langues",
            "Centres d'intérêt",
            "Références",
        ),
        (
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ),
        "aujourd'hui",
        "Mention",
    ),
    "es": Locale(
        "es",
        _headings(
            "Perfil",
            "Experiencia",
            "Formación",
            "Habilidades",
            "Proyectos",
            "Voluntariado",
            "Premios",
            "Certificaciones",
            "Publicaciones",
            "Idiomas",
            "Intereses",
            "Referencias",
        ),
        (
            "ene.",
            "feb.",
            "mar.",
            "abr.",
            "may.",
            "jun.",
            "jul.",
            "ago.",
            "sept.",
            "oct.",
            "nov.",
            "dic.",
        ),
        "actualidad",
        "Nota",
    ),
    "pt": Locale(
        "pt",
        _headings(
            "Resumo",
            "Experiência",
            "Formação",
            "Competências",
            "Projetos",
            "Voluntariado",
            "Prémios",
            "Certificações",
            "Publicações",
            "Idiomas",
            "Interesses",
            "Referências",
        ),
        (
            "jan.",
            "fev.",
            "mar.",
            "abr.",
            "mai.",
            "jun.",
            "jul.",
            "ago.",
            "set.",
            "out.",
            "nov.",
            "dez.",
        ),
        "atual",
        "Nota",
    ),
    "it": Locale(
        "it",
        _headings(
            "Profilo",
            "Esperienza",
            "Istruzione",
            "Competenze",
            "Progetti",
            "Volontariato",
            "Premi",
            "Certificazioni",
            "Pubblicazioni",
            "Lingue",
            "Interessi",
            "Referenze",
        ),
        ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
        "oggi",
        "Voto",
    ),
    "nl": Locale(
        "nl",
        _headings(
            "Profiel",
            "Werkervaring",
            "Opleiding",
            "Vaardigheden",
            "Projecten",
            "Vrijwilligerswerk",
            "Prijzen",
            "Certificaten",
            "Publicaties",
            "Talen",
            "Interesses",
            "Referenties",
        ),
        (
            "jan.",
            "feb.",
            "mrt.",
            "apr.",
            "mei",
            "jun.",
            "jul.",
            "aug.",
            "sep.",
            "okt.",
            "nov.",
            "dec.",
        ),
        "heden",
        "Cijfer",
    ),
    "pl": Locale(
        "pl",
        _headings(
            "Podsumowanie",
            "Doświadczenie zawodowe",
            "Wykształcenie",
            "Umiejętności",
            "Projekty",
            "Wolontariat",
            "Nagrody",
            "Certyfikaty",
            "Publikacje",
            "Języki",
            "Zainteresowania",
            "Referencje",
        ),
        ("sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"),
        "obecnie",
        "Ocena",
    ),
    "zh": Locale(
        "zh",
        _headings(
            "个人简介",
            "工作经历",
            "教育背景",
            "专业技能",
            "项目经历",
            "志愿服务",
            "所获奖项",
            "资格证书",
            "出版物",
            "语言能力",
            "兴趣爱好",
            "推荐人",
        ),
        _NUMERIC_MONTHS,
        "至今",
        "成绩",
        month_year="{year}年{month}月",
    ),
    "ja": Locale(
        "ja",
        _headings(
            "概要",
            "職務経歴",
            "学歴",
            "スキル",
            "プロジェクト",
            "ボランティア",
            "受賞歴",
            "資格",
            "出版物",
            "語学",
            "興味・関心",
            "推薦者",
        ),
        _NUMERIC_MONTHS,
        "現在",
        "成績",
        month_year="{year}年{month}月",
    ),
    "ar": Locale(
        "ar",
        _headings(
            "نبذة",
            "الخبرة العملية",
            "التعليم",
            "المهارات",
            "المشاريع",
            "العمل التطوعي",
            "الجوائز",
            "الشهادات",
            "المنشورات",
            "اللغات",
            "الاهتمامات",
            "المراجع",
        ),
        (
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ),
        "حتى الآن",
        "المعدل",
        direction="rtl",
    ),
}


def get(code: str | None) -> Locale:
    """The locale for ``code`` by its language part; English when it is unknown."""
    language = (code or "en").replace("_", "-").split("-")[0].lower()
    return LOCALES.get(language, LOCALES["en"])


def format_date(value: PartialDate, locale: Locale) -> str:
    if value.month is None:
        return str(value.year)
    return locale.month_year.format(month=locale.months[value.month - 1], year=value.year)
