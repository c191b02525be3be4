"""tridentops adopt, run as a user would run it: files and standard input in, the spec out, losses on stderr."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tridentops_pulumi.spec.stack import validate

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Cli-secret-value-9"
TBC = {
    "apiVersion": "trident.netapp.io/v1",
    "kind": "TridentBackendConfig",
    "metadata": {"name": "nas", "namespace": "trident"},
    "spec": {
        "version": 1,
        "storageDriverName": "ontap-nas",
        "backendName": "nas",
        "managementLIF": "10.0.0.1",
        "svm": "svm1",
        "credentials": {"name": "nas-secret"},
        "deletionPolicy": "delete",
    },
}
SECRET = {
    "apiVersion": "v1",
    "kind": "Secret",
    "metadata": {"name": "nas-secret"},
    "stringData": {"password": PASSWORD},
}


def tridentops(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("tridentops", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "tridentops_pulumi.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=ROOT, check=False, input=stdin)


def test_a_lossless_file_is_adopted_to_a_valid_spec_with_the_objects_to_take_over(tmp_path: Path):
    source = tmp_path / "objects.yaml"
    source.write_text(yaml.safe_dump_all([SECRET, TBC]))
    result = tridentops("adopt", str(source))
    assert result.returncode == 0, result.stderr
    spec = yaml.safe_load(result.stdout)
    assert validate(spec)[0] is not None
    assert spec["backends"][0]["credentials"] == {"name": "nas-secret"}
    assert "#     - TridentBackendConfig/trident/nas" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr


def test_a_loss_is_listed_on_stderr_and_fails_unless_accepted(tmp_path: Path):
    lossy = json.loads(json.dumps(TBC))
    lossy["spec"]["futureField"] = "x"
    result = tridentops("adopt", "-", stdin=json.dumps(lossy))
    assert result.returncode == 1
    assert "TridentBackendConfig nas: spec.futureField: the spec cannot express it (not rendered)" in result.stderr
    assert yaml.safe_load(result.stdout)["backends"][0]["name"] == "nas"  # the spec is still written
    out = tmp_path / "spec.yaml"
    accepted = tridentops("adopt", "-", "--accept-loss", "-o", str(out), stdin=json.dumps(lossy))
    assert accepted.returncode == 0 and accepted.stdout == ""
    assert yaml.safe_load(out.read_text())["backends"][0]["name"] == "nas"


def test_a_tridentctl_backend_file_never_puts_its_credentials_anywhere(tmp_path: Path):
    config = {k: v for k, v in TBC["spec"].items() if k not in ("credentials", "deletionPolicy")}
    source = tmp_path / "backend.json"
    source.write_text(json.dumps({**config, "username": "admin", "password": PASSWORD}))
    result = tridentops("adopt", str(source), "--namespace", "storage", "--accept-loss")
    assert result.returncode == 0, result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    assert "create Secret storage/nas-credentials with keys password, username" in result.stdout


def test_unreadable_input_and_no_input_exit_2(tmp_path: Path):
    assert tridentops("adopt", str(tmp_path / "missing.yaml")).returncode == 2
    assert tridentops("adopt").returncode == 2
    named = tridentops("adopt", "-", "--name", "Not_A_Label", stdin=json.dumps(TBC))
    assert named.returncode == 2 and named.stderr.startswith("tridentops: name: ") and "Traceback" not in named.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1\n")
    result = tridentops("adopt", str(bad))
    assert result.returncode == 2 and "not valid YAML" in result.stderr and "Traceback" not in result.stderr
