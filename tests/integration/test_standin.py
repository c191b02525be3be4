"""The TEST STAND-IN for Trident's operator and CRD controller, driven the way the product drives Trident.

Everything here goes through plain kubernetes client calls against the embedded kube-apiserver, as
the product would; the stand-in (session fixture ``standin``) answers with Trident's status effects.
The uninstall/wipeout test runs last in this module and re-registers the CRDs afterwards.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from helpers import wait_until
from kubernetes import client, config, watch
from kubernetes.client.exceptions import ApiException
from standin.controller import DELETING_MESSAGE, FINALIZER, GROUP, UNINSTALLATION_NOTE, Scenario, StandIn, backend_uuid
from standin.crds import TRIDENT_CRDS, apply_crds, load_crds, wait_established

from ansible_collections.tridentops.storage.plugins.module_utils.spec.render_trident import orchestrator_crd

pytestmark = pytest.mark.cluster

TORC = "trident"
TESTS_DIR = Path(__file__).resolve().parent.parent
TRIDENT_CRD_NAMES = [crd["metadata"]["name"] for crd in load_crds(TRIDENT_CRDS)]
# A functional scale check (many backends at once, each bound exactly once), not a benchmark: timings on a
# shared 2-CPU machine vary too much for a timed test. The time is printed; bench/ measures performance.
BENCH_BACKENDS = 60
BENCH_LIMIT_S = 180.0


def wait_for(condition: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    """The stand-in answers within milliseconds: shorter waits, polled faster than the module tests'."""
    return wait_until(condition, timeout, what, interval=0.05)


