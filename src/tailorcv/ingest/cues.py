"""Words that tell the parts of a résumé apart: section headings, job titles, company and school
names, degrees, and places, in English, German, French and Spanish.

They are cues, not rules: the section parser weighs them with layout (which line comes first,
what stands between separators) and lowers its confidence when they disagree or are missing.
"""

from __future__ import annotations

import re
import unicodedata

# Section key (JSON Resume's name for it) → the headings people give it. Matched after
# ``fold`` (lower case, no accents, "&" read as "and", punctuation dropped).
HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary", "professional summary", "career summary", "executive summary", "profile",
        "professional profile", "personal profile", "about", "about me", "objective",
        "career objective", "overview", "personal statement", "introduction", "bio",
        "profil", "kurzprofil", "zusammenfassung", "uber mich", "resume", "a propos",
        "a propos de moi", "objectif", "presentation", "profil professionnel", "perfil",
        "perfil profesional", "resumen", "resumen profesional", "sobre mi", "acerca de mi",
        "objetivo",
    ),
    "work": (
        "experience", "work", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "relevant experience",
        "professional background", "career", "experiences", "industry experience",
        "professional history", "positions", "work and experience", "internships",
        "berufserfahrung", "erfahrung", "berufliche erfahrung", "beruflicher werdegang",
        "werdegang", "berufspraxis", "praxiserfahrung", "arbeitserfahrung", "experience",
        "experiences professionnelles", "experience professionnelle", "parcours professionnel",
        "experiencia", "experiencia laboral", "experiencia profesional",
        "trayectoria profesional", "historial laboral",
    ),
    "education": (
        "education", "academic background", "education and training", "educational background",
        "academic qualifications", "qualifications", "studies", "academic history",
        "education and certifications", "ausbildung", "bildung", "bildungsweg", "studium",
        "akademischer werdegang", "schulbildung", "formation", "formations", "education",
        "etudes", "parcours academique", "diplomes", "educacion", "formacion",
        "formacion academica", "estudios", "educacion y formacion",
    ),
    "skills": (
        "skills", "technical skills", "core skills", "key skills", "skills and tools",
        "competencies", "core competencies", "technologies", "tech stack", "technical stack",
        "expertise", "areas of expertise", "tools", "tools and technologies", "skill set",
        "skills and expertise", "skills and interests", "skills and awards", "strengths",
        "techs", "key strengths", "technical skills and tools", "kenntnisse", "fahigkeiten",
        "fertigkeiten", "kompetenzen", "it kenntnisse", "fachkenntnisse",
        "technische kenntnisse", "competences", "competences techniques", "savoir faire",
        "habilidades", "competencias", "conocimientos", "aptitudes", "habilidades tecnicas",
    ),
    "projects": (
        "projects", "personal projects", "selected projects", "key projects", "side projects",
        "open source", "open source projects", "academic projects", "projekte", "projets",
        "proyectos",
    ),
    "certificates": (
        "certifications", "certificates", "certification", "licenses and certifications",
        "licences and certifications", "courses and certifications", "zertifikate",
        "zertifizierungen", "weiterbildung", "certificats", "certificaciones", "certificados",
    ),
    "awards": (
        "awards", "honors", "honours", "achievements", "awards and honors", "honors and awards",
        "awards and achievements", "accomplishments", "scholarships", "auszeichnungen",
        "erfolge", "distinctions", "prix", "recompenses", "premios", "logros",
        "reconocimientos",
    ),
    "publications": (
        "publications", "selected publications", "papers", "veroffentlichungen",
        "publikationen", "publicaciones",
    ),
    "languages": (
        "languages", "language skills", "spoken languages", "sprachen", "sprachkenntnisse",
        "langues", "competences linguistiques", "idiomas", "lenguas",
    ),
    "volunteer": (
        "volunteer", "volunteering", "volunteer experience", "volunteer work",
        "community involvement", "ehrenamt", "ehrenamtliches engagement", "benevolat",
        "engagement associatif", "voluntariado",
    ),
    "interests": (
        "interests", "hobbies", "hobbies and interests", "interests and hobbies",
        "interessen", "hobbys", "centres d interet", "centres d interets", "loisirs",
        "interets", "intereses", "aficiones", "pasatiempos",
    ),
    "references": ("references", "referenzen", "referencias"),
    # Contact details under a heading of their own (a sidebar's or a last page's "Contact").
    "contact": (
        "contact", "contact details", "contact information", "contact info", "personal details",
        "personal information", "kontakt", "kontaktdaten", "personliche daten", "coordonnees",
        "informations personnelles", "contacto", "datos personales", "datos de contacto",
    ),
    # Sections JSON Resume has no place for: known by name, so that their lines never run on
    # into the section before (a RenderCV "Patents" after "Skills" became three skill groups).
    "other": (
        "patents", "talks", "invited talks", "selected talks", "presentations",
        "conference talks", "talks and presentations", "memberships",
        "professional memberships", "affiliations", "activities", "extracurricular activities",
        "leadership", "teaching", "grants", "service", "coursework", "relevant coursework",
        "patente", "vortrage", "mitgliedschaften", "brevets", "conferences", "presentations",
        "patentes", "ponencias", "conferencias",
    ),
}  # fmt: skip
HEADING_OF: dict[str, str] = {
    variant: key for key, variants in HEADINGS.items() for variant in variants
}

