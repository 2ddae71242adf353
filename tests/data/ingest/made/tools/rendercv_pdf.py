"""Render a source JSON Resume with a RenderCV theme, section titles and months in the person's
language. Runs in RenderCV's own environment (not the project's):

    /tmp/rcv/bin/python rendercv_pdf.py THEME SOURCE.json OUT.pdf
"""

from __future__ import annotations

import json
import os
import pathlib
import sys
import tempfile

from rendercv.api.functions import create_a_pdf_from_a_python_dictionary
from words import HEADINGS, MONTHS, PRESENT, SHORT_MONTHS, language


def _date(value: str | None) -> str:
    return value[:7] if value else "present"


def cv(r: dict, lang: str) -> dict:
    h, b = HEADINGS[lang], r["basics"]
    sections = {
        h["summary"]: [b["summary"]],
        h["work"]: [
            {
                "company": w["name"],
                "position": w["position"],
                "location": w.get("location"),
                "start_date": _date(w.get("startDate")),
                "end_date": _date(w.get("endDate")),
                "highlights": w.get("highlights", []),
            }
            for w in r["work"]
        ],
        h["education"]: [
            {
                "institution": e["institution"],
                "area": e.get("area", ""),
                "degree": e.get("studyType"),
                "start_date": _date(e.get("startDate")),
                "end_date": _date(e.get("endDate")),
            }
            for e in r["education"]
        ],
        h["skills"]: [
            {"label": s["name"], "details": ", ".join(s.get("keywords", []))} for s in r["skills"]
        ],
        h["languages"]: [
            {"label": x["language"], "details": x["fluency"]} for x in r.get("languages", [])
        ],
    }
    return {
        "name": b["name"],
        "location": b["location"]["city"],
        "email": b["email"],
        "phone": b["phone"].replace(" ", "-"),
        "sections": sections,
    }


def stub_fontawesome(data_home: pathlib.Path) -> None:
    """RenderCV's templates import ``@preview/fontawesome:0.5.0``, which Typst downloads; offline,
    a local stand-in in Typst's package folder draws each icon as an empty icon-sized box."""
    package = data_home / "typst" / "packages" / "preview" / "fontawesome" / "0.5.0"
    package.mkdir(parents=True, exist_ok=True)
    (package / "typst.toml").write_text(
        '[package]\nname = "fontawesome"\nversion = "0.5.0"\nentrypoint = "lib.typ"\n'
        'authors = ["stub"]\nlicense = "MIT"\ndescription = "offline stub"\n'
    )
    (package / "lib.typ").write_text("#let fa-icon(..args) = box(width: 0.8em, height: 0.8em)\n")


def main() -> None:
    theme, source, out = sys.argv[1:4]
    lang = language(pathlib.Path(source).stem)
    r = json.loads(pathlib.Path(source).read_text(encoding="utf-8"))
    data = {
        "cv": cv(r, lang),
        "design": {"theme": theme},
        "locale": {
            "language": lang,
            "phone_number_format": "international",
            "present": PRESENT[lang],
            "full_names_of_months": MONTHS[lang].split(),
            "abbreviations_for_months": SHORT_MONTHS[lang].split(),
        },
    }
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = tmp
        stub_fontawesome(pathlib.Path(tmp))
        pdf = pathlib.Path(tmp) / "cv.pdf"
        create_a_pdf_from_a_python_dictionary(data, pdf)
        pathlib.Path(out).write_bytes(pdf.read_bytes())


if __name__ == "__main__":
    main()
