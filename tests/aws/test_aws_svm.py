"""fsx_ontap_svm: the SVM on Stubber, its vsadmin secret on moto's Secrets Manager. The password is generated
into the secret and the SVM only, survives an interrupted run, and never appears in output."""

from __future__ import annotations

import json
from typing import Any

from aws_harness import ANY, FS_ID, SVM_ID, Aws, Stubs, digest, fs_description, svm_description

MODULE = "fsx_ontap_svm"
SECRET = "fsx/eks-trident/svm_eks/vsadmin"
OPTIONS: dict[str, Any] = {"file_system_id": FS_ID, "name": "svm_eks", "credentials_secret": SECRET}
MANAGED = [{"Key": "tridentops.io/managed-by", "Value": "tridentops"}]


def found(*machines: dict[str, Any], lifecycle: str = "AVAILABLE") -> Stubs:
    """The file system, then its SVMs."""
    stubs = Stubs().add(
        MODULE,
        "fsx",
        "describe_file_systems",
        {"FileSystems": [fs_description(lifecycle=lifecycle)]},
        {"FileSystemIds": [FS_ID]},
    )
    if lifecycle == "AVAILABLE":
        stubs.add(
            MODULE,
            "fsx",
            "describe_storage_virtual_machines",
            {"StorageVirtualMachines": list(machines)},
            {"Filters": [{"Name": "file-system-id", "Values": [FS_ID]}]},
        )
    return stubs


def creates(stubs: Stubs, *lifecycles: str, reason: str | None = None) -> Stubs:
    stubs.add(
        MODULE,
        "fsx",
        "create_storage_virtual_machine",
        {"StorageVirtualMachine": svm_description(lifecycle="CREATING")},
        {"FileSystemId": FS_ID, "Name": "svm_eks", "RootVolumeSecurityStyle": "UNIX", "SvmAdminPassword": ANY},
    )
    for lifecycle in lifecycles:
        described = svm_description(lifecycle=lifecycle, reason=reason if lifecycle == "FAILED" else None)
        stubs.add(
            MODULE,
            "fsx",
            "describe_storage_virtual_machines",
            {"StorageVirtualMachines": [described]},
            {"StorageVirtualMachineIds": [SVM_ID]},
        )
    return stubs


def stored(aws: Aws) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        aws.client("secretsmanager").get_secret_value(SecretId=SECRET)["SecretString"]
    )
    return document


def test_the_secret_comes_first_then_the_svm_and_only_arns_and_endpoints_come_back(aws: Aws):
    run = aws.module(MODULE, stubs=creates(found(), "CREATED"), verbosity=4, callback="default", **OPTIONS)
    assert run.rc == 0, run.stdout[-3000:]
    assert run.pending == []
    assert run.operations() == [
        "DescribeFileSystems",
        "DescribeStorageVirtualMachines",
        "DescribeSecret",
        "CreateSecret",
        "CreateStorageVirtualMachine",
        "DescribeStorageVirtualMachines",
    ]
    document = stored(aws)
    assert document["username"] == "vsadmin"
    assert run.call("CreateStorageVirtualMachine").params["SvmAdminPassword"] == digest(document["password"])
    assert run.call("CreateSecret").params["SecretString"] == digest(json.dumps(document))
    assert document["password"] not in run.output
    tags = aws.client("secretsmanager").describe_secret(SecretId=SECRET)["Tags"]
    assert tags == MANAGED


def test_the_result_names_the_endpoints_and_the_secret_arn(aws: Aws):
    run = aws.module(MODULE, stubs=creates(found(), "CREATING", "CREATED"), **OPTIONS)
    assert run.rc == 0, run.last
    arn = aws.client("secretsmanager").describe_secret(SecretId=SECRET)["ARN"]
    assert run.last["credentials_secret"] == {"name": SECRET, "arn": arn}
    endpoints = run.last["svm"]["endpoints"]
    assert endpoints["management"]["dns_name"] == f"{SVM_ID}.{FS_ID}.fsx.eu-west-1.amazonaws.com"
    assert endpoints["iscsi"]["ip_addresses"] == ["10.0.1.18", "10.0.2.18"]
    assert endpoints["smb"] is None
    assert run.last["svm"]["lifecycle"] == "CREATED"
    assert "password" not in json.dumps(run.last).lower().replace("vsadmin_password", "")


def test_a_second_run_only_reads(aws: Aws):
    aws.module(MODULE, stubs=creates(found(), "CREATED"), **OPTIONS)
    run = aws.module(MODULE, stubs=found(svm_description()), **OPTIONS)
    assert run.rc == 0 and run.last["changed"] is False, run.last
    assert run.mutating() == [] and run.pending == []
    assert run.operations() == ["DescribeFileSystems", "DescribeStorageVirtualMachines", "DescribeSecret"]


def test_check_mode_says_what_it_would_create_and_writes_nothing(aws: Aws):
    run = aws.module(MODULE, stubs=found(), check=True, diff=True, **OPTIONS)
    assert run.last["changed"] is True
    assert run.mutating() == [] and run.pending == []
    assert run.last["actions"] == [f"create secret {SECRET}", "create storage virtual machine svm_eks"]
    assert run.last["diff"]["after"] == f"create secret {SECRET}\ncreate storage virtual machine svm_eks\n"
    assert aws.client("secretsmanager").list_secrets()["SecretList"] == []


