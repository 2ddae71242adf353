"""Regenerate each template's gallery picture: ``python -m tailorcv.render.previews``.

The pictures are committed files made once from ``examples/resume.json`` (page one at 100 ppi),
never per request. Run this after changing a template and look at the result before committing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tailorcv.render import typst, view
from tailorcv.resume import validate

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "resume.json"
PPI = 100.0
MAX_BYTES = 300_000


def write_previews(example: Path = EXAMPLE) -> list[Path]:
    """Write each template's ``preview.png`` from ``example``, refusing one over the size cap."""
    shown = view.build(validate(json.loads(example.read_text(encoding="utf-8"))).resume)
    written = []
    for template in typst.list_templates():
        picture = typst.compile_view(shown, template, "png", ppi=PPI)
        if len(picture) > MAX_BYTES:
            raise SystemExit(
                f"{template.name}: preview is {len(picture):,} bytes; the cap is {MAX_BYTES:,}"
            )
        template.preview.write_bytes(picture)
        written.append(template.preview)
    return written


def main(argv: list[str]) -> None:
    """Write the previews from the résumé named on the command line, or the shipped example."""
    for path in write_previews(Path(argv[0]) if argv else EXAMPLE):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
