"""Score one candidate against a batch's job, and the key its result is cached under.

The result is plain JSON: the score and its parts, the required skills matched and missing, the
candidate's facts (for knock-out criteria) and identity (hidden under blind screening). The cache
key is (candidate content hash, job hash, scorer version): the same file against the same job ad
is never scored twice by one owner, and an edited job ad — a new hash — is scored afresh.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from tailorcv import __version__
from tailorcv.batch.blind import identity
from tailorcv.batch.criteria import Criteria, Facts, facts_of, knockouts
from tailorcv.match import JobAnalysis, profile, score
from tailorcv.resume.model import Resume

# Bump the suffix when scoring changes within a release; a release changes it anyway.
SCORER_VERSION = f"{__version__}/batch-2"
TOP = 5  # matched and missing required skills shown per candidate


def text_hash(text: str) -> str:
    """The job hash: SHA-256 of the ad's text (``Job.content_hash`` is the same)."""
    return hashlib.sha256(text.encode()).hexdigest()


def cache_key(content_hash: str, job_hash: str, scorer: str = SCORER_VERSION) -> str:
    parts = json.dumps([content_hash, job_hash, scorer], separators=(",", ":"))
    return hashlib.sha256(parts.encode()).hexdigest()


def evaluate(resume: Resume, analysis: JobAnalysis) -> dict[str, Any]:
    """The stored result of scoring ``resume`` against ``analysis``."""
    prof = profile.build(resume)
    match = score(prof, analysis)
    required = match.tally("required")
    return {
        "score": match.score,
        "parts": {part.key: part.points for part in match.parts},
        "required_met": len(required.met),
        "required_total": required.total,
        "matched_required": list(required.met),
        "missing_required": list(required.missing),
        "missing_preferred": list(match.tally("preferred").missing),
        "facts": facts_of(prof).to_dict(),
        "candidate": identity(resume),
    }


def verdict(result: dict[str, Any], criteria: Criteria) -> list[str]:
    """Why the scored candidate misses ``criteria`` (empty: passes)."""
    if not criteria:
        return []
    return knockouts(Facts.from_dict(result.get("facts") or {}), criteria)
