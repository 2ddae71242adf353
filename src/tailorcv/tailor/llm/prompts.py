"""The prompts, as versioned files in the package: ``prompts/<name>-v<n>.md``.

A prompt's version is part of every cache key, so changing what is asked means adding
``tailor-v2.md`` and pointing ``CURRENT`` at it: answers to the old prompt are never served for
the new one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

CURRENT = {"tailor": "tailor-v1", "suggest": "suggest-v1", "letter": "letter-v1"}


@dataclass(frozen=True)
class Prompt:
    version: str  # "tailor-v1"
    text: str


@functools.cache
def prompt(name: str) -> Prompt:
    """The current prompt for ``name`` (``tailor``, ``suggest``, ``letter``)."""
    version = CURRENT[name]
    text = resources.files("tailorcv.tailor.llm").joinpath(f"prompts/{version}.md").read_text()
    return Prompt(version, text.strip())
