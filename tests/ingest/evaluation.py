"""Field recovery of the importer against ground truth, shared by its tests and its report.

Ground truth is either hand-written for a real PDF (tests/data/ingest/truth/, written by reading
and looking at each PDF, apart from the importer), derived from a résumé's own model for the
round trip (``round_trip``), or derived from the source of a PDF of the made set
(tests/data/ingest/made/: one JSON Resume document per person printed by many generators, its
truth checked against what each PDF shows). All are dicts of one schema
(tests/data/ingest/README.md)::

    {"basics": {"name", "email", "phone"},
     "work": [{"company", "position", "start", "end"}],
     "education": [{"institution", "studyType"}],
     "skills": ["Python", ...]}

Every field the truth gives is one unit: a name, an email, a phone, each work entry's company,
position, start and end, each education entry's institution and study type, and the skills, which
score the share of the truth's skills the import found (so a long skills list weighs no more than
a job title). ``compare`` scores an import against a truth and lists what it missed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tailorcv.resume.model import Education, Resume, Work
from tailorcv.skills import taxonomy
from tests.conftest import CORPUS

if TYPE_CHECKING:
    from tailorcv.ingest.document import Imported

TRUTH = Path(__file__).resolve().parent.parent / "data" / "ingest" / "truth"
MADE = TRUTH.parent / "made"
KINDS = (
    "name",
    "email",
    "phone",
    "company",
    "position",
    "start",
    "end",
    "institution",
    "studyType",
    "skills",
)
PRESENT = "present"
REQUIRED = ("source", "basics", "work", "education", "skills")


@dataclass(frozen=True)
class Miss:
    """One unit of the truth the import did not recover; ``got`` is "" when nothing was found."""

    field: str  # a JSON-ish path: basics.email, work[1].company, skills
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{self.field}: expected {self.expected!r}, got {self.got!r}"


@dataclass
class Recovery:
    """Hits out of total units, per kind of field and in all, and what was missed."""

    hits: float = 0.0
    total: int = 0
    misses: list[Miss] = field(default_factory=list)
    kinds: dict[str, list[float]] = field(default_factory=dict)  # kind -> [hits, total]

    @property
    def share(self) -> float:
        """Recovered share of the units; 1.0 when the truth has none."""
        return self.hits / self.total if self.total else 1.0

    def count(self, kind: str, where: str, expected: str, got: str, hit: bool) -> None:
        """Record one unit of kind ``kind`` at ``where``, a miss unless ``hit``."""
        self.add(kind, 1.0 if hit else 0.0)
        if not hit:
            self.misses.append(Miss(where, expected, got))

    def add(self, kind: str, hit: float) -> None:
        """Record one unit of kind ``kind``, recovered to the extent ``hit`` (0–1)."""
        tally = self.kinds.setdefault(kind, [0.0, 0])
        tally[0] += hit
        tally[1] += 1
        self.hits += hit
        self.total += 1

    def __add__(self, other: Recovery) -> Recovery:
        kinds = {k: list(v) for k, v in self.kinds.items()}
        for kind, (hits, total) in other.kinds.items():
            tally = kinds.setdefault(kind, [0.0, 0])
            tally[0] += hits
            tally[1] += total
        return Recovery(
            self.hits + other.hits, self.total + other.total, self.misses + other.misses, kinds
        )


def combined(recoveries: Iterable[Recovery]) -> Recovery:
    out = Recovery()
    for r in recoveries:
        out = out + r
    return out


# ---- normalising ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents: "Küster" → "kuster"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str | None) -> tuple[str, ...]:
    """The words of a text, ignoring case, accents, whitespace and punctuation."""
    return tuple(re.findall(r"[^\W_]+", _fold(text or "")))


def contains(a: str | None, b: str | None) -> bool:
    """Either text's words appear, in order and side by side, in the other's ("Google" and
    "Google Inc."); an empty text matches nothing."""
    x, y = words(a), words(b)
    if not x or not y:
        return False
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def same_name(a: str | None, b: str | None) -> bool:
    return bool(words(a)) and words(a) == words(b)


def same_email(a: str | None, b: str | None) -> bool:
    return bool(a and b) and _fold(a or "").strip() == _fold(b or "").strip()


def digits(text: str | None) -> str:
    return "".join(c for c in text or "" if c.isdigit())


def same_phone(a: str | None, b: str | None) -> bool:
    return bool(digits(a)) and digits(a) == digits(b)


_DOCTORATE = frozenset({"phd", "dphil", "doctor", "doctorate", "doctoral", "doktor"})
_MASTER = frozenset(
    {"ms", "msc", "ma", "mba", "meng", "mphil", "mres", "mfa", "mtech", "mcs", "msci"}
)
_BACHELOR = frozenset(
    {"bs", "bsc", "ba", "beng", "btech", "bfa", "bba", "bcom", "bachelors", "bachelor"}
)
_ASSOCIATE = frozenset({"aa", "aas", "associate", "associates"})


def degree(study_type: str | None) -> str:
    """The level a study type names (bachelor, master, doctorate, associate), or its words.

    "BSc", "B.S.", "Bachelor's" and "Bachelor of Science" are all ``bachelor``; the first word
    that names a level decides ("Master of Science in Computer Science" → ``master``).
    """
    for word in words((study_type or "").replace(".", "").replace("'", "").replace("’", "")):
        if word in _DOCTORATE:
            return "doctorate"
        if word in _MASTER or word.startswith("master"):
            return "master"
        if word in _BACHELOR:
            return "bachelor"
        if word in _ASSOCIATE:
            return "associate"
    return " ".join(words(study_type))


def same_degree(truth: str | None, got: str | None) -> bool:
    want, have = degree(truth), degree(got)
    if want in ("doctorate", "master", "bachelor", "associate"):
        return want == have
    return contains(truth, got)


def same_date(truth: str, got: str | None) -> bool:
    """``got`` says the same as ``truth`` at the precision the truth gives ("2019" matches
    "2019-03"; "2019-03" does not match "2019-04" nor "2019")."""
    if not got:
        return False
    want = [int(p) for p in truth.split("-")]
    have = [int(p) for p in got.split("-")]
    return have[: len(want)] == want


def same_end(truth: str, got: str | None) -> bool:
    """An end date; "present" matches an entry with no end date (an ongoing one)."""
    if truth.strip().casefold() == PRESENT:
        return got is None
    return same_date(truth, got)


_PARENS = re.compile(r"\([^)]*\)")
_PARTS = re.compile(r"\s*(?:[,;|•·]|\band\b)\s*")


def skill_key(name: str) -> str:
    """A skill as compared: without bracketed asides ("Node.js (MERN stack)"), canonicalised by
    the skills taxonomy (k8s → Kubernetes), folded."""
    bare = " ".join(_PARENS.sub(" ", name).split())
    if not bare:
        return ""
    return _fold(taxonomy().canonical(bare) or bare)


def skill_keys(names: Iterable[str]) -> set[str]:
    """The keys of imported skill strings, each also split where lists are ("Java and J2EE",
    "HTML5, CSS3"), so that a line the importer kept whole still names its skills."""
    keys = set()
    for name in names:
        for part in (name, *_PARTS.split(name)):
            key = skill_key(part)
            if key:
                keys.add(key)
    return keys


# ---- comparing ------------------------------------------------------------------------------


def _work_fields(truth: dict[str, str], got: Work | None) -> list[tuple[str, str, str, bool]]:
    """(kind, expected, got, hit) for each field the truth entry gives."""
    out = []
    if "company" in truth:
        have = got.name if got else None
        out.append(("company", truth["company"], have or "", contains(truth["company"], have)))
    if "position" in truth:
        have = got.position if got else None
        out.append(("position", truth["position"], have or "", contains(truth["position"], have)))
    if "start" in truth:
        have = got.start_date if got else None
        out.append(("start", truth["start"], have or "", same_date(truth["start"], have)))
    if "end" in truth:
        have = got.end_date if got else None
        hit = got is not None and same_end(truth["end"], have)
        out.append(("end", truth["end"], have or ("(ongoing)" if got else ""), hit))
    return out


def _education_fields(
    truth: dict[str, str], got: Education | None
) -> list[tuple[str, str, str, bool]]:
    out = []
    if "institution" in truth:
        have = got.institution if got else None
        hit = contains(truth["institution"], have)
        out.append(("institution", truth["institution"], have or "", hit))
    if "studyType" in truth:
        have = got.study_type if got else None
        hit = same_degree(truth["studyType"], have)
        out.append(("studyType", truth["studyType"], have or "", hit))
    return out


def _pair(truths: list[dict[str, str]], gots: list[Any], fields: Any) -> dict[int, Any]:
    """Match each truth entry to the imported entry that agrees on the most fields, one to one:
    the best-agreeing pairs are taken first, earlier entries first on ties."""
    scored = []
    for i, truth in enumerate(truths):
        for j, got in enumerate(gots):
            hits = sum(hit for *_, hit in fields(truth, got))
            if hits:
                scored.append((-hits, abs(i - j), i, j))
    chosen: dict[int, Any] = {}
    used: set[int] = set()
    for _, _, i, j in sorted(scored):
        if i not in chosen and j not in used:
            chosen[i] = gots[j]
            used.add(j)
    return chosen


def compare(imported: Imported | Resume, truth: dict[str, Any]) -> Recovery:
    """How much of ``truth`` the import recovered, unit by unit."""
    resume = imported if isinstance(imported, Resume) else imported.resume
    out = Recovery()
    basics = truth.get("basics", {})
    checks = (
        ("name", resume.basics.name, same_name),
        ("email", resume.basics.email, same_email),
        ("phone", resume.basics.phone, same_phone),
    )
    for kind, have, same in checks:
        if basics.get(kind):
            out.count(kind, f"basics.{kind}", basics[kind], have or "", same(basics[kind], have))

    for section, entries, fields in (
        ("work", resume.work, _work_fields),
        ("education", resume.education, _education_fields),
    ):
        wanted = truth.get(section, [])
        chosen = _pair(wanted, entries, fields)
        for i, entry in enumerate(wanted):
            for kind, expected, have, hit in fields(entry, chosen.get(i)):
                out.count(kind, f"{section}[{i}].{kind}", expected, have, hit)

    wanted = truth.get("skills", [])
    if wanted:
        found = skill_keys(n for s in resume.skills for n in (s.name, *s.keywords) if n)
        missed = [skill for skill in wanted if skill_key(skill) not in found]
        out.add("skills", 1 - len(missed) / len(wanted))
        out.misses += [Miss("skills", skill, "") for skill in missed]
    return out


# ---- truths ---------------------------------------------------------------------------------


def round_trip(resume: Resume) -> dict[str, Any]:
    """The truth of a résumé rendered by tailorcv: what its own model says, at the precision a
    template shows (dates to the month; no end date after a start date is "present")."""

    def month(value: str | None) -> str | None:
        return "-".join(value.split("-")[:2]) if value else None

    basics = {
        k: v
        for k, v in (
            ("name", resume.basics.name),
            ("email", resume.basics.email),
            ("phone", resume.basics.phone),
        )
        if v
    }
    work = []
    for item in resume.work:
        start, end = month(item.start_date), month(item.end_date)
        if start and not end:
            end = PRESENT
        entry = {
            k: v
            for k, v in (
                ("company", item.name),
                ("position", item.position),
                ("start", start),
                ("end", end),
            )
            if v
        }
        if entry:
            work.append(entry)
    education = []
    for school in resume.education:
        pairs = (("institution", school.institution), ("studyType", school.study_type))
        entry = {k: v for k, v in pairs if v}
        if entry:
            education.append(entry)
    skills = list(dict.fromkeys(n for s in resume.skills for n in (s.name, *s.keywords) if n))
    return {"basics": basics, "work": work, "education": education, "skills": skills}


def truth_files() -> list[Path]:
    return sorted(TRUTH.glob("*.json"))


def load_truth(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def truths() -> Iterator[tuple[str, dict[str, Any]]]:
    """(file stem, truth) for every hand-written truth file."""
    for path in truth_files():
        yield path.stem, load_truth(path)


@cache
def import_pdf(source: str) -> Imported:
    """The importer's reading of a corpus PDF (``source`` relative to the corpus)."""
    from tailorcv.ingest import read

    path = CORPUS / source
    return read(path.read_bytes(), path.name)


