"""The embedded control plane the integration tests rely on: TLS, RBAC, exact write counts, CRDs, clean stop."""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from controlplane import CONTROLLER_MANAGER_USER, ControlPlane
from kubernetes import client, config
from kubernetes.client.exceptions import ApiException
from standin.crds import SNAPSHOT_CRDS, TRIDENT_CRDS, apply_crds

pytestmark = pytest.mark.cluster


def user_api(plane: ControlPlane, user: str) -> client.ApiClient:
    return config.new_client_from_config(config_file=str(plane.kubeconfigs[user]))


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"condition not met within {timeout} s"
        time.sleep(0.1)


def exists(read) -> bool:
    try:
        read()
    except ApiException as error:
        if error.status in (403, 404):
            return False
        raise
    return True


def test_api_server_answers_with_tls_verification_on(control_plane, kube_admin):
    assert kube_admin.configuration.verify_ssl
    assert client.VersionApi(kube_admin).get_code().git_version == "v1.20.2"
    # The server's certificate must not verify against the system trust store: proves the CA check is real.
    with pytest.raises(urllib.error.URLError) as untrusted:
        urllib.request.urlopen(control_plane.server + "/version", timeout=5, context=ssl.create_default_context())
    assert isinstance(untrusted.value.reason, ssl.SSLCertVerificationError)


def test_rbac_is_enforced(control_plane, kube_admin):
    assert client.CoreV1Api(kube_admin).list_namespaced_secret("kube-system").items is not None
    with user_api(control_plane, "viewer") as viewer, pytest.raises(ApiException) as denied:
        client.CoreV1Api(viewer).list_namespaced_secret("kube-system")
    assert denied.value.status == 403
    assert 'User "viewer" cannot list resource "secrets"' in json.loads(denied.value.body)["message"]


def test_audit_counts_each_write_exactly(control_plane, kube_admin, namespace):
    core = client.CoreV1Api(kube_admin)
    with control_plane.audit.count_writes(users={"admin"}) as writes:
        for index in range(3):
            core.create_namespaced_config_map(namespace, {"metadata": {"name": f"cm-{index}"}})
        core.patch_namespaced_config_map("cm-0", namespace, {"data": {"key": "value"}})
        core.delete_namespaced_config_map("cm-1", namespace)
    assert writes.count == 5, writes
    assert [(e.verb, e.resource, e.namespace, e.name, e.code) for e in writes.events] == [
        ("create", "configmaps", namespace, "cm-0", 201),
        ("create", "configmaps", namespace, "cm-1", 201),
        ("create", "configmaps", namespace, "cm-2", 201),
        ("patch", "configmaps", namespace, "cm-0", 200),
        ("delete", "configmaps", namespace, "cm-1", 200),
    ], writes


def test_audit_counts_no_write_for_reads(control_plane, kube_admin, namespace):
    core = client.CoreV1Api(kube_admin)
    core.create_namespaced_config_map(namespace, {"metadata": {"name": "existing"}})
    audit = control_plane.audit
    start = audit.mark()
    with audit.count_writes(users={"admin"}) as writes:
        core.read_namespaced_config_map("existing", namespace)
        core.list_namespaced_config_map(namespace)
        assert not exists(lambda: core.read_namespaced_config_map("missing", namespace))
    assert writes.count == 0, writes
    # The reads themselves were logged, so a zero above is not an empty log.
    reads = audit.events_since(start, users={"admin"}, verbs={"get", "list"})
    assert [(e.verb, e.name) for e in reads if e.resource == "configmaps"] == [
        ("get", "existing"),
        ("list", ""),
        ("get", "missing"),
    ]