# The last word of a job title: "Senior Backend *Engineer*", "Research *Intern*".
TITLE_HEADS = frozenset(
    """engineer engineers developer developers manager analyst intern internship nurse teacher
    director consultant architect designer scientist researcher specialist coordinator
    administrator officer assistant associate lead head president founder co-founder cofounder
    owner partner ceo cto cfo coo cio cpo vp programmer technician representative supervisor
    executive advisor adviser accountant editor writer author lecturer professor instructor
    tutor trainee apprentice student fellow postdoc contractor freelancer chef cook clerk agent
    recruiter strategist producer marketer planner auditor controller attorney lawyer
    paralegal physician doctor pharmacist therapist technologist operator mechanic electrician
    volunteer chair secretary treasurer mentor coach trainer sre ambassador principal
    cashier barista bartender server waiter receptionist dentist surgeon pilot driver employee
    mitarbeiter mitarbeiterin
    ingenieur ingenieurin entwickler entwicklerin leiter leiterin berater beraterin werkstudent
    praktikant praktikantin geschaftsfuhrer referent referentin ingenieur developpeur
    developpeuse responsable directeur directrice stagiaire analyste alternant technicien
    ingeniero ingeniera desarrollador desarrolladora gerente jefe directora analista becario
    becaria consultor consultora tecnico programador programadora practicante coordinador
    werkstudentin studentin ingenieurin beraterin
    buchhalter buchhalterin bilanzbuchhalter bilanzbuchhalterin finanzbuchhalter
    finanzbuchhalterin kaufmann kauffrau lehrer lehrerin pfleger pflegerin erzieher erzieherin
    sachbearbeiter sachbearbeiterin assistent assistentin fachkraft meister meisterin
    professeur professeure enseignant enseignante infirmier infirmiere cariste magasinier
    magasiniere comptable gestionnaire animateur animatrice chef cheffe preparateur
    preparatrice vendeur vendeuse conseiller conseillere ingenieure redacteur redactrice
    chargee charge adjoint adjointe educateur educatrice aide
    enfermero enfermera tecnica maestro maestra profesor profesora contable auxiliar jefa
    administrativo administrativa asesor asesora dependiente dependienta encargado encargada
    responsable""".split()
)
# German compounds end with the head: "Softwareentwickler", "Projektleiterin".
_GERMAN_HEADS = (
    "entwickler", "ingenieur", "leiter", "berater", "entwicklerin", "leiterin", "buchhalter",
    "buchhalterin", "kaufmann", "kauffrau", "pfleger", "pflegerin", "lehrer", "lehrerin",
)  # fmt: skip
# Words that stand before the head of a title: "*Senior Backend* Engineer".
TITLE_WORDS = frozenset(
    """senior sr sr. junior jr jr. lead staff principal chief head associate assistant deputy
    vice executive general regional global technical tech software backend back-end frontend
    front-end full-stack fullstack full stack web mobile ios android cloud data machine
    learning ml ai devops site reliability systems system network security qa test quality
    product project program programme marketing sales business financial research creative
    innovative graphic ux ui design platform infrastructure embedded game database solutions
    support customer account operations hr human resources content digital social media
    community clinical registered teaching graduate postdoctoral & and of i ii iii iv
    analytics applications application it information office team store shift""".split()
)
# Words that end or mark a company name: "Kodverket *AB*", "TechCorp *Inc.*".
COMPANY_WORDS = frozenset(
    """inc inc. incorporated ltd ltd. limited llc llp plc corp corp. corporation co co.
    company gmbh ag se sa s.a. sas sarl srl s.l. sl bv b.v. nv ab oy asa a/s aps kg ug pty pvt
    mbb partg ohg gbr kgaa e.v. ev eg s.a.s. s.a.r.l. sasu scop s.l.u. slu s.coop sca
    group holdings technologies labs lab solutions consulting partners studio studios agency
    bank hospital university college institute school foundation ventures capital media
    research networks services international systems software restaurant clinic""".split()
)
# Employers common enough to be worth knowing by name.
KNOWN_COMPANIES = frozenset(
    """google microsoft amazon apple meta facebook netflix ibm oracle sap siemens deloitte
    accenture intel nvidia spotify uber airbnb salesforce adobe cisco tesla twitter linkedin
    github gitlab stripe shopify atlassian mckinsey kpmg pwc ey bosch volkswagen bmw""".split()
)
INSTITUTION_WORDS = frozenset(
    """university universitat universität universite université universidad universita
    college institute institut instituto school academy academie hochschule fachhochschule
    ecole école polytechnic polytechnique politecnico technion gymnasium lycee lycée
    conservatory seminary escuela colegio iut ihk hwk cfa inspe facultad faculte faculté
    berufsschule akademie kammer escola""".split()
)
# Words of a field of study: they stop an institution's name ("Mathematics | University of …").
AREA_WORDS = frozenset(
    """science sciences engineering computer computing mathematics math maths physics
    chemistry biology economics business administration management finance accounting
    marketing law medicine nursing arts art design psychology history philosophy literature
    english education information technology systems data statistics electrical mechanical
    civil chemical software studies communication communications media political
    international relations applied fine social environmental architecture music
    linguistics sociology geography health public policy artificial intelligence and & of
    in""".split()
)
_DEGREE = (
    r"(?:Bachelor|Master|Doctor|Associate)(?:'s|’s)?(?:\s+(?:of|in)\s+(?:Applied\s+|Fine\s+)?"
    r"(?:Science|Sciences|Arts|Engineering|Business\s+Administration|Technology|Laws|Education|"
    r"Fine\s+Arts|Philosophy|Music|Architecture|Computer\s+Applications))?(?:\s+Degree)?"
    r"|Doctorate|Ph\.?\s?D\.?|MBA|M\.?B\.?A\.?|B\.?\s?Sc?\.?|M\.?\s?Sc?\.?|B\.?\s?A\.?|M\.?\s?A\.?|"
    r"B\.?\s?Eng\.?|M\.?\s?Eng\.?|B\.?\s?Tech|M\.?\s?Tech|BSCS|BSEE|MSCS|LL\.?\s?[BM]\.?|M\.?D\.?|"
    r"A\.?A\.?S\.?|Diplom(?:a)?(?:-\w+)?|Abitur|Licence|Licenciatura|Grado|Máster|Magister|"
    r"Staatsexamen|Baccalauréat|High\s+School\s+Diploma|A-Levels|GCSE|HND|Certificate|"
    r"Dipl\.-\w+\.?|Ingeniería|Ingénieur|DUT|BTS|CAP|BEP|Bac(?:\s*\+\s*\d)?|Doctorat|"
    r"Diplôme(?:\s+d['’]\w+)?|Geprüfte[rn]?\s+\w+|Staatlich\s+geprüfte[rn]?\s+\w+|"
    r"Fachwirt(?:in)?|Berufsausbildung|Ausbildung|Técnico\s+Superior|Técnica\s+Superior|"
    r"Bachillerato|Doctorado|Diplomatura|Formación\s+Profesional|Ciclo\s+Formativo"
)
DEGREE = re.compile(rf"(?<![\w.])(?:{_DEGREE})(?![\w])", re.IGNORECASE)

