"""FSx planning as pure functions: IAM documents, the secret document, and the file system rules."""

from __future__ import annotations

import pytest

from tridentops_pulumi import fsx_plan


def test_the_controller_subject_is_the_trident_controller_service_account():
    assert fsx_plan.service_account_subject("trident") == "system:serviceaccount:trident:trident-controller"


def test_irsa_trust_names_the_issuer_without_its_scheme():
    policy = fsx_plan.irsa_trust_policy(
        "arn:aws:iam::1:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
        "https://oidc.eks.us-east-1.amazonaws.com/id/ABC/",
        "storage",
    )
    conditions = policy["Statement"][0]["Condition"]["StringEquals"]
    assert conditions == {
        "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
        "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:storage:trident-controller",
    }


def test_the_policy_is_netapps_action_list_and_one_secret():
    policy = fsx_plan.controller_policy("arn:secret")
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
    assert fsx_plan.vsadmin_secret(marker) == {"username": "vsadmin", "password": marker}
    assert fsx_plan.controller_policy(marker)["Statement"][1]["Resource"] is marker


def test_cloud_identity_is_what_the_spec_accepts_for_aws():
    from tridentops_pulumi.spec.api import load

    identity = fsx_plan.cloud_identity("arn:aws:iam::111122223333:role/trident")
    spec = load({"trident": {"cloud_provider": "AWS", "cloud_identity": identity}})
    assert spec.trident.cloud_identity == "eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/trident"


GOOD = {
    "deployment_type": "SINGLE_AZ_1",
    "storage_capacity": 1024,
    "throughput_capacity": 128,
    "subnet_ids": ["subnet-a"],
    "preferred_subnet_id": "subnet-a",
    "vsadmin_password": "a-long-password",
    "eks_cluster_name": "prod",
}


def test_a_sound_file_system_has_no_issue():
    assert fsx_plan.check_file_system(GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"throughput_capacity": None}, ["throughput_capacity"]),
        ({"throughput_capacity_per_ha_pair": 1536}, ["throughput_capacity"]),
        ({"ha_pairs": 2}, ["ha_pairs"]),
        ({"storage_capacity": 512}, ["storage_capacity"]),
        ({"storage_capacity": 200_000}, ["storage_capacity"]),
        ({"route_table_ids": ["rtb-1"]}, ["route_table_ids"]),
        ({"subnet_ids": ["subnet-a", "subnet-b"]}, ["subnet_ids"]),
        ({"disk_iops_configuration": {"mode": "AUTOMATIC", "iops": 3000}}, ["disk_iops_configuration.iops"]),
        ({"root_volume_security_style": "unix"}, ["root_volume_security_style"]),
        ({"vsadmin_password": None}, ["vsadmin_password"]),
        ({"eks_cluster_name": None}, ["oidc_provider_arn"]),
        ({"oidc_provider_arn": "arn"}, ["oidc_provider_url"]),
        ({"oidc_provider_arn": "arn", "oidc_provider_url": "https://x"}, ["eks_cluster_name"]),
    ],
)
def test_each_rule_reports_its_arg(change, expected):
    args = {k: v for k, v in (GOOD | change).items() if v is not None}
    assert [i.path for i in fsx_plan.check_file_system(args)] == expected


def test_second_generation_single_az_scales_with_its_ha_pairs():
    args = GOOD | {"deployment_type": "SINGLE_AZ_2", "throughput_capacity": None}
    args = {k: v for k, v in args.items() if v is not None}
    args |= {"throughput_capacity_per_ha_pair": 1536, "ha_pairs": 4, "storage_capacity": 600_000}
    assert fsx_plan.check_file_system(args) == []
    args["ha_pairs"] = 1
    assert [i.path for i in fsx_plan.check_file_system(args)] == ["storage_capacity"]
    args["ha_pairs"] = 13
    assert [i.path for i in fsx_plan.check_file_system(args)] == ["ha_pairs"]


def test_values_not_known_yet_count_as_given_and_are_not_judged():
    args = GOOD | {
        "subnet_ids": [fsx_plan.UNKNOWN],
        "preferred_subnet_id": fsx_plan.UNKNOWN,
        "vsadmin_password": fsx_plan.UNKNOWN,
        "eks_cluster_name": fsx_plan.UNKNOWN,
    }
    assert fsx_plan.check_file_system(args) == []
