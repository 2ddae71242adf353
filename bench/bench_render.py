"""Render benchmark: ``python bench/bench_render.py [--quick]`` prints a Markdown table.

For each template: tailorcv's in-process PDF render of ``examples/resume.json`` (p50, p95) beside a
raw ``typst.compile`` of the same template file with the same JSON (so the ratio shows what
tailorcv adds), then PDFs per second on one and two threads, then RenderCV on comparable content.
Every render gets a different name, so Typst's memoisation cannot replay a previous document.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pathlib
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import typst as typst_binding
import yaml

from tailorcv.render import count_pages, render, typst, view
from tailorcv.resume import Resume, read_file, validate
from timing import cells, percentile, timings  # bench/timing.py, beside this script

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "resume.json"
RENDERCV_YAML = ROOT.parent / "shared" / "corpus" / "rendercv" / "rendercv-classic.yaml"
_counter = itertools.count()
_lock = threading.Lock()


def fresh(resume: Resume) -> Resume:
    """A copy with a new name, so that no two renders compile the same document."""
    with _lock:
        n = next(_counter)
    return resume.model_copy(
        update={"basics": resume.basics.model_copy(update={"name": f"Maya Lindqvist {n}"})}
    )


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    args = parser.parse_args()
    runs, seconds = (20, 2.0) if args.quick else (200, 10.0)
    resume = validate(json.loads(EXAMPLE.read_text(encoding="utf-8"))).resume
    print("| render (one-page PDF) | p50 ms | p95 ms | raw typst.compile p50 ms | ours / raw |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for template in typst.list_templates():
        ours = timings(lambda t=template: render(fresh(resume), t.name, "pdf"), runs, warmup=3)
        raw = timings(lambda t=template: raw_compile(resume, t), runs, warmup=3)
        ratio = percentile(ours, 50) / percentile(raw, 50)
        raw_p50 = percentile(raw, 50)
        print(f"| tailorcv `{template.name}` | {cells(ours)} | {raw_p50:.1f} | {ratio:.2f} |")
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
