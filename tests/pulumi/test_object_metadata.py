"""OntapBackend and TridentOperator take the TridentBackendConfig's and the TridentOrchestrator's own labels and
annotations as typed args and declare them as the Ansible stack module applies them."""

from __future__ import annotations

from typing import Any

from harness import keyed, kubernetes_objects, one, without_pulumi_annotations

from tridentops_pulumi import OntapBackend, TridentOperator
from tridentops_pulumi.spec.api import load, render

LABELS = {"team": "storage"}
ANNOTATIONS = {"argocd.argoproj.io/sync-wave": "-1"}
BACKEND: dict[str, Any] = {
    "name": "nas-meta",
    "driver": "ontap-nas",
    "management_lif": "10.0.0.1:8443",
    "credentials": {"name": "nas-secret"},
    "object_labels": LABELS,
    "object_annotations": ANNOTATIONS,
}
TRIDENT: dict[str, Any] = {
    "labels": LABELS,
    "annotations": ANNOTATIONS,
    "log_level": "DEBUG",
    "cloud_provider": "azure",
}


def test_a_backend_declares_its_object_labels_and_annotations(mocks):
    registrations = mocks.run(
        lambda: OntapBackend("nas", {**BACKEND, "trident_namespace": "trident", "stack": "default"})  # type: ignore[typeddict-item]
    )
    declared = keyed([without_pulumi_annotations(o) for o in kubernetes_objects(registrations)])
    rendered = render(load({"backends": [BACKEND]})).objects
    assert declared == keyed([o for o in rendered if o["kind"] == "TridentBackendConfig"])
    tbc = one(registrations, "kubernetes:trident.netapp.io/v1:TridentBackendConfig")
    assert LABELS.items() <= tbc.inputs["metadata"]["labels"].items()
    assert ANNOTATIONS.items() <= tbc.inputs["metadata"]["annotations"].items()


def test_the_operator_declares_the_orchestrators_labels_and_annotations(mocks):
    registrations = mocks.run(lambda: TridentOperator("meta", {**TRIDENT, "stack": "meta"}))  # type: ignore[typeddict-item]
    declared = keyed([without_pulumi_annotations(o) for o in kubernetes_objects(registrations)])
    assert declared == keyed(render(load({"name": "meta", "trident": TRIDENT})).objects)
    orchestrator = one(registrations, "kubernetes:trident.netapp.io/v1:TridentOrchestrator")
    assert LABELS.items() <= orchestrator.inputs["metadata"]["labels"].items()
    assert ANNOTATIONS.items() <= orchestrator.inputs["metadata"]["annotations"].items()
    assert (orchestrator.inputs["spec"]["logLevel"], orchestrator.inputs["spec"]["cloudProvider"]) == ("DEBUG", "azure")
