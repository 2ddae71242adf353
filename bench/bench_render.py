"""Render benchmark: ``python bench/bench_render.py [--quick]`` prints a Markdown table.

For each template: tailorcv's in-process PDF render of ``examples/resume.json`` (p50, p95) beside a
raw ``typst.compile`` of the same template file with the same JSON (so the ratio shows what
tailorcv adds), then the same résumé with every design option set and an 800-pixel photo (the
same photo each time, as one person's renders have, and a new photo each time), then PDFs per
second on one and two threads, then RenderCV on comparable content. Every render gets a
different name, so Typst's memoisation cannot replay a previous document.

``--before SRC`` compares this code with another checkout's ``src`` (issue 19: the code before
its design options, ``git worktree add /work/wt-before d57ffca``) in alternating rounds of child
processes on the same machine at the same time, and prints the median of the rounds' p50s.
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import typst as typst_binding
import yaml

from tailorcv.render import count_pages, render, typst, view
from tailorcv.resume import Resume, read_file, validate
from timing import cells, percentile, timings  # bench/timing.py, beside this script

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "resume.json"
RENDERCV_YAML = ROOT.parent / "shared" / "corpus" / "rendercv" / "rendercv-classic.yaml"
PHOTO = ROOT / "bench" / "data" / "photo-800.jpg"  # 800 × 800 px, 149 kB: a stored photo's size
# Every option of meta.design, chosen so that the example is one page in every template at the
# first layout (a document that ends in a short tail is laid out twice: not what is measured).
DESIGN = {
    "accent": "#8a1c2b",
    "font": "Lato",
    "fontSize": 9,
    "margins": 1.5,
    "lineSpacing": 0.95,
    "paper": "letter",
    "sectionOrder": ["skills", "work"],
    "hiddenSections": ["languages"],
    "dateFormat": "long",
    "showPhoto": True,
}
_counter = itertools.count()
_lock = threading.Lock()


def fresh(resume: Resume) -> Resume:
    """A copy with a new name, so that no two renders compile the same document."""
    with _lock:
        n = next(_counter)
    return resume.model_copy(
        update={"basics": resume.basics.model_copy(update={"name": f"Maya Lindqvist {n}"})}
    )


def designed(resume: Resume) -> Resume:
    """The résumé with every design option set (``DESIGN``)."""
    document = json.loads(resume.model_dump_json(by_alias=True, exclude_none=True))
    document.setdefault("meta", {})["design"] = DESIGN
    return validate(document).resume


def with_photo(photo: bytes | None) -> Any:
    """``render`` with the photo when this code takes one (the code before issue 19 does not)."""
    if photo is None or "photo" not in inspect.signature(render).parameters:
        return render
    return lambda resume, template, fmt: render(resume, template, fmt, photo)


def new_photo(photo: bytes) -> bytes:
    """A different photo each call: bytes after a JPEG's end are ignored by every reader, and
    change what Typst has seen before, so its memoised decoding cannot be reused."""
    with _lock:
        n = next(_counter)
    return photo + n.to_bytes(8, "big")


def raw_compile(resume: Resume, template: typst.Template) -> bytes:
    data = json.dumps(view.build(fresh(resume)), ensure_ascii=False)
    return bytes(
        typst_binding.compile(
            str(template.path),
            root=str(typst.TEMPLATES),
            font_paths=list(typst.FONT_PATHS),
            ignore_system_fonts=True,
            sys_inputs={"resume": data},
        )
    )


def throughput(resume: Resume, template: str, threads: int, seconds: float) -> float:
    """PDFs per second with ``threads`` threads rendering for about ``seconds``."""
    deadline = time.perf_counter() + seconds

    def loop() -> int:
        done = 0
        while time.perf_counter() < deadline:
            render(fresh(resume), template, "pdf")
            done += 1
        return done

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        total = sum(pool.map(lambda _: loop(), range(threads)))
    return total / (time.perf_counter() - start)


def stub_fontawesome(root: pathlib.Path) -> pathlib.Path:
    """A local stand-in for ``@preview/fontawesome:0.5.0``, which RenderCV's template imports and
    Typst would download: ``fa-icon`` draws an empty icon-sized box. Only the icons differ."""
    package = root / "preview" / "fontawesome" / "0.5.0"
    package.mkdir(parents=True, exist_ok=True)
    (package / "typst.toml").write_text(
        '[package]\nname = "fontawesome"\nversion = "0.5.0"\nentrypoint = "lib.typ"\n'
        'authors = ["stub"]\nlicense = "MIT"\ndescription = "benchmark stub"\n'
    )
    (package / "lib.typ").write_text("#let fa-icon(..args) = box(width: 0.8em, height: 0.8em)\n")
    return root


def rendercv_row(runs: int) -> str:
    """RenderCV 2.x through its Python API (Typst source), compiled by the same typst binding with
    RenderCV's fonts and a stub of the one Typst package it imports; the whole pipeline is timed."""
    try:
        from rendercv.api.functions import read_a_python_dictionary_and_return_a_data_model
        from rendercv.renderer import renderer
    except ImportError:
        return "| RenderCV | not installed | | | |"
    doc = yaml.safe_load(RENDERCV_YAML.read_text(encoding="utf-8"))
    # The corpus file targets a newer RenderCV; 2.3 refuses its `locale` and `settings` blocks.
    model = read_a_python_dictionary_and_return_a_data_model(
        {k: doc[k] for k in ("cv", "design") if k in doc}
    )
    out = pathlib.Path(tempfile.mkdtemp(prefix="tailorcv-bench-rendercv-"))
    packages = stub_fontawesome(out / "packages")

    def pdf() -> bytes:
        source = renderer.create_a_typst_file(model, out)
        return bytes(
            typst_binding.compile(
                str(source),
                root=str(source.parent),
                font_paths=list(typst.FONT_PATHS),
                ignore_system_fonts=True,
                package_path=str(packages),
            )
        )

    assert pdf().startswith(b"%PDF-")
    spent = timings(pdf, runs, warmup=3)
    return f"| RenderCV 2.3, `rendercv-classic.yaml` (2 pages) | {cells(spent)} | | |"


