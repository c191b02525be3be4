"""tridentops.storage.snapshot_restore and mirror_relationship against the embedded control plane.

Restore: Trident's preconditions checked first (newest snapshot, bound claim), the one-shot action awaited,
a rerun reporting the earlier outcome without a second action, an earlier failure explained, the timeout.
Mirror: source promoted, destination established with an on-demand update, invalid input and changes
Trident forbids refused, the failed state's message, failover, deletion.
"""

from __future__ import annotations

import pytest
from kubernetes import client
from standin.controller import Scenario

from .conftest import PAUSE, TRIDENT, custom, make_claim, mirror_destination_claim, run_all

pytestmark = [pytest.mark.cluster, pytest.mark.usefixtures("volume_stack")]
NS = "vol-app"
DR = "vol-dr"


@pytest.fixture(scope="module", autouse=True)
def claims(volume_stack, kube_admin):
    core = client.CoreV1Api(kube_admin)
    make_claim(core, NS, "restore-me", "1Gi")
    make_claim(core, NS, "primary", "1Gi")


def actions(kube) -> list[str]:
    listed = kube["objects"].list_namespaced_custom_object(TRIDENT, "v1", NS, "tridentactionsnapshotrestores")
    return sorted(a["metadata"]["name"] for a in listed["items"])


def test_only_the_newest_snapshot_is_restored_and_a_rerun_reports_the_same_action(ansible, kube):
    snap = {"namespace": NS, "pvc": "restore-me"}
    run_all(
        ansible, ("volume_snapshot", {"name": "rs-old", **snap}), PAUSE, ("volume_snapshot", {"name": "rs-new", **snap})
    )
    restore_old = {"pvc": "restore-me", "namespace": NS, "snapshot": "rs-old"}
    restore_new = {"pvc": "restore-me", "namespace": NS, "snapshot": "rs-new"}
    with ansible.writes() as writes:
        old, checked = run_all(
            ansible, ("snapshot_restore", restore_old), ("snapshot_restore", restore_new), check=True, diff=True
        )
    assert old["msg"] == (
        f"volume snapshot rs-old is not the newest snapshot of PVC {NS}/restore-me (newer: rs-new): Trident restores "
        "only the newest snapshot in place. Clone the older snapshot instead (tridentops.storage.volume_clone), or "
        "delete the newer snapshots first; nothing was changed"
    )
    assert checked["changed"] and [o["action"] for o in checked["objects"]] == ["create"]
    assert "pvcName: restore-me" in checked["diff"][0]["after"]
    assert "volumeSnapshotName: rs-new" in checked["diff"][0]["after"]
    assert writes.count == 0, writes.events
    with ansible.writes() as writes:
        restored, again = run_all(ansible, ("snapshot_restore", restore_new), ("snapshot_restore", restore_new))
    assert restored["changed"] and restored["restore"]["state"] == "Succeeded", restored
    assert restored["restore"]["name"].startswith("restore-restore-me-")
    assert again["changed"] is False and again["restore"] == restored["restore"]
    assert writes.count == 1, "one action created; the rerun only read it"
    assert actions(kube) == [restored["restore"]["name"]]


def test_restore_failure_and_timeout(ansible, kube, scenario: Scenario):
    ansible.module("volume_snapshot", name="rs-latest", namespace=NS, pvc="restore-me")
    request = {"pvc": "restore-me", "namespace": NS, "snapshot": "rs-latest"}
    name = ansible.module("snapshot_restore", check=True, **request)["objects"][0]["name"]
    scenario.volume("tasr", NS, name, Scenario.failed("SnapRestore failed: volume is busy"))
    failed, again = run_all(ansible, ("snapshot_restore", request), ("snapshot_restore", request))
    assert failed["msg"] == f"TridentActionSnapshotRestore {NS}/{name} Failed: SnapRestore failed: volume is busy"
    assert again["msg"] == (
        f"an earlier identical request already ran and ended so: TridentActionSnapshotRestore {NS}/{name} Failed: "
        f"SnapRestore failed: volume is busy; delete TridentActionSnapshotRestore {NS}/{name} to ask Trident again"
    )
    kube["objects"].delete_namespaced_custom_object(TRIDENT, "v1", NS, "tridentactionsnapshotrestores", name)
    scenario.volume("tasr", NS, name, Scenario.HOLD)
    slow = ansible.module("snapshot_restore", wait_timeout=2, **request)
    assert slow["msg"] == (
        f"timed out after 2 s waiting for Trident (TridentActionSnapshotRestore {name}: not started by Trident yet)"
    )


# -- mirror --------------------------------------------------------------------------------------------------


def test_the_source_is_promoted_and_reports_its_volume_handle(ansible, kube):
    result = ansible.module("mirror_relationship", name="primary", namespace=NS, pvc="primary", mirror_state="promoted")
    assert result["changed"] and not result.get("failed"), result
    mirror = result["mirror"]
    pv = kube["core"].read_namespaced_persistent_volume_claim("primary", NS).spec.volume_name
    assert mirror["state"] == "promoted" and mirror["local_volume_handle"] == f"svm_vol:trident_{pv.replace('-', '_')}"
    tmr = custom(kube, TRIDENT, "tridentmirrorrelationships", NS, "primary")
    assert tmr["spec"] == {"state": "promoted", "volumeMappings": [{"localPVCName": "primary"}]}
    assert tmr["metadata"]["finalizers"] == ["trident.netapp.io"]


