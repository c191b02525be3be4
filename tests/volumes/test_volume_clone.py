"""tridentops.storage.volume_clone: CSI clones in the source's namespace, Trident's cross-namespace clone with
its grant and TridentVolumeReference, idempotence, check mode, refusals, teardown, and the provisioner's
failure surfacing in a timeout."""

from __future__ import annotations

import pytest
from helpers import wait_until
from kubernetes import client
from standin.controller import Scenario

from .conftest import FIXED, GOLD, SNAPSHOTS, TRIDENT, custom, make_claim, run_all, warnings

pytestmark = [pytest.mark.cluster, pytest.mark.usefixtures("volume_stack")]
NS = "vol-app"
CI = "vol-ci-7"
GRANT = "trident.netapp.io/cloneToNamespace"


@pytest.fixture(scope="module", autouse=True)
def source(volume_stack, kube_admin):
    return make_claim(client.CoreV1Api(kube_admin), NS, "db", "1Gi")


def test_a_clone_of_a_claim_waits_until_bound(ansible, kube):
    result = ansible.module("volume_clone", name="db-copy", namespace=NS, source_pvc="db")
    assert result["changed"] and not result.get("failed"), result
    assert [(o["kind"], o["action"]) for o in result["objects"]] == [("PersistentVolumeClaim", "create")]
    pvc = result["pvc"]
    assert (pvc["phase"], pvc["storage_class"], pvc["request"], pvc["capacity"]) == ("Bound", GOLD, "1Gi", "1Gi")
    live = kube["core"].read_namespaced_persistent_volume_claim("db-copy", NS)
    assert (live.spec.data_source.kind, live.spec.data_source.name) == ("PersistentVolumeClaim", "db")
    pv = kube["core"].read_persistent_volume(pvc["volume_name"])
    source_pv = kube["core"].read_namespaced_persistent_volume_claim("db", NS).spec.volume_name
    volume = kube["objects"].get_namespaced_custom_object(TRIDENT, "v1", "trident", "tridentvolumes", pv.metadata.name)
    assert volume["config"]["cloneSourceVolume"] == source_pv
    assert pv.spec.csi.volume_attributes["internalName"] == "trident_" + pv.metadata.name.replace("-", "_")


def test_rerun_writes_nothing_and_check_mode_only_predicts(ansible):
    ansible.module("volume_snapshot", name="db-snap", namespace=NS, pvc="db")
    restored = {"name": "db-restored", "namespace": NS, "source_snapshot": "db-snap", "size": "2Gi"}
    with ansible.writes() as writes:
        again = ansible.module("volume_clone", name="db-copy", namespace=NS, source_pvc="db")
        (checked,) = run_all(ansible, ("volume_clone", restored), check=True, diff=True)
    assert again["changed"] is False and again["pvc"]["phase"] == "Bound"
    assert checked["changed"] and "kind: VolumeSnapshot" in checked["diff"][0]["after"]
    assert "storage: 2Gi" in checked["diff"][0]["after"]
    assert writes.count == 0, writes.events


def test_a_clone_of_a_snapshot_in_its_namespace_is_made_from_the_snapshot_and_may_be_larger(ansible, kube):
    result = ansible.module("volume_clone", name="db-restored", namespace=NS, source_snapshot="db-snap", size="2Gi")
    assert result["changed"] and not result.get("failed"), result
    assert (result["pvc"]["phase"], result["pvc"]["capacity"]) == ("Bound", "2Gi")
    live = kube["core"].read_namespaced_persistent_volume_claim("db-restored", NS)
    assert (live.spec.data_source.api_group, live.spec.data_source.kind, live.spec.data_source.name) == (
        "snapshot.storage.k8s.io",
        "VolumeSnapshot",
        "db-snap",
    )
    vs = custom(kube, SNAPSHOTS, "volumesnapshots", NS, "db-snap")
    volume = custom(kube, TRIDENT, "tridentvolumes", "trident", result["pvc"]["volume_name"])
    assert volume is not None
    assert volume["config"]["cloneSourceSnapshot"] == f"snapshot-{vs['metadata']['uid']}"


