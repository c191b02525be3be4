"""The exact API requests the stack runner makes on its main paths (no cluster: a scripted API double)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from api_double import HOST, FakeConfiguration, Response, ScriptedPool, created, listing, not_found, ok, watch

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import Connection
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.converge import LiveIndex, PartialRun, plan
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.wait import WaitError
from ansible_collections.tridentops.storage.plugins.module_utils._ops.safety import Refusal
from ansible_collections.tridentops.storage.plugins.module_utils._ops.stack import Options, StackRunner
from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render

TBCS = "/apis/trident.netapp.io/v1/namespaces/trident/tridentbackendconfigs"
SCS = "/apis/storage.k8s.io/v1/storageclasses"
CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
APPLY = "?fieldManager=tridentops&force=true"

SPEC = {
    "name": "unit",
    "trident": {"install_method": "external"},
    "backends": [
        {"name": "nas", "driver": "ontap-nas", "management_lif": "10.0.0.1", "credentials": {"name": "nas-secret"}}
    ],
    "storage_classes": [{"name": "gold", "default": True, "attributes": {"backendType": "ontap-nas"}}],
}


def fields_v1(obj: Any) -> Any:
    """managedFields' fieldsV1 for an object applied as a whole (maps only; lists are atomic here)."""
    if isinstance(obj, dict):
        return {f"f:{k}": fields_v1(v) for k, v in obj.items()}
    return {}


def live(obj: dict[str, Any], version: str, status: dict[str, Any] | None = None) -> dict[str, Any]:
    out = copy.deepcopy(obj)
    applied = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind")}
    out["metadata"]["resourceVersion"] = version
    out["metadata"]["managedFields"] = [{"manager": "tridentops", "operation": "Apply", "fieldsV1": fields_v1(applied)}]
    if status is not None:
        out["status"] = status
    return out


def runner(script: list, **options: Any) -> tuple[StackRunner, ScriptedPool]:
    pool = ScriptedPool(script)
    session = KubeSession(Connection(HOST, pool, FakeConfiguration()))
    spec = load(SPEC)
    return StackRunner(session, spec, render(spec), Options(**options)), pool


def rendered() -> dict[str, dict[str, Any]]:
    return {o["kind"]: o for o in render(load(SPEC)).objects}


BOUND = {"phase": "Bound", "lastOperationStatus": "Success", "message": "Backend 'nas' created"}
# What Trident reports on a backend it could not create (the operator retries it; the wait fails fast).
FAILED = {"phase": "", "lastOperationStatus": "Failed", "message": "Failed to create backend: 401 Unauthorized"}


def nothing_listed() -> list[tuple[str, str, Response]]:
    """A first run's reads: the cluster has no backend and no class of the stack yet."""
    return [("GET", TBCS, listing("TridentBackendConfig", [])), ("GET", SCS, listing("StorageClass", []))]


def test_first_run_lists_each_kind_once_then_applies_each_object_once():
    objects = rendered()
    run, pool = runner(
        [
            *nothing_listed(),
            ("PATCH", f"{TBCS}/nas{APPLY}", created(live(objects["TridentBackendConfig"], "11"))),
            ("PATCH", f"{SCS}/gold{APPLY}", created(live(objects["StorageClass"], "12"))),
        ],
        wait=False,
    )
    outcome = run.run()
    pool.assert_done()
    assert outcome.changed
    assert [c.action for c in outcome.changes] == ["create", "create"]
    assert pool.bodies("PATCH") == [objects["TridentBackendConfig"], objects["StorageClass"]]


def test_nothing_to_change_means_two_lists_and_no_write():
    objects = rendered()
    run, pool = runner(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [live(objects["TridentBackendConfig"], "5", BOUND)])),
            ("GET", SCS, listing("StorageClass", [live(objects["StorageClass"], "6")])),
        ],
        wait=False,
    )
    outcome = run.run()
    pool.assert_done()
    assert not outcome.changed


def test_a_field_the_spec_dropped_is_a_change_even_though_every_desired_value_matches():
    objects = rendered()
    before = copy.deepcopy(objects["TridentBackendConfig"])
    before["spec"]["dataLIF"] = "10.0.0.2"  # applied by an earlier run, no longer in the spec
    stale = live(before, "5", BOUND)
    run, pool = runner(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [stale])),
            ("GET", SCS, listing("StorageClass", [live(objects["StorageClass"], "6")])),
        ],
        check_mode=True,
    )
    outcome = run.run()
    pool.assert_done()
    assert [(c.key[3], c.action, c.paths) for c in outcome.changes if c.changed] == [
        ("nas", "update", ["spec.dataLIF"])
    ]


def test_check_mode_only_reads():
    run, pool = runner(
        [
            *nothing_listed(),
        ],
        check_mode=True,
    )
    outcome = run.run()
    pool.assert_done()
    assert outcome.changed and pool.bodies("PATCH") == []


def test_waits_watch_for_trident_crds_then_a_fresh_bound_status():
    objects = rendered()
    created = live(objects["TridentBackendConfig"], "11")
    established = {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "tridentbackendconfigs.trident.netapp.io", "resourceVersion": "3"},
        "status": {"conditions": [{"type": "Established", "status": "True"}]},
    }
    run, pool = runner(
        [
            *nothing_listed(),
            ("GET", CRDS, listing("CustomResourceDefinition", [established])),
            ("PATCH", f"{TBCS}/nas{APPLY}", ok(created)),
            ("GET", TBCS, listing("TridentBackendConfig", [created], version="11")),
            (
                "GET",
                f"{TBCS}?watch=1&resourceVersion=11",
                watch(("MODIFIED", live(objects["TridentBackendConfig"], "13", BOUND))),
            ),
            ("PATCH", f"{SCS}/gold{APPLY}", ok(live(objects["StorageClass"], "14"))),
        ],
        wait=True,
        wait_timeout=10,
    )
    outcome = run.run()
    pool.assert_done()
    assert outcome.backends == {
        "nas": {"phase": "Bound", "lastOperationStatus": "Success", "message": "Backend 'nas' created"}
    }


