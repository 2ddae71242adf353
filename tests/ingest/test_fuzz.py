"""Mutated, truncated and spliced PDF and DOCX files end in a ``Document`` or a ``TailorcvError``:
never another exception, never a hang."""

from __future__ import annotations

import functools
import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tailorcv.errors import TailorcvError
from tailorcv.ingest.detect import detect
from tailorcv.ingest.document import Document, Limits
from tailorcv.ingest.extract import STRUCTURED, check_size, extract, read
from tailorcv.render import render
from tailorcv.resume.model import Resume
from tests.render.samples import sample_resume

LIMITS = Limits(seconds=5)
FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@functools.cache
def _seed(fmt: str) -> bytes:
    return render(Resume.model_validate(sample_resume()), "classic", fmt)


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int, splice: int) -> bytes:
    """``data`` with bytes overwritten at ``edits``, cut at ``cut`` and a slice of itself
    copied in at ``splice`` (each position taken modulo the length)."""
    mutated = bytearray(data)
    for position, value in edits:
        mutated[position % len(mutated)] = value
    size = len(mutated)
    start = splice % size
    mutated[start:start] = mutated[(splice * 7) % size : (splice * 7) % size + 512]
    return bytes(mutated[: max(1, cut % (size + 1))] if cut else mutated)


def _check(data: bytes) -> None:
    """Through the sandbox, and directly in this process: the readers themselves must turn
    every failure into a ``TailorcvError``, not only the sandbox around them."""
    for attempt in (_sandboxed, _direct):
        try:
            outcome = attempt(data)
        except TailorcvError:
            continue
        assert isinstance(outcome, Document)


def _sandboxed(data: bytes) -> Document:
    return extract(data, LIMITS)


def _direct(data: bytes) -> Document:
    check_size(len(data), LIMITS)
    kind = detect(data)
    return Document([], kind) if kind in STRUCTURED else read(kind, data, LIMITS)


EDITS = st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 255)), max_size=40)


@FUZZ
@given(edits=EDITS, cut=st.integers(0, 2**31), splice=st.integers(0, 2**31))
def test_mutated_pdfs(edits: list[tuple[int, int]], cut: int, splice: int) -> None:
    _check(_mutate(_seed("pdf"), edits, cut, splice))


@FUZZ
@given(edits=EDITS, cut=st.integers(0, 2**31), splice=st.integers(0, 2**31))
def test_mutated_docx(edits: list[tuple[int, int]], cut: int, splice: int) -> None:
    _check(_mutate(_seed("docx"), edits, cut, splice))


def _remix(docx: bytes, member: str, edits: list[tuple[int, int]], cut: int) -> bytes:
    """``docx`` with one part's XML mutated and cut, zipped again with good checksums, so the
    damage reaches the XML parser and python-docx instead of stopping at the zip's CRC."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == member:
                data = _mutate(data, edits, cut, 0)[: max(1, cut % (len(data) + 1))]
            target.writestr(name, data)
    return out.getvalue()


PARTS = st.sampled_from(["word/document.xml", "word/styles.xml", "[Content_Types].xml"])


@FUZZ
@given(member=PARTS, edits=EDITS, cut=st.integers(0, 2**31))
def test_mutated_docx_parts(member: str, edits: list[tuple[int, int]], cut: int) -> None:
    _check(_remix(_seed("docx"), member, edits, cut))


@settings(FUZZ, max_examples=100)
@given(data=st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    _check(data)
