"""Adopting a live cluster: Trident's objects applied by a user with kubectl (client-side apply, as most were),
adopted through the adopt module, then converged with the stack module from the adopted spec.

The first converge writes nothing: every object already is what the adopted spec renders, apart from
tridentops' marks of ownership, so nothing is changed and nothing is taken over; a rerun is the same. Taking
ownership on purpose (``adopt``, so that prune may delete them later) writes each adopted object once, and
only its metadata: every field Trident and Kubernetes read is the same before and after (checked here field
by field), and the stack's claim Lease is written. From then on a rerun writes nothing and reports no change.

The operator bundle stands for one installed with kubectl from the release's deploy/ directory; it is
tridentops' rendering of that bundle for the same release without tridentops' labels, so that only ownership
changes. (A bundle that differs from tridentops' is brought to tridentops' on the first converge: the operator
restarts; Trident itself is not reinstalled because the TridentOrchestrator does not change.)
"""

from __future__ import annotations

import contextlib
import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import GROUP, raw_request, reset_trident, unless_gone, wait_until
from kubernetes import client

from tridentops_pulumi.spec.kinds import kind_of
from tridentops_pulumi.spec.render_trident import install_objects
from tridentops_pulumi.spec.trident import TridentSpec

pytestmark = pytest.mark.cluster
ROOT = Path(__file__).resolve().parents[2]
NS = "trident"
STACK = "adopt-live"
VERSION = "26.06.0"
PASSWORD = "Adopt-live-pw-3"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
# The users' own metadata (a team label, Argo CD's annotations): the spec says them, so they adopt with no loss.
USER_METADATA = {"labels": {"team": "storage"}, "annotations": {"argocd.argoproj.io/sync-wave": "-1"}}

SECRET = {
    "apiVersion": "v1",
    "kind": "Secret",
    "metadata": {"name": "nas-secret", "namespace": NS},
    "type": "Opaque",
    "stringData": {"username": "vsadmin", "password": PASSWORD},
}
TORC = {
    "apiVersion": "trident.netapp.io/v1",
    "kind": "TridentOrchestrator",
    "metadata": {"name": "trident", **copy.deepcopy(USER_METADATA)},
    "spec": {
        "namespace": NS,
        "imagePullPolicy": "IfNotPresent",
        "logLevel": "DEBUG",  # logrus reads it in any case; the operator still runs with --debug
        "fsGroupPolicy": "file",
        "logFormat": "json",
        "silenceAutosupport": True,
        "windows": False,
        "enableForceDetach": True,
        "nodePluginNodeSelector": {"kubernetes.io/os": "linux"},
    },
}
TBC = {
    "apiVersion": "trident.netapp.io/v1",
    "kind": "TridentBackendConfig",
    "metadata": {"name": "nas", "namespace": NS, **copy.deepcopy(USER_METADATA)},
    "spec": {
        "version": 1,
        "storageDriverName": "ontap-nas",
        "backendName": "nas",
        "managementLIF": "10.0.0.1:8443",
        "dataLIF": "10.0.0.2",
        "svm": "svm_nfs",
        "credentials": {"name": "nas-secret"},
        "deletionPolicy": "retain",
        "limitVolumeSize": "50Gi",
        "defaults": {"spaceReserve": "none", "snapshotReserve": "10"},
        "storage": [{"labels": {"performance": "gold"}}],
    },
}
SC = {
    "apiVersion": "storage.k8s.io/v1",
    "kind": "StorageClass",
    "metadata": {"name": "adopt-gold", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
    "provisioner": "csi.trident.netapp.io",
    "parameters": {"backendType": "ontap-nas", "selector": "performance=gold", "csi.storage.k8s.io/fstype": "nfs"},
    "reclaimPolicy": "Retain",
    "volumeBindingMode": "WaitForFirstConsumer",
    "allowVolumeExpansion": True,
    "mountOptions": ["nfsvers=4.1"],
}
VSC = {
    "apiVersion": "snapshot.storage.k8s.io/v1",
    "kind": "VolumeSnapshotClass",
    "metadata": {"name": "adopt-snap"},
    "driver": "csi.trident.netapp.io",
    "deletionPolicy": "Retain",
}


READER = "adopt-reader"


@contextlib.contextmanager
def config_role(api: client.ApiClient, user: str) -> Iterator[None]:
    """``user`` bound to the shipped tridentops-config ClusterRole (created if absent) for the block."""
    rbac = client.RbacAuthorizationV1Api(api)
    role = yaml.safe_load((ROOT / "rbac" / "tridentops-config.yaml").read_text())
    created = unless_gone(rbac.read_cluster_role, role["metadata"]["name"]) is None
    if created:
        rbac.create_cluster_role(role)
    binding = {
        "metadata": {"name": user},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role["metadata"]["name"]},
        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}],
    }
    rbac.create_cluster_role_binding(binding)
    try:
        yield
    finally:
        rbac.delete_cluster_role_binding(user)
        if created:
            rbac.delete_cluster_role(role["metadata"]["name"])


