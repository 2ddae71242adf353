"""A job's stored analysis is read back as it was made, unless an older tailorcv made it."""

from __future__ import annotations

from tailorcv.match import analyse
from tailorcv.match.analyse import ANALYSIS_VERSION
from tailorcv.tasks.common import job_analysis

AD = "Senior Go Engineer\n\nRequirements:\n- Go and Kafka\n- 5+ years of experience\n"


def test_a_current_analysis_is_read_back_as_stored() -> None:
    stored = analyse(AD).to_dict()
    stored["title"] = "as stored"
    read = job_analysis(stored, AD)
    assert read.title == "as stored"
    assert read.version == ANALYSIS_VERSION
    assert {a.name for a in read.required} >= {"Go", "Apache Kafka"}


def test_an_analysis_of_an_older_version_is_made_again_from_the_ad() -> None:
    old = {"title": "as stored", "required": [], "preferred": [], "keywords": []}  # version 1
    read = job_analysis(old, AD)
    assert read.title == "Senior Go Engineer"
    assert read.version == ANALYSIS_VERSION
    assert read.body


def test_a_batch_keeps_the_analysis_it_was_made_with() -> None:
    old = {"title": "as stored", "required": [], "preferred": [], "keywords": []}
    assert job_analysis(old, "").title == "as stored"
