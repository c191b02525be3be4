"""fsx_ontap_filesystem: create once and find it by its Name tag, change in place, refuse what AWS cannot do,
wait for the lifecycle with a deadline, and say clearly what went wrong."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_harness import ANY, FS_ID, Aws, Stubs, digest, fs_description

MODULE = "fsx_ontap_filesystem"


def multi_az(net: dict[str, str], **changes: Any) -> dict[str, Any]:
    options: dict[str, Any] = {
        "name": "eks-trident",
        "deployment_type": "MULTI_AZ_1",
        "storage_capacity_gib": 1024,
        "throughput_capacity": 512,
        "subnet_ids": [net["a"], net["b"]],
        "preferred_subnet_id": net["a"],
        "tags": {"team": "platform"},
    }
    options.update(changes)
    return options


def stubbed(net: dict[str, str], **changes: Any) -> dict[str, Any]:
    """Options matching fs_description(), for a file system that exists in the stub script."""
    return multi_az(
        net,
        subnet_ids=["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
        preferred_subnet_id="subnet-0a1b2c3d4e5f60718",
        tags={},
        **changes,
    )


def created_then(*lifecycles: str, failure: str | None = None) -> Stubs:
    """An empty account, a create, then the file system's lifecycle as the waiter reads it."""
    stubs = Stubs().add(MODULE, "fsx", "describe_file_systems", {"FileSystems": []}, {})
    stubs.add(
        MODULE,
        "fsx",
        "create_file_system",
        {"FileSystem": fs_description(lifecycle="CREATING")},
        {
            "ClientRequestToken": ANY,
            "FileSystemType": "ONTAP",
            "StorageCapacity": 1024,
            "StorageType": "SSD",
            "SubnetIds": ANY,
            "Tags": ANY,
            "OntapConfiguration": ANY,
        },
    )
    for lifecycle in lifecycles:
        described = fs_description(lifecycle=lifecycle, failure=failure if lifecycle == "FAILED" else None)
        stubs.add(MODULE, "fsx", "describe_file_systems", {"FileSystems": [described]}, {"FileSystemIds": [FS_ID]})
    return stubs


def test_created_once_then_found_by_its_name_tag_with_reads_only(aws: Aws):
    net = aws.network()
    first = aws.module(MODULE, wait=False, **multi_az(net))
    assert first.last["changed"] is True, first.last
    assert first.operations() == ["DescribeFileSystems", "DescribeSubnets", "CreateFileSystem"]
    create = first.call("CreateFileSystem").params
    assert create["ClientRequestToken"].startswith("tridentops-") and len(create["ClientRequestToken"]) <= 63
    assert create["Tags"] == [{"Key": "Name", "Value": "eks-trident"}, {"Key": "team", "Value": "platform"}]
    file_system_id = first.last["file_system"]["id"]

    second = aws.module(MODULE, wait=False, **multi_az(net))
    assert second.last["changed"] is False
    assert second.operations() == ["DescribeFileSystems"] and second.mutating() == []
    assert second.last["file_system"]["id"] == file_system_id
    assert len(aws.client("fsx").describe_file_systems()["FileSystems"]) == 1


def test_check_mode_reads_and_reports_the_request(aws: Aws):
    net = aws.network()
    run = aws.module(MODULE, check=True, diff=True, **multi_az(net))
    assert run.last["changed"] is True and run.last["file_system"] is None
    assert run.mutating() == [] and run.operations() == ["DescribeFileSystems", "DescribeSubnets"]
    assert run.last["diff"]["after"]["OntapConfiguration"]["PreferredSubnetId"] == net["a"]
    assert aws.client("fsx").describe_file_systems()["FileSystems"] == []