def test_audit_user_filter_excludes_other_users(control_plane, kube_admin, namespace):
    rbac = client.RbacAuthorizationV1Api(kube_admin)
    rule = {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["create"]}
    rbac.create_namespaced_role(namespace, {"metadata": {"name": "cm-writer"}, "rules": [rule]})
    rbac.create_namespaced_role_binding(
        namespace,
        {
            "metadata": {"name": "cm-writer"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "cm-writer"},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "automation"}],
        },
    )
    core = client.CoreV1Api(kube_admin)
    child = f"{namespace}-child"
    with user_api(control_plane, "automation") as automation_api:
        automation = client.CoreV1Api(automation_api)
        review = {"spec": {"resourceAttributes": {"namespace": namespace, "verb": "create", "resource": "configmaps"}}}
        # The RBAC authorizer learns about the new binding through a watch; wait until it applies.
        authorization = client.AuthorizationV1Api(automation_api)
        wait_for(lambda: authorization.create_self_subject_access_review(review).status.allowed)
        audit = control_plane.audit
        with (
            audit.count_writes(users={"admin"}) as by_admin,
            audit.count_writes(users={"automation"}) as by_automation,
            audit.count_writes() as by_anyone,
        ):
            automation.create_namespaced_config_map(namespace, {"metadata": {"name": "a1"}})
            automation.create_namespaced_config_map(namespace, {"metadata": {"name": "a2"}})
            core.create_namespace({"metadata": {"name": child}})
            # The controller manager reacts with writes of its own (the namespace's default service account).
            wait_for(lambda: exists(lambda: core.read_namespaced_service_account("default", child)))
    core.delete_namespace(child)
    assert [(e.verb, e.resource, e.name) for e in by_admin.events] == [("create", "namespaces", child)], by_admin
    assert [(e.verb, e.name) for e in by_automation.events] == [("create", "a1"), ("create", "a2")], by_automation
    controller_writes = [e for e in by_anyone.events if e.user == CONTROLLER_MANAGER_USER]
    assert any(e.resource == "serviceaccounts" and e.namespace == child for e in controller_writes), by_anyone


def test_crds_install_and_accept_objects_with_server_side_dry_run(kube_admin, namespace):
    trident = apply_crds(kube_admin, TRIDENT_CRDS)
    snapshot = apply_crds(kube_admin, SNAPSHOT_CRDS)
    assert len(trident) == 21
    assert "tridentorchestrators.trident.netapp.io" not in trident
    assert sorted(snapshot) == [
        "volumesnapshotclasses.snapshot.storage.k8s.io",
        "volumesnapshotcontents.snapshot.storage.k8s.io",
        "volumesnapshots.snapshot.storage.k8s.io",
    ]
    tbc_crd = client.ApiextensionsV1Api(kube_admin).read_custom_resource_definition(
        "tridentbackendconfigs.trident.netapp.io"
    )
    columns = [c.name for c in tbc_crd.spec.versions[0].additional_printer_columns if not c.priority]
    assert columns == ["Backend Name", "Backend UUID", "Phase", "Status"]

    custom = client.CustomObjectsApi(kube_admin)
    tbc = {
        "apiVersion": "trident.netapp.io/v1",
        "kind": "TridentBackendConfig",
        "metadata": {"name": "ontap-nas"},
        "spec": {"version": 1, "storageDriverName": "ontap-nas", "credentials": {"name": "ontap-creds"}},
    }
    created = custom.create_namespaced_custom_object(
        "trident.netapp.io", "v1", namespace, "tridentbackendconfigs", tbc, dry_run="All"
    )
    assert created["spec"] == tbc["spec"]  # nothing pruned
    vsc = {
        "apiVersion": "snapshot.storage.k8s.io/v1",
        "kind": "VolumeSnapshotClass",
        "metadata": {"name": f"trident-{namespace}"},
        "driver": "csi.trident.netapp.io",
        "deletionPolicy": "Delete",
        "parameters": {"snapshotReserve": "5"},
    }
    custom.create_cluster_custom_object("snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", vsc, dry_run="All")
    # Dry run stored nothing.
    assert not exists(
        lambda: custom.get_cluster_custom_object(
            "snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", vsc["metadata"]["name"]
        )
    )
    # The schema is enforced: deletionPolicy is an enum and driver is required.
    invalid = {key: value for key, value in vsc.items() if key != "driver"} | {"deletionPolicy": "Keep"}
    with pytest.raises(ApiException) as rejected:
        custom.create_cluster_custom_object(
            "snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", invalid, dry_run="All"
        )
    assert rejected.value.status == 422
    assert "deletionPolicy" in rejected.value.body
    assert "driver: Required value" in rejected.value.body


def test_stop_leaves_no_process_behind(tmp_path: Path):
    plane = ControlPlane(tmp_path / "cp")
    plane.start()
    try:
        assert plane.is_healthy()
        pids = plane.processes()
        assert sorted(entry[1] for entry in pids) == ["etcd", "kube-apiserver", "kube-controller-manager"]
        # As `hack/controlplane.py down` does it: from the state dir, without the Popen handles.
        elsewhere = ControlPlane.from_state(plane.state_dir)
        assert elsewhere is not None
        elsewhere.stop()
        assert elsewhere.processes() == []
    finally:
        plane.stop()  # idempotent; also reaps its children
    assert [entry[0] for entry in pids if Path(f"/proc/{entry[0]}").exists()] == []
    assert not plane.etcd_data_dir.exists()
    assert not plane.is_healthy()
    assert ControlPlane.from_state(plane.state_dir) is None
