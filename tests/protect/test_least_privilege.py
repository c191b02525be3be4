"""The protect, monitoring and namespace modules as the least-privileged `automation` user: bound only to the
shipped ClusterRoles (rbac/tridentops-automation.yaml and rbac/tridentops-protect.yaml) on an RBAC-enforcing
API server, a whole chain runs: onboard a team namespace, monitoring, install protect, a vault, an
application, a backup, a restore."""

from __future__ import annotations

import contextlib

import pytest
import yaml
from helpers import Ansible
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from playbook import ROOT
from protect_helpers import (
    apply_prometheus_crds,
    delete_namespaces,
    delete_protect_crds,
    ensure_namespace,
    play,
    s3_secret,
)

pytestmark = pytest.mark.cluster
ROLES = ("tridentops-automation", "tridentops-protect")
BINDING = "tridentops-protect-test-{}"
APP_NS = "lp-shop"
TEAM_NS = "lp-team"


@pytest.fixture(scope="module")
def automation(control_plane, kube_admin, protect_standin, s3):
    rbac = client.RbacAuthorizationV1Api(kube_admin)
    delete_namespaces(kube_admin, APP_NS, TEAM_NS, f"{APP_NS}-copy", "trident-protect")
    delete_protect_crds(kube_admin)
    apply_prometheus_crds(kube_admin)
    ensure_namespace(kube_admin, "monitoring")
    ensure_namespace(kube_admin, APP_NS)
    client.CoreV1Api(kube_admin).create_namespaced_config_map(
        APP_NS, {"metadata": {"name": "settings"}, "data": {"a": "1"}}
    )
    s3_secret(kube_admin)
    s3.create_bucket(Bucket="tridentops-least-privilege", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    with contextlib.suppress(ApiException):
        client.StorageV1Api(kube_admin).create_storage_class(
            {"metadata": {"name": "lp-gold"}, "provisioner": "tridentops.test/none"}
        )
    for role in ROLES:
        body = yaml.safe_load((ROOT / "rbac" / f"{role}.yaml").read_text())
        with contextlib.suppress(ApiException):
            rbac.delete_cluster_role(role)
        rbac.create_cluster_role(body)
        with contextlib.suppress(ApiException):
            rbac.delete_cluster_role_binding(BINDING.format(role))
        rbac.create_cluster_role_binding(
            {
                "metadata": {"name": BINDING.format(role)},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
                "subjects": [{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "automation"}],
            }
        )
    yield Ansible(control_plane, user="automation")
    for role in ROLES:
        with contextlib.suppress(ApiException):
            rbac.delete_cluster_role_binding(BINDING.format(role))
    with contextlib.suppress(ApiException):
        rbac.delete_cluster_role("tridentops-protect")
    with contextlib.suppress(ApiException):
        client.StorageV1Api(kube_admin).delete_storage_class("lp-gold")
    delete_namespaces(kube_admin, APP_NS, TEAM_NS, f"{APP_NS}-copy")


def test_the_whole_chain_runs_with_only_the_shipped_cluster_roles(automation, moto_s3):
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
        ("protect_install", {"cluster_name": "lp"}),
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
