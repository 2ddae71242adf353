"""Entry heads as German, French and Spanish résumés write them (issue 18): titles in sentence
case, employers known by their legal form, places set apart to the right, degrees and schools
of those countries, and long heads with their dates to the right."""

from __future__ import annotations

from tailorcv.ingest.document import Document, Line
from tailorcv.ingest.heads import position_and_company
from tailorcv.ingest.sections import parse


def work_of(*lines: str) -> list[tuple[str | None, str | None, str | None]]:
    doc = Document(
        lines=[Line("Ana Pérez"), Line("ana@example.com"), *map(Line, lines)], kind="pdf"
    )
    resume = parse(doc).resume
    return [(w.position, w.name, w.location) for w in resume.work]


def test_a_legal_form_names_the_employer_even_beside_a_title_word() -> None:
    """ "Partner" is a title word, but "… & Partner mbB" is a firm."""
    found = position_and_company(["Bilanzbuchhalter", "Kanzlei Brandt & Partner mbB"])
    assert found[:2] == ("Bilanzbuchhalter", "Kanzlei Brandt & Partner mbB")


def test_sentence_case_titles_and_a_place_set_apart() -> None:
    assert work_of(
        "Experiencia laboral",
        "Analista de datos sénior\tmayo 2021 – actualidad",
        "Datalia Soluciones S.L.\tValencia",
        "Técnico en emergencias sanitarias\tjul. 2012 – dic. 2015",
        "Ambulancias Meseta S.L.\tToledo",
        "Expérience professionnelle",
        "Chef d'équipe logistique\tmai 2013 – janv. 2018",
        "Transports Girard SA\tVénissieux",
    ) == [
        ("Analista de datos sénior", "Datalia Soluciones S.L.", "Valencia"),
        ("Técnico en emergencias sanitarias", "Ambulancias Meseta S.L.", "Toledo"),
        ("Chef d'équipe logistique", "Transports Girard SA", "Vénissieux"),
    ]


def test_schools_and_degrees_of_germany_france_and_spain() -> None:
    doc = Document(
        lines=[
            Line("Jürgen Müller"),
            Line("juergen@example.com"),
            Line("Ausbildung"),
            Line("Geprüfter Bilanzbuchhalter, Bilanzbuchhaltung\tSep. 2013 – Nov. 2014"),
            Line("IHK Berlin"),
            Line("DUT, Gestion logistique et transport\tsept. 2007 – juin 2009"),
            Line("IUT Lumière Lyon 2"),
        ],
        kind="pdf",
    )
    found = [(e.study_type, e.institution) for e in parse(doc).resume.education]
    assert found == [("Geprüfter Bilanzbuchhalter", "IHK Berlin"), ("DUT", "IUT Lumière Lyon 2")]


def test_a_long_head_with_its_dates_to_the_right_is_still_a_head() -> None:
    doc = Document(
        lines=[
            Line("Léa Dubois"),
            Line("lea@example.com"),
            Line("Formation"),
            Line(
                "Master MEEF, Métiers de l'enseignement, de l'éducation et de la formation · "
                "Université Claude Bernard Lyon 1\tsept. 2013 – juin 2015"
            ),
            Line("Licence, Lettres modernes · Université Lumière Lyon 2\tsept. 2010 – juin 2013"),
        ],
        kind="pdf",
    )
    schools = [(e.institution, e.start_date) for e in parse(doc).resume.education]
    assert schools == [
        ("Université Claude Bernard Lyon 1", "2013-09"),
        ("Université Lumière Lyon 2", "2010-09"),
    ]


def test_a_lower_case_month_starts_an_entry_rather_than_ending_a_bullet() -> None:
    """ "mai 2013 – janv. 2018" after a bullet was read as that bullet's last words, and every
    later job was lost into the highlights of the first."""
    doc = Document(
        lines=[
            Line("Théo Lefèvre"),
            Line("theo@example.com"),
            Line("Expérience professionnelle"),
            Line("févr. 2018 – aujourd'hui\tResponsable d'entrepôt, Entrepôts du Rhône SAS"),
            Line("Pilote un site de 24 000 m² et 60 préparateurs en trois équipes", bullet=True),
            Line("mai 2013 – janv. 2018\tChef d'équipe logistique, Transports Girard SA"),
            Line("Planification des tournées de 35 chauffeurs", bullet=True),
        ],
        kind="pdf",
    )
    work = parse(doc).resume.work
    assert [(w.position, w.start_date) for w in work] == [
        ("Responsable d'entrepôt", "2018-02"),
        ("Chef d'équipe logistique", "2013-05"),
    ]


def test_employer_and_place_above_the_dates_and_the_title_below() -> None:
    """A layout that sets employer and place above the dates and the title below them read the
    title as the first line of the summary and the place as the employer."""
    assert work_of(
        "Work experience",
        "Corrib Valley Hospital",
        "Galway",
        "September 2025 – Present",
        "Staff Nurse",
        "Cares for up to six patients a shift.",
        "Saltmarsh Nursing Home",
        "Oranmore",
        "June 2022 – August 2025",
        "Healthcare Assistant",
        "Helped residents with personal care.",
    ) == [
        ("Staff Nurse", "Corrib Valley Hospital", "Galway"),
        ("Healthcare Assistant", "Saltmarsh Nursing Home", "Oranmore"),
    ]


def test_a_degree_anywhere_in_a_list_of_commas() -> None:
    doc = Document(
        lines=[
            Line("Jürgen Müller"),
            Line("juergen@example.com"),
            Line("Education"),
            Line("Bilanzbuchhaltung, Geprüfter Bilanzbuchhalter, IHK Berlin\t2013 – 2014"),
        ],
        kind="pdf",
    )
    first = parse(doc).resume.education[0]
    assert (first.study_type, first.institution, first.area) == (
        "Geprüfter Bilanzbuchhalter",
        "IHK Berlin",
        "Bilanzbuchhaltung",
    )