def matching(obj: dict[str, Any], predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
    return obj if predicate(obj) else None


def gone(read: Callable[[], Any]) -> bool:
    try:
        read()
    except ApiException as error:
        if error.status == 404:
            return True
        raise
    return False


class Trident:
    """Handles for the installed Trident of this module: namespace and small helpers."""

    def __init__(self, api: client.ApiClient, namespace: str) -> None:
        self.api = api
        self.namespace = namespace
        self.objects = client.CustomObjectsApi(api)
        self.core = client.CoreV1Api(api)

    # TridentOrchestrator
    def torc(self, name: str = TORC) -> dict[str, Any]:
        return self.objects.get_cluster_custom_object(GROUP, "v1", "tridentorchestrators", name)

    def create_torc(self, name: str, spec: dict[str, Any]) -> dict[str, Any]:
        body = {"apiVersion": f"{GROUP}/v1", "kind": "TridentOrchestrator", "metadata": {"name": name}, "spec": spec}
        return self.objects.create_cluster_custom_object(GROUP, "v1", "tridentorchestrators", body)

    def patch_torc(self, patch: dict[str, Any], name: str = TORC) -> dict[str, Any]:
        return self.objects.patch_cluster_custom_object(GROUP, "v1", "tridentorchestrators", name, patch)

    def delete_torc(self, name: str, timeout: float = 15.0) -> None:
        try:
            self.objects.delete_cluster_custom_object(GROUP, "v1", "tridentorchestrators", name)
        except ApiException as error:
            if error.status != 404:
                raise
        wait_for(lambda: gone(lambda: self.torc(name)), timeout, f"TridentOrchestrator {name} gone")

    def wait_torc(self, predicate: Callable[[dict[str, Any]], bool], name: str = TORC, timeout: float = 15.0):
        return wait_for(lambda: matching(self.torc(name), predicate), timeout, f"TORC {name}")

    # TridentBackendConfig and friends
    def secret(self, name: str, password: str = "secret-1") -> None:
        body = {"metadata": {"name": name}, "stringData": {"username": "vsadmin", "password": password}}
        self.core.create_namespaced_secret(self.namespace, body)

    def create_tbc(self, name: str, namespace: str | None = None, **spec: Any) -> dict[str, Any]:
        spec = {"version": 1, "storageDriverName": "ontap-nas", "managementLIF": "10.0.0.1", **spec}
        body = {"apiVersion": f"{GROUP}/v1", "kind": "TridentBackendConfig", "metadata": {"name": name}, "spec": spec}
        return self.objects.create_namespaced_custom_object(
            GROUP, "v1", namespace or self.namespace, "tridentbackendconfigs", body
        )

    def tbc(self, name: str, namespace: str | None = None) -> dict[str, Any]:
        return self.objects.get_namespaced_custom_object(
            GROUP, "v1", namespace or self.namespace, "tridentbackendconfigs", name
        )

    def wait_tbc(self, name: str, predicate: Callable[[dict[str, Any]], bool], timeout: float = 15.0):
        return wait_for(lambda: matching(self.tbc(name), predicate), timeout, f"TBC {name}")

    def delete_tbc(self, name: str, namespace: str | None = None, wait: bool = True) -> None:
        namespace = namespace or self.namespace
        try:
            self.objects.delete_namespaced_custom_object(GROUP, "v1", namespace, "tridentbackendconfigs", name)
        except ApiException as error:
            if error.status != 404:
                raise
        if wait:
            wait_for(lambda: gone(lambda: self.tbc(name, namespace)), 15.0, f"TBC {name} gone")

    def tbe(self, backend_id: str) -> dict[str, Any] | None:
        items = self.objects.list_namespaced_custom_object(GROUP, "v1", self.namespace, "tridentbackends")["items"]
        return next((item for item in items if item.get("backendUUID") == backend_id), None)


def status_of(obj: dict[str, Any]) -> dict[str, Any]:
    return obj.get("status") or {}


def bound(obj: dict[str, Any]) -> bool:
    return status_of(obj).get("phase") == "Bound" and status_of(obj).get("lastOperationStatus") == "Success"


@pytest.fixture(scope="module")
def trident(kube_admin: client.ApiClient, standin: StandIn) -> Iterator[Trident]:
    """Trident "installed" by the stand-in: TORC CRD (as the product renders it), operator Deployment, TORC."""
    extensions = client.ApiextensionsV1Api(kube_admin)
    try:
        extensions.create_custom_resource_definition(orchestrator_crd({}))
    except ApiException as error:
        if error.status != 409:
            raise
    wait_established(extensions, [f"tridentorchestrators.{GROUP}"])
    objects = client.CustomObjectsApi(kube_admin)
    leftovers = objects.list_cluster_custom_object(GROUP, "v1", "tridentorchestrators")["items"]
    assert not leftovers, f"other TridentOrchestrators exist: {[t['metadata']['name'] for t in leftovers]}"

    namespace = f"standin-{uuid.uuid4().hex[:6]}"
    core, apps = client.CoreV1Api(kube_admin), client.AppsV1Api(kube_admin)
    core.create_namespace({"metadata": {"name": namespace}})
    labels = {"app": "operator.trident.netapp.io", "name": "trident-operator"}
    container = {"name": "trident-operator", "image": "docker.io/netapp/trident-operator:26.06.0"}
    apps.create_namespaced_deployment(
        namespace,
        {
            "metadata": {"name": "trident-operator", "labels": labels},
            "spec": {
                "selector": {"matchLabels": labels},
                "template": {"metadata": {"labels": labels}, "spec": {"containers": [container]}},
            },
        },
    )
    trident = Trident(kube_admin, namespace)
    trident.create_torc(TORC, {"namespace": namespace, "logLevel": "debug", "imagePullPolicy": "IfNotPresent"})
    trident.wait_torc(lambda t: status_of(t).get("status") == "Installed")
    yield trident

    # TBCs first, while Trident is there to release them; then the TORC; CRDs as other suites expect them.
    if trident_crd_established(extensions, f"tridentbackendconfigs.{GROUP}"):
        for tbc in objects.list_namespaced_custom_object(GROUP, "v1", namespace, "tridentbackendconfigs")["items"]:
            trident.delete_tbc(tbc["metadata"]["name"], wait=False)
        wait_for(
            lambda: not objects.list_namespaced_custom_object(GROUP, "v1", namespace, "tridentbackendconfigs")["items"],
            60.0,
            "TBCs released",
        )
    for torc in objects.list_cluster_custom_object(GROUP, "v1", "tridentorchestrators")["items"]:
        trident.delete_torc(torc["metadata"]["name"])
    core.delete_namespace(namespace)
    apply_crds(kube_admin, TRIDENT_CRDS)


def trident_crd_established(extensions: client.ApiextensionsV1Api, name: str) -> bool:
    try:
        crd = extensions.read_custom_resource_definition(name)
    except ApiException as error:
        if error.status == 404:
            return False
        raise
    return any(c.type == "Established" and c.status == "True" for c in (crd.status.conditions or []))


def torc_states(trident: Trident, action: Callable[[], None], until: Callable[[dict[str, Any]], bool]) -> list[str]:
    """Run ``action`` and watch the TORC (from before the action) until ``until``; return the statuses seen."""
    version = trident.torc()["metadata"]["resourceVersion"]
    action()
    seen: list[str] = []
    stream = watch.Watch().stream(
        trident.objects.list_cluster_custom_object,
        GROUP,
        "v1",
        "tridentorchestrators",
        field_selector=f"metadata.name={TORC}",
        resource_version=version,
        timeout_seconds=20,
    )
    for event in stream:
        obj = event["raw_object"]
        state = status_of(obj).get("status", "")
        if not seen or seen[-1] != state:
            seen.append(state)
        if until(obj):
            return seen
    raise AssertionError(f"TORC never reached the expected state; statuses seen: {seen}")


# ----- TridentOrchestrator --------------------------------------------------------------------------------
def test_install_registers_crds_and_reports_the_operator_version(trident: Trident, kube_admin):
    torc = trident.torc()
    status = status_of(torc)
    assert status["status"] == "Installed"
    assert status["message"] == "Trident installed"
    assert status["version"] == "v26.06.0"  # the operator's version label, v-prefixed
    assert status["acpVersion"] == "v26.06.0"  # Trident copies version there
    assert status["namespace"] == trident.namespace
    assert status["currentInstallationParams"]["logLevel"] == "debug"
    assert status["currentInstallationParams"]["imagePullPolicy"] == "IfNotPresent"
    assert FINALIZER in torc["metadata"]["finalizers"]
    extensions = client.ApiextensionsV1Api(kube_admin)
    assert all(trident_crd_established(extensions, name) for name in TRIDENT_CRD_NAMES)


def test_spec_change_reapplies_the_install(trident: Trident):
    trident.patch_torc({"spec": {"logLevel": "info"}})
    torc = trident.wait_torc(lambda t: status_of(t)["currentInstallationParams"]["logLevel"] == "info")
    assert status_of(torc)["status"] == "Installed"
    assert status_of(torc)["version"] == "v26.06.0"


# The operator's install-time checks (installer.go setInstallationParams), each with its exact message; the
# CR stays Failed while the parameter is wrong and installs once it is fixed (docs/trident-facts/operator.md).
PRECHECKS = [
    ({"logFormat": "xml"}, "'xml' is not a valid log format"),
    ({"imagePullPolicy": "always"}, "'always' is not a valid trident image pull policy format"),
    (
        {"nodePrep": ["iscsi", "nvme"]},
        "only one protocol (iSCSI) is supported at this time but node prep protocol set to '[iscsi nvme]'",
    ),
    ({"nodePrep": ["NVMe"]}, "'[nvme]' is not a valid node prep protocol"),
    ({"cloudProvider": "OCI"}, "'OCI' is not a valid cloud provider "),
    ({"cloudProvider": "AWS"}, "'' is not a valid cloud identity for the cloud provider 'AWS'"),
    (
        {"cloudProvider": "gcp", "cloudIdentity": "eks.amazonaws.com/role-arn: arn:aws:iam::1:role/t"},
        "'eks.amazonaws.com/role-arn: arn:aws:iam::1:role/t' is not a valid cloud identity for the cloud provider "
        "'GCP'",
    ),
    (
        {"cloudIdentity": "iam.gke.io/gcp-service-account: t"},
        "cloud provider must be specified for the cloud identity 'iam.gke.io/gcp-service-account: t'",
    ),
    ({"fsGroupPolicy": "Always"}, "'Always' is not a valid fsGroupPolicy"),
    (
        {"httpRequestTimeout": "soon"},
        'could not parse the http request timeout as a duration: time: invalid duration "soon"',
    ),
    (
        {"iscsiSelfHealingInterval": "-5m"},
        "a negative value was used for the iSCSI self-healing interval, which is not supported",
    ),
    (
        {"iscsiSelfHealingWaitTime": "7"},
        'could not parse the iSCSI self-healing wait time as a duration: time: missing unit in duration "7"',
    ),
    (
        {"resources": {"controller": {"trident-sidecar": {"requests": {"cpu": "10m"}}}}},
        "failed parsing resources list specified: \ninvalid container name 'trident-sidecar' for 'Controller'",
    ),
]


@pytest.mark.parametrize(
    ("bad", "error"), PRECHECKS, ids=[next(iter(bad)) + ":" + str(bad) for bad, _error in PRECHECKS]
)
def test_a_parameter_the_operator_refuses_fails_the_install_until_it_is_fixed(
    trident: Trident, bad: dict[str, Any], error: str
):
    trident.patch_torc({"spec": bad})
    failed = trident.wait_torc(lambda t: status_of(t).get("status") == "Failed")
    assert status_of(failed)["message"] == f"Failed to install Trident; err: {error}"
    assert (status_of(failed)["version"], status_of(failed)["namespace"]) == ("", trident.namespace)
    assert "acpVersion" not in status_of(failed)
    trident.patch_torc({"spec": dict.fromkeys(bad)})
    fixed = trident.wait_torc(lambda t: status_of(t).get("status") == "Installed")
    assert status_of(fixed)["message"] == "Trident installed"
    assert status_of(fixed)["version"].startswith("v")


def test_a_refused_cr_is_retried_with_backoff_while_it_stays_failed(trident: Trident, caplog):
    caplog.set_level(logging.INFO, logger="tridentops.standin")
    trident.patch_torc({"spec": {"logFormat": "yaml"}})
    try:
        trident.wait_torc(lambda t: status_of(t).get("status") == "Failed")

        def retries() -> int:
            return sum("retried with backoff" in r.getMessage() and "'yaml'" in r.getMessage() for r in caplog.records)

        # No change to the CR, yet the operator tries again (and writes nothing new: the status is the same).
        wait_for(lambda: retries() >= 3, 10.0, "three attempts on the unchanged CR")
        assert status_of(trident.torc())["status"] == "Failed"
    finally:
        trident.patch_torc({"spec": {"logFormat": None}})
    trident.wait_torc(lambda t: status_of(t).get("status") == "Installed")


def test_operator_upgrade_reports_the_new_version_without_updating(trident: Trident, kube_admin):
    apps = client.AppsV1Api(kube_admin)
    image = {"name": "trident-operator", "image": "docker.io/netapp/trident-operator:26.10.0"}

    def upgrade() -> None:
        patch = {"spec": {"template": {"spec": {"containers": [image]}}}}
        apps.patch_namespaced_deployment("trident-operator", trident.namespace, patch)

    def upgraded(obj: dict[str, Any]) -> bool:
        return status_of(obj).get("status") == "Installed" and status_of(obj).get("version") == "v26.10.0"

    # Trident writes Updating only when the Kubernetes version changed since the install (controller.go
    # tridentUpgradeNeeded); a new operator image re-installs and reports Installed at the new version.
    seen = torc_states(trident, upgrade, upgraded)
    assert seen == ["Installed"], seen
    assert status_of(trident.torc())["message"] == "Trident installed"


def test_second_orchestrator_is_bound_to_the_first(trident: Trident):
    trident.create_torc("trident-second", {"namespace": "elsewhere"})
    try:
        torc = trident.wait_torc(lambda t: bool(status_of(t)), name="trident-second")
        assert status_of(torc)["status"] == "Error"
        assert status_of(torc)["message"] == "Trident is bound to another CR 'trident'"
        assert status_of(trident.torc())["status"] == "Installed"
    finally:
        trident.delete_torc("trident-second")


def test_orchestrator_hold_writes_no_status(trident: Trident, standin_scenario: Scenario):
    standin_scenario.orchestrator(Scenario.HOLD)
    trident.create_torc("trident-held", {"namespace": "elsewhere"})
    try:
        time.sleep(3)
        held = trident.torc("trident-held")
        assert "status" not in held
        assert not held["metadata"].get("finalizers")
        standin_scenario.orchestrator(None)  # released: the operator acts again
        torc = trident.wait_torc(lambda t: bool(status_of(t)), name="trident-held")
        assert status_of(torc)["status"] == "Error"
    finally:
        trident.delete_torc("trident-held")


def test_orchestrator_injected_failure(trident: Trident, standin_scenario: Scenario):
    standin_scenario.orchestrator(Scenario.failed("image pull failed (injected)"))
    trident.patch_torc({"metadata": {"labels": {"poke": "1"}}})  # any event makes the operator reconcile
    torc = trident.wait_torc(lambda t: status_of(t).get("status") == "Failed")
    assert status_of(torc)["message"] == "image pull failed (injected)"
    standin_scenario.orchestrator(None)
    torc = trident.wait_torc(lambda t: status_of(t).get("status") == "Installed")
    assert status_of(torc)["message"] == "Trident installed"


# ----- TridentBackendConfig --------------------------------------------------------------------------------
def test_backend_is_bound_then_updated(trident: Trident, control_plane):
    trident.secret("creds-a")
    with control_plane.audit.count_writes(users={"standin"}) as writes:
        created = trident.create_tbc("ontap-a", backendName="nas-prod", credentials={"name": "creds-a"})
        tbc = trident.wait_tbc("ontap-a", bound)
    # Trident's three writes (finalizer, TridentBackend, status), under the stand-in's own identity.
    assert sorted((e.verb, e.resource) for e in writes.events) == [
        ("create", f"tridentbackends.{GROUP}"),
        ("patch", f"tridentbackendconfigs.{GROUP}"),
        ("patch", f"tridentbackendconfigs/status.{GROUP}"),
    ], writes
    status = status_of(tbc)
    backend_id = backend_uuid(created["metadata"]["uid"])
    assert status["message"] == "Backend 'nas-prod' created"
    assert status["backendInfo"] == {"backendName": "nas-prod", "backendUUID": backend_id}
    assert status["deletionPolicy"] == "delete"
    assert FINALIZER in tbc["metadata"]["finalizers"]
    tbe = trident.tbe(backend_id)
    assert tbe is not None
    assert tbe["metadata"]["name"] == f"tbe-{backend_id.replace('-', '')[:5]}"
    assert (tbe["backendName"], tbe["configRef"], tbe["state"], tbe["version"]) == (
        "nas-prod",
        created["metadata"]["uid"],
        "online",
        "1",
    )

    trident.objects.patch_namespaced_custom_object(
        GROUP, "v1", trident.namespace, "tridentbackendconfigs", "ontap-a", {"spec": {"nfsMountOptions": "vers=4"}}
    )
    tbc = trident.wait_tbc("ontap-a", lambda t: status_of(t)["message"] == "Backend 'nas-prod' updated")
    assert bound(tbc)
    trident.delete_tbc("ontap-a")
    assert trident.tbe(backend_id) is None


def test_missing_secret_fails_until_the_secret_exists(trident: Trident):
    trident.create_tbc("ontap-nosecret", credentials={"name": "absent-secret"})
    tbc = trident.wait_tbc("ontap-nosecret", lambda t: status_of(t).get("lastOperationStatus") == "Failed")
    assert status_of(tbc)["message"] == "Failed to create backend: secret absent-secret not found"
    assert status_of(tbc)["phase"] == ""
    trident.secret("absent-secret")  # Trident watches Secrets: the TBC is retried at once
    tbc = trident.wait_tbc("ontap-nosecret", bound)
    assert status_of(tbc)["message"] == "Backend 'ontap-nosecret' created"
    trident.delete_tbc("ontap-nosecret")


def test_secret_change_reconciles_the_backend_again(trident: Trident):
    trident.secret("creds-rotate")
    trident.create_tbc("ontap-rotate", credentials={"name": "creds-rotate"})
    assert status_of(trident.wait_tbc("ontap-rotate", bound))["message"] == "Backend 'ontap-rotate' created"
    trident.core.patch_namespaced_secret("creds-rotate", trident.namespace, {"stringData": {"password": "secret-2"}})
    trident.wait_tbc("ontap-rotate", lambda t: status_of(t)["message"] == "Backend 'ontap-rotate' updated")
    # A failed update keeps the backend bound, as Trident keeps the last good configuration.
    trident.core.delete_namespaced_secret("creds-rotate", trident.namespace)
    tbc = trident.wait_tbc("ontap-rotate", lambda t: status_of(t)["lastOperationStatus"] == "Failed")
    assert status_of(tbc)["phase"] == "Bound"
    assert status_of(tbc)["message"] == "Failed to apply the backend update; secret creds-rotate not found"
    trident.delete_tbc("ontap-rotate")


def test_inline_credentials_are_refused(trident: Trident):
    trident.secret("creds-inline")
    trident.create_tbc("ontap-inline", username="admin", password="pw", credentials={"name": "creds-inline"})
    tbc = trident.wait_tbc("ontap-inline", lambda t: status_of(t).get("lastOperationStatus") == "Failed")
    assert status_of(tbc)["message"] == (
        "Failed to create backend: unsupported config error; input contains forbidden attributes: [Password Username]"
    )
    trident.delete_tbc("ontap-inline")


def test_backend_injected_failure_and_hold(trident: Trident, standin_scenario: Scenario):
    trident.secret("creds-inject")
    standin_scenario.backend("ontap-fail", Scenario.failed("array unreachable (injected)"))
    standin_scenario.backend("ontap-hold", Scenario.HOLD)
    trident.create_tbc("ontap-fail", credentials={"name": "creds-inject"})
    trident.create_tbc("ontap-hold", credentials={"name": "creds-inject"})
    tbc = trident.wait_tbc("ontap-fail", lambda t: status_of(t).get("lastOperationStatus") == "Failed")
    assert status_of(tbc)["message"] == "Failed to create backend: array unreachable (injected)"
    assert status_of(tbc)["phase"] == ""
    time.sleep(3)
    held = trident.tbc("ontap-hold")
    assert "status" not in held and not held["metadata"].get("finalizers")
    standin_scenario.backend("ontap-hold", None)
    trident.wait_tbc("ontap-hold", bound)
    # An injection applies to deletion too (the TBC would keep its finalizer): clear it first.
    standin_scenario.clear()
    for name in ("ontap-fail", "ontap-hold"):
        trident.delete_tbc(name)


def test_delete_waits_for_the_backend_volumes(trident: Trident):
    trident.secret("creds-vol")
    created = trident.create_tbc("ontap-vol", credentials={"name": "creds-vol"})
    trident.wait_tbc("ontap-vol", bound)
    backend_id = backend_uuid(created["metadata"]["uid"])
    volume = {
        "apiVersion": f"{GROUP}/v1",
        "kind": "TridentVolume",
        "metadata": {"name": "pvc-0a1b2c3d"},
        "config": {"name": "pvc-0a1b2c3d"},
        "backendUUID": backend_id,
        "pool": "aggr1",
        "state": "online",
    }
    trident.objects.create_namespaced_custom_object(GROUP, "v1", trident.namespace, "tridentvolumes", volume)
    trident.delete_tbc("ontap-vol", wait=False)
    tbc = trident.wait_tbc("ontap-vol", lambda t: status_of(t).get("phase") == "Deleting")
    assert status_of(tbc)["message"] == DELETING_MESSAGE
    assert status_of(tbc)["lastOperationStatus"] == "Success"
    time.sleep(2)
    assert status_of(trident.tbc("ontap-vol"))["phase"] == "Deleting"
    assert trident.tbe(backend_id)["state"] == "deleting"

    trident.objects.delete_namespaced_custom_object(GROUP, "v1", trident.namespace, "tridentvolumes", "pvc-0a1b2c3d")
    wait_for(lambda: gone(lambda: trident.tbc("ontap-vol")), 15.0, "TBC gone after its last volume")
    assert trident.tbe(backend_id) is None


def test_retain_policy_keeps_the_backend(trident: Trident):
    trident.secret("creds-retain")
    created = trident.create_tbc("ontap-retain", deletionPolicy="retain", credentials={"name": "creds-retain"})
    assert status_of(trident.wait_tbc("ontap-retain", bound))["deletionPolicy"] == "retain"
    trident.delete_tbc("ontap-retain")
    tbe = trident.tbe(backend_uuid(created["metadata"]["uid"]))
    assert tbe is not None, "retained backend was deleted"
    assert tbe["configRef"] == ""


def test_backend_fields_of_trident_26_06_bind_and_a_clone_split_delay_trident_refuses_fails(trident: Trident):
    trident.secret("creds-fields")
    fields = {
        "usageHeartbeat": "12.5",
        "cloneSplitDelay": "3600",
        "useBalancedPlacement": "true",
        "debugTraceFlags": {"method": True},
        "storage": [{"labels": {"tier": "gold"}, "smbShare": "gold", "useBalancedPlacement": "false"}],
    }
    trident.create_tbc("ontap-fields", credentials={"name": "creds-fields", "type": "secret"}, **fields)
    assert status_of(trident.wait_tbc("ontap-fields", bound))["message"] == "Backend 'ontap-fields' created"
    trident.delete_tbc("ontap-fields")
    # PopulateConfigurationDefaults (ontap_common.go@v26.06.0:2106-2110): the backend is not created.
    trident.create_tbc("ontap-split-0", credentials={"name": "creds-fields"}, cloneSplitDelay="0")
    tbc = trident.wait_tbc("ontap-split-0", lambda t: status_of(t).get("lastOperationStatus") == "Failed")
    assert status_of(tbc)["message"] == (
        "Failed to create backend: problem initializing storage driver 'ontap-nas': "
        "could not populate configuration defaults: invalid value for cloneSplitDelay: 0"
    )
    trident.delete_tbc("ontap-split-0")


def test_backend_outside_the_trident_namespace_is_ignored(trident: Trident, kube_admin):
    namespace = f"not-trident-{uuid.uuid4().hex[:6]}"
    trident.core.create_namespace({"metadata": {"name": namespace}})
    try:
        trident.create_tbc("ontap-elsewhere", namespace=namespace, credentials={"name": "whatever"})
        time.sleep(2)
        tbc = trident.tbc("ontap-elsewhere", namespace)
        assert "status" not in tbc and not tbc["metadata"].get("finalizers")
    finally:
        trident.core.delete_namespace(namespace)


def test_many_backends_at_once_are_all_bound(trident: Trident, control_plane):
    trident.secret("creds-bench")
    names = [f"bench-{index:03d}" for index in range(BENCH_BACKENDS)]
    bound_names: set[str] = set()
    all_bound = threading.Event()
    version = trident.objects.list_namespaced_custom_object(GROUP, "v1", trident.namespace, "tridentbackendconfigs")[
        "metadata"
    ]["resourceVersion"]

    def observe() -> None:
        stream = watch.Watch().stream(
            trident.objects.list_namespaced_custom_object,
            GROUP,
            "v1",
            trident.namespace,
            "tridentbackendconfigs",
            resource_version=version,
            timeout_seconds=int(BENCH_LIMIT_S) + 30,
        )
        for event in stream:
            obj = event["raw_object"]
            if obj["metadata"]["name"].startswith("bench-") and bound(obj):
                bound_names.add(obj["metadata"]["name"])
                if len(bound_names) == BENCH_BACKENDS:
                    all_bound.set()
                    return

    observer = threading.Thread(target=observe, daemon=True)
    observer.start()
    # A client of its own with a pool large enough for the creating threads.
    configuration = client.Configuration()
    config.load_kube_config(config_file=str(control_plane.kubeconfigs["admin"]), client_configuration=configuration)
    configuration.connection_pool_maxsize = 16
    with client.ApiClient(configuration) as api, ThreadPoolExecutor(16) as pool:
        creator = Trident(api, trident.namespace)
        began = time.monotonic()
        list(pool.map(lambda name: creator.create_tbc(name, credentials={"name": "creds-bench"}), names))
        created = time.monotonic() - began
        assert all_bound.wait(BENCH_LIMIT_S), f"only {len(bound_names)} of {BENCH_BACKENDS} bound in {BENCH_LIMIT_S} s"
        elapsed = time.monotonic() - began
    print(
        f"\n{BENCH_BACKENDS} TridentBackendConfigs: created in {created:.2f} s, all Bound {elapsed:.2f} s after the "
        f"first create ({elapsed - created:.2f} s after the last)"
    )

    began = time.monotonic()
    trident.objects.delete_collection_namespaced_custom_object(GROUP, "v1", trident.namespace, "tridentbackendconfigs")
    wait_for(
        lambda: (
            not trident.objects.list_namespaced_custom_object(GROUP, "v1", trident.namespace, "tridentbackendconfigs")[
                "items"
            ]
        ),
        120.0,
        "benchmark TBCs released",
    )
    print(f"{BENCH_BACKENDS} TridentBackendConfigs deleted and released in {time.monotonic() - began:.2f} s")


# ----- the stand-in itself ---------------------------------------------------------------------------------
def test_runs_as_a_process_until_sigterm_and_adopts_what_trident_did(trident: Trident, control_plane):
    trident.secret("creds-adopt")
    trident.create_tbc("ontap-adopt", credentials={"name": "creds-adopt"})
    trident.wait_tbc("ontap-adopt", bound)
    env = {**os.environ, "PYTHONPATH": str(TESTS_DIR)}
    command = [sys.executable, "-m", "standin", "--kubeconfig", str(control_plane.kubeconfigs["standin"])]
    began = time.monotonic()
    # A second stand-in (like a restarted Trident) finds Trident installed and the TBC bound: it rewrites nothing.
    with control_plane.audit.count_writes(users={"standin"}) as writes:
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "[trident stand-in] ready"
            print(f"\nstand-in process ready {time.monotonic() - began:.2f} s after launch")
            time.sleep(1)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=15) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert writes.count == 0, writes
    trident.delete_tbc("ontap-adopt")
    assert process.stderr is not None
    logged = process.stderr.read()
    assert "[trident stand-in] simulating Trident's operator" in logged
    assert "[trident stand-in] stopped" in logged


