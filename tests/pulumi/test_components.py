"""The fine-grained components: what each declares, how args are validated, how ordering is passed on."""

from __future__ import annotations

import pulumi
import pytest
from harness import by_type, children_of, is_secret, one, reveal
from test_spec_render import OPERATOR_KINDS

from tridentops_pulumi import (
    FsxTridentBackend,
    InvalidArgs,
    OntapBackend,
    TridentOperator,
    TridentSnapshotClass,
    TridentStorageClass,
)
from tridentops_pulumi.spec import facts

TBC = "kubernetes:trident.netapp.io/v1:TridentBackendConfig"
SECRET = "kubernetes:core/v1:Secret"
# Bound with the last operation a Success: a config Trident failed to update stays Bound (spec/readiness.py).
BACKEND_WAIT = '["jsonpath={.status.phase}=Bound", "jsonpath={.status.lastOperationStatus}=Success"]'
ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx-vsadmin-AbCdEf"


def backend_args(driver: str) -> dict:
    args = {
        "name": f"{driver}-1",
        "driver": driver,
        "management_lif": "10.0.0.10",
        "svm": "svm1",
        "credentials": {"username": "vsadmin", "password": "s3cret-pass"},
        "trident_namespace": "storage-system",
        "stack": "prod",
    }
    if driver in facts.NAS_DRIVERS:
        args["data_lif"] = "10.0.0.11"
    return args


@pytest.mark.parametrize("driver", facts.ONTAP_DRIVERS)
def test_ontap_backend_declares_its_secret_and_its_backend_config_for_every_driver(any_mocks, driver):
    registrations = any_mocks.run(lambda: OntapBackend("b", backend_args(driver)))
    component = one(registrations, "tridentops:index:OntapBackend")
    secret, tbc = one(registrations, SECRET), one(registrations, TBC)
    assert {r.urn for r in children_of(registrations, component)} == {secret.urn, tbc.urn}
    assert tbc.dependencies == {secret.urn}
    assert tbc.inputs["metadata"] == {
        "name": f"{driver}-1",
        "namespace": "storage-system",
        "labels": {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "prod"},
        "annotations": {"pulumi.com/waitFor": BACKEND_WAIT},
    }
    spec = tbc.inputs["spec"]
    assert spec["storageDriverName"] == driver
    assert spec["credentials"] == {"name": f"{driver}-1-credentials"}
    assert "dataLIF" in spec if driver in facts.NAS_DRIVERS else "dataLIF" not in spec
    assert is_secret(secret.inputs["data"])
    assert secret.inputs["metadata"]["namespace"] == "storage-system"


def test_a_backend_waits_for_what_the_component_depends_on(mocks):
    def program():
        operator = TridentOperator("trident", {})
        OntapBackend("b", backend_args("ontap-nas"), opts=pulumi.ResourceOptions(depends_on=[operator]))

    registrations = mocks.run(program)
    operator = one(registrations, "tridentops:index:TridentOperator")
    operator_objects = {r.urn for r in children_of(registrations, operator)}
    # A component in depends_on stands for all of its resources.
    assert len(operator_objects) == 7
    assert operator_objects <= one(registrations, SECRET).dependencies
    assert operator_objects <= one(registrations, TBC).dependencies


def test_an_existing_secret_is_referenced_and_not_declared(mocks):
    args = backend_args("ontap-san") | {"credentials": {"name": "array-admin"}}
    registrations = mocks.run(lambda: OntapBackend("b", args))
    assert by_type(registrations, SECRET) == []
    assert one(registrations, TBC).inputs["spec"]["credentials"] == {"name": "array-admin"}


def test_backend_args_are_checked_by_the_spec_model_and_reported_by_arg_name(mocks):
    args = backend_args("ontap-san") | {
        "driver": "ontap-san",
        "nas_type": "nfs",
        "limits": {"qtrees_per_flexvol": 100},
        "trident_namespace": "Not_A_Namespace",
        "stack": "Bad Stack",
    }
    del args["management_lif"]
    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: OntapBackend("b", args))
    assert sorted(i.path for i in error.value.issues) == [
        "limits.qtrees_per_flexvol",
        "management_lif",
        "nas_type",
        "stack",
        "trident_namespace",
    ]
    assert str(error.value).startswith("OntapBackend 'b': 5 invalid value(s)")
    assert mocks.monitor.registrations == []


