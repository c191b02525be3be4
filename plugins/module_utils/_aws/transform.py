"""What the modules return about FSx resources: snake_case, the fields users act on, never a password."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

Resource = Mapping[str, Any]


def _endpoint(endpoint: Resource | None) -> dict[str, Any] | None:
    if not endpoint:
        return None
    return {"dns_name": endpoint.get("DNSName"), "ip_addresses": list(endpoint.get("IpAddresses") or [])}


def _endpoints(resource: Resource, *names: str) -> dict[str, Any]:
    """A resource's endpoints by snake_case name (FSx capitalizes them: Management, Intercluster, Nfs, Iscsi, Smb)."""
    endpoints = resource.get("Endpoints") or {}
    return {name: _endpoint(endpoints.get(name.capitalize())) for name in names}


def file_system(fs: Resource) -> dict[str, Any]:
    ontap = fs.get("OntapConfiguration") or {}
    tags = boto3_tag_list_to_ansible_dict(fs.get("Tags") or [])
    return {
        "id": fs.get("FileSystemId"),
        "arn": fs.get("ResourceARN"),
        "name": tags.get("Name"),
        "lifecycle": fs.get("Lifecycle"),
        "failure_message": (fs.get("FailureDetails") or {}).get("Message"),
        "deployment_type": ontap.get("DeploymentType"),
        "storage_capacity_gib": fs.get("StorageCapacity"),
        "throughput_capacity": ontap.get("ThroughputCapacity"),
        "throughput_capacity_per_ha_pair": ontap.get("ThroughputCapacityPerHAPair"),
        "ha_pairs": ontap.get("HAPairs"),
        "subnet_ids": list(fs.get("SubnetIds") or []),
        "preferred_subnet_id": ontap.get("PreferredSubnetId"),
        "route_table_ids": list(ontap.get("RouteTableIds") or []),
        "endpoint_ip_address_range": ontap.get("EndpointIpAddressRange"),
        "vpc_id": fs.get("VpcId"),
        "dns_name": fs.get("DNSName"),
        "kms_key_id": fs.get("KmsKeyId"),
        "automatic_backup_retention_days": ontap.get("AutomaticBackupRetentionDays"),
        "daily_automatic_backup_start_time": ontap.get("DailyAutomaticBackupStartTime"),
        "weekly_maintenance_start_time": ontap.get("WeeklyMaintenanceStartTime"),
        "endpoints": _endpoints(ontap, "management", "intercluster"),
        "tags": tags,
    }


def svm(machine: Resource) -> dict[str, Any]:
    return {
        "id": machine.get("StorageVirtualMachineId"),
        "name": machine.get("Name"),
        "arn": machine.get("ResourceARN"),
        "uuid": machine.get("UUID"),
        "lifecycle": machine.get("Lifecycle"),
        "lifecycle_reason": (machine.get("LifecycleTransitionReason") or {}).get("Message"),
        "file_system_id": machine.get("FileSystemId"),
        "subtype": machine.get("Subtype"),
        "root_volume_security_style": machine.get("RootVolumeSecurityStyle"),
        "endpoints": _endpoints(machine, "management", "nfs", "iscsi", "smb"),
        "tags": boto3_tag_list_to_ansible_dict(machine.get("Tags") or []),
    }
