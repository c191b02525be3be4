"""The protect, monitoring and namespace modules as the least-privileged `automation` user: bound only to the
shipped roles, as docs/rbac.md says to bind them, on an RBAC-enforcing API server, a whole chain runs: onboard
a team namespace (with `edit`), monitoring, a vault, an application, a backup, a restore.

The roles: tridentops-protect and tridentops-team-binding (binding `edit` for a team needs it) with
ClusterRoleBindings, tridentops-protect-secrets with a RoleBinding in each namespace whose Secrets the modules
read (protect's, the application's, the restore's destination). Installing protect (its controller's ClusterRole
grants */*) is cluster-admin's job, so the admin runs protect_install first."""

from __future__ import annotations

import contextlib

import pytest
import yaml
from helpers import Ansible
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from playbook import ROOT
from protect_helpers import before_protect_with_monitoring, delete_namespaces, ensure_namespace, play

pytestmark = pytest.mark.cluster
ROLES = ("tridentops-protect", "tridentops-team-binding")
SECRETS_ROLE = "tridentops-protect-secrets"
BINDING = "tridentops-protect-test-{}"
APP_NS = "lp-shop"
TEAM_NS = "lp-team"
PROTECT_NS = "trident-protect"
# Where the protect modules read Secrets: protect's namespace (the vault's keys), the application's and the
# restore's destination (the Secrets they report by name).
SECRETS_NAMESPACES = (PROTECT_NS, APP_NS, f"{APP_NS}-copy")
AUTOMATION = {"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "automation"}


@pytest.fixture(scope="module")
def automation(control_plane, kube_admin, protect_standin, s3):
    rbac = client.RbacAuthorizationV1Api(kube_admin)
    before_protect_with_monitoring(kube_admin, s3, "tridentops-least-privilege", APP_NS, TEAM_NS, f"{APP_NS}-copy")
    for namespace in (APP_NS, f"{APP_NS}-copy"):
        ensure_namespace(kube_admin, namespace)
    client.CoreV1Api(kube_admin).create_namespaced_config_map(
        APP_NS, {"metadata": {"name": "settings"}, "data": {"a": "1"}}
    )
    with contextlib.suppress(ApiException):
        client.StorageV1Api(kube_admin).create_storage_class(
            {"metadata": {"name": "lp-gold"}, "provisioner": "tridentops.test/none"}
        )
    installed = Ansible(control_plane).module("protect_install", cluster_name="lp")
    assert not installed.get("failed"), installed
    for role in (*ROLES, SECRETS_ROLE):
        body = yaml.safe_load((ROOT / "rbac" / f"{role}.yaml").read_text())
        with contextlib.suppress(ApiException):
            rbac.delete_cluster_role(role)
        rbac.create_cluster_role(body)
    for role in ROLES:
        with contextlib.suppress(ApiException):
            rbac.delete_cluster_role_binding(BINDING.format(role))
        rbac.create_cluster_role_binding(
            {
                "metadata": {"name": BINDING.format(role)},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
                "subjects": [AUTOMATION],
            }
        )
    for namespace in SECRETS_NAMESPACES:
        with contextlib.suppress(ApiException):
            rbac.delete_namespaced_role_binding(BINDING.format(SECRETS_ROLE), namespace)
        rbac.create_namespaced_role_binding(
            namespace,
            {
                "metadata": {"name": BINDING.format(SECRETS_ROLE)},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": SECRETS_ROLE},
                "subjects": [AUTOMATION],
            },
        )
    yield Ansible(control_plane, user="automation")
    for role in ROLES:
        with contextlib.suppress(ApiException):
            rbac.delete_cluster_role_binding(BINDING.format(role))
    for namespace in SECRETS_NAMESPACES:
        with contextlib.suppress(ApiException):
            rbac.delete_namespaced_role_binding(BINDING.format(SECRETS_ROLE), namespace)
    for role in (*ROLES, SECRETS_ROLE):
        with contextlib.suppress(ApiException):
            rbac.delete_cluster_role(role)
    with contextlib.suppress(ApiException):
        client.StorageV1Api(kube_admin).delete_storage_class("lp-gold")
    delete_namespaces(kube_admin, APP_NS, TEAM_NS, f"{APP_NS}-copy")


def test_the_whole_chain_runs_with_only_the_shipped_roles(automation, moto_s3):
    vault = {
        "name": "lp",
        "provider": "AWS",
        "bucket": "tridentops-least-privilege",
        "endpoint": moto_s3,
        "secure": False,
        "credentials_secret": "s3-keys",
    }
    backup = {"name": "lp-1", "namespace": APP_NS, "application": "lp-shop", "vault": "lp"}
    results = play(
        automation,
        (
            "namespace",
            {
                "name": TEAM_NS,
                "team_groups": ["lp-devs"],
                "storage_quotas": [{"storage_class": "lp-gold", "requests_storage": "100Gi"}],
                "limits": {"claim_max": "10Gi"},
            },
        ),
        ("monitoring", {"namespace": "monitoring"}),
        ("protect_vault", vault),
        ("protect_app", {"name": "lp-shop", "namespace": APP_NS}),
        ("protect_backup", backup),
        (
            "protect_restore",
            {
                "backup": "lp-1",
                "source_namespace": APP_NS,
                "namespace_mapping": [{"source": APP_NS, "destination": f"{APP_NS}-copy"}],
            },
        ),
    )
    failures = [(i, r.get("msg")) for i, r in enumerate(results) if r.get("failed")]
    assert failures == []
    assert results[-1]["restored"][f"{APP_NS}-copy"]["config_maps"] == ["settings"]
