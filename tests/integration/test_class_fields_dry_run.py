"""Classes with Trident 26.06's fields pass a real kube-apiserver's server-side dry run, and the server's own
defaults are what the spec leaves out (tests/standin/crds holds the CSI snapshotter's CRDs)."""

from __future__ import annotations

from typing import Any

import pytest
from server_dry_run import admin_session, assert_dry_run_keeps_everything

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeError, KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render

pytestmark = pytest.mark.cluster

SPEC: dict[str, Any] = {
    "name": "class-fields",
    "storage_classes": [
        {
            "name": "smb-gold",
            "default": False,
            "attributes": {"backendType": "ontap-nas", "trident.netapp.io/nasType": "smb", "labels": "tier=gold"},
            "selector": "performance=gold",
            "required_storage": "nas:.*",
            "exclude_storage_pools": "nas:aggr9",
            "prefixed_parameters": ["selector", "excludeStoragePools"],
            "csi_parameters": {
                "csi.storage.k8s.io/node-stage-secret-name": "smbcreds",
                "csi.storage.k8s.io/node-stage-secret-namespace": "trident",
            },
            "mount_options": ["vers=3.0"],
            "allowed_topologies": [
                {"topology.kubernetes.io/zone": ["zone-a", "zone-b"], "topology.kubernetes.io/region": ["east"]},
                {"topology.kubernetes.io/zone": ["zone-c"]},
            ],
            "selector_annotation": "performance=gold",
            "additional_storage_pools_annotation": "nas:.*",
            "autogrow_policy": "gold-growth",
            "smb_share_ad_user": "svc-k8s",
            "smb_share_ad_user_permission": "read",
            "labels": {"team": "storage"},
            "annotations": {"example.com/owner": "storage"},
            "reclaim_policy": "Retain",
            "volume_binding_mode": "WaitForFirstConsumer",
            "allow_volume_expansion": True,
        },
        {"name": "bare"},
    ],
    "snapshot_classes": [
        {
            "name": "snap-secret",
            "default": False,
            "parameters": {
                "csi.storage.k8s.io/snapshotter-secret-name": "snap",
                "csi.storage.k8s.io/snapshotter-secret-namespace": "trident",
            },
            "labels": {"team": "storage"},
            "annotations": {"example.com/owner": "storage"},
        }
    ],
}


@pytest.fixture(scope="module")
def session(control_plane, kube_admin) -> KubeSession:
    return admin_session(control_plane, kube_admin)


def classes() -> list[dict[str, Any]]:
    return [o for o in render(load(SPEC)).objects if o["kind"] in ("StorageClass", "VolumeSnapshotClass")]


def test_classes_with_every_new_field_pass_server_side_dry_run(session: KubeSession, control_plane):
    objects = classes()
    assert len(objects) == 3
    assert_dry_run_keeps_everything(session, control_plane, objects)


def test_the_server_defaults_what_a_bare_class_leaves_out(session: KubeSession):
    bare = next(o for o in classes() if o["metadata"]["name"] == "bare")
    assert not {"reclaimPolicy", "volumeBindingMode", "allowVolumeExpansion", "parameters"} & set(bare)
    stored = session.apply(bare, dry_run=True)
    # pkg/apis/storage/v1/defaults.go: reclaimPolicy and volumeBindingMode only.
    assert (stored["reclaimPolicy"], stored["volumeBindingMode"]) == ("Delete", "Immediate")
    assert "allowVolumeExpansion" not in stored and "parameters" not in stored


def test_the_server_drops_empty_parameters(session: KubeSession):
    bare = next(o for o in classes() if o["metadata"]["name"] == "bare")
    stored = session.apply({**bare, "parameters": {}, "mountOptions": []}, dry_run=True)
    assert "parameters" not in stored and "mountOptions" not in stored


def test_a_snapshot_class_without_a_deletion_policy_is_refused(session: KubeSession):
    vsc = next(o for o in classes() if o["kind"] == "VolumeSnapshotClass")
    without = {k: v for k, v in vsc.items() if k != "deletionPolicy"}
    with pytest.raises(KubeError) as refused:
        session.apply(without, dry_run=True)
    assert refused.value.status == 422 and "deletionPolicy" in str(refused.value)
