"""tridentops.storage.backend (and info) against the embedded control plane, with the Trident stand-in."""

from __future__ import annotations

import base64

import pytest
from helpers import GROUP, reset_trident, wait_until
from standin.controller import Scenario, backend_uuid

pytestmark = pytest.mark.cluster
NS = "trident"
NAS = {
    "name": "nas",
    "driver": "ontap-nas",
    "management_lif": "10.0.0.1",
    "data_lif": "10.0.0.2",
    "svm": "svm_nfs",
    "credentials": {"username": "vsadmin", "password": "S3cret-pw-1"},
    "virtual_pools": [{"labels": {"performance": "gold"}}],
}


@pytest.fixture(scope="module", autouse=True)
def trident(ansible, standin, kube_admin):
    reset_trident(kube_admin)
    installed = ansible.module("trident", version="26.06.0")
    assert installed.get("trident", {}).get("status") == "Installed", installed
    yield
    ansible.module("trident", state="absent", purge=True, force=True)
    reset_trident(kube_admin)


def tbc(kube, name: str = "nas") -> dict:
    return kube["objects"].get_namespaced_custom_object(GROUP, "v1", NS, "tridentbackendconfigs", name)


def test_create_renders_the_secret_and_waits_until_trident_binds_the_backend(ansible, kube):
    result = ansible.module("backend", **NAS)
    assert result["changed"] and not result.get("failed"), result
    assert [(o["kind"], o["action"]) for o in result["objects"]] == [
        ("Secret", "create"),
        ("TridentBackendConfig", "create"),
    ]
    assert result["backends"]["nas"] == {
        "phase": "Bound",
        "lastOperationStatus": "Success",
        "message": "Backend 'nas' created",
    }
    secret = kube["core"].read_namespaced_secret("nas-credentials", NS)
    assert base64.b64decode(secret.data["password"]).decode() == "S3cret-pw-1"
    assert tbc(kube)["spec"]["credentials"] == {"name": "nas-credentials"}
    assert "S3cret-pw-1" not in str(result)


def test_second_run_changes_nothing_and_writes_nothing(ansible):
    with ansible.writes() as writes:
        result = ansible.module("backend", **NAS)
    assert result["changed"] is False
    assert writes.count == 0, writes.events


def test_check_mode_reports_the_change_and_writes_nothing(ansible, kube):
    with ansible.writes() as writes:
        result = ansible.module("backend", check=True, **{**NAS, "data_lif": "10.0.0.3"})
    assert result["changed"] is True
    assert [o["fields"] for o in result["objects"] if o["action"] == "update"] == [["spec.dataLIF"]]
    assert writes.count == 0, writes.events
    assert tbc(kube)["spec"]["dataLIF"] == "10.0.0.2"


def test_diff_shows_the_changed_fields_and_masks_secrets(ansible):
    result = ansible.module(
        "backend",
        check=True,
        diff=True,
        **{**NAS, "data_lif": "10.0.0.3", "credentials": {"username": "vsadmin", "password": "N3w-pw-2"}},
    )
    diffs = {d["after_header"]: d for d in result["diff"]}
    tbc_diff = diffs["TridentBackendConfig trident/nas"]
    assert "dataLIF: 10.0.0.2" in tbc_diff["before"] and "dataLIF: 10.0.0.3" in tbc_diff["after"]
    secret_diff = diffs["Secret trident/nas-credentials"]
    assert "password: '********'" in secret_diff["before"]
    assert "(changed)" in secret_diff["after"] and "username: '********'" in secret_diff["after"]
    for text in ("N3w-pw-2", "S3cret-pw-1", base64.b64encode(b"N3w-pw-2").decode()):
        assert text not in str(result)


def test_bad_input_fails_before_any_write_naming_every_option(ansible):
    with ansible.writes() as writes:
        result = ansible.module(
            "backend", **{**NAS, "driver": "ontap-nass", "limits": {"qtrees_per_flexvol": 20}, "san_type": "iscsi"}
        )
    assert result["failed"]
    assert result["msg"].startswith("invalid input, nothing was changed: ")
    assert "driver: 'ontap-nass' is not one of" in result["msg"]
    assert "limits.qtrees_per_flexvol: 20 is out of range; Trident accepts 50 to 300" in result["msg"]
    assert writes.count == 0


def test_update_is_a_patch_and_waits_for_tridents_fresh_status(ansible, kube):
    uid = tbc(kube)["metadata"]["uid"]
    result = ansible.module("backend", **{**NAS, "data_lif": "10.0.0.3"})
    assert result["changed"] and result["backends"]["nas"]["message"] == "Backend 'nas' updated"
    assert tbc(kube)["metadata"]["uid"] == uid, "never deleted and re-created"
    assert tbc(kube)["spec"]["dataLIF"] == "10.0.0.3"


def test_rotating_credentials_updates_only_the_secret(ansible, kube):
    generation = tbc(kube)["metadata"]["generation"]
    result = ansible.module(
        "backend", **{**NAS, "data_lif": "10.0.0.3", "credentials": {"username": "vsadmin", "password": "R0tated-3"}}
    )
    assert [(o["kind"], o["action"]) for o in result["objects"]] == [("Secret", "update")]
    assert result["unchanged"] == 1
    assert result["backends"]["nas"]["phase"] == "Bound"
    secret = kube["core"].read_namespaced_secret("nas-credentials", NS)
    assert base64.b64decode(secret.data["password"]).decode() == "R0tated-3"
    # The TridentBackendConfig itself was not written: Trident re-reads the Secret on its own.
    assert tbc(kube)["spec"]["credentials"] == {"name": "nas-credentials"}
    assert tbc(kube)["metadata"]["generation"] == generation


