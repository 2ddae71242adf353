"""Read and write résumé files: JSON Resume as JSON or YAML, and the formats people arrive with.

``read_text`` recognises the format by the document's shape, not the file name: JSON Resume,
FRESH (``meta.format`` starts with ``FRESH``, or ``employment``/``contact`` at the top), Reactive
Resume's JSON export (``basics`` + ``sections`` + ``metadata``) and RenderCV YAML (``cv:`` at the
top). Each foreign format is converted into a JSON Resume document, then validated like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tailorcv.errors import InputNotFound, InvalidResume, Problem, UnsupportedFormat
from tailorcv.resume import fresh, reactive, rendercv
from tailorcv.resume.model import Resume
from tailorcv.resume.validate import to_dict, validate

MAX_BYTES = 5 * 1024 * 1024  # a structured résumé is a few kB; refuse anything absurd
# A document with none of these keys at the top is not a JSON Resume document (a RenderCV
# fragment, a job ad, a schema); reading it as an empty résumé would hide the mistake.
_JSONRESUME_KEYS = frozenset(Resume.model_fields.keys() - {"schema_"} | {"$schema"})
_RENDERCV_KEYS = frozenset({"design", "locale", "settings", "rendercv_settings"})
_FRESH_KEYS = frozenset({"info", "contact", "employment", "service", "recognition", "writing"})


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text: "2025-13-01" must reach validation, not crash YAML."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Loaded:
    resume: Resume
    format: str  # "jsonresume" | "fresh" | "reactive" | "rendercv"
    warnings: list[Problem] = field(default_factory=list)


def load(path: str | Path) -> Resume:
    """Read a résumé file (JSON Resume JSON/YAML, RenderCV YAML, FRESH, Reactive Resume)."""
    return read_file(path).resume


def read_file(path: str | Path, *, strict: bool = False) -> Loaded:
    file = Path(path)
    if not file.is_file():
        raise InputNotFound(f"{file}: no such file")
    if file.stat().st_size > MAX_BYTES:
        raise UnsupportedFormat(f"{file}: larger than {MAX_BYTES // 1024 // 1024} MB")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UnsupportedFormat(
            f"{file}: not UTF-8 text; import PDF or DOCX files instead"
        ) from None
    return read_text(text, source=str(file), strict=strict)


def read_text(text: str, *, source: str | None = None, strict: bool = False) -> Loaded:
    data = parse_document(text, source)
    try:
        kind, converted, notes = convert(data)
    except InvalidResume as exc:
        raise InvalidResume(exc.problems, source) from None  # converters do not know the file
    try:
        checked = validate(converted, strict=strict, source=source)
    except InvalidResume as exc:
        # Problems found before validation (nulls, legacy names) matter to a person fixing it.
        raise InvalidResume([*notes, *exc.problems] if strict else exc.problems, source) from None
    return Loaded(checked.resume, kind, [*notes, *checked.warnings])


def parse_document(text: str, source: str | None = None) -> Any:
    """JSON when it looks like JSON, YAML otherwise; a syntax error names its line and column."""
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidResume(
                [
                    Problem(
                        "", f"JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}"
                    )
                ],
                source,
            ) from None
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InvalidResume([Problem("", f"YAML syntax error{at}: {problem}")], source) from None


def detect(data: Any) -> str:
    """The format of a parsed document, by its shape; ``unknown`` when it shares no key with any."""
    if not isinstance(data, dict):
        return "jsonresume"
    if "cv" in data or (not data.keys() & _JSONRESUME_KEYS and data.keys() & _RENDERCV_KEYS):
        return "rendercv"
    meta = data.get("meta")
    fmt = meta.get("format") if isinstance(meta, dict) else None
    # A JSON Resume document always has basics; FRESH has none, so an unknown "contact" or
    # "employment" beside basics must not turn a JSON Resume document into FRESH.
    if (isinstance(fmt, str) and fmt.upper().startswith("FRESH")) or (
        "basics" not in data and data.keys() & _FRESH_KEYS
    ):
        return "fresh"
    if isinstance(data.get("sections"), dict) and isinstance(data.get("basics"), dict):
        return "reactive"
    if data and not data.keys() & _JSONRESUME_KEYS:
        return "unknown"
    return "jsonresume"


def convert(data: Any) -> tuple[str, Any, list[Problem]]:
    """Detect the format and convert it to a JSON Resume document, with conversion notes."""
    kind = detect(data)
    if kind == "rendercv":
        return kind, *rendercv.to_jsonresume(data)
    if kind == "fresh":
        return kind, *fresh.to_jsonresume(data)
    if kind == "reactive":
        return kind, *reactive.to_jsonresume(data)
    if kind == "unknown":
        keys = ", ".join(sorted(map(str, data))[:6])
        message = f"no résumé keys (basics, work, cv, …) at the top, only {keys}: not a résumé"
        raise InvalidResume([Problem("", message)])
    return kind, data, []


def dumps(resume: Resume, fmt: str = "json") -> str:
    """The résumé as JSON Resume text (``json`` or ``yaml``); reading it back gives the same."""
    document = to_dict(resume)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    raise UnsupportedFormat(f"cannot write a résumé as {fmt!r}; use json or yaml")
