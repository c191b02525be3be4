"""FsxOntapStorage under the mock engine: pulumi_aws inputs, secrets, IAM trust, outputs."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from harness import FSXADMIN_PASSWORD, UNKNOWN, children_of, contains, is_secret, one, public, reveal

from tridentops_pulumi import FsxOntapStorage, InvalidArgs

PASSWORD = "Vsadmin-Pa55word"
ADMIN_PASSWORD = FSXADMIN_PASSWORD  # what the fsxadmin secret holds (the harness answers the read)
SUBNET_A, SUBNET_B = "subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"
FILE_SYSTEM = "aws:fsx/ontapFileSystem:OntapFileSystem"
SVM = "aws:fsx/ontapStorageVirtualMachine:OntapStorageVirtualMachine"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
POLICY = "aws:iam/policy:Policy"
ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
POD_IDENTITY = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
ARGS_CLASSES = {
    FILE_SYSTEM: aws.fsx.OntapFileSystemArgs,
    SVM: aws.fsx.OntapStorageVirtualMachineArgs,
    SECRET: aws.secretsmanager.SecretArgs,
    SECRET_VERSION: aws.secretsmanager.SecretVersionArgs,
    POLICY: aws.iam.PolicyArgs,
    ROLE: aws.iam.RoleArgs,
    ATTACHMENT: aws.iam.RolePolicyAttachmentArgs,
    POD_IDENTITY: aws.eks.PodIdentityAssociationArgs,
}
OIDC_URL = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"
OIDC_ARN = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"


def irsa_args(**extra: Any) -> dict[str, Any]:
    """The spec's aws section (examples/aws-fsx-provision.yaml's shape), plus the component's two extras."""
    return {
        "region": "eu-west-1",
        "file_system": {
            "name": "eks-trident",
            "deployment_type": "MULTI_AZ_1",
            "storage_capacity_gib": 2048,
            "throughput_capacity": 256,
            "subnet_ids": [SUBNET_A, SUBNET_B],
            "preferred_subnet_id": SUBNET_A,
            "route_table_ids": ["rtb-0123456789abcdef0"],
            "security_group_ids": ["sg-0123456789abcdef0"],
            "disk_iops": {"mode": "USER_PROVISIONED", "iops": 12000},
            "automatic_backup_retention_days": 7,
            "fsxadmin_password_secret": "fsx/eks-trident/fsxadmin",
            "tags": {"team": "storage"},
        },
        "svm": {"name": "svm_eks", "credentials_secret": "fsx/eks-trident/svm_eks/vsadmin"},
        "trident_identity": {
            "mode": "irsa",
            "role_name": "trident-controller",
            "policy_name": "trident-fsx-ontap",
            "oidc_provider_arn": OIDC_ARN,
        },
        "vsadmin_password": PASSWORD,
        "trident_namespace": "storage-system",
        **extra,
    }


def changed(args: dict[str, Any], section: str, **values: Any) -> dict[str, Any]:
    """``args`` with fields of one section changed (None removes a field)."""
    part = {k: v for k, v in ({**args[section], **values}).items() if v is not None}
    return {**args, section: part}


def input_names(args_class: type) -> tuple[set[str], set[str]]:
    """Every input property of a pulumi_aws resource (engine names), and the required ones."""
    names = {
        p.fget._pulumi_name  # type: ignore[union-attr]
        for _, p in inspect.getmembers(args_class, lambda m: isinstance(m, property))
    }
    params = inspect.signature(args_class.__init__).parameters.values()
    required = {
        "".join(w.capitalize() if i else w for i, w in enumerate(p.name.split("_")))
        for p in params
        if p.default is inspect.Parameter.empty and p.name != "__self__"
    }
    return names, required


def test_every_aws_input_is_one_the_pulumi_aws_resource_takes(any_mocks):
    registrations = any_mocks.run(lambda: FsxOntapStorage("fsx", irsa_args()))
    aws_resources = [r for r in registrations if r.type.startswith("aws:")]
    assert {r.type for r in aws_resources} == set(ARGS_CLASSES) - {POD_IDENTITY}
    for resource in aws_resources:
        names, required = input_names(ARGS_CLASSES[resource.type])
        assert set(resource.inputs) <= names, f"{resource.type}: unknown {set(resource.inputs) - names}"
        assert required <= set(resource.inputs), f"{resource.type}: missing {required - set(resource.inputs)}"
    file_system = one(registrations, FILE_SYSTEM)
    disk_names, _ = input_names(aws.fsx.OntapFileSystemDiskIopsConfigurationArgs)
    assert set(file_system.inputs["diskIopsConfiguration"]) <= disk_names
    assert reveal(file_system.inputs) | {"fsxAdminPassword": None} == {
        "region": "eu-west-1",
        "deploymentType": "MULTI_AZ_1",
        "storageCapacity": 2048,
        "storageType": "SSD",
        "throughputCapacity": 256,
        "subnetIds": [SUBNET_A, SUBNET_B],
        "preferredSubnetId": SUBNET_A,
        "routeTableIds": ["rtb-0123456789abcdef0"],
        "securityGroupIds": ["sg-0123456789abcdef0"],
        "diskIopsConfiguration": {"mode": "USER_PROVISIONED", "iops": 12000},
        "automaticBackupRetentionDays": 7,
        "fsxAdminPassword": None,
        "tags": {"team": "storage", "Name": "eks-trident"},
    }


