"""Converge one FSx for NetApp ONTAP file system, found by its Name tag.

Reads first, writes only what differs: a second run with the same options sends no mutating call, and
check mode sends none at all. Fields AWS can change in place (storage capacity up, throughput, HA pairs
of SINGLE_AZ_2, backups, maintenance window, IOPS, route tables, tags) are updated with one
UpdateFileSystem; fields fixed at creation are never "fixed" by replacing a file system full of data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.tagging import (
    boto3_tag_list_to_ansible_dict,
    compare_aws_tags,
)

from ..spec.aws import FileSystem
from ..spec.render_aws import client_request_token, file_system_request, file_system_tags
from . import fsx, secretsmanager, transform
from .client import connect
from .errors import EC2, Refusal
from .waiters import FILE_SYSTEM, wait_for

Resource = Mapping[str, Any]
# (spec field, key in OntapConfiguration) of settings that change in place when the spec sets them.
ONTAP_UPDATABLE = (
    ("throughput_capacity", "ThroughputCapacity"),
    ("throughput_capacity_per_ha_pair", "ThroughputCapacityPerHAPair"),
    ("automatic_backup_retention_days", "AutomaticBackupRetentionDays"),
    ("daily_automatic_backup_start_time", "DailyAutomaticBackupStartTime"),
    ("weekly_maintenance_start_time", "WeeklyMaintenanceStartTime"),
)


@dataclass
class Options:
    wait: bool = True
    wait_timeout: int = 3600
    purge_tags: bool = True
    check_mode: bool = False


@dataclass
class Plan:
    """What a run does to an existing file system."""

    update: dict[str, Any] = field(default_factory=dict)
    tags_to_set: dict[str, str] = field(default_factory=dict)
    tags_to_unset: list[str] = field(default_factory=list)
    before: dict[str, Any] = field(default_factory=dict)  # for diff mode: the changed fields, live and wanted
    after: dict[str, Any] = field(default_factory=dict)

    @property
    def changes(self) -> bool:
        return bool(self.update or self.tags_to_set or self.tags_to_unset)


@EC2.call("describe the subnets")
def _subnets(ec2: Any, subnet_ids: list[str]) -> list[Resource]:
    found: list[Resource] = ec2.describe_subnets(aws_retry=True, SubnetIds=subnet_ids)["Subnets"]
    return found


class FileSystemRunner:
    def __init__(self, module: Any, name: str, options: Options) -> None:
        self.module = module
        self.name = name
        self.options = options
        self.client = connect(module, "fsx")

    def find(self) -> Resource | None:
        found = fsx.ontap_file_systems_named(self.client, self.name)
        if len(found) > 1:
            ids = ", ".join(sorted(str(fs["FileSystemId"]) for fs in found))
            raise Refusal(
                f"{len(found)} ONTAP file systems carry the Name tag {self.name!r} ({ids}); tridentops knows a file "
                "system by that tag, so it must be unique: rename or remove the extra ones"
            )
        return found[0] if found else None

    # -- present ------------------------------------------------------------------------------------------

    def present(self, fs: FileSystem) -> dict[str, Any]:
        live = self.find()
        if live is None:
            return self._create(fs)
        if live.get("Lifecycle") != "AVAILABLE" and self.options.wait:
            # A run that timed out (or another tool's change) left it CREATING or UPDATING: resume the wait,
            # and report a FAILED file system with AWS's message instead of planning changes to it.
            live = self._settle(str(live["FileSystemId"])) or live
        plan = self.plan(fs, live)
        if not plan.changes:
            return {"changed": False, "file_system": transform.file_system(live)}
        diff = {"before": plan.before, "after": plan.after}
        if self.options.check_mode:
            return {"changed": True, "file_system": transform.file_system(live), "update": plan.update, "diff": diff}
        arn = str(live["ResourceARN"])
        if plan.tags_to_unset:
            fsx.untag(self.client, arn, plan.tags_to_unset)
        if plan.tags_to_set:
            fsx.tag(self.client, arn, plan.tags_to_set)
        if plan.update:
            fsx.update_file_system(self.client, {"FileSystemId": live["FileSystemId"], **plan.update})
        current = (
            self._settle(str(live["FileSystemId"]))
            if plan.update
            else fsx.file_system(self.client, str(live["FileSystemId"]))
        )
        return {
            "changed": True,
            "file_system": transform.file_system(current or live),
            "update": plan.update,
            "diff": diff,
        }

    def plan(self, fs: FileSystem, live: Resource) -> Plan:
        ontap = live.get("OntapConfiguration") or {}
        self._refuse_fixed_changes(fs, live, ontap)
        plan = Plan()

        def differs(name: str, live_value: Any, wanted: Any) -> bool:
            if wanted is None or wanted == live_value:
                return False
            plan.before[name], plan.after[name] = live_value, wanted
            return True

        if differs("storage_capacity_gib", live.get("StorageCapacity"), fs.storage_capacity_gib):
            plan.update["StorageCapacity"] = fs.storage_capacity_gib
        changes: dict[str, Any] = {}
        for name, key in ONTAP_UPDATABLE:
            if differs(name, ontap.get(key), getattr(fs, name)):
                changes[key] = getattr(fs, name)
        if differs("ha_pairs", ontap.get("HAPairs", 1), fs.ha_pairs):
            changes["HAPairs"] = fs.ha_pairs
        if fs.disk_iops is not None:
            wanted_iops: dict[str, Any] = {"Mode": fs.disk_iops.mode}
            if fs.disk_iops.iops is not None:
                wanted_iops["Iops"] = fs.disk_iops.iops
            live_iops = ontap.get("DiskIopsConfiguration") or {}
            if differs("disk_iops", {k: live_iops.get(k) for k in wanted_iops}, wanted_iops):
                changes["DiskIopsConfiguration"] = wanted_iops
        if fs.route_table_ids:
            live_tables = sorted(ontap.get("RouteTableIds") or [])
            if differs("route_table_ids", live_tables, sorted(fs.route_table_ids)):
                add, remove = set(fs.route_table_ids) - set(live_tables), set(live_tables) - set(fs.route_table_ids)
                changes.update(
                    {k: sorted(v) for k, v in (("AddRouteTableIds", add), ("RemoveRouteTableIds", remove)) if v}
                )
        if changes:
            plan.update["OntapConfiguration"] = changes
        live_tags = boto3_tag_list_to_ansible_dict(live.get("Tags") or [])
        plan.tags_to_set, plan.tags_to_unset = compare_aws_tags(
            live_tags, file_system_tags(fs), purge_tags=self.options.purge_tags
        )
        if plan.tags_to_set or plan.tags_to_unset:
            kept = {k: v for k, v in live_tags.items() if k not in plan.tags_to_unset}
            plan.before["tags"], plan.after["tags"] = live_tags, {**kept, **plan.tags_to_set}
        return plan

    def _refuse_fixed_changes(self, fs: FileSystem, live: Resource, ontap: Resource) -> None:
        fixed: dict[str, tuple[Any, Any]] = {
            "deployment_type": (ontap.get("DeploymentType"), fs.deployment_type),
            "subnet_ids": (sorted(live.get("SubnetIds") or []), sorted(fs.subnet_ids)),
        }
        if fs.preferred_subnet_id is not None:
            fixed["preferred_subnet_id"] = (ontap.get("PreferredSubnetId"), fs.preferred_subnet_id)
        if fs.endpoint_ip_address_range is not None:
            fixed["endpoint_ip_address_range"] = (ontap.get("EndpointIpAddressRange"), fs.endpoint_ip_address_range)
        differ = [f"{k} (is {a!r}, wanted {b!r})" for k, (a, b) in fixed.items() if a != b]
        if fs.storage_capacity_gib < int(live.get("StorageCapacity") or 0):
            capacity = f"is {live['StorageCapacity']}, wanted {fs.storage_capacity_gib}"
            differ.append(f"storage_capacity_gib ({capacity}; FSx never shrinks storage)")
        if differ:
            raise Refusal(
                f"file system {self.name!r} ({live['FileSystemId']}) differs in what AWS cannot change in place: "
                f"{'; '.join(differ)}. tridentops does not replace a file system that holds data; change the spec "
                "back, or delete the file system yourself first"
            )

    def _create(self, fs: FileSystem) -> dict[str, Any]:
        request = file_system_request(fs)
        self._check_subnets(fs)
        diff = {"before": {}, "after": request}
        if self.options.check_mode:
            return {"changed": True, "file_system": None, "create": request, "diff": diff}
        token = client_request_token(request)
        ontap = dict(request["OntapConfiguration"])
        if fs.fsxadmin_password_secret is not None:
            password = self._fsxadmin_password(fs.fsxadmin_password_secret)
            ontap["FsxAdminPassword"] = password
        created = fsx.create_file_system(
            self.client, {**request, "OntapConfiguration": ontap, "ClientRequestToken": token}
        )
        current = self._settle(str(created["FileSystemId"])) if self.options.wait else created
        return {
            "changed": True,
            "file_system": transform.file_system(current or created),
            "create": request,
            "diff": diff,
        }

    def _fsxadmin_password(self, secret: str) -> str:
        client = connect(self.module, "secretsmanager")
        password = secretsmanager.password_in(secretsmanager.value(client, secret), secret)
        self.module.no_log_values.add(password)
        return password

    def _check_subnets(self, fs: FileSystem) -> None:
        """Refuse subnets that cannot hold this deployment type before AWS spends time on a create."""
        subnets = _subnets(connect(self.module, "ec2"), list(fs.subnet_ids))
        zones = {s["SubnetId"]: s.get("AvailabilityZone") for s in subnets}
        vpcs = {s.get("VpcId") for s in subnets}
        if len(vpcs) > 1:
            raise Refusal(
                f"subnet_ids are in different VPCs ({', '.join(sorted(str(v) for v in vpcs))}); FSx needs one VPC"
            )
        if fs.multi_az and len(set(zones.values())) < 2:
            raise Refusal(
                f"{fs.deployment_type} needs its two subnets in different Availability Zones; "
                f"{' and '.join(sorted(zones))} are both in {next(iter(zones.values()))}"
            )

    def _settle(self, file_system_id: str) -> Resource | None:
        if not self.options.wait:
            return fsx.file_system(self.client, file_system_id)
        return wait_for(
            lambda: fsx.file_system(self.client, file_system_id),
            FILE_SYSTEM,
            f"{self.name} ({file_system_id})",
            self.options.wait_timeout,
        )

    # -- absent -------------------------------------------------------------------------------------------

    def absent(self) -> dict[str, Any]:
        live = self.find()
        if live is None:
            return {"changed": False, "file_system": None}
        if self.options.check_mode:
            return {"changed": True, "file_system": transform.file_system(live)}
        file_system_id = str(live["FileSystemId"])
        fsx.delete_file_system(self.client, file_system_id)
        if self.options.wait:
            wait_for(
                lambda: fsx.file_system(self.client, file_system_id),
                FILE_SYSTEM,
                f"{self.name} ({file_system_id})",
                self.options.wait_timeout,
                gone=True,
            )
        return {"changed": True, "file_system": transform.file_system(live)}
