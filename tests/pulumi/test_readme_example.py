"""The README's "Using it from Pulumi" snippet runs as written and declares what it says."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import MockRuntime, by_type, contains, is_secret, one, public

ROOT = Path(__file__).resolve().parents[2]


def readme_snippet() -> str:
    section = ROOT.joinpath("README.md").read_text().split("## Using it from Pulumi", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "the README's Pulumi section has a python example"
    return match.group(1)


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[MockRuntime]:
    shutil.copy(ROOT / "examples" / "onprem.yaml", tmp_path / "onprem.yaml")
    secrets = {"readme:nas-password": "Nas-from-config", "readme:pw": "Pw-from-config"}
    mock = MockRuntime(project="readme", config=secrets, secret_config=tuple(secrets))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    mock.start()
    yield mock
    mock.stop()
    os.chdir(cwd)


def test_readme_pulumi_example(runtime: MockRuntime):
    registrations = runtime.run(lambda: exec(readme_snippet(), {"__name__": "__main__"}))
    one(registrations, "tridentops:index:TridentStack")
    one(registrations, "tridentops:index:TridentOperator")
    backend = one(registrations, "tridentops:index:OntapBackend")
    assert backend.dependencies, "the backend waits for the operator"
    secrets = by_type(registrations, "kubernetes:core/v1:Secret")
    assert secrets and all(is_secret(s.inputs["data"]) for s in secrets)
    for value in ("Nas-from-config", "Pw-from-config"):
        assert not any(contains(public(r.inputs), value) for r in registrations)
