"""Batches: rank many candidates against one job (issue 9), as plain functions on plain data.

``parse_criteria`` reads knock-out criteria, ``evaluate`` scores one candidate, ``rank`` orders a
batch (with blind screening) and ``to_csv`` exports it; ``expand_zip`` and ``expand_folder`` turn
one upload or folder into candidate files within limits. The store, the tasks and the API
(``store/batch_queries.py``, ``tasks/batch_kinds.py``, ``web/api/batches.py``) build on these.
"""

from tailorcv.batch.archive import Entry as FileEntry
from tailorcv.batch.archive import ExpandLimits, expand_folder, expand_zip, is_archive
from tailorcv.batch.criteria import Criteria, InvalidCriteria, parse_criteria
from tailorcv.batch.ranking import Entry, Ranking, Row, rank, to_csv
from tailorcv.batch.scoring import SCORER_VERSION, cache_key, evaluate, text_hash, verdict

__all__ = [
    "SCORER_VERSION",
    "Criteria",
    "Entry",
    "ExpandLimits",
    "FileEntry",
    "InvalidCriteria",
    "Ranking",
    "Row",
    "cache_key",
    "evaluate",
    "expand_folder",
    "expand_zip",
    "is_archive",
    "parse_criteria",
    "rank",
    "text_hash",
    "to_csv",
    "verdict",
]
