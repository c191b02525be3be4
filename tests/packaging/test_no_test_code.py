"""Neither the collection tarball nor the Python package carries test code.

What marks test code, whatever its author called it:
- a file or directory named like one (``test...``, ``..._test``, ``conftest``, ``stand-in``); the tarball's one
  exception is tests/config.yml, which a certification sanity run reads;
- Python that imports a test library (pytest, unittest, mock, moto, botocore's Stubber) or names an
  environment variable with TEST in it (a switch only a test suite would set);
- Python that calls itself a test seam or a test stand-in.
"""

from __future__ import annotations

import ast
import re
import tarfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

from setuptools import find_namespace_packages

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_TEST_FILES = {"tests", "tests/config.yml"}
# "test" starting a word (test_x, x_test, testseam, x-test), never inside one (latest, attest).
TEST_NAME = re.compile(r"(^|[^a-z])test|^conftest|stand[-_]?in", re.IGNORECASE)
TEST_LIBRARIES = {"pytest", "_pytest", "unittest", "mock", "moto", "responses", "hypothesis", "botocore.stub"}
TEST_ENV = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
TEST_WORD = re.compile(r"(^|_)TEST(S|ING)?(_|$)")
TEST_MARKER = re.compile(r"\btest[ _-](seam|stand[ _-]?in|double|hook)s?\b", re.IGNORECASE)


def named_like_tests(paths: list[str]) -> list[str]:
    return [p for p in paths if any(TEST_NAME.search(part) for part in p.split("/"))]


def why_test_code(name: str, source: str) -> Iterator[str]:
    """Why the Python module ``name`` (its ``source``) is test code: one line per finding."""
    marker = TEST_MARKER.search(source)
    if marker:
        yield f"{name}: calls itself {marker.group(0)!r}"
    for node in ast.walk(ast.parse(source, name)):
        imported: list[str] = []
        if isinstance(node, ast.Import):
            imported = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        for module in imported:
            if module in TEST_LIBRARIES or module.split(".")[0] in TEST_LIBRARIES:
                yield f"{name}:{node.lineno}: imports {module}"
        value = node.value if isinstance(node, ast.Constant) else None
        if isinstance(value, str) and TEST_ENV.match(value) and TEST_WORD.search(value):
            yield f"{name}:{node.lineno}: names {value}"


def tarball_files(tarball: Path) -> dict[str, str | None]:
    """Every entry of the tarball, with the text of its Python files."""
    files: dict[str, str | None] = {}
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            handle = archive.extractfile(member) if member.name.endswith(".py") else None
            files[member.name] = handle.read().decode() if handle else None
    return files


def package_files() -> dict[str, str | None]:
    """Every file the wheel can hold: all files of each package pyproject.toml's package finder selects.

    A superset of the wheel (which takes the packages' modules and the declared package data), found with
    setuptools' own finder on the configuration the build uses, so no build backend is needed.
    """
    finder = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    files: dict[str, str | None] = {}
    for where in (ROOT / w for w in finder["where"]):
        for package in find_namespace_packages(str(where), include=finder["include"]):
            for path in sorted(where.joinpath(*package.split(".")).iterdir()):
                if path.is_file() and path.suffix != ".pyc":
                    name = f"{package.replace('.', '/')}/{path.name}"
                    files[name] = path.read_text() if path.suffix == ".py" else None
    return files


def findings(files: dict[str, str | None], allowed: set[str]) -> list[str]:
    found = [f"{name}: named like a test" for name in named_like_tests(sorted(set(files) - allowed))]
    for name, source in sorted(files.items()):
        if source is not None:
            found += why_test_code(name, source)
    return found


def test_the_collection_tarball_ships_no_test_code(tarball: Path):
    files = tarball_files(tarball)
    assert "plugins/module_utils/_aws/client.py" in files  # the scan saw the collection's code
    assert findings(files, SHIPPED_TEST_FILES) == []


def test_the_python_package_ships_no_test_code():
    files = package_files()
    assert "tridentops_pulumi/spec_inputs.py" in files and "tridentops_pulumi/spec/stack.py" in files
    assert findings(files, set()) == []


def test_the_rules_catch_what_test_code_looks_like():
    """Each rule on its own, so none can silently stop matching."""
    assert named_like_tests(
        ["a/test_x.py", "a/x_test.py", "a/testseam.py", "conftest.py", "roles/r/tests/test.yml", "standin/c.py"]
    ) == ["a/test_x.py", "a/x_test.py", "a/testseam.py", "conftest.py", "roles/r/tests/test.yml", "standin/c.py"]
    assert named_like_tests(["eks_addon.py", "latest.py", "attest.yml", "contest/x.py"]) == []
    for source in (
        "from botocore.stub import Stubber",
        "import botocore.stub",
        "from botocore import stub",
        "import pytest",
        "from unittest import mock",
        "import os\nSEAM = os.environ.get('TRIDENTOPS_AWS_TEST_SEAM')",
        "os.getenv('TESTING')",
        '"""TEST SEAM, used only by the tests."""',
        "# a test stand-in for Trident",
    ):
        assert list(why_test_code("m.py", source)), source
    # Product vocabulary that must not trip the rules: a placeholder called a stand-in, latest, attestation.
    for source in (
        '"""Every Output swapped for a stand-in text."""',
        "VERSION = 'latest'",
        "ATTESTATION = 'IN_TOTO_ATTESTATION'",
        "import botocore.exceptions",
    ):
        assert list(why_test_code("m.py", source)) == [], source
