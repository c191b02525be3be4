"""The role's Molecule scenario (converge, idempotence, verify) against the embedded control plane."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import reset_trident, uninstall_trident
from playbook import BIN, ROOT, ansible_env

pytestmark = pytest.mark.cluster


@pytest.fixture
def clean(control_plane, standin, kube_admin):
    reset_trident(kube_admin)
    yield
    uninstall_trident(control_plane, kube_admin)


def test_default_scenario_converges_is_idempotent_and_verifies(clean, control_plane):
    env = ansible_env(control_plane.kubeconfigs["admin"], callback="default")
    env.update({"ANSIBLE_PYTHON_INTERPRETER": sys.executable, "NO_COLOR": "1", "PY_COLORS": "0"})
    done = subprocess.run(
        [str(BIN / "molecule"), "test", "-s", "default"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    for step in ("syntax", "converge", "idempotence", "verify"):
        assert f"default > {step}: Executed: Successful" in output, output[-4000:]
    assert "change-me-nas" not in output