def test_the_destination_establishes_and_updates_once_per_request(ansible, kube, kube_admin):
    source = ansible.module("mirror_relationship", name="primary", namespace=NS, pvc="primary", mirror_state="promoted")
    handle = source["mirror"]["local_volume_handle"]
    core = client.CoreV1Api(kube_admin)
    mirror_destination_claim(core, DR, "replica")
    destination = {
        "name": "replica",
        "namespace": DR,
        "pvc": "replica",
        "mirror_state": "established",
        "remote_volume_handle": handle,
    }
    result = ansible.module("mirror_relationship", update=True, update_key="run-1", **destination)
    assert not result.get("failed"), result
    assert [(o["kind"], o["action"]) for o in result["objects"]] == [
        ("TridentMirrorRelationship", "create"),
        ("TridentActionMirrorUpdate", "create"),
    ]
    assert result["mirror"]["state"] == "established" and result["mirror"]["remote_volume_handle"] == handle
    assert result["mirror"]["replication_policy"] == "MirrorAllSnapshots"
    assert result["update"]["state"] == "Succeeded" and result["update"]["remote_volume_handle"] == handle
    with ansible.writes() as writes:
        (again,) = run_all(ansible, ("mirror_relationship", {"update": True, "update_key": "run-1", **destination}))
        (next_one,) = run_all(
            ansible,
            ("mirror_relationship", {"update": True, "update_key": "run-2", **destination}),
            check=True,
            diff=True,
        )
    assert again["changed"] is False and again["update"] == result["update"]
    assert [(o["kind"], o["action"]) for o in next_one["objects"]] == [
        ("TridentMirrorRelationship", "unchanged"),
        ("TridentActionMirrorUpdate", "create"),
    ]
    (update_diff,) = next_one["diff"]
    assert "tridentMirrorRelationshipName: replica" in update_diff["after"], update_diff
    assert writes.count == 0, writes.events


def test_mirror_refusals(ansible):
    base = {"name": "replica", "namespace": DR, "pvc": "replica"}
    calls = [
        ("mirror_relationship", {**base, "mirror_state": "established", "remote_volume_handle": "no-colon"}),
        ("mirror_relationship", {**base, "mirror_state": "established", "promoted_snapshot_handle": "pvc-1/snap-1"}),
        ("mirror_relationship", {**base, "mirror_state": "reestablished", "remote_volume_handle": "svm_x:other"}),
        ("mirror_relationship", {**base, "pvc": "other", "mirror_state": "promoted"}),
        ("mirror_relationship", {**base, "mirror_state": "promoted", "update": True}),
    ]
    with ansible.writes() as writes:
        bad_handle, snapshot_handle, remote_changed, pvc_changed, update_promoted = run_all(ansible, *calls)
    assert bad_handle["msg"].startswith(
        "invalid input, nothing was changed: remote_volume_handle: 'no-colon' is not <svm>:<volume>"
    )
    assert snapshot_handle["msg"] == (
        "invalid input, nothing was changed: promoted_snapshot_handle: only with mirror_state promoted (Trident "
        "rejects it otherwise)"
    )
    assert remote_changed["msg"].startswith(
        f"remote_volume_handle: TridentMirrorRelationship {DR}/replica mirrors svm_vol:trident_pvc_"
    )
    assert pvc_changed["msg"].startswith(f"pvc: TridentMirrorRelationship {DR}/replica maps PVC replica")
    assert update_promoted["msg"].startswith("invalid input, nothing was changed: update: an on-demand update runs")
    assert writes.count == 0, writes.events


def test_a_failed_state_and_a_timeout_carry_tridents_report(ansible, scenario: Scenario):
    scenario.volume("tmr", NS, "broken", Scenario.failed("Could not establish mirror"))
    scenario.volume("tmr", NS, "slow", Scenario.HOLD)
    failed, slow = run_all(
        ansible,
        ("mirror_relationship", {"name": "broken", "namespace": NS, "pvc": "primary", "mirror_state": "promoted"}),
        (
            "mirror_relationship",
            {"name": "slow", "namespace": NS, "pvc": "primary", "mirror_state": "promoted", "wait_timeout": 2},
        ),
    )
    assert failed["msg"] == f"TridentMirrorRelationship {NS}/broken is failed: Could not establish mirror"
    assert slow["msg"] == (
        "timed out after 2 s waiting for Trident (TridentMirrorRelationship slow: state no state reported yet "
        "(want promoted))"
    )
    removed = run_all(
        ansible,
        *(("mirror_relationship", {"name": n, "namespace": NS, "state": "absent"}) for n in ("broken", "slow")),
    )
    assert [r["objects"][0]["action"] for r in removed] == ["delete", "delete"]


def test_failover_promotes_the_destination(ansible, kube):
    result = ansible.module("mirror_relationship", name="replica", namespace=DR, pvc="replica", mirror_state="promoted")
    assert result["mirror"]["state"] == "promoted", result
    assert custom(kube, TRIDENT, "tridentmirrorrelationships", DR, "replica")["spec"]["state"] == "promoted"
