"""On the oldest ansible-core requires_ansible claims, a module whose Python libraries are missing fails with
ansible-core's own "Failed to import" message, not with a crash of the failure path itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
OLDEST = ROOT / ".venv-oldest" / "bin"


def test_a_missing_library_fails_cleanly_on_the_oldest_ansible_core(tmp_path: Path):
    sys.path.insert(0, str(ROOT / "hack"))
    from collection_path import link_collection

    version = subprocess.run([OLDEST / "ansible", "--version"], capture_output=True, text=True, check=True).stdout
    requires = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())["requires_ansible"]
    assert version.startswith(f"ansible [core {requires.removeprefix('>=').rsplit('.', 1)[0]}.")
    play = [
        {
            "hosts": "localhost",
            "gather_facts": False,
            "tasks": [{"tridentops.storage.info": {"kubeconfig": str(tmp_path / "absent")}}],
        }
    ]
    (tmp_path / "play.yml").write_text(yaml.safe_dump(play))
    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(link_collection()),
        "ANSIBLE_STDOUT_CALLBACK": "default",  # ansible-core's own: 2.16 has no json callback of its own
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        # The oldest venv holds ansible-core only: no kubernetes, no urllib3.
        "ANSIBLE_PYTHON_INTERPRETER": str(OLDEST / "python"),
    }
    run = subprocess.run(
        [OLDEST / "ansible-playbook", "-i", "localhost,", "-c", "local", str(tmp_path / "play.yml")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2, run.stdout + run.stderr
    (failure,) = [line for line in run.stdout.splitlines() if line.startswith("fatal: [localhost]: FAILED! => ")]
    result = json.loads(failure.split(" => ", 1)[1])
    assert result["msg"].startswith("Failed to import the required Python library"), result["msg"]
    assert "TypeError" not in run.stdout + run.stderr