def kubectl_apply(control_plane: Any, obj: dict[str, Any]) -> None:
    """What `kubectl apply` does for an object that does not exist: a create carrying the last-applied
    annotation, by field manager kubectl-client-side-apply."""
    body = copy.deepcopy(obj)
    meta = body["metadata"]
    meta.setdefault("annotations", {})[LAST_APPLIED] = json.dumps(obj, sort_keys=True)
    kind = kind_of(obj)
    path = kind.collection_path(meta.get("namespace")) + "?fieldManager=kubectl-client-side-apply"
    answer = raw_request(control_plane, control_plane.tokens["admin"], "POST", path, body)
    assert answer.status == 201, f"{kind.kind} {meta['name']}: {answer}"


def read(control_plane: Any, obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj["metadata"]
    path = kind_of(obj).object_path(meta["name"], meta.get("namespace"))
    answer = raw_request(control_plane, control_plane.tokens["admin"], "GET", path)
    assert answer.status == 200, answer
    return answer.body


def content(obj: dict[str, Any]) -> dict[str, Any]:
    """What Trident and Kubernetes read: everything but metadata (and the status controllers write)."""
    return {k: v for k, v in obj.items() if k not in ("metadata", "status")}


def bundle() -> list[dict[str, Any]]:
    """The operator bundle of the release as a user applied it: no tridentops labels; the Namespace exists. The
    operator runs with --debug=true, as tridentops runs it for an orchestrator at logLevel debug."""
    objects = install_objects(TridentSpec(version=VERSION, log_level="debug"), {})
    return [o for o in objects if o["kind"] not in ("Namespace", "TridentOrchestrator")]


@pytest.fixture
def cluster(control_plane, kube_admin, standin):
    reset_trident(kube_admin)
    core = client.CoreV1Api(kube_admin)
    if not unless_gone(core.read_namespace, NS):
        core.create_namespace({"metadata": {"name": NS}})
    yield
    objects = client.CustomObjectsApi(kube_admin)
    unless_gone(
        objects.delete_cluster_custom_object, "snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", "adopt-snap"
    )
    unless_gone(client.StorageV1Api(kube_admin).delete_storage_class, "adopt-gold")
    unless_gone(client.CoordinationV1Api(kube_admin).delete_namespaced_lease, f"tridentops-stack-{STACK}", "default")
    unless_gone(
        objects.patch_namespaced_custom_object,
        GROUP,
        "v1",
        NS,
        "tridentbackendconfigs",
        "nas",
        {"metadata": {"finalizers": None}},
    )
    unless_gone(objects.delete_namespaced_custom_object, GROUP, "v1", NS, "tridentbackendconfigs", "nas")
    unless_gone(core.delete_namespaced_secret, "nas-secret", NS)
    reset_trident(kube_admin)


def test_objects_applied_with_kubectl_are_adopted_and_converge_without_changing_anything(
    control_plane, ansible, kube_admin, cluster
):
    for obj in bundle():
        kubectl_apply(control_plane, obj)
    wait_until(
        lambda: (
            "tridentorchestrators.trident.netapp.io"
            in {c.metadata.name for c in client.ApiextensionsV1Api(kube_admin).list_custom_resource_definition().items}
        ),
        what="the TridentOrchestrator CRD",
    )
    for obj in (TORC, SECRET, TBC, SC, VSC):
        kubectl_apply(control_plane, obj)
    objects = client.CustomObjectsApi(kube_admin)
    wait_until(
        lambda: (
            (objects.get_cluster_custom_object(GROUP, "v1", "tridentorchestrators", "trident").get("status") or {}).get(
                "status"
            )
            == "Installed"
        ),
        what="the stand-in installing Trident",
    )

    with ansible.writes() as reads_only:
        adopted = ansible.module("adopt", stack_name=STACK, check=True)
    assert not adopted.get("failed"), adopted
    assert reads_only.count == 0, reads_only
    assert adopted["losses"] == [], adopted["losses"]
    assert adopted["install_method"] == "operator"
    assert PASSWORD not in json.dumps(adopted)
    spec = adopted["spec"]
    assert spec["trident"]["install_method"] == "operator" and spec["trident"]["version"] == VERSION
    assert spec["backends"][0]["credentials"] == {"name": "nas-secret"}
    taken = {"TridentOrchestrator/trident", "TridentBackendConfig/trident/nas"}
    taken |= {"StorageClass/adopt-gold", "VolumeSnapshotClass/adopt-snap", "Deployment/trident/trident-operator"}
    assert taken <= set(adopted["adopt"])
    # rbac/tridentops-config.yaml is enough to adopt (docs/rbac.md): the same result, as a user holding only it;
    # a user without it is refused.
    denied = ansible.module("adopt", stack_name=STACK, impersonate_user="adopt-nobody")
    assert denied.get("failed") and "forbidden" in denied["msg"].lower(), denied
    with config_role(kube_admin, READER):
        as_reader = ansible.module("adopt", stack_name=STACK, impersonate_user=READER)
    assert {k: v for k, v in as_reader.items() if k != "invocation"} == {
        k: v for k, v in adopted.items() if k != "invocation"
    }
    # The command reads the same cluster (through the kubernetes library) to the same spec.
    command = [sys.executable, "-m", "tridentops_pulumi.cli", "adopt", "--kubeconfig", str(ansible.kubeconfig)]
    with ansible.writes() as command_writes:
        cli = subprocess.run([*command, "--name", STACK], capture_output=True, text=True, check=False)
    assert cli.returncode == 0, cli.stderr
    assert yaml.safe_load(cli.stdout) == spec and command_writes.count == 0
    assert "# Adopted by tridentops. Installation: operator" in cli.stdout

    # Converging the adopted spec as it is: zero writes, the claim Lease included, and no change, twice.
    for attempt in ("first", "rerun"):
        with ansible.writes() as untouched:
            left = ansible.module("stack", spec=spec, spec_id=STACK)
        assert not left.get("failed") and left["changed"] is False, (attempt, left)
        assert untouched.count == 0, (attempt, untouched)
    assert read(control_plane, TBC)["metadata"]["labels"] == USER_METADATA["labels"]  # nothing taken over
    assert spec["backends"][0]["object_labels"] == USER_METADATA["labels"]
    assert spec["trident"]["annotations"] == USER_METADATA["annotations"]

    everything = [*bundle(), TORC, TBC, SC, VSC]
    before = {(o["kind"], o["metadata"]["name"]): content(read(control_plane, o)) for o in everything}
    with ansible.writes() as writes:
        converged = ansible.module("stack", spec=spec, spec_id=STACK, adopt=adopted["adopt"])
    assert not converged.get("failed"), converged
    after = {(o["kind"], o["metadata"]["name"]): content(read(control_plane, o)) for o in everything}
    assert after == before  # nothing Trident or Kubernetes reads has changed
    # Taking over writes ownership: one apply per adopted object, and the stack's claim.
    lease = [e for e in writes.events if e.resource == "leases.coordination.k8s.io"]
    applied = [e for e in writes.events if e not in lease]
    assert all(e.verb == "patch" for e in applied), writes
    assert sorted(e.name for e in applied) == sorted(ref.rsplit("/", 1)[1] for ref in adopted["adopt"]), writes
    assert lease and all(e.name == f"tridentops-stack-{STACK}" for e in lease), writes
    assert read(control_plane, TBC)["metadata"]["labels"]["tridentops.io/stack"] == STACK
    assert read(control_plane, SECRET)["metadata"].get("labels") is None  # the Secret is referred to, never taken

    with ansible.writes() as again:
        rerun = ansible.module("stack", spec=spec, spec_id=STACK)
    assert rerun["changed"] is False, rerun
    assert again.count == 0, again


def test_the_module_fails_on_a_loss_with_the_spec_and_the_losses_and_accept_loss_takes_it(ansible):
    lossy = copy.deepcopy(TBC)
    lossy["spec"]["futureField"] = "x"
    with ansible.writes() as writes:
        refused = ansible.module("adopt", objects=[lossy])
        accepted = ansible.module("adopt", objects=[lossy], accept_loss=True)
    assert writes.count == 0, writes
    assert refused["failed"] and "TridentBackendConfig nas: spec.futureField" in refused["msg"]
    assert (
        refused["losses"]
        == accepted["losses"]
        == [
            {
                "kind": "TridentBackendConfig",
                "name": "nas",
                "path": "spec.futureField",
                "reason": "the spec cannot express it (not rendered)",
            }
        ]
    )
    assert not accepted.get("failed") and accepted["spec"]["backends"][0]["name"] == "nas"