def test_refusals_say_why_before_any_write(ansible):
    calls = [
        ("volume_clone", {"name": "small", "namespace": NS, "source_pvc": "db", "size": "512Mi"}),
        ("volume_clone", {"name": "other-class", "namespace": NS, "source_pvc": "db", "storage_class": FIXED}),
        ("volume_clone", {"name": "ghost", "namespace": NS, "source_pvc": "missing"}),
        ("volume_clone", {"name": "db", "namespace": "vol-nowhere", "source_pvc": "db", "source_namespace": NS}),
        (
            "volume_clone",
            {"name": "ro", "namespace": CI, "source_pvc": "db", "source_namespace": NS, "read_only": True},
        ),
        ("volume_clone", {"name": "db-copy", "namespace": NS, "source_snapshot": "db-snap"}),
    ]
    with ansible.writes() as writes:
        small, other_class, ghost, nowhere, read_only, taken = run_all(ansible, *calls)
    assert small["msg"] == (
        "size: 512Mi is smaller than the source (1Gi): a clone is at least as large as what it is cloned from; "
        "nothing was changed"
    )
    assert other_class["msg"].startswith(
        f"storage_class: a CSI clone of a PVC uses the source's StorageClass ({GOLD}), not {FIXED}"
    )
    assert ghost["msg"] == f"source_pvc: PersistentVolumeClaim {NS}/missing does not exist; nothing was changed"
    assert nowhere["msg"].startswith("namespace vol-nowhere does not exist; create it first")
    assert read_only["msg"] == (
        "invalid input, nothing was changed: read_only: Trident does not make read-only clones into another namespace"
    )
    assert taken["msg"].startswith(
        f"PersistentVolumeClaim {NS}/db-copy already exists and is not a clone of VolumeSnapshot {NS}/db-snap"
    )
    assert writes.count == 0, writes.events


def test_a_clone_into_another_namespace_is_granted_referenced_and_annotated(ansible, kube):
    # The same task twice: the second run must find everything in place.
    task = {
        "name": "db",
        "namespace": CI,
        "create_namespace": True,
        "source_snapshot": "db-snap",
        "source_namespace": NS,
    }
    result = ansible.module("volume_clone", **task)
    assert not result.get("failed"), result
    assert [(o["kind"], o.get("namespace", ""), o["action"]) for o in result["objects"]] == [
        ("Namespace", "", "create"),
        ("PersistentVolumeClaim", NS, "update"),
        ("TridentVolumeReference", CI, "create"),
        ("PersistentVolumeClaim", CI, "create"),
    ]
    assert result["pvc"]["phase"] == "Bound"
    assert kube["core"].read_namespaced_persistent_volume_claim("db", NS).metadata.annotations[GRANT] == CI
    reference = custom(kube, TRIDENT, "tridentvolumereferences", CI, f"{NS}.db")
    assert reference["spec"] == {"pvcName": "db", "pvcNamespace": NS}
    clone = kube["core"].read_namespaced_persistent_volume_claim("db", CI)
    assert clone.spec.data_source is None
    assert {k: v for k, v in clone.metadata.annotations.items() if k.startswith("trident.netapp.io/")} == {
        "trident.netapp.io/cloneFromPVC": "db",
        "trident.netapp.io/cloneFromSnapshot": "db-snap",
        "trident.netapp.io/cloneFromNamespace": NS,
    }
    with ansible.writes() as writes:
        again = ansible.module("volume_clone", **task)
    assert again["changed"] is False and writes.count == 0, writes.events


def test_teardown_undoes_the_grant_and_deletes_the_namespace_it_made(ansible, kube):
    refused = ansible.module("volume_clone", name="db-copy", namespace=NS, state="absent", delete_namespace=True)
    assert refused["msg"].startswith(f"delete_namespace: namespace {NS} was not created by tridentops")
    result = ansible.module("volume_clone", name="db", namespace=CI, state="absent", delete_namespace=True)
    assert not result.get("failed"), result
    assert [(o["kind"], o["action"]) for o in result["objects"]] == [
        ("PersistentVolumeClaim", "delete"),
        ("TridentVolumeReference", "delete"),
        ("PersistentVolumeClaim", "update"),
        ("Namespace", "delete"),
    ]
    assert GRANT not in (kube["core"].read_namespaced_persistent_volume_claim("db", NS).metadata.annotations or {})
    assert CI not in [n.metadata.name for n in kube["core"].list_namespace().items]
    gone = ansible.module("volume_clone", name="db-copy", namespace=NS, state="absent")
    assert [o["action"] for o in gone["objects"]] == ["delete"]


def test_a_provisioning_failure_shows_in_the_timeout_with_the_provisioners_event(ansible, kube, scenario: Scenario):
    scenario.volume("pvc", NS, "db-broken", Scenario.failed("aggregate aggr1 is full"))
    asked = ansible.module("volume_clone", name="db-broken", namespace=NS, source_pvc="db", wait=False)
    assert asked["changed"] and not asked.get("failed"), asked
    # The rerun's wait then times out with the provisioner's report already there, however slow the machine.
    wait_until(lambda: warnings(kube, "db-broken"), what="ProvisioningFailed event")
    result = ansible.module("volume_clone", name="db-broken", namespace=NS, source_pvc="db", wait_timeout=2)
    assert result["msg"] == (
        "timed out after 2 s waiting for Trident (PersistentVolumeClaim db-broken: phase Pending); last warning "
        f'event: ProvisioningFailed: failed to provision volume with StorageClass "{GOLD}": aggregate aggr1 is full'
    )