def test_tags_follow_the_options_and_the_name_tag_stays(aws: Aws):
    net = aws.network()
    created = aws.module(MODULE, wait=False, **multi_az(net))
    arn = created.last["file_system"]["arn"]
    aws.client("fsx").tag_resource(ResourceARN=arn, Tags=[{"Key": "added-by-hand", "Value": "x"}])
    run = aws.module(MODULE, wait=False, diff=True, **multi_az(net, tags={"team": "storage"}))
    assert run.last["changed"] is True
    assert run.mutating() == ["fsx:UntagResource", "fsx:TagResource"]
    assert run.call("UntagResource").params["TagKeys"] == ["added-by-hand"]
    assert run.call("TagResource").params["Tags"] == [{"Key": "team", "Value": "storage"}]
    assert run.last["diff"]["after"]["tags"] == {"Name": "eks-trident", "team": "storage"}
    tags = aws.client("fsx").describe_file_systems()["FileSystems"][0]["Tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {"Name": "eks-trident", "team": "storage"}


def test_multi_az_subnets_in_one_zone_are_refused_before_any_write(aws: Aws):
    net = aws.network()
    run = aws.module(MODULE, **multi_az(net, subnet_ids=[net["a"], net["a2"]]))
    assert run.failed and run.mutating() == []
    pair = " and ".join(sorted([net["a"], net["a2"]]))
    assert (
        run.last["msg"]
        == f"MULTI_AZ_1 needs its two subnets in different Availability Zones; {pair} are both in eu-west-1a"
    )


def test_bad_options_are_all_reported_before_any_aws_call(aws: Aws):
    run = aws.module(
        MODULE,
        name="eks",
        deployment_type="SINGLE_AZ_1",
        storage_capacity_gib=512,
        throughput_capacity=100,
        subnet_ids=["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
        preferred_subnet_id="subnet-0a1b2c3d4e5f60718",
    )
    assert run.failed and run.calls == []
    assert run.last["errors"] == [
        "throughput_capacity: 100 MBps is not offered for SINGLE_AZ_1 (one of 128, 256, 512, 1024, 2048, 4096)",
        "storage_capacity_gib: 512 GiB is out of range; SINGLE_AZ_1 takes 1024 to 196608",
        "subnet_ids: SINGLE_AZ_1 takes one subnet, got 2",
        "preferred_subnet_id: only applies to MULTI_AZ_1 and MULTI_AZ_2, not SINGLE_AZ_1",
    ]
    assert run.last["msg"].startswith("invalid input, nothing was changed: ")


def test_the_fsxadmin_password_comes_from_secrets_manager_and_is_never_shown(aws: Aws):
    net = aws.network()
    password = "Fsx-admin-1234"
    aws.client("secretsmanager").create_secret(Name="fsx/fsxadmin", SecretString=json.dumps({"password": password}))
    run = aws.module(
        MODULE, wait=False, verbosity=4, callback="default", **multi_az(net, fsxadmin_password_secret="fsx/fsxadmin")
    )
    assert run.rc == 0, run.stdout[-3000:]
    assert run.operations() == ["DescribeFileSystems", "DescribeSubnets", "GetSecretValue", "CreateFileSystem"]
    assert run.call("CreateFileSystem").params["OntapConfiguration"]["FsxAdminPassword"] == digest(password)
    assert password not in run.output


def test_waits_from_creating_to_available(aws: Aws):
    net = aws.network()
    run = aws.module(MODULE, stubs=created_then("CREATING", "AVAILABLE"), **multi_az(net))
    assert run.rc == 0, run.last
    assert run.pending == []
    assert run.operations() == [
        "DescribeFileSystems",
        "DescribeSubnets",
        "CreateFileSystem",
        "DescribeFileSystems",
        "DescribeFileSystems",
    ]
    assert run.last["file_system"]["lifecycle"] == "AVAILABLE"
    assert run.last["file_system"]["endpoints"]["management"]["ip_addresses"] == ["198.19.255.1"]


def test_a_failed_file_system_fails_the_task_with_aws_s_message(aws: Aws):
    net = aws.network()
    reason = "The subnet subnet-0a1b2c3d4e5f60718 has insufficient free IP addresses."
    run = aws.module(MODULE, stubs=created_then("FAILED", failure=reason), **multi_az(net))
    assert run.failed and run.pending == []
    assert run.last["msg"] == f"file system eks-trident ({FS_ID}) is FAILED: {reason}"


def test_the_wait_ends_at_its_deadline_with_the_last_state(aws: Aws):
    net = aws.network()
    run = aws.module(MODULE, stubs=created_then(*["CREATING"] * 8), wait_timeout=2, **multi_az(net))
    assert run.failed
    assert run.last["msg"] == (
        f"file system eks-trident ({FS_ID}) is still CREATING after 2 s (wait_timeout), not AVAILABLE; AWS carries on, "
        "so running again resumes the wait"
    )
    assert 3 <= run.operations().count("DescribeFileSystems") <= 5  # the listing, then reads until the deadline


def test_throttling_is_retried_with_backoff(aws: Aws):
    stubs = Stubs().add(MODULE, "fsx", "describe_file_systems", error=("ThrottlingException", "Rate exceeded"))
    stubs.add(MODULE, "fsx", "describe_file_systems", {"FileSystems": [fs_description(tags={})]})
    run = aws.module(MODULE, stubs=stubs, **stubbed(aws.network()))
    assert run.rc == 0, run.last
    assert run.last["changed"] is False and run.pending == []
    assert run.operations() == ["DescribeFileSystems", "DescribeFileSystems"]


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        (
            "AccessDenied",
            "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: fsx:CreateFileSystem",
            "Failed to create the file system: AWS denied fsx:CreateFileSystem to the credentials in use (User: "
            "arn:aws:iam::123456789012:user/ci is not authorized to perform: fsx:CreateFileSystem); the IAM "
            "permissions the runner needs are listed in the collection's README, section 'On AWS'",
        ),
        (
            "ServiceLimitExceeded",
            "Account 123456789012 can have at most 100 file systems.",
            "Failed to create the file system: an AWS quota is used up (ServiceLimitExceeded: Account 123456789012 "
            "can have at most 100 file systems.); request an increase in Service Quotas or remove resources that "
            "are no longer needed",
        ),
        (
            "InvalidNetworkSettings",
            "The subnets must be in different Availability Zones.",
            "Failed to create the file system: AWS rejected the network settings (InvalidNetworkSettings: The subnets "
            "must be in different Availability Zones.); single-AZ file systems take one subnet, multi-AZ ones two "
            "subnets in different Availability Zones of one VPC, with the preferred subnet among them",
        ),
    ],
    ids=["access denied", "quota", "network"],
)
def test_errors_users_hit_get_a_message_that_says_what_to_do(aws: Aws, code: str, message: str, expected: str):
    net = aws.network()
    stubs = Stubs().add(MODULE, "fsx", "describe_file_systems", {"FileSystems": []})
    stubs.add(MODULE, "fsx", "create_file_system", error=(code, message))
    run = aws.module(MODULE, stubs=stubs, **multi_az(net))
    assert run.failed and run.pending == []
    assert run.last["msg"] == expected
    assert run.last["error"] == {"code": code, "message": message, "operation": "CreateFileSystem"}
    assert "Traceback" not in run.output


