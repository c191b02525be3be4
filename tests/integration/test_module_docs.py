"""``ansible-doc`` renders every module of the collection, with the options its argument spec accepts and
examples that call the module with options it knows (no cluster)."""

from __future__ import annotations

import importlib
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from playbook import BIN, ansible_env

MODULES = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "plugins" / "modules").glob("*.py"))


def test_every_module_is_found():
    # A broken path would make the parametrized tests below vanish instead of fail.
    assert len(MODULES) >= 28 and {"stack", "volume_clone", "protect_backup", "fsx_ontap_filesystem"} <= set(MODULES)


def rendered(module: str, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "ansible-doc"), *options, f"tridentops.storage.{module}"],
        capture_output=True,
        text=True,
        env=ansible_env(),
        check=False,
    )


def argument_spec(module: str) -> dict[str, Any]:
    """The options the module accepts: its ARG_SPEC, plus the AWS connection options AnsibleAWSModule adds."""
    loaded = importlib.import_module(f"ansible_collections.tridentops.storage.plugins.modules.{module}")
    spec: dict[str, Any] = dict(loaded.ARG_SPEC)
    if "AnsibleAWSModule" in vars(loaded):
        from ansible_collections.amazon.aws.plugins.module_utils.modules import aws_argument_spec

        spec |= aws_argument_spec()
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
        assert set(args or {}) <= known, sorted(set(args) - known)
