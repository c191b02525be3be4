"""Parity: the Pulumi components declare exactly the Kubernetes objects the Ansible stack module applies.

The stack module applies ``render(load(spec)).objects`` (proved on the Ansible side); here the objects
the components send to the engine are compared with that list, for every example spec. The comparison
ignores field order and removes exactly one thing, the ``pulumi.com/*`` annotations (Pulumi-only
readiness waits); anything else that differs, including a missing or extra object, fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml
from example_specs import EXAMPLE_IDS, EXAMPLE_SPECS, ROOT
from harness import canonical, keyed, kubernetes_objects, one, without_pulumi_annotations

from tridentops_pulumi import (
    FsxTridentBackend,
    OntapBackend,
    TridentOperator,
    TridentSnapshotClass,
    TridentStack,
    TridentStorageClass,
)
from tridentops_pulumi.spec.api import load, render
from tridentops_pulumi.spec.render_aws import render_aws, resolve

PROVISION = ROOT / "examples" / "aws-fsx-provision.yaml"


def declared(registrations) -> dict:
    return keyed([without_pulumi_annotations(o) for o in kubernetes_objects(registrations)])


def applied_by_ansible(document: dict[str, Any]) -> dict:
    return keyed(render(load(document)).objects)


@pytest.mark.parametrize("path", EXAMPLE_SPECS, ids=EXAMPLE_IDS)
def test_tridentstack_declares_exactly_what_the_stack_module_applies(path: Path, mocks):
    document = yaml.safe_load(path.read_text())
    registrations = mocks.run(lambda: TridentStack("parity", document))
    assert declared(registrations) == applied_by_ansible(document)


def test_tridentstack_provisions_the_aws_section_and_declares_what_the_fsx_ontap_role_applies(mocks):
    """examples/aws-fsx-provision.yaml: the fsx_ontap role creates the AWS resources, then runs the stack module with
    their ids and ARNs as aws_outputs, which resolves the spec before rendering. TridentStack must declare the same
    objects, with what its FsxOntapStorage child reports in their place."""
    document = yaml.safe_load(PROVISION.read_text())
    registrations = mocks.run(lambda: TridentStack("parity", {**document, "vsadmin_password": "Vsadmin-Pa55word"}))
    reported = mocks.outputs_of(one(registrations, "tridentops:index:FsxOntapStorage"))
    aws_outputs = {
        "file_system_id": reported["file_system_id"],
        "credentials_secret_arn": reported["secret_arn"],
        "role_arn": reported["role_arn"],
    }
    assert declared(registrations) == keyed(render(resolve(load(document), aws_outputs)).objects)
    # ... and the AWS side from the same plan the role's modules get (fsx_ontap_plan).
    plan = render_aws(load(document))
    assert plan is not None
    file_system = one(registrations, "aws:fsx/ontapFileSystem:OntapFileSystem").object
    assert file_system["storageCapacity"] == plan.create_file_system["StorageCapacity"]
    assert file_system["subnetIds"] == plan.create_file_system["SubnetIds"]
    assert file_system["tags"] == {t["Key"]: t["Value"] for t in plan.create_file_system["Tags"]}
    assert (
        one(registrations, "aws:fsx/ontapStorageVirtualMachine:OntapStorageVirtualMachine").object["name"] == "svm_eks"
    )
    assert one(registrations, "aws:secretsmanager/secret:Secret").object["name"] == plan.svm.credentials_secret
    assert plan.identity is not None
    assert one(registrations, "aws:iam/role:Role").object["name"] == plan.identity.role_name
    assert one(registrations, "aws:iam/policy:Policy").object["name"] == plan.identity.policy_name


def compose(document: dict[str, Any]) -> None:
    """The same spec built from the fine-grained components, as a user composing them would."""
    where = {"stack": document["name"]}
    trident = dict(document.get("trident", {}))
    namespace = trident.get("namespace", "trident")
    operator = TridentOperator("parity", {**trident, **where})
    opts = pulumi.ResourceOptions(depends_on=[operator])
    for backend in document.get("backends", []):
        if "aws" in backend:
            entry = {k: v for k, v in backend.items() if k not in ("aws", "credentials")}
            FsxTridentBackend(
                backend["name"],
                {
                    **entry,
                    "fsx_filesystem_id": backend["aws"]["fsx_filesystem_id"],
                    "api_region": backend["aws"]["api_region"],
                    "credentials_secret_arn": backend["credentials"]["name"],
                    "trident_namespace": namespace,
                    **where,
                },
                opts=opts,
            )
        else:
            OntapBackend(backend["name"], {**backend, "trident_namespace": namespace, **where}, opts=opts)
    for sc in document.get("storage_classes", []):
        TridentStorageClass(sc["name"], {**sc, **where}, opts=opts)
    for vsc in document.get("snapshot_classes", []):
        TridentSnapshotClass(vsc["name"], {**vsc, **where}, opts=opts)


@pytest.mark.parametrize("path", EXAMPLE_SPECS, ids=EXAMPLE_IDS)
def test_the_fine_grained_components_together_declare_the_same_objects(path: Path, mocks):
    document = yaml.safe_load(path.read_text())
    registrations = mocks.run(lambda: compose(document))
    assert declared(registrations) == applied_by_ansible(document)


def test_the_normalisation_removes_pulumi_annotations_and_nothing_else():
    obj = {
        "kind": "StorageClass",
        "metadata": {
            "name": "gold",
            "annotations": {"pulumi.com/waitFor": "x", "storageclass.kubernetes.io/is-default-class": "true"},
        },
    }
    assert without_pulumi_annotations(obj)["metadata"] == {
        "name": "gold",
        "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
    }
    only_pulumi = {"kind": "TridentBackendConfig", "metadata": {"name": "b", "annotations": {"pulumi.com/x": "y"}}}
    assert without_pulumi_annotations(only_pulumi)["metadata"] == {"name": "b"}


def test_the_comparison_sees_types_and_list_order():
    # The engine sends integers as floats; that alone is not a difference, but a boolean is not a number
    # and a reordered list is a different object.
    assert canonical({"replicas": 1.0}) == canonical({"replicas": 1})
    assert canonical({"allowVolumeExpansion": True}) != canonical({"allowVolumeExpansion": 1})
    assert canonical({"mountOptions": ["a", "b"]}) != canonical({"mountOptions": ["b", "a"]})


def test_with_pod_identity_tridentstack_declares_what_the_fsx_ontap_role_applies(mocks):
    # The role passes no role ARN to the stack module with EKS Pod Identity, and Trident gets no cloud identity.
    document = yaml.safe_load(PROVISION.read_text())
    document["aws"]["trident_identity"] = {
        "mode": "pod_identity",
        "role_name": "trident-controller",
        "policy_name": "trident-fsx-ontap",
        "eks_cluster_name": "prod",
    }
    del document["trident"]["cloud_provider"]
    registrations = mocks.run(lambda: TridentStack("parity", {**document, "vsadmin_password": "Vsadmin-Pa55word"}))
    reported = mocks.outputs_of(one(registrations, "tridentops:index:FsxOntapStorage"))
    aws_outputs = {"file_system_id": reported["file_system_id"], "credentials_secret_arn": reported["secret_arn"]}
    assert declared(registrations) == keyed(render(resolve(load(document), aws_outputs)).objects)
    assert one(registrations, "aws:eks/podIdentityAssociation:PodIdentityAssociation").object["clusterName"] == "prod"
