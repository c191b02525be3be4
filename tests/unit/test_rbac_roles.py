"""The shipped roles in rbac/, read as files (no cluster; tests/integration/test_rbac_escalation.py tries them
against the API server): the install role holds the operator's rules exactly, plus named extras; the everyday
roles hold nothing that grants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ansible_collections.tridentops.storage.plugins.module_utils.spec.render_trident import operator_rules

ROOT = Path(__file__).resolve().parents[2]
RBAC = ROOT / "rbac"
EVERYDAY = (
    "tridentops-config",
    "tridentops-config-secrets",
    "tridentops-day2",
    "tridentops-protect",
    "tridentops-protect-secrets",
    "tridentops-stack-claim",
)
# What the install role holds beyond the operator's rules: the operator's own objects by name, and namespaces.
INSTALL_EXTRAS = [
    {"apiGroups": [""], "resources": ["namespaces"], "verbs": ["watch", "delete"]},
    {
        "apiGroups": [""],
        "resources": ["serviceaccounts"],
        "verbs": ["patch", "delete"],
        "resourceNames": ["trident-operator"],
    },
    {
        "apiGroups": ["apps"],
        "resources": ["deployments"],
        "verbs": ["patch", "delete"],
        "resourceNames": ["trident-operator"],
    },
    {
        "apiGroups": ["rbac.authorization.k8s.io"],
        "resources": ["clusterroles", "clusterrolebindings"],
        "verbs": ["get", "patch", "delete"],
        "resourceNames": ["trident-operator"],
    },
]
WRITES = {"create", "update", "patch", "delete", "deletecollection", "*"}


def role(name: str) -> dict[str, Any]:
    body: dict[str, Any] = yaml.safe_load((RBAC / f"{name}.yaml").read_text())
    assert body["metadata"]["name"] == name
    return body


def grants(body: dict[str, Any], group: str, resource: str, verbs: set[str]) -> bool:
    return any(
        group in r["apiGroups"] and resource in r["resources"] and verbs & set(r["verbs"]) for r in body["rules"]
    )


def test_every_file_is_one_role_and_documented():
    names = sorted(p.stem for p in RBAC.glob("*.yaml"))
    assert names == sorted([*EVERYDAY, "tridentops-install", "tridentops-team-binding"])
    docs = (ROOT / "docs" / "rbac.md").read_text()
    for name in names:
        assert f"rbac/{name}.yaml" in docs
        assert role(name)["kind"] in ("ClusterRole", "Role")


def test_the_install_role_holds_the_operator_rules_exactly_and_only_named_extras():
    rules = role("tridentops-install")["rules"]
    operator = operator_rules()
    assert rules[: len(operator)] == operator
    assert rules[len(operator) :] == INSTALL_EXTRAS


def test_no_role_grants_escalate_impersonate_or_wildcards():
    for path in RBAC.glob("*.yaml"):
        for rule in role(path.stem)["rules"]:
            assert not {"escalate", "impersonate", "*"} & set(rule["verbs"]), (path.name, rule)
            assert "*" not in rule["apiGroups"] and "*" not in rule["resources"], (path.name, rule)
            if "bind" in rule["verbs"]:
                # Only the team role binding, and only on named roles.
                assert path.stem == "tridentops-team-binding" and rule.get("resourceNames"), (path.name, rule)


@pytest.mark.parametrize("name", EVERYDAY)
def test_everyday_roles_write_no_rbac_pods_or_cluster_scoped_trident_objects(name):
    body = role(name)
    rbac = "rbac.authorization.k8s.io"
    for resource in ("clusterroles", "clusterrolebindings", "roles"):
        assert not grants(body, rbac, resource, WRITES | {"bind"}), resource
    # RoleBindings: team onboarding only, without bind (the API server then binds only roles held).
    assert grants(body, rbac, "rolebindings", WRITES) == (name == "tridentops-protect")
    assert not grants(body, "", "pods", WRITES | {"get", "list"})
    assert not grants(body, "", "pods/exec", {"create", "get"})
    assert not grants(body, "", "serviceaccounts", WRITES)
    assert not grants(body, "trident.netapp.io", "tridentorchestrators", WRITES)
    assert not grants(body, "apiextensions.k8s.io", "customresourcedefinitions", WRITES)


@pytest.mark.parametrize("name", EVERYDAY)
def test_only_the_secret_roles_read_secrets(name):
    reads = grants(role(name), "", "secrets", {"get", "list", "watch"})
    assert reads == name.endswith("-secrets")
    if name == "tridentops-config-secrets":
        assert role(name)["kind"] == "Role"  # Trident's namespace only
