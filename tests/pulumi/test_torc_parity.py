"""The TridentOperator component with every TridentOrchestrator field set (tests/integration/torc_fields.py) declares
exactly what the Ansible side renders from the same trident section: the fields reach the component through its
generated typed args."""

from __future__ import annotations

import copy
from typing import Any

from harness import keyed, kubernetes_objects, one, without_pulumi_annotations
from torc_fields import ALL_FIELDS, UPSTREAM_TORC_FIELDS

from tridentops_pulumi import TridentOperator
from tridentops_pulumi.spec.api import load, render
from tridentops_pulumi.spec_args import TridentArgs

TRIDENT: dict[str, Any] = {
    **copy.deepcopy(ALL_FIELDS),
    "operator_image": "registry.example.com/mirror/trident-operator:26.06.0",
    "sidecar_images": {
        "provisioner": "registry.example.com/k8s/csi-provisioner:v6.3.0",
        "liveness_probe": "registry.example.com/k8s/livenessprobe:v2.19.0",
    },
}


def test_every_trident_field_is_a_typed_arg():
    assert set(TRIDENT) <= set(TridentArgs.__annotations__)


def test_the_operator_component_declares_what_the_stack_module_applies(mocks):
    registrations = mocks.run(lambda: TridentOperator("parity", {**TRIDENT, "stack": "torc"}))  # type: ignore[typeddict-item]
    declared = keyed([without_pulumi_annotations(o) for o in kubernetes_objects(registrations)])
    assert declared == keyed(render(load({"name": "torc", "trident": TRIDENT})).objects)
    orchestrator = one(registrations, "kubernetes:trident.netapp.io/v1:TridentOrchestrator")
    assert sorted(orchestrator.inputs["spec"]) == sorted(UPSTREAM_TORC_FIELDS)
    deployment = one(registrations, "kubernetes:apps/v1:Deployment")
    container = deployment.inputs["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "registry.example.com/mirror/trident-operator:26.06.0"
    assert {e["name"] for e in container["env"]} >= {
        "TRIDENT_CSI_SIDECAR_PROVISIONER_IMAGE",
        "TRIDENT_CSI_SIDECAR_LIVENESS_PROBE_IMAGE",
    }
