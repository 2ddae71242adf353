"""The layers of issue 17: the use cases know no HTTP, the pages call the use cases and not the
API's routes, importing the web app imports no queue consumer, and the import circles are gone.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests.service.imports_graph import graph, modules


def run_fresh(code: str) -> str:
    """What ``code`` prints, run in a new interpreter (so ``sys.modules`` starts empty)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_service_layer_imports_no_fastapi_nor_starlette() -> None:
    found = run_fresh(
        """
        import importlib, pkgutil, sys
        import tailorcv.service
        for info in pkgutil.walk_packages(tailorcv.service.__path__, "tailorcv.service."):
            importlib.import_module(info.name)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("fastapi", "starlette")))
        """
    )
    assert found == "[]"


def test_importing_the_web_app_imports_no_queue_consumer() -> None:
    found = run_fresh(
        """
        import sys
        import tailorcv.web.app
        print(sorted(m for m in sys.modules if m in ("tailorcv.tasks.consumer", "huey")))
        """
    )
    assert found == "[]"


def test_importing_the_pages_builds_no_template_environment() -> None:
    found = run_fresh(
        """
        import tailorcv.web.ui.pages as pages
        print(pages.templates.cache_info().currsize)
        """
    )
    assert found == "0"


def test_no_page_module_imports_an_api_router() -> None:
    edges = graph()
    pages = [name for name in edges if name.startswith("tailorcv.web.ui")]
    assert pages
    offending = {
        page: sorted(m for m in edges[page] if m.startswith("tailorcv.web.api")) for page in pages
    }
    assert {page: found for page, found in offending.items() if found} == {}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize(
    "layer", ["tailorcv.service", "tailorcv.tasks", "tailorcv.web", "tailorcv.cli"]
)
def test_no_modules_of_a_layer_import_one_another_in_a_circle(layer: str) -> None:
    """Imports inside functions count (they were how kinds and llm_kinds, and the renders and
    writing routers, imported each other); a package's ``__init__`` does not (a module importing
    its own package's entry points is no circle of code)."""
    packages = {name for name, path in modules().items() if path.name == "__init__.py"}
    edges = {
        name: {other for other in imported if other not in packages}
        for name, imported in graph().items()
        if name not in packages
    }
    touching = [c for c in cycles(edges) if any(m.startswith(layer) for m in c)]
    assert touching == []
