"""Pages set in columns are read as a person reads them: a sidebar after the main column's
header, a column of section labels as headings before the rows they label, a date margin on the
row of its entry."""

from __future__ import annotations

from pathlib import Path

from tailorcv.ingest.cells import read_down
from tailorcv.ingest.document import Limits
from tailorcv.ingest.lines import Item
from tailorcv.ingest.pdf import extract
from tests.ingest.pdfs import typst_pdf

# A sidebar beside the main column, under a name and a title wider than the sidebar: the
# narrowest gap crossed by the fewest rows is the one before the main column's dates, not the
# gutter, which the header crosses.
SIDEBAR_UNDER_A_WIDE_HEADER = """
#set page(width: 595pt, height: 842pt, margin: 50pt)
#set text(size: 10pt)
#text(34pt)[*Jane Doe*] \\
#text(15pt)[Warehouse Manager, Lyon]
#v(12pt)
#grid(columns: (120pt, 1fr), column-gutter: 24pt,
  [
    #text(13pt)[Skills] \\
    Stock control \\
    Lean \\
    Forklift \\
    #v(8pt)
    #text(13pt)[Languages] \\
    French \\
    Spanish \\
    #v(8pt)
    #text(13pt)[Interests] \\
    Cycling \\
    Chess
  ],
  [
    #text(13pt)[Experience] \\
    #for (company, dates) in (
      ("Acme Logistics", "2018 – 2024"),
      ("Globex Freight", "2013 – 2018"),
      ("Initech Stores", "2009 – 2013"),
    ) [
      *#company* #h(1fr) #dates \\
      Team lead \\
      Ran the night shift of forty people. \\
    ]
    Cut picking errors from 1.2 % to 0.3 % with a new warehouse management system rolled out
    in 2021. \\
    #text(13pt)[Education] \\
    *IUT Lyon* #h(1fr) 2007 – 2009 \\
    DUT Logistics
  ],
)
"""

# Section labels in a column of their own, each on the row of its section's first line, as
# JSON Resume's "even" theme sets them; the first page's only label names no known section.
LABEL_COLUMN = """
#set page(width: 595pt, height: 842pt, margin: 50pt)
#set text(size: 10pt)
#let labelled(name, body) = grid(columns: (90pt, 1fr), column-gutter: 16pt,
  align(right, text(16pt, fill: gray)[#name]), body)
#grid(columns: (90pt, 1fr), column-gutter: 16pt, [], [
  #text(28pt)[Jane Doe] \\
  #text(16pt)[Staff Nurse] \\
  jane\\@example.com
])
#v(12pt)
#labelled("Work")[
  #for (role, place) in (
    ("Staff Nurse", "Corrib Valley Hospital"),
    ("Healthcare Assistant", "Saltmarsh Nursing Home"),
    ("Care Worker", "Oranmore Care"),
  ) [
    #text(13pt)[*#role*] \\
    *#place* \\
    Sep 2020 – Present \\
    #for i in range(12) [Cared for patients on a busy ward, line #i. \\ ]
    #v(6pt)
  ]
]
#pagebreak()
#labelled("Education")[
  #text(13pt)[*Atlantic Technological University*] \\
  BSc in General Nursing \\
  Sep 2016 – Jun 2020
]
#v(8pt)
#labelled("Skills")[
  #text(13pt)[*Clinical*] \\
  Wound care, Phlebotomy
]
"""

# Dates in a margin of their own, each on the row of its entry: no labels.
DATE_MARGIN = """
#set page(width: 595pt, height: 842pt, margin: 50pt)
#set text(size: 10pt)
#text(24pt)[Jane Doe]
#let entry(dates, body) = grid(columns: (90pt, 1fr), column-gutter: 16pt, dates, body)
#text(14pt)[Experience]
#entry[2018 – 2024][*Acme Logistics* \\ Team lead]
#entry[2013 – 2018][*Globex Freight* \\ Planner]
#text(14pt)[Education]
#entry[2007 – 2009][*IUT Lyon* \\ DUT Logistics]
"""