def test_capacity_and_throughput_change_in_place(aws: Aws):
    net = aws.network()
    stubs = Stubs().add(MODULE, "fsx", "describe_file_systems", {"FileSystems": [fs_description(tags={})]})
    stubs.add(
        MODULE,
        "fsx",
        "update_file_system",
        {"FileSystem": fs_description(lifecycle="UPDATING", tags={})},
        {"FileSystemId": FS_ID, "StorageCapacity": 2048, "OntapConfiguration": {"ThroughputCapacity": 1024}},
    )
    updated = fs_description(capacity=2048, throughput=1024, tags={})
    stubs.add(MODULE, "fsx", "describe_file_systems", {"FileSystems": [updated]}, {"FileSystemIds": [FS_ID]})
    run = aws.module(
        MODULE, stubs=stubs, diff=True, **stubbed(net, storage_capacity_gib=2048, throughput_capacity=1024)
    )
    assert run.rc == 0, run.last
    assert run.pending == [] and run.mutating() == ["fsx:UpdateFileSystem"]
    assert run.last["diff"] == {
        "before": {"storage_capacity_gib": 1024, "throughput_capacity": 512},
        "after": {"storage_capacity_gib": 2048, "throughput_capacity": 1024},
    }
    assert run.last["file_system"]["storage_capacity_gib"] == 2048


