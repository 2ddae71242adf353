"""A source JSON Resume as LaTeX, in four layouts: moderncv's classic and banking styles, a
two-column page (paracol, contact and skills in a left sidebar) and a one-column page whose
entries join employer and place with a dot leader (or a rule, every other person)."""

from __future__ import annotations

import re

from words import HEADINGS, date, span

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def tex(text: str | None) -> str:
    return re.sub(r"[\\&%$#_{}~^]", lambda m: _SPECIAL[m.group()], text or "")


def _place(item: dict) -> str:
    return tex(item.get("location", ""))


def _skills_lines(r: dict) -> list[tuple[str, str]]:
    return [(tex(s["name"]), ", ".join(tex(k) for k in s.get("keywords", []))) for s in r["skills"]]


def _langs(r: dict) -> str:
    return ", ".join(f"{tex(x['language'])} ({tex(x['fluency'])})" for x in r.get("languages", []))


# ---- moderncv --------------------------------------------------------------------------------


def moderncv(r: dict, lang: str, style: str) -> str:
    h = HEADINGS[lang]
    first, _, last = r["basics"]["name"].partition(" ")
    b = r["basics"]
    out = [
        r"\PassOptionsToPackage{expansion=false}{microtype}",
        rf"\documentclass[11pt,a4paper,{'sans' if style == 'classic' else 'roman'}]{{moderncv}}",
        rf"\moderncvstyle[nosymbols]{{{style}}}",  # fontawesome5 is not in Debian's base texlive
        r"\moderncvcolor{blue}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage[scale=0.8]{geometry}",
        r"\usepackage{helvet}" if style == "classic" else r"\usepackage{mathpazo}",
        rf"\name{{{tex(first)}}}{{{tex(last)}}}",
        rf"\title{{{tex(b.get('label'))}}}",
        rf"\address{{{tex(b['location']['city'])}}}{{}}{{}}",
        rf"\phone[mobile]{{{tex(b['phone'])}}}",
        rf"\email{{{tex(b['email'])}}}",
        r"\begin{document}",
        r"\makecvtitle",
        rf"\section{{{h['summary']}}}",
        rf"\cvitem{{}}{{{tex(b.get('summary'))}}}",
        rf"\section{{{h['work']}}}",
    ]
    dates = "numeric" if style == "classic" else "short"
    for w in r["work"]:
        bullets = "".join(rf"\item {tex(x)} " for x in w.get("highlights", []))
        desc = rf"\begin{{itemize}}{bullets}\end{{itemize}}" if bullets else ""
        out.append(
            rf"\cventry{{{span(w, lang, dates, ' -- ')}}}{{{tex(w['position'])}}}"
            rf"{{{tex(w['name'])}}}{{{_place(w)}}}{{}}{{{desc}}}"
        )
    out.append(rf"\section{{{h['education']}}}")
    for e in r["education"]:
        out.append(
            rf"\cventry{{{span(e, lang, 'year', ' -- ')}}}{{{tex(e['studyType'])}}}"
            rf"{{{tex(e['institution'])}}}{{{tex(e.get('area'))}}}{{}}{{}}"
        )
    out.append(rf"\section{{{h['skills']}}}")
    out += [rf"\cvitem{{{name}}}{{{kws}}}" for name, kws in _skills_lines(r)]
    out.append(rf"\section{{{h['languages']}}}")
    out += [
        rf"\cvitem{{{tex(x['language'])}}}{{{tex(x['fluency'])}}}" for x in r.get("languages", [])
    ]
    if r.get("certificates"):
        out.append(rf"\section{{{h['certificates']}}}")
        for c in r["certificates"]:
            when = date(c["date"], lang, "year")
            out.append(rf"\cvitem{{{when}}}{{{tex(c['name'])}, {tex(c['issuer'])}}}")
    out.append(r"\end{document}")
    return "\n".join(out)


# ---- plain article layouts -------------------------------------------------------------------

_PREAMBLE = r"""\documentclass[10pt,a4paper]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{%s}
\usepackage[margin=1.6cm]{geometry}
\usepackage{enumitem,paracol,xcolor}
\setlist{nosep,leftmargin=1.2em}
\setlength{\parindent}{0pt}
\pagestyle{empty}
\newcommand{\heading}[1]{\par\medskip{\large\bfseries\color{teal}#1}\par\hrule\smallskip}
"""


