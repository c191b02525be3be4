"""StorageClass and VolumeSnapshotClass fields: presence, Trident 26.06's attributes and annotations, releases."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest

from tridentops_pulumi.spec.api import load, render
from tridentops_pulumi.spec.classes import autogrow_policy_name
from tridentops_pulumi.spec.matching import matching_pools
from tridentops_pulumi.spec.policy import PolicyConfig, class_retain
from tridentops_pulumi.spec.selector import parse_selector
from tridentops_pulumi.spec.stack import validate

MANAGED = {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "default"}
BACKEND = {
    "name": "nas",
    "driver": "ontap-nas",
    "management_lif": "10.0.0.10",
    "svm": "svm1",
    "credentials": {"name": "nas-credentials"},
    "labels": {"performance": "gold"},
}


def spec(sc: dict[str, Any] | None = None, version: str = "26.06.0", **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"trident": {"version": version}, "storage_classes": [{"name": "gold", **(sc or {})}]}
    doc.update(extra)
    return doc


def rendered(doc: dict[str, Any], kind: str = "StorageClass") -> dict[str, Any]:
    return next(o for o in render(load(doc)).objects if o["kind"] == kind)


def found(doc: dict[str, Any], severity: str = "error") -> list[tuple[str, str]]:
    return sorted((i.path, i.message) for i in validate(doc)[1] if i.severity == severity)


def paths(doc: dict[str, Any], severity: str = "error") -> list[str]:
    return [path for path, _message in found(doc, severity)]


# --- presence: a key the spec leaves out is not written -------------------------------------------------------


def test_a_class_with_nothing_set_has_no_policy_binding_expansion_parameters_or_annotations() -> None:
    assert rendered(spec()) == {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {"name": "gold", "labels": MANAGED},
        "provisioner": "csi.trident.netapp.io",
    }


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("reclaim_policy", "Delete", "reclaimPolicy"),
        ("reclaim_policy", "Retain", "reclaimPolicy"),
        ("volume_binding_mode", "Immediate", "volumeBindingMode"),
        ("volume_binding_mode", "WaitForFirstConsumer", "volumeBindingMode"),
        ("allow_volume_expansion", True, "allowVolumeExpansion"),
        ("allow_volume_expansion", False, "allowVolumeExpansion"),
    ],
)
def test_each_kubernetes_field_is_written_when_set(field: str, value: Any, key: str) -> None:
    assert rendered(spec({field: value}))[key] == value


@pytest.mark.parametrize(("value", "annotation"), [(True, "true"), (False, "false")])
def test_default_true_and_false_write_the_annotation(value: bool, annotation: str) -> None:
    sc = rendered(spec({"default": value}))
    assert sc["metadata"]["annotations"] == {"storageclass.kubernetes.io/is-default-class": annotation}
    vsc = rendered({"snapshot_classes": [{"name": "snap", "default": value}]}, "VolumeSnapshotClass")
    assert vsc["metadata"]["annotations"] == {"snapshot.storage.kubernetes.io/is-default-class": annotation}


def test_two_classes_saying_default_false_are_no_conflict() -> None:
    doc = spec({"default": False})
    doc["storage_classes"].append({"name": "silver", "default": False})
    assert found(doc) == []


def test_the_production_rule_reads_an_absent_reclaim_policy_as_delete() -> None:
    violations = class_retain(load(spec()), PolicyConfig())
    assert [v.path for v in violations] == ["storage_classes[0].reclaim_policy"]
    assert class_retain(load(spec({"reclaim_policy": "Retain"})), PolicyConfig()) == []


# --- parameters: the spelling as written ------------------------------------------------------------------------


def test_prefixed_attribute_keys_are_written_with_their_prefix() -> None:
    attributes = {"trident.netapp.io/nasType": "smb", "backendType": "ontap-nas", "trident.netapp.io/snapshots": True}
    csi = {
        "csi.storage.k8s.io/node-stage-secret-name": "smbcreds",
        "csi.storage.k8s.io/node-stage-secret-namespace": "default",
    }
    sc = rendered(spec({"attributes": attributes, "csi_parameters": csi}))
    assert sc["parameters"] == {
        "backendType": "ontap-nas",
        "trident.netapp.io/nasType": "smb",
        "trident.netapp.io/snapshots": "true",
        **csi,
    }


def test_an_attribute_given_both_with_and_without_the_prefix_is_refused() -> None:
    doc = spec({"attributes": {"media": "ssd", "trident.netapp.io/media": "hdd"}})
    assert paths(doc) == ["storage_classes[0].attributes.trident.netapp.io/media"]


def test_prefixed_parameters_prefix_the_selector_and_pool_lists() -> None:
    sc = rendered(
        spec(
            {
                "selector": "performance=gold",
                "storage_pools": "nas:.*",
                "exclude_storage_pools": "nas:aggr2",
                "prefixed_parameters": ["selector", "excludeStoragePools"],
            }
        )
    )
    assert sc["parameters"] == {
        "trident.netapp.io/selector": "performance=gold",
        "storagePools": "nas:.*",
        "trident.netapp.io/excludeStoragePools": "nas:aggr2",
    }


@pytest.mark.parametrize(
    ("listed", "message"),
    [
        (["nasType"], "'nasType' is not one of selector, storagePools"),
        (["storagePools"], "the class has no storagePools (storage_pools is not set)"),
        (["selector", "selector"], "'selector' is listed twice"),
    ],
)
def test_prefixed_parameters_name_a_parameter_the_class_has(listed: list[str], message: str) -> None:
    errors = found(spec({"selector": "a=b", "prefixed_parameters": listed}))
    assert len(errors) == 1 and errors[0][0].startswith("storage_classes[0].prefixed_parameters[")
    assert errors[0][1].startswith(message)


def test_an_empty_class_has_no_parameters_key() -> None:
    assert "parameters" not in rendered(spec({"attributes": {}, "csi_parameters": {}}))


# --- requiredStorage, Trident's deprecated name -----------------------------------------------------------------


def test_required_storage_is_written_under_its_own_name_with_a_warning() -> None:
    doc = spec({"required_storage": "nas:.*", "prefixed_parameters": ["requiredStorage"]})
    assert rendered(doc)["parameters"] == {"trident.netapp.io/requiredStorage": "nas:.*"}
    assert paths(doc, "warning") == ["storage_classes[0].required_storage"]
    assert found(doc) == []


def test_required_storage_with_additional_storage_pools_is_refused() -> None:
    doc = spec({"required_storage": "nas:.*", "additional_storage_pools": "nas:.*"})
    assert found(doc) == [
        (
            "storage_classes[0].required_storage",
            "give the pools once: requiredStorage is Trident's old name of additionalStoragePools",
        )
    ]


def test_required_storage_is_a_pool_list() -> None:
    assert found(spec({"required_storage": "nas"})) == [
        ("storage_classes[0].required_storage", "'nas' is not 'backendRegex:poolRegex[,poolRegex...]'")
    ]


def test_required_storage_admits_its_pools_like_additional_storage_pools() -> None:
    doc = spec({"attributes": {"backendType": "ontap-san"}, "required_storage": "nas:.*"}, backends=[BACKEND])
    assert found(doc) == []
    assert [p.backend for p in matching_pools(load(doc).storage_classes[0], load(doc).backends)[0]] == ["nas"]


# --- the labels attribute ---------------------------------------------------------------------------------------


def test_the_labels_attribute_is_accepted_and_rendered() -> None:
    doc = spec({"attributes": {"labels": "performance=gold"}}, backends=[BACKEND])
    assert found(doc) == []
    assert rendered(doc)["parameters"] == {"labels": "performance=gold"}


def test_the_labels_attribute_is_matched_against_the_pool_labels() -> None:
    doc = spec({"attributes": {"labels": "performance=silver"}}, backends=[BACKEND])
    assert found(doc) == [
        (
            "storage_classes[0]",
            "class 'gold' matches no pool of this spec's backends "
            "(nas: labels 'performance=silver' does not match its labels)",
        )
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("performance: gold", "'performance: gold' is not a Trident selector requirement"),
        ("a=b;", "an empty requirement"),
        (True, "must be a string, got true (a boolean)"),
    ],
)
def test_the_labels_attribute_has_the_selector_grammar(value: Any, message: str) -> None:
    errors = found(spec({"attributes": {"labels": value}}))
    assert [path for path, _m in errors] == ["storage_classes[0].attributes.labels"]
    assert errors[0][1].startswith(message)


def test_a_selector_with_an_empty_requirement_is_refused_as_trident_does() -> None:
    # storage_attribute/label.go NewLabelRequest: an empty part after ';' matches none of its expressions.
    assert parse_selector("a=b;")[1] is not None
    assert parse_selector("a=b; c in (x,y)")[1] is None
    assert paths(spec({"selector": "a=b;"})) == ["storage_classes[0].selector"]


# --- Trident's class annotations --------------------------------------------------------------------------------

ANNOTATIONS = [
    ("selector_annotation", "performance=gold", "trident.netapp.io/selector", "25.06"),
    ("smb_share_ad_user", "CORP\\svc-k8s", "trident.netapp.io/smbShareAdUser", "25.06"),
    ("smb_share_ad_user_permission", "read", "trident.netapp.io/smbShareAdUserPermission", "25.06"),
    ("additional_storage_pools_annotation", "nas:.*", "trident.netapp.io/additionalStoragePools", "26.02"),
    ("autogrow_policy", "gold-growth", "trident.netapp.io/autogrowPolicy", "26.02"),
]
BEFORE = {"25.06": "25.02.1", "26.02": "25.10.0"}


@pytest.mark.parametrize(("field", "value", "key", "since"), ANNOTATIONS, ids=[a[0] for a in ANNOTATIONS])
def test_each_trident_annotation_is_rendered(field: str, value: str, key: str, since: str) -> None:
    doc = spec({field: value}, version=f"{since}.0")
    assert rendered(doc)["metadata"]["annotations"] == {key: value}


@pytest.mark.parametrize(("field", "value", "key", "since"), ANNOTATIONS, ids=[a[0] for a in ANNOTATIONS])
def test_each_trident_annotation_is_refused_before_its_release(field: str, value: str, key: str, since: str) -> None:
    assert found(spec({field: value}, version=BEFORE[since])) == [
        (
            f"storage_classes[0].{field}",
            f"Trident reads the annotation {key} from {since} on (version is {BEFORE[since]})",
        )
    ]


@pytest.mark.parametrize(("field", "value", "key", "since"), ANNOTATIONS, ids=[a[0] for a in ANNOTATIONS])
def test_each_trident_annotation_is_refused_among_the_extra_annotations(
    field: str, value: str, key: str, since: str
) -> None:
    assert found(spec({"annotations": {key: value}})) == [
        (f"storage_classes[0].annotations.{key}", f"use the class's {field} field")
    ]


def test_the_selector_annotation_replaces_the_selector_when_matching() -> None:
    doc = spec({"selector": "performance=silver", "selector_annotation": "performance=gold"}, backends=[BACKEND])
    assert found(doc) == []
    doc = spec({"selector": "performance=gold", "selector_annotation": "performance=silver"}, backends=[BACKEND])
    assert paths(doc) == ["storage_classes[0]"]


def test_the_additional_pools_annotation_overrides_the_parameter_when_matching() -> None:
    sc = {"attributes": {"backendType": "ontap-san"}, "additional_storage_pools": "other:.*"}
    assert paths(spec(sc, backends=[BACKEND])) == ["storage_classes[0]"]
    assert found(spec({**sc, "additional_storage_pools_annotation": "nas:.*"}, backends=[BACKEND])) == []


@pytest.mark.parametrize(
    ("field", "value"), [("selector_annotation", "tier: gold"), ("additional_storage_pools_annotation", "gold")]
)
def test_an_annotation_that_does_not_parse_is_refused(field: str, value: str) -> None:
    errors = found(spec({field: value}))
    assert [path for path, _m in errors] == [f"storage_classes[0].{field}"]
    assert errors[0][1].startswith(f"{value!r} is not ")


def test_the_smb_permission_is_one_of_tridents() -> None:
    assert found(spec({"smb_share_ad_user_permission": "write"})) == [
        (
            "storage_classes[0].smb_share_ad_user_permission",
            "'write' is not one of full_control, read, change, no_access",
        )
    ]


def test_smb_annotations_without_the_prefixed_smb_nas_type_are_a_warning() -> None:
    doc = spec({"attributes": {"nasType": "smb"}, "smb_share_ad_user": "svc"})
    assert paths(doc, "warning") == ["storage_classes[0].smb_share_ad_user"]


def test_secure_smb_without_the_node_stage_secret_is_refused_from_25_06() -> None:
    sc = {"attributes": {"trident.netapp.io/nasType": "smb"}}
    assert paths(spec(sc, version="25.06.0")) == ["storage_classes[0].attributes.trident.netapp.io/nasType"]
    assert found(spec(sc, version="25.02.0")) == []


@pytest.mark.parametrize(
    ("value", "name"), [("gold", "gold"), ("My Policy", "my-policy"), ("NONE", None), ("none", None)]
)
def test_the_autogrow_policy_is_named_as_trident_normalises_it(value: str, name: str | None) -> None:
    assert autogrow_policy_name(value) == name
    declared = [{"name": name, "used_threshold": "80%"}] if name else []  # an undeclared one is warned of too
    doc = spec({"autogrow_policy": value}, autogrow_policies=declared)
    assert found(doc) == []
    assert rendered(doc)["metadata"]["annotations"] == {"trident.netapp.io/autogrowPolicy": value}
    assert paths(doc, "warning") == ([] if name in (None, value) else ["storage_classes[0].autogrow_policy"])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "give a TridentAutogrowPolicy name or none"),
        ("-gold", "Trident looks for the TridentAutogrowPolicy '-gold', which no object can be named"),
        ("gold!", "Trident looks for the TridentAutogrowPolicy 'gold-', which no object can be named"),
    ],
)
def test_an_autogrow_policy_no_object_can_be_named_is_refused(value: str, message: str) -> None:
    errors = found(spec({"autogrow_policy": value}))
    assert [path for path, _m in errors] == ["storage_classes[0].autogrow_policy"]
    assert errors[0][1].startswith(message)


# --- metadata, topologies, mount options ------------------------------------------------------------------------


def test_extra_labels_and_annotations_are_kept_exactly() -> None:
    sc = rendered(
        spec(
            {
                "default": True,
                "labels": {"team": "storage", "app.kubernetes.io/part-of": "platform"},
                "annotations": {"example.com/owner": "Storage Team", "kubectl.kubernetes.io/last-applied": "{}"},
            }
        )
    )
    assert sc["metadata"]["labels"] == {"team": "storage", "app.kubernetes.io/part-of": "platform", **MANAGED}
    assert sc["metadata"]["annotations"] == {
        "example.com/owner": "Storage Team",
        "kubectl.kubernetes.io/last-applied": "{}",
        "storageclass.kubernetes.io/is-default-class": "true",
    }


@pytest.mark.parametrize(
    ("field", "value", "path", "message"),
    [
        ("labels", {"tridentops.io/stack": "x"}, "labels.tridentops.io/stack", "tridentops sets this label itself"),
        ("labels", {"bad key!": "x"}, "labels", "'bad key!' is not a valid label key"),
        (
            "annotations",
            {"storageclass.kubernetes.io/is-default-class": "true"},
            "annotations.storageclass.kubernetes.io/is-default-class",
            "use the class's default field",
        ),
        (
            "annotations",
            {"trident.netapp.io/configuratorStatus": "x"},
            "annotations.trident.netapp.io/configuratorStatus",
            "marks a class that a TridentConfigurator manages",
        ),
        ("annotations", {"bad key!": "x"}, "annotations", "'bad key!' is not a valid annotation key"),
    ],
)
def test_reserved_or_malformed_metadata_keys_are_refused(
    field: str, value: dict[str, str], path: str, message: str
) -> None:
    errors = found(spec({field: value}))
    assert [p for p, _m in errors] == [f"storage_classes[0].{path}"]
    assert errors[0][1].startswith(message)


def test_allowed_topologies_render_as_match_label_expressions_in_order() -> None:
    terms = [
        {"topology.kubernetes.io/zone": ["us-east-1a", "us-east-1b"], "topology.kubernetes.io/region": ["us-east-1"]},
        {"topology.kubernetes.io/zone": ["us-west-2a"]},
    ]
    assert rendered(spec({"allowed_topologies": terms}))["allowedTopologies"] == [
        {
            "matchLabelExpressions": [
                {"key": "topology.kubernetes.io/zone", "values": ["us-east-1a", "us-east-1b"]},
                {"key": "topology.kubernetes.io/region", "values": ["us-east-1"]},
            ]
        },
        {"matchLabelExpressions": [{"key": "topology.kubernetes.io/zone", "values": ["us-west-2a"]}]},
    ]


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ([{}], "a topology term needs at least one key"),
        ([{"zone": []}], "'zone' needs at least one value"),
        ([{"bad key!": ["a"]}], "'bad key!' is not a valid label key"),
    ],
)
def test_allowed_topologies_need_keys_and_values(terms: list[dict[str, list[str]]], message: str) -> None:
    assert found(spec({"allowed_topologies": terms})) == [("storage_classes[0].allowed_topologies", message)]


# --- VolumeSnapshotClass ----------------------------------------------------------------------------------------


def test_a_snapshot_class_carries_parameters_labels_and_annotations() -> None:
    doc = {
        "snapshot_classes": [
            {
                "name": "snap",
                "deletion_policy": "Retain",
                "parameters": {
                    "csi.storage.k8s.io/snapshotter-secret-name": "snap-secret",
                    "csi.storage.k8s.io/snapshotter-secret-namespace": "trident",
                },
                "labels": {"team": "storage"},
                "annotations": {"example.com/owner": "storage"},
            }
        ]
    }
    assert rendered(doc, "VolumeSnapshotClass") == {
        "apiVersion": "snapshot.storage.k8s.io/v1",
        "kind": "VolumeSnapshotClass",
        "metadata": {
            "name": "snap",
            "labels": {"team": "storage", **MANAGED},
            "annotations": {"example.com/owner": "storage"},
        },
        "driver": "csi.trident.netapp.io",
        "deletionPolicy": "Retain",
        "parameters": {
            "csi.storage.k8s.io/snapshotter-secret-name": "snap-secret",
            "csi.storage.k8s.io/snapshotter-secret-namespace": "trident",
        },
    }


def test_a_snapshot_class_always_has_its_deletion_policy() -> None:
    vsc = rendered({"snapshot_classes": [{"name": "snap"}]}, "VolumeSnapshotClass")
    assert vsc == {
        "apiVersion": "snapshot.storage.k8s.io/v1",
        "kind": "VolumeSnapshotClass",
        "metadata": {"name": "snap", "labels": MANAGED},
        "driver": "csi.trident.netapp.io",
        "deletionPolicy": "Delete",
    }


def test_a_snapshot_class_default_annotation_has_its_own_field() -> None:
    doc = {
        "snapshot_classes": [{"name": "s", "annotations": {"snapshot.storage.kubernetes.io/is-default-class": "true"}}]
    }
    assert paths(doc) == ["snapshot_classes[0].annotations.snapshot.storage.kubernetes.io/is-default-class"]
    doc = {"snapshot_classes": [{"name": "s", "labels": {"app.kubernetes.io/managed-by": "me"}}]}
    assert paths(doc) == ["snapshot_classes[0].labels.app.kubernetes.io/managed-by"]


def test_the_input_is_not_changed() -> None:
    doc = spec({"attributes": {"trident.netapp.io/nasType": "nfs"}})
    before = copy.deepcopy(doc)
    rendered(doc)
    assert doc == before


# --- the stand-in reads a class's parameters as Trident does ------------------------------------------------------


def test_the_standin_matches_prefixed_parameters_and_the_selector_annotation() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from standin.volumes import Volumes

    tbc = {"spec": {"storageDriverName": "ontap-nas", "labels": {"performance": "gold"}}}

    def matches(parameters: dict[str, str], annotations: dict[str, str] | None = None) -> bool:
        sc = {"metadata": {"name": "c", "annotations": annotations or {}}, "parameters": parameters}
        return Volumes._matches(sc, tbc)

    assert matches({"trident.netapp.io/backendType": "ontap-nas", "trident.netapp.io/selector": "performance=gold"})
    assert not matches({"trident.netapp.io/backendType": "ontap-san"})
    assert not matches({"trident.netapp.io/selector": "performance=silver"})
    assert matches({"selector": "performance=silver"}, {"trident.netapp.io/selector": "performance=gold"})
    assert not matches({"selector": "performance=gold"}, {"trident.netapp.io/selector": "performance=silver"})
