"""Write ``skills.json`` from ``skills.yaml``: ``python -m tailorcv.skills``, after every change
to the YAML (``tests/skills/test_catalogue.py`` fails until it is done)."""

from __future__ import annotations

import json
from pathlib import Path

from tailorcv.skills.catalogue import COMPILED, compiled_data


def main() -> None:
    target = Path(__file__).with_name(COMPILED)
    target.write_text(json.dumps(compiled_data(), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
