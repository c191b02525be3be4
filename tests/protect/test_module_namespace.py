"""tridentops.storage.namespace against the embedded control plane: a team namespace with its storage quota per
StorageClass, limits, RoleBinding and snapshot class note."""

from __future__ import annotations

import contextlib

import pytest
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from protect_helpers import delete_namespaces, play
from standin.crds import SNAPSHOT_CRDS, apply_crds

pytestmark = pytest.mark.cluster
NS = "team-payments"
ARGS = {
    "name": NS,
    "team_groups": ["payments-devs"],
    "storage_quotas": [
        {"storage_class": "ns-gold", "requests_storage": "2048Gi", "persistent_volume_claims": 20},
        {"storage_class": "ns-bronze", "persistent_volume_claims": 0},
    ],
    "limits": {"claim_max": "500Gi"},
    "default_snapshot_class": "ns-snapshots",
}


@pytest.fixture(scope="module", autouse=True)
def classes(kube_admin):
    delete_namespaces(kube_admin, NS)
    apply_crds(kube_admin, SNAPSHOT_CRDS)
    storage, objects = client.StorageV1Api(kube_admin), client.CustomObjectsApi(kube_admin)
    yield storage, objects
    delete_namespaces(kube_admin, NS)
    for name in ("ns-gold", "ns-bronze"):
        with contextlib.suppress(ApiException):
            storage.delete_storage_class(name)
    with contextlib.suppress(ApiException):
        objects.delete_cluster_custom_object("snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", "ns-snapshots")


def test_missing_classes_and_role_are_all_named_before_any_write(ansible):
    with ansible.writes() as writes:
        result = ansible.module("namespace", **{**ARGS, "role": "payments-admin"})
    assert result["msg"].startswith(
        "storage_quotas[0].storage_class: StorageClass ns-gold does not exist (the cluster has: "
    )
    for part in (
        "storage_quotas[1].storage_class: StorageClass ns-bronze does not exist",
        "default_snapshot_class: VolumeSnapshotClass ns-snapshots does not exist",
        "role: ClusterRole payments-admin does not exist; nothing was changed",
    ):
        assert part in result["msg"]
    assert writes.count == 0


def test_onboarding_creates_the_namespace_quota_limits_and_team_binding(ansible, kube_admin, classes):
    storage, objects = classes
    for name in ("ns-gold", "ns-bronze"):
        storage.create_storage_class({"metadata": {"name": name}, "provisioner": "tridentops.test/none"})
    objects.create_cluster_custom_object(
        "snapshot.storage.k8s.io",
        "v1",
        "volumesnapshotclasses",
        {
            "apiVersion": "snapshot.storage.k8s.io/v1",
            "kind": "VolumeSnapshotClass",
            "metadata": {"name": "ns-snapshots"},
            "driver": "csi.trident.netapp.io",
            "deletionPolicy": "Delete",
        },
    )
    with ansible.writes() as writes:
        first, again = play(ansible, ("namespace", ARGS), ("namespace", ARGS))
    assert [(o["kind"], o["action"]) for o in first["objects"]] == [
        ("Namespace", "create"),
        ("ResourceQuota", "create"),
        ("LimitRange", "create"),
        ("RoleBinding", "create"),
    ]
    assert again["changed"] is False
    assert len(writes.events) == 4, "the rerun wrote nothing"
    core = client.CoreV1Api(kube_admin)
    quota = core.read_namespaced_resource_quota("tridentops-storage", NS)
    assert quota.spec.hard == {
        "ns-gold.storageclass.storage.k8s.io/requests.storage": "2Ti",
        "ns-gold.storageclass.storage.k8s.io/persistentvolumeclaims": "20",
        "ns-bronze.storageclass.storage.k8s.io/persistentvolumeclaims": "0",
    }
    limits = core.read_namespaced_limit_range("tridentops-limits", NS)
    assert limits.spec.limits[0].type == "PersistentVolumeClaim" and limits.spec.limits[0].max == {"storage": "500Gi"}
    binding = client.RbacAuthorizationV1Api(kube_admin).read_namespaced_role_binding("tridentops-team", NS)
    assert (binding.role_ref.name, [s.name for s in binding.subjects]) == ("edit", ["payments-devs"])
    namespace = core.read_namespace(NS)
    assert namespace.metadata.annotations["tridentops.io/default-snapshot-class"] == "ns-snapshots"


def test_check_mode_and_dropped_options(ansible, kube_admin):
    smaller = {**ARGS, "storage_quotas": [{"storage_class": "ns-gold", "requests_storage": "1Ti"}]}
    smaller.pop("limits")
    with ansible.writes() as writes:
        check = ansible.module("namespace", check=True, **smaller)
    assert [(o["kind"], o["action"]) for o in check["objects"] if o["action"] != "unchanged"] == [
        ("Namespace", "update"),
        ("ResourceQuota", "update"),
        ("LimitRange", "delete"),
    ]
    assert writes.count == 0
    result = ansible.module("namespace", **smaller)
    assert result["changed"]
    core = client.CoreV1Api(kube_admin)
    assert core.read_namespaced_resource_quota("tridentops-storage", NS).spec.hard == {
        "ns-gold.storageclass.storage.k8s.io/requests.storage": "1Ti"
    }
    assert [lr.metadata.name for lr in core.list_namespaced_limit_range(NS).items] == []


def test_absent_removes_what_tridentops_made_and_keeps_the_namespace(ansible, kube_admin):
    with ansible.writes() as writes:
        gone, again = play(
            ansible, ("namespace", {"name": NS, "state": "absent"}), ("namespace", {"name": NS, "state": "absent"})
        )
    assert sorted(o["kind"] for o in gone["objects"]) == ["ResourceQuota", "RoleBinding"]
    assert again["changed"] is False
    assert len(writes.events) == 2
    assert client.CoreV1Api(kube_admin).read_namespace(NS).status.phase == "Active"
