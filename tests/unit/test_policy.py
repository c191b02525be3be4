"""Policy rules, called directly on good and bad specs and on rendered objects."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from tridentops_pulumi.spec.api import load, render
from tridentops_pulumi.spec.policy import (
    OBJECT_RULES,
    RULES,
    SPEC_RULES,
    PolicyConfig,
    Violation,
    check_object,
    check_spec,
)

ROOT = Path(__file__).resolve().parents[2]

# A stack that follows every rule: classes keep volumes and request encryption, the backend's
# credentials are a Secret reference and its export policy names the node network.
GOOD = {
    "name": "prod",
    "backends": [
        {
            "name": "nas",
            "driver": "ontap-nas",
            "management_lif": "10.0.0.10",
            "svm": "svm1",
            "credentials": {"name": "nas-credentials"},
            "auto_export_policy": True,
            "auto_export_cidrs": ["10.20.0.0/16"],
            "defaults": {"encryption": "true"},
            "virtual_pools": [{"labels": {"tier": "gold"}, "defaults": {"encryption": True}}],
        }
    ],
    "storage_classes": [
        {
            "name": "gold",
            "attributes": {"backendType": "ontap-nas", "encryption": True},
            "selector": "tier=gold",
            "reclaim_policy": "Retain",
        }
    ],
}
# A pool without encryption next to the gold one (alone, it would leave the gold class without a pool,
# which validation already reports).
ARCHIVE_POOL = {"labels": {"tier": "archive"}, "defaults": {"encryption": "false"}}


def spec_with(change) -> dict:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


def rules_of(violations: list[Violation]) -> list[tuple[str, str]]:
    return [(v.rule, v.path) for v in violations]


def test_a_stack_that_follows_every_rule_has_no_violation():
    spec = load(GOOD)
    assert check_spec(spec) == []
    assert [v for obj in render(spec).objects for v in check_object(obj)] == []


def test_every_rule_exists_for_specs_and_objects_with_a_description():
    assert set(SPEC_RULES) == set(OBJECT_RULES) == set(RULES)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["storage_classes"][0].update(reclaim_policy="Delete"),
            [("class-retain", "storage_classes[0].reclaim_policy")],
        ),
        (
            lambda d: d["storage_classes"][0]["attributes"].pop("encryption"),
            [("class-encryption", "storage_classes[0].attributes")],
        ),
        (
            lambda d: d["storage_classes"][0]["attributes"].update(encryption=False),
            [("class-encryption", "storage_classes[0].attributes")],
        ),
        (
            lambda d: d["backends"][0]["defaults"].update(encryption="false"),
            [("backend-encryption", "backends[0].defaults.encryption")],
        ),
        (
            lambda d: d["backends"][0]["virtual_pools"].append(ARCHIVE_POOL),
            [("backend-encryption", "backends[0].virtual_pools[1].defaults.encryption")],
        ),
        (
            lambda d: d["backends"][0].update(auto_export_cidrs=["10.20.0.0/16", "0.0.0.0/0"]),
            [("export-cidrs-open", "backends[0].auto_export_cidrs[1]")],
        ),
        (
            lambda d: d["backends"][0].update(auto_export_cidrs=["::/0"]),
            [("export-cidrs-open", "backends[0].auto_export_cidrs[0]")],
        ),
        (
            # Trident's default autoExportCIDRs are 0.0.0.0/0 and ::/0.
            lambda d: d["backends"][0].pop("auto_export_cidrs"),
            [("export-cidrs-open", "backends[0].auto_export_policy")],
        ),
        (
            lambda d: d["backends"][0].update(credentials={"username": "vsadmin", "password": "pw"}),
            [("credentials-by-reference", "backends[0].credentials")],
        ),
        (
            lambda d: d.update(trident={"autosupport": {"insecure": True}}),
            [("autosupport-insecure", "trident.autosupport.insecure")],
        ),
    ],
    ids=[
        "delete-class",
        "no-encryption",
        "encryption-false",
        "backend-encryption-off",
        "pool-encryption-off",
        "open-ipv4",
        "open-ipv6",
        "auto-export-without-cidrs",
        "inline-credentials",
        "insecure-autosupport",
    ],
)
def test_each_bad_spec_breaks_exactly_its_rule_at_its_field(change, expected):
    assert rules_of(check_spec(load(spec_with(change)))) == expected


@pytest.mark.parametrize(
    ("change", "rule", "path"),
    [
        (lambda d: d["storage_classes"][0].update(reclaim_policy="Delete"), "class-retain", "reclaimPolicy"),
        (
            lambda d: d["storage_classes"][0]["attributes"].pop("encryption"),
            "class-encryption",
            "parameters.encryption",
        ),
        (
            lambda d: d["backends"][0]["virtual_pools"].append(ARCHIVE_POOL),
            "backend-encryption",
            "spec.storage[1].defaults.encryption",
        ),
        (
            lambda d: d["backends"][0].update(auto_export_cidrs=["0.0.0.0/0"]),
            "export-cidrs-open",
            "spec.autoExportCIDRs[0]",
        ),
        (
            lambda d: d["backends"][0].pop("auto_export_cidrs"),
            "export-cidrs-open",
            "spec.autoExportPolicy",
        ),
        (
            lambda d: d.update(trident={"autosupport": {"insecure": True}}),
            "autosupport-insecure",
            "spec.autosupportInsecure",
        ),
    ],
)
def test_the_object_rules_find_the_same_problem_in_the_rendered_objects(change, rule, path):
    objects = render(load(spec_with(change))).objects
    found = [(v.rule, v.path) for obj in objects for v in check_object(obj)]
    assert found == [(rule, path)]


def test_inline_credentials_in_a_backend_config_are_a_violation_and_so_is_no_reference():
    tbc = {
        "apiVersion": "trident.netapp.io/v1",
        "kind": "TridentBackendConfig",
        "metadata": {"name": "hand-written"},
        "spec": {"storageDriverName": "ontap-nas", "username": "admin", "password": "secret"},
    }
    assert rules_of(check_object(tbc)) == [("credentials-by-reference", "spec")]
    assert "password" in check_object(tbc)[0].message and "secret" not in check_object(tbc)[0].message
    del tbc["spec"]["username"], tbc["spec"]["password"]
    assert rules_of(check_object(tbc)) == [("credentials-by-reference", "spec.credentials.name")]
    tbc["spec"]["credentials"] = {"name": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x", "type": "awsarn"}
    assert check_object(tbc) == []


def test_production_classes_are_chosen_by_name_pattern():
    data = spec_with(
        lambda d: d["storage_classes"].append({"name": "scratch", "attributes": {"backendType": "ontap-nas"}})
    )
    spec = load(data)
    assert rules_of(check_spec(spec)) == [
        ("class-retain", "storage_classes[1].reclaim_policy"),
        ("class-encryption", "storage_classes[1].attributes"),
    ]
    assert check_spec(spec, PolicyConfig(production_classes=("gold", "prod-*"))) == []
    assert check_spec(spec, PolicyConfig(production_classes=())) == []
    scratch = next(o for o in render(spec).objects if o["metadata"]["name"] == "scratch")
    assert [v.rule for v in check_object(scratch)] == ["class-retain", "class-encryption"]
    assert check_object(scratch, PolicyConfig(production_classes=("gold",))) == []


def test_classes_of_other_provisioners_are_not_judged():
    other = {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {"name": "gp3"},
        "provisioner": "ebs.csi.aws.com",
    }
    assert check_object(other) == []


def test_disabled_rules_are_skipped_and_rules_can_be_selected():
    spec = load(spec_with(lambda d: d["storage_classes"][0].update(reclaim_policy="Delete")))
    assert check_spec(spec, PolicyConfig(disabled=frozenset({"class-retain"}))) == []
    sc = next(o for o in render(spec).objects if o["kind"] == "StorageClass")
    assert [v.rule for v in check_object(sc, rules=["class-retain"])] == ["class-retain"]
    assert check_object(sc, rules=["class-encryption"]) == []


def test_the_shipped_examples_are_judged_as_a_user_would_expect():
    onprem = load(yaml.safe_load((ROOT / "examples" / "onprem.yaml").read_text()))
    found = check_spec(onprem, PolicyConfig(production_classes=("gold", "database")))
    # gold and database keep volumes; only gold asks for encryption; the example carries passwords inline.
    assert rules_of(found) == [
        ("class-encryption", "storage_classes[4].attributes"),
        ("credentials-by-reference", "backends[0].credentials"),
        ("credentials-by-reference", "backends[2].credentials"),
    ]
    aws = load(yaml.safe_load((ROOT / "examples" / "aws-fsx.yaml").read_text()))
    assert [v.rule for v in check_spec(aws, PolicyConfig(production_classes=()))] == []


def test_a_violation_reads_as_path_message_and_rule():
    v = Violation("class-retain", "storage_classes[0].reclaim_policy", "set Retain")
    assert str(v) == "storage_classes[0].reclaim_policy: set Retain [class-retain]"