# A borderless table as word processors set résumés: dates in 9 pt in the left cells, entries
# in 11 pt in the right ones, headings alone in the left column. Top-aligned cells put text of
# two sizes on the same row with bottoms two points apart.
TABLE_OF_TWO_SIZES = """
#set page(width: 595pt, height: 842pt, margin: 50pt)
#set text(size: 11pt)
#let dates(body) = text(9pt, body)
#grid(columns: (1fr, 1fr), row-gutter: 10pt,
  text(20pt)[*Aoife Brennan*], align(right)[aoife\\@example.com],
  [*EXPERIENCE*], [],
  dates[Sep 2025 – Present], [*Staff Nurse* \\ Corrib Valley Hospital – Galway \\
    • Cares for up to six patients a shift. \\ • Trained in sepsis screening.],
  dates[Jun 2022 – Aug 2025], [*Healthcare Assistant* \\ Saltmarsh Nursing Home – Oranmore \\
    • Helped residents with personal care.],
  [*EDUCATION*], [],
  dates[2021 – 2025], [*Atlantic Technological University* \\ BSc, General Nursing],
  [*SKILLS*], [],
  dates[Clinical], [*Wound care, Phlebotomy*],
  dates[Certifications], [*Basic Life Support*],
)
"""

# A centred header whose contact row starts left of the sidebar's gutter, its cells more than an
# em apart, over a sidebar and a main column.
HEADER_ASTRIDE_THE_GUTTER = """
#set page(width: 595pt, height: 842pt, margin: 50pt)
#set text(size: 10pt)
#align(center)[
  #text(20pt)[John Doe] \\
  Pleasantville, CA 94588 #h(16pt) (555) 123-4567 #h(16pt) john.doe\\@gmail.com #h(16pt)
  https://johndoe.me/
]
#grid(columns: (130pt, 1fr), column-gutter: 20pt,
  [
    #text(13pt)[Profiles] \\
    johndoe \\ LinkedIn \\
    #text(13pt)[Skills] \\
    #for skill in ("Python", "React", "Docker", "SQL", "Git") [#skill \\ ]
  ],
  [
    #text(13pt)[Summary] \\
    #for i in range(8) [Built and shipped web applications for clients, part #i. \\ ]
  ],
)
"""

# Skills set as tags, boxes an em or so apart, and a paragraph justified in a narrow column.
TAGS_AND_JUSTIFIED_TEXT = """
#set page(width: 595pt, height: 842pt, margin: 50pt)
#set text(size: 10pt)
#let tag(body) = box(fill: luma(220), inset: (x: 3pt, y: 2pt), body)
= Skills
#tag[Wound care] #h(10pt) #tag[Phlebotomy] #h(10pt) #tag[Basic Life Support]

#set par(justify: true)
#block(width: 170pt)[Registered nurse with placements in acute medicine and theatres, looking
for a rotation post on a surgical ward, with a particular interest in wound care, sepsis
screening, early-warning scores and the teaching of newly qualified colleagues on busy wards at
night. Internationalisation, interoperability and responsibilities of multidisciplinary teams.]
"""


def test_a_row_astride_the_gutter_is_read_across_whole(tmp_path: Path) -> None:
    """The contact row's first cell crosses the gutter, its other cells do not: the row is
    read across, in place, not cut into a full-width cell after the sidebar's text."""
    document = extract(typst_pdf(tmp_path, HEADER_ASTRIDE_THE_GUTTER), Limits())
    texts = [line.text for line in document.lines]
    assert document.columns == 2
    assert texts[:3] == [
        "John Doe",
        "Pleasantville, CA 94588\t(555) 123-4567\tjohn.doe@gmail.com\thttps://johndoe.me/",
        "Profiles",
    ]


def test_a_table_of_two_sizes_is_read_row_by_row(tmp_path: Path) -> None:
    """Dates beside their entries in a smaller size line up by their middles: a table read
    across, not a column of dates and headings read before the entries."""
    document = extract(typst_pdf(tmp_path, TABLE_OF_TWO_SIZES), Limits())
    texts = [line.text for line in document.lines]
    assert document.columns == 1
    assert "Sep 2025 – Present\tStaff Nurse" in texts
    assert "2021 – 2025\tAtlantic Technological University" in texts
    assert texts.index("EDUCATION") < texts.index("2021 – 2025\tAtlantic Technological University")


