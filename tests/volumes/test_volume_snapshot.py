"""tridentops.storage.volume_snapshot: take, wait for readyToUse, idempotence, check and diff, list, delete,
failures the snapshot controller reports, timeout, and a cluster without the snapshot CRDs."""

from __future__ import annotations

import pytest
from helpers import wait_until
from standin.controller import Scenario
from standin.crds import SNAPSHOT_CRDS, apply_crds

from .conftest import SNAPSHOT_CLASS, SNAPSHOTS, custom, make_claim, run_all

pytestmark = [pytest.mark.cluster, pytest.mark.usefixtures("volume_stack")]
NS = "vol-app"


@pytest.fixture(scope="module", autouse=True)
def claim(volume_stack, kube_admin):
    from kubernetes import client

    return make_claim(client.CoreV1Api(kube_admin), NS, "snap-src", "2Gi")


def snap(**args):
    return {"namespace": NS, "pvc": "snap-src", **args}


def test_snapshot_waits_until_ready_and_reports_tridents_handle(ansible, kube, claim):
    result = ansible.module("volume_snapshot", name="snap-1", **snap())
    assert result["changed"] and not result.get("failed"), result
    assert [(o["kind"], o["action"]) for o in result["objects"]] == [("VolumeSnapshot", "create")]
    taken = result["snapshot"]
    pv = claim["spec"]["volume_name"]
    assert taken["ready_to_use"] is True and taken["restore_size"] == "2Gi"
    assert taken["snapshot_class"] == SNAPSHOT_CLASS, "the default Trident class was chosen"
    vs = custom(kube, SNAPSHOTS, "volumesnapshots", NS, "snap-1")
    assert taken["snapshot_handle"] == f"{pv}/snapshot-{vs['metadata']['uid']}"
    assert taken["content_name"] == f"snapcontent-{vs['metadata']['uid']}"
    assert vs["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "tridentops"


def test_rerun_and_check_mode_write_nothing(ansible):
    with ansible.writes() as writes:
        again = ansible.module("volume_snapshot", name="snap-1", **snap())
        (checked,) = run_all(ansible, ("volume_snapshot", snap(name="snap-2")), check=True, diff=True)
    assert again["changed"] is False and again["snapshot"]["ready_to_use"] is True
    assert checked["changed"] is True and [o["action"] for o in checked["objects"]] == ["create"]
    assert "persistentVolumeClaimName: snap-src" in checked["diff"][0]["after"]
    assert "volumeSnapshotClassName: vol-snaps" in checked["diff"][0]["after"]
    assert writes.count == 0, writes.events


def test_refusals_name_the_problem_before_any_write(ansible):
    with ansible.writes() as writes:
        other_source, bad_class, bad_name = run_all(
            ansible,
            ("volume_snapshot", {"name": "snap-1", "namespace": NS, "pvc": "other"}),
            ("volume_snapshot", snap(name="snap-3", snapshot_class="nope")),
            ("volume_snapshot", {"name": "Snap_1", "namespace": NS, "pvc": "snap-src"}),
        )
    assert other_source["failed"] and other_source["msg"].startswith(
        f"VolumeSnapshot {NS}/snap-1 already exists as a snapshot of snap-src, not of PVC other"
    )
    assert bad_class["msg"] == "snapshot_class: VolumeSnapshotClass nope does not exist; nothing was changed"
    assert bad_name["msg"].startswith("invalid input, nothing was changed: name: 'Snap_1' is not a valid")
    assert writes.count == 0, writes.events


def test_list_reports_the_claims_snapshots_oldest_first(ansible):
    with ansible.writes() as writes:
        listed = ansible.module("volume_snapshot_info", namespace=NS, pvc="snap-src")
    assert listed["changed"] is False and writes.count == 0, writes.events
    assert [(s["name"], s["ready_to_use"]) for s in listed["snapshots"]] == [("snap-1", True)]


def test_a_failure_the_snapshotter_reports_fails_the_task_with_its_message(ansible, scenario: Scenario, claim):
    scenario.volume("snapshot", NS, "snap-bad", Scenario.failed("ONTAP snapshot limit reached"))
    result = ansible.module("volume_snapshot", name="snap-bad", **snap())
    assert result["failed"]
    assert result["msg"] == (
        f"VolumeSnapshot {NS}/snap-bad: Failed to check and update snapshot content: failed to take snapshot of the "
        f'volume {claim["spec"]["volume_name"]}: "rpc error: code = Internal desc = ONTAP snapshot limit reached"'
    )


def test_timeout_names_the_state_reported_last(ansible, scenario: Scenario):
    scenario.volume("snapshot", NS, "snap-slow", Scenario.HOLD)
    result = ansible.module("volume_snapshot", name="snap-slow", wait_timeout=2, **snap())
    assert result["msg"] == ("timed out after 2 s waiting for Trident (VolumeSnapshot snap-slow: not ready to use yet)")


def test_delete_waits_until_the_snapshot_and_its_content_are_gone(ansible, kube):
    content = custom(kube, SNAPSHOTS, "volumesnapshots", NS, "snap-1")["status"]["boundVolumeSnapshotContentName"]
    run_all(
        ansible,
        *(("volume_snapshot", {"name": n, "namespace": NS, "state": "absent"}) for n in ("snap-bad", "snap-slow")),
    )
    removed = ansible.module("volume_snapshot", name="snap-1", namespace=NS, state="absent")
    assert removed["changed"] and [o["action"] for o in removed["objects"]] == ["delete"]
    assert custom(kube, SNAPSHOTS, "volumesnapshots", NS, "snap-1") is None

    def contents() -> list:
        return kube["objects"].list_cluster_custom_object(SNAPSHOTS, "v1", "volumesnapshotcontents")["items"]

    wait_until(lambda: content not in [c["metadata"]["name"] for c in contents()], what="content deleted")
    with ansible.writes() as writes:
        again = ansible.module("volume_snapshot", name="snap-1", namespace=NS, state="absent")
    assert again["changed"] is False and writes.count == 0


def test_a_cluster_without_the_snapshot_crds_is_refused_before_any_write(ansible, kube_admin):
    from kubernetes import client

    extensions = client.ApiextensionsV1Api(kube_admin)
    extensions.delete_custom_resource_definition(f"volumesnapshots.{SNAPSHOTS}")

    def names() -> list[str]:
        return [c.metadata.name for c in extensions.list_custom_resource_definition().items]

    wait_until(lambda: f"volumesnapshots.{SNAPSHOTS}" not in names(), what="CRD gone")
    try:
        with ansible.writes() as writes:
            result = ansible.module("volume_snapshot", name="snap-4", **snap())
        assert result["msg"] == (
            "this cluster does not serve snapshot.storage.k8s.io/v1 VolumeSnapshot: install the CSI "
            "external-snapshotter's CRDs and snapshot controller (the cluster's, not Trident's); nothing was changed"
        )
        assert writes.count == 0, writes.events
    finally:
        apply_crds(kube_admin, SNAPSHOT_CRDS)
