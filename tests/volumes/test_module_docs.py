"""``ansible-doc`` renders every day-2 volume module, with the options its argument spec accepts and examples
that call the module with options it knows (no cluster)."""

from __future__ import annotations

import importlib
import json
import subprocess
from typing import Any

import pytest
import yaml
from playbook import BIN, ansible_env

MODULES = [
    "volume_snapshot",
    "volume_snapshot_info",
    "volume_clone",
    "volume_import",
    "volume_resize",
    "snapshot_restore",
    "mirror_relationship",
]


def rendered(module: str, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "ansible-doc"), *options, f"tridentops.storage.{module}"],
        capture_output=True,
        text=True,
        env=ansible_env(),
        check=False,
    )


def argument_spec(module: str) -> dict[str, Any]:
    loaded = importlib.import_module(f"ansible_collections.tridentops.storage.plugins.modules.{module}")
    spec: dict[str, Any] = loaded.ARG_SPEC
    return spec


@pytest.mark.parametrize("module", MODULES)
def test_ansible_doc_renders_the_module(module: str):
    done = rendered(module)
    assert done.returncode == 0, done.stderr
    assert f"tridentops.storage.{module}" in done.stdout
    assert "EXAMPLES" in done.stdout and "RETURN VALUES" in done.stdout


@pytest.mark.parametrize("module", MODULES)
def test_documented_options_are_the_accepted_ones_and_examples_use_only_those(module: str):
    done = rendered(module, "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)[f"tridentops.storage.{module}"]
    spec = argument_spec(module)
    assert sorted(doc["doc"]["options"]) == sorted(spec)
    known = set(spec) | {alias for option in spec.values() for alias in option.get("aliases", [])}
    name = f"tridentops.storage.{module}"
    calls = [task[name] for task in yaml.safe_load(doc["examples"]) if name in task]
    assert calls, "the examples call the module"
    for args in calls:
        assert set(args) <= known, sorted(set(args) - known)
