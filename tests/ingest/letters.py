"""Files that read without error but are not résumés, and résumés in unexpected clothes (issue 18).

Every text here was written for these tests; none is copied from the corpus.
"""

from __future__ import annotations

from pathlib import Path

from tests.ingest.pdfs import typst_pdf

COVER_LETTER_TYP = """\
#set page(paper: "a4", margin: 2.2cm)
#set text(size: 11pt)
#text(size: 22pt, weight: "bold")[Maya Lindqvist] \\
Backend engineer · Storgatan 12, 114 51 Stockholm · maya.lindqvist\\@example.com

#v(1.2em)
Nordpay AB, People Team \\
Sveavägen 44, 111 34 Stockholm

3 March 2025

*Application for Senior Backend Engineer*

Dear Ms. Berg,

I am writing to apply for the senior backend engineer position advertised on your careers page.
For the past six years I have built payment services that handle millions of transactions a day,
and I would be glad to bring that experience to the team that keeps Nordpay's ledger correct.

At my current employer I led the move of our settlement system from nightly batches to an event
stream, which cut the time a merchant waits for a payout from two days to under an hour. I care
about systems that are boring to operate, and about colleagues who can change them without fear.

I would welcome the chance to talk about how I could help your team. Thank you for your time and
for considering my application.

Kind regards,

Maya Lindqvist
"""

GERMAN_LETTER = """\
Jonas Keller
Lindenstraße 8, 80331 München

Sehr geehrte Damen und Herren,

mit großem Interesse habe ich Ihre Ausschreibung für die Stelle als Softwareentwickler gelesen.
In den letzten fünf Jahren habe ich Anwendungen für die Logistik entwickelt und betreut, und ich
möchte diese Erfahrung gerne in Ihr Team einbringen.

Über eine Einladung zu einem persönlichen Gespräch würde ich mich sehr freuen.

Mit freundlichen Grüßen
Jonas Keller
"""

FRENCH_LETTER = """\
Camille Durand
12 rue des Lilas, 69003 Lyon

Madame, Monsieur,

Actuellement développeuse web depuis quatre ans, je souhaite vous proposer ma candidature pour le
poste de développeuse front-end publié sur votre site. Mon expérience des interfaces accessibles
correspond aux besoins que vous décrivez dans votre annonce.

Je me tiens à votre disposition pour un entretien à la date qui vous conviendra.

Cordialement,
Camille Durand
"""

SPANISH_LETTER = """\
Lucía Fernández
Calle Mayor 5, 28013 Madrid

Estimado señor García:

Le escribo para presentar mi candidatura al puesto de analista de datos que su empresa ha
publicado. Durante los últimos tres años he trabajado con grandes volúmenes de datos y me
gustaría aportar esa experiencia a su equipo.

Quedo a su disposición para ampliar cualquier información.

Atentamente,
Lucía Fernández
"""

TEXT_RESUME = """\
Ada Okafor
Data engineer
ada.okafor@example.com · +44 20 7946 0321

EXPERIENCE
Data Engineer, Harbour Analytics — London
Jan 2021 - Present
- Built the pipelines that load 2 TB a day into the warehouse.
- Cut the nightly batch from five hours to forty minutes.

Analyst, Greenfield Retail — Leeds
Sep 2018 - Dec 2020
- Wrote the weekly sales reports in SQL and Python.

EDUCATION
BSc Mathematics, University of Leeds
2015 - 2018

SKILLS
Python, SQL, Airflow, dbt, PostgreSQL
"""

# A cover letter bound before the résumé it goes with: the résumé is what counts.
LETTER_THEN_RESUME = GERMAN_LETTER + "\n" + TEXT_RESUME

JOB_AD = """\
Senior Data Engineer (m/f/d) — Harbour Analytics, London

We are looking for a data engineer to join our platform team. You will own the pipelines that
feed our warehouse and help analysts trust their numbers.

Responsibilities
- Design and run batch and streaming pipelines.
- Work with analysts to model data in dbt.

Requirements
- 4+ years of experience with Python and SQL.
- Experience with Airflow or a similar scheduler.

What we offer
- A salary of £70,000 to £85,000, 28 days of holiday and a learning budget.

How to apply: send your CV through our careers page.
"""

INVOICE = """\
Brightline Studio Ltd
billing@brightline.example · +44 161 496 0000

INVOICE

Invoice number: 2025-0142
Invoice date: 14 February 2025
Due date: 16 March 2025

Bill to:
Harbour Analytics
22 Dock Street, London

Description                      Qty   Unit price   Amount
Website redesign                   1     4,200.00   4,200.00
Hosting (12 months)               12        25.00     300.00

Subtotal                                            4,500.00
VAT (20%)                                             900.00
Total due                                           5,400.00

Payment terms: 30 days. IBAN GB29 NWBK 6016 1331 9268 19
"""

NOVEL = """\
The rain had not stopped for three days, and the river had climbed over the lower steps of the
harbour by the time Elsa walked down to the boats. She carried her father's coat over one arm,
though he had not worn it in years, and she did not know why she had brought it at all.

The ferryman looked at her for a long time before he spoke. He asked whether she meant to cross
tonight, and when she said that she did, he only nodded and began to untie the rope from the post.

On the far bank the lights of the town were few and yellow, and the water between them was black
and quick. Neither of them said anything more until the boat touched the other side.
"""

LOREM = """\
Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut
labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris
nisi ut aliquip ex ea commodo consequat.

Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla
pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt.
"""


def cover_letter_pdf(tmp_path: Path) -> bytes:
    """A one-page cover letter set by Typst, with a letterhead that gives an email address."""
    return typst_pdf(tmp_path, COVER_LETTER_TYP)
