"""Every file in deploy/ parses, and the folder holds what deploy/README.md describes."""

from __future__ import annotations

import json
import re

import yaml

from tests.deploy.manifests import DEPLOY


def test_every_yaml_file_parses() -> None:
    files = sorted(DEPLOY.rglob("*.yaml")) + sorted(DEPLOY.rglob("*.yml"))
    assert len(files) >= 15
    for path in files:
        documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        assert any(documents), f"{path} is empty"


def test_every_json_file_parses() -> None:
    files = sorted(DEPLOY.rglob("*.json"))
    assert files
    for path in files:
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), path


def test_the_readme_names_only_files_that_exist() -> None:
    readme = (DEPLOY / "README.md").read_text()
    named = set(re.findall(r"`((?:[\w.-]+/)*[\w.-]+\.(?:yaml|yml|json|conf))`", readme))
    assert len(named) >= 8
    for name in named:
        assert list(DEPLOY.rglob(name.rsplit("/", 1)[-1])), f"deploy/README.md names {name}"
