"""Run tasks or the collection's playbooks with ansible-playbook, as a user would, and read the results.

Tasks run on localhost with the test venv's Python. The connection comes from module_defaults on the
collection's action group (so the group is exercised too): the kubeconfig of the chosen control-plane user.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    results: list[dict[str, Any]]  # one per task, in order (localhost's result)

    @property
    def last(self) -> dict[str, Any]:
        return self.results[-1]

    @property
    def failed(self) -> bool:
        return self.rc != 0


def ansible_env(kubeconfig: Path | None = None, callback: str = "ansible.posix.json") -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "hack"))
    from collection_path import link_collection

    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(link_collection()),
        "ANSIBLE_STDOUT_CALLBACK": callback,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_NOCOLOR": "1",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    if kubeconfig is not None:
        env["K8S_AUTH_KUBECONFIG"] = str(kubeconfig)
    return env


def run_tasks(
    tasks: list[dict[str, Any]],
    kubeconfig: Path,
    *,
    check: bool = False,
    diff: bool = False,
    verbosity: int = 0,
    extra_vars: dict[str, Any] | None = None,
) -> Run:
    play = [
        {
            "name": "tridentops test",
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "module_defaults": {"group/tridentops.storage.trident": {"kubeconfig": str(kubeconfig)}},
            "tasks": tasks,
        }
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        yaml.safe_dump(play, handle)
        path = handle.name
    try:
        return run_playbook(path, kubeconfig, check=check, diff=diff, verbosity=verbosity, extra_vars=extra_vars)
    finally:
        os.unlink(path)


def run_playbook(
    playbook: str,
    kubeconfig: Path,
    *,
    check: bool = False,
    diff: bool = False,
    verbosity: int = 0,
    extra_vars: dict[str, Any] | None = None,
    callback: str = "ansible.posix.json",
) -> Run:
    command = [str(BIN / "ansible-playbook"), "-i", "localhost,", playbook]
    if check:
        command.append("--check")
    if diff:
        command.append("--diff")
    if verbosity:
        command.append("-" + "v" * verbosity)
    if extra_vars:
        command += ["-e", json.dumps(extra_vars)]
    done = subprocess.run(command, capture_output=True, text=True, env=ansible_env(kubeconfig, callback), check=False)
    results: list[dict[str, Any]] = []
    if callback == "ansible.posix.json":
        start = done.stdout.find("{")
        report = json.loads(done.stdout[start:]) if start >= 0 else {"plays": []}
        for play in report.get("plays", []):
            for task in play.get("tasks", []):
                results.append(task["hosts"].get("localhost", {}))
    return Run(done.returncode, done.stdout, done.stderr, results)