def test_stop_leaves_no_thread_behind(control_plane):
    standin = StandIn(control_plane.kubeconfigs["standin"])
    began = time.monotonic()
    standin.start()
    started = time.monotonic() - began
    prefix = f"standin-{standin.id}-"
    assert any(t.name.startswith(prefix) for t in threading.enumerate())
    standin.stop()
    assert not [t.name for t in threading.enumerate() if t.name.startswith(prefix)]
    print(f"\nin-process stand-in started in {started:.2f} s")


# ----- last: uninstall with wipeout removes the CRDs; a new TORC installs again ------------------------
def test_uninstall_with_wipeout_then_reinstall(trident: Trident, kube_admin):
    trident.secret("creds-wipe")
    trident.create_tbc("ontap-wipe", credentials={"name": "creds-wipe"})
    trident.wait_tbc("ontap-wipe", bound)
    extensions = client.ApiextensionsV1Api(kube_admin)

    seen = torc_states(
        trident,
        lambda: trident.patch_torc({"spec": {"uninstall": True, "wipeout": ["crds"]}}),
        lambda obj: status_of(obj).get("status") == "Uninstalled",
    )
    assert seen[-2:] == ["Uninstalling", "Uninstalled"], seen
    status = status_of(trident.torc())
    assert status["message"] == "Uninstalled Trident and removed CRDs" + UNINSTALLATION_NOTE
    assert status["version"] == ""
    assert not [name for name in TRIDENT_CRD_NAMES if trident_crd_established(extensions, name)]
    assert trident_crd_established(extensions, f"tridentorchestrators.{GROUP}")

    # Uninstalled is final for that CR: delete it, and a new one installs Trident (and its CRDs) again.
    trident.delete_torc(TORC)
    trident.create_torc(TORC, {"namespace": trident.namespace})
    torc = trident.wait_torc(lambda t: status_of(t).get("status") == "Installed", timeout=30.0)
    image = client.AppsV1Api(kube_admin).read_namespaced_deployment("trident-operator", trident.namespace)
    assert status_of(torc)["version"] == "v" + image.spec.template.spec.containers[0].image.rsplit(":", 1)[1]
    assert all(trident_crd_established(extensions, name) for name in TRIDENT_CRD_NAMES)
