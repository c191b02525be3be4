"""adopt: objects become a spec that renders them unchanged; what it cannot express is listed field by field."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from torc_fields import ALL_FIELDS, UPSTREAM_TORC_FIELDS

from tridentops_pulumi.spec import adopt as adoption
from tridentops_pulumi.spec.api import load, render
from tridentops_pulumi.spec.render_aws import resolve
from tridentops_pulumi.spec.stack import validate
from tridentops_pulumi.spec.trident import TORC_FIELDS

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Not-in-any-output-7"

# Trident's trident-installer/sample-input/backends-samples/ontap-nas/backend-tbc-ontap-nas-advanced.yaml at
# v26.06.0 (Secret values changed so that the test can look for them).
NAS_ADVANCED = f"""
apiVersion: v1
kind: Secret
metadata:
  name: backend-tbc-ontap-nas-advanced-secret
type: Opaque
stringData:
  username: cluster-admin
  password: {PASSWORD}
---
apiVersion: trident.netapp.io/v1
kind: TridentBackendConfig
metadata:
  name: backend-tbc-ontap-nas-advanced
spec:
  version: 1
  storageDriverName: ontap-nas
  managementLIF: 10.0.0.1
  dataLIF: 10.0.0.2
  backendName: tbc-ontap-nas-advanced
  svm: trident_svm
  credentials:
    name: backend-tbc-ontap-nas-advanced-secret
  limitAggregateUsage: 80%
  limitVolumeSize: 50Gi
  nfsMountOptions: nfsvers=4
  defaults:
    spaceReserve: volume
    exportPolicy: myk8scluster
    snapshotPolicy: default
    snapshotReserve: '10'
  deletionPolicy: retain