def _bullets(item: dict) -> str:
    items = "".join(rf"\item {tex(x)} " for x in item.get("highlights", []))
    return rf"\begin{{itemize}}{items}\end{{itemize}}" if items else ""


def twocolumn(r: dict, lang: str) -> str:
    """Sidebar left (contact, skills, languages), main column right; dates in years."""
    h, b = HEADINGS[lang], r["basics"]
    side = [
        rf"\raggedright\hyphenpenalty=10000 {{\LARGE\bfseries {tex(b['name'])}}}\par\medskip ",
        rf"{{\large {tex(b.get('label'))}}}\par ",
        rf"\heading{{{h['contact']}}}",
        rf"{tex(b['email'])}\par {tex(b['phone'])}\par {tex(b['location']['city'])}\par ",
        rf"\heading{{{h['skills']}}}",
    ]
    for name, kws in _skills_lines(r):
        side.append(rf"\textbf{{{name}}}\par {kws}\par\smallskip ")
    side.append(rf"\heading{{{h['languages']}}}")
    side += [rf"{tex(x['language'])} -- {tex(x['fluency'])}\par " for x in r.get("languages", [])]
    main = [rf"\heading{{{h['summary']}}}", tex(b.get("summary")), rf"\heading{{{h['work']}}}"]
    for w in r["work"]:
        main.append(
            rf"\textbf{{{tex(w['position'])}}} \hfill {span(w, lang, 'year', ' -- ')}\par "
            rf"\textit{{{tex(w['name'])}}}, {_place(w)}\par {_bullets(w)}\medskip"
        )
    main.append(rf"\heading{{{h['education']}}}")
    for e in r["education"]:
        main.append(
            rf"\textbf{{{tex(e['studyType'])}}}, {tex(e.get('area'))} \hfill "
            rf"{span(e, lang, 'year', ' -- ')}\par {tex(e['institution'])}\par\medskip "
        )
    return (
        _PREAMBLE % "helvet"
        + r"\renewcommand{\familydefault}{\sfdefault}\columnratio{0.3}\setlength{\columnsep}{1.5em}"
        + "\n\\begin{document}\n\\begin{paracol}{2}\n\\small\n"
        + "\n".join(side)
        + "\n\\switchcolumn\n"
        + "\n".join(main)
        + "\n\\end{paracol}\n\\end{document}\n"
    )


def dotleader(r: dict, lang: str, rule: bool) -> str:
    """Employer and place joined by a leader, over position and full month dates right."""
    h, b = HEADINGS[lang], r["basics"]
    fill = r"\hrulefill" if rule else r"\dotfill"
    body = [
        rf"\begin{{center}}{{\LARGE\bfseries {tex(b['name'])}}}\\[2pt]",
        rf"{tex(b['location']['city'])} $\cdot$ {tex(b['phone'])} $\cdot$ {tex(b['email'])}",
        r"\end{center}",
        rf"\heading{{{h['summary']}}}",
        tex(b.get("summary")),
        rf"\heading{{{h['work']}}}",
    ]
    for w in r["work"]:
        body.append(
            rf"\textbf{{{tex(w['name'])}}} {fill} {_place(w)}\par "
            rf"\textit{{{tex(w['position'])}}} \hfill {span(w, lang, 'long')}\par "
            rf"{_bullets(w)}\medskip"
        )
    body.append(rf"\heading{{{h['education']}}}")
    for e in r["education"]:
        body.append(
            rf"\textbf{{{tex(e['institution'])}}} {fill} {span(e, lang, 'year')}\par "
            rf"{tex(e['studyType'])}, {tex(e.get('area'))}\par\medskip "
        )
    body.append(rf"\heading{{{h['skills']}}}")
    body += [rf"\textbf{{{name}:}} {kws}\par " for name, kws in _skills_lines(r)]
    body.append(rf"\heading{{{h['languages']}}}")
    body.append(_langs(r))
    if r.get("certificates"):
        body.append(rf"\heading{{{h['certificates']}}}")
        body += [
            rf"{tex(c['name'])}, {tex(c['issuer'])} \hfill {date(c['date'], lang, 'year')}\par "
            for c in r["certificates"]
        ]
    return _PREAMBLE % "charter" + "\\begin{document}\n" + "\n".join(body) + "\n\\end{document}\n"
