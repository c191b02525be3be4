"""An execution environment gets what the modules need: ansible-builder reads meta/execution-environment.yml
from the installed tarball, its build context is created, and the Python requirements it gathers install into
a clean venv that then imports every third-party library the collection's code imports."""

from __future__ import annotations

import ast
import subprocess
import sys
import venv
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Part of every execution environment (ansible-core and its own requirements), not the collection's to list.
PROVIDED = {"ansible", "ansible_collections", "yaml"}


def third_party_imports() -> set[str]:
    """Top-level names of every library imported anywhere under plugins/ (function-level imports too)."""
    names: set[str] = set()
    for path in (ROOT / "plugins").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "__future__"} - PROVIDED


def run(*argv: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_libraries_the_code_imports_are_the_ones_requirements_names():
    assert third_party_imports() == {"boto3", "botocore", "kubernetes", "urllib3"}


def test_ansible_builder_gathers_requirements_that_install_and_import_cleanly(
    tarball: Path, tools: Path, tmp_path: Path
):
    collections = tmp_path / "collections"
    run(BIN / "ansible-galaxy", "collection", "install", "--no-deps", "-p", collections, tarball)
    pip_file, bindep_file = tmp_path / "requirements.txt", tmp_path / "bindep.txt"
    run(
        tools / "ansible-builder",
        "introspect",
        "--sanitize",
        "--write-pip",
        pip_file,
        "--write-bindep",
        bindep_file,
        collections,
    )
    requirements = [line.split("#")[0].strip() for line in pip_file.read_text().splitlines() if line.strip()]
    assert {r.split(">")[0].split("=")[0].lower() for r in requirements} >= {"kubernetes", "boto3", "botocore"}

    definition = tmp_path / "execution-environment.yml"
    definition.write_text(
        yaml.safe_dump(
            {
                "version": 3,
                "images": {"base_image": {"name": "registry.invalid/ee-base:latest"}},
                "dependencies": {"galaxy": {"collections": [{"name": str(tarball), "type": "file"}]}},
            }
        )
    )
    run(tools / "ansible-builder", "create", "-f", definition, "-c", tmp_path / "context", cwd=tmp_path)
    assert (tmp_path / "context" / "Dockerfile").is_file()

    clean = tmp_path / "venv"
    venv.create(clean, with_pip=True)
    python = clean / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", "-r", pip_file)
    imports = "; ".join(f"import {name}" for name in sorted(third_party_imports()))
    run(python, "-c", imports)