US_STATES = frozenset(
    """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
    NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC""".split()
)
COUNTRIES: dict[str, str] = {
    "united states": "US", "usa": "US", "us": "US", "united kingdom": "GB", "uk": "GB",
    "england": "GB", "scotland": "GB", "ireland": "IE", "germany": "DE", "deutschland": "DE",
    "france": "FR", "spain": "ES", "españa": "ES", "espana": "ES", "italy": "IT",
    "portugal": "PT", "netherlands": "NL", "belgium": "BE", "switzerland": "CH",
    "schweiz": "CH", "austria": "AT", "österreich": "AT", "sweden": "SE", "sverige": "SE",
    "norway": "NO", "denmark": "DK", "finland": "FI", "poland": "PL", "czech republic": "CZ",
    "czechia": "CZ", "greece": "GR", "turkey": "TR", "türkiye": "TR", "israel": "IL",
    "india": "IN", "china": "CN", "japan": "JP", "korea": "KR", "south korea": "KR",
    "singapore": "SG", "australia": "AU", "new zealand": "NZ", "canada": "CA", "mexico": "MX",
    "méxico": "MX", "brazil": "BR", "brasil": "BR", "argentina": "AR", "chile": "CL",
    "colombia": "CO", "peru": "PE", "south africa": "ZA", "nigeria": "NG", "kenya": "KE",
    "egypt": "EG", "ukraine": "UA", "romania": "RO", "hungary": "HU", "estonia": "EE",
    "lithuania": "LT", "latvia": "LV", "luxembourg": "LU", "iceland": "IS", "pakistan": "PK",
    "vietnam": "VN", "philippines": "PH", "indonesia": "ID", "malaysia": "MY",
    "thailand": "TH", "uae": "AE", "united arab emirates": "AE",
}  # fmt: skip
COUNTRY_CODES = frozenset(COUNTRIES.values()) | {"GB", "UK"}
# Cities that often appear on résumés, with their countries; they let "Fraktlogik Gothenburg"
# be read as an employer and a place.
CITIES: dict[str, str] = {
    city: code
    for code, names in {
        "US": "new york|san francisco|los angeles|chicago|boston|seattle|austin|denver|"
        "portland|atlanta|miami|dallas|houston|san jose|san diego|santa clara|mountain view|"
        "palo alto|menlo park|sunnyvale|cupertino|redmond|san antonio|philadelphia|"
        "washington|pittsburgh|berkeley|oakland|brooklyn|cambridge|princeton|detroit|"
        "minneapolis|phoenix|salt lake city|nashville|raleigh|baltimore|las vegas",
        "GB": "london|manchester|edinburgh|glasgow|bristol|birmingham|leeds|oxford",
        "IE": "dublin|cork|galway|limerick",
        "DE": "berlin|munich|münchen|hamburg|frankfurt|cologne|köln|stuttgart|düsseldorf|"
        "leipzig|dresden|hannover|nürnberg|karlsruhe|heidelberg|bonn|aachen",
        "FR": "paris|lyon|marseille|toulouse|nice|nantes|bordeaux|lille|strasbourg|grenoble",
        "ES": "madrid|barcelona|valencia|sevilla|seville|bilbao|málaga|malaga|zaragoza",
        "SE": "stockholm|gothenburg|göteborg|malmö|malmo|uppsala|lund|linköping",
        "NO": "oslo|bergen|trondheim",
        "DK": "copenhagen|københavn|aarhus",
        "FI": "helsinki|espoo|tampere",
        "NL": "amsterdam|rotterdam|utrecht|eindhoven|the hague",
        "BE": "brussels|antwerp|ghent",
        "CH": "zurich|zürich|geneva|genève|basel|bern|lausanne",
        "AT": "vienna|wien|graz|salzburg",
        "IT": "rome|milan|milano|turin|florence|bologna",
        "PT": "lisbon|lisboa|porto",
        "PL": "warsaw|krakow|kraków|wroclaw|gdansk",
        "IL": "tel aviv|jerusalem|haifa|ramat gan|petach tikva|herzliya",
        "IN": "bangalore|bengaluru|mumbai|delhi|new delhi|hyderabad|pune|chennai|kolkata|noida|"
        "gurgaon|gurugram",
        "CA": "toronto|vancouver|montreal|montréal|ottawa|calgary|waterloo",
        "AU": "sydney|melbourne|brisbane|perth",
        "SG": "singapore",
        "JP": "tokyo|osaka|kyoto",
        "CN": "beijing|shanghai|shenzhen|hong kong",
        "MX": "mexico city|ciudad de méxico|guadalajara|monterrey",
        "BR": "são paulo|sao paulo|rio de janeiro",
        "AR": "buenos aires",
        "TR": "istanbul|ankara",
        "AE": "dubai|abu dhabi",
    }.items()
    for city in names.split("|")
}
REMOTE = frozenset({"remote", "hybrid", "on-site", "onsite", "worldwide", "home office"})


