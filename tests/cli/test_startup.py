"""The command line starts quickly: importing it loads no reader, matcher, tailor or renderer,
each of which a command imports when it runs. Loading them all took about half a second before
every command, ``tailorcv --help`` and ``tailorcv templates`` included. A PDF render loads no
DOCX or HTML library."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import EXAMPLES

HEAVY = (
    "tailorcv.ingest",
    "tailorcv.match",
    "tailorcv.tailor",
    "tailorcv.render",
    "tailorcv.resume",
)
PROBE = f"""
import sys
import tailorcv.cli
print(",".join(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))
"""


def test_importing_the_cli_loads_no_core_module() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_a_pdf_render_loads_neither_python_docx_nor_jinja() -> None:
    probe = (
        "import sys; from tailorcv.render import render; from tailorcv.resume import read_file; "
        f"render(read_file({str(EXAMPLES / 'resume.json')!r}).resume, fmt='pdf'); "
        "print(sorted(m for m in ('docx', 'jinja2', 'lxml') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