def backend_fails_after_apply(applied: Response) -> PartialRun:
    """A waited run whose backend is applied (``applied`` answers the write), then reported Failed by Trident."""
    failed = live(rendered()["TridentBackendConfig"], "12", FAILED)
    run, pool = runner(
        [
            *nothing_listed(),
            ("PATCH", f"{TBCS}/nas{APPLY}", applied),
            ("GET", TBCS, listing("TridentBackendConfig", [failed], version="12")),
        ],
        wait=True,
        wait_timeout=10,
        stages=("backends", "classes"),
    )
    with pytest.raises(PartialRun) as raised:
        run.run()
    pool.assert_done()  # the class stage was never applied
    assert isinstance(raised.value.cause, WaitError)
    return raised.value


def test_a_failure_trident_reports_stops_the_run_with_tridents_message():
    stopped = backend_fails_after_apply(ok(live(rendered()["TridentBackendConfig"], "11")))
    assert "Failed to create backend: 401 Unauthorized" in str(stopped)


def test_prune_refuses_a_backend_with_volumes_before_writing_anything():
    objects = rendered()
    orphan = live(
        {**objects["TridentBackendConfig"], "metadata": {**objects["TridentBackendConfig"]["metadata"], "name": "old"}},
        "7",
        {**BOUND, "backendInfo": {"backendName": "old", "backendUUID": "uuid-old"}},
    )
    volume = {"metadata": {"name": "pvc-1"}, "backendUUID": "uuid-old"}
    pv = {"metadata": {"name": "pvc-1"}, "spec": {"claimRef": {"namespace": "app", "name": "data"}}}
    run, pool = runner(
        [
            ("GET", TBCS, listing("TridentBackendConfig", [orphan])),
            ("GET", SCS, listing("StorageClass", [])),
            ("GET", "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses", listing("VolumeSnapshotClass", [])),
            ("GET", "/apis/trident.netapp.io/v1/namespaces/trident/tridentvolumes", listing("TridentVolume", [volume])),
            ("GET", "/api/v1/persistentvolumes", listing("PersistentVolume", [pv])),
        ],
        prune=True,
    )
    with pytest.raises(Refusal, match=r"TridentBackendConfig old still has 1 volume\(s\): pvc-1 \(app/data\)"):
        run.run()
    pool.assert_done()
    assert pool.bodies("PATCH") == [] and pool.bodies("DELETE") == []


def test_a_kind_the_cluster_does_not_serve_is_refused_before_any_write():
    spec = {**SPEC, "snapshot_classes": [{"name": "snaps"}]}
    pool = ScriptedPool(
        [
            *nothing_listed(),
            ("GET", "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses", not_found("404 page not found")),
        ]
    )
    session = KubeSession(Connection(HOST, pool, FakeConfiguration()))
    loaded = load(spec)
    with pytest.raises(Refusal, match=r"does not serve snapshot\.storage\.k8s\.io/v1 VolumeSnapshotClass"):
        StackRunner(session, loaded, render(loaded), Options()).run()
    pool.assert_done()


def test_a_key_removed_inside_an_item_of_an_owned_atomic_list_is_a_change():
    # Custom resources' lists are atomic: applying replaces them whole, so a label dropped from a virtual pool
    # must be planned as an update even though every desired value is still present in the live object.
    objects = rendered()
    before = copy.deepcopy(objects["TridentBackendConfig"])
    before["spec"]["storage"] = [{"labels": {"performance": "gold", "protection": "high"}}]
    desired = copy.deepcopy(objects["TridentBackendConfig"])
    desired["spec"]["storage"] = [{"labels": {"performance": "gold"}}]
    live_tbc = live(before, "5", BOUND)
    live_tbc["metadata"]["managedFields"][0]["fieldsV1"]["f:spec"]["f:storage"] = {}  # owned atomically
    index_pool = ScriptedPool([("GET", TBCS, listing("TridentBackendConfig", [live_tbc]))])
    session = KubeSession(Connection(HOST, index_pool, FakeConfiguration()))
    (change,) = plan(LiveIndex(session), [desired])
    assert (change.action, change.paths) == ("update", ["spec.storage[0].labels.protection"])
    index_pool.assert_done()


def test_server_defaults_inside_items_of_a_list_owned_by_key_are_not_a_change():
    # A Deployment's containers are keyed by name: the server fills defaults into each, which is no drift.
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "op", "namespace": "trident"},
        "spec": {"template": {"spec": {"containers": [{"name": "op", "image": "x:1"}]}}},
    }
    live_deployment = copy.deepcopy(deployment)
    live_deployment["spec"]["template"]["spec"]["containers"][0]["terminationMessagePath"] = "/dev/termination-log"
    live_deployment["metadata"]["resourceVersion"] = "7"
    live_deployment["metadata"]["managedFields"] = [
        {
            "manager": "tridentops",
            "operation": "Apply",
            "fieldsV1": {
                "f:spec": {
                    "f:template": {
                        "f:spec": {"f:containers": {'k:{"name":"op"}': {".": {}, "f:image": {}, "f:name": {}}}}
                    }
                }
            },
        }
    ]
    index_pool = ScriptedPool(
        [("GET", "/apis/apps/v1/namespaces/trident/deployments", listing("Deployment", [live_deployment]))]
    )
    session = KubeSession(Connection(HOST, index_pool, FakeConfiguration()))
    (change,) = plan(LiveIndex(session), [deployment])
    assert change.action == "unchanged"