@cache
def import_render(resume_path: Path, template: str) -> tuple[Resume, Imported]:
    """A corpus résumé, and what the importer reads from its PDF in ``template``."""
    from tailorcv.ingest import read
    from tailorcv.render import render
    from tailorcv.resume import read_file

    resume = read_file(resume_path).resume
    return resume, read(render(resume, template, "pdf"), "x.pdf")


def real_pdf(truth: dict[str, Any]) -> Recovery:
    return compare(import_pdf(truth["source"]), truth)


def rendered(resume_path: Path, template: str) -> Recovery:
    resume, imported = import_render(resume_path, template)
    return compare(imported, round_trip(resume))


# ---- the made set (tests/data/ingest/made/) ---------------------------------------------------


def made_truth_files() -> list[Path]:
    """Every truth of the made set, ``truth/<generator>/<person>.json``."""
    return sorted((MADE / "truth").glob("*/*.json"))


def made_truths() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(generator, person, truth) for every PDF of the made set."""
    for path in made_truth_files():
        yield path.parent.name, path.stem, load_truth(path)


@cache
def import_made(source: str) -> Imported:
    """The importer's reading of a made PDF (``source`` relative to tests/data/ingest/made/)."""
    from tailorcv.ingest import read

    path = MADE / source
    return read(path.read_bytes(), path.name)


