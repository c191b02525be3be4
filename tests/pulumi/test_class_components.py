"""The class components declare a class with Trident 26.06's fields exactly as the Ansible side renders it."""

from __future__ import annotations

from typing import Any

from harness import keyed, kubernetes_objects, without_pulumi_annotations

from tridentops_pulumi import TridentSnapshotClass, TridentStorageClass
from tridentops_pulumi.spec.api import load, render

STORAGE_CLASS: dict[str, Any] = {
    "name": "smb-gold",
    "default": False,
    "attributes": {
        "backendType": "ontap-nas",
        "trident.netapp.io/nasType": "smb",
        "labels": "performance=gold",
    },
    "selector": "performance=gold",
    "required_storage": "nas:.*",
    "prefixed_parameters": ["selector"],
    "csi_parameters": {
        "csi.storage.k8s.io/node-stage-secret-name": "smbcreds",
        "csi.storage.k8s.io/node-stage-secret-namespace": "trident",
    },
    "allowed_topologies": [{"topology.kubernetes.io/zone": ["zone-a", "zone-b"]}],
    "selector_annotation": "performance=gold",
    "additional_storage_pools_annotation": "nas:.*",
    "autogrow_policy": "gold-growth",
    "smb_share_ad_user": "svc-k8s",
    "smb_share_ad_user_permission": "change",
    "labels": {"team": "storage"},
    "annotations": {"example.com/owner": "storage"},
}
SNAPSHOT_CLASS: dict[str, Any] = {
    "name": "snap",
    "default": False,
    "parameters": {"csi.storage.k8s.io/snapshotter-secret-name": "snap-secret"},
    "labels": {"team": "storage"},
    "annotations": {"example.com/owner": "storage"},
}


def classes_rendered_by_ansible(document: dict[str, Any]) -> list[dict[str, Any]]:
    stages = {stage.name: stage.objects for stage in render(load(document)).stages}
    return list(stages["classes"])


def test_a_storage_class_with_the_new_fields_is_declared_as_ansible_renders_it(any_mocks):
    registrations = any_mocks.run(lambda: TridentStorageClass("smb-gold", dict(STORAGE_CLASS)))  # type: ignore[arg-type]
    declared = keyed([without_pulumi_annotations(o) for o in kubernetes_objects(registrations)])
    (sc,) = classes_rendered_by_ansible({"storage_classes": [STORAGE_CLASS]})
    assert declared == keyed([sc])
    assert sc["metadata"]["annotations"]["trident.netapp.io/autogrowPolicy"] == "gold-growth"
    assert "reclaimPolicy" not in sc and sc["parameters"]["trident.netapp.io/selector"] == "performance=gold"


def test_a_snapshot_class_with_parameters_is_declared_as_ansible_renders_it(any_mocks):
    registrations = any_mocks.run(lambda: TridentSnapshotClass("snap", dict(SNAPSHOT_CLASS)))  # type: ignore[arg-type]
    declared = keyed([without_pulumi_annotations(o) for o in kubernetes_objects(registrations)])
    (vsc,) = classes_rendered_by_ansible({"snapshot_classes": [SNAPSHOT_CLASS]})
    assert declared == keyed([vsc])
    assert vsc["parameters"] == {"csi.storage.k8s.io/snapshotter-secret-name": "snap-secret"}
