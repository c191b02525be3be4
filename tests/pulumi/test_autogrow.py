"""Autogrow policies in the Pulumi components: TridentStack and the fine-grained TridentAutogrowPolicy declare the
same TridentAutogrowPolicy objects the Ansible stack module applies (render(load(spec))), and refuse what the spec
refuses, with the component's own arg names."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from harness import keyed, kubernetes_objects, one, without_pulumi_annotations

from tridentops_pulumi import InvalidArgs, TridentAutogrowPolicy, TridentOperator, TridentStack, TridentStorageClass
from tridentops_pulumi.spec.api import load, render

TAP = "kubernetes:trident.netapp.io/v1:TridentAutogrowPolicy"
DOCUMENT: dict[str, Any] = {
    "name": "grow",
    "trident": {"version": "26.06.0"},
    "autogrow_policies": [
        {"name": "standard", "used_threshold": "80%"},
        {"name": "capped", "used_threshold": "90.5%", "growth_amount": "5Gi", "max_size": "1Ti"},
    ],
    "storage_classes": [{"name": "gold", "attributes": {"backendType": "ontap-nas"}}],
}


def declared(registrations) -> dict:
    return keyed([without_pulumi_annotations(o) for o in kubernetes_objects(registrations)])


def applied_by_ansible(document: dict[str, Any]) -> dict:
    return keyed(render(load(document)).objects)


def test_tridentstack_declares_the_policies_the_stack_module_applies(mocks):
    registrations = mocks.run(lambda: TridentStack("parity", DOCUMENT))
    found = declared(registrations)
    assert found == applied_by_ansible(DOCUMENT)
    assert sorted(name for kind, _, name in found if kind == "TridentAutogrowPolicy") == ["capped", "standard"]


def test_the_fine_grained_components_declare_the_same_objects(mocks):
    def compose() -> None:
        where = {"stack": DOCUMENT["name"]}
        operator = TridentOperator("parity", {**DOCUMENT["trident"], **where})
        opts = pulumi.ResourceOptions(depends_on=[operator])
        for policy in DOCUMENT["autogrow_policies"]:
            TridentAutogrowPolicy(policy["name"], {**policy, **where}, opts=opts)
        for sc in DOCUMENT["storage_classes"]:
            TridentStorageClass(sc["name"], {**sc, **where}, opts=opts)

    registrations = mocks.run(compose)
    assert declared(registrations) == applied_by_ansible(DOCUMENT)
    component = one(registrations, "tridentops:index:TridentAutogrowPolicy", name="capped")
    assert mocks.outputs_of(component)["policy_name"] == "capped"
    (policy,) = [r.object for r in registrations if r.type == TAP and r.object["metadata"]["name"] == "capped"]
    assert policy["spec"] == {"growthAmount": "5Gi", "maxSize": "1Ti", "usedThreshold": "90.5%"}


def test_the_component_refuses_what_trident_refuses_naming_its_args(mocks):
    args = {"name": "none", "used_threshold": "99.5%", "growth_amount": "10Gi", "max_size": "10Gi"}
    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: TridentAutogrowPolicy("bad", args))
    assert sorted(i.path for i in error.value.issues) == ["max_size", "name", "used_threshold"]
