"""Server-side dry runs of rendered or declared objects against the embedded control plane, for the example
and Pulumi suites alike: what a real kube-apiserver would store must hold every field sent, and a dry run
must persist nothing."""

from __future__ import annotations

from typing import Any

from kubernetes import client
from standin.crds import SNAPSHOT_CRDS, TRIDENT_CRDS, apply_crds, wait_established

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import connect
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.diff import drift
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession

PREREQUISITES = ("Namespace", "CustomResourceDefinition")


def admin_session(control_plane: Any, kube_admin: client.ApiClient) -> KubeSession:
    """A session as admin on a cluster with Trident's CRDs (its operator registers them) and the snapshotter's."""
    apply_crds(kube_admin, TRIDENT_CRDS)
    apply_crds(kube_admin, SNAPSHOT_CRDS)
    return KubeSession(connect({"kubeconfig": str(control_plane.kubeconfigs["admin"])}))


def create_prerequisites(session: KubeSession, kube_admin: client.ApiClient, objects: list[dict[str, Any]]) -> None:
    """Create the namespace and CRDs among ``objects`` for real: a dry run of a namespaced object or a custom
    resource needs them."""
    prerequisites = [o for o in objects if o["kind"] in PREREQUISITES]
    for obj in prerequisites:
        session.apply(obj)
    crds = [o["metadata"]["name"] for o in prerequisites if o["kind"] == "CustomResourceDefinition"]
    if crds:
        wait_established(client.ApiextensionsV1Api(kube_admin), crds)


def assert_dry_run_keeps_everything(session: KubeSession, control_plane: Any, objects: list[dict[str, Any]]) -> None:
    """Each object, applied with dryRun, comes back as itself with every field sent (the server may add
    defaults, never drop fields); each apply is a dry-run write and nothing else is written."""
    with control_plane.audit.count_writes(users={"admin"}) as writes:
        for obj in objects:
            result = session.apply(obj, dry_run=True)
            assert (result["kind"], result["metadata"]["name"]) == (obj["kind"], obj["metadata"]["name"])
            assert drift(obj, result) == [], f"{obj['kind']}/{obj['metadata']['name']}"
    assert writes.count == len(objects)
    assert all(event.dry_run for event in writes.events), "a dry run persists nothing"
