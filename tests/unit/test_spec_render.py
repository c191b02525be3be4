"""Valid specs: the examples validate, and rendering is correct, ordered and deterministic."""

from __future__ import annotations

import base64
import copy
from pathlib import Path

import pytest
import yaml

from tridentops_pulumi.spec.api import load, mask_secrets, render
from tridentops_pulumi.spec.matching import matching_pools
from tridentops_pulumi.spec.selector import parse_pool_list, parse_selector, pool_list_matches, selector_matches
from tridentops_pulumi.spec.yamlio import dump_all

ROOT = Path(__file__).resolve().parents[2]
# A spec with an aws section names resources that do not exist yet; it renders once resolved with what was
# created (tests/unit/test_spec_aws.py, tests/aws), and render() refuses it before that.
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if "aws" not in yaml.safe_load(p.read_text()))


def example(name: str) -> dict:
    return yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text())


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_is_valid_and_renders(path: Path):
    spec = load(yaml.safe_load(path.read_text()))
    stack = render(spec)
    assert [s.name for s in stack.stages] == ["trident", "backends", "classes"]
    assert stack.objects, "an example renders objects"


def test_examples_cover_minimal_onprem_and_aws():
    assert {p.stem for p in EXAMPLES} >= {"minimal", "onprem", "aws-fsx"}


def test_render_is_deterministic_whatever_the_key_order_of_the_input():
    data = example("onprem")
    shuffled = copy.deepcopy(data)
    shuffled["backends"][0]["defaults"] = dict(reversed(list(shuffled["backends"][0]["defaults"].items())))
    shuffled["backends"][0]["virtual_pools"][0]["labels"] = dict(
        reversed(list(shuffled["backends"][0]["virtual_pools"][0]["labels"].items()))
    )
    shuffled = dict(reversed(list(shuffled.items())))
    first = dump_all(render(load(data)).objects)
    assert dump_all(render(load(data)).objects) == first
    assert dump_all(render(load(shuffled)).objects) == first


# Trident's operator install, in apply order: what both front ends declare for the trident section.
OPERATOR_KINDS = [
    "Namespace",
    "CustomResourceDefinition",
    "ServiceAccount",
    "ClusterRole",
    "ClusterRoleBinding",
    "Deployment",
    "TridentOrchestrator",
]
# The keys of a SAN backend's credentials Secret when it has CHAP (examples/onprem.yaml's san-db).
CHAP_SECRET_KEYS = {
    "username",
    "password",
    "chapUsername",
    "chapInitiatorSecret",
    "chapTargetUsername",
    "chapTargetInitiatorSecret",
}


def test_apply_order_puts_each_kind_after_what_it_needs():
    kinds = [o["kind"] for o in render(load(example("onprem"))).objects]
    order = [
        *OPERATOR_KINDS,
        "Secret",
        "TridentBackendConfig",
        "StorageClass",
        "VolumeSnapshotClass",
    ]
    assert sorted(kinds, key=order.index) == kinds
    assert set(kinds) == set(order)


def test_stages_wait_for_the_operator_then_for_the_backends():
    stages = render(load(example("minimal"))).stages
    assert [(s.name, s.wait) for s in stages] == [
        ("trident", "trident-installed"),
        ("backends", "backends-bound"),
        ("classes", None),
    ]


def test_operator_image_and_registry_are_pinned_from_the_spec():
    data = example("minimal") | {
        "trident": {
            "version": "25.10.1",
            "image_registry": "registry.example.com/trident",
            "image_pull_secrets": ["regcred"],
        }
    }
    objects = {o["kind"]: o for o in render(load(data)).objects}
    pod = objects["Deployment"]["spec"]["template"]["spec"]
    assert pod["containers"][0]["image"] == "registry.example.com/trident/trident-operator:25.10.1"
    assert pod["imagePullSecrets"] == [{"name": "regcred"}]
    torc = objects["TridentOrchestrator"]["spec"]
    assert torc["imageRegistry"] == "registry.example.com/trident"
    assert torc["imagePullSecrets"] == ["regcred"]
    assert torc["namespace"] == "trident"


def test_default_operator_image_is_netapps_for_the_default_release():
    deployment = next(o for o in render(load({})).objects if o["kind"] == "Deployment")
    assert (
        deployment["spec"]["template"]["spec"]["containers"][0]["image"] == "docker.io/netapp/trident-operator:26.06.0"
    )


def test_inline_credentials_become_a_secret_and_the_backend_references_it():
    objects = render(load(example("onprem"))).objects
    secret = next(o for o in objects if o["kind"] == "Secret" and o["metadata"]["name"] == "san-db-credentials")
    assert base64.b64decode(secret["data"]["password"]).decode() == "change-me-san"
    assert set(secret["data"]) == CHAP_SECRET_KEYS
    tbc = next(o for o in objects if o["kind"] == "TridentBackendConfig" and o["metadata"]["name"] == "san-db")
    assert tbc["spec"]["credentials"] == {"name": "san-db-credentials"}
    assert "change-me-san" not in str(tbc)
    assert base64.b64encode(b"change-me-san").decode() not in str(tbc)
    assert tbc["metadata"]["namespace"] == "trident"


def test_fsx_backend_reads_credentials_from_secrets_manager_and_renders_no_secret():
    objects = render(load(example("aws-fsx"))).objects
    assert not [o for o in objects if o["kind"] == "Secret"]
    tbc = next(o for o in objects if o["kind"] == "TridentBackendConfig")
    assert tbc["spec"]["credentials"]["type"] == "awsarn"
    assert tbc["spec"]["aws"] == {"fsxFilesystemID": "fs-0123456789abcdef0", "apiRegion": "eu-west-1"}
    assert "managementLIF" not in tbc["spec"]
    torc = next(o for o in objects if o["kind"] == "TridentOrchestrator")
    assert torc["spec"]["cloudProvider"] == "AWS"
    assert torc["spec"]["cloudIdentity"].startswith("eks.amazonaws.com/role-arn: arn:aws:iam::")