def test_fsx_backend_reads_credentials_from_secrets_manager(any_mocks):
    args = {
        "name": "fsx-nas",
        "driver": "ontap-nas",
        "fsx_filesystem_id": "fs-0123456789abcdef0",
        "svm": "svm_eks",
        "credentials_secret_arn": ARN,
        "api_region": "eu-west-1",
    }
    registrations = any_mocks.run(lambda: FsxTridentBackend("fsx", args))
    assert by_type(registrations, SECRET) == [], "no password reaches Kubernetes"
    spec = one(registrations, TBC).inputs["spec"]
    assert spec["aws"] == {"fsxFilesystemID": "fs-0123456789abcdef0", "apiRegion": "eu-west-1"}
    assert spec["credentials"] == {"name": ARN, "type": "awsarn"}
    assert spec["svm"] == "svm_eks" and "managementLIF" not in spec


def test_fsx_backend_errors_name_its_own_args(mocks):
    args = {
        "name": "fsx",
        "driver": "ontap-nas",
        "fsx_filesystem_id": "fs-nope",
        "svm": "svm",
        "credentials_secret_arn": "x",
    }
    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: FsxTridentBackend("fsx", args))
    assert sorted(i.path for i in error.value.issues) == ["credentials_secret_arn", "fsx_filesystem_id"]


def test_operator_declares_the_bundle_and_reports_where_trident_runs(mocks):
    args = {"namespace": "storage-system", "version": "25.10.0", "image_registry": "registry.example.com/netapp"}
    registrations = mocks.run(lambda: TridentOperator("trident", args))
    component = one(registrations, "tridentops:index:TridentOperator")
    kinds = [r.kind for r in children_of(registrations, component)]
    assert sorted(kinds) == sorted(OPERATOR_KINDS)
    assert mocks.outputs_of(component) == {
        "namespace": "storage-system",
        "version": "25.10.0",
        "operator_image": "registry.example.com/netapp/trident-operator:25.10.0",
    }
    orchestrator = one(registrations, "kubernetes:trident.netapp.io/v1:TridentOrchestrator")
    assert orchestrator.inputs["metadata"]["annotations"] == {
        "pulumi.com/waitFor": "jsonpath={.status.status}=Installed"
    }


def test_operator_refuses_another_install_method(mocks):
    with pytest.raises(InvalidArgs, match="install_method: TridentOperator always installs with the operator"):
        mocks.run(lambda: TridentOperator("trident", {"install_method": "external"}))  # type: ignore[typeddict-unknown-key]


def test_storage_class_is_trident_provisioned_with_its_attributes_as_parameters(any_mocks):
    args = {
        "name": "gold",
        "default": True,
        "attributes": {"backendType": "ontap-nas", "encryption": True},
        "selector": "performance=gold",
        "reclaim_policy": "Retain",
        "volume_binding_mode": "Immediate",
        "allow_volume_expansion": True,
        "mount_options": ["nfsvers=4.1"],
    }
    registrations = any_mocks.run(lambda: TridentStorageClass("gold", args))
    sc = one(registrations, "kubernetes:storage.k8s.io/v1:StorageClass")
    assert reveal(sc.inputs) == {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {
            "name": "gold",
            "labels": {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "default"},
            "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
        },
        "provisioner": "csi.trident.netapp.io",
        "parameters": {"backendType": "ontap-nas", "encryption": "true", "selector": "performance=gold"},
        "reclaimPolicy": "Retain",
        "volumeBindingMode": "Immediate",
        "allowVolumeExpansion": True,
        "mountOptions": ["nfsvers=4.1"],
    }


def test_storage_class_rejects_what_trident_would_reject(mocks):
    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: TridentStorageClass("x", {"name": "x", "attributes": {"medya": "ssd"}}))
    assert [i.path for i in error.value.issues] == ["attributes.medya"]


def test_snapshot_class_keeps_its_top_level_fields(any_mocks):
    # pulumi_kubernetes' CustomResource would send only metadata and spec; the class's own resource
    # sends driver and deletionPolicy where the API expects them.
    registrations = any_mocks.run(
        lambda: TridentSnapshotClass("snaps", {"name": "snaps", "default": True, "deletion_policy": "Retain"})
    )
    vsc = one(registrations, "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass")
    assert vsc.custom and vsc.inputs == {
        "apiVersion": "snapshot.storage.k8s.io/v1",
        "kind": "VolumeSnapshotClass",
        "metadata": {
            "name": "snaps",
            "labels": {"app.kubernetes.io/managed-by": "tridentops", "tridentops.io/stack": "default"},
            "annotations": {"snapshot.storage.kubernetes.io/is-default-class": "true"},
        },
        "driver": "csi.trident.netapp.io",
        "deletionPolicy": "Retain",
    }
    assert "spec" not in vsc.inputs


def test_component_depends_on_must_be_resources(mocks):
    with pytest.raises(TypeError, match="depends_on as a resource or a list of resources"):
        mocks.run(
            lambda: TridentStorageClass(
                "x",
                {"name": "x", "attributes": {"backendType": "ontap-nas"}},
                opts=pulumi.ResourceOptions(depends_on=pulumi.Output.from_input([])),
            )
        )
