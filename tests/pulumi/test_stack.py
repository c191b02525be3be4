"""TridentStack under the mock engine: what it registers, under which parent, in which order, how secret."""

from __future__ import annotations

import copy
import itertools
import json

import pulumi
import pulumi_kubernetes as k8s
import pytest
from example_specs import load_example
from harness import by_type, children_of, is_secret, one, secret_paths
from test_spec_render import CHAP_SECRET_KEYS

from tridentops_pulumi import InvalidArgs, TridentStack

STACK = "tridentops:index:TridentStack"
TORC = "kubernetes:trident.netapp.io/v1:TridentOrchestrator"
TBC = "kubernetes:trident.netapp.io/v1:TridentBackendConfig"
SECRET = "kubernetes:core/v1:Secret"
# Bound with the last operation a Success: a config Trident failed to update stays Bound (spec/readiness.py).
BACKEND_WAIT = '["jsonpath={.status.phase}=Bound", "jsonpath={.status.lastOperationStatus}=Success"]'
STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass"
SNAPSHOT_CLASS = "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass"
INSTALL_ORDER = [
    "kubernetes:core/v1:Namespace",
    "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
    "kubernetes:core/v1:ServiceAccount",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "kubernetes:apps/v1:Deployment",
    TORC,
]


def test_every_object_is_a_child_of_the_component_named_after_it(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    stack = one(registrations, STACK)
    assert stack.parent.endswith("::project-stack") and not stack.custom
    children = list(children_of(registrations, stack))
    assert len(children) == len(registrations) - 1, "nothing outside the component, nothing nested deeper"
    assert all(c.name == f"prod-{c.inputs['metadata']['name']}" for c in children)
    assert all(c.version == k8s._utilities.get_version() for c in children), "kubernetes plugin pinned"


def test_the_installation_is_a_chain_and_everything_else_waits_for_the_orchestrator(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    install = [r for r in registrations if r.type in INSTALL_ORDER]
    install.sort(key=lambda r: INSTALL_ORDER.index(r.type))
    for previous, current in itertools.pairwise(install):
        assert current.dependencies == {previous.urn}, f"{current.type} waits for {previous.type} only"
    orchestrator = one(registrations, TORC)
    rest = [r for r in registrations if r.custom and r.type not in INSTALL_ORDER]
    assert rest and all(orchestrator.urn in r.dependencies for r in rest)


def test_a_backend_waits_for_the_secret_it_names_and_classes_do_not_wait_for_backends(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    orchestrator = one(registrations, TORC)
    secrets = {r.inputs["metadata"]["name"]: r for r in by_type(registrations, SECRET)}
    for tbc in by_type(registrations, TBC):
        secret = secrets[tbc.inputs["spec"]["credentials"]["name"]]
        assert tbc.dependencies == {orchestrator.urn, secret.urn}
    # nas-economy names the Secret rendered for nas-tiers
    assert one(registrations, TBC, "prod-nas-economy").dependencies >= {secrets["nas-tiers-credentials"].urn}
    for cls in [*by_type(registrations, STORAGE_CLASS), *by_type(registrations, SNAPSHOT_CLASS)]:
        assert cls.dependencies == {orchestrator.urn}


def test_readiness_waits_sit_on_the_orchestrator_and_every_backend_only(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    waits = {
        (r.kind, r.inputs["metadata"]["annotations"]["pulumi.com/waitFor"])
        for r in registrations
        if "pulumi.com/waitFor" in r.inputs.get("metadata", {}).get("annotations", {})
    }
    assert waits == {
        ("TridentOrchestrator", "jsonpath={.status.status}=Installed"),
        ("TridentBackendConfig", BACKEND_WAIT),
    }
    assert len(by_type(registrations, TBC)) == 3
    assert all("pulumi.com/waitFor" in r.inputs["metadata"]["annotations"] for r in by_type(registrations, TBC))


def test_credentials_are_secret_in_what_the_engine_receives(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    secrets = by_type(registrations, SECRET)
    assert len(secrets) == 2
    for secret in secrets:
        assert is_secret(secret.inputs["data"]), "the whole data map travels as a secret"
        assert set(secret.additional_secret_outputs) >= {"data", "stringData"}
    san = one(registrations, SECRET, "prod-san-db-credentials")
    assert set(san.object["data"]) == CHAP_SECRET_KEYS
    # Nothing else carries a secret, and no password appears in any other resource's inputs.
    others = [r for r in registrations if r.type != SECRET]
    assert [p for r in others for p in secret_paths(r.inputs)] == []
    assert not any("change-me" in str(r.inputs) for r in others)


def test_outputs_are_registered_last_with_the_names_of_what_was_declared(mocks):
    registrations = mocks.run(lambda: TridentStack("prod", load_example("onprem")))
    outputs = mocks.outputs_of(one(registrations, STACK))
    assert outputs == {
        "namespace": "trident",
        "backend_names": ["nas-tiers", "nas-economy", "san-db"],
        "storage_class_names": ["gold", "silver", "bronze", "economy", "database"],
        "snapshot_class_names": ["trident-snapshots"],
    }


def test_a_kubernetes_provider_given_to_the_stack_reaches_every_object(mocks):
    def program():
        cluster = k8s.Provider("cluster", kubeconfig="{}")
        TridentStack("prod", load_example("minimal"), opts=pulumi.ResourceOptions(providers=[cluster]))

    registrations = mocks.run(program)
    provider = one(registrations, "pulumi:providers:kubernetes")
    objects = [r for r in registrations if r.custom and r.type.startswith("kubernetes:")]
    assert objects and all(r.provider.startswith(provider.urn + "::") for r in objects)


@pytest.mark.parametrize("method", ["external", "eks_addon"])
def test_trident_installed_elsewhere_renders_no_install_and_waits_for_what_the_caller_names(mocks, method):
    document = load_example("aws-fsx")
    document["trident"]["install_method"] = method

    def program():
        addon = pulumi.CustomResource("test:index:TridentInstall", "installer", {})
        TridentStack("aws", document, opts=pulumi.ResourceOptions(depends_on=[addon]))

    registrations = mocks.run(program)
    installer = one(registrations, "test:index:TridentInstall")
    assert not [r for r in registrations if r.type in INSTALL_ORDER]
    objects = [r for r in registrations if r.custom and r.type.startswith("kubernetes:")]
    assert {r.kind for r in objects} == {"TridentBackendConfig", "StorageClass", "VolumeSnapshotClass"}
    assert all(installer.urn in r.dependencies for r in objects), "children honour the stack's depends_on"


def test_every_error_of_the_spec_is_reported_at_once_before_anything_is_declared(mocks):
    document = copy.deepcopy(load_example("onprem"))
    document["backends"][0]["driver"] = "ontap-nass"
    document["storage_classes"][1]["reclaim_policy"] = "Keep"
    document["trident"]["log_level"] = "loud"

    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: TridentStack("bad", document))
    assert [i.path for i in error.value.issues] == [
        "trident.log_level",
        "backends[0].driver",
        "storage_classes[1].reclaim_policy",
    ]
    assert str(error.value).startswith("TridentStack 'bad': 3 invalid value(s):")
    assert "'ontap-nass' is not one of ontap-nas" in str(error.value)
    assert mocks.monitor.registrations == [], "nothing is registered for an invalid spec"


FSX_STORAGE = "tridentops:index:FsxOntapStorage"
FILE_SYSTEM = "aws:fsx/ontapFileSystem:OntapFileSystem"
SVM = "aws:fsx/ontapStorageVirtualMachine:OntapStorageVirtualMachine"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
ADDON = "aws:eks/addon:Addon"
VSADMIN_PASSWORD = "Vsadmin-Pa55word"


def provision_example() -> dict:
    return {**load_example("aws-fsx-provision"), "vsadmin_password": VSADMIN_PASSWORD}


def test_a_spec_with_an_aws_section_is_provisioned_by_a_child_and_its_backends_wait_for_what_it_creates(any_mocks):
    registrations = any_mocks.run(lambda: TridentStack("aws", provision_example()))
    stack = one(registrations, STACK)
    storage = one(registrations, FSX_STORAGE)
    assert storage.parent == stack.urn
    file_system, svm = one(registrations, FILE_SYSTEM), one(registrations, SVM)
    secret_version = one(registrations, SECRET_VERSION)
    for tbc in by_type(registrations, TBC):
        assert {file_system.urn, svm.urn, secret_version.urn} <= tbc.dependencies, "Trident logs in once they exist"
    orchestrator = one(registrations, TORC)
    assert one(registrations, ATTACHMENT).urn in orchestrator.dependencies, "its cloud identity holds the policy"
    assert not any(VSADMIN_PASSWORD in str(r.inputs) for r in registrations if not r.type.startswith("aws:"))


def test_a_provisioned_stack_reports_what_aws_assigned(mocks):
    registrations = mocks.run(lambda: TridentStack("aws", provision_example()))
    outputs = mocks.outputs_of(one(registrations, STACK))
    assert outputs["backend_names"] == ["fsx-nas", "fsx-san"]
    assert outputs["file_system_id"] == "fs-0123456789abcdef0"
    assert outputs["svm_management_endpoint"] == "management.aws-svm.fsx.example"
    assert outputs["svm_nfs_endpoint"] == "nfs.aws-svm.fsx.example"
    assert (
        outputs["credentials_secret_arn"] == "arn:aws:secretsmanager:eu-west-1:111122223333:secret:aws-vsadmin-AbCdEf"
    )
    assert outputs["trident_role_arn"] == "arn:aws:iam::111122223333:role/aws-trident"


@pytest.mark.parametrize(
    ("password", "problem"),
    [(None, "is required with an aws section"), ("short", "must be 8 to 50 characters")],
)
def test_an_aws_section_needs_a_vsadmin_password_before_anything_is_declared(mocks, password, problem):
    document = load_example("aws-fsx-provision")
    if password is not None:
        document["vsadmin_password"] = password
    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: TridentStack("aws", document))
    assert [i.path for i in error.value.issues] == ["vsadmin_password"]
    assert problem in error.value.issues[0].message
    assert "short" not in str(error.value)
    assert mocks.monitor.registrations == []


def test_the_spec_eks_addon_installs_trident_and_everything_on_the_cluster_waits_for_it(mocks):
    document = provision_example()
    document["trident"]["install_method"] = "eks_addon"
    document["aws"]["eks_addon"] = {"cluster_name": "prod"}
    registrations = mocks.run(lambda: TridentStack("aws", document))
    addon = one(registrations, ADDON)
    assert addon.inputs["addonName"] == "netapp_trident-operator"
    assert addon.inputs["addonVersion"] == "v26.6.0-eksbuild.1", "latest: the newest offered for the cluster"
    assert json.loads(addon.inputs["configurationValues"]) == {
        "cloudProvider": "AWS",
        "cloudIdentity": "'eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/aws-trident'",
    }
    assert not [r for r in registrations if r.type in INSTALL_ORDER]
    objects = [r for r in registrations if r.custom and r.type.startswith("kubernetes:")]
    assert objects and all(addon.urn in r.dependencies for r in objects)


def test_an_output_in_a_backend_naming_the_spec_file_system_is_checked_with_the_aws_section(mocks):
    # Once known, the backend's values are validated again as a spec of their own: with the aws section and Trident
    # beside them, or the reference to the spec's file system (and the IRSA rules) would have nothing to refer to.
    document = provision_example()
    document["backends"][0]["svm"] = pulumi.Output.from_input("svm_eks")
    registrations = mocks.run(lambda: TridentStack("aws", document))
    assert one(registrations, TBC, "aws-fsx-nas").object["spec"]["svm"] == "svm_eks"


def test_the_aws_section_takes_plain_values_only(mocks):
    document = provision_example()
    document["aws"]["file_system"]["subnet_ids"][0] = pulumi.Output.from_input("subnet-0a1b2c3d4e5f60718")
    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: TridentStack("aws", document))
    assert [i.path for i in error.value.issues] == ["aws.file_system.subnet_ids[0]"]
    assert mocks.monitor.registrations == []
