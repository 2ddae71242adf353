"""Read back a rendered PDF as an applicant-tracking system would, and say what it lost.

``readback(pdf, source)`` imports the PDF with the same reader as any upload and compares what
came back with the résumé it was rendered from: every field it could not recover, every field it
read differently, and sections or entries that come out in another order. ``tailorcv render
--check`` runs it after rendering; the match score's readability part uses it when given a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tailorcv.ingest.document import Imported
from tailorcv.resume import dates
from tailorcv.resume.model import Resume
from tailorcv.resume.section import Section


@dataclass(frozen=True)
class Finding:
    path: str  # where in the source résumé: "work[1].startDate"
    expected: str
    got: str  # "" when nothing came back
    problem: str  # missing | different | order

    def __str__(self) -> str:
        if self.problem == "missing":
            return f"{self.path}: {self.expected!r} could not be read back"
        if self.problem == "order":
            return f"{self.path}: read in another order ({self.got})"
        return f"{self.path}: {self.expected!r} was read as {self.got!r}"


@dataclass
class Readback:
    findings: list[Finding] = field(default_factory=list)
    checked: int = 0  # fields compared

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def recovered(self) -> float:
        """Share of compared fields read back right (1.0 when nothing was compared)."""
        if not self.checked:
            return 1.0
        return (self.checked - sum(f.problem != "order" for f in self.findings)) / self.checked


def readback(pdf: bytes, source: Resume) -> Readback:
    """Import ``pdf`` and compare it with ``source``, the résumé it was rendered from."""
    from tailorcv.ingest import read  # the package imports this module

    return compare(source, read(pdf, "readback.pdf", force=True))  # ours: judged by fields


def compare(source: Resume, imported: Imported) -> Readback:
    """What of ``source`` ``imported`` lost, misread or reordered."""
    result = Readback()
    got = imported.resume
    for path, expected, found in _pairs(source, got):
        result.checked += 1
        if not found:
            result.findings.append(Finding(path, expected, "", "missing"))
        elif not _same(expected, found):
            result.findings.append(Finding(path, expected, found, "different"))
    result.findings += _order(source, got)
    return result


def _pairs(source: Resume, got: Resume) -> Iterator[tuple[str, str, str]]:
    """(path, expected, found) for every field an ATS is expected to read."""
    for name in ("name", "email", "phone"):
        expected = getattr(source.basics, name)
        if expected:
            yield f"basics.{name}", expected, getattr(got.basics, name) or ""
    yield from _entry_pairs("work", source.work, got.work, ENTRY_FIELDS["work"])
    yield from _entry_pairs("education", source.education, got.education, ENTRY_FIELDS["education"])
    words = {_norm(w) for s in got.skills for w in (s.name or "", *s.keywords)}
    for index, group in enumerate(source.skills):
        for position, word in enumerate(group.keywords):
            yield (
                f"skills[{index}].keywords[{position}]",
                word,
                word if _norm(word) in words else "",
            )


# For each section: the field that names an entry, then every field read back; by JSON name.
ENTRY_FIELDS = {
    "work": ("name", "position", "startDate", "endDate"),
    "education": ("institution", "studyType"),
}


def _entry_pairs(
    section: str, source: Sequence[Section], got: Sequence[Section], fields: tuple[str, ...]
) -> Iterator[tuple[str, str, str]]:
    """Each source entry against the imported entry of the same name (first field)."""
    found = [e.model_dump(by_alias=True, exclude_none=True) for e in got]
    names = [str(entry.get(fields[0], "")) for entry in found]
    taken: set[int] = set()
    for index, entry in enumerate(source):
        wanted = entry.model_dump(by_alias=True, exclude_none=True)
        match = _best(str(wanted.get(fields[0]) or wanted.get("position") or ""), names, taken)
        other = found[match] if match is not None else {}
        if match is not None:
            taken.add(match)
        for key in fields:
            if wanted.get(key):
                yield f"{section}[{index}].{key}", str(wanted[key]), _found(other, key, wanted)


def _found(entry: dict[str, Any], key: str, wanted: dict[str, Any]) -> str:
    """The value read for ``key``; a degree written with its field ("Bachelor's in Computer
    Science") and read as degree and field apart is read whole."""
    got = str(entry.get(key) or "")
    if key == "studyType" and entry.get("area") and not wanted.get("area"):
        joined = f"{got} in {entry['area']}"
        if _same(str(wanted[key]), joined) or _same(str(wanted[key]), f"{got} {entry['area']}"):
            return joined
    return got


def _order(source: Resume, got: Resume) -> list[Finding]:
    """Jobs must come back in the source's order."""
    wanted = [_norm(w.name or "") for w in source.work if w.name]
    found = [_norm(w.name or "") for w in got.work if w.name]
    seen = [name for name in found if name in wanted]
    expected = [name for name in wanted if name in seen]
    if seen != expected:
        return [Finding("work", " → ".join(expected), " → ".join(seen), "order")]
    return []


def _best(name: str, candidates: list[str], taken: set[int]) -> int | None:
    """The first candidate of the same name, preferring one no earlier entry matched: two
    degrees from one school are two entries, each read back against its own."""
    key = _norm(name)
    same = [
        index
        for index, candidate in enumerate(candidates)
        if key and (other := _norm(candidate)) and (key == other or key in other or other in key)
    ]
    free = [index for index in same if index not in taken]
    chosen = free or same
    return chosen[0] if chosen else None


def _same(expected: str, found: str) -> bool:
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", expected):
        try:
            want, have = dates.parse(expected), dates.parse(found)
        except ValueError:
            return False
        return (want.year, want.month) == (have.year, have.month)
    if "@" not in expected and re.search(r"\d{6,}", re.sub(r"\D", "", expected)):
        return re.sub(r"\D", "", expected) == re.sub(r"\D", "", found)  # phone numbers
    return _norm(expected) == _norm(found)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w@.+#]+", " ", text.casefold()).split())