def fold(text: str) -> str:
    """Lower case without accents or punctuation, "&" as "and": how headings are compared."""
    plain = unicodedata.normalize("NFKD", text.lower().replace("&", " and "))
    letters = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def is_title_head(word: str) -> bool:
    """Whether a word ends a job title ("Engineer", "CTO", "Softwareentwickler")."""
    low = fold(word)
    return low in TITLE_HEADS or (len(low) > 10 and low.endswith(_GERMAN_HEADS))


LEGAL_SUFFIXES = frozenset(
    """inc inc. ltd ltd. llc llp plc corp corp. gmbh ag se sa s.a. sas sarl srl s.l. sl bv b.v.
    nv ab oy asa a/s aps kg ug pty pvt mbb partg ohg gbr kgaa e.v. eg s.a.s. s.a.r.l. sasu
    scop s.l.u. slu s.coop""".split()
)


def has_legal_suffix(text: str) -> bool:
    """Whether a name ends as an employer's does ("Kanzlei Brandt & Partner mbB", "Acme SA")."""
    words = text.split()
    return bool(words) and words[-1].lower().strip(",()") in LEGAL_SUFFIXES


def is_company_word(word: str) -> bool:
    """Whether a word marks an employer's name ("GmbH", "Inc.", "Labs", "Google")."""
    low = word.lower().strip(",()")
    return low in COMPANY_WORDS or low.rstrip(".") in COMPANY_WORDS or low in KNOWN_COMPANIES