def made_pdf(truth: dict[str, Any]) -> Recovery:
    return compare(import_made(truth["source"]), truth)


def made_by_generator() -> dict[str, list[tuple[str, Recovery]]]:
    """Each generator's (person, recovery) pairs, generators in name order."""
    out: dict[str, list[tuple[str, Recovery]]] = {}
    for generator, person, truth in made_truths():
        out.setdefault(generator, []).append((person, made_pdf(truth)))
    return out


def recorded_figures() -> dict[str, Any]:
    """The floors in made/recorded.yaml: ``overall`` and ``generators`` (name → percent)."""
    import yaml

    data: dict[str, Any] = yaml.safe_load((MADE / "recorded.yaml").read_text(encoding="utf-8"))
    return data


# ---- confidence against outcome (calibration) -----------------------------------------------

_WORK_KINDS = {"name": "company", "position": "position", "startDate": "start", "endDate": "end"}
_SCHOOL_KINDS = {"institution": "institution", "studyType": "studyType"}


def outcomes(imported: Imported, truth: dict[str, Any]) -> list[tuple[str, float, float]]:
    """(confidence path, reported confidence, how right it was: 0–1) for every field the import
    gives a confidence and the truth can judge. An entry the truth has no match for is wrong
    in every field; a field the truth does not show is not judged."""
    resume, confidence = imported.resume, imported.confidence
    out: list[tuple[str, float, float]] = []
    basics = truth.get("basics", {})
    for kind, same in (("name", same_name), ("email", same_email), ("phone", same_phone)):
        path = f"basics.{kind}"
        if path in confidence and kind in basics:
            out.append(
                (path, confidence[path], float(same(basics[kind], getattr(resume.basics, kind))))
            )
    for section, entries, fields, kinds in (
        ("work", resume.work, _work_fields, _WORK_KINDS),
        ("education", resume.education, _education_fields, _SCHOOL_KINDS),
    ):
        wanted = truth.get(section, [])
        paired = {id(got): i for i, got in _pair(wanted, entries, fields).items()}
        for j, got in enumerate(entries):
            index = paired.get(id(got))
            verdicts = (
                {k: hit for k, _, _, hit in fields(wanted[index], got)} if index is not None else {}
            )
            for field_name, kind in kinds.items():
                path = f"{section}[{j}].{field_name}"
                if path not in confidence:
                    continue
                if index is None:
                    out.append((path, confidence[path], 0.0))
                elif kind in verdicts:
                    out.append((path, confidence[path], float(verdicts[kind])))
    wanted_skills = skill_keys(truth.get("skills", []))
    if wanted_skills:
        for j, group in enumerate(resume.skills):
            words = [w for w in group.keywords if w]
            path = f"skills[{j}]"
            if path in confidence and words:
                right = sum(skill_key(w) in wanted_skills for w in words) / len(words)
                out.append((path, confidence[path], right))
    return out