def cases(resume: Resume, runs: int, *, plain: bool = True) -> dict[str, list[float]]:
    """Milliseconds per render of each case by template: the example as it is (unless not
    ``plain``), with every design option and the same photo, and with every design option and
    a new photo each time."""
    photo = PHOTO.read_bytes()
    styled = designed(resume)
    found: dict[str, list[float]] = {}
    for template in typst.list_templates():
        name = template.name
        if plain:
            found[f"`{name}`"] = timings(lambda n=name: render(fresh(resume), n, "pdf"), runs, 3)
        found.update(designed_cases(styled, name, photo, runs))
    return found


def designed_cases(styled: Resume, name: str, photo: bytes, runs: int) -> dict[str, list[float]]:
    same = with_photo(photo)
    return {
        f"`{name}`, every design option, a photo": timings(
            lambda: same(fresh(styled), name, "pdf"), runs, warmup=3
        ),
        f"`{name}`, every design option, a new photo each time": timings(
            lambda: with_photo(new_photo(photo))(fresh(styled), name, "pdf"), runs, warmup=3
        ),
    }


def one_round(runs: int) -> None:
    """One round for ``--before``: each case's p50 as JSON on standard output."""
    resume = validate(json.loads(EXAMPLE.read_text(encoding="utf-8"))).resume
    found = {case: percentile(spent, 50) for case, spent in cases(resume, runs).items()}
    print(json.dumps(found))


def compare(before: pathlib.Path, rounds: int, runs: int) -> None:
    """Alternating rounds of this code and ``before`` in child processes; the median p50s."""
    sources = {"before": before.resolve(), "after": ROOT / "src"}
    found: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for n in range(rounds):
        for side in ("before", "after") if n % 2 == 0 else ("after", "before"):
            env = {**os.environ, "PYTHONPATH": f"{sources[side]}{os.pathsep}{ROOT / 'bench'}"}
            command = [sys.executable, __file__, "--round", "--runs", str(runs)]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            found[side].append(json.loads(done.stdout))
    print(
        f"| render (PDF), median of {rounds} rounds' p50 | before ms | after ms | after / before |"
    )
    print("| --- | ---: | ---: | ---: |")
    for case in found["after"][0]:
        after = statistics.median(r[case] for r in found["after"])
        if case not in found["before"][0]:  # a template the other code does not have
            print(f"| {case} | | {after:.1f} | |")
            continue
        before_p50 = statistics.median(r[case] for r in found["before"])
        print(f"| {case} | {before_p50:.1f} | {after:.1f} | {after / before_p50:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    parser.add_argument("--before", type=pathlib.Path, help="another checkout's src to compare")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (--before)")
    parser.add_argument("--runs", type=int, default=0, help="renders per case (default by mode)")
    parser.add_argument("--round", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    runs, seconds = (20, 2.0) if args.quick else (200, 10.0)
    if args.round:
        one_round(args.runs or runs)
    elif args.before is not None:
        compare(args.before, args.rounds, args.runs or 100)
    else:
        report(runs, seconds)


def report(runs: int, seconds: float) -> None:
    """The tables of this code alone (no ``--before``)."""
    resume = validate(json.loads(EXAMPLE.read_text(encoding="utf-8"))).resume
    print("| render (one-page PDF) | p50 ms | p95 ms | raw typst.compile p50 ms | ours / raw |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for template in typst.list_templates():
        ours = timings(lambda t=template: render(fresh(resume), t.name, "pdf"), runs, warmup=3)
        raw = timings(lambda t=template: raw_compile(resume, t), runs, warmup=3)
        ratio = percentile(ours, 50) / percentile(raw, 50)
        raw_p50 = percentile(raw, 50)
        print(f"| tailorcv `{template.name}` | {cells(ours)} | {raw_p50:.1f} | {ratio:.2f} |")
    for case, spent in cases(resume, runs, plain=False).items():
        print(f"| tailorcv {case} | {cells(spent)} | | |")
    same = read_file(RENDERCV_YAML).resume  # the very content RenderCV renders below
    ours = timings(lambda: render(fresh(same), "classic", "pdf"), runs, warmup=3)
    pages = count_pages(same, "classic")
    print(f"| tailorcv `classic`, `rendercv-classic.yaml` ({pages} pages) | {cells(ours)} | | |")
    print(rendercv_row(max(runs // 10, 5)))
    print()
    print("| throughput (`classic`, PDFs/s) | 1 thread | 2 threads |")
    print("| --- | ---: | ---: |")
    one, two = (throughput(resume, "classic", n, seconds) for n in (1, 2))
    print(f"| tailorcv in process | {one:.0f} | {two:.0f} |")


if __name__ == "__main__":
    sys.exit(main())
