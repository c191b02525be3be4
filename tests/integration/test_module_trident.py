"""tridentops.storage.trident: install, wait, upgrade, failures, uninstall that keeps data, guarded purge."""

from __future__ import annotations

import time

import pytest
from helpers import GROUP, exists, reset_trident, wait_until
from standin.controller import Scenario

pytestmark = pytest.mark.cluster
NS = "trident"
TRIDENT_PVS = ["pvc-keep-1"]


@pytest.fixture(scope="module", autouse=True)
def clean(standin, kube_admin, ansible):
    reset_trident(kube_admin)
    yield
    ansible.module("trident", state="absent", purge=True, force=True)
    reset_trident(kube_admin)


def torc(kube) -> dict:
    return kube["objects"].get_cluster_custom_object(GROUP, "v1", "tridentorchestrators", "trident")


def test_bad_input_fails_before_any_write(ansible):
    with ansible.writes() as writes:
        result = ansible.module(
            "trident", version="26.6", cloud_identity="eks.amazonaws.com/role-arn: x", log_level="loud"
        )
    assert result["failed"]
    for text in (
        "version: '26.6' is not a Trident release",
        "cloud_identity: needs cloud_provider",
        "log_level: 'loud' is not one of trace, debug, info, warn, warning, error, fatal, panic",
    ):
        assert text in result["msg"]
    assert writes.count == 0


def test_a_failure_the_operator_retries_is_waited_on_and_reported_at_the_deadline(ansible, standin_scenario: Scenario):
    # The operator requeues a failed install with backoff, so Failed is not the end: the task waits, then
    # fails with the operator's last message.
    standin_scenario.orchestrator(Scenario.failed("could not pull image netapp/trident:26.02.0"))
    began = time.monotonic()
    result = ansible.module("trident", version="26.02.0", wait_timeout=4)
    assert result["failed"] and time.monotonic() - began >= 4
    assert result["msg"] == (
        "timed out after 4 s waiting for Trident (TridentOrchestrator trident: Failed, the operator retries: "
        "could not pull image netapp/trident:26.02.0)"
    )


def test_install_waits_until_the_operator_reports_installed(ansible, kube):
    result = ansible.module(
        "trident", version="26.02.0", image_registry="registry.example.com/trident", image_pull_secrets=["regcred"]
    )
    assert not result.get("failed"), result
    assert result["trident"]["status"] == "Installed" and result["trident"]["version"] == "26.02.0"
    deployment = kube["apps"].read_namespaced_deployment("trident-operator", NS)
    assert deployment.spec.template.spec.containers[0].image == "registry.example.com/trident/trident-operator:26.02.0"
    assert torc(kube)["spec"]["imageRegistry"] == "registry.example.com/trident"
    assert exists(lambda: kube["extensions"].read_custom_resource_definition(f"tridentbackendconfigs.{GROUP}"))


def test_second_run_writes_nothing(ansible):
    with ansible.writes() as writes:
        result = ansible.module(
            "trident", version="26.02.0", image_registry="registry.example.com/trident", image_pull_secrets=["regcred"]
        )
    assert result["changed"] is False and writes.count == 0, writes.events


def test_check_mode_reports_an_upgrade_and_writes_nothing(ansible, kube):
    with ansible.writes() as writes:
        result = ansible.module(
            "trident",
            check=True,
            diff=True,
            version="26.06.0",
            image_registry="registry.example.com/trident",
            image_pull_secrets=["regcred"],
        )
    assert result["changed"] and writes.count == 0
    changed = {o["kind"]: o.get("fields") for o in result["objects"] if o["action"] != "unchanged"}
    assert changed == {"Deployment": ["spec.template.spec.containers[0].image"]}
    diff = next(d for d in result["diff"] if d["after_header"] == "Deployment trident/trident-operator")
    assert "trident-operator:26.02.0" in diff["before"] and "trident-operator:26.06.0" in diff["after"]
    assert torc(kube)["status"]["version"] == "v26.02.0"


def test_upgrade_changes_the_operator_image_and_waits_for_the_new_version(ansible, kube):
    result = ansible.module(
        "trident", version="26.06.0", image_registry="registry.example.com/trident", image_pull_secrets=["regcred"]
    )
    assert result["changed"] and result["trident"] == {
        "status": "Installed",
        "version": "26.06.0",
        "namespace": NS,
        "message": "Trident installed",
    }
    assert torc(kube)["status"]["version"] == "v26.06.0"


def test_a_parameter_only_the_operator_refuses_fails_with_its_message_and_a_fixed_cr_installs(ansible, kube):
    # httpRequestTimeout is no spec field, so no spec rule can catch it: written by hand next to the module's
    # fields (server-side apply leaves another manager's fields alone), only the operator refuses it.
    kube["objects"].patch_cluster_custom_object(
        GROUP, "v1", "tridentorchestrators", "trident", {"spec": {"httpRequestTimeout": "soon"}}
    )
    wait_until(lambda: torc(kube)["status"]["status"] == "Failed", 15.0, "TridentOrchestrator Failed")
    error = (
        "Failed to install Trident; err: could not parse the http request timeout as a duration: "
        'time: invalid duration "soon"'
    )
    assert torc(kube)["status"]["message"] == error
    args = {"version": "26.06.0", "image_registry": "registry.example.com/trident", "image_pull_secrets": ["regcred"]}
    result = ansible.module("trident", wait_timeout=5, **args)
    assert result["failed"]
    assert result["msg"] == (
        f"timed out after 5 s waiting for Trident (TridentOrchestrator trident: Failed, the operator retries: {error})"
    )

    kube["objects"].patch_cluster_custom_object(
        GROUP, "v1", "tridentorchestrators", "trident", {"spec": {"httpRequestTimeout": None}}
    )
    result = ansible.module("trident", **args)
    assert not result.get("failed"), result
    assert result["trident"] == {
        "status": "Installed",
        "version": "26.06.0",
        "namespace": NS,
        "message": "Trident installed",
    }


