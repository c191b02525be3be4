"""The ``storage_classes`` and ``snapshot_classes`` sections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

from . import checks, facts
from .issues import Issues, join
from .schema import describe, did_you_mean, rule, spec_field
from .selector import parse_pool_list, parse_selector

AttributeValue: TypeAlias = "str | bool | int"


@dataclass(frozen=True, kw_only=True)
class StorageClassSpec:
    name: str = spec_field("StorageClass name.", check=checks.dns_subdomain)
    default: bool = spec_field("Make this the cluster's default StorageClass (exactly one may be).", default=False)
    attributes: Mapping[str, AttributeValue] = spec_field(
        "Trident storage attributes, with Trident's names: backendType, media, provisioningType, snapshots, clones, "
        "encryption, replication, IOPS, region, zone, nasType, sanType (and fsType, which Trident skips).",
        factory=dict,
    )
    selector: str | None = spec_field(
        "Pool label selector in Trident's syntax, e.g. 'performance=gold; protection in (high,max)'.", default=None
    )
    storage_pools: str | None = spec_field("Restrict to pools: 'backendRegex:poolRegex,...;...'.", default=None)
    additional_storage_pools: str | None = spec_field("Also allow these pools whatever the attributes.", default=None)
    exclude_storage_pools: str | None = spec_field("Never use these pools.", default=None)
    fs_type: str | None = spec_field("File system (csi.storage.k8s.io/fstype), e.g. ext4, xfs or nfs.", default=None)
    csi_parameters: Mapping[str, str] = spec_field(
        "Extra CSI parameters, keys prefixed csi.storage.k8s.io/ (e.g. node-stage secrets for LUKS or SMB).",
        factory=dict,
    )
    reclaim_policy: Literal["Delete", "Retain"] = spec_field(
        "What happens to a volume when its PVC goes.", default="Delete"
    )
    volume_binding_mode: Literal["Immediate", "WaitForFirstConsumer"] = spec_field(
        "When volumes are provisioned (WaitForFirstConsumer for CSI topology).", default="Immediate"
    )
    allow_volume_expansion: bool = spec_field("Allow PVCs of this class to grow.", default=True)
    mount_options: tuple[str, ...] = spec_field(
        "Mount options; override the backend's nfs_mount_options.", factory=tuple
    )

    def trident_attributes(self) -> dict[str, str]:
        """Attributes as class parameters: prefix stripped, values as strings."""
        out: dict[str, str] = {}
        for key, value in self.attributes.items():
            name = key.removeprefix(facts.TRIDENT_PARAMETER_PREFIX)
            out[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return out

    def storage_attributes(self) -> dict[str, str]:
        """The attributes Trident matches pools against: the parameters it skips left out."""
        skipped = set(facts.SC_SKIPPED_PARAMETERS)
        out = {k: v for k, v in self.trident_attributes().items() if k not in skipped}
        for name in facts.SC_BOOL_ATTRIBUTES:
            if name in out:  # Trident parses every spelling of ParseBool; matching compares true/false
                out[name] = "true" if out[name] in facts.GO_TRUE else "false"
        return out

    @rule("attributes")
    def _attributes(self, path: str, issues: Issues) -> None:
        for key, value in self.attributes.items():
            _check_attribute(key, value, join(join(path, "attributes"), key), issues)

    @rule("attributes", "fs_type")
    def _one_file_system(self, path: str, issues: Issues) -> None:
        # The CSI provisioner reads the file system from fsType (any case) or csi.storage.k8s.io/fstype and
        # fails every PVC of a class that has both.
        if self.fs_type is not None and "fsType" in self.attributes:
            issues.error(
                join(join(path, "attributes"), "fsType"),
                "give the file system once, as fs_type or as attributes.fsType: with both, the CSI provisioner fails "
                'every PVC (fstype specified in parameters with both "fstype" and "csi.storage.k8s.io/fstype" keys)',
            )
        elif "fsType" in self.attributes:
            issues.warn(
                join(join(path, "attributes"), "fsType"),
                "works, but the CSI provisioner logs fstype as deprecated; fs_type renders csi.storage.k8s.io/fstype",
            )

    @rule("selector", "storage_pools", "additional_storage_pools", "exclude_storage_pools")
    def _selector_and_pools_parse(self, path: str, issues: Issues) -> None:
        if self.selector is not None:
            message = parse_selector(self.selector)[1]
            if message:
                issues.error(join(path, "selector"), message)
        for name in ("storage_pools", "additional_storage_pools", "exclude_storage_pools"):
            text = getattr(self, name)
            if text is not None:
                message = parse_pool_list(text)[1]
                if message:
                    issues.error(join(path, name), message)

    @rule("csi_parameters")
    def _csi_parameters(self, path: str, issues: Issues) -> None:
        for key in self.csi_parameters:
            if key in facts.SC_SKIPPED_PARAMETERS:
                issues.error(join(join(path, "csi_parameters"), key), "use fs_type (or attributes.fsType)")
            elif not key.startswith(facts.CSI_PARAMETER_PREFIX):
                issues.error(
                    join(join(path, "csi_parameters"), key),
                    f"must start with {facts.CSI_PARAMETER_PREFIX}; Trident rejects the whole class "
                    "for any parameter it does not know (use attributes for Trident's own)",
                )
            elif key == f"{facts.CSI_PARAMETER_PREFIX}fstype":
                issues.error(join(join(path, "csi_parameters"), key), "use fs_type")


_SUGGESTIONS = [*facts.SC_ATTRIBUTES, *facts.SC_SKIPPED_PARAMETERS]
_POOL_LIST_FIELDS = {
    "storagePools": "storage_pools",
    "additionalStoragePools": "additional_storage_pools",
    "requiredStorage": "additional_storage_pools",  # Trident's deprecated name for additionalStoragePools
    "excludeStoragePools": "exclude_storage_pools",
}


def _check_attribute(key: str, value: AttributeValue, path: str, issues: Issues) -> None:
    if key in facts.SC_SKIPPED_PARAMETERS:
        # Trident skips it (only unprefixed and spelt exactly so); the CSI provisioner takes it as the file system.
        if not isinstance(value, str):
            issues.error(path, f"must be a string, got {describe(value)}")
        return
    if key.startswith(facts.CSI_PARAMETER_PREFIX):
        issues.error(path, "Trident skips csi.storage.k8s.io/ parameters; put it in csi_parameters (or use fs_type)")
        return
    name = key.removeprefix(facts.TRIDENT_PARAMETER_PREFIX)
    if name == "selector":
        issues.error(path, "use the class's selector field")
        return
    if name in _POOL_LIST_FIELDS:
        # Trident reads these as pool lists, not attributes; the spec has fields for them.
        issues.error(path, f"use the class's {_POOL_LIST_FIELDS[name]} field")
        return
    if name in facts.SC_SKIPPED_PARAMETERS:
        issues.error(
            path, f"write it as {name}: Trident skips it only without a prefix and would reject the whole class"
        )
        return
    if name not in facts.SC_ATTRIBUTES:
        issues.error(
            path,
            f"unknown Trident storage attribute{did_you_mean(name, _SUGGESTIONS)} "
            f"(allowed: {', '.join(facts.SC_ATTRIBUTES)}); Trident would reject the whole class",
        )
        return
    if name in facts.SC_BOOL_ATTRIBUTES:
        if not (isinstance(value, bool) or value in (*facts.GO_TRUE, *facts.GO_FALSE)):
            issues.error(path, f"must be true or false, got {describe(value)}")
    elif name in facts.SC_INT_ATTRIBUTES:
        if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.isdigit())):
            issues.error(path, f"must be a whole number, got {describe(value)}")
    elif name in facts.SC_CHOICE_ATTRIBUTES:
        allowed = facts.SC_CHOICE_ATTRIBUTES[name]
        text = value.lower() if isinstance(value, str) and name in ("nasType", "sanType") else value
        if text not in allowed:
            issues.error(path, f"{describe(value)} is not one of {', '.join(allowed)}")
    elif not isinstance(value, str):
        issues.error(path, f"must be a string, got {describe(value)}")


@dataclass(frozen=True, kw_only=True)
class SnapshotClassSpec:
    name: str = spec_field("VolumeSnapshotClass name.", check=checks.dns_subdomain)
    default: bool = spec_field("Make this the default VolumeSnapshotClass for Trident's driver.", default=False)
    deletion_policy: Literal["Delete", "Retain"] = spec_field(
        "Whether the ONTAP snapshot goes when the VolumeSnapshot is deleted.", default="Delete"
    )
