"""The CrossGuard wrapper: each policy's validator, called directly (PolicyPack itself blocks forever)."""

from __future__ import annotations

from typing import Any

import pytest
from example_specs import load_example
from harness import kubernetes_objects
from pulumi_policy import EnforcementLevel, ResourceValidationArgs

from tridentops_pulumi import TridentStack
from tridentops_pulumi.policy import JUDGED_TYPES, policies
from tridentops_pulumi.spec.policy import RULES


def validate(policy, resource_type: str, props: dict[str, Any], config: dict[str, Any] | None = None) -> list[str]:
    found: list[str] = []
    args = ResourceValidationArgs(
        resource_type=resource_type, props=props, urn="urn:x", name="x", opts=None, provider=None, config=config
    )
    policy.validate(args, lambda message, urn=None: found.append(message))
    return found


def by_name() -> dict[str, Any]:
    return {p.name: p for p in policies()}


def test_one_mandatory_policy_per_rule():
    pack = policies()
    assert [p.name for p in pack] == list(RULES)
    assert all(p.enforcement_level == EnforcementLevel.MANDATORY for p in pack)
    assert [
        p.name for p in policies(EnforcementLevel.ADVISORY) if p.enforcement_level != EnforcementLevel.ADVISORY
    ] == []


DELETE_CLASS = {
    "metadata": {"name": "scratch"},
    "provisioner": "csi.trident.netapp.io",
    "parameters": {"backendType": "ontap-nas", "encryption": "true"},
    "reclaimPolicy": "Delete",
}


def test_a_policy_reports_its_rule_with_the_field_path():
    policy = by_name()["class-retain"]
    found = validate(policy, "kubernetes:storage.k8s.io/v1:StorageClass", DELETE_CLASS)
    assert found == [
        "reclaimPolicy: production class 'scratch' deletes volumes with their PVCs; set reclaimPolicy: Retain"
    ]
    assert validate(by_name()["class-encryption"], "kubernetes:storage.k8s.io/v1:StorageClass", DELETE_CLASS) == []


def test_production_classes_come_from_the_policy_config():
    policy = by_name()["class-retain"]
    sc = "kubernetes:storage.k8s.io/v1:StorageClass"
    assert validate(policy, sc, DELETE_CLASS, {"productionClasses": ["gold", "prod-*"]}) == []
    assert len(validate(policy, sc, DELETE_CLASS, {"productionClasses": ["scratch"]})) == 1


def test_resources_of_other_types_are_not_judged():
    policy = by_name()["class-retain"]
    assert validate(policy, "kubernetes:core/v1:ConfigMap", DELETE_CLASS) == []
    assert validate(policy, "aws:s3/bucket:Bucket", DELETE_CLASS) == []


@pytest.mark.parametrize(
    ("rule", "resource_type", "props"),
    [
        (
            "export-cidrs-open",
            "kubernetes:trident.netapp.io/v1:TridentBackendConfig",
            {
                "metadata": {"name": "b"},
                "spec": {"credentials": {"name": "c"}, "autoExportPolicy": True, "autoExportCIDRs": ["0.0.0.0/0"]},
            },
        ),
        (
            "credentials-by-reference",
            "kubernetes:trident.netapp.io/v1:TridentBackendConfig",
            {"metadata": {"name": "b"}, "spec": {"username": "admin", "password": "x"}},
        ),
        (
            "backend-encryption",
            "kubernetes:trident.netapp.io/v1:TridentBackendConfig",
            {"metadata": {"name": "b"}, "spec": {"credentials": {"name": "c"}, "defaults": {"encryption": "false"}}},
        ),
        (
            "autosupport-insecure",
            "kubernetes:trident.netapp.io/v1:TridentOrchestrator",
            {"metadata": {"name": "trident"}, "spec": {"autosupportInsecure": True}},
        ),
    ],
)
def test_each_policy_catches_its_problem_and_only_its_own(rule, resource_type, props):
    for name, policy in by_name().items():
        found = validate(policy, resource_type, props)
        assert bool(found) == (name == rule), f"{name}: {found}"


def test_the_same_validators_judge_what_a_tridentstack_declares(mocks):
    # The bridge CrossGuard would run: the onprem example's objects, as the engine receives them.
    registrations = mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    judged = [(r.type, r.object) for r in registrations if r.type in JUDGED_TYPES]
    assert len(judged) == 9  # orchestrator, 3 backends, 5 classes
    config = {"productionClasses": ["gold", "database"]}
    found = {name: [m for t, obj in judged for m in validate(p, t, obj, config)] for name, p in by_name().items()}
    assert found == {
        "class-retain": [],
        "class-encryption": [
            "parameters.encryption: production class 'database' does not request encryption; "
            'set parameters.encryption: "true"'
        ],
        "backend-encryption": [],
        "export-cidrs-open": [],
        "credentials-by-reference": [],  # inline in the spec, but a Secret reference in the backends
        "autosupport-insecure": [],
    }
    assert {obj["kind"] for _, obj in judged} == {"TridentOrchestrator", "TridentBackendConfig", "StorageClass"}
    assert kubernetes_objects(registrations)
