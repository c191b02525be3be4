"""Every Kubernetes object the components declare is accepted by a real kube-apiserver (server-side dry run).

The objects are taken from what the components send to the (mock) engine: the same inputs the
Kubernetes provider would turn into its server-side apply, readiness annotations included. Trident's
CRDs (registered by its operator at install time) and the CSI snapshotter's come from tests/standin;
the namespace and the TridentOrchestrator CRD the components declare are created for real first, since
a dry run of a namespaced object or a custom resource needs them.
"""

from __future__ import annotations

import pytest
from example_specs import EXAMPLE_IDS, load_example
from harness import kubernetes_objects
from server_dry_run import admin_session, assert_dry_run_keeps_everything, create_prerequisites
from test_parity import compose
from test_spec_inputs import aws_spec

from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeError, KubeSession
from tridentops_pulumi import TridentStack

pytestmark = pytest.mark.cluster
PROGRAMS = {
    **{f"stack-{stem}": (lambda stem=stem: TridentStack("dry", load_example(stem))) for stem in EXAMPLE_IDS},
    **{f"components-{stem}": (lambda stem=stem: compose(load_example(stem))) for stem in EXAMPLE_IDS},
    "stack-with-outputs": lambda: TridentStack("dry", aws_spec()),
}


@pytest.fixture(scope="module")
def session(control_plane, kube_admin) -> KubeSession:
    return admin_session(control_plane, kube_admin)


@pytest.mark.parametrize("program", list(PROGRAMS), ids=list(PROGRAMS))
def test_every_declared_object_passes_server_side_dry_run(program, mocks, session, control_plane, kube_admin):
    objects = kubernetes_objects(mocks.run(PROGRAMS[program]))
    assert len(objects) >= 5
    create_prerequisites(session, kube_admin, objects)
    # Readiness annotations and top-level VolumeSnapshotClass fields included.
    assert_dry_run_keeps_everything(session, control_plane, objects)


def test_the_dry_run_would_catch_what_the_generic_custom_resource_drops(session):
    # What pulumi_kubernetes' CustomResource would send for a VolumeSnapshotClass (metadata and spec
    # only) is refused: the class's own resource type is needed, and the dry run tells the difference.
    with pytest.raises(KubeError) as error:
        session.apply(
            {
                "apiVersion": "snapshot.storage.k8s.io/v1",
                "kind": "VolumeSnapshotClass",
                "metadata": {"name": "spec-only"},
                "spec": {"driver": "csi.trident.netapp.io", "deletionPolicy": "Delete"},
            },
            dry_run=True,
        )
    # Server-side apply refuses the undeclared .spec outright (HTTP 500 "field not declared in schema").
    assert ".spec: field not declared in schema" in str(error.value)
