"""One ranking CSV writer (issue 17): ``tailorcv rank --csv`` escapes cells a spreadsheet would
run as a formula, as the API's ranking export always did."""

from __future__ import annotations

import csv
from pathlib import Path

from tailorcv.match import analyse, score
from tailorcv.reports import write_ranking_csv
from tailorcv.resume import validate
from tests.conftest import EXAMPLES
from tests.tasks.conftest import example_resume


def test_the_cli_ranking_csv_escapes_formulas(tmp_path: Path) -> None:
    match = score(validate(example_resume()).resume, analyse((EXAMPLES / "job.txt").read_text()))
    output = tmp_path / "ranking.csv"
    write_ranking_csv(output, [(Path("=HYPERLINK(evil).json"), match), (Path("ok.json"), match)])
    with output.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["rank", "resume", "score"]
    assert rows[1][1] == "'=HYPERLINK(evil).json"
    assert rows[2][:2] == ["2", "ok.json"]