def test_a_gap_wider_than_an_em_parts_cells_not_words(tmp_path: Path) -> None:
    """Tags an em apart are cells ("Wound care" and "Phlebotomy", not "care Phlebotomy"); the
    widest space of a justified line stays a space."""
    document = extract(typst_pdf(tmp_path, TAGS_AND_JUSTIFIED_TEXT), Limits())
    texts = [line.text for line in document.lines]
    assert texts[1] == "Wound care\tPhlebotomy\tBasic Life Support"
    assert len(texts) > 6
    assert not [text for text in texts[2:] if "\t" in text]


# Tags in pills half an em apart, not much more than a word space; a sentence on a shaded band
# with one word highlighted.
PILLS = """
#set page(width: 595pt, height: 842pt, margin: 50pt)
#set text(size: 10pt)
#let pill(body) = box(fill: rgb("#3b6ea5"), inset: (x: 2pt, y: 6pt), text(white, body))
#pill[C] #h(-1.5pt) #pill[C++] #h(-1.5pt) #pill[Python] #h(-1.5pt) #pill[Zephyr RTOS]

#block(fill: luma(230), inset: 6pt)[Wrote drivers in #highlight[Rust] for the sensor board.]
"""


def test_words_in_pills_of_their_own_are_cells(tmp_path: Path) -> None:
    """Each tag fills a box of its own: "C", "C++" and "Zephyr RTOS" are three skills, however
    close; words sharing a box, or one highlighted word in a sentence, stay words."""
    document = extract(typst_pdf(tmp_path, PILLS), Limits())
    texts = [line.text for line in document.lines]
    assert texts == [
        "C\tC++\tPython\tZephyr RTOS",
        "Wrote drivers in Rust for the sensor board.",
    ]


def test_a_justified_line_spread_wider_than_an_em_keeps_its_spaces(tmp_path: Path) -> None:
    """A justified line whose spaces LaTeX stretched past an em, words spread to the right
    margin, is one phrase, not nine cells."""
    spread = "#h(1fr)".join("Bachelor of Arts, Hochschule für Wirtschaft und Recht Berlin,".split())
    source = (
        "#set page(width: 595pt, height: 842pt, margin: 60pt)\n"
        "#set text(size: 10pt)\n"
        "#block(width: 400pt)[2013 – 2014 Geprüfter Bilanzbuchhalter, IHK Berlin \\\n"
        f"2008 – 2011 {spread} \\\n"
        "Betriebswirtschaftslehre]\n"
    )
    texts = [line.text for line in extract(typst_pdf(tmp_path, source), Limits()).lines]
    assert texts[1] == "2008 – 2011 Bachelor of Arts, Hochschule für Wirtschaft und Recht Berlin,"


def test_a_grid_of_named_groups_reads_each_name_with_its_list() -> None:
    """A bold row of group names over their lists, three side by side: each name leads its
    list, so a group named "Languages" is not read as the heading of a section."""
    grid = [
        Item("Infrastructure\tObservability\tLanguages", size=1.07, bold=True),
        Item("Kubernetes · Terraform\tPrometheus · Grafana\tGo · Python", size=0.93),
        Item("Ansible\tOpenTelemetry\tBash", size=0.93),
    ]
    assert [item.text for item in read_down(grid)] == [
        "Infrastructure\tKubernetes · Terraform Ansible",
        "Observability\tPrometheus · Grafana OpenTelemetry",
        "Languages\tGo · Python Bash",
    ]


def test_a_sidebar_under_a_header_wider_than_it_is_a_column(tmp_path: Path) -> None:
    document = extract(typst_pdf(tmp_path, SIDEBAR_UNDER_A_WIDE_HEADER), Limits())
    texts = [line.text for line in document.lines]
    assert document.columns == 2
    side = texts.index("Skills")
    assert texts[side : side + 11] == [
        "Skills",
        "Stock control",
        "Lean",
        "Forklift",
        "Languages",
        "French",
        "Spanish",
        "Interests",
        "Cycling",
        "Chess",
        "Experience",
    ]
    assert "Acme Logistics\t2018 – 2024" in texts