def test_passwords_are_secret_everywhere_they_go_and_nowhere_else(any_mocks):
    registrations = any_mocks.run(lambda: FsxOntapStorage("fsx", irsa_args()))
    file_system, svm = one(registrations, FILE_SYSTEM), one(registrations, SVM)
    version = one(registrations, SECRET_VERSION)
    assert is_secret(file_system.inputs["fsxAdminPassword"])
    assert "fsxAdminPassword" in file_system.additional_secret_outputs
    assert is_secret(svm.inputs["svmAdminPassword"])
    assert reveal(svm.inputs["svmAdminPassword"]) == PASSWORD
    assert "svmAdminPassword" in svm.additional_secret_outputs
    assert is_secret(version.inputs["secretString"])
    assert "secretString" in version.additional_secret_outputs
    for resource in registrations:
        assert not contains(public(resource.inputs), PASSWORD), f"{resource.type} shows the password"
        assert not contains(public(resource.inputs), ADMIN_PASSWORD)
        assert not contains(public(any_mocks.outputs_of(resource)), PASSWORD)


def test_the_secret_holds_what_trident_reads(mocks):
    registrations = mocks.run(lambda: FsxOntapStorage("fsx", irsa_args()))
    version = one(registrations, SECRET_VERSION)
    assert json.loads(reveal(version.inputs["secretString"])) == {"username": "vsadmin", "password": PASSWORD}
    secret = one(registrations, SECRET)
    assert version.inputs["secretId"] == "fsx-vsadmin-id"
    assert secret.inputs["name"] == "fsx/eks-trident/svm_eks/vsadmin"


def test_irsa_trusts_only_the_trident_controller_service_account(mocks):
    registrations = mocks.run(lambda: FsxOntapStorage("fsx", irsa_args()))
    trust = json.loads(one(registrations, ROLE).inputs["assumeRolePolicy"])
    (statement,) = trust["Statement"]
    issuer = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"
    assert statement["Principal"] == {"Federated": OIDC_ARN}
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Condition"]["StringEquals"] == {
        f"{issuer}:aud": "sts.amazonaws.com",
        f"{issuer}:sub": "system:serviceaccount:storage-system:trident-controller",
    }
    assert not [r for r in registrations if r.type == POD_IDENTITY]


def test_the_role_may_manage_fsx_volumes_and_read_only_its_secret(mocks):
    registrations = mocks.run(lambda: FsxOntapStorage("fsx", irsa_args()))
    policy = json.loads(one(registrations, POLICY).inputs["policy"])
    fsx_statement, secret_statement = policy["Statement"]
    assert "fsx:CreateVolume" in fsx_statement["Action"] and fsx_statement["Resource"] == "*"
    assert secret_statement == {
        "Sid": "TridentSvmCredentials",
        "Effect": "Allow",
        "Action": "secretsmanager:GetSecretValue",
        "Resource": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx-vsadmin-AbCdEf",
    }
    attachment = one(registrations, ATTACHMENT)
    assert attachment.inputs == {
        "role": "fsx-trident",
        "policyArn": "arn:aws:iam::111122223333:policy/fsx-trident",
    }


