"""A team namespace's role: cluster-admin and Kubernetes' system: roles are refused at the field, with why; the
roles a team may get (admin, edit, view, the cluster's own) are not."""

from __future__ import annotations

import pytest

from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import validate
from ansible_collections.tridentops.storage.plugins.module_utils.spec.issues import Issues
from ansible_collections.tridentops.storage.plugins.module_utils.spec.namespaces import NamespaceSpec
from ansible_collections.tridentops.storage.plugins.module_utils.spec.schema import build


def spec(role: str) -> dict:
    return {"name": "teams", "namespaces": [{"name": "team-a", "team_groups": ["devs"], "role": role}]}


def errors(document: dict) -> list[str]:
    return [str(i) for i in validate(document)[1] if i.severity == "error"]


def test_cluster_admin_is_refused_at_its_field_with_why():
    assert errors(spec("cluster-admin")) == [
        "namespaces[0].role: 'cluster-admin' grants every permission there is, not a team's role: use admin, edit, "
        "view or a ClusterRole of the cluster's own"
    ]


@pytest.mark.parametrize("role", ["system:masters", "system:aggregate-to-edit", "system:node"])
def test_kubernetes_own_roles_are_refused(role):
    assert errors(spec(role)) == [
        f"namespaces[0].role: '{role}' is one of Kubernetes' own roles (system:*), made for its components, not a "
        "team's role: use admin, edit, view or a ClusterRole of the cluster's own"
    ]


@pytest.mark.parametrize("role", ["admin", "edit", "view", "team-storage", "tridentops.io-team"])
def test_team_roles_are_accepted(role):
    assert errors(spec(role)) == []


def test_the_namespace_module_refuses_it_too():
    """The namespace module loads the same section model (load_section), so the rule is the same there."""
    issues = Issues()
    build(NamespaceSpec, {"name": "team-a", "team_users": ["ann"], "role": "cluster-admin"}, "", issues)
    assert [(i.path, i.severity) for i in issues.items] == [("role", "error")]