def test_versions_are_reported_as_the_spec_writes_them(ansible, kube):
    # The operator writes its version label (v26.06.0); the modules report the release as the spec gives it.
    assert torc(kube)["status"]["version"] == "v26.06.0"
    assert ansible.module("info")["trident"]["version"] == "26.06.0"


def test_a_namespace_change_the_operator_refuses_fails_at_once(ansible, kube):
    args = {"version": "26.06.0", "image_registry": "registry.example.com/trident", "image_pull_secrets": ["regcred"]}
    with ansible.writes() as writes:
        refused = ansible.module("trident", namespace="trident-moved", **args)
    # tridentops refuses first, naming where Trident is installed; with move_trident the operator has its say.
    assert refused["failed"] and refused["msg"].startswith(
        "Trident is already installed in another namespace: TridentOrchestrator trident installs it in 'trident'"
    )
    assert writes.count == 0, writes
    try:
        began = time.monotonic()
        result = ansible.module("trident", namespace="trident-moved", wait_timeout=120, move_trident=True, **args)
        assert result["failed"] and time.monotonic() - began < 60
        assert result["msg"] == (
            "TridentOrchestrator trident is Failed: Operator cannot proceed with the installation due to namespace "
            "change from `trident` to `trident-moved`; namespace change is not allowed."
        )
    finally:
        back = ansible.module("trident", move_trident=True, **args)
        kube["core"].delete_namespace("trident-moved")
    assert back["trident"]["status"] == "Installed" and back["trident"]["namespace"] == NS, back


def test_timeout_reports_the_last_status(ansible, standin_scenario: Scenario):
    standin_scenario.orchestrator(Scenario.HOLD)
    result = ansible.module(
        "trident",
        version="26.06.0",
        log_level="debug",
        wait_timeout=3,
        image_registry="registry.example.com/trident",
        image_pull_secrets=["regcred"],
    )
    assert result["failed"]
    assert result["msg"].startswith("timed out after 3 s waiting for Trident (TridentOrchestrator trident: ")


def test_uninstall_keeps_crds_backends_and_volumes(ansible, kube):
    assert ansible.module("trident", version="26.06.0")["trident"]["status"] == "Installed"
    backend = ansible.module(
        "backend",
        name="keep",
        driver="ontap-nas",
        management_lif="10.0.0.1",
        credentials={"username": "vsadmin", "password": "Keep-pw-9"},
    )
    assert backend["backends"]["keep"]["phase"] == "Bound", backend
    kube["core"].create_persistent_volume(
        {
            "metadata": {"name": TRIDENT_PVS[0]},
            "spec": {
                "capacity": {"storage": "1Gi"},
                "accessModes": ["ReadWriteOnce"],
                "claimRef": {"namespace": "db", "name": "data"},
                "csi": {"driver": "csi.trident.netapp.io", "volumeHandle": TRIDENT_PVS[0]},
            },
        }
    )
    result = ansible.module("trident", state="absent")
    assert result["changed"] and not result.get("failed"), result
    assert not exists(lambda: torc(kube))
    assert not exists(lambda: kube["apps"].read_namespaced_deployment("trident-operator", NS))
    assert exists(lambda: kube["extensions"].read_custom_resource_definition(f"tridentbackendconfigs.{GROUP}"))
    assert exists(
        lambda: kube["objects"].get_namespaced_custom_object(GROUP, "v1", NS, "tridentbackendconfigs", "keep")
    )
    assert exists(lambda: kube["core"].read_namespaced_secret("keep-credentials", NS))
    assert exists(lambda: kube["core"].read_persistent_volume(TRIDENT_PVS[0]))


def test_uninstall_again_is_unchanged(ansible):
    with ansible.writes() as writes:
        result = ansible.module("trident", state="absent")
    assert result["changed"] is False and writes.count == 0


def test_purge_is_refused_while_trident_volumes_exist(ansible, kube):
    assert ansible.module("trident", version="26.06.0")["trident"]["status"] == "Installed"
    with ansible.writes() as writes:
        result = ansible.module("trident", state="absent", purge=True)
    assert result["failed"]
    assert result["msg"].startswith(
        "purge would wipe Trident's CRDs while 1 Trident volume(s) exist: pvc-keep-1 (db/data)"
    )
    assert writes.count == 0
    assert torc(kube)["status"]["status"] == "Installed"


def test_forced_purge_wipes_trident_entirely(ansible, kube):
    result = ansible.module("trident", state="absent", purge=True, force=True)
    assert result["changed"] and not result.get("failed"), result
    for name in (f"tridentbackendconfigs.{GROUP}", f"tridentorchestrators.{GROUP}"):
        assert not exists(lambda n=name: kube["extensions"].read_custom_resource_definition(n))
