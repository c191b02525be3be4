"""The spec's aws section: FSx rules with field paths, the AWS plan as data, and resolving backend references."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import botocore.session
import pytest
import yaml
from botocore.validate import validate_parameters

from tridentops_pulumi.spec.api import SpecError, load, render, validate
from tridentops_pulumi.spec.render_aws import (
    addon_configuration,
    client_request_token,
    controller_policy,
    file_system_request,
    irsa_trust_policy,
    pod_identity_trust_policy,
    render_aws,
    require_resolved,
    resolve,
    svm_request,
    unresolved,
)

ROOT = Path(__file__).resolve().parents[2]
PROVISION = yaml.safe_load((ROOT / "examples" / "aws-fsx-provision.yaml").read_text())
FS_ID = "fs-0123456789abcdef0"
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx/eks-trident/svm_eks/vsadmin-AbCdEf"
ROLE_ARN = "arn:aws:iam::111122223333:role/trident-controller"
OUTPUTS = {"file_system_id": FS_ID, "credentials_secret_arn": SECRET_ARN, "role_arn": ROLE_ARN}
OIDC = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
FSX = botocore.session.get_session().get_service_model("fsx")
DELETE = object()


def changed(changes: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(PROVISION)
    for dotted, value in changes.items():
        *parents, last = [int(p) if p.isdigit() else p for p in dotted.split(".")]
        node: Any = data
        for part in parents:
            node = node.setdefault(part, {}) if isinstance(part, str) else node[part]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return data


def errors_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((i.path, i.message) for i in validate(data)[1] if i.severity == "error")


FS = "aws.file_system"
CASES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    (
        "single-AZ takes one subnet and no multi-AZ settings",
        {f"{FS}.deployment_type": "SINGLE_AZ_1"},
        [
            (f"{FS}.subnet_ids", "SINGLE_AZ_1 takes one subnet, got 2"),
            (f"{FS}.preferred_subnet_id", "only applies to MULTI_AZ_1 and MULTI_AZ_2, not SINGLE_AZ_1"),
            (f"{FS}.route_table_ids", "only applies to MULTI_AZ_1 and MULTI_AZ_2, not SINGLE_AZ_1"),
        ],
    ),
    (
        "multi-AZ needs a preferred subnet among its subnets",
        {f"{FS}.preferred_subnet_id": "subnet-0999999999999999a"},
        [(f"{FS}.preferred_subnet_id", "'subnet-0999999999999999a' is not one of subnet_ids")],
    ),
    (
        "multi-AZ without a preferred subnet",
        {f"{FS}.preferred_subnet_id": DELETE},
        [(f"{FS}.preferred_subnet_id", "is required for MULTI_AZ_1")],
    ),
    (
        "throughput and per-pair throughput are exclusive",
        {f"{FS}.throughput_capacity_per_ha_pair": 512},
        [(f"{FS}.throughput_capacity", "give throughput_capacity or throughput_capacity_per_ha_pair, not both")],
    ),
    (
        "no throughput at all",
        {f"{FS}.throughput_capacity": DELETE},
        [(FS, "give throughput_capacity, or ha_pairs with throughput_capacity_per_ha_pair")],
    ),
    (
        "a throughput the deployment type does not offer",
        {f"{FS}.throughput_capacity": 384},
        [
            (
                f"{FS}.throughput_capacity",
                "384 MBps is not offered for MULTI_AZ_1 (one of 128, 256, 512, 1024, 2048, 4096)",
            )
        ],
    ),
    (
        "HA pairs on a first-generation file system",
        {f"{FS}.ha_pairs": 2, f"{FS}.throughput_capacity": DELETE, f"{FS}.throughput_capacity_per_ha_pair": 512},
        [(f"{FS}.ha_pairs", "only applies to SINGLE_AZ_2 and MULTI_AZ_2, not MULTI_AZ_1")],
    ),
    (
        "MULTI_AZ_2 has one HA pair",
        {
            f"{FS}.deployment_type": "MULTI_AZ_2",
            f"{FS}.ha_pairs": 2,
            f"{FS}.throughput_capacity": DELETE,
            f"{FS}.throughput_capacity_per_ha_pair": 384,
        },
        [(f"{FS}.ha_pairs", "MULTI_AZ_2 takes 1 to 1 HA pairs")],
    ),
    (
        "HA pairs go with per-pair throughput",
        {
            f"{FS}.deployment_type": "SINGLE_AZ_2",
            f"{FS}.subnet_ids": ["subnet-0a1b2c3d4e5f60718"],
            f"{FS}.preferred_subnet_id": DELETE,
            f"{FS}.route_table_ids": DELETE,
            f"{FS}.ha_pairs": 2,
            f"{FS}.throughput_capacity": 3072,
            f"{FS}.storage_capacity_gib": 2048,
        },
        [(f"{FS}.ha_pairs", "goes with throughput_capacity_per_ha_pair, not throughput_capacity")],
    ),
    (
        "capacity scales with HA pairs",
        {
            f"{FS}.deployment_type": "SINGLE_AZ_2",
            f"{FS}.subnet_ids": ["subnet-0a1b2c3d4e5f60718"],
            f"{FS}.preferred_subnet_id": DELETE,
            f"{FS}.route_table_ids": DELETE,
            f"{FS}.ha_pairs": 4,
            f"{FS}.throughput_capacity": DELETE,
            f"{FS}.throughput_capacity_per_ha_pair": 3072,
            f"{FS}.storage_capacity_gib": 2048,
        },
        [(f"{FS}.storage_capacity_gib", "2048 GiB is out of range; SINGLE_AZ_2 with 4 HA pairs takes 4096 to 1048576")],
    ),
    (
        "first-generation capacity ceiling",
        {f"{FS}.storage_capacity_gib": 200_000},
        [(f"{FS}.storage_capacity_gib", "200000 GiB is out of range; MULTI_AZ_1 takes 1024 to 196608")],
    ),
    (
        "provisioned IOPS below 3 per GiB, and IOPS in automatic mode",
        {f"{FS}.disk_iops": {"mode": "USER_PROVISIONED", "iops": 1000}},
        [(f"{FS}.disk_iops.iops", "1000 is below 3072 (3 IOPS per GiB of storage)")],
    ),
    (
        "automatic IOPS take no number",
        {f"{FS}.disk_iops": {"mode": "AUTOMATIC", "iops": 5000}},
        [(f"{FS}.disk_iops.iops", "only applies with mode USER_PROVISIONED")],
    ),
    (
        "ids, times and ranges in AWS's formats",
        {
            f"{FS}.subnet_ids": ["subnet-1", "subnet-0f1e2d3c4b5a69788"],
            f"{FS}.security_group_ids": ["sg-0123456789abcdef0", "sg-0123456789abcdef0"],
            f"{FS}.daily_automatic_backup_start_time": "25:00",
            f"{FS}.weekly_maintenance_start_time": "0:03:00",
            f"{FS}.endpoint_ip_address_range": "198.19.255.0/29",
            f"{FS}.automatic_backup_retention_days": 91,
            f"{FS}.fsxadmin_password_secret": "arn:aws:iam::1:role/x",
        },
        [
            (f"{FS}.subnet_ids", "'subnet-1' is not a subnet id (subnet-...)"),
            (f"{FS}.security_group_ids", "lists the same id twice"),
            (f"{FS}.daily_automatic_backup_start_time", "'25:00' is not a time HH:MM"),
            (f"{FS}.weekly_maintenance_start_time", "'0:03:00' is not a weekly time d:HH:MM (d from 1, Monday, to 7)"),
            (f"{FS}.endpoint_ip_address_range", "'198.19.255.0/29' is smaller than a /28"),
            (f"{FS}.automatic_backup_retention_days", "91 is out of range; AWS accepts 0 to 90"),
            (f"{FS}.fsxadmin_password_secret", "'arn:aws:iam::1:role/x' is not a Secrets Manager secret name or ARN"),
        ],
    ),
    (
        "tags: Name belongs to the file system's name, aws: is reserved",
        {f"{FS}.tags": {"Name": "x", "aws:owner": "me"}},
        [
            (f"{FS}.tags.Name", "is set by tridentops (from the name); remove it from tags"),
            (f"{FS}.tags.aws:owner", "keys starting with aws: are reserved by AWS"),
        ],
    ),
    (
        "SVM name and secret name in FSx's and Secrets Manager's terms",
        {
            "aws.svm.name": "svm-eks",
            "aws.svm.credentials_secret": SECRET_ARN,
            "aws.svm.root_volume_security_style": "unix",
        },
        [
            ("aws.svm.name", "'svm-eks' is not an FSx SVM name (letters, digits and _; at most 47)"),
            (
                "aws.svm.credentials_secret",
                f"{SECRET_ARN!r} is not a Secrets Manager secret name (letters, digits and /_+=.@-; tridentops creates "
                "the secret, so give its name, not an ARN)",
            ),
            ("aws.svm.root_volume_security_style", "'unix' is not one of UNIX, NTFS, MIXED"),
        ],
    ),
    (
        "IRSA needs the OIDC provider, not a cluster name",
        {"aws.trident_identity.oidc_provider_arn": DELETE, "aws.trident_identity.eks_cluster_name": "prod"},
        [
            ("aws.trident_identity.oidc_provider_arn", "is required with mode irsa"),
            ("aws.trident_identity.eks_cluster_name", "does not apply to mode irsa"),
        ],
    ),
    (
        "Pod Identity needs the cluster",
        {"aws.trident_identity.mode": "pod_identity", "trident.cloud_provider": DELETE},
        [
            ("aws.trident_identity.eks_cluster_name", "is required with mode pod_identity"),
            ("aws.trident_identity.oidc_provider_arn", "does not apply to mode pod_identity"),
        ],
    ),
    (
        "Trident's identity comes from the aws section",
        {"trident.cloud_provider": DELETE, "trident.cloud_identity": "eks.amazonaws.com/role-arn: " + ROLE_ARN},
        [("trident.cloud_identity", "needs cloud_provider (AWS, Azure or GCP)")],
    ),
    (
        "Trident's identity is not written by hand",
        {"trident.cloud_identity": "eks.amazonaws.com/role-arn: " + ROLE_ARN},
        [("trident.cloud_identity", "leave it out: tridentops sets it from the IAM role of aws.trident_identity")],
    ),
    (
        "Pod Identity runs Trident without a cloud provider, which the operator refuses without an identity",
        {
            "aws.trident_identity.mode": "pod_identity",
            "aws.trident_identity.oidc_provider_arn": DELETE,
            "aws.trident_identity.eks_cluster_name": "prod",
        },
        [
            (
                "trident.cloud_provider",
                "leave it out with aws.trident_identity mode pod_identity: EKS Pod Identity needs neither "
                "cloudProvider nor cloudIdentity, and Trident's operator refuses cloudProvider AWS without a "
                "cloudIdentity",
            )
        ],
    ),
    (
        "the operator refuses AWS without an identity when the aws section gives Trident none",
        {"aws.trident_identity": DELETE},
        [
            (
                "trident.cloud_identity",
                "is required with cloud_provider AWS: Trident's operator refuses AWS without a cloudIdentity "
                "('eks.amazonaws.com/role-arn: ...'); with EKS Pod Identity leave cloud_provider out",
            )
        ],
    ),
    (
        "Trident's identity needs the AWS cloud provider",
        {"trident.cloud_provider": "Azure"},
        [("trident.cloud_provider", "must be AWS when aws.trident_identity gives Trident its IAM role")],
    ),
    (
        "an add-on needs the add-on install method",
        {"aws.eks_addon": {"cluster_name": "prod", "version": "v26.6"}},
        [("aws.eks_addon.version", "'v26.6' is not latest or vX.Y.Z-eksbuild.N")],
    ),
    (
        "an add-on with the operator install method",
        {"aws.eks_addon": {"cluster_name": "prod"}},
        [("aws.eks_addon", "only applies with trident.install_method eks_addon, not operator")],
    ),
    (
        "a backend names another file system",
        {"backends.0.aws.file_system": "other"},
        [("backends[0].aws.file_system", "'other' is not the spec's file system ('eks-trident')")],
    ),
    (
        "a backend gives an id and a name",
        {"backends.1.aws.fsx_filesystem_id": FS_ID},
        [("backends[1].aws", "give fsx_filesystem_id or file_system (the spec's aws.file_system), one of them")],
    ),
    (
        "awsarn without a name and without the spec's file system",
        {"backends.0.aws": {"fsx_filesystem_id": FS_ID}},
        [
            (
                "backends[0].credentials.name",
                "with type awsarn must be a Secrets Manager ARN "
                "(arn:aws:secretsmanager:<region>:<account>:secret:<name>); it may be left out only when "
                "aws.file_system refers to the spec's file system (its SVM's secret is used)",
            )
        ],
    ),
    (
        "a reference without an aws section",
        {"aws": DELETE, "trident.cloud_identity": "eks.amazonaws.com/role-arn: " + ROLE_ARN},
        [
            ("backends[0].aws.file_system", "refers to the spec's aws.file_system, but the spec has no aws section"),
            ("backends[1].aws.file_system", "refers to the spec's aws.file_system, but the spec has no aws section"),
        ],
    ),
]


def test_the_provisioning_example_is_valid():
    spec, issues = validate(PROVISION)
    assert spec is not None and issues == []


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_aws_error_comes_with_its_path(changes: dict[str, Any], expected: list[tuple[str, str]]):
    assert errors_of(changed(changes)) == sorted(expected)


def test_errors_in_several_sections_come_in_one_pass():
    data = changed(
        {
            f"{FS}.storage_capacity_gib": 100,
            "aws.svm.name": "x" * 48,
            "aws.region": "Europe",
            "backends.0.driver": "ontap-nass",
            "trident.cloud_identity": "eks.amazonaws.com/role-arn: " + ROLE_ARN,
        }
    )
    assert [error[0] for error in errors_of(data)] == [
        "aws.file_system.storage_capacity_gib",
        "aws.region",
        "aws.svm.name",
        "backends[0].driver",
        # Judged although a backend has errors: IRSA sets the identity itself.
        "trident.cloud_identity",
    ]


# -- the plan ------------------------------------------------------------------------------------------------


def example_file_system_request(network: dict[str, Any]) -> dict[str, Any]:
    """The CreateFileSystem request examples/aws-fsx-provision.yaml makes, on the subnets, security groups and
    route tables ``network`` names (the example's own, or a test account's)."""
    return {
        "FileSystemType": "ONTAP",
        "StorageCapacity": 1024,
        "StorageType": "SSD",
        "SubnetIds": network["subnet_ids"],
        "SecurityGroupIds": network["security_group_ids"],
        "Tags": [
            {"Key": "Name", "Value": "eks-trident"},
            {"Key": "cost-center", "Value": "storage"},
            {"Key": "team", "Value": "platform"},
        ],
        "OntapConfiguration": {
            "DeploymentType": "MULTI_AZ_1",
            "ThroughputCapacity": 512,
            "PreferredSubnetId": network["preferred_subnet_id"],
            "RouteTableIds": network["route_table_ids"],
            "AutomaticBackupRetentionDays": 7,
            "DailyAutomaticBackupStartTime": "02:00",
            "WeeklyMaintenanceStartTime": "7:03:00",
        },
    }


def test_the_plan_is_what_the_example_declares():
    plan = render_aws(load(PROVISION))
    assert plan is not None and plan.region == "eu-west-1"
    network = {
        "subnet_ids": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
        "security_group_ids": ["sg-0123456789abcdef0"],
        "preferred_subnet_id": "subnet-0a1b2c3d4e5f60718",
        "route_table_ids": ["rtb-0123456789abcdef0"],
    }
    assert plan.create_file_system == example_file_system_request(network)
    assert plan.trust_policy == irsa_trust_policy(OIDC, "trident")
    summary = plan.to_dict()
    assert summary["svm"]["credentials_secret"]["secret_string"] == {"username": "vsadmin", "password": "<generated>"}
    assert render_aws(load({"name": "onprem"})) is None


def test_the_requests_pass_botocores_own_validation_of_the_fsx_model():
    spec = load(
        changed(
            {
                f"{FS}.disk_iops": {"mode": "USER_PROVISIONED", "iops": 6000},
                f"{FS}.endpoint_ip_address_range": "198.19.255.0/24",
                f"{FS}.kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            }
        )
    )
    assert spec.aws is not None
    request = file_system_request(spec.aws.file_system)
    token = client_request_token(request)
    validate_parameters({**request, "ClientRequestToken": token}, FSX.operation_model("CreateFileSystem").input_shape)
    validate_parameters(
        svm_request(spec.aws.svm, FS_ID), FSX.operation_model("CreateStorageVirtualMachine").input_shape
    )


def test_the_client_request_token_follows_the_request():
    request = file_system_request(load(PROVISION).aws.file_system)  # type: ignore[union-attr]
    token = client_request_token(request)
    assert token == client_request_token(copy.deepcopy(request)) and len(token) <= 63
    assert token != client_request_token({**request, "StorageCapacity": 2048})


def test_the_iam_documents_are_the_ones_the_pulumi_components_use():
    # The Pulumi components declare these very documents (spec.render_aws); tests/pulumi/test_fsx.py reads them back.
    issuer = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    assert irsa_trust_policy(OIDC, "storage") == irsa_trust_policy(OIDC, "storage", issuer=issuer)
    assert pod_identity_trust_policy()["Statement"][0]["Principal"] == {"Service": "pods.eks.amazonaws.com"}
    secret = controller_policy(SECRET_ARN)["Statement"][1]
    assert secret == {
        "Sid": "TridentSvmCredentials",
        "Effect": "Allow",
        "Action": "secretsmanager:GetSecretValue",
        "Resource": SECRET_ARN,
    }


def test_the_addon_gets_trident_s_cloud_identity_in_single_quotes_for_irsa_only():
    assert addon_configuration("irsa", ROLE_ARN) == {
        "cloudProvider": "AWS",
        "cloudIdentity": f"'eks.amazonaws.com/role-arn: {ROLE_ARN}'",
    }
    # Without IRSA the add-on sets no cloudProvider: its operator would refuse AWS without a cloudIdentity.
    assert addon_configuration("pod_identity", ROLE_ARN) == {}
    assert addon_configuration(None, None) == {}


# -- references ------------------------------------------------------------------------------------------------


def test_resolve_fills_every_reference_from_the_outputs():
    spec = resolve(load(PROVISION), OUTPUTS)
    assert unresolved(spec) == []
    for backend in spec.backends:
        assert backend.aws is not None
        assert (backend.aws.fsx_filesystem_id, backend.aws.file_system, backend.aws.api_region) == (
            FS_ID,
            None,
            "eu-west-1",
        )
        assert (backend.svm, backend.credentials.name, backend.credentials.type) == ("svm_eks", SECRET_ARN, "awsarn")
    assert spec.trident.cloud_identity == f"eks.amazonaws.com/role-arn: {ROLE_ARN}"
    tbc = next(o for o in render(spec).objects if o["kind"] == "TridentBackendConfig")
    assert tbc["spec"]["aws"] == {"fsxFilesystemID": FS_ID, "apiRegion": "eu-west-1"}
    assert tbc["spec"]["credentials"] == {"name": SECRET_ARN, "type": "awsarn"}
    torc = next(o for o in render(spec).objects if o["kind"] == "TridentOrchestrator")
    assert torc["spec"]["cloudIdentity"] == f"eks.amazonaws.com/role-arn: {ROLE_ARN}"


def test_resolve_renders_like_the_spec_with_concrete_ids():
    concrete = copy.deepcopy(PROVISION)
    del concrete["aws"]
    concrete["trident"]["cloud_identity"] = f"eks.amazonaws.com/role-arn: {ROLE_ARN}"
    for backend in concrete["backends"]:
        backend.update(svm="svm_eks", aws={"fsx_filesystem_id": FS_ID, "api_region": "eu-west-1"})
        backend["credentials"]["name"] = SECRET_ARN
    assert render(resolve(load(PROVISION), OUTPUTS)).objects == render(load(concrete)).objects


def test_a_spec_without_references_resolves_to_itself():
    spec = load(yaml.safe_load((ROOT / "examples" / "aws-fsx.yaml").read_text()))
    assert resolve(spec, {}) == spec
    assert resolve(spec, OUTPUTS) == spec


def test_pod_identity_leaves_the_cloud_provider_and_identity_out():
    data = changed(
        {
            "trident.cloud_provider": DELETE,
            "aws.trident_identity": {
                "mode": "pod_identity",
                "role_name": "trident",
                "policy_name": "trident",
                "eks_cluster_name": "prod",
            },
        }
    )
    spec = resolve(load(data), {"file_system_id": FS_ID, "credentials_secret_arn": SECRET_ARN})
    assert spec.trident.cloud_identity is None and unresolved(spec) == []
    # What the operator accepts: neither cloudProvider nor cloudIdentity (the SDK finds the agent's credentials).
    torc = next(o for o in render(spec).objects if o["kind"] == "TridentOrchestrator")
    assert "cloudProvider" not in torc["spec"] and "cloudIdentity" not in torc["spec"]


def test_missing_outputs_name_each_field_that_needs_one():
    with pytest.raises(SpecError) as error:
        resolve(load(PROVISION), {"file_system_id": FS_ID})
    assert [(i.path, i.message) for i in error.value.issues] == [
        ("backends[0].credentials.name", "needs aws_outputs.credentials_secret_arn (the ARN of the SVM's secret)"),
        ("backends[1].credentials.name", "needs aws_outputs.credentials_secret_arn (the ARN of the SVM's secret)"),
        ("trident.cloud_identity", "needs aws_outputs.role_arn (the ARN of IAM role 'trident-controller')"),
    ]


def test_malformed_outputs_are_refused_with_their_path():
    with pytest.raises(SpecError) as error:
        resolve(load(PROVISION), {**OUTPUTS, "file_system_id": "fs-nope", "role": "x"})
    assert sorted(i.path for i in error.value.issues) == ["aws_outputs.file_system_id", "aws_outputs.role"]


def test_rendering_an_unresolved_spec_fails_naming_the_fields():
    spec = load(PROVISION)
    expected = [
        "backends[0].aws.file_system",
        "backends[0].credentials.name",
        "backends[1].aws.file_system",
        "backends[1].credentials.name",
        "trident.cloud_identity",
    ]
    with pytest.raises(SpecError) as error:
        require_resolved(spec)
    assert [i.path for i in error.value.issues] == expected
    assert "resolve the spec with the provisioning outputs first" in str(error.value)
    with pytest.raises(SpecError) as rendered:
        render(spec)
    assert [i.path for i in rendered.value.issues] == expected
