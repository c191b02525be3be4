"""The collection tarball, built once per test session as a release would build it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The publishing tools' own venv (hack/requirements-tools.txt, made by hack/bootstrap.sh).
TOOLS = ROOT / ".venv-tools" / "bin"


@pytest.fixture(scope="session")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [BIN / "ansible-galaxy", "collection", "build", "--output-path", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (built,) = out.glob("tridentops-storage-*.tar.gz")
    return built


@pytest.fixture(scope="session")
def tools() -> Path:
    if not (TOOLS / "galaxy-importer").exists() and not (TOOLS / "python").exists():
        pytest.fail("the publishing tools are missing: run hack/bootstrap.sh (make bootstrap)")
    return TOOLS