def test_a_run_interrupted_after_the_secret_resumes_with_its_password(aws: Aws):
    document = {"username": "vsadmin", "password": "Stored-before-1"}
    aws.client("secretsmanager").create_secret(Name=SECRET, SecretString=json.dumps(document), Tags=MANAGED)
    run = aws.module(MODULE, stubs=creates(found(), "CREATED"), **OPTIONS)
    assert run.rc == 0, run.last
    assert run.mutating() == ["fsx:CreateStorageVirtualMachine"]
    assert run.call("CreateStorageVirtualMachine").params["SvmAdminPassword"] == digest("Stored-before-1")


def test_an_svm_without_its_secret_gets_one_new_password_in_both_places(aws: Aws):
    stubs = found(svm_description())
    stubs.add(
        MODULE,
        "fsx",
        "update_storage_virtual_machine",
        {},
        {"StorageVirtualMachineId": SVM_ID, "SvmAdminPassword": ANY},
    )
    run = aws.module(MODULE, stubs=stubs, **OPTIONS)
    assert run.rc == 0, run.last
    assert run.mutating() == ["secretsmanager:CreateSecret", "fsx:UpdateStorageVirtualMachine"]
    password = stored(aws)["password"]
    assert run.call("UpdateStorageVirtualMachine").params["SvmAdminPassword"] == digest(password)


def test_a_secret_tridentops_did_not_create_is_never_overwritten(aws: Aws):
    aws.client("secretsmanager").create_secret(Name=SECRET, SecretString="someone else's")
    run = aws.module(MODULE, stubs=found(), **OPTIONS)
    assert run.failed and run.mutating() == []
    assert run.last["msg"].startswith(f"secret {SECRET} exists and was not created by tridentops")
    assert aws.client("secretsmanager").get_secret_value(SecretId=SECRET)["SecretString"] == "someone else's"


def test_a_given_password_replaces_the_stored_one_in_the_secret_and_on_the_svm(aws: Aws):
    aws.module(MODULE, stubs=creates(found(), "CREATED"), **OPTIONS)
    stubs = found(svm_description())
    stubs.add(
        MODULE,
        "fsx",
        "update_storage_virtual_machine",
        {},
        {"StorageVirtualMachineId": SVM_ID, "SvmAdminPassword": "Rotated-Password-2"},
    )
    run = aws.module(
        MODULE, stubs=stubs, verbosity=4, callback="default", vsadmin_password="Rotated-Password-2", **OPTIONS
    )
    assert run.rc == 0, run.stdout[-3000:]
    assert run.pending == []
    assert run.mutating() == ["secretsmanager:PutSecretValue", "fsx:UpdateStorageVirtualMachine"]
    assert stored(aws)["password"] == "Rotated-Password-2"
    assert "Rotated-Password-2" not in run.output
    again = aws.module(MODULE, stubs=found(svm_description()), vsadmin_password="Rotated-Password-2", **OPTIONS)
    assert again.last["changed"] is False and again.mutating() == []


def test_a_failed_svm_fails_the_task_with_aws_s_reason(aws: Aws):
    reason = "The file system fs-0123456789abcdef0 has reached its maximum number of SVMs (24)."
    run = aws.module(MODULE, stubs=creates(found(), "FAILED", reason=reason), **OPTIONS)
    assert run.failed and run.pending == []
    assert run.last["msg"] == f"storage virtual machine svm_eks ({SVM_ID}) is FAILED: {reason}"


def test_an_svm_waits_for_its_file_system(aws: Aws):
    run = aws.module(MODULE, stubs=found(lifecycle="CREATING"), **OPTIONS)
    assert run.failed and run.mutating() == []
    assert run.last["msg"] == (
        f"file system {FS_ID} is CREATING; an SVM can be created once it is AVAILABLE "
        "(fsx_ontap_filesystem waits for that)"
    )


def test_bad_options_are_all_reported_before_any_write(aws: Aws):
    run = aws.module(
        MODULE,
        stubs=found(),
        file_system_id=FS_ID,
        name="svm-eks",
        credentials_secret="arn:aws:x",
        root_volume_security_style="unix",
    )
    assert run.failed and run.mutating() == []
    assert sorted(run.last["errors"]) == [
        "credentials_secret: 'arn:aws:x' is not a Secrets Manager secret name (letters, digits and /_+=.@-; tridentops "
        "creates the secret, so give its name, not an ARN)",
        "name: 'svm-eks' is not an FSx SVM name (letters, digits and _; at most 47)",
        "root_volume_security_style: 'unix' is not one of UNIX, NTFS, MIXED",
    ]


def test_absent_deletes_the_svm_and_schedules_the_secret_s_deletion(aws: Aws):
    aws.module(MODULE, stubs=creates(found(), "CREATED"), **OPTIONS)
    stubs = Stubs().add(
        MODULE, "fsx", "describe_storage_virtual_machines", {"StorageVirtualMachines": [svm_description()]}
    )
    stubs.add(
        MODULE, "fsx", "delete_storage_virtual_machine", {"StorageVirtualMachineId": SVM_ID, "Lifecycle": "DELETING"}
    )
    stubs.add(MODULE, "fsx", "describe_storage_virtual_machines", error=("StorageVirtualMachineNotFound", "gone"))
    run = aws.module(MODULE, stubs=stubs, state="absent", **OPTIONS)
    assert run.rc == 0, run.last
    assert run.mutating() == ["fsx:DeleteStorageVirtualMachine", "secretsmanager:DeleteSecret"]
    assert run.call("DeleteSecret").params["RecoveryWindowInDays"] == 7
    assert "DeletedDate" in aws.client("secretsmanager").describe_secret(SecretId=SECRET)
