"""The autogrow_policies section: validated as Trident validates a TridentAutogrowPolicy (its CRD's patterns, then
ValidateAutogrowPolicySpec, internal/autogrow/autogrow.go at v26.06.0), every error at its field path; refused
before Trident 26.02; rendered with exactly the fields the spec sets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ansible_collections.tridentops.storage.plugins.module_utils.spec import autogrow
from ansible_collections.tridentops.storage.plugins.module_utils.spec.api import load, render, validate

ROOT = Path(__file__).resolve().parents[2]
LABELS = {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "s"}


def spec(*policies: dict, version: str | None = None) -> dict:
    document: dict = {"name": "s", "autogrow_policies": list(policies)}
    if version is not None:
        document["trident"] = {"version": version}
    return document


def errors(document: dict) -> list[str]:
    return [str(i) for i in validate(document)[1] if i.severity == "error"]


def policy(**fields: str) -> dict:
    return {"name": "standard", "used_threshold": "80%", **fields}


def test_the_patterns_are_the_crds():
    """The three patterns are the ones of Trident's CRD (the stand-in installs Trident's own CRD YAML)."""
    crds = yaml.safe_load((ROOT / "tests" / "standin" / "crds" / "trident.yaml").read_text())["items"]
    crd = next(c for c in crds if c["metadata"]["name"] == "tridentautogrowpolicies.trident.netapp.io")
    fields = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]
    assert fields["usedThreshold"]["pattern"] == autogrow.USED_THRESHOLD.pattern
    assert fields["growthAmount"]["pattern"] == autogrow.GROWTH_AMOUNT.pattern
    assert fields["maxSize"]["pattern"] == autogrow.MAX_SIZE.pattern
    assert (fields["growthAmount"]["default"], fields["maxSize"]["default"]) == ("10%", "0")


@pytest.mark.parametrize("value", ["1%", "80%", "85.5%", "99%", "99.0%", "99.000001%", "1.0%"])
def test_thresholds_trident_accepts(value):
    assert errors(spec(policy(used_threshold=value))) == []


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("0%", "is not a percentage from 1% to 99%"),
        ("0.5%", "is not a percentage from 1% to 99%"),
        ("100%", "is not a percentage from 1% to 99%"),
        ("80", "is not a percentage from 1% to 99%"),
        ("50Gi", "is not a percentage from 1% to 99%"),
        (" 80%", "is not a percentage from 1% to 99%"),
        ("99.5%", "usedThreshold percentage must be between 1 and 99, got 99.5%"),
        ("99.00001%", "usedThreshold percentage must be between 1 and 99, got 99.00001%"),
    ],
)
def test_thresholds_trident_refuses(value, why):
    found = errors(spec(policy(used_threshold=value)))
    assert len(found) == 1 and found[0].startswith("autogrow_policies[0].used_threshold: ") and why in found[0]


def test_a_threshold_is_required():
    assert errors(spec({"name": "standard"})) == ["autogrow_policies[0].used_threshold: is required"]


@pytest.mark.parametrize("value", ["1%", "10%", "150%", "10.5%", "5Gi", "500M", "0.5Gi", "1k", "1E"])
def test_growth_amounts_trident_accepts(value):
    assert errors(spec(policy(growth_amount=value))) == []


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("0%", "is not a percentage (10%) or a size with a unit (5Gi)"),
        ("0.5%", "is not a percentage (10%) or a size with a unit (5Gi)"),
        ("5", "is not a percentage (10%) or a size with a unit (5Gi)"),
        ("5m", "is not a percentage (10%) or a size with a unit (5Gi)"),
        ("5gi", "is not a percentage (10%) or a size with a unit (5Gi)"),
        ("0Gi", "growthAmount must be greater than 0, got 0Gi"),
        ("0.0M", "growthAmount must be greater than 0, got 0.0M"),
        ("1" * 400 + "%", "growthAmount percentage must be a valid number"),
    ],
)
def test_growth_amounts_trident_refuses(value, why):
    found = errors(spec(policy(growth_amount=value)))
    assert len(found) == 1 and found[0].startswith("autogrow_policies[0].growth_amount: ") and why in found[0]


@pytest.mark.parametrize("value", ["0", "0Gi", "100Gi", "1.5Ti", "500G"])
def test_max_sizes_trident_accepts(value):
    assert errors(spec(policy(max_size=value))) == []


@pytest.mark.parametrize("value", ["", "-1Gi", "100", "10%", "1e3", "00.5"])
def test_max_sizes_trident_refuses(value):
    found = errors(spec(policy(max_size=value)))
    assert len(found) == 1 and found[0].startswith("autogrow_policies[0].max_size: ")


def test_max_size_must_be_above_an_absolute_growth_amount_with_tridents_message():
    assert errors(spec(policy(growth_amount="10Gi", max_size="10Gi"))) == [
        "autogrow_policies[0].max_size: maxSize (10737418240 bytes) must be greater than growthAmount "
        "(10737418240 bytes) when both are absolute values"
    ]
    # Sizes compare by value whatever their units; 0 is no limit; a percentage is not compared.
    assert errors(spec(policy(growth_amount="1Gi", max_size="1000M"))) != []
    assert errors(spec(policy(growth_amount="1G", max_size="1Gi"))) == []
    assert errors(spec(policy(growth_amount="10Gi", max_size="0"))) == []
    assert errors(spec(policy(growth_amount="200%", max_size="1Gi"))) == []


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("none", "'none' cannot name a policy: the annotation value 'none' turns autogrow off"),
        ("NONE", "'NONE' cannot name a policy: the annotation value 'none' turns autogrow off"),
        ("Gold", "'Gold' is not a valid Kubernetes name"),
        ("gold_policy", "'gold_policy' is not a valid Kubernetes name"),
    ],
)
def test_names_kubernetes_and_trident_refuse(name, why):
    found = errors(spec(policy(name=name)))
    assert len(found) == 1 and found[0].startswith(f"autogrow_policies[0].name: {why}")


def test_every_error_is_reported_at_once_with_its_path():
    document = spec(policy(used_threshold="100%", growth_amount="0Gi"), policy(name="none", max_size="ten"))
    assert [f.split(":")[0] for f in errors(document)] == [
        "autogrow_policies[0].used_threshold",
        "autogrow_policies[0].growth_amount",
        "autogrow_policies[1].name",
        "autogrow_policies[1].max_size",
    ]


def test_names_are_unique():
    assert errors(spec(policy(), policy(name="other"), policy())) == [
        "autogrow_policies[2].name: name 'standard' is already used by autogrow_policies[0]"
    ]


@pytest.mark.parametrize("version", ["24.06.0", "25.10.1"])
def test_refused_before_trident_26_02(version):
    assert errors(spec(policy(), version=version)) == [
        f"autogrow_policies: TridentAutogrowPolicy needs Trident 26.02 or later (trident.version is {version})"
    ]


@pytest.mark.parametrize("version", ["26.02.0", "26.06.0"])
def test_accepted_from_trident_26_02(version):
    assert errors(spec(policy(), version=version)) == []
    assert errors({"name": "s", "trident": {"version": "25.10.0"}}) == []  # no policies, no rule


def test_rendered_with_exactly_the_fields_the_spec_sets_in_the_classes_stage_before_the_classes():
    document = spec(
        policy(),
        {"name": "capped", "used_threshold": "90.5%", "growth_amount": "5Gi", "max_size": "1Ti"},
    )
    document["storage_classes"] = [{"name": "gold"}]
    stages = {s.name: s.objects for s in render(load(document)).stages}
    objects = stages["classes"]
    assert [o["kind"] for o in objects] == ["TridentAutogrowPolicy", "TridentAutogrowPolicy", "StorageClass"]
    assert objects[0] == {
        "apiVersion": "trident.netapp.io/v1",
        "kind": "TridentAutogrowPolicy",
        "metadata": {"name": "standard", "labels": LABELS},
        "spec": {"usedThreshold": "80%"},
    }
    # The strings the user wrote, under Trident's keys: Trident parses them itself.
    assert objects[1]["spec"] == {"growthAmount": "5Gi", "maxSize": "1Ti", "usedThreshold": "90.5%"}
    assert "namespace" not in objects[0]["metadata"]  # cluster-scoped


def test_attachment_values():
    assert autogrow.attachment("standard") is None
    assert autogrow.attachment("none") is None and autogrow.attachment("None") is None
    assert "nor 'none' (turns autogrow off)" in str(autogrow.attachment("Gold Policy"))


@pytest.mark.parametrize(
    ("named", "warned"),
    [("standard", False), ("Standard", False), ("none", False), ("NONE", False), ("elsewhere", True)],
)
def test_a_class_naming_a_policy_the_spec_does_not_declare_is_warned_as_trident_warns(named, warned):
    """Trident records AutogrowPolicyNotFound on such a class (plugin.go@v26.06.0:1230-1236): a warning, since the
    policy may exist on the cluster; a name Trident normalises to a declared policy, and `none`, are not."""
    document = {
        **spec(policy()),
        "storage_classes": [{"name": "gold", "attributes": {"backendType": "ontap-nas"}, "autogrow_policy": named}],
    }
    found, issues = validate(document)
    assert found is not None, [str(i) for i in issues]
    warnings = [str(i) for i in issues if i.severity == "warning" and "AutogrowPolicyNotFound" in str(i)]
    assert bool(warnings) is warned, warnings
    if warned:
        assert warnings[0].startswith("storage_classes[0].autogrow_policy"), warnings