def test_a_label_dropped_from_a_virtual_pool_is_removed(ansible, kube):
    # The storage list of a TridentBackendConfig is atomic: the drop must be seen and applied, then settle.
    two_labels = {**NAS, "name": "pools", "virtual_pools": [{"labels": {"performance": "gold", "tier": "x"}}]}
    assert ansible.module("backend", **two_labels)["changed"]
    one_label = {**two_labels, "virtual_pools": [{"labels": {"performance": "gold"}}]}
    result = ansible.module("backend", **one_label)
    assert result["changed"] and [o["fields"] for o in result["objects"]] == [["spec.storage[0].labels.tier"]]
    assert tbc(kube, "pools")["spec"]["storage"] == [{"labels": {"performance": "gold"}}]
    with ansible.writes() as writes:
        assert ansible.module("backend", **one_label)["changed"] is False
    assert writes.count == 0
    assert ansible.module("backend", name="pools", state="absent")["changed"]


def test_a_failure_trident_reports_fails_the_task_with_tridents_message(ansible, standin_scenario: Scenario):
    standin_scenario.backend("broken", Scenario.failed("ONTAP rejected the login"))
    result = ansible.module("backend", **{**NAS, "name": "broken"})
    assert result["failed"]
    assert "TridentBackendConfig broken: Failed to create backend: ONTAP rejected the login" in result["msg"]


def test_timeout_names_what_trident_reported_last(ansible, standin_scenario: Scenario):
    standin_scenario.backend("slow", Scenario.HOLD)
    result = ansible.module("backend", wait_timeout=3, **{**NAS, "name": "slow"})
    assert result["failed"]
    assert result["msg"] == (
        "timed out after 3 s waiting for Trident (TridentBackendConfig slow: phase Unbound, no operation yet)"
    )


def test_existing_secret_and_secrets_manager_credentials(ansible, kube):
    by_name = ansible.module("backend", **{**NAS, "name": "shared", "credentials": {"name": "nas-credentials"}})
    assert by_name["backends"]["shared"]["phase"] == "Bound"
    fsx = ansible.module(
        "backend",
        name="fsx",
        driver="ontap-san",
        svm="svm_eks",
        aws={"fsx_filesystem_id": "fs-0123456789abcdef0"},
        credentials={"type": "awsarn", "name": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx-AbCd"},
    )
    assert fsx["backends"]["fsx"]["phase"] == "Bound", fsx
    assert [o["kind"] for o in fsx["objects"]] == ["TridentBackendConfig"]
    assert tbc(kube, "fsx")["spec"]["credentials"]["type"] == "awsarn"


def test_info_reports_backends_with_their_volume_counts(ansible, kube):
    uid = tbc(kube)["metadata"]["uid"]
    volume = {
        "apiVersion": f"{GROUP}/v1",
        "kind": "TridentVolume",
        "metadata": {"name": "pvc-0001"},
        "backendUUID": backend_uuid(uid),
        "config": {"name": "pvc-0001"},
        "state": "online",
    }
    kube["objects"].create_namespaced_custom_object(GROUP, "v1", NS, "tridentvolumes", volume)
    kube["core"].create_persistent_volume(
        {
            "metadata": {"name": "pvc-0001"},
            "spec": {
                "capacity": {"storage": "1Gi"},
                "accessModes": ["ReadWriteOnce"],
                "claimRef": {"namespace": "app", "name": "data"},
                "csi": {"driver": "csi.trident.netapp.io", "volumeHandle": "pvc-0001"},
            },
        }
    )
    info = ansible.module("info")
    backends = {b["name"]: b for b in info["backends"]}
    assert backends["nas"]["volumes"] == 1 and backends["nas"]["phase"] == "Bound"
    assert backends["fsx"]["volumes"] == 0
    assert info["trident"]["installed"] and info["trident"]["version"] == "26.06.0"
    assert info["volumes"] == 1


def test_deleting_a_backend_with_volumes_is_refused_naming_them(ansible, kube):
    with ansible.writes() as writes:
        result = ansible.module("backend", name="nas", state="absent")
    assert result["failed"]
    assert "TridentBackendConfig nas still has 1 volume(s): pvc-0001 (app/data)" in result["msg"]
    assert writes.count == 0
    assert tbc(kube)["metadata"]["name"] == "nas"


def test_retain_policy_allows_the_deletion_and_keeps_the_backend(ansible, kube):
    assert ansible.module(
        "backend",
        **{
            **NAS,
            "data_lif": "10.0.0.3",
            "deletion_policy": "retain",
            "credentials": {"username": "vsadmin", "password": "R0tated-3"},
        },
    )["changed"]
    result = ansible.module("backend", name="nas", state="absent")
    assert not result.get("failed"), result
    notes = [o.get("note") for o in result["objects"] if o["kind"] == "TridentBackendConfig"]
    assert notes == ["deletionPolicy retain: the Trident backend and its 1 volume(s) stay"]
    # The credentials Secret stays: the backend "shared" still uses it.
    assert [o["kind"] for o in result["objects"]] == ["TridentBackendConfig"]
    wait_until(
        lambda: (
            not [
                t
                for t in kube["objects"].list_namespaced_custom_object(GROUP, "v1", NS, "tridentbackendconfigs")[
                    "items"
                ]
                if t["metadata"]["name"] == "nas"
            ]
        ),
        what="nas deleted",
    )
    backends = kube["objects"].list_namespaced_custom_object(GROUP, "v1", NS, "tridentbackends")["items"]
    assert [b["backendName"] for b in backends if b["backendName"] == "nas"] == ["nas"]


def test_absent_twice_is_unchanged(ansible):
    result = ansible.module("backend", name="nas", state="absent")
    assert result["changed"] is False and result["objects"] == []
