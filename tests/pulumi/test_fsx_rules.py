"""FSx for the Pulumi components is the spec's: its IAM and secret documents (``spec.render_aws``) and its rules
(``spec.aws``), with the component's arg paths, as pure functions (no engine)."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from tridentops_pulumi.components.fsx import file_system_inputs, plan_aws
from tridentops_pulumi.spec import render_aws
from tridentops_pulumi.spec_inputs import InvalidArgs

OIDC_ARN = "arn:aws:iam::1:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"


def test_the_controller_subject_is_the_trident_controller_service_account():
    assert render_aws.service_account_subject("trident") == "system:serviceaccount:trident:trident-controller"


def test_irsa_trust_names_the_issuer_without_its_scheme():
    policy = render_aws.irsa_trust_policy(OIDC_ARN, "storage")
    conditions = policy["Statement"][0]["Condition"]["StringEquals"]
    assert conditions == {
        "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
        "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:storage:trident-controller",
    }


def test_the_policy_is_netapps_action_list_and_one_secret():
    policy = render_aws.controller_policy("arn:secret")
    assert policy["Version"] == "2012-10-17"
    actions = policy["Statement"][0]["Action"]
    assert sorted(actions) == sorted(
        [
            "fsx:DescribeFileSystems",
            "fsx:DescribeVolumes",
            "fsx:CreateVolume",
            "fsx:RestoreVolumeFromSnapshot",
            "fsx:DescribeStorageVirtualMachines",
            "fsx:UntagResource",
            "fsx:UpdateVolume",
            "fsx:TagResource",
            "fsx:DeleteVolume",
        ]
    )
    assert policy["Statement"][1]["Resource"] == "arn:secret"


def test_documents_carry_any_value_so_outputs_can_fill_them():
    marker = object()
    assert render_aws.vsadmin_secret(marker) == {"username": "vsadmin", "password": marker}
    assert render_aws.controller_policy(marker)["Statement"][1]["Resource"] is marker


def test_cloud_identity_is_what_the_spec_accepts_for_aws():
    from tridentops_pulumi.spec.api import load

    identity = render_aws.cloud_identity("arn:aws:iam::111122223333:role/trident")
    spec = load({"trident": {"cloud_provider": "AWS", "cloud_identity": identity}})
    assert spec.trident.cloud_identity == "eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/trident"


GOOD: dict[str, Any] = {
    "region": "us-east-1",
    "file_system": {
        "name": "fs",
        "deployment_type": "SINGLE_AZ_1",
        "storage_capacity_gib": 1024,
        "throughput_capacity": 128,
        "subnet_ids": ["subnet-0a1b2c3d4e5f60718"],
    },
    "svm": {"name": "svm_trident", "credentials_secret": "fsx/svm_trident/vsadmin"},
    "trident_identity": {"mode": "pod_identity", "role_name": "r", "policy_name": "p", "eks_cluster_name": "prod"},
    "vsadmin_password": "a-long-password",
}


def args_with(section: str, **change: Any) -> dict[str, Any]:
    if not section:
        return {k: v for k, v in (GOOD | change).items() if v is not None}
    return GOOD | {section: {k: v for k, v in (GOOD[section] | change).items() if v is not None}}


def paths(args: dict[str, Any]) -> list[str]:
    try:
        plan_aws(args, "test")
    except InvalidArgs as error:
        return [i.path for i in error.issues]
    return []


def test_a_sound_file_system_has_no_issue():
    assert paths(GOOD) == []


@pytest.mark.parametrize(
    ("section", "change", "expected"),
    [
        ("file_system", {"throughput_capacity": None}, ["file_system"]),
        ("file_system", {"throughput_capacity_per_ha_pair": 256}, ["file_system.throughput_capacity"]),
        ("file_system", {"ha_pairs": 2}, ["file_system.ha_pairs"]),
        ("file_system", {"storage_capacity_gib": 512}, ["file_system.storage_capacity_gib"]),
        ("file_system", {"storage_capacity_gib": 200_000}, ["file_system.storage_capacity_gib"]),
        ("file_system", {"route_table_ids": ["rtb-0123456789abcdef0"]}, ["file_system.route_table_ids"]),
        (
            "file_system",
            {"subnet_ids": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]},
            ["file_system.subnet_ids"],
        ),
        ("file_system", {"disk_iops": {"mode": "AUTOMATIC", "iops": 4000}}, ["file_system.disk_iops.iops"]),
        ("svm", {"root_volume_security_style": "unix"}, ["svm.root_volume_security_style"]),
        ("", {"vsadmin_password": None}, ["vsadmin_password"]),
        ("trident_identity", {"eks_cluster_name": None}, ["trident_identity.eks_cluster_name"]),
        ("trident_identity", {"mode": "irsa", "eks_cluster_name": None}, ["trident_identity.oidc_provider_arn"]),
        ("trident_identity", {"oidc_provider_arn": OIDC_ARN}, ["trident_identity.oidc_provider_arn"]),
    ],
)
def test_each_rule_reports_its_arg(section, change, expected):
    assert paths(args_with(section, **change)) == expected


def test_second_generation_single_az_scales_with_its_ha_pairs():
    args = args_with(
        "file_system",
        deployment_type="SINGLE_AZ_2",
        throughput_capacity=None,
        throughput_capacity_per_ha_pair=1536,
        ha_pairs=4,
        storage_capacity_gib=600_000,
    )
    assert paths(args) == []
    args["file_system"]["ha_pairs"] = 1
    assert paths(args) == ["file_system.storage_capacity_gib"]
    args["file_system"]["ha_pairs"] = 13
    assert paths(args) == ["file_system.ha_pairs"]


def test_what_decides_the_file_system_is_a_plain_value_and_a_password_may_be_an_output(mocks):
    subnet: Any = pulumi.Output.from_input("subnet-0a1b2c3d4e5f60718")
    assert paths(args_with("file_system", subnet_ids=[subnet])) == ["file_system.subnet_ids[0]"]
    assert paths(args_with("", vsadmin_password=pulumi.Output.from_input("x"))) == []


def test_the_file_system_inputs_are_the_create_request_the_ansible_module_sends():
    fs = plan_aws(args_with("file_system", disk_iops={"mode": "USER_PROVISIONED", "iops": 3072}), "t").file_system
    assert file_system_inputs(render_aws.file_system_request(fs)) == {
        "storage_capacity": 1024,
        "storage_type": "SSD",
        "subnet_ids": ["subnet-0a1b2c3d4e5f60718"],
        "deployment_type": "SINGLE_AZ_1",
        "throughput_capacity": 128,
        "disk_iops_configuration": {"mode": "USER_PROVISIONED", "iops": 3072},
        "tags": {"Name": "fs"},
    }
