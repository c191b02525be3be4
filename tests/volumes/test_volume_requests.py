"""The exact API requests the volume operations make on their main and refusal paths (no cluster).

A scripted API double answers each expected request in order; an extra or missing request fails the test.
Refusals must come after reads only: no PATCH, POST or DELETE.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from api_double import HOST, FakeConfiguration, ScriptedPool, listing, not_found, ok, watch

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import Connection
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils._ops.safety import Refusal
from ansible_collections.tridentops.storage.plugins.module_utils._ops.volumes import (
    clone,
    imports,
    mirror,
    resize,
    restore,
    snapshots,
)
from ansible_collections.tridentops.storage.plugins.module_utils._ops.volumes.common import quantity_bytes
from ansible_collections.tridentops.storage.plugins.module_utils.spec import checks
from ansible_collections.tridentops.storage.plugins.module_utils.spec.issues import SpecError

NS = "shop"
PVCS = f"/api/v1/namespaces/{NS}/persistentvolumeclaims"
SCS = "/apis/storage.k8s.io/v1/storageclasses"
VSS = f"/apis/snapshot.storage.k8s.io/v1/namespaces/{NS}/volumesnapshots"
VSCS = "/apis/snapshot.storage.k8s.io/v1/volumesnapshotcontents"
TASRS = f"/apis/trident.netapp.io/v1/namespaces/{NS}/tridentactionsnapshotrestores"
TMRS = f"/apis/trident.netapp.io/v1/namespaces/{NS}/tridentmirrorrelationships"
TBCS = "/apis/trident.netapp.io/v1/namespaces/trident/tridentbackendconfigs"
APPLY = "?fieldManager=tridentops&force=true"
UNSERVED = "the server could not find the requested resource"


def session(script: list[tuple[str, str, Any]]) -> tuple[KubeSession, ScriptedPool]:
    pool = ScriptedPool(script)
    return KubeSession(Connection(HOST, pool, FakeConfiguration())), pool


def refusal(script: list[tuple[str, str, Any]], ensure: Callable[[KubeSession], object]) -> str:
    """Run one operation against scripted reads: it must refuse after exactly those reads; return its message."""
    kube, pool = session(script)
    with pytest.raises(Refusal) as refused:
        ensure(kube)
    pool.assert_done()
    return str(refused.value)


def claim(name: str, size: str = "10Gi", sc: str = "gold", phase: str = "Bound", **meta: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": name, "namespace": NS, "resourceVersion": "7", **meta},
        "spec": {
            "storageClassName": sc,
            "accessModes": ["ReadWriteOnce"],
            "resources": {"requests": {"storage": size}},
        },
        "status": {"phase": phase, "capacity": {"storage": size}} if phase == "Bound" else {"phase": phase},
    }


def storage_class(name: str, expansion: bool = True) -> dict[str, Any]:
    return {"metadata": {"name": name}, "provisioner": "csi.trident.netapp.io", "allowVolumeExpansion": expansion}


def snapshot(name: str, pvc: str, created: str, uid: str = "u1") -> dict[str, Any]:
    return {
        "metadata": {"name": name, "namespace": NS, "uid": uid, "resourceVersion": "3"},
        "spec": {"source": {"persistentVolumeClaimName": pvc}, "volumeSnapshotClassName": "snaps"},
        "status": {
            "readyToUse": True,
            "creationTime": created,
            "boundVolumeSnapshotContentName": f"snapcontent-{uid}",
            "restoreSize": "10Gi",
        },
    }


def test_quantities_compare_by_bytes():
    assert quantity_bytes("1Gi") == quantity_bytes("1024Mi") == 2**30
    assert quantity_bytes("1.5G") == 1_500_000_000 and quantity_bytes("10x") is None


def test_a_shrink_is_refused_after_one_read():
    refused = refusal(
        [("GET", PVCS, listing("PersistentVolumeClaim", [claim("db", "20Gi")]))],
        lambda kube: resize.ensure(kube, resize.ResizeRequest(name="db", namespace=NS, size="10Gi")),
    )
    assert refused == (
        f"Kubernetes does not shrink volumes: 10Gi requested, 20Gi allocated to PersistentVolumeClaim {NS}/db; "
        "nothing was changed"
    )


def test_a_class_without_expansion_is_refused_naming_it():
    kube, pool = session(
        [
            ("GET", PVCS, listing("PersistentVolumeClaim", [claim("db")])),
            ("GET", SCS, listing("StorageClass", [storage_class("gold", expansion=False)])),
        ]
    )
    with pytest.raises(Refusal, match=r"^StorageClass gold does not allow volume expansion"):
        resize.ensure(kube, resize.ResizeRequest(name="db", namespace=NS, size="20Gi"))
    pool.assert_done()


def test_a_resize_is_one_merge_patch_of_the_request_then_a_watch_for_the_capacity():
    grown = claim("db", "20Gi")
    patched = {**claim("db", "10Gi"), "spec": grown["spec"]}
    patched["metadata"] = {**patched["metadata"], "resourceVersion": "8"}
    kube, pool = session(
        [
            ("GET", PVCS, listing("PersistentVolumeClaim", [claim("db")])),
            ("GET", SCS, listing("StorageClass", [storage_class("gold")])),
            ("PATCH", f"{PVCS}/db", ok(patched)),
            ("GET", PVCS, listing("PersistentVolumeClaim", [patched], version="8")),
            (
                "GET",
                f"{PVCS}?watch=1&resourceVersion=8",
                watch(("MODIFIED", {**grown, "metadata": {**grown["metadata"], "resourceVersion": "9"}})),
            ),
        ]
    )
    outcome = resize.ensure(kube, resize.ResizeRequest(name="db", namespace=NS, size="20Gi"))
    pool.assert_done()
    assert pool.bodies("PATCH") == [{"spec": {"resources": {"requests": {"storage": "20Gi"}}}}]
    assert outcome["changed"] and outcome["resize"] == {"from": "10Gi", "to": "20Gi", "message": "capacity 20Gi"}


def test_an_unserved_snapshot_api_is_refused_after_one_read():
    refused = refusal(
        [("GET", VSS, not_found(UNSERVED))],
        lambda kube: snapshots.ensure(kube, snapshots.SnapshotRequest(namespace=NS, name="s", pvc="db")),
    )
    assert "does not serve snapshot.storage.k8s.io/v1 VolumeSnapshot" in refused


def test_a_restore_from_an_older_snapshot_is_refused_naming_the_newer_one():
    older = snapshot("before", "db", "2026-07-01T10:00:00Z", uid="u1")
    newer = snapshot("after", "db", "2026-07-01T10:00:01Z", uid="u2")
    content = {"metadata": {"name": "snapcontent-u1"}, "status": {"readyToUse": True, "snapshotHandle": "pvc-1/s"}}
    kube, pool = session(
        [
            ("GET", VSS, listing("VolumeSnapshot", [older, newer])),
            ("GET", TASRS, listing("TridentActionSnapshotRestore", [])),
            ("GET", PVCS, listing("PersistentVolumeClaim", [claim("db")])),
            ("GET", f"{VSCS}/snapcontent-u1", ok(content)),
        ]
    )
    with pytest.raises(
        Refusal, match=r"^volume snapshot before is not the newest snapshot of PVC shop/db \(newer: after\)"
    ):
        restore.ensure(kube, restore.RestoreRequest(pvc="db", namespace=NS, snapshot="before"))
    pool.assert_done()


def test_a_rerun_of_a_restore_reports_the_earlier_action_without_writing():
    vs = snapshot("after", "db", "2026-07-01T10:00:01Z", uid="u2")
    name = restore.actions.action_name("restore", "db", NS, "db", "after", "u2")
    earlier = {
        "apiVersion": "trident.netapp.io/v1",
        "kind": "TridentActionSnapshotRestore",
        "metadata": {"name": name, "namespace": NS, "resourceVersion": "4"},
        "spec": {"pvcName": "db", "volumeSnapshotName": "after"},
        "status": {"state": "Succeeded", "message": "", "completionTime": "2026-07-01T10:01:00Z"},
    }
    kube, pool = session(
        [
            ("GET", VSS, listing("VolumeSnapshot", [vs])),
            ("GET", TASRS, listing("TridentActionSnapshotRestore", [earlier])),
            ("GET", TASRS, listing("TridentActionSnapshotRestore", [earlier])),
        ]
    )
    outcome = restore.ensure(kube, restore.RestoreRequest(pvc="db", namespace=NS, snapshot="after"))
    pool.assert_done()
    assert outcome["changed"] is False and outcome["restore"]["state"] == "Succeeded"


def test_an_import_from_a_backend_trident_has_not_bound_is_refused_with_its_message():
    tbc = {
        "metadata": {"name": "nas", "namespace": "trident"},
        "status": {"phase": "", "lastOperationStatus": "Failed", "message": "Failed to create backend: bad LIF"},
    }
    request = imports.ImportRequest(
        name="legacy", namespace=NS, volume="legacy_vol", backend="nas", storage_class="gold", size="5Gi"
    )
    refused = refusal(
        [("GET", TBCS, listing("TridentBackendConfig", [tbc]))], lambda kube: imports.ensure(kube, request)
    )
    assert refused == (
        "backend: Trident backend nas is not Bound (phase Unbound, last operation Failed: Failed to create backend: "
        "bad LIF): Trident cannot import from it; nothing was changed"
    )


def test_a_clone_smaller_than_its_source_is_refused_after_reads():
    kube, pool = session(
        [
            ("GET", PVCS, listing("PersistentVolumeClaim", [claim("db")])),
            ("GET", SCS, listing("StorageClass", [storage_class("gold")])),
            ("GET", "/api/v1/namespaces", listing("Namespace", [{"metadata": {"name": NS}}])),
        ]
    )
    with pytest.raises(Refusal, match=r"^size: 5Gi is smaller than the source \(10Gi\)"):
        clone.ensure(kube, clone.CloneRequest(name="copy", namespace=NS, source_pvc="db", size="5Gi"))
    pool.assert_done()


def test_invalid_mirror_input_is_reported_all_at_once_without_a_request():
    kube, pool = session([])
    request = mirror.MirrorRequest(
        name="m",
        namespace=NS,
        pvc="db",
        mirror_state="established",
        remote_volume_handle="svm-only",
        promoted_snapshot_handle="pvc-1/snap",
        update_snapshot_handle="nohandle",
    )
    with pytest.raises(SpecError) as invalid:
        mirror.ensure(kube, request)
    pool.assert_done()
    assert [str(i) for i in invalid.value.issues] == [
        "remote_volume_handle: 'svm-only' is not <svm>:<volume> "
        "(for example svm_dr:trident_pvc_3bedd23c_46a8_4384_b12b_3c38b313c1e1)",
        "promoted_snapshot_handle: only with mirror_state promoted (Trident rejects it otherwise)",
        "update_snapshot_handle: only with update: true",
    ]


def test_establishing_needs_the_remote_volume_unless_the_relationship_has_one():
    kube, pool = session([("GET", TMRS, listing("TridentMirrorRelationship", []))])
    with pytest.raises(SpecError) as invalid:
        mirror.ensure(kube, mirror.MirrorRequest(name="m", namespace=NS, pvc="db", mirror_state="established"))
    pool.assert_done()
    assert [str(i) for i in invalid.value.issues] == [
        "remote_volume_handle: required when mirror_state is established (the source volume), as "
        f"TridentMirrorRelationship {NS}/m has none"
    ]


def test_a_mirror_that_reaches_its_state_is_one_list_one_apply_one_watch():
    desired = {
        "apiVersion": "trident.netapp.io/v1",
        "kind": "TridentMirrorRelationship",
        "metadata": {"name": "m", "namespace": NS, "labels": {"app.kubernetes.io/managed-by": "tridentops"}},
        "spec": {"state": "promoted", "volumeMappings": [{"localPVCName": "db"}]},
    }
    applied = {**desired, "metadata": {**desired["metadata"], "resourceVersion": "20", "generation": 1}}
    promoted = {**applied, "metadata": {**applied["metadata"], "resourceVersion": "21"}}
    promoted["status"] = {"conditions": [{"state": "promoted", "localVolumeHandle": "svm:trident_pvc_1"}]}
    kube, pool = session(
        [
            ("GET", TMRS, listing("TridentMirrorRelationship", [])),
            ("PATCH", f"{TMRS}/m{APPLY}", ok(applied)),
            ("GET", TMRS, listing("TridentMirrorRelationship", [applied], version="20")),
            ("GET", f"{TMRS}?watch=1&resourceVersion=20", watch(("MODIFIED", promoted))),
        ]
    )
    outcome = mirror.ensure(kube, mirror.MirrorRequest(name="m", namespace=NS, pvc="db", mirror_state="promoted"))
    pool.assert_done()
    assert pool.bodies("PATCH") == [desired]
    assert outcome["mirror"]["state"] == "promoted" and outcome["mirror"]["local_volume_handle"] == "svm:trident_pvc_1"


TRIDENT_MISSING = (
    "Trident is not installed (install it first, e.g. with tridentops.storage.trident); nothing was changed"
)


@pytest.mark.parametrize(
    ("script", "ensure", "kind"),
    [
        pytest.param(
            [
                ("GET", VSS, listing("VolumeSnapshot", [snapshot("after", "db", "2026-07-01T10:00:01Z")])),
                ("GET", TASRS, not_found(UNSERVED)),
            ],
            lambda kube: restore.ensure(kube, restore.RestoreRequest(pvc="db", namespace=NS, snapshot="after")),
            "TridentActionSnapshotRestore",
            id="restore",
        ),
        pytest.param(
            [("GET", TMRS, not_found(UNSERVED))],
            lambda kube: mirror.ensure(
                kube, mirror.MirrorRequest(name="m", namespace=NS, pvc="db", mirror_state="promoted")
            ),
            "TridentMirrorRelationship",
            id="mirror",
        ),
        pytest.param(
            [("GET", "/apis/trident.netapp.io/v1/namespaces/ci/tridentvolumereferences", not_found(UNSERVED))],
            lambda kube: clone.ensure(
                kube, clone.CloneRequest(name="db", namespace="ci", source_pvc="db", source_namespace=NS)
            ),
            "TridentVolumeReference",
            id="clone into another namespace",
        ),
        pytest.param(
            [("GET", TBCS, not_found(UNSERVED))],
            lambda kube: imports.ensure(
                kube,
                imports.ImportRequest(
                    name="legacy", namespace=NS, volume="legacy_vol", backend="nas", storage_class="gold", size="5Gi"
                ),
            ),
            "TridentBackendConfig",
            id="import",
        ),
    ],
)
def test_a_request_on_a_cluster_without_tridents_crds_is_refused_after_reads_only(
    script: list[tuple[str, str, Any]], ensure: Callable[[KubeSession], object], kind: str
) -> None:
    assert refusal(script, ensure) == f"this cluster does not serve trident.netapp.io/v1 {kind}: {TRIDENT_MISSING}"


def test_a_restore_of_an_unbound_claim_is_refused_as_trident_would():
    refused = refusal(
        [
            ("GET", VSS, listing("VolumeSnapshot", [snapshot("after", "db", "2026-07-01T10:00:01Z")])),
            ("GET", TASRS, listing("TridentActionSnapshotRestore", [])),
            ("GET", PVCS, listing("PersistentVolumeClaim", [claim("db", phase="Pending")])),
        ],
        lambda kube: restore.ensure(kube, restore.RestoreRequest(pvc="db", namespace=NS, snapshot="after")),
    )
    assert refused == (f"PVC {NS}/db is not bound to a PV; Trident would refuse the restore; nothing was changed")


def test_a_restore_from_a_snapshot_not_ready_yet_is_refused_as_trident_would():
    cutting = snapshot("after", "db", "2026-07-01T10:00:01Z")
    cutting["status"] = {"readyToUse": False}
    refused = refusal(
        [
            ("GET", VSS, listing("VolumeSnapshot", [cutting])),
            ("GET", TASRS, listing("TridentActionSnapshotRestore", [])),
            ("GET", PVCS, listing("PersistentVolumeClaim", [claim("db")])),
        ],
        lambda kube: restore.ensure(kube, restore.RestoreRequest(pvc="db", namespace=NS, snapshot="after")),
    )
    assert refused == (
        f"volume snapshot {NS}/after is not bound and ready to use; Trident would refuse the restore; nothing was "
        "changed"
    )


# Every operation judges the object names it is given before any request: a namespace option (namespace,
# source_namespace, trident_namespace) must be a DNS label, any other name (a claim, a snapshot, a class) a DNS
# subdomain, and every problem is reported at once, in the order of the options.

# A valid DNS subdomain that is no DNS label (it has a dot): wrong only where a namespace is meant.
DOTTED = "team.a"
# Neither a label nor a subdomain (upper case, underscore).
BAD = "Bad_Name"

# operation, request class, its other options, its name options in the order they are judged
CASES: list[tuple[Any, Any, dict[str, Any], tuple[str, ...]]] = [
    (resize, resize.ResizeRequest, {"size": "1Gi"}, ("name", "namespace")),
    (restore, restore.RestoreRequest, {}, ("pvc", "namespace", "snapshot")),
    (snapshots, snapshots.SnapshotRequest, {}, ("namespace", "name", "pvc", "snapshot_class")),
    (mirror, mirror.MirrorRequest, {"mirror_state": "promoted"}, ("name", "namespace", "pvc")),
    (
        clone,
        clone.CloneRequest,
        {},
        ("name", "namespace", "source_namespace", "source_pvc", "source_snapshot", "storage_class"),
    ),
    (
        imports,
        imports.ImportRequest,
        {"volume": "vol1", "backend": "ontap", "size": "1Gi"},
        ("name", "namespace", "trident_namespace", "storage_class"),
    ),
]


def is_namespace(option: str) -> bool:
    return option in ("namespace", "source_namespace", "trident_namespace")


@pytest.mark.parametrize(
    ("operation", "request_class", "others", "names"), CASES, ids=lambda c: getattr(c, "__name__", "")
)
def test_names_are_judged_by_what_they_name_before_any_request(
    operation: Any, request_class: Any, others: dict[str, Any], names: tuple[str, ...]
) -> None:
    kube, pool = session([])
    # A dotted value everywhere: only the namespaces are wrong. A bad value everywhere: every name is.
    for value, wrong in ((DOTTED, [o for o in names if is_namespace(o)]), (BAD, list(names))):
        request = request_class(**others, **dict.fromkeys(names, value))
        with pytest.raises(SpecError) as invalid:
            operation.ensure(kube, request)
        expected = [
            f"{o}: {checks.dns_label(value) if is_namespace(o) else checks.dns_subdomain(value)}" for o in wrong
        ]
        assert [str(i) for i in invalid.value.issues] == expected
    pool.assert_done()


AUTOGROW = "trident.netapp.io/autogrowPolicy"
TAPS = "/apis/trident.netapp.io/v1/tridentautogrowpolicies"
BOUND_TBC = {
    "metadata": {"name": "nas", "namespace": "trident", "uid": "u-1"},
    "status": {
        "phase": "Bound",
        "lastOperationStatus": "Success",
        "backendInfo": {"backendName": "nas", "backendUUID": "b-1"},
    },
}


def planned_claim(result: dict[str, Any]) -> dict[str, Any]:
    import yaml

    claim_: dict[str, Any] = yaml.safe_load(result["diff"][0]["after"])
    return claim_


@pytest.mark.parametrize("policy", ["standard", "none", "None"])
def test_a_clone_names_its_autogrow_policy_in_the_pvc_annotation(policy: str):
    # A policy's name is checked against the kind the cluster serves; none (in any case) needs no policy.
    policies = [("GET", TAPS, listing("TridentAutogrowPolicy", []))] if policy == "standard" else []
    kube, pool = session(
        [
            ("GET", PVCS, listing("PersistentVolumeClaim", [claim("db")])),
            ("GET", SCS, listing("StorageClass", [storage_class("gold")])),
            *policies,
            ("GET", "/api/v1/namespaces", listing("Namespace", [{"metadata": {"name": NS}}])),
        ]
    )
    request = clone.CloneRequest(
        name="copy", namespace=NS, source_pvc="db", autogrow_policy=policy, check_mode=True, diff=True
    )
    planned = planned_claim(clone.ensure(kube, request))
    pool.assert_done()
    assert planned["metadata"]["annotations"] == {AUTOGROW: policy}


def test_an_import_names_its_autogrow_policy_in_the_pvc_annotation():
    kube, pool = session(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [BOUND_TBC])),
            ("GET", SCS, listing("StorageClass", [storage_class("gold")])),
            ("GET", TAPS, listing("TridentAutogrowPolicy", [])),
            ("GET", PVCS, listing("PersistentVolumeClaim", [])),
            ("GET", "/api/v1/persistentvolumeclaims", listing("PersistentVolumeClaim", [])),
        ]
    )
    request = imports.ImportRequest(
        name="legacy",
        namespace=NS,
        volume="legacy_vol",
        backend="nas",
        storage_class="gold",
        size="5Gi",
        autogrow_policy="standard",
        check_mode=True,
        diff=True,
    )
    planned = planned_claim(imports.ensure(kube, request))
    pool.assert_done()
    assert planned["metadata"]["annotations"][AUTOGROW] == "standard"


def test_an_autogrow_policy_trident_cannot_name_is_refused_before_any_request():
    kube, pool = session([])
    with pytest.raises(SpecError) as invalid:
        clone.ensure(kube, clone.CloneRequest(name="copy", namespace=NS, source_pvc="db", autogrow_policy="Gold Tier"))
    with pytest.raises(SpecError) as twice:
        clone.ensure(
            kube,
            clone.CloneRequest(
                name="copy", namespace=NS, source_pvc="db", autogrow_policy="gold", annotations={AUTOGROW: "silver"}
            ),
        )
    with pytest.raises(SpecError) as imported:
        imports.ensure(
            kube,
            imports.ImportRequest(
                name="legacy",
                namespace=NS,
                volume="legacy_vol",
                backend="nas",
                storage_class="gold",
                size="5Gi",
                autogrow_policy="gold_tier",
            ),
        )
    pool.assert_done()
    assert [str(i) for i in invalid.value.issues] == [
        "autogrow_policy: 'Gold Tier' is not a valid Kubernetes name (lower-case letters, digits, '-' and '.'; at "
        "most 253), nor 'none' (turns autogrow off)"
    ]
    assert [str(i) for i in twice.value.issues] == [
        f"autogrow_policy: 'gold' differs from annotations' {AUTOGROW}: 'silver'"
    ]
    assert str(imported.value.issues[0]).startswith("autogrow_policy: 'gold_tier' is not a valid")


def test_an_autogrow_policy_name_on_a_cluster_whose_trident_predates_26_02_is_refused_after_reads_only():
    """Before 26.02 no CRD serves TridentAutogrowPolicy, and no Trident would read the annotation."""
    unserved = ("GET", TAPS, not_found(UNSERVED))
    expected = (
        "autogrow_policy: this cluster does not serve trident.netapp.io/v1 TridentAutogrowPolicy: a policy needs "
        "Trident 26.02 or later, whose CRD registers it (upgrade Trident first, or leave autogrow_policy unset); "
        "nothing was changed"
    )
    cloned = refusal(
        [
            ("GET", PVCS, listing("PersistentVolumeClaim", [claim("db")])),
            ("GET", SCS, listing("StorageClass", [storage_class("gold")])),
            unserved,
        ],
        lambda kube: clone.ensure(
            kube, clone.CloneRequest(name="copy", namespace=NS, source_pvc="db", autogrow_policy="standard")
        ),
    )
    imported = refusal(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [BOUND_TBC])),
            ("GET", SCS, listing("StorageClass", [storage_class("gold")])),
            unserved,
        ],
        lambda kube: imports.ensure(
            kube,
            imports.ImportRequest(
                name="legacy",
                namespace=NS,
                volume="legacy_vol",
                backend="nas",
                storage_class="gold",
                size="5Gi",
                autogrow_policy="standard",
            ),
        ),
    )
    assert cloned == imported == expected
