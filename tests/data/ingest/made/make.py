"""Regenerate the made set: every PDF in pdf/<generator>/ and its truth in truth/<generator>/,
from the JSON Resume documents in sources/. Not run in CI, which reads the committed files.

    .venv/bin/python tests/data/ingest/made/make.py [--only GENERATOR ...] [--check-only]

Tools it needs (see README.md for the versions used):
- Node 20 and the JSON Resume themes installed with npm in /tmp/jrthemes
  (`npm install jsonresume-theme-even jsonresume-theme-stackoverflow …`), and Chromium
  (Debian's /usr/bin/chromium) to print their HTML;
- Debian's texlive (pdflatex with moderncv and paracol; latex-base/-recommended/-extra and
  fonts-recommended: no lmodern, fontawesome5 or babel languages are needed);
- RenderCV 2.3 in its own environment, /tmp/rcv (`python -m venv /tmp/rcv &&
  /tmp/rcv/bin/pip install "rendercv[full]"`), never a project dependency;
- LibreOffice (`libreoffice --headless --convert-to pdf`) and this project's environment
  (python-docx, tailorcv.render).

Each truth is derived from the source and the generator's profile (what it prints: date
precision, fields it leaves out), then every string of it is looked for in the PDF's text
(pdftotext); what is not found is reported, to be checked on the page image and either explained
in the generator's notes or fixed in its profile. A truth is never fitted to the importer.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOOLS = HERE / "tools"
sys.path.insert(0, str(TOOLS))

from words import language  # noqa: E402

JRTHEMES = Path(os.environ.get("JRTHEMES", "/tmp/jrthemes"))
RENDERCV_PYTHON = Path(os.environ.get("RENDERCV_PYTHON", "/tmp/rcv/bin/python"))
CHROMIUM = [
    "chromium",
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]

# Four rotations of five persons, each with every language, so that each generator renders
# every language and the long two-page résumé (en-zoe-hartley) turns up often.
Z, A = "en-zoe-hartley", "en-aoife-brennan"
J, K = "de-juergen-mueller", "de-katrin-schaefer"
L, T = "fr-lea-dubois", "fr-theo-lefevre"
P, N = "es-lucia-pena", "es-javier-nunez"
R1, R2, R3, R4 = [Z, J, L, P, A], [A, K, T, N, Z], [Z, J, T, P, K], [A, K, L, N, J]
EVERYONE = [Z, A, J, K, L, T, P, N]


@dataclass(frozen=True)
class Generator:
    name: str
    kind: str  # theme | latex | rendercv | docx | tailorcv-docx | tailorcv
    arg: str  # the theme, layout or template
    persons: list[str]
    dates: str = "month"  # the precision the PDF shows work dates at: month | year
    omit: frozenset[str] = field(default_factory=frozenset)  # truth kinds the PDF does not show
    notes: str = ""
    # person -> truth keys replaced for that PDF alone, where its page shows less than the rest
    overrides: dict[str, dict] = field(default_factory=dict)


GENERATORS = [
    Generator(
        "jsonresume-even",
        "theme",
        "even",
        R1,
        notes="JSON Resume theme even, HTML printed by Chromium: position over company over dates "
        "over place, section labels in a left column, skills as tags.",
    ),
    Generator(
        "jsonresume-stackoverflow",
        "theme",
        "stackoverflow",
        R2,
        notes="JSON Resume theme stackoverflow: 'Position at Company' on one line with the "
        "dates right ('Sept 2021 - Current'), letter-spaced headings, skill groups side by side.",
    ),
    Generator(
        "jsonresume-macchiato",
        "theme",
        "macchiato",
        R3,
        notes="JSON Resume theme macchiato: two columns, contact, skills and languages in a left "
        "sidebar; dates as 09/2021 above each job; a long email wraps inside the address "
        "('juergen.mueller@exa' / 'mple.de').",
    ),
    Generator(
        "jsonresume-elegant",
        "theme",
        "elegant",
        R4,
        notes="JSON Resume theme elegant (Bootstrap from a CDN, absent offline): the name twice, "
        "'Position, Company' on one line, dates as 'Sep, 2021 - Present' with a duration.",
    ),
    Generator(
        "jsonresume-kendall",
        "theme",
        "kendall",
        R1,
        notes="JSON Resume theme kendall (Bootstrap from a CDN, absent offline): name and headings "
        "in capitals by CSS, company over place over dates over position, full month names.",
    ),
    Generator(
        "jsonresume-class",
        "theme",
        "class",
        R2,
        omit=frozenset({"studyType", "skills"}),
        overrides={
            A: {
                "skills": [
                    "Wound care",
                    "Medication administration",
                    "Phlebotomy",
                    "Catheterisation",
                ]
            }
        },
        notes="JSON Resume theme class (schema 0.x: work 'company'): position and dates in a row "
        "with the first highlight beside them, the company above; education shows institutions "
        "and dates only; the skills column is squeezed to a sliver at the right edge, its words "
        "clipped and overlapping ('Programm', 'Pyth'), so no skill is legible, except for "
        "en-aoife-brennan, whose first group ('Clinical') shows whole on page 2 and whose "
        "second is not drawn at all.",
    ),
    Generator(
        "latex-moderncv-classic",
        "latex",
        "moderncv-classic",
        R3,
        notes="moderncv classic (pdflatex, Helvetica, letter icons): dates as 09/2021 in the left "
        "margin, 'Position, Company, Place' on one line; skill group labels in the margin.",
    ),
    Generator(
        "latex-moderncv-banking",
        "latex",
        "moderncv-banking",
        R4,
        notes="moderncv banking (pdflatex, Palatino): name and title on one line, company over "
        "position with place and dates right; skills as 'Group: a, b'.",
    ),
    Generator(
        "latex-twocolumn",
        "latex",
        "twocolumn",
        R1,
        dates="year",
        notes="paracol two columns: name, contact, skills and languages in a left sidebar; jobs "
        "as position and years, company and place below; dates in years only.",
    ),
    Generator(
        "latex-dotleader",
        "latex",
        "dotleader",
        R2,
        notes="one column, 'Company ....... Place' joined by a dot leader (a rule for the French "
        "persons), position over full month dates right; contact in one centred line.",
    ),
    Generator(
        "rendercv-classic",
        "rendercv",
        "classic",
        R3,
        notes="RenderCV classic (Typst): 'Company, Position' bold with place and dates right; "
        "degree in a narrow left column, hyphenated when long; section titles in the language.",
    ),
    Generator(
        "rendercv-sb2nov",
        "rendercv",
        "sb2nov",
        R4,
        notes="RenderCV sb2nov: position bold over company in italics, dates and place right.",
    ),
    Generator(
        "rendercv-engineeringresumes",
        "rendercv",
        "engineeringresumes",
        R1,
        notes="RenderCV engineeringresumes: dense one column, 'Position, Company' over bullets.",
    ),
    Generator(
        "rendercv-moderncv",
        "rendercv",
        "moderncv",
        R2,
        notes="RenderCV moderncv: dates in a left margin, as in LaTeX moderncv.",
    ),
    Generator(
        "docx-plain",
        "docx",
        "plain",
        R3,
        notes="python-docx paragraphs printed by LibreOffice: Word heading styles, "
        "'Position, Company' bold over 'MM.YYYY – MM.YYYY · Place' in italics.",
    ),
    Generator(
        "docx-table",
        "docx",
        "table",
        R4,
        notes="python-docx borderless tables printed by LibreOffice: dates ('Sep 2021') in a "
        "narrow left column, position bold, 'Company – Place' below; header table with the "
        "contact right-aligned.",
    ),
    Generator(
        "tailorcv-docx",
        "tailorcv-docx",
        "classic",
        R1,
        notes="tailorcv's own DOCX export printed by LibreOffice.",
    ),
    Generator("tailorcv-classic", "tailorcv", "classic", EVERYONE, notes="tailorcv's template."),
    Generator("tailorcv-modern", "tailorcv", "modern", EVERYONE, notes="tailorcv's template."),
    Generator("tailorcv-compact", "tailorcv", "compact", EVERYONE, notes="tailorcv's template."),
]


def source(person: str) -> dict:
    data: dict = json.loads((HERE / "sources" / f"{person}.json").read_text(encoding="utf-8"))
    return data


# ---- building ---------------------------------------------------------------------------------


def run(cmd: list[str], **kwargs) -> None:
    subprocess.run(cmd, check=True, capture_output=True, timeout=180, **kwargs)


def build_theme(gen: Generator, person: str, out: Path, tmp: Path) -> None:
    data = source(person)
    data["basics"].setdefault("profiles", [])  # elegant fails on a résumé without profiles
    for job in data["work"]:  # schema 0.x names, for the older themes (class reads "company")
        job.setdefault("company", job["name"])
    (tmp / "in.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copy(TOOLS / "theme.mjs", JRTHEMES / "theme.mjs")
    run(["node", "theme.mjs", gen.arg, str(tmp / "in.json"), str(tmp / "cv.html")], cwd=JRTHEMES)
    profile = f"--user-data-dir={tmp / 'chromium'}"
    run([*CHROMIUM, profile, f"--print-to-pdf={out}", (tmp / "cv.html").as_uri()])


def build_latex(gen: Generator, person: str, out: Path, tmp: Path) -> None:
    import latex

    r, lang = source(person), language(person)
    if gen.arg.startswith("moderncv-"):
        text = latex.moderncv(r, lang, gen.arg.removeprefix("moderncv-"))
    elif gen.arg == "twocolumn":
        text = latex.twocolumn(r, lang)
    else:
        text = latex.dotleader(r, lang, rule=lang == "fr")
    (tmp / "cv.tex").write_text(text, encoding="utf-8")
    run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "cv.tex"], cwd=tmp)
    shutil.copy(tmp / "cv.pdf", out)


def build_rendercv(gen: Generator, person: str, out: Path, tmp: Path) -> None:
    src = HERE / "sources" / f"{person}.json"
    run([str(RENDERCV_PYTHON), str(TOOLS / "rendercv_pdf.py"), gen.arg, str(src), str(out)])


def libreoffice(docx: bytes, out: Path, tmp: Path) -> None:
    (tmp / "cv.docx").write_bytes(docx)
    profile = f"-env:UserInstallation={(tmp / 'lo').as_uri()}"
    run(
        [
            "libreoffice",
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(tmp / "cv.docx"),
        ]
    )
    shutil.copy(tmp / "cv.pdf", out)


def build_docx(gen: Generator, person: str, out: Path, tmp: Path) -> None:
    import docx_layouts

    layout = getattr(docx_layouts, gen.arg)
    libreoffice(layout(source(person), language(person)), out, tmp)


def own_resume(person: str):
    from tailorcv.resume import validate

    data = source(person)
    data["meta"] = {"locale": language(person)}
    return validate(data).resume


def build_tailorcv(gen: Generator, person: str, out: Path, tmp: Path) -> None:
    from tailorcv.render import render

    out.write_bytes(render(own_resume(person), gen.arg, "pdf"))


def build_tailorcv_docx(gen: Generator, person: str, out: Path, tmp: Path) -> None:
    from tailorcv.render import render

    libreoffice(render(own_resume(person), gen.arg, "docx"), out, tmp)


BUILDERS = {
    "theme": build_theme,
    "latex": build_latex,
    "rendercv": build_rendercv,
    "docx": build_docx,
    "tailorcv": build_tailorcv,
    "tailorcv-docx": build_tailorcv_docx,
}


# ---- truth ------------------------------------------------------------------------------------


def _date(value: str | None, precision: str) -> str | None:
    if not value:
        return None
    return value[:4] if precision == "year" else value[:7]


def derive_truth(gen: Generator, person: str) -> dict:
    """What the PDF shows, from the source and what the generator prints."""
    r = source(person)
    keep = lambda kind: kind not in gen.omit  # noqa: E731
    basics = {k: r["basics"][k] for k in ("name", "email", "phone") if keep(k)}
    work = []
    for job in r["work"]:
        entry = {"company": job["name"], "position": job["position"]}
        entry["start"] = _date(job.get("startDate"), gen.dates)
        entry["end"] = _date(job.get("endDate"), gen.dates) or "present"
        work.append({k: v for k, v in entry.items() if keep(k) and v})
    education = [
        {
            k: v
            for k, v in (("institution", e["institution"]), ("studyType", e.get("studyType")))
            if keep(k) and v
        }
        for e in r["education"]
    ]
    skills = [k for s in r["skills"] for k in s.get("keywords", [])] if keep("skills") else []
    return {
        "source": f"pdf/{gen.name}/{person}.pdf",
        "basics": basics,
        "work": work,
        "education": education,
        "skills": list(dict.fromkeys(skills)),
        "notes": gen.notes,
    } | gen.overrides.get(person, {})


# ---- checking the truth against the page's text -----------------------------------------------


def page_text(pdf: Path) -> str:
    """The PDF's words in reading order and raw order, folded; soft and line-end hyphens joined
    as a second reading, so that a word broken across lines still counts as shown."""
    sys.path.insert(0, str(HERE.parents[3]))
    from tests.ingest.evaluation import words

    texts = []
    for mode in ([], ["-raw"]):
        text = subprocess.run(
            ["pdftotext", *mode, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        joined = text.replace("\u00ad\n", "").replace("\u00ad", "").replace("-\n", "")
        texts += [" ".join(words(text)), " ".join(words(joined))]
    return " | ".join(texts)


def unshown(truth: dict, pdf: Path) -> list[str]:
    """The truth's strings (and each date's year) that the PDF's text does not show."""
    sys.path.insert(0, str(HERE.parents[3]))
    from tests.ingest.evaluation import digits, words

    text = page_text(pdf)
    text_digits = digits(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    values = [("name", truth["basics"].get("name")), ("email", truth["basics"].get("email"))]
    for i, job in enumerate(truth["work"]):
        values += [(f"work[{i}].{k}", job.get(k)) for k in ("company", "position")]
        values += [
            (f"work[{i}].{k}", job[k][:4])
            for k in ("start", "end")
            if k in job and job[k] != "present"
        ]
    for i, school in enumerate(truth["education"]):
        values += [(f"education[{i}].{k}", school.get(k)) for k in ("institution", "studyType")]
    values += [("skills", s) for s in truth["skills"]]
    missing = [
        f"{where}={value!r}"
        for where, value in values
        if value and f" {' '.join(words(value))} " not in f" {text} "
    ]
    phone = truth["basics"].get("phone")
    if phone and digits(phone) not in text_digits:
        missing.append(f"phone={phone!r}")
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="generators to remake")
    parser.add_argument("--check-only", action="store_true", help="rewrite truths and check")
    args = parser.parse_args()
    for gen in GENERATORS:
        if args.only and gen.name not in args.only:
            continue
        for person in gen.persons:
            pdf = HERE / "pdf" / gen.name / f"{person}.pdf"
            pdf.parent.mkdir(parents=True, exist_ok=True)
            if not args.check_only:
                with tempfile.TemporaryDirectory(prefix="made-") as tmp:
                    BUILDERS[gen.kind](gen, person, pdf, Path(tmp))
            truth = derive_truth(gen, person)
            path = HERE / "truth" / gen.name / f"{person}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")
            missing = unshown(truth, pdf)
            print(
                f"{gen.name}/{person}: "
                + ("ok" if not missing else "NOT SHOWN " + ", ".join(missing))
            )


if __name__ == "__main__":
    main()
