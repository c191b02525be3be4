"""module_defaults for an action group reach every member, so every member must accept what the group is for:
a member without one of the options fails with "Unsupported parameters" as soon as a play sets it for the group."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The connection options of group/tridentops.storage.trident: the collection's k8s_auth fragment.
K8S_AUTH = set(
    yaml.safe_load(
        (ROOT / "plugins" / "doc_fragments" / "k8s_auth.py").read_text().split('r"""', 1)[1].split('"""')[0]
    )["options"]
)
AWS_CONNECTION = {"region", "profile", "access_key", "secret_key", "session_token", "endpoint_url", "validate_certs"}


def groups() -> dict[str, list[str]]:
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())
    return {name: [m for m in members if isinstance(m, str)] for name, members in runtime["action_groups"].items()}


def options_of(modules: list[str]) -> dict[str, set[str]]:
    sys.path.insert(0, str(ROOT / "hack"))
    from collection_path import link_collection

    env = {**os.environ, "ANSIBLE_COLLECTIONS_PATH": str(link_collection())}
    names = [f"tridentops.storage.{m}" for m in modules]
    out = subprocess.run(
        [BIN / "ansible-doc", "--json", "-t", "module", *names], env=env, capture_output=True, text=True, check=True
    )
    docs = json.loads(out.stdout)
    return {name.rsplit(".", 1)[1]: set(docs[name]["doc"].get("options") or {}) for name in names}


def test_every_kubernetes_group_member_takes_every_connection_option():
    members = groups()["trident"]
    missing = {m: sorted(K8S_AUTH - options) for m, options in options_of(members).items() if K8S_AUTH - options}
    assert missing == {}


def test_every_aws_group_member_takes_the_aws_connection_options():
    members = groups()["aws"]
    missing = {m: sorted(AWS_CONNECTION - o) for m, o in options_of(members).items() if AWS_CONNECTION - o}
    assert missing == {}


def test_every_module_is_in_the_group_of_the_connection_it_makes():
    """A module missing from its group silently ignores the play's connection defaults."""
    in_groups = {m for members in groups().values() for m in members}
    every = {p.stem for p in (ROOT / "plugins" / "modules").glob("*.py")}
    # It validates a spec and contacts neither a cluster nor AWS.
    assert every - in_groups == {"fsx_ontap_plan"}