@cache
def raw_made(source: str) -> Imported:
    """A made PDF as the parser reads it, before its confidences are calibrated."""
    from tailorcv.ingest import extract, parse

    return parse(extract((MADE / source).read_bytes()))


@cache
def raw_real(source: str) -> Imported:
    """A corpus PDF as the parser reads it, before its confidences are calibrated."""
    from tailorcv.ingest import extract, parse

    return parse(extract((CORPUS / source).read_bytes()))


# ---- the shape of a truth --------------------------------------------------------------------


def check_truth(truth: dict[str, Any]) -> None:
    """Assert that a truth has the schema of tests/data/ingest/README.md: the keys, dates of a
    résumé's precision, entries that name something, and skills listed once each."""
    from tailorcv.resume import dates

    def check_date(value: object, where: str, *, end: bool = False) -> None:
        assert isinstance(value, str), where
        if end and value == PRESENT:
            return
        assert dates.normalise(value) == value, f"{where}: {value!r} is not YYYY or YYYY-MM"
        assert len(value) in (4, 7), f"{where}: {value!r} is more precise than a résumé shows"

    missing = [k for k in REQUIRED if k not in truth]
    assert not missing, f"the truth lacks {missing}"
    assert set(truth["basics"]) <= {"name", "email", "phone"}
    assert truth["basics"].get("name"), "every résumé shows a name"
    for i, job in enumerate(truth["work"]):
        assert set(job) <= {"company", "position", "start", "end"}, f"work[{i}]"
        assert job.get("company") or job.get("position"), f"work[{i}] is empty"
        if "start" in job:
            check_date(job["start"], f"work[{i}].start")
        if "end" in job:
            check_date(job["end"], f"work[{i}].end", end=True)
    for i, school in enumerate(truth["education"]):
        assert set(school) <= {"institution", "studyType"}, f"education[{i}]"
        assert school.get("institution"), f"education[{i}] has no institution"
    assert all(isinstance(s, str) and s.strip() for s in truth["skills"])
    assert len(set(truth["skills"])) == len(truth["skills"]), "a skill is listed twice"
    assert isinstance(truth.get("notes", ""), str)


def summary(results: list[tuple[str, Recovery]], worst: int = 40) -> str:
    """A failing test's message: the recovery by kind of field, then the first misses."""
    overall = combined(r for _, r in results)
    kinds = ", ".join(f"{k} {h:.4g}/{t:.0f}" for k, (h, t) in sorted(overall.kinds.items()))
    lines = [f"recovered {overall.hits:.4g}/{overall.total} ({overall.share:.1%}): {kinds}"]
    lines += [f"{label}: {miss}" for label, r in results for miss in r.misses][:worst]
    return "\n".join(lines)


def calibration_error(
    found: list[tuple[str, float, float]], value: Callable[[str, float], float]
) -> float:
    """Expected calibration error of ``outcomes``: over 10 bins of the figure ``value`` gives
    (path, raw) → 0–1, the gap between mean figure and share right, weighted by fields."""
    bins: dict[int, list[tuple[float, float]]] = {}
    for path, raw, right in found:
        figure = value(path, raw)
        bins.setdefault(min(9, int(figure * 10)), []).append((figure, right))
    total = sum(len(b) for b in bins.values())
    return sum(abs(sum(v for v, _ in b) - sum(r for _, r in b)) / total for b in bins.values())
