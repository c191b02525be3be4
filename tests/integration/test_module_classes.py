"""tridentops.storage.storage_class, snapshot_class, and stack's rendered state."""

from __future__ import annotations

import pytest
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from standin.crds import SNAPSHOT_CRDS, apply_crds

pytestmark = pytest.mark.cluster
GOLD = {
    "name": "t-gold",
    "attributes": {"backendType": "ontap-nas", "snapshots": True},
    "selector": "performance=gold",
    "reclaim_policy": "Retain",
    "allow_volume_expansion": True,
}
SNAPS = {"name": "t-snaps", "default": True, "deletion_policy": "Delete"}


@pytest.fixture(scope="module", autouse=True)
def snapshot_crds(kube_admin):
    apply_crds(kube_admin, SNAPSHOT_CRDS)
    yield
    storage = client.StorageV1Api(kube_admin)
    for name in ("t-gold", "t-other"):
        try:
            storage.delete_storage_class(name)
        except ApiException as error:
            if error.status != 404:
                raise


def test_storage_class_create_idempotent_check_and_diff(ansible, kube):
    created = ansible.module("storage_class", **GOLD)
    assert created["changed"] and [o["action"] for o in created["objects"]] == ["create"]
    sc = kube["storage"].read_storage_class("t-gold")
    assert sc.provisioner == "csi.trident.netapp.io"
    assert sc.parameters == {"backendType": "ontap-nas", "snapshots": "true", "selector": "performance=gold"}
    with ansible.writes() as writes:
        again = ansible.module("storage_class", **GOLD)
        checked = ansible.module("storage_class", check=True, diff=True, **{**GOLD, "allow_volume_expansion": False})
    assert again["changed"] is False
    assert checked["changed"] and checked["objects"][0]["fields"] == ["allowVolumeExpansion"]
    assert "allowVolumeExpansion: true" in checked["diff"][0]["before"]
    assert "allowVolumeExpansion: false" in checked["diff"][0]["after"]
    assert writes.count == 0, writes.events


def test_storage_class_rejects_an_attribute_trident_does_not_know_before_writing(ansible):
    with ansible.writes() as writes:
        result = ansible.module(
            "storage_class", **{**GOLD, "name": "t-bad", "attributes": {"medya": "ssd"}, "selector": "performance gold"}
        )
    assert result["failed"]
    assert "attributes.medya: unknown Trident storage attribute; did you mean 'media'?" in result["msg"]
    assert "selector: 'performance gold' is not a Trident selector requirement" in result["msg"]
    assert writes.count == 0


def test_storage_class_parameter_change_is_refused_without_replace(ansible, kube):
    with ansible.writes() as writes:
        refused = ansible.module("storage_class", **{**GOLD, "selector": "performance=platinum"})
    assert refused["failed"] and refused["msg"].startswith("StorageClass t-gold: parameters cannot change in place")
    assert writes.count == 0
    replaced = ansible.module("storage_class", replace=True, **{**GOLD, "selector": "performance=platinum"})
    assert [o["action"] for o in replaced["objects"]] == ["replace"]
    assert kube["storage"].read_storage_class("t-gold").parameters["selector"] == "performance=platinum"


def test_storage_class_absent(ansible, kube):
    assert ansible.module("storage_class", name="t-gold", state="absent")["changed"]
    with pytest.raises(ApiException):
        kube["storage"].read_storage_class("t-gold")
    assert ansible.module("storage_class", name="t-gold", state="absent")["changed"] is False


def test_snapshot_class_default_and_idempotence(ansible, kube):
    kube["objects"].create_cluster_custom_object(
        "snapshot.storage.k8s.io",
        "v1",
        "volumesnapshotclasses",
        {
            "apiVersion": "snapshot.storage.k8s.io/v1",
            "kind": "VolumeSnapshotClass",
            "metadata": {
                "name": "t-old-default",
                "annotations": {"snapshot.storage.kubernetes.io/is-default-class": "true"},
            },
            "driver": "csi.trident.netapp.io",
            "deletionPolicy": "Retain",
        },
    )
    result = ansible.module("snapshot_class", **SNAPS)
    assert [(o["name"], o["action"]) for o in result["objects"]] == [("t-snaps", "create"), ("t-old-default", "update")]
    old = kube["objects"].get_cluster_custom_object(
        "snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", "t-old-default"
    )
    assert old["metadata"]["annotations"]["snapshot.storage.kubernetes.io/is-default-class"] == "false"
    new = kube["objects"].get_cluster_custom_object("snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", "t-snaps")
    assert (new["driver"], new["deletionPolicy"]) == ("csi.trident.netapp.io", "Delete")
    with ansible.writes() as writes:
        assert ansible.module("snapshot_class", **SNAPS)["changed"] is False
    assert writes.count == 0
    # The class made by hand is not tridentops': deleting it needs adopt.
    refused = ansible.module("snapshot_class", name="t-old-default", state="absent")
    assert refused["failed"] and "VolumeSnapshotClass/t-old-default is not ours" in refused["msg"]
    assert ansible.module("snapshot_class", name="t-snaps", state="absent")["changed"]
    adopted = ["VolumeSnapshotClass/t-old-default"]
    assert ansible.module("snapshot_class", name="t-old-default", state="absent", adopt=adopted)["changed"]


def test_stack_rendered_needs_no_cluster_and_masks_secrets(tmp_path):
    from playbook import ROOT, run_tasks

    unreachable = tmp_path / "kubeconfig"
    unreachable.write_text("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n")
    run = run_tasks(
        [{"tridentops.storage.stack": {"src": str(ROOT / "examples" / "onprem.yaml"), "state": "rendered"}}],
        unreachable,
    )
    result = run.last
    assert not result.get("failed"), result
    kinds = [o["kind"] for o in result["objects"]]
    assert kinds[0] == "Namespace" and kinds[-1] == "VolumeSnapshotClass" and len(kinds) == 18
    assert "change-me-nas" not in run.stdout
    assert {v for o in result["objects"] if o["kind"] == "Secret" for v in o["data"].values()} == {"********"}
