"""The operator ClusterRole we render holds every permission that the installer of each supported Trident release
grants in the roles it creates: RBAC escalation prevention lets the operator create only roles whose permissions
it holds. The installer's roles are tests/integration/data/trident_rbac/<release>.yaml, written down from
Trident's source; tests/integration/test_operator_rbac.py proves the same against a real kube-apiserver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tridentops_pulumi.spec import facts
from tridentops_pulumi.spec.api import load, render

DATA = Path(__file__).resolve().parents[1] / "integration" / "data" / "trident_rbac"
K8sObject = dict[str, Any]
# (API group, resource, verb, resource name or None for any name): the unit RBAC authorises.
Permission = tuple[str, str, str, str | None]


def installer_roles(release: str) -> list[K8sObject]:
    items: list[dict[str, Any]] = yaml.safe_load((DATA / f"{release}.yaml").read_text())["items"]
    return items


def operator_cluster_role(release: str) -> K8sObject:
    spec = load({"name": "rbac", "trident": {"version": f"{release}.0"}})
    return next(o for o in render(spec).objects if o["kind"] == "ClusterRole")


def permissions(rules: list[K8sObject]) -> list[Permission]:
    return [
        (group, resource, verb, name)
        for rule in rules
        for group in rule["apiGroups"]
        for resource in rule["resources"]
        for verb in rule["verbs"]
        for name in rule.get("resourceNames") or [None]
    ]


def holds(rules: list[K8sObject], wanted: Permission) -> bool:
    """As the RBAC authoriser decides it: '*' matches anything, a rule with resourceNames only those names."""
    group, resource, verb, name = wanted
    for rule in rules:
        names = rule.get("resourceNames") or []
        if (
            {group, "*"} & set(rule["apiGroups"])
            and {resource, "*"} & set(rule["resources"])
            and {verb, "*"} & set(rule["verbs"])
            and (not names or name in names)
        ):
            return True
    return False


def missing(held: list[K8sObject], wanted: list[K8sObject]) -> list[str]:
    """Each permission of ``wanted`` that ``held`` lacks, as 'group/resource verb [name]'."""
    return [
        f"{group or 'core'}/{resource} {verb}" + (f" [{name}]" if name else "")
        for group, resource, verb, name in permissions(wanted)
        if not holds(held, (group, resource, verb, name))
    ]


def test_every_supported_release_has_its_installer_roles_written_down() -> None:
    assert sorted(p.stem for p in DATA.glob("*.yaml")) == sorted(facts.RELEASES)


@pytest.mark.parametrize("release", list(facts.RELEASES))
def test_operator_role_holds_every_permission_the_installer_grants(release: str) -> None:
    held = operator_cluster_role(release)["rules"]
    gaps = {
        f"{role['kind']} {role['metadata']['name']}": gap
        for role in installer_roles(release)
        if (gap := missing(held, role["rules"]))
    }
    assert gaps == {}


def test_a_permission_the_operator_lacks_is_named() -> None:
    held = [
        rule
        for rule in operator_cluster_role("26.06")["rules"]
        if "use" not in rule["verbs"] or rule["apiGroups"] != ["policy"]
    ]
    controller = next(r for r in installer_roles("26.06") if r["metadata"]["name"] == "trident-controller")
    assert missing(held, controller["rules"]) == ["policy/podsecuritypolicies use [trident-controller]"]


def test_resource_names_limit_what_a_rule_holds() -> None:
    rules = [{"apiGroups": ["policy"], "resources": ["podsecuritypolicies"], "verbs": ["use"], "resourceNames": ["a"]}]
    assert holds(rules, ("policy", "podsecuritypolicies", "use", "a"))
    assert not holds(rules, ("policy", "podsecuritypolicies", "use", "b"))
    assert not holds(rules, ("policy", "podsecuritypolicies", "use", None))


def test_one_role_serves_every_release_and_never_escalates_or_binds() -> None:
    roles = [operator_cluster_role(release)["rules"] for release in facts.RELEASES]
    assert all(rules == roles[0] for rules in roles), "the operator role does not depend on the release"
    verbs = {permission[2] for permission in permissions(roles[0])}
    assert not verbs & {"escalate", "bind", "impersonate", "*"}
    assert not [permission for permission in permissions(roles[0]) if "*" in permission[:2]]
