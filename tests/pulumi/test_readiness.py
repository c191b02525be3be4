"""The readiness waits the components annotate name the status Trident really reports.

No Pulumi engine (and no Kubernetes provider) runs here, so this test plays the engine's part: it applies
what a TridentStack declares, stage by stage, and before each next stage polls the live objects until
their ``pulumi.com/waitFor`` expression holds, as the provider would (waitfor.py). Trident is the
repository's stand-in (tests/standin/controller.py), which writes the status fields Trident's operator and CRD
controller write. A wait that named the wrong field or value would never hold and the test would fail.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from example_specs import load_example
from harness import kubernetes_objects
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from standin.crds import SNAPSHOT_CRDS, TRIDENT_CRDS, apply_crds, wait_established
from waitfor import holds

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.client import connect
from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils.spec.kinds import kind_of
from tridentops_pulumi import TridentStack

pytestmark = pytest.mark.cluster
GROUP = "trident.netapp.io"
WAIT_FOR = "pulumi.com/waitFor"
BACKEND_WAIT = '["jsonpath={.status.phase}=Bound", "jsonpath={.status.lastOperationStatus}=Success"]'


def no_trident(api: client.ApiClient) -> None:
    """No TridentOrchestrator, no backend configs (the stand-in releases finalizers as Trident would)."""
    objects = client.CustomObjectsApi(api)
    for torc in _listed(objects, "tridentorchestrators"):
        objects.delete_cluster_custom_object(GROUP, "v1", "tridentorchestrators", torc["metadata"]["name"])
    for tbc in _listed(objects, "tridentbackendconfigs"):
        meta = tbc["metadata"]
        objects.patch_namespaced_custom_object(
            GROUP, "v1", meta["namespace"], "tridentbackendconfigs", meta["name"], {"metadata": {"finalizers": None}}
        )
        objects.delete_namespaced_custom_object(GROUP, "v1", meta["namespace"], "tridentbackendconfigs", meta["name"])
    storage = client.StorageV1Api(api)
    for sc in storage.list_storage_class(label_selector="tridentops.io/stack=readiness").items:
        storage.delete_storage_class(sc.metadata.name)
    deadline = time.monotonic() + 30
    while _listed(objects, "tridentorchestrators") or _listed(objects, "tridentbackendconfigs"):
        assert time.monotonic() < deadline, "Trident objects not gone within 30 s"
        time.sleep(0.1)


def _listed(objects: client.CustomObjectsApi, plural: str) -> list[dict[str, Any]]:
    try:
        items: list[dict[str, Any]] = objects.list_cluster_custom_object(GROUP, "v1", plural)["items"]
    except ApiException as error:
        if error.status != 404:  # the CRD is not registered (yet): nothing of that kind exists
            raise
        return []
    return items


@pytest.fixture
def clean_cluster(standin, kube_admin) -> Iterator[None]:
    apply_crds(kube_admin, TRIDENT_CRDS)
    apply_crds(kube_admin, SNAPSHOT_CRDS)
    no_trident(kube_admin)
    yield
    no_trident(kube_admin)


def test_each_wait_holds_once_trident_reports_ready(mocks, clean_cluster, control_plane, kube_admin):
    document = load_example("onprem")
    document["name"] = "readiness"
    objects = kubernetes_objects(mocks.run(lambda: TridentStack("ready", document)))
    session = KubeSession(connect({"kubeconfig": str(control_plane.kubeconfigs["admin"])}))
    try:
        waited = apply_as_the_engine_would(session, kube_admin, objects)
    finally:
        # Leave the shared cluster as other suites expect it: the namespace and CRDs may stay.
        for obj in reversed(objects):
            if obj["kind"] not in ("Namespace", "CustomResourceDefinition"):
                session.delete(kind_of(obj), obj["metadata"]["name"], obj["metadata"].get("namespace"))
    assert waited == [
        ("TridentOrchestrator", "jsonpath={.status.status}=Installed"),
        *[("TridentBackendConfig", BACKEND_WAIT)] * 3,
    ]


def test_the_wait_evaluator_is_not_satisfied_by_other_states():
    expression = "jsonpath={.status.phase}=Bound"
    assert holds(expression, {"status": {"phase": "Bound"}})
    assert not holds(expression, {"status": {"phase": "Failed"}})
    assert not holds(expression, {"status": {}})
    assert not holds(expression, {})


# The engine's order: the installation, then (after the orchestrator's wait) backends and classes.
INSTALL = ("Namespace", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding")
STAGES = ((*INSTALL, "Deployment", "TridentOrchestrator"), ("Secret", "TridentBackendConfig", "StorageClass"))


def apply_as_the_engine_would(session: KubeSession, kube_admin, objects: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Apply stage by stage; before the next stage, poll until every waitFor expression holds."""
    waited: list[tuple[str, str]] = []
    for stage in STAGES:
        applied = [o for o in objects if o["kind"] in stage]
        for obj in applied:
            session.apply(obj)
            if obj["kind"] == "CustomResourceDefinition":
                wait_established(client.ApiextensionsV1Api(kube_admin), [obj["metadata"]["name"]])
        for obj in applied:
            expression = obj["metadata"].get("annotations", {}).get(WAIT_FOR)
            if expression is None:
                continue
            meta = obj["metadata"]
            deadline = time.monotonic() + 30
            while not holds(expression, session.get(kind_of(obj), meta["name"], meta.get("namespace"))):
                assert time.monotonic() < deadline, f"{obj['kind']}/{meta['name']}: {expression} never held"
                time.sleep(0.1)
            waited.append((obj["kind"], expression))
    return waited
