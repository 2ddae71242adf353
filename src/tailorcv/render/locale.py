"""Section headings, month names and writing direction for each locale a résumé may ask for.

A locale is looked up by its language (``de-AT`` → ``de``); an unknown one falls back to English.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    long_months: tuple[str, ...] = ()  # twelve full month names; () where short ones are full
    # "01/2024" for most; CJK put the year first ("2024/01")
    numeric: str = "{month:02d}/{year}"
    # How dates are written (``meta.design.dateFormat``): short, long, numeric or year.
    date_format: str = "short"


def _headings(*names: str) -> dict[str, str]:
    assert len(names) == len(SECTION_KEYS)
    return dict(zip(SECTION_KEYS, names, strict=True))


def _names(words: str) -> tuple[str, ...]:
    """Twelve month names from one line of words."""
    names = tuple(words.split())
    assert len(names) == 12
    return names


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
        long_months=_names(
            "January February March April May June July August September October November December"
        ),
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
        long_months=_names(
            "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
        ),
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
        long_months=_names(
            "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
        ),
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
        long_months=_names(
            "enero febrero marzo abril mayo junio "
            "julio agosto septiembre octubre noviembre diciembre"
        ),
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
        long_months=_names(
            "janeiro fevereiro março abril maio junho "
            "julho agosto setembro outubro novembro dezembro"
        ),
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
        long_months=_names(
            "gennaio febbraio marzo aprile maggio giugno "
            "luglio agosto settembre ottobre novembre dicembre"
        ),
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
        long_months=_names(
            "januari februari maart april mei juni "
            "juli augustus september oktober november december"
        ),
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
        long_months=_names(
            "styczeń luty marzec kwiecień maj czerwiec "
            "lipiec sierpień wrzesień październik listopad grudzień"
        ),
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
        numeric="{year}/{month:02d}",
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
        numeric="{year}/{month:02d}",
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
    "he": Locale(
        "he",
        _headings(
            "תקציר",
            "ניסיון תעסוקתי",
            "השכלה",
            "כישורים",
            "פרויקטים",
            "התנדבות",
            "פרסים",
            "תעודות",
            "פרסומים",
            "שפות",
            "תחומי עניין",
            "ממליצים",
        ),
        _names("ינו׳ פבר׳ מרץ אפר׳ מאי יוני יולי אוג׳ ספט׳ אוק׳ נוב׳ דצמ׳"),
        "היום",
        "ממוצע",
        direction="rtl",
        long_months=_names(
            "ינואר פברואר מרץ אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר"
        ),
    ),
    "ru": Locale(
        "ru",
        _headings(
            "О себе",
            "Опыт работы",
            "Образование",
            "Навыки",
            "Проекты",
            "Волонтёрство",
            "Награды",
            "Сертификаты",
            "Публикации",
            "Языки",
            "Интересы",
            "Рекомендации",
        ),
        _names("янв. февр. март апр. май июнь июль авг. сент. окт. нояб. дек."),
        "настоящее время",
        "Средний балл",
        long_months=_names(
            "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
        ),
    ),
    "el": Locale(
        "el",
        _headings(
            "Προφίλ",
            "Επαγγελματική εμπειρία",
            "Εκπαίδευση",
            "Δεξιότητες",
            "Έργα",
            "Εθελοντισμός",
            "Βραβεία",
            "Πιστοποιήσεις",
            "Δημοσιεύσεις",
            "Γλώσσες",
            "Ενδιαφέροντα",
            "Συστάσεις",
        ),
        _names("Ιαν Φεβ Μαρ Απρ Μαΐ Ιουν Ιουλ Αυγ Σεπ Οκτ Νοε Δεκ"),
        "Σήμερα",
        "Βαθμός",
        long_months=_names(
            "Ιανουάριος Φεβρουάριος Μάρτιος Απρίλιος Μάιος Ιούνιος"
            " Ιούλιος Αύγουστος Σεπτέμβριος Οκτώβριος Νοέμβριος Δεκέμβριος"
        ),
    ),
    "hi": Locale(
        "hi",
        _headings(
            "सारांश",
            "कार्य अनुभव",
            "शिक्षा",
            "कौशल",
            "परियोजनाएँ",
            "स्वयंसेवा",
            "पुरस्कार",
            "प्रमाणपत्र",
            "प्रकाशन",
            "भाषाएँ",
            "रुचियाँ",
            "संदर्भ",
        ),
        # Hindi writes its months in full; there are no settled short forms.
        _names("जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर"),
        "वर्तमान",
        "ग्रेड",
    ),
    "th": Locale(
        "th",
        _headings(
            "สรุปประวัติ",
            "ประสบการณ์ทำงาน",
            "การศึกษา",
            "ทักษะ",
            "โครงการ",
            "งานอาสาสมัคร",
            "รางวัล",
            "ประกาศนียบัตร",
            "ผลงานตีพิมพ์",
            "ภาษา",
            "ความสนใจ",
            "บุคคลอ้างอิง",
        ),
        _names("ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค."),
        "ปัจจุบัน",
        "เกรดเฉลี่ย",
        long_months=_names(
            "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม"
        ),
    ),
    "ko": Locale(
        "ko",
        _headings(
            "요약",
            "경력",
            "학력",
            "기술",
            "프로젝트",
            "봉사 활동",
            "수상 경력",
            "자격증",
            "출판물",
            "어학",
            "관심 분야",
            "추천인",
        ),
        _NUMERIC_MONTHS,
        "현재",
        "학점",
        month_year="{year}년 {month}월",
        numeric="{year}.{month:02d}",
    ),
}


def get(code: str | None) -> Locale:
    """The locale for ``code`` by its language part; English when it is unknown."""
    language = (code or "en").replace("_", "-").split("-")[0].lower()
    return LOCALES.get(language, LOCALES["en"])


def with_date_format(locale: Locale, date_format: str | None) -> Locale:
    """``locale`` writing dates as ``date_format`` (short, long, numeric, year); ``None`` keeps
    its own (short)."""
    return replace(locale, date_format=date_format) if date_format else locale


def format_date(value: PartialDate, locale: Locale) -> str:
    """A month and year as the locale writes them in its date format: "short" Jan 2024, "long"
    January 2024, "numeric" 01/2024, "year" 2024. A date without a month is its year."""
    if value.month is None or locale.date_format == "year":
        return str(value.year)
    if locale.date_format == "numeric":
        return locale.numeric.format(month=value.month, year=value.year)
    names = locale.long_months if locale.date_format == "long" and locale.long_months else None
    month = (names or locale.months)[value.month - 1]
    return locale.month_year.format(month=month, year=value.year)
