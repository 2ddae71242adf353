"""Convert a reactive document into a JSON Resume document (placeholder until the converter lands)."""

from __future__ import annotations

from typing import Any

from tailorcv.errors import Problem


def to_jsonresume(data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    raise NotImplementedError