def test_a_column_of_section_labels_gives_headings_on_every_page(tmp_path: Path) -> None:
    """The known headings Education and Skills show the column is one of labels; Work, alone
    on the first page at the same place, is a label too, not the start of "Work Staff Nurse"."""
    document = extract(typst_pdf(tmp_path, LABEL_COLUMN), Limits())
    texts = [line.text for line in document.lines]
    headings = [line.text for line in document.lines if line.heading]
    assert headings == ["Work", "Education", "Skills"]
    assert document.columns == 1
    assert texts[texts.index("Work") + 1] == "Staff Nurse"
    assert texts[texts.index("Education") + 1] == "Atlantic Technological University"
    assert texts[texts.index("Skills") + 1] == "Clinical"


def test_a_date_margin_is_no_column_of_labels(tmp_path: Path) -> None:
    document = extract(typst_pdf(tmp_path, DATE_MARGIN), Limits())
    texts = [line.text for line in document.lines]
    assert not [line.text for line in document.lines if line.heading]
    assert any(t.startswith("2018 – 2024") and t.endswith("Acme Logistics") for t in texts)
    assert any(t.startswith("2007 – 2009") and t.endswith("IUT Lyon") for t in texts)


# Two columns in one size and leading, so that their lines share baselines row by row, each
# under a heading of its own; the narrow one on a tinted panel (#panel) or on the bare page.
COLUMNS_IN_STEP = """
#set page(width: 595pt, height: 842pt, margin: 50pt)
#set text(size: 10pt)
#let panel(body) = PANEL
#text(24pt)[*Jane Doe*]
#v(8pt)
#grid(columns: (1fr, 150pt), column-gutter: 20pt,
  [
    *Experience* \\
    #for n in range(1, 9) [Ran warehouse number #n for three years \\ ]
  ],
  panel[
    *Skills* \\
    #for skill in ("Stock control", "Lean", "Forklift", "Planning", "Safety") [#skill \\ ]
  ],
)
"""


def test_a_column_on_a_panel_of_its_own_is_a_column_however_its_lines_align(
    tmp_path: Path,
) -> None:
    """Issue 19: a two-column template's lines share baselines by chance; the tinted panel
    behind the narrow column shows it is a column (before, each row was read across)."""
    source = COLUMNS_IN_STEP.replace("PANEL", "block(fill: luma(235), outset: 4pt, body)")
    texts = [line.text for line in extract(typst_pdf(tmp_path, source), Limits()).lines]
    assert texts.index("Ran warehouse number 8 for three years") < texts.index("Skills")
    assert texts[texts.index("Skills") + 1 :][:5] == [
        "Stock control",
        "Lean",
        "Forklift",
        "Planning",
        "Safety",
    ]


def test_without_a_panel_columns_in_step_read_as_a_table(tmp_path: Path) -> None:
    """The same page on a bare background reads row by row, as a table would: the panel, not
    the headings, is what tells the two apart."""
    source = COLUMNS_IN_STEP.replace("PANEL", "block(body)")
    texts = [line.text for line in extract(typst_pdf(tmp_path, source), Limits()).lines]
    assert any(
        t.startswith("Ran warehouse number 1") and t.endswith("Stock control") for t in texts
    )


# A long career beside a short column of languages in a smaller size: the short column covers
# far less than a quarter of the page's text.
SHORT_SIDE_COLUMN = """
#set page(width: 595pt, height: 842pt, margin: 50pt)
#set text(size: 10pt)
#text(24pt)[*Jane Doe*]
#v(8pt)
#grid(columns: (1fr, 130pt), column-gutter: 24pt,
  [
    #text(13pt)[Experience] \\
    #for n in range(1, 30) [Ran warehouse number #n for three long and busy years \\ ]
  ],
  [
    #set text(size: 8.5pt)
    #set par(leading: 1.2em)
    #text(13pt)[Languages] \\
    English \\
    French \\
    Spanish
  ],
)
"""


def test_a_short_headed_column_beside_a_long_one_is_a_column(tmp_path: Path) -> None:
    """Issue 19: a narrow column of languages beside a long career is read after it, not row by
    row into the career's lines (before, it had to cover a quarter of the page's text)."""
    document = extract(typst_pdf(tmp_path, SHORT_SIDE_COLUMN), Limits())
    texts = [line.text for line in document.lines]
    assert document.columns == 2
    assert texts[-4:] == ["Languages", "English", "French", "Spanish"]