def test_pod_identity_associates_the_role_with_the_controller_service_account(mocks):
    args = changed(
        irsa_args(), "trident_identity", mode="pod_identity", eks_cluster_name="prod", oidc_provider_arn=None
    )
    registrations = mocks.run(lambda: FsxOntapStorage("fsx", args))
    trust = json.loads(one(registrations, ROLE).inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Service": "pods.eks.amazonaws.com"}
    assert trust["Statement"][0]["Action"] == ["sts:AssumeRole", "sts:TagSession"]
    association = one(registrations, POD_IDENTITY)
    assert association.inputs | {"tags": None} == {
        "region": "eu-west-1",
        "clusterName": "prod",
        "namespace": "storage-system",
        "serviceAccount": "trident-controller",
        "roleArn": "arn:aws:iam::111122223333:role/fsx-trident",
        "tags": None,
    }
    names, required = input_names(ARGS_CLASSES[POD_IDENTITY])
    assert set(association.inputs) <= names and required <= set(association.inputs)


def test_outputs_say_where_the_svm_is_and_what_trident_uses(mocks):
    registrations = mocks.run(lambda: FsxOntapStorage("fsx", irsa_args()))
    component = one(registrations, "tridentops:index:FsxOntapStorage")
    assert {r.type for r in children_of(registrations, component)} == set(ARGS_CLASSES) - {POD_IDENTITY}
    outputs = mocks.outputs_of(component)
    assert outputs == {
        "file_system_id": "fs-0123456789abcdef0",
        "svm_id": "svm-0123456789abcdef0",
        "svm_name": "svm_eks",
        "management_endpoint": "management.fsx-svm.fsx.example",
        "nfs_endpoint": "nfs.fsx-svm.fsx.example",
        "iscsi_endpoint": "iscsi.fsx-svm.fsx.example",
        "iscsi_ip_addresses": ["10.0.1.12"],
        "secret_arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx-vsadmin-AbCdEf",
        "role_arn": "arn:aws:iam::111122223333:role/fsx-trident",
    }


def test_a_preview_declares_everything_and_leaves_what_aws_assigns_unknown(preview_mocks):
    registrations = preview_mocks.run(lambda: FsxOntapStorage("fsx", irsa_args()))
    assert len([r for r in registrations if r.type.startswith("aws:")]) == 7
    assert one(registrations, SVM).inputs["fileSystemId"] == UNKNOWN
    assert one(registrations, POLICY).inputs["policy"] == UNKNOWN, "the secret's ARN is not known yet"
    assert one(registrations, SECRET_VERSION).inputs["secretId"] == UNKNOWN
    # Known values are still sent, and still secret.
    assert is_secret(one(registrations, SECRET_VERSION).inputs["secretString"])
    trust = json.loads(one(registrations, ROLE).inputs["assumeRolePolicy"])
    assert trust["Statement"][0]["Principal"] == {"Federated": OIDC_ARN}


def test_password_outputs_are_accepted_and_stay_secret(mocks):
    def program():
        password = pulumi.Output.from_input(PASSWORD)  # from config, but not marked secret by the caller
        FsxOntapStorage("fsx", irsa_args(vsadmin_password=password))

    registrations = mocks.run(program)
    assert is_secret(one(registrations, SVM).inputs["svmAdminPassword"])
    assert is_secret(one(registrations, SECRET_VERSION).inputs["secretString"])


@pytest.mark.parametrize(
    ("section", "change", "paths"),
    [
        ("file_system", {"deployment_type": "MULTI_AZ_3"}, ["file_system.deployment_type"]),
        ("file_system", {"throughput_capacity_per_ha_pair": 512}, ["file_system.throughput_capacity"]),
        ("file_system", {"subnet_ids": [SUBNET_A]}, ["file_system.subnet_ids"]),
        ("file_system", {"preferred_subnet_id": "subnet-z"}, ["file_system.preferred_subnet_id"]),
        ("", {"vsadmin_password": "short"}, ["vsadmin_password"]),
        ("svm", {"name": "svm-with-dashes"}, ["svm.name"]),
        ("trident_identity", {"eks_cluster_name": "prod"}, ["trident_identity.eks_cluster_name"]),
    ],
)
def test_bad_args_are_refused_before_anything_is_created(mocks, section, change, paths):
    args = changed(irsa_args(), section, **change) if section else irsa_args(**change)
    with pytest.raises(InvalidArgs) as error:
        mocks.run(lambda: FsxOntapStorage("fsx", args))
    assert [i.path for i in error.value.issues] == paths
    assert "short" not in str(error.value), "a password is never echoed"
    assert mocks.monitor.registrations == []


def test_an_aws_provider_given_to_the_component_reaches_every_resource(mocks):
    def program():
        region = aws.Provider("eu", region="eu-west-1")
        FsxOntapStorage("fsx", irsa_args(), opts=pulumi.ResourceOptions(providers=[region]))

    registrations = mocks.run(program)
    provider = one(registrations, "pulumi:providers:aws")
    resources = [r for r in registrations if r.type.startswith("aws:")]
    assert len(resources) == 7 and all(r.provider.startswith(provider.urn + "::") for r in resources)
