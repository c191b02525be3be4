"""tridentops.storage.volume_import and volume_resize against the embedded control plane.

Import: Trident's annotations with the backend UUID resolved from the TridentBackendConfig, rename and
no-rename, idempotence, check mode, and the refusals (backend not Bound, unknown backend, a volume imported
twice). Resize: growth awaited in status.capacity, idempotence, check mode, shrink and class refusals, and a
resizer failure surfacing in the timeout.
"""

from __future__ import annotations

import pytest
from helpers import wait_until
from kubernetes import client
from standin.controller import Scenario, backend_uuid

from .conftest import BACKEND, FIXED, GOLD, TRIDENT, make_claim, run_all, warnings

pytestmark = [pytest.mark.cluster, pytest.mark.usefixtures("volume_stack")]
NS = "vol-app"
IMPORT = {"namespace": NS, "backend": "vol-nas", "storage_class": GOLD, "size": "5Gi"}


def backend_id(kube) -> str:
    tbc = kube["objects"].get_namespaced_custom_object(TRIDENT, "v1", "trident", "tridentbackendconfigs", "vol-nas")
    return backend_uuid(tbc["metadata"]["uid"])


def test_import_annotates_the_claim_and_waits_until_trident_imported_it(ansible, kube):
    renamed, kept = run_all(
        ansible,
        ("volume_import", {"name": "legacy", "volume": "legacy_vol", **IMPORT}),
        ("volume_import", {"name": "archive", "volume": "archive_vol", "managed": False, "rename": False, **IMPORT}),
    )
    assert not renamed.get("failed") and not kept.get("failed"), (renamed, kept)
    uuid = backend_id(kube)
    assert renamed["volume"] == {
        "backend": "vol-nas",
        "backend_uuid": uuid,
        "internal_name": "trident_" + renamed["pvc"]["volume_name"].replace("-", "_"),
        "managed": True,
    }
    assert kept["volume"]["internal_name"] == "archive_vol" and kept["pvc"]["phase"] == "Bound"
    notes = kube["core"].read_namespaced_persistent_volume_claim("archive", NS).metadata.annotations
    assert {k: v for k, v in notes.items() if k.startswith("trident.netapp.io/")} == {
        "trident.netapp.io/importOriginalName": "archive_vol",
        "trident.netapp.io/importBackendUUID": uuid,
        "trident.netapp.io/notManaged": "true",
        "trident.netapp.io/importNoRename": "true",
    }


def test_import_rerun_and_check_mode_write_nothing(ansible):
    with ansible.writes() as writes:
        (again,) = run_all(ansible, ("volume_import", {"name": "legacy", "volume": "legacy_vol", **IMPORT}))
        (checked,) = run_all(ansible, ("volume_import", {"name": "new", "volume": "new_vol", **IMPORT}), check=True)
    assert again["changed"] is False and again["pvc"]["phase"] == "Bound"
    assert checked["changed"] and [o["action"] for o in checked["objects"]] == ["create"]
    assert writes.count == 0, writes.events


def test_import_refusals(ansible, standin_scenario: Scenario):
    standin_scenario.backend("vol-held", Scenario.HOLD)
    held = ansible.module("backend", wait=False, **{**BACKEND, "name": "vol-held"})
    assert held["changed"], held
    calls = [
        ("volume_import", {"name": "a", "volume": "a_vol", **{**IMPORT, "backend": "vol-held"}}),
        ("volume_import", {"name": "b", "volume": "b_vol", **{**IMPORT, "backend": "nope"}}),
        ("volume_import", {"name": "c", "volume": "legacy_vol", **IMPORT}),
        ("volume_import", {"name": "d", "volume": "bad name", **{**IMPORT, "size": "lots"}}),
    ]
    with ansible.writes() as writes:
        not_bound, unknown, twice, invalid = run_all(ansible, *calls)
    assert not_bound["msg"] == (
        "backend: Trident backend vol-held is not Bound (phase Unbound, last operation none: no message): Trident "
        "cannot import from it; nothing was changed"
    )
    assert unknown["msg"] == (
        "backend: no Trident backend named nope in namespace trident (TridentBackendConfigs there: vol-held, "
        "vol-nas); nothing was changed"
    )
    assert twice["msg"] == (
        f"volume: legacy_vol on backend vol-nas is already imported by PVC {NS}/legacy; Trident manages a volume "
        "once; nothing was changed"
    )
    assert invalid["msg"].startswith("invalid input, nothing was changed: size: 'lots' is not a size")
    assert "volume: 'bad name' is not an ONTAP volume name" in invalid["msg"]
    assert writes.count == 0, writes.events
    ansible.module("backend", name="vol-held", state="absent")