def test_eks_addon_installs_trident_so_nothing_of_the_operator_is_rendered():
    data = example("aws-fsx")
    data["trident"]["install_method"] = "eks_addon"
    stages = render(load(data)).stages
    assert stages[0].objects == ()
    assert stages[0].wait == "trident-installed"


def test_external_install_renders_nothing_of_trident_and_waits_for_its_crds():
    data = example("minimal") | {"trident": {"install_method": "external"}}
    stages = render(load(data)).stages
    assert (stages[0].objects, stages[0].wait) == ((), "trident-crds")
    assert [o["kind"] for o in render(load(data)).objects] == ["TridentBackendConfig", "StorageClass"]


def test_trident_values_are_rendered_as_the_strings_trident_reads():
    data = example("onprem")
    tbc = next(
        o
        for o in render(load(data)).objects
        if o["kind"] == "TridentBackendConfig" and o["metadata"]["name"] == "nas-economy"
    )
    assert tbc["spec"]["qtreesPerFlexvol"] == "200"
    assert tbc["spec"]["limitVolumePoolSize"] == "1Ti"
    pools = next(o for o in render(load(data)).objects if o["metadata"]["name"] == "nas-tiers")["spec"]["storage"]
    assert pools[0]["defaults"]["encryption"] == "true"


def test_storage_class_parameters_and_default_annotation():
    objects = {o["metadata"]["name"]: o for o in render(load(example("onprem"))).objects if o["kind"] == "StorageClass"}
    gold = objects["gold"]
    assert gold["provisioner"] == "csi.trident.netapp.io"
    assert gold["parameters"] == {
        "backendType": "ontap-nas",
        "encryption": "true",
        "selector": "performance=gold",
        "snapshots": "true",
    }
    assert gold["metadata"]["annotations"] == {"storageclass.kubernetes.io/is-default-class": "true"}
    assert gold["reclaimPolicy"] == "Retain"
    assert "annotations" not in objects["silver"]["metadata"]
    assert objects["database"]["parameters"]["csi.storage.k8s.io/fstype"] == "xfs"
    assert objects["economy"]["mountOptions"] == ["nfsvers=4.1"]


def test_trident_prefixed_attribute_keys_are_kept_as_written():
    # From 25.06 trident.netapp.io/nasType (prefixed) is read on its own, so the spelling is kept.
    data = example("minimal")
    data["storage_classes"][0]["attributes"] = {"trident.netapp.io/backendType": "ontap-nas"}
    sc = next(o for o in render(load(data)).objects if o["kind"] == "StorageClass")
    assert sc["parameters"] == {"trident.netapp.io/backendType": "ontap-nas"}


def test_every_rendered_object_carries_the_managed_labels():
    for obj in render(load(example("onprem"))).objects:
        labels = obj["metadata"]["labels"]
        assert labels["app.kubernetes.io/managed-by"] == "tridentops"
        assert labels["tridentops.io/stack"] == "onprem"


def test_masking_hides_every_secret_value_and_leaves_the_originals_alone():
    objects = render(load(example("onprem"))).objects
    text = dump_all(mask_secrets(objects))
    for secret in ("change-me-nas", "change-me-san", "change-me-chap-1"):
        assert secret not in text
        assert base64.b64encode(secret.encode()).decode() not in text
    assert base64.b64encode(b"change-me-nas").decode() in dump_all(objects)


def test_virtual_pools_route_each_class_to_its_tier():
    spec = load(example("onprem"))
    routes = {sc.name: [p.display for p in matching_pools(sc, spec.backends)[0]] for sc in spec.storage_classes}
    assert routes == {
        "gold": ["nas-tiers_pool_0"],
        "silver": ["nas-tiers_pool_1"],
        "bronze": ["nas-tiers_pool_2"],
        "economy": ["nas-economy (physical pools)"],
        "database": ["san-db (physical pools)"],
    }


@pytest.mark.parametrize(
    ("selector", "labels", "expected"),
    [
        ("tier=gold", {"tier": "gold"}, True),
        ("tier==gold", {"tier": "silver"}, False),
        ("tier!=gold", {}, True),
        ("tier in (gold, silver)", {"tier": "silver"}, True),
        ("tier notin (gold,silver)", {"tier": "bronze"}, True),
        ("tier notin (gold,silver)", {"tier": "gold"}, False),
        ("tier", {"tier": "x"}, True),
        ("!tier", {"tier": "x"}, False),
        ("performance=gold; cost=4", {"performance": "gold", "cost": "4"}, True),
        ("performance=gold; cost=4", {"performance": "gold", "cost": "5"}, False),
    ],
)
def test_selector_semantics_follow_trident(selector: str, labels: dict[str, str], expected: bool):
    requirements, error = parse_selector(selector)
    assert error is None
    assert selector_matches(requirements, labels) is expected


def test_pool_lists_anchor_the_backend_and_search_pool_names():
    patterns, error = parse_pool_list("nas-.*:pool_0,pool_2; san:.*")
    assert error is None
    assert pool_list_matches(patterns, "nas-tiers", "nas-tiers_pool_0")
    assert not pool_list_matches(patterns, "nas-tiers", "nas-tiers_pool_1")
    assert not pool_list_matches(patterns, "old-nas-tiers", "old-nas-tiers_pool_0")
    assert pool_list_matches(patterns, "san", None)
