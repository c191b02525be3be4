"""The collection tarball carries the collection and nothing of the development tree, and installs."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
VERSION: str = yaml.safe_load((ROOT / "galaxy.yml").read_text())["version"]
DEV_ONLY = (
    ".venv/",
    ".run/",
    ".git/",
    ".ci/",
    "tests/",
    "hack/",
    "bench/",
    "pulumi_components/",
    "molecule/",
    "Makefile",
    "pyproject.toml",
    "requirements-dev.txt",
)


def test_tarball_has_the_collection_and_no_development_files(tarball: Path):
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    assert {
        "MANIFEST.json",
        "FILES.json",
        "README.md",
        "meta/runtime.yml",
        "plugins/module_utils/spec/stack.py",
        "plugins/module_utils/_k8s/session.py",
        "examples/onprem.yaml",
        "changelogs/config.yaml",
        # Galaxy's changelog tab reads changelogs/changelog.yaml from the tarball.
        "changelogs/changelog.yaml",
        "CHANGELOG.rst",
    } <= set(names)
    leaked = [n for n in names if n.startswith(DEV_ONLY) or n in {d.rstrip("/") for d in DEV_ONLY}]
    # tests/config.yml is the one test file that ships: a certification sanity run reads it.
    assert leaked == ["tests", "tests/config.yml"]
    assert tarball.name == f"tridentops-storage-{VERSION}.tar.gz"


def test_tarball_installs_and_its_spec_package_imports(tarball: Path, tmp_path: Path):
    target = tmp_path / "collections"
    # --no-deps: amazon.aws comes with the ansible package here; Galaxy is not reachable from these machines.
    subprocess.run(
        [BIN / "ansible-galaxy", "collection", "install", "--no-deps", "--force", str(tarball), "-p", str(target)],
        check=True,
        capture_output=True,
        text=True,
    )
    listed = subprocess.run(
        [BIN / "ansible-galaxy", "collection", "list", "-p", str(target), "tridentops.storage"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "tridentops.storage" in listed and VERSION in listed
    probe = (
        "from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render; "
        "print(len(render(load({'backends': []})).objects))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PYTHONPATH": str(target)},
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.stdout.strip() == "7"
