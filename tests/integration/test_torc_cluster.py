"""A TridentOrchestrator setting every field of Trident 26.06 (tests/integration/torc_fields.py): the real
kube-apiserver stores it whole (server-side apply, dry run), and the stand-in for Trident's operator installs
with it; what the operator refuses, the stand-in refuses with the operator's message and the spec refuses first.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import wait_until
from kubernetes import client
from kubernetes.client.exceptions import ApiException
from server_dry_run import admin_session, assert_dry_run_keeps_everything, create_prerequisites
from standin.controller import GROUP, StandIn
from torc_fields import ALL_FIELDS, UPSTREAM_TORC_FIELDS

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeSession
from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, validate
from ansible_collections.tridentops.storage.plugins.module_utils.spec.render_trident import install_objects

pytestmark = pytest.mark.cluster


def rendered(trident: dict[str, Any]) -> list[dict[str, Any]]:
    return install_objects(load({"name": "torc", "trident": trident}).trident, {"tridentops.io/stack": "torc"})


def by_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return next(o for o in objects if o["kind"] == kind)


@pytest.fixture(scope="module")
def session(control_plane, kube_admin) -> KubeSession:
    return admin_session(control_plane, kube_admin)


def test_the_api_server_stores_every_field(session: KubeSession, control_plane, kube_admin):
    trident = {**copy.deepcopy(ALL_FIELDS), "namespace": f"torc-dry-{uuid.uuid4().hex[:6]}"}
    objects = rendered(trident)
    assert sorted(by_kind(objects, "TridentOrchestrator")["spec"]) == sorted(UPSTREAM_TORC_FIELDS)
    create_prerequisites(session, kube_admin, objects)
    try:
        assert_dry_run_keeps_everything(session, control_plane, objects)
    finally:
        client.CoreV1Api(kube_admin).delete_namespace(trident["namespace"])


class Installed:
    def __init__(self, api: client.ApiClient, namespace: str) -> None:
        self.objects = client.CustomObjectsApi(api)
        self.namespace = namespace

    def torc(self) -> dict[str, Any]:
        return self.objects.get_cluster_custom_object(GROUP, "v1", "tridentorchestrators", "trident")

    def patch(self, spec: dict[str, Any]) -> None:
        self.objects.patch_cluster_custom_object(GROUP, "v1", "tridentorchestrators", "trident", {"spec": spec})

    def wait_status(self, status: str) -> dict[str, Any]:
        def reached() -> dict[str, Any] | None:
            torc = self.torc()
            return torc if (torc.get("status") or {}).get("status") == status else None

        return wait_until(reached, 20.0, f"TridentOrchestrator {status}", interval=0.05)


@pytest.fixture(scope="module")
def installed(kube_admin: client.ApiClient, session: KubeSession, standin: StandIn) -> Iterator[Installed]:
    """The rendered install objects (CRD, namespace, operator RBAC and Deployment, TORC) applied for real."""
    objects_api = client.CustomObjectsApi(kube_admin)
    leftovers = []
    try:
        leftovers = objects_api.list_cluster_custom_object(GROUP, "v1", "tridentorchestrators")["items"]
    except ApiException as error:
        if error.status != 404:
            raise
    assert not leftovers, "another TridentOrchestrator exists"
    namespace = f"torc-{uuid.uuid4().hex[:6]}"
    objects = rendered({**copy.deepcopy(ALL_FIELDS), "namespace": namespace})
    create_prerequisites(session, kube_admin, objects)
    for obj in objects:
        if obj["kind"] not in ("Namespace", "CustomResourceDefinition"):
            session.apply(obj)
    yield Installed(kube_admin, namespace)
    objects_api.delete_cluster_custom_object(GROUP, "v1", "tridentorchestrators", "trident")

    def torc_gone() -> bool:
        try:
            objects_api.get_cluster_custom_object(GROUP, "v1", "tridentorchestrators", "trident")
        except ApiException as error:
            return error.status == 404
        return False

    wait_until(torc_gone, 20.0, "TridentOrchestrator gone", interval=0.05)
    # Cluster-scoped objects outlive the namespace: other suites expect a cluster without the operator's role.
    rbac = client.RbacAuthorizationV1Api(kube_admin)
    rbac.delete_cluster_role_binding(by_kind(objects, "ClusterRoleBinding")["metadata"]["name"])
    rbac.delete_cluster_role(by_kind(objects, "ClusterRole")["metadata"]["name"])
    client.CoreV1Api(kube_admin).delete_namespace(namespace)


def test_the_operator_installs_with_every_field_set(installed: Installed):
    torc = installed.wait_status("Installed")
    assert sorted(torc["spec"]) == sorted(UPSTREAM_TORC_FIELDS)
    status = torc["status"]
    assert (status["version"], status["namespace"]) == ("v26.06.0", installed.namespace)
    params = status["currentInstallationParams"]
    assert (params["logLevel"], params["kubeletDir"], params["imagePullPolicy"]) == (
        "debug",
        "/var/lib/kubelet",
        "Always",
    )


# Values the operator of 26.06.0 refuses, each with its message (installer.go setInstallationParams and
# validateResources), and the spec change that would write it: the spec refuses it at that path first.
REFUSED = [
    (
        {"resources": {"controller": {"trident-main": {"limits": {"memory": "64Mi"}}}}},
        "failed validating resources list specified: \nmemory request 80Mi exceeds limit 64Mi for container "
        '"trident-main" in Controller',
        {"resources": {"controller": {"trident-main": {"limits": {"memory": "64Mi"}}}}},
        "trident.resources.controller.trident-main.limits.memory",
    ),
    (
        {"resources": {"node": {"linux": {"trident-main": {"limits": {"cpu": "-1"}}}}}},
        'failed validating resources list specified: \ninvalid CPU limit for container "trident-main" in NodeLinux: '
        # validateContainer goes on to compare the (default) request with the negative limit.
        "must be greater than or equal to 0; "
        'CPU request 10m exceeds limit -1 for container "trident-main" in NodeLinux',
        {"resources": {"node": {"linux": {"trident-main": {"limits": {"cpu": "-1"}}}}}},
        "trident.resources.node.linux.trident-main.limits.cpu",
    ),
    (
        {"tridentImage": "registry.example.com/mirror/trident:25.06.3"},
        "unsupported Trident image version '25.06.3', supported Trident version is '26.06.0'",
        {"trident_image": "registry.example.com/mirror/trident:25.06.3"},
        "trident.trident_image",
    ),
    (
        {"httpRequestTimeout": "-90s"},
        "a negative value was used for the http request timeout, which is not supported",
        {"http_request_timeout": "-90s"},
        "trident.http_request_timeout",
    ),
]


@pytest.mark.parametrize(("torc_change", "message", "spec_change", "path"), REFUSED, ids=[r[3] for r in REFUSED])
def test_what_the_operator_refuses_the_stand_in_and_the_spec_refuse(
    installed: Installed, torc_change: dict[str, Any], message: str, spec_change: dict[str, Any], path: str
):
    installed.wait_status("Installed")
    original = {key: installed.torc()["spec"][key] for key in torc_change}
    # A merge patch merges maps: clear the key first so the TORC holds exactly the change.
    installed.patch(dict.fromkeys(torc_change))
    installed.patch(torc_change)
    try:
        failed = installed.wait_status("Failed")
        assert failed["status"]["message"] == f"Failed to install Trident; err: {message}"
    finally:
        installed.patch(dict.fromkeys(torc_change))
        installed.patch(original)
    installed.wait_status("Installed")
    _spec, issues = validate({"name": "torc", "trident": {**copy.deepcopy(ALL_FIELDS), **spec_change}})
    assert [i.path for i in issues if i.severity == "error"] == [path]