def test_an_import_trident_does_not_finish_times_out_naming_the_claims_phase(ansible, scenario: Scenario):
    scenario.volume("pvc", NS, "held", Scenario.HOLD)
    result = ansible.module("volume_import", name="held", volume="held_vol", wait_timeout=2, **IMPORT)
    assert result["msg"] == "timed out after 2 s waiting for Trident (PersistentVolumeClaim held: phase Pending)"


@pytest.fixture(scope="module")
def growing(volume_stack, kube_admin):
    core = client.CoreV1Api(kube_admin)
    make_claim(core, NS, "grow", "1Gi")
    make_claim(core, NS, "fixed", "1Gi", sc=FIXED)


def test_resize_waits_for_the_new_capacity(ansible, kube, growing):
    result = ansible.module("volume_resize", name="grow", namespace=NS, size="3Gi")
    assert result["changed"] and not result.get("failed"), result
    assert result["resize"] == {"from": "1Gi", "to": "3Gi", "message": "capacity 3Gi"}
    assert result["pvc"]["capacity"] == "3Gi"
    pv = kube["core"].read_persistent_volume(result["pvc"]["volume_name"])
    assert pv.spec.capacity["storage"] == "3Gi"


def test_resize_rerun_and_check_mode_write_nothing(ansible, growing):
    with ansible.writes() as writes:
        (again,) = run_all(ansible, ("volume_resize", {"name": "grow", "namespace": NS, "size": "3072Mi"}))
        (checked,) = run_all(
            ansible, ("volume_resize", {"name": "grow", "namespace": NS, "size": "4Gi"}), check=True, diff=True
        )
    assert again["changed"] is False and again["objects"] == []
    assert checked["changed"] and checked["objects"][0]["fields"] == ["spec.resources.requests.storage"]
    assert "storage: 3Gi" in checked["diff"][0]["before"] and "storage: 4Gi" in checked["diff"][0]["after"]
    assert writes.count == 0, writes.events


def test_resize_refusals_say_why(ansible, growing):
    calls = [
        ("volume_resize", {"name": "grow", "namespace": NS, "size": "2Gi"}),
        ("volume_resize", {"name": "fixed", "namespace": NS, "size": "2Gi"}),
        ("volume_resize", {"name": "archive", "namespace": NS, "size": "10Gi"}),
        ("volume_resize", {"name": "missing", "namespace": NS, "size": "10Gi"}),
    ]
    with ansible.writes() as writes:
        shrink, fixed, unmanaged, missing = run_all(ansible, *calls)
    assert shrink["msg"] == (
        f"Kubernetes does not shrink volumes: 2Gi requested, 3Gi allocated to PersistentVolumeClaim {NS}/grow; "
        "nothing was changed"
    )
    assert fixed["msg"] == (
        f"StorageClass {FIXED} does not allow volume expansion (allowVolumeExpansion is not true), so Kubernetes "
        f"refuses to resize PersistentVolumeClaim {NS}/fixed; set allow_volume_expansion: true on the class "
        "(tridentops.storage.storage_class) first; nothing was changed"
    )
    assert unmanaged["msg"].startswith(f"PersistentVolumeClaim {NS}/archive is an unmanaged import")
    assert missing["msg"] == f"PersistentVolumeClaim {NS}/missing does not exist; nothing was changed"
    assert writes.count == 0, writes.events


def test_a_resizer_failure_shows_in_the_timeout(ansible, kube, growing, scenario: Scenario):
    scenario.volume("pvc", NS, "grow", Scenario.failed("not enough space in aggr1"))
    asked = ansible.module("volume_resize", name="grow", namespace=NS, size="5Gi", wait=False)
    assert asked["changed"] and not asked.get("failed"), asked
    # The rerun's wait then times out with the resizer's report already there, however slow the machine.
    wait_until(lambda: warnings(kube, "grow"), what="VolumeResizeFailed event")
    with ansible.writes() as writes:
        result = ansible.module("volume_resize", name="grow", namespace=NS, size="5Gi", wait_timeout=2)
    assert writes.count == 0, writes.events
    assert result["msg"].startswith(
        "timed out after 2 s waiting for Trident (PersistentVolumeClaim grow: capacity 3Gi); last warning event: "
        'VolumeResizeFailed: resize volume "pvc-'
    )
    assert result["msg"].endswith("rpc error: code = Unknown desc = not enough space in aggr1")
