"""The ``aws`` section: the Amazon FSx for NetApp ONTAP file system, SVM and IAM identity tridentops creates.

Facts come from botocore's FSx service model (parameter ranges, patterns, enums and its documentation of
the 400 responses) and the FSx for ONTAP user guide; AWS enforces several of them only after a long create
attempt, so they are checked here, with field paths, before anything is sent.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal

from .backend import Backend
from .checks import secrets_manager_arn
from .issues import Issues, join
from .schema import rule, spec_field
from .trident import TridentSpec, check_cloud_identity

DeploymentType = Literal["SINGLE_AZ_1", "SINGLE_AZ_2", "MULTI_AZ_1", "MULTI_AZ_2"]
MULTI_AZ = frozenset({"MULTI_AZ_1", "MULTI_AZ_2"})
SECOND_GENERATION = frozenset({"SINGLE_AZ_2", "MULTI_AZ_2"})
# Throughput per HA pair AWS accepts (MBps), per deployment type (ThroughputCapacityPerHAPair's docs).
THROUGHPUT_PER_HA_PAIR: dict[str, tuple[int, ...]] = {
    "SINGLE_AZ_1": (128, 256, 512, 1024, 2048, 4096),
    "MULTI_AZ_1": (128, 256, 512, 1024, 2048, 4096),
    "SINGLE_AZ_2": (1536, 3072, 6144),
    "MULTI_AZ_2": (384, 768, 1536, 3072, 6144),
}
MAX_HA_PAIRS = {"SINGLE_AZ_2": 12, "MULTI_AZ_2": 1}
# SSD capacity (GiB): at least 1024 per HA pair, at most 524288 per HA pair, and the type's own ceiling.
CAPACITY_PER_HA_PAIR = (1024, 524_288)
MAX_CAPACITY = {"SINGLE_AZ_1": 196_608, "MULTI_AZ_1": 196_608, "MULTI_AZ_2": 524_288, "SINGLE_AZ_2": 1_048_576}
MIN_IOPS_PER_GIB = 3  # what AUTOMATIC provisions; USER_PROVISIONED may not go below it
MAX_TAGS = 50  # per FSx resource, the Name tag included
SVM_NAME_LENGTH = 47
VSADMIN = "vsadmin"
VSADMIN_PASSWORD_LENGTH = (8, 50)  # FSx's range for SvmAdminPassword
ADDON_NAME = "netapp_trident-operator"

_SUBNET = re.compile(r"^subnet-[0-9a-f]{8,17}$")
_SECURITY_GROUP = re.compile(r"^sg-[0-9a-f]{8,17}$")
_ROUTE_TABLE = re.compile(r"^rtb-[0-9a-f]{8,17}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
_DAILY_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_WEEKLY_TIME = re.compile(r"^[1-7]:([01]\d|2[0-3]):[0-5]\d$")
_TAG_TEXT = re.compile(r"^[\w .:/=+@-]*$")
_SVM_NAME = re.compile(r"^[A-Za-z0-9_]{1,47}$")
_SECRET_NAME = re.compile(r"^[A-Za-z0-9/_+=.@-]{1,512}$")
_IAM_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")
_IAM_POLICY_NAME = re.compile(r"^[\w+=,.@-]{1,128}$")
_OIDC_PROVIDER_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:oidc-provider/[A-Za-z0-9./_-]+$")
_EKS_CLUSTER = re.compile(r"^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$")
_ADDON_VERSION = re.compile(r"^v\d+\.\d+\.\d+-eksbuild\.\d+$")


def _pattern(regex: re.Pattern[str], what: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if regex.match(value) else f"{value!r} is not {what}"

    return check


def _each(check: Callable[[str], str | None]) -> Callable[[tuple[str, ...]], str | None]:
    def check_all(values: tuple[str, ...]) -> str | None:
        if len(set(values)) != len(values):
            return "lists the same id twice"
        return next((m for m in map(check, values) if m), None)

    return check_all


def _range(low: int, high: int, unit: str = "") -> Callable[[int], str | None]:
    def check(value: int) -> str | None:
        return None if low <= value <= high else f"{value}{unit} is out of range; AWS accepts {low} to {high}{unit}"

    return check


def _cidr(value: str) -> str | None:
    try:
        network = ipaddress.IPv4Network(value)
    except ValueError:
        return f"{value!r} is not an IPv4 CIDR block (for example 198.19.255.0/24)"
    # FSx needs room for the floating management, NFS/SMB and iSCSI addresses of every HA pair.
    return None if network.prefixlen <= 28 else f"{value!r} is smaller than a /28"


def _secret_reference(value: str) -> str | None:
    if secrets_manager_arn(value) or (_SECRET_NAME.match(value) and not value.startswith("arn:")):
        return None
    return f"{value!r} is not a Secrets Manager secret name or ARN"


def _secret_name(value: str) -> str | None:
    if value.startswith("arn:") or not _SECRET_NAME.match(value):
        return (
            f"{value!r} is not a Secrets Manager secret name (letters, digits and /_+=.@-; tridentops creates "
            "the secret, so give its name, not an ARN)"
        )
    return None


def check_vsadmin_password(password: str) -> str | None:
    """What is wrong with a vsadmin password given to tridentops (never echoing it), or None."""
    low, high = VSADMIN_PASSWORD_LENGTH
    return None if low <= len(password) <= high else f"must be {low} to {high} characters"


def check_tags(tags: Mapping[str, str], path: str, issues: Issues, reserved: tuple[str, ...] = ("Name",)) -> None:
    """Tag keys and values as FSx, Secrets Manager and IAM all accept them."""
    for key, value in tags.items():
        where = join(path, key)
        if key in reserved:
            issues.error(where, "is set by tridentops (from the name); remove it from tags")
        elif key.lower().startswith("aws:"):
            issues.error(where, "keys starting with aws: are reserved by AWS")
        elif not 1 <= len(key) <= 128 or not _TAG_TEXT.match(key):
            issues.error(where, "is not a valid AWS tag key (1 to 128 letters, digits, spaces and _.:/=+-@)")
        elif len(value) > 256 or not _TAG_TEXT.match(value):
            issues.error(where, "is not a valid AWS tag value (up to 256 letters, digits, spaces and _.:/=+-@)")
    if len(tags) + len(reserved) > MAX_TAGS:
        issues.error(path, f"{len(tags)} tags; AWS allows {MAX_TAGS - len(reserved)} besides the Name tag")


@dataclass(frozen=True, kw_only=True)
class DiskIops:
    mode: Literal["AUTOMATIC", "USER_PROVISIONED"] = spec_field(
        "AUTOMATIC: 3 SSD IOPS per GiB of storage. USER_PROVISIONED: the number in iops.", default="AUTOMATIC"
    )
    iops: int | None = spec_field(
        "Provisioned SSD IOPS (USER_PROVISIONED only; at least 3 per GiB of storage).",
        default=None,
        check=_range(0, 2_147_483_647),
    )

    @rule("mode", "iops")
    def _iops_match_the_mode(self, path: str, issues: Issues) -> None:
        if self.mode == "USER_PROVISIONED" and self.iops is None:
            issues.error(join(path, "iops"), "is required with mode USER_PROVISIONED")
        if self.mode == "AUTOMATIC" and self.iops is not None:
            issues.error(join(path, "iops"), "only applies with mode USER_PROVISIONED")


@dataclass(frozen=True, kw_only=True)
class FileSystem:
    name: str = spec_field(
        "Value of the file system's Name tag: its identity for tridentops (found by it, never created twice).",
        check=_pattern(re.compile(r"^[\w .:/=+@-]{1,256}$"), "a valid Name tag (1 to 256 characters)"),
    )
    deployment_type: DeploymentType = spec_field(
        "SINGLE_AZ_1 and MULTI_AZ_1 (first generation), SINGLE_AZ_2 (up to 12 HA pairs) or MULTI_AZ_2."
    )
    storage_capacity_gib: int = spec_field(
        "SSD storage capacity in GiB: 1024 to 524288 per HA pair, at most 196608 for the first generation "
        "and 524288 for MULTI_AZ_2. Can grow in place, never shrink."
    )
    subnet_ids: tuple[str, ...] = spec_field(
        "Subnets of the file system's endpoints: one for single-AZ, two in different Availability Zones for multi-AZ.",
        check=_each(_pattern(_SUBNET, "a subnet id (subnet-...)")),
    )
    throughput_capacity: int | None = spec_field(
        "Throughput in MBps of a one-HA-pair file system (128 to 4096 for the first generation, 384 to 6144 for "
        "MULTI_AZ_2, 1536 to 6144 for SINGLE_AZ_2). Give this or throughput_capacity_per_ha_pair. Changes in place.",
        default=None,
    )
    ha_pairs: int | None = spec_field(
        "HA pairs (SINGLE_AZ_2: 1 to 12; MULTI_AZ_2: 1), with throughput_capacity_per_ha_pair.",
        default=None,
        check=_range(1, 12),
    )
    throughput_capacity_per_ha_pair: int | None = spec_field(
        "Throughput per HA pair in MBps, instead of throughput_capacity. Changes in place.", default=None
    )
    preferred_subnet_id: str | None = spec_field(
        "Multi-AZ only (required there): the subnet of the active file server, one of subnet_ids.",
        default=None,
        check=_pattern(_SUBNET, "a subnet id (subnet-...)"),
    )
    route_table_ids: tuple[str, ...] = spec_field(
        "Multi-AZ only: route tables FSx adds the floating endpoint routes to (the VPC's default one otherwise).",
        factory=tuple,
        check=_each(_pattern(_ROUTE_TABLE, "a route table id (rtb-...)")),
    )
    security_group_ids: tuple[str, ...] = spec_field(
        "Security groups of the file system's interfaces: they must admit NFS or iSCSI from the nodes and "
        "HTTPS (ONTAP REST) from the Trident controller. Fixed at creation.",
        factory=tuple,
        check=_each(_pattern(_SECURITY_GROUP, "a security group id (sg-...)")),
    )
    endpoint_ip_address_range: str | None = spec_field(
        "Multi-AZ only: IPv4 range of the floating endpoints (AWS picks one in 198.19.0.0/16 otherwise).",
        default=None,
        check=_cidr,
    )
    kms_key_id: str | None = spec_field(
        "KMS key encrypting the file system at rest (the AWS managed key otherwise). Fixed at creation.",
        default=None,
    )
    automatic_backup_retention_days: int | None = spec_field(
        "Days AWS keeps automatic daily backups (0 turns them off; 0 to 90).", default=None, check=_range(0, 90)
    )
    daily_automatic_backup_start_time: str | None = spec_field(
        "HH:MM (UTC) the daily backup starts.", default=None, check=_pattern(_DAILY_TIME, "a time HH:MM")
    )
    weekly_maintenance_start_time: str | None = spec_field(
        "d:HH:MM (UTC; d is 1 for Monday to 7 for Sunday) the weekly maintenance window starts.",
        default=None,
        check=_pattern(_WEEKLY_TIME, "a weekly time d:HH:MM (d from 1, Monday, to 7)"),
    )
    disk_iops: DiskIops | None = spec_field("SSD IOPS of the file system.", default=None)
    fsxadmin_password_secret: str | None = spec_field(
        "Name or ARN of a Secrets Manager secret holding the fsxadmin password (a plain string, or JSON with "
        "a password key). Read once, at creation; never a password in the spec. Trident does not need fsxadmin.",
        default=None,
        check=_secret_reference,
    )
    tags: Mapping[str, str] = spec_field("Tags of the file system, besides its Name tag.", factory=dict)

    @property
    def multi_az(self) -> bool:
        return self.deployment_type in MULTI_AZ

    @property
    def pairs(self) -> int:
        """HA pairs, where the deployment type takes them (a misplaced ha_pairs is reported on its own)."""
        if self.ha_pairs is None or self.ha_pairs > MAX_HA_PAIRS.get(self.deployment_type, 1):
            return 1
        return self.ha_pairs

    @rule("deployment_type", "throughput_capacity", "throughput_capacity_per_ha_pair", "ha_pairs")
    def _throughput(self, path: str, issues: Issues) -> None:
        total, per_pair, deployment = (
            self.throughput_capacity,
            self.throughput_capacity_per_ha_pair,
            self.deployment_type,
        )
        if total is not None and per_pair is not None:
            issues.error(
                join(path, "throughput_capacity"),
                "give throughput_capacity or throughput_capacity_per_ha_pair, not both",
            )
        elif total is None and per_pair is None:
            issues.error(path, "give throughput_capacity, or ha_pairs with throughput_capacity_per_ha_pair")
        if self.ha_pairs is not None:
            if deployment not in SECOND_GENERATION:
                issues.error(join(path, "ha_pairs"), f"only applies to SINGLE_AZ_2 and MULTI_AZ_2, not {deployment}")
                return
            if self.ha_pairs > MAX_HA_PAIRS[deployment]:
                issues.error(join(path, "ha_pairs"), f"{deployment} takes 1 to {MAX_HA_PAIRS[deployment]} HA pairs")
                return
            if total is not None:
                issues.error(
                    join(path, "ha_pairs"), "goes with throughput_capacity_per_ha_pair, not throughput_capacity"
                )
        allowed = THROUGHPUT_PER_HA_PAIR[deployment]
        for name, value in (("throughput_capacity", total), ("throughput_capacity_per_ha_pair", per_pair)):
            if value is not None and value not in allowed:
                issues.error(
                    join(path, name),
                    f"{value} MBps is not offered for {deployment} (one of {', '.join(map(str, allowed))})",
                )

    @rule("deployment_type", "storage_capacity_gib", "ha_pairs")
    def _capacity(self, path: str, issues: Issues) -> None:
        low = CAPACITY_PER_HA_PAIR[0] * self.pairs
        high = min(MAX_CAPACITY[self.deployment_type], CAPACITY_PER_HA_PAIR[1] * self.pairs)
        if not low <= self.storage_capacity_gib <= high:
            pairs = f" with {self.pairs} HA pairs" if self.pairs > 1 else ""
            issues.error(
                join(path, "storage_capacity_gib"),
                f"{self.storage_capacity_gib} GiB is out of range; {self.deployment_type}{pairs} takes {low} to {high}",
            )

    @rule("deployment_type", "subnet_ids", "preferred_subnet_id", "route_table_ids", "endpoint_ip_address_range")
    def _network(self, path: str, issues: Issues) -> None:
        wanted = 2 if self.multi_az else 1
        if len(self.subnet_ids) != wanted:
            what = "two subnets in different Availability Zones" if self.multi_az else "one subnet"
            issues.error(join(path, "subnet_ids"), f"{self.deployment_type} takes {what}, got {len(self.subnet_ids)}")
        if self.multi_az:
            if self.preferred_subnet_id is None:
                issues.error(join(path, "preferred_subnet_id"), f"is required for {self.deployment_type}")
            elif self.preferred_subnet_id not in self.subnet_ids:
                issues.error(
                    join(path, "preferred_subnet_id"), f"{self.preferred_subnet_id!r} is not one of subnet_ids"
                )
            return
        for name in ("preferred_subnet_id", "route_table_ids", "endpoint_ip_address_range"):
            if getattr(self, name):
                issues.error(join(path, name), f"only applies to MULTI_AZ_1 and MULTI_AZ_2, not {self.deployment_type}")

    @rule("disk_iops", "storage_capacity_gib")
    def _iops_cover_the_capacity(self, path: str, issues: Issues) -> None:
        iops = self.disk_iops.iops if self.disk_iops else None
        floor = MIN_IOPS_PER_GIB * self.storage_capacity_gib
        if iops is not None and iops < floor:
            issues.error(join(path, "disk_iops.iops"), f"{iops} is below {floor} (3 IOPS per GiB of storage)")

    @rule("tags")
    def _tags(self, path: str, issues: Issues) -> None:
        check_tags(self.tags, join(path, "tags"), issues)


@dataclass(frozen=True, kw_only=True)
class Svm:
    name: str = spec_field(
        "Name of the storage virtual machine Trident uses (letters, digits and _; at most 47).",
        check=_pattern(_SVM_NAME, "an FSx SVM name (letters, digits and _; at most 47)"),
    )
    root_volume_security_style: Literal["UNIX", "NTFS", "MIXED"] = spec_field(
        "Security style of the SVM's root volume: UNIX for NFS and iSCSI, NTFS or MIXED with SMB.", default="UNIX"
    )
    credentials_secret: str = spec_field(
        "Name of the Secrets Manager secret tridentops creates and owns, holding {username: vsadmin, password} "
        "as Trident reads it (backends use it with credentials type awsarn). The password is generated "
        "unless given to the module, and goes only to the SVM and this secret.",
        check=_secret_name,
    )


@dataclass(frozen=True, kw_only=True)
class TridentIdentity:
    mode: Literal["irsa", "pod_identity"] = spec_field(
        "irsa: IAM roles for service accounts (trust on the cluster's OIDC provider; Trident gets cloudIdentity). "
        "pod_identity: an EKS Pod Identity association for the trident-controller ServiceAccount; leave "
        "trident.cloud_provider and cloud_identity out (Trident's operator refuses cloudProvider AWS without "
        "a cloudIdentity, and the AWS SDK in Trident's controller takes the association's credentials without either)."
    )
    role_name: str = spec_field(
        "IAM role the Trident controller assumes.", check=_pattern(_IAM_NAME, "an IAM role name (at most 64)")
    )
    policy_name: str = spec_field(
        "Customer managed IAM policy: NetApp's FSx actions for Trident and GetSecretValue on the SVM's secret only.",
        check=_pattern(_IAM_POLICY_NAME, "an IAM policy name (at most 128)"),
    )
    eks_cluster_name: str | None = spec_field(
        "EKS cluster of the Pod Identity association (pod_identity).",
        default=None,
        check=_pattern(_EKS_CLUSTER, "an EKS cluster name"),
    )
    oidc_provider_arn: str | None = spec_field(
        "ARN of the EKS cluster's IAM OIDC provider (irsa): arn:aws:iam::<account>:oidc-provider/ followed by "
        "the cluster's OIDC issuer without https://.",
        default=None,
        check=_pattern(_OIDC_PROVIDER_ARN, "an IAM OIDC provider ARN"),
    )

    @rule("mode", "eks_cluster_name", "oidc_provider_arn")
    def _mode_has_what_it_needs(self, path: str, issues: Issues) -> None:
        needed, unused = (
            ("oidc_provider_arn", "eks_cluster_name")
            if self.mode == "irsa"
            else ("eks_cluster_name", "oidc_provider_arn")
        )
        if getattr(self, needed) is None:
            issues.error(join(path, needed), f"is required with mode {self.mode}")
        if getattr(self, unused) is not None:
            issues.error(join(path, unused), f"does not apply to mode {self.mode}")


@dataclass(frozen=True, kw_only=True)
class EksAddon:
    cluster_name: str = spec_field(
        "EKS cluster to install Trident's add-on (netapp_trident-operator) in.",
        check=_pattern(_EKS_CLUSTER, "an EKS cluster name"),
    )
    version: str = spec_field(
        "Add-on version (v26.6.0-eksbuild.1), or latest: the newest the cluster's Kubernetes version is offered.",
        default="latest",
        check=lambda v: (
            None if v == "latest" or _ADDON_VERSION.match(v) else f"{v!r} is not latest or vX.Y.Z-eksbuild.N"
        ),
    )


@dataclass(frozen=True, kw_only=True)
class AwsSpec:
    # Built from its valid parts even when one is wrong, so the spec's rules across sections still run
    # (a part with errors is None in that partial model).
    validate_partially: ClassVar[bool] = True

    region: str = spec_field(
        "AWS region of the file system, the secret and the EKS cluster.", check=_pattern(_REGION, "an AWS region")
    )
    file_system: FileSystem = spec_field("The FSx for NetApp ONTAP file system.")
    svm: Svm = spec_field("The storage virtual machine Trident's backends use, and its credentials secret.")
    trident_identity: TridentIdentity | None = spec_field(
        "The IAM role Trident's controller uses for FSx and Secrets Manager, and how it gets it.", default=None
    )
    eks_addon: EksAddon | None = spec_field(
        "Install Trident with its EKS add-on (with trident.install_method eks_addon).", default=None
    )


def check_references(
    aws: AwsSpec | None, backends: tuple[Backend, ...], trident: TridentSpec | None, issues: Issues
) -> None:
    """Rules across sections: backends naming the spec's file system, Trident's identity from the aws section.

    Parts with errors of their own are None here (``trident`` too), and their rules wait for a valid part.
    """
    if aws is None and any(i.path == "aws" for i in issues.errors):
        return  # the aws section is not a mapping: already reported
    file_system: FileSystem | None = getattr(aws, "file_system", None)
    for index, backend in enumerate(backends):
        if not backend.refers_to_spec_fsx or backend.aws is None:
            continue
        where = join(join("backends", index), "aws.file_system")
        if aws is None:
            issues.error(where, "refers to the spec's aws.file_system, but the spec has no aws section")
        elif file_system is not None and backend.aws.file_system != file_system.name:
            issues.error(where, f"{backend.aws.file_system!r} is not the spec's file system ({file_system.name!r})")
    if trident is None:
        return
    identity: TridentIdentity | None = getattr(aws, "trident_identity", None)
    if identity is None:
        # An invalid trident_identity is None here too; its own errors stand until it is fixed.
        if not any(i.path.startswith("aws.trident_identity") for i in issues.errors):
            check_cloud_identity(trident, issues)
    elif identity.mode == "irsa":
        # tridentops sets cloudIdentity from the role's ARN (resolve), and cloudProvider AWS with it.
        if trident.cloud != "AWS":
            issues.error("trident.cloud_provider", "must be AWS when aws.trident_identity gives Trident its IAM role")
        if trident.cloud_identity is not None:
            issues.error(
                "trident.cloud_identity", "leave it out: tridentops sets it from the IAM role of aws.trident_identity"
            )
    else:
        # EKS Pod Identity: the agent hands the role's credentials to the trident-controller pod, where the
        # AWS SDK's default chain finds them. Trident needs neither cloudProvider nor cloudIdentity, and its
        # operator refuses cloudProvider AWS without a cloudIdentity.
        if trident.cloud_provider:
            issues.error(
                "trident.cloud_provider",
                "leave it out with aws.trident_identity mode pod_identity: EKS Pod Identity needs neither "
                "cloudProvider nor cloudIdentity, and Trident's operator refuses cloudProvider AWS without a "
                "cloudIdentity",
            )
        if trident.cloud_identity is not None:
            issues.error("trident.cloud_identity", "leave it out: EKS Pod Identity needs no cloudIdentity annotation")
    if aws is None:
        return
    if getattr(aws, "eks_addon", None) is not None and trident.install_method != "eks_addon":
        issues.error(
            "aws.eks_addon", f"only applies with trident.install_method eks_addon, not {trident.install_method}"
        )