def _region(city: str, code: str) -> dict[str, str]:
    """``city`` and a two-letter code: a US state, unless the city is known in that country."""
    known = CITIES.get(city.lower())
    if code in US_STATES and known in (None, "US"):
        return {"city": city, "region": code}
    if code in COUNTRY_CODES or known == code:
        return {"city": city, "countryCode": "GB" if code == "UK" else code}
    return {"city": city, "region": code}


def read_place(text: str) -> dict[str, str] | None:
    """A place written as "City, ST", "City, Country", "City, SE" or a known city alone, as
    JSON Resume location fields; None when the text does not look like a place."""
    value = re.sub(r"^(?:location|address|adresse|wohnort|ort|ubicación|ubicacion)\s*:\s*", "",
                   text.strip(), flags=re.IGNORECASE).strip(" .")  # fmt: skip
    parts = [p.strip() for p in value.split(",")]
    if not value or len(parts) > 3 or not all(_place_word(p) for p in parts):
        return None
    if " " in parts[0] and parts[0].lower() not in CITIES:
        return None
    if len(parts) == 3 and parts[1].lower() in CITIES and parts[0].lower() not in CITIES:
        return None  # "OpenAI, San Francisco, USA": the city is the middle part
    if len(parts) == 1:
        return {"city": value} if value.lower() in CITIES else None
    city, last = parts[0], parts[-1]
    place = _region(city, last) if re.fullmatch(r"[A-Z]{2}", last) else None
    if place is None and last.lower() in COUNTRIES:
        place = {"city": city, "countryCode": COUNTRIES[last.lower()]}
    if place is not None and len(parts) == 3:
        place["region"] = parts[1]
    return place


def _place_word(part: str) -> bool:
    """Whether one comma-separated part could name a place: short, capitalised, no digits."""
    words = part.split()
    return 0 < len(words) <= 3 and part[:1].isupper() and not any(c.isdigit() for c in part)


