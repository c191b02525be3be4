"""Release bookkeeping: every module, role and playbook the collection ships is in the changelog of the release that
brought it (or declared for the version under way), CHANGELOG.rst is what antsibull-changelog makes of
changelogs/changelog.yaml, the Python package's version is written once and follows the collection's, and its
changes are kept out of the collection's changelog."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GALAXY = yaml.safe_load((ROOT / "galaxy.yml").read_text())
VERSION = Version(GALAXY["version"])
CHANGES = yaml.safe_load((ROOT / "changelogs" / "changelog.yaml").read_text())
RELEASES: dict[str, Any] = CHANGES["releases"] or {}
LATEST = max((Version(v) for v in RELEASES), default=None)
# The version galaxy.yml names has not been released yet: new modules, roles and playbooks may wait for it.
UNDER_WAY = LATEST is None or VERSION > LATEST
MODULES = sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py") if p.name != "__init__.py")
ROLES = sorted(p.name for p in (ROOT / "roles").iterdir() if p.is_dir())
PLAYBOOKS = sorted(p.stem for p in (ROOT / "playbooks").glob("*.yml"))
HOW = "add it with antsibull-changelog release (docs/releasing.md)"


def module_version_added(name: str) -> Any:
    tree = ast.parse((ROOT / "plugins" / "modules" / f"{name}.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "DOCUMENTATION" for t in node.targets):
            return yaml.safe_load(ast.literal_eval(node.value))["version_added"]
    raise AssertionError(f"{name} has no DOCUMENTATION")


def role_version_added(name: str) -> Any:
    specs = yaml.safe_load((ROOT / "roles" / name / "meta" / "argument_specs.yml").read_text())
    return specs["argument_specs"]["main"].get("version_added")


def released_in(kind: str, name: str) -> list[str]:
    """The releases of changelog.yaml that list this module, role or playbook as new."""
    found = []
    for version, release in RELEASES.items():
        entries = release.get("modules", []) if kind == "module" else release.get("objects", {}).get(kind, [])
        if name in {entry["name"] for entry in entries}:
            found.append(version)
    return found


def pending_fragments() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text()) or {} for p in sorted((ROOT / "changelogs" / "fragments").glob("*.yml"))]


def check_added(kind: str, name: str, version_added: Any) -> None:
    """A module or role says when it came (version_added, as ansible-doc shows it), and the changelog agrees."""
    assert isinstance(version_added, str), f"{kind} {name} has no version_added"
    assert Version(version_added) <= VERSION, f"{kind} {name}: version_added {version_added} is after {VERSION}"
    releases = released_in(kind, name)
    if version_added in RELEASES:
        assert releases == [version_added], f"{kind} {name} came in {version_added}, changelog.yaml has {releases}"
    else:
        # Not released yet: only for the version galaxy.yml is preparing; the next release lists it.
        assert UNDER_WAY and Version(version_added) == VERSION and not releases, (
            f"{kind} {name}: version_added {version_added} is neither a release of changelogs/changelog.yaml "
            f"({sorted(RELEASES)}) nor the version under way; {HOW}"
        )


@pytest.mark.parametrize("name", MODULES)
def test_every_module_is_in_the_release_its_version_added_names(name: str):
    check_added("module", name, module_version_added(name))


@pytest.mark.parametrize("name", ROLES)
def test_every_role_is_in_the_release_its_version_added_names(name: str):
    check_added("role", name, role_version_added(name))


@pytest.mark.parametrize("name", PLAYBOOKS)
def test_every_playbook_is_in_a_release_or_declared_for_the_next(name: str):
    # ansible-doc does not document playbooks: a fragment's "add object.playbook" declares a new one.
    releases = released_in("playbook", name)
    declared = [entry["name"] for fragment in pending_fragments() for entry in fragment.get("add object.playbook", [])]
    assert len(releases) + declared.count(name) == 1, (
        f"playbook {name}: released in {releases}, declared {declared.count(name)} time(s) in changelogs/fragments; "
        f"declare it once under 'add object.playbook' in a fragment, then {HOW}"
    )
    if not releases:
        assert UNDER_WAY, f"playbook {name} is declared for {VERSION}, which is already released"


def test_the_collection_version_is_released_or_under_way():
    if LATEST is None:
        pytest.fail("changelogs/changelog.yaml has no release")
    assert str(VERSION) in RELEASES or UNDER_WAY
    # Each release's change entries are what a collection user sees; a release has a summary.
    for version, release in RELEASES.items():
        assert release.get("changes", {}).get("release_summary"), f"release {version} has no release_summary"


def test_the_collection_changelog_leaves_the_python_package_to_its_own():
    text = (ROOT / "changelogs" / "changelog.yaml").read_text() + "".join(
        yaml.safe_dump(fragment) for fragment in pending_fragments()
    )
    for word in ("tridentops_pulumi", "Pulumi", "tridentops command", "tridentops validate", "tridentops render"):
        assert word not in text, f"{word!r} belongs in pulumi_components/CHANGELOG.md"


def test_changelog_rst_is_what_antsibull_changelog_generates(tmp_path: Path):
    # generate reads galaxy.yml, changelogs/config.yaml and changelogs/changelog.yaml only (no ansible-doc).
    (tmp_path / "changelogs").mkdir()
    shutil.copy(ROOT / "galaxy.yml", tmp_path)
    for name in ("config.yaml", "changelog.yaml"):
        shutil.copy(ROOT / "changelogs" / name, tmp_path / "changelogs")
    result = subprocess.run(
        [BIN / "antsibull-changelog", "generate"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (ROOT / "CHANGELOG.rst").is_file(), "no CHANGELOG.rst: run antsibull-changelog generate"
    assert (ROOT / "CHANGELOG.rst").read_text() == (tmp_path / "CHANGELOG.rst").read_text(), (
        "CHANGELOG.rst is not what changelogs/changelog.yaml gives: run antsibull-changelog generate"
    )


def test_changelog_rst_lists_every_module_role_and_playbook():
    text = (ROOT / "CHANGELOG.rst").read_text() if (ROOT / "CHANGELOG.rst").is_file() else ""
    listed = {line.split(" - ")[0].removeprefix("- ") for line in text.splitlines() if line.startswith("- tridentops.")}
    shipped = [("module", name) for name in MODULES] + [("role", name) for name in ROLES]
    shipped += [("playbook", name) for name in PLAYBOOKS]
    # Those that wait for the version under way are listed once it is released.
    missing = [f"{kind} {name}" for kind, name in shipped if f"tridentops.storage.{name}" not in listed]
    waiting = [f"{kind} {name}" for kind, name in shipped if not released_in(kind, name) and UNDER_WAY]
    assert sorted(set(missing) - set(waiting)) == []
    assert LATEST is not None, "nothing released yet"


def test_the_python_package_version_is_written_once_and_is_the_collections():
    import tridentops_pulumi

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    # setuptools reads the distribution's version from tridentops_pulumi.__version__; pyproject.toml repeats none.
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "tridentops_pulumi.__version__"}
    # The two front ends of the one spec are released together, under one version.
    assert tridentops_pulumi.__version__ == str(VERSION)


def test_the_python_package_changelog_has_a_section_per_release():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    changelog = ROOT / "pulumi_components" / "CHANGELOG.md"
    assert project["project"]["urls"]["Changelog"].endswith("/blob/main/pulumi_components/CHANGELOG.md")
    # A section per release of the collection (the two are released together); the version under way may have none.
    sections = [line.removeprefix("## ") for line in changelog.read_text().splitlines() if line.startswith("## ")]
    # What is not released yet collects under "Unreleased", above every release.
    assert "Unreleased" not in sections[1:], "Unreleased is the top section"
    sections = [s for s in sections if s != "Unreleased"]
    assert sorted(RELEASES, key=Version, reverse=True) == [s for s in sections if s != str(VERSION) or not UNDER_WAY]