"""
# The tridentctl form: backends-samples/ontap-san/backend-ontap-san-chap.json at v26.06.0 (values changed).
SAN_CHAP_JSON = json.dumps(
    {
        "version": 1,
        "storageDriverName": "ontap-san",
        "backendName": "ontap-san-chap",
        "managementLIF": "10.0.0.1",
        "svm": "trident_svm",
        "username": "cluster-admin",
        "password": PASSWORD,
        "useCHAP": True,
        "chapInitiatorSecret": PASSWORD + "-i",
        "chapTargetInitiatorSecret": PASSWORD + "-t",
        "chapTargetUsername": "iJF4heBRT0TCwxyz",
        "chapUsername": "uh2aNCLSd6cNwxyz",
    }
)
# Every key the model renders today; others' presence work may leave some out, never add one.
TORC_SPEC = {
    "namespace": "trident",
    "imagePullPolicy": "IfNotPresent",
    "logLevel": "info",
    "logFormat": "text",
    "silenceAutosupport": True,
    "windows": False,
    "enableForceDetach": False,
    "nodePluginNodeSelector": {"kubernetes.io/os": "linux"},
    "controllerPluginTolerations": [{"key": "infra", "operator": "Exists", "effect": "NoSchedule"}],
}


def docs(text: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(text) if d]


def torc(**metadata: Any) -> dict[str, Any]:
    return {
        "apiVersion": "trident.netapp.io/v1",
        "kind": "TridentOrchestrator",
        "metadata": {"name": "trident", **metadata},
        "spec": copy.deepcopy(TORC_SPEC),
        "status": {"status": "Installed", "version": "v25.10.0", "namespace": "trident"},
    }


def paths(found: adoption.Adoption) -> set[tuple[str, str]]:
    return {(loss.name, loss.path) for loss in found.losses}


def test_a_tbc_with_its_secret_adopts_without_loss_and_the_secret_is_referred_to_never_copied():
    found = adoption.adopt(docs(NAS_ADVANCED))
    assert found.losses == []
    backend = found.spec["backends"][0]
    assert backend["credentials"] == {"name": "backend-tbc-ontap-nas-advanced-secret"}
    assert backend["limits"] == {"aggregate_usage": "80%", "volume_size": "50Gi"}
    assert PASSWORD not in json.dumps(found.result()) and "cluster-admin" not in json.dumps(found.result())
    assert found.secrets == [
        {
            "namespace": "trident",
            "name": "backend-tbc-ontap-nas-advanced-secret",
            "backend": "backend-tbc-ontap-nas-advanced",
            "keys": [],
            "found": True,
        }
    ]
    # No orchestrator: tridentops must leave the installation alone, or its first converge would install Trident.
    assert found.spec["trident"] == {"install_method": "external", "namespace": "trident"}
    assert found.adopt == ["TridentBackendConfig/trident/backend-tbc-ontap-nas-advanced"]
    # The guarantee, checked again from outside: the spec is valid and renders the object read.
    rendered = render(load(found.spec)).objects
    tbc = next(o for o in rendered if o["kind"] == "TridentBackendConfig")
    assert tbc["spec"] == docs(NAS_ADVANCED)[1]["spec"]


def test_a_tridentctl_json_file_names_the_secret_to_create_and_its_keys_never_the_values():
    found = adoption.adopt([json.loads(SAN_CHAP_JSON)], namespace="storage")
    text = json.dumps(found.result())
    for value in (PASSWORD, "cluster-admin", "iJF4heBRT0TCwxyz", "uh2aNCLSd6cNwxyz"):
        assert value not in text
    backend = found.spec["backends"][0]
    assert backend["credentials"] == {"name": "ontap-san-chap-credentials"}
    assert backend["use_chap"] is True and backend["backend_name"] == "ontap-san-chap"
    assert found.secrets[0]["keys"] == [
        "chapInitiatorSecret",
        "chapTargetInitiatorSecret",
        "chapTargetUsername",
        "chapUsername",
        "password",
        "username",
    ]
    assert any(
        n.startswith("create Secret storage/ontap-san-chap-credentials with keys chapInitiatorSecret")
        for n in found.notes
    )
    # Credentials moved to the Secret are no loss; a TBC field the file does not set (deletionPolicy, which the
    # model writes until it may be left out) is one, at the file's own path.
    assert {loss.path for loss in found.losses} <= {"deletionPolicy"}
    assert all(loss.kind == "tridentctl backend" for loss in found.losses)
    assert found.adopt == []  # nothing exists as a Kubernetes object yet


def test_an_unknown_field_is_listed_with_its_path_and_the_rest_is_adopted():
    objects = docs(NAS_ADVANCED)
    objects[1]["spec"]["futureField"] = "x"
    objects[1]["spec"]["storage"] = [{"labels": {"tier": "gold"}, "futurePoolField": 3}]
    found = adoption.adopt(objects)
    assert [(loss.path, loss.reason) for loss in found.losses] == [
        ("spec.futureField", "the spec cannot express it (not rendered)"),
        ("spec.storage[0].futurePoolField", "the spec cannot express it (not rendered)"),
    ]
    assert found.spec["backends"][0]["virtual_pools"] == [{"labels": {"tier": "gold"}}]


def test_a_value_the_model_refuses_is_a_loss_with_the_model_reason_and_the_backend_is_still_adopted():
    objects = docs(NAS_ADVANCED)
    objects[1]["spec"]["storageDriverName"] = "ontap-nas-economy"
    objects[1]["spec"]["qtreesPerFlexvol"] = "5"  # Trident's range is 50 to 300
    found = adoption.adopt(objects)
    refused = [loss for loss in found.losses if not loss.path]
    assert len(refused) == 1
    assert refused[0].reason.startswith("the spec refuses backends[0].limits.qtrees_per_flexvol: ")
    assert ("backend-tbc-ontap-nas-advanced", "spec.qtreesPerFlexvol") in paths(found)
    assert found.spec["backends"][0]["driver"] == "ontap-nas-economy"


def test_server_and_tool_metadata_are_ignored():
    objects = docs(NAS_ADVANCED)
    live = objects[1]
    live["metadata"].update(
        {
            "namespace": "trident",
            "uid": "u",
            "resourceVersion": "7",
            "generation": 2,
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "managedFields": [{"manager": "kubectl"}],
            "finalizers": ["trident.netapp.io"],
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"},
            "labels": {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "other"},
        }
    )
    live["status"] = {"phase": "Bound"}
    assert adoption.adopt(objects).losses == []
    live["metadata"]["labels"]["team"] = "storage"  # a label of the user's: the backend's object_labels say it
    found = adoption.adopt(objects)
    assert found.losses == []
    assert found.spec["backends"][0]["object_labels"] == {"team": "storage"}  # the tools' records left out
    assert "object_annotations" not in found.spec["backends"][0]


def test_a_helm_installed_orchestrator_is_recognised_and_taken_over_with_the_operator():
    helm = {
        "labels": {"app.kubernetes.io/managed-by": "Helm"},
        "annotations": {"meta.helm.sh/release-name": "trident", "meta.helm.sh/release-namespace": "trident"},
    }
    found = adoption.adopt([torc(**helm)])
    assert found.installation.method == "helm" and found.installation.helm_release == "trident"
    assert found.losses == []
    assert found.spec["trident"]["install_method"] == "operator"
    assert found.spec["trident"]["version"] == "25.10.0"  # the orchestrator's status says what runs
    assert found.spec["trident"]["autosupport"] == {"enabled": False}
    assert found.spec["trident"]["controller_placement"]["tolerations"][0]["operator"] == "Exists"
    assert any("sh.helm.release.v1.trident.v*" in note and "helm uninstall" in note for note in found.notes)
    assert "TridentOrchestrator/trident" in found.adopt
    assert "Deployment/trident/trident-operator" in found.adopt
    assert not any(ref.startswith("Namespace/") for ref in found.adopt)


def test_an_operator_bundle_install_and_a_tridentctl_install_are_told_apart():
    assert adoption.adopt([torc()]).installation.method == "operator"
    controller = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "trident-controller", "namespace": "trident", "labels": {"app": adoption.CONTROLLER_APP}},
    }
    found = adoption.adopt([controller, *docs(NAS_ADVANCED)])
    assert found.installation.method == "tridentctl"
    assert found.spec["trident"]["install_method"] == "external"
    assert any("installed with tridentctl" in note for note in found.notes)
    owned = copy.deepcopy(controller)
    owned["metadata"]["ownerReferences"] = [{"kind": "TridentOrchestrator", "name": "trident"}]
    assert adoption.adopt([owned]).installation.method == "unknown"


def test_install_method_external_leaves_the_orchestrator_to_its_installer():
    found = adoption.adopt([torc()], install_method="external")
    assert found.spec["trident"]["install_method"] == "external" and found.losses == []
    assert found.adopt == []


def test_a_class_parameter_the_model_refuses_is_a_loss_at_that_parameter():
    sc = {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {"name": "smb"},
        "provisioner": "csi.trident.netapp.io",
        "parameters": {
            "backendType": "ontap-nas",
            "trident.netapp.io/nasType": "smb",
            "csi.storage.k8s.io/node-stage-secret-name": "smbcreds",
            "csi.storage.k8s.io/node-stage-secret-namespace": "default",
            "futureAttribute": "x",
        },
    }
    found = adoption.adopt([sc])
    assert ("smb", "parameters.futureAttribute") in paths(found)
    assert found.spec["storage_classes"][0]["attributes"] == {
        "backendType": "ontap-nas",
        "trident.netapp.io/nasType": "smb",
    }
    other = {**sc, "metadata": {"name": "other"}, "provisioner": "ebs.csi.aws.com"}
    assert adoption.adopt([other]).skipped == ["StorageClass other: provisioner ebs.csi.aws.com is not Trident's"]


def test_a_class_keeps_its_own_labels_and_annotations_and_leaves_out_what_tridentops_and_the_renderer_write():
    """Labels tridentops adds are not the class's labels field (the model refuses them there); annotations with a
    field of their own (default class, trident.netapp.io/*) go to that field, not to annotations."""
    sc = {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {
            "name": "gold",
            "labels": {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "prod", "team": "db"},
            "annotations": {
                "storageclass.kubernetes.io/is-default-class": "false",
                "trident.netapp.io/selector": "performance=gold",
                "trident.netapp.io/additionalStoragePools": "nas:.*",
                "trident.netapp.io/autogrowPolicy": "grow",
                "tridentops.io/spec": "prod",
                "owner": "dba",
            },
        },
        "provisioner": "csi.trident.netapp.io",
        "parameters": {"trident.netapp.io/selector": "performance=silver", "storagePools": "nas:aggr1"},
        "allowedTopologies": [
            {"matchLabelExpressions": [{"key": "topology.kubernetes.io/zone", "values": ["a", "b"]}]}
        ],
    }
    found = adoption.adopt([sc])
    assert found.losses == []
    (entry,) = found.spec["storage_classes"]
    assert entry["labels"] == {"team": "db"} and entry["annotations"] == {"owner": "dba"}
    assert entry["default"] is False
    assert entry["selector_annotation"] == "performance=gold" and entry["selector"] == "performance=silver"
    assert entry["additional_storage_pools_annotation"] == "nas:.*" and entry["autogrow_policy"] == "grow"
    assert entry["prefixed_parameters"] == ["selector"] and entry["storage_pools"] == "nas:aggr1"
    assert entry["allowed_topologies"] == [{"topology.kubernetes.io/zone": ["a", "b"]}]
    vsc = {
        "apiVersion": "snapshot.storage.k8s.io/v1",
        "kind": "VolumeSnapshotClass",
        "metadata": {
            "name": "snap",
            "labels": {"app.kubernetes.io/managed-by": "tridentops", "team": "db"},
            "annotations": {"snapshot.storage.kubernetes.io/is-default-class": "true", "owner": "dba"},
        },
        "driver": "csi.trident.netapp.io",
        "deletionPolicy": "Retain",
    }
    found = adoption.adopt([vsc])
    assert found.losses == []
    assert found.spec["snapshot_classes"] == [
        {
            "name": "snap",
            "deletion_policy": "Retain",
            "default": True,
            "annotations": {"owner": "dba"},
            "labels": {"team": "db"},
        }
    ]


def test_a_torc_setting_every_field_adopts_with_no_loss_and_renders_back_equal():
    """Every TridentOrchestratorSpec key of v26.06.0 (tests/integration/torc_fields.py, the upstream names)."""
    spec = load({"name": "torc", "trident": ALL_FIELDS})
    (obj,) = [o for o in render(spec).objects if o["kind"] == "TridentOrchestrator"]
    assert sorted(obj["spec"]) == sorted(UPSTREAM_TORC_FIELDS)
    found = adoption.adopt([obj], stack="torc")
    assert [str(loss) for loss in found.losses] == []
    (again,) = [o for o in render(load(found.spec)).objects if o["kind"] == "TridentOrchestrator"]
    assert again == obj


@pytest.mark.parametrize("key", UPSTREAM_TORC_FIELDS)
def test_each_torc_key_alone_adopts_to_the_spec_field_the_model_names(key: str):
    spec = load({"name": "torc", "trident": ALL_FIELDS})
    (obj,) = [o for o in render(spec).objects if o["kind"] == "TridentOrchestrator"]
    obj["spec"] = {"namespace": "trident", key: obj["spec"][key]}
    if key == "cloudIdentity":
        obj["spec"]["cloudProvider"] = "Azure"
    found = adoption.adopt([obj], stack="torc")
    assert [str(loss) for loss in found.losses] == []
    node: Any = found.spec["trident"]
    for part in TORC_FIELDS[key].split("."):
        node = node[part]
    (again,) = [o for o in render(load(found.spec)).objects if o["kind"] == "TridentOrchestrator"]
    assert again["spec"] == obj["spec"]


def tap(name: str, spec: dict[str, str], **metadata: Any) -> dict[str, Any]:
    return {
        "apiVersion": "trident.netapp.io/v1",
        "kind": "TridentAutogrowPolicy",
        "metadata": {"name": name, **metadata},
        "spec": spec,
    }


def test_autogrow_policies_adopt_as_written_and_render_back_equal():
    # As a file writes it: growthAmount and maxSize left to the CRD's defaults stay left out.
    written = tap("grow", {"usedThreshold": "80%"})
    # As the API server returns it: the CRD's defaults filled in (growthAmount 10%, maxSize "0"), kept as read so
    # that the render equals the live object.
    live = tap(
        "live",
        {"usedThreshold": "85.5%", "growthAmount": "10%", "maxSize": "0"},
        uid="u",
        resourceVersion="3",
        generation=1,
        labels={"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "default"},
    )
    live["status"] = {"state": "Success"}
    sized = tap("sized", {"usedThreshold": "90%", "growthAmount": "5Gi", "maxSize": "500Gi"})
    found = adoption.adopt([written, live, sized])
    assert [str(loss) for loss in found.losses] == []
    assert found.spec["autogrow_policies"] == [
        {"name": "grow", "used_threshold": "80%"},
        {"name": "live", "used_threshold": "85.5%", "growth_amount": "10%", "max_size": "0"},
        {"name": "sized", "used_threshold": "90%", "growth_amount": "5Gi", "max_size": "500Gi"},
    ]
    rendered = {
        o["metadata"]["name"]: o for o in render(load(found.spec)).objects if o["kind"] == "TridentAutogrowPolicy"
    }
    for obj in (written, live, sized):
        expected = adoption.comparable(obj, None)
        assert {**rendered[obj["metadata"]["name"]], "metadata": {"name": obj["metadata"]["name"]}} == expected
    assert sorted(found.adopt) == [
        "TridentAutogrowPolicy/grow",
        "TridentAutogrowPolicy/live",
        "TridentAutogrowPolicy/sized",
    ]


def test_an_autogrow_policy_the_model_refuses_is_a_loss_with_the_models_reason():
    found = adoption.adopt([tap("grow", {"usedThreshold": "80%"}), tap("wide", {"usedThreshold": "100%"})])
    # The model's own reason first; then, the threshold being required, the policy as a whole.
    assert [(loss.name, loss.reason.split(":")[0]) for loss in found.losses] == [
        ("wide", "the spec refuses autogrow_policies[1].used_threshold"),
        ("wide", "not adopted"),
    ]
    assert [p["name"] for p in found.spec["autogrow_policies"]] == ["grow"]


EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))
# What provisioning would report for the AWS examples' references (file system, SVM secret, IAM role).
AWS_OUTPUTS = {
    "file_system_id": "fs-0123456789abcdef0",
    "credentials_secret_arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx/svm/vsadmin-AbCdEf",
    "role_arn": "arn:aws:iam::111122223333:role/trident-controller",
}
# Objects adopt reads from a cluster: Trident's and the installers' Deployments (which say the release running).
READ = ("TridentOrchestrator", "TridentBackendConfig", "StorageClass", "VolumeSnapshotClass", "TridentAutogrowPolicy")


def test_every_example_is_round_tripped():
    assert EXAMPLES == ["aws-fsx", "aws-fsx-provision", "minimal", "onprem"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_what_an_example_renders_adopts_back_to_a_spec_that_renders_the_same_objects(name: str):
    """The inverse against the renderer as a whole: every field an example uses comes back, whatever fields the
    model has (a field added to the model and used in an example is covered without a line here). The adopted
    spec need not be the example's text; its render must be the example's, but for the credential Secrets a spec
    with inline credentials renders, which adopt refers to and never copies."""
    spec = resolve(load(yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text())), AWS_OUTPUTS)
    objects = render(spec).objects
    read = [o for o in objects if o["kind"] in READ or o["kind"] == "Deployment"]
    found = adoption.adopt(read, stack=spec.name)
    assert [str(loss) for loss in found.losses] == []
    assert validate(found.spec)[0] is not None
    again = {(o["kind"], o["metadata"]["name"]): o for o in render(load(found.spec)).objects}
    secrets = {(o["kind"], o["metadata"]["name"]) for o in objects if o["kind"] == "Secret"}
    for obj in objects:
        key = (obj["kind"], obj["metadata"]["name"])
        if key not in secrets:
            assert again.pop(key) == obj
    assert again == {}
    assert {("Secret", s["name"]) for s in found.secrets} >= secrets


def test_every_loss_path_exists_in_the_object_it_names():
    objects = docs(NAS_ADVANCED)
    objects[1]["spec"]["igroupNameX"] = "a"
    objects[1]["spec"]["defaults"]["futureDefault"] = "b"
    losses = adoption.adopt(objects).losses
    assert {loss.path for loss in losses} == {"", "spec.igroupNameX", "spec.defaults.futureDefault"}
    for loss in losses:
        if not loss.path:  # the model's own reason for refusing a field, with the spec path it refused
            assert loss.reason.startswith("the spec refuses backends[0].defaults.futureDefault: unknown ONTAP")
            continue
        node: Any = objects[1]
        for part in loss.path.replace("]", "").replace("[", ".").split("."):
            node = node[int(part)] if isinstance(node, list) else node[part]


class Cluster:
    """A session double: lists what it holds, refuses deployments (403) as a role without them would."""

    def __init__(self, objects: list[dict[str, Any]]) -> None:
        self.objects = objects
        self.listed: list[tuple[str, str | None, str | None]] = []

    def list(self, kind: Any, namespace: str | None = None, label_selector: str | None = None) -> tuple[list, str]:
        from ansible_collections.tridentops.storage.plugins.module_utils._k8s.session import KubeError

        self.listed.append((kind.plural, namespace, label_selector))
        if kind.plural == "deployments":
            raise KubeError(403, "forbidden")
        found = [o for o in self.objects if o["kind"] == kind.kind]
        return [o for o in found if namespace is None or o["metadata"].get("namespace") == namespace], "1"


def test_the_module_reads_the_cluster_without_secrets_and_goes_on_without_deployments():
    from ansible_collections.tridentops.storage.plugins.module_utils._ops import adopt as ops
    from ansible_collections.tridentops.storage.plugins.module_utils._ops.task import Task

    secret, tbc = docs(NAS_ADVANCED)
    tbc["metadata"]["namespace"] = "storage"
    live = torc()
    live["spec"]["namespace"] = "storage"
    cluster = Cluster([secret, tbc, live])
    params = {"namespace": None, "objects": None, "stack_name": "s", "install_method": "auto", "accept_loss": False}
    result = ops.adopt(Task(params, connect=lambda: cluster))  # type: ignore[arg-type, return-value]
    assert not result.get("failed"), result
    assert "secrets" not in {listed[0] for listed in cluster.listed}
    assert ("tridentbackendconfigs", "storage", None) in cluster.listed  # the orchestrator's namespace
    refused = [n for n in result["notes"] if n.startswith("not allowed")]
    assert refused == ["not allowed to list deployments: the installation method may not be recognised"]
    assert result["spec"]["backends"][0]["name"] == "backend-tbc-ontap-nas-advanced"


def test_entries_refused_as_a_whole_leave_the_spec_one_by_one_and_an_unnamed_orchestrator_is_not_installed_anew():
    first, second = docs(NAS_ADVANCED)[1], docs(NAS_ADVANCED)[1]
    for tbc, name in ((first, "a"), (second, "b")):
        tbc["metadata"]["name"] = tbc["spec"]["backendName"] = name
        del tbc["spec"]["managementLIF"]  # required: the backend cannot be adopted without it
    kept = docs(NAS_ADVANCED)[1]
    found = adoption.adopt([first, kept, second])
    assert [b["name"] for b in found.spec["backends"]] == ["backend-tbc-ontap-nas-advanced"]
    assert sorted((loss.name, loss.reason.split(":")[0]) for loss in found.losses) == [
        ("a", "not adopted"),
        ("b", "not adopted"),
    ]
    renamed = torc()
    renamed["metadata"]["name"] = "trident-prod"
    found = adoption.adopt([renamed])
    assert found.spec["trident"]["install_method"] == "external"
    assert [(loss.name, loss.reason) for loss in found.losses] == [
        ("trident-prod", "not rendered: the spec cannot express this object")
    ]
    assert found.adopt == []


@dataclass(frozen=True, kw_only=True)
class Pool:
    usage_heartbeat: str | None = None
    clone_split_delay: int | None = None


@dataclass(frozen=True, kw_only=True)
class Future:
    """Fields the model may gain, as a model class declares them."""

    igroup_name: str | None = None
    k8s_api_qps: int | None = None
    use_balanced_placement: bool | None = None
    pools: tuple[Pool, ...] = field(default_factory=tuple)


def test_the_inverse_needs_no_code_for_a_field_named_as_its_key():
    """Any model class: keys find fields by name without case and underscores, through nested classes and lists of
    them, values converted to the field's type (Trident's string numbers and booleans included)."""
    raw = {
        "igroupName": "ig",
        "k8sAPIQPS": "50",
        "useBalancedPlacement": "true",
        "pools": [{"usageHeartbeat": "24h", "cloneSplitDelay": "10"}],
        "notAField": 1,
    }
    assert adoption.inverse(Future, raw) == {
        "igroup_name": "ig",
        "k8s_api_qps": 50,
        "use_balanced_placement": True,
        "pools": [{"usage_heartbeat": "24h", "clone_split_delay": 10}],
    }