def split_place(text: str) -> tuple[str, str]:
    """Cut a place off the end of a text ("Nexus AI San Francisco, CA" → "Nexus AI",
    "San Francisco, CA"); ``(text, "")`` when none is found."""
    words = text.split()
    for size in (4, 3, 2, 1):
        if len(words) <= size:
            continue
        tail = " ".join(words[-size:])
        if read_place(tail) and _city_fits(words[-size:]):
            return " ".join(words[:-size]), tail
    if words and fold(words[-1]) in REMOTE and len(words) > 1:
        return " ".join(words[:-1]), words[-1]
    return text, ""


def _city_fits(words: list[str]) -> bool:
    """A tail "X Y, ST" is a place only when its city part is known, or one word long."""
    city = " ".join(words).split(",")[0]
    return city.lower() in CITIES or " " not in city


# Spoken languages by their names in English, German, French and Spanish (folded): a word in a
# languages section that names none of these and has no level is no language.
LANGUAGE_NAMES = frozenset(
    """english englisch anglais ingles german deutsch allemand aleman french franzosisch
    francais frances spanish spanisch espagnol espanol castellano castilian italian
    italienisch italien italiano portuguese portugiesisch portugais portugues dutch
    niederlandisch neerlandais neerlandes hollandes flemish polish polnisch polonais polaco
    russian russisch russe ruso ukrainian ukrainisch ukrainien ucraniano czech tschechisch
    tcheque checo slovak slowakisch slovaque eslovaco hungarian ungarisch hongrois hungaro
    romanian rumanisch roumain rumano bulgarian bulgarisch bulgare bulgaro greek griechisch
    grec griego turkish turkisch turc turco arabic arabisch arabe hebrew hebraisch hebreu
    hebreo persian farsi persisch persan persa hindi urdu bengali bangla punjabi tamil telugu
    marathi gujarati kannada malayalam chinese chinesisch chinois chino mandarin cantonese
    kantonesisch cantonais cantones japanese japanisch japonais japones korean koreanisch
    coreen coreano vietnamese vietnamesisch vietnamien vietnamita thai thailandisch thailandais
    tailandes indonesian indonesisch indonesien indonesio malay malaiisch malais malayo
    tagalog filipino swahili suaheli amharic yoruba hausa igbo zulu afrikaans swedish
    schwedisch suedois sueco norwegian norwegisch norvegien noruego danish danisch danois
    danes finnish finnisch finnois finlandes icelandic islandisch islandais islandes estonian
    estnisch estonien estonio latvian lettisch letton leton lithuanian litauisch lituanien
    lituano serbian serbisch serbe serbio croatian kroatisch croate croata bosnian slovenian
    slowenisch slovene esloveno albanian albanisch albanais albanes macedonian armenian
    georgian catalan katalanisch catala basque baskisch basque euskera galician galicisch
    gallego irish gaelic welsh walisisch gallois gales latin latein latin latino esperanto
    luxembourgish luxemburgisch berber amazigh darija kurdish kurdisch pashto nepali sinhala
    khmer lao burmese mongolian kazakh uzbek azerbaijani azeri""".split()
)


def is_language(text: str) -> bool:
    """Whether ``text`` names a spoken language ("English", "Français", "Sign Language")."""
    words = fold(text).replace("-", " ").split()
    return bool(words) and (
        words[0] in LANGUAGE_NAMES or "language" in words or fold(text) in LANGUAGE_NAMES
    )


LEVEL = re.compile(
    r"(?:beginner|elementary|novice|basic|basics|intermediate|upper intermediate|advanced|"
    r"expert|proficient|master|good|very good|excellent|fluent|native|native speaker|"
    r"mother tongue|bilingual|conversational|professional|professional working proficiency|"
    r"full professional proficiency|limited working proficiency|elementary proficiency|"
    r"[ABC][12]|[1-5]\s*/\s*5|[1-9]\s*/\s*10|grundkenntnisse|gute kenntnisse|"
    r"sehr gute kenntnisse|fortgeschritten|verhandlungssicher|fließend|muttersprache|"
    r"debutant|débutant|intermediaire|intermédiaire|avance|avancé|courant|bilingue|"
    r"langue maternelle|notions|basico|básico|intermedio|avanzado|experto|nativo|nativa|"
    r"lengua materna)",
    re.IGNORECASE,
)


def is_level(text: str) -> bool:
    """A level alone ("Advanced", "Native Speaker", "B2", "4/5"): of a skill or a language."""
    return bool(LEVEL.fullmatch(text.strip(" .()")))
