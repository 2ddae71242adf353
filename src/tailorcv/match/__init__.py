"""Match a résumé to a job: read the ad, score the fit, say what is missing.

``analyse(text)`` reads a job ad; ``score(resume, analysis)`` compares a résumé with it and
explains every point; ``profile.build(resume)`` precomputes a résumé's side once, for ranking
many résumés against one job. ``taxonomy()`` is the packaged skills taxonomy: ``find(text)``
lists the skills a text names, and ``canonical("k8s")`` says "Kubernetes"; it lives in
``tailorcv.skills``, below ``ingest`` too, and is re-exported here.
"""

from tailorcv.match import profile
from tailorcv.match.analyse import JobAnalysis, SkillAsk, analyse
from tailorcv.match.score import Match, Part, SkillMatch, score
from tailorcv.skills import Mention, Skill, Taxonomy, taxonomy

__all__ = [
    "JobAnalysis",
    "Match",
    "Mention",
    "Part",
    "Skill",
    "SkillAsk",
    "SkillMatch",
    "Taxonomy",
    "analyse",
    "profile",
    "score",
    "taxonomy",
]
