"""FSx API calls, each with its error handler (no try/except here; see errors.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from .errors import FSX

Resource = dict[str, Any]


def _pages(call: Any, key: str, **params: Any) -> list[Resource]:
    # The retrying wrapper does not retry paginators, so page by hand with retried calls.
    found: list[Resource] = []
    while True:
        page = call(aws_retry=True, **params)
        found.extend(page.get(key, []))
        token = page.get("NextToken")
        if not token:
            return found
        params["NextToken"] = token


def name_of(resource: Mapping[str, Any]) -> str | None:
    name = boto3_tag_list_to_ansible_dict(resource.get("Tags") or []).get("Name")
    return None if name is None else str(name)


@FSX.call("list the FSx file systems")
def file_systems(client: Any) -> list[Resource]:
    return _pages(client.describe_file_systems, "FileSystems")


def ontap_file_systems_named(client: Any, name: str) -> list[Resource]:
    """ONTAP file systems whose Name tag is ``name`` (one being deleted no longer counts)."""
    return [
        fs
        for fs in file_systems(client)
        if fs.get("FileSystemType") == "ONTAP" and name_of(fs) == name and fs.get("Lifecycle") != "DELETING"
    ]


@FSX.lookup("describe the file system")
def file_system(client: Any, file_system_id: str) -> Resource | None:
    found = client.describe_file_systems(aws_retry=True, FileSystemIds=[file_system_id])["FileSystems"]
    return found[0] if found else None


@FSX.call("create the file system")
def create_file_system(client: Any, request: Mapping[str, Any]) -> Resource:
    created: Resource = client.create_file_system(aws_retry=True, **request)["FileSystem"]
    return created


@FSX.call("update the file system")
def update_file_system(client: Any, request: Mapping[str, Any]) -> Resource:
    updated: Resource = client.update_file_system(aws_retry=True, **request)["FileSystem"]
    return updated


@FSX.delete("delete the file system")
def delete_file_system(client: Any, file_system_id: str) -> bool:
    client.delete_file_system(aws_retry=True, FileSystemId=file_system_id)
    return True


@FSX.call("tag the FSx resource")
def tag(client: Any, arn: str, tags: Mapping[str, str]) -> None:
    client.tag_resource(aws_retry=True, ResourceARN=arn, Tags=[{"Key": k, "Value": v} for k, v in sorted(tags.items())])


@FSX.call("untag the FSx resource")
def untag(client: Any, arn: str, keys: list[str]) -> None:
    client.untag_resource(aws_retry=True, ResourceARN=arn, TagKeys=sorted(keys))


@FSX.call("list the storage virtual machines")
def svms_of(client: Any, file_system_id: str) -> list[Resource]:
    return _pages(
        client.describe_storage_virtual_machines,
        "StorageVirtualMachines",
        Filters=[{"Name": "file-system-id", "Values": [file_system_id]}],
    )


@FSX.lookup("describe the storage virtual machine")
def svm(client: Any, svm_id: str) -> Resource | None:
    found = client.describe_storage_virtual_machines(aws_retry=True, StorageVirtualMachineIds=[svm_id])
    machines: list[Resource] = found["StorageVirtualMachines"]
    return machines[0] if machines else None


@FSX.call("create the storage virtual machine")
def create_svm(client: Any, request: Mapping[str, Any]) -> Resource:
    created: Resource = client.create_storage_virtual_machine(aws_retry=True, **request)["StorageVirtualMachine"]
    return created


@FSX.call("set the storage virtual machine's vsadmin password")
def set_svm_password(client: Any, svm_id: str, password: str) -> None:
    client.update_storage_virtual_machine(aws_retry=True, StorageVirtualMachineId=svm_id, SvmAdminPassword=password)


@FSX.delete("delete the storage virtual machine")
def delete_svm(client: Any, svm_id: str) -> bool:
    client.delete_storage_virtual_machine(aws_retry=True, StorageVirtualMachineId=svm_id)
    return True
