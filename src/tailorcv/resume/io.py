"""Read and write résumé files: JSON Resume as JSON or YAML, and the formats people arrive with.

``read_text`` recognises the format by the document's shape, not the file name: JSON Resume,
FRESH (``meta.format`` starts with ``FRESH``, or ``employment``/``contact`` at the top), Reactive
Resume's JSON export (``basics`` + ``sections`` + ``metadata``) and RenderCV YAML (``cv:`` at the
top). Each foreign format is converted into a JSON Resume document, then validated like any other.

Every parse of user text here is bounded before it can cost time or memory (issue 16: 473 bytes of
nested YAML aliases made a 6.9 MB draft, 534 bytes a 69 MB résumé): at most ``MAX_BYTES`` of text,
``MAX_DEPTH`` levels of nesting and ``MAX_NODES`` keys and values (``resume.validate``), and
``PARSE_SECONDS`` of parsing. YAML aliases (``*name``) are refused outright: a résumé never needs
them, and each one may stand for a whole tree. JSON long enough to hold more than ``MAX_NODES``
values is counted token by token before ``json`` builds anything. A refusal is a
``DocumentRefused`` naming the bound and what to do.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent, Event
from yaml.nodes import Node, ScalarNode

from tailorcv.errors import (
    DocumentRefused,
    InputNotFound,
    InvalidResume,
    Problem,
    UnsupportedFormat,
)
from tailorcv.resume import fresh, reactive, rendercv
from tailorcv.resume.model import Resume
from tailorcv.resume.validate import MAX_DEPTH, MAX_NODES, to_dict, too_deep, too_many, validate

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml: the pure-Python parser, slower, same bounds
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024  # characters; a résumé is a few kB (with a photo inline, a few 100 kB)
# A résumé parses in milliseconds, and a 5 MB document within the other bounds in well under a
# second; the clock is read every _CLOCK_EVERY nodes (issue 16).
PARSE_SECONDS = 2.0
_CLOCK_EVERY = 256
_LONGEST_TYPED = 1000  # characters of a plain YAML scalar that may be read as a number or date
# A document with none of these keys at the top is not a JSON Resume document (a RenderCV
# fragment, a job ad, a schema); reading it as an empty résumé would hide the mistake.
_JSONRESUME_KEYS = frozenset(Resume.model_fields.keys() - {"schema_"} | {"$schema"})
_RENDERCV_KEYS = frozenset({"design", "locale", "settings", "rendercv_settings"})
_FRESH_KEYS = frozenset({"info", "contact", "employment", "service", "recognition", "writing"})


class _Loader(Composer, _SafeLoader):
    """A SafeLoader that refuses aliases, stops at the depth, node and time bounds, and keeps
    dates as text ("2025-13-01" must reach validation, not crash YAML).

    ``Composer`` comes before the parser in the bases, so it replaces libyaml's own composer:
    libyaml still scans and parses (fast, in C), and every node passes through ``compose_node``.
    """

    def __init__(self, text: str) -> None:
        _SafeLoader.__init__(self, text)
        Composer.__init__(self)  # its anchors; CSafeLoader leaves them to libyaml
        self.nodes = 0
        self.depth = 0
        self.deadline = time.monotonic() + PARSE_SECONDS

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent) and event.anchor in self.anchors:
            raise _alias_refused(event)  # an undefined one is a syntax error, as before
        self._count(event)
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise too_deep(at=_where(event))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """Long plain text is text: the number patterns backtrack over all of it (5 MB of digits
        took seconds), and no number, date or boolean in a résumé is that long."""
        if kind is ScalarNode and implicit[0] and len(value) > _LONGEST_TYPED:
            return self.DEFAULT_SCALAR_TAG
        # PyYAML's stub leaves resolve untyped.
        tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag

    def _count(self, event: Event | None) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise too_many()
        if self.nodes % _CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
            raise DocumentRefused([Problem("", _too_slow(event))])


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# A JSON string (or an unterminated one, up to the end), an opening bracket, a closing one, or a
# separator: a string always matches where it starts, so one pass finds every token. Possessive
# (*+): a plain * kept backtracking state for every escape, 370 MB for 5 MB of them.
_JSON_TOKEN = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\\?\Z)|([\[{])|([\]}])|([,:])', re.DOTALL)
_OPEN, _CLOSE, _SEPARATOR = 1, 2, 3
# Below this many characters JSON cannot hold MAX_NODES values (each takes two: "1,"), so the
# scan before parsing (about 1 µs a token, 70 ms for 5 MB of strings) is only paid by the rare
# large document; a 4 kB résumé parses in 0.1 ms.
_SCAN_ABOVE = 2 * MAX_NODES


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
    """JSON when it looks like JSON, YAML otherwise, within the bounds; a syntax error names its
    line and column, a refusal the bound."""
    try:
        if text.lstrip().startswith(("{", "[")):
            return load_json(text)
        return load_yaml(text)
    except InvalidResume as exc:
        raise type(exc)(exc.problems, source) from None  # the parsers do not know the file


def load_json(text: str) -> Any:
    """JSON text as Python data, refused (``DocumentRefused``) past the bounds before ``json``
    builds a thing; ``InvalidResume`` for a syntax error, with its line and column."""
    _check_size(text)
    if len(text) > _SCAN_ABOVE:
        _scan_json(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"JSON syntax error at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise InvalidResume([Problem("", message)]) from None
    except RecursionError:  # over ~1,000 levels, in a text too short to be scanned
        raise too_deep() from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise InvalidResume([Problem("", _unreadable_value(exc))]) from None
    if isinstance(data, dict | list):
        _check_depth(data)
    return data


def load_yaml(text: str) -> Any:
    """YAML text as Python data (safe tags only, dates kept as text), refused
    (``DocumentRefused``) at an alias or past the bounds; ``InvalidResume`` for a syntax error."""
    _check_size(text)
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InvalidResume([Problem("", f"YAML syntax error{at}: {problem}")]) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise InvalidResume([Problem("", _unreadable_value(exc))]) from None
    finally:
        loader.dispose()


def _check_size(text: str) -> None:
    if len(text) > MAX_BYTES:
        message = (
            f"{len(text):,} characters; a résumé document may have {MAX_BYTES:,} — remove what "
            "is not part of the résumé (an inline photo: link to it instead)"
        )
        raise DocumentRefused([Problem("", message)])


def _scan_json(text: str) -> None:
    """Refuse JSON past ``MAX_NODES`` or ``MAX_DEPTH`` before ``json`` builds anything, from its
    tokens: each value or key but the first follows a bracket or a separator. A valid document
    has at most three tokens a value, so the scan stops within 4 × ``MAX_NODES`` tokens."""
    nodes, depth = 1, 0
    for tokens, token in enumerate(_JSON_TOKEN.finditer(text), 1):
        kind = token.lastindex
        if kind == _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise too_deep(at=f" at character {token.start() + 1}")
        elif kind == _CLOSE:
            depth -= 1
        nodes += kind in (_OPEN, _SEPARATOR)
        if nodes > MAX_NODES or tokens > 4 * MAX_NODES:
            raise too_many()


def _check_depth(data: Any) -> None:
    """Refuse parsed data nested deeper than ``MAX_DEPTH``, without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            if isinstance(child, dict | list):
                if depth >= MAX_DEPTH:
                    raise too_deep()
                stack.append((child, depth + 1))


def _unreadable_value(error: ValueError) -> str:
    if "digits" in str(error):
        return "a number longer than 4,300 digits cannot be read; put it in quotes or remove it"
    return f"a value cannot be read: {error}"


def _alias_refused(event: AliasEvent) -> DocumentRefused:
    message = (
        f"a YAML alias (*{event.anchor}){_where(event)}: aliases are not read, since a few "
        "hundred bytes of them can stand for gigabytes — write the value out where it is used"
    )
    return DocumentRefused([Problem("", message)])


def _too_slow(event: Event | None) -> str:
    return (
        f"reading the YAML took longer than {PARSE_SECONDS:g} s (stopped{_where(event)}); "
        "a résumé takes milliseconds — remove what is not part of it"
    )


def _where(event: Event | None) -> str:
    mark = event.start_mark if event is not None else None
    return f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""


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
