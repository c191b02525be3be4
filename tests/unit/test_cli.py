"""The tridentops command, run as a user would run it (a subprocess of the installed console script)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIVE_MISTAKES = ROOT / "tests" / "unit" / "specs" / "five-mistakes.yaml"


def tridentops(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("tridentops", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "tridentops_pulumi.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=ROOT, check=False)


def test_validate_reports_all_five_mistakes_with_paths_and_exits_non_zero():
    result = tridentops("validate", str(FIVE_MISTAKES))
    assert result.returncode == 1
    errors = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("error:")]
    assert [e.split(":")[1].strip() for e in errors] == [
        "trident.version",
        "backends[0].driver",
        "backends[1].limits.qtrees_per_flexvol",
        "storage_classes[0].attributes.medya",
        "storage_classes[1].default",
    ]
    assert "5 error(s)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["minimal", "onprem", "aws-fsx"])
def test_validate_accepts_the_examples(name: str):
    result = tridentops("validate", f"examples/{name}.yaml")
    assert result.returncode == 0, result.stdout
    assert "valid" in result.stdout


def test_validate_json_output_lists_issues():
    result = tridentops("validate", "--format", "json", str(FIVE_MISTAKES))
    assert result.returncode == 1
    report = yaml.safe_load(result.stdout)
    assert report[0]["valid"] is False
    assert len(report[0]["issues"]) == 5


def test_render_prints_masked_yaml_by_default_and_real_values_on_request():
    masked = tridentops("render", "examples/onprem.yaml")
    assert masked.returncode == 0
    docs = list(yaml.safe_load_all(masked.stdout))
    assert docs[0]["kind"] == "Namespace"
    secrets = [d for d in docs if d["kind"] == "Secret"]
    assert secrets and all(set(s["data"].values()) == {"********"} for s in secrets)
    revealed = tridentops("render", "--reveal-secrets", "examples/onprem.yaml")
    assert "********" not in revealed.stdout


def test_render_refuses_an_invalid_spec_without_output():
    result = tridentops("render", str(FIVE_MISTAKES))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "backends[0].driver" in result.stderr


def test_unreadable_and_malformed_files_exit_2_with_the_reason(tmp_path: Path):
    missing = tridentops("validate", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("backends: [\n  - name: x\n")
    result = tridentops("validate", str(broken))
    assert result.returncode == 2
    assert "broken.yaml:" in result.stderr and "not valid YAML" in result.stderr


def test_version_names_the_package_version_and_the_trident_releases_it_knows():
    import tridentops_pulumi

    # The Python package is released with the collection, under galaxy.yml's version (tests/unit/test_release.py).
    expected = yaml.safe_load((ROOT / "galaxy.yml").read_text())["version"]
    result = tridentops("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"tridentops {expected} (Trident 24.06 to 26.06)"
    assert tridentops_pulumi.__version__ == expected
