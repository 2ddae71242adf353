"""docs/api.md names every route the app serves, so the reference cannot drift from the code."""

from __future__ import annotations

import re

from tests.web.conftest import Client
from tests.web.helpers import ROOT

PARAMETER = re.compile(r"\{\w+\}")


def test_every_route_is_documented(client: Client) -> None:
    documented = PARAMETER.sub("{}", (ROOT / "docs" / "api.md").read_text())
    spec = client.get("/api/openapi.json").json()
    for path, operations in spec["paths"].items():
        short = PARAMETER.sub("{}", path.removeprefix("/api/v1"))
        for method in operations:
            named = f"`{method.upper()} {short}"
            assert named in documented, f"{method.upper()} {path} is not in docs/api.md"
    for public in ("GET /r/{}`", "GET /r/{}.pdf`", "GET /r/{}.json`"):
        assert f"`{public}" in documented