def test_what_aws_cannot_change_in_place_is_refused_and_nothing_is_sent(aws: Aws):
    live = fs_description(capacity=2048, tags={})
    stubs = Stubs().add(MODULE, "fsx", "describe_file_systems", {"FileSystems": [live]})
    run = aws.module(
        MODULE, stubs=stubs, **stubbed(aws.network(), deployment_type="MULTI_AZ_2", throughput_capacity=384)
    )
    assert run.failed and run.mutating() == []
    assert run.last["msg"] == (
        f"file system 'eks-trident' ({FS_ID}) differs in what AWS cannot change in place: deployment_type (is "
        "'MULTI_AZ_1', wanted 'MULTI_AZ_2'); storage_capacity_gib (is 2048, wanted 1024; FSx never shrinks storage). "
        "tridentops does not replace a file system that holds data; change the spec back, or delete the file system "
        "yourself first"
    )


def test_two_file_systems_with_one_name_are_refused(aws: Aws):
    twins = [fs_description(tags={}), fs_description(tags={}, fs_id="fs-0fedcba9876543210")]
    stubs = Stubs().add(MODULE, "fsx", "describe_file_systems", {"FileSystems": twins})
    run = aws.module(MODULE, stubs=stubs, **stubbed(aws.network()))
    assert run.failed and run.mutating() == []
    assert run.last["msg"].startswith(
        "2 ONTAP file systems carry the Name tag 'eks-trident' (fs-0123456789abcdef0, fs-0fedcba9876543210)"
    )


def test_absent_deletes_once(aws: Aws):
    net = aws.network()
    aws.module(MODULE, wait=False, **multi_az(net))
    gone = aws.module(MODULE, name="eks-trident", state="absent")
    assert gone.last["changed"] is True
    assert gone.mutating() == ["fsx:DeleteFileSystem"]
    again = aws.module(MODULE, name="eks-trident", state="absent")
    assert again.last["changed"] is False and again.mutating() == []


def test_a_run_after_a_timeout_resumes_the_wait_without_creating_again(aws: Aws):
    stubs = Stubs().add(
        MODULE, "fsx", "describe_file_systems", {"FileSystems": [fs_description(lifecycle="CREATING", tags={})]}
    )
    stubs.add(
        MODULE, "fsx", "describe_file_systems", {"FileSystems": [fs_description(tags={})]}, {"FileSystemIds": [FS_ID]}
    )
    run = aws.module(MODULE, stubs=stubs, **stubbed(aws.network()))
    assert run.rc == 0, run.last
    assert run.last["changed"] is False and run.last["file_system"]["lifecycle"] == "AVAILABLE"
    assert run.mutating() == [] and run.pending == []


def test_a_file_system_found_failed_is_reported_not_changed(aws: Aws):
    failed = fs_description(lifecycle="FAILED", tags={}, failure="Amazon FSx is unable to create the file system.")
    stubs = Stubs().add(MODULE, "fsx", "describe_file_systems", {"FileSystems": [failed]})
    stubs.add(MODULE, "fsx", "describe_file_systems", {"FileSystems": [failed]}, {"FileSystemIds": [FS_ID]})
    run = aws.module(MODULE, stubs=stubs, **stubbed(aws.network(), storage_capacity_gib=2048))
    assert run.failed and run.mutating() == []
    assert (
        run.last["msg"]
        == f"file system eks-trident ({FS_ID}) is FAILED: Amazon FSx is unable to create the file system."
    )
