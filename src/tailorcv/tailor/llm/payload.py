"""What the model is shown: the résumé with every entry and bullet numbered, and the job.

Only what tailoring needs is sent — no name, no contact details, no address, no links — so a
résumé's personal data does not leave the service for the provider beyond the roles themselves.
The ad is cut to ``AD_CHARS``; its analysis already lists what it asks for.
"""

from __future__ import annotations

from typing import Any

from tailorcv.match.analyse import JobAnalysis
from tailorcv.resume.model import Resume

AD_CHARS = 6_000


def resume_payload(resume: Resume) -> dict[str, Any]:
    data: dict[str, Any] = {
        "label": resume.basics.label or "",
        "summary": resume.basics.summary or "",
    }
    for section, employer in (("work", "name"), ("volunteer", "organization")):
        data[section] = [
            {
                "entry": index,
                "employer": getattr(entry, employer) or "",
                "title": entry.position or "",
                "dates": f"{entry.start_date or ''} – {entry.end_date or 'present'}",
                "bullets": {str(i): text for i, text in enumerate(entry.highlights)},
            }
            for index, entry in enumerate(getattr(resume, section))
        ]
    data["projects"] = [
        {
            "entry": index,
            "name": project.name or "",
            "description": project.description or "",
            "bullets": {str(i): text for i, text in enumerate(project.highlights)},
        }
        for index, project in enumerate(resume.projects)
    ]
    data["education"] = [
        " ".join(p for p in (e.study_type, e.area, e.institution) if p) for e in resume.education
    ]
    data["skills"] = [{"group": s.name or "", "keywords": list(s.keywords)} for s in resume.skills]
    return {k: v for k, v in data.items() if v not in ("", [])}


def job_payload(analysis: JobAnalysis, text: str) -> dict[str, Any]:
    return {
        "title": analysis.title,
        "company": analysis.company or "",
        "required_skills": [a.name for a in analysis.required],
        "preferred_skills": [a.name for a in analysis.preferred],
        "years": analysis.years,
        "ad": text[:AD_CHARS],
    }
