"""Args of the FSx for NetApp ONTAP components.

The spec has no AWS section yet, so FsxOntapStorage's args mirror the pulumi_aws inputs of the file
system and the SVM, plus what Trident needs (its namespace and how its controller gets an IAM role).
FsxTridentBackend's args are a ``backends[]`` entry with the FSx connection spelled out.
"""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads these annotations at run time.

from typing import Any, NotRequired, TypedDict

import pulumi

from .spec_args import LimitsArgs, VirtualPoolArgs


class DiskIopsArgs(TypedDict):
    """SSD IOPS of the file system."""

    mode: NotRequired[str]
    """AUTOMATIC (3 IOPS per GiB) or USER_PROVISIONED."""
    iops: NotRequired[int]
    """Provisioned IOPS (USER_PROVISIONED only)."""


class FsxOntapStorageArgs(TypedDict):
    """Args of FsxOntapStorage: an FSx for NetApp ONTAP file system and SVM ready for Trident."""

    deployment_type: str
    """MULTI_AZ_1, MULTI_AZ_2, SINGLE_AZ_1 or SINGLE_AZ_2."""
    storage_capacity: int
    """SSD capacity in GiB (1024 to 196608 for the first-generation types; more for MULTI_AZ_2 and SINGLE_AZ_2)."""
    subnet_ids: list[pulumi.Input[str]]
    """Subnets of the file system's endpoints: two for multi-AZ, one for single-AZ."""
    preferred_subnet_id: pulumi.Input[str]
    """Subnet of the active file server (one of subnet_ids)."""
    throughput_capacity: NotRequired[int]
    """Throughput in MBps (128 to 4096). Give this or throughput_capacity_per_ha_pair."""
    throughput_capacity_per_ha_pair: NotRequired[int]
    """Throughput per HA pair in MBps (second-generation types). Give this or throughput_capacity."""
    ha_pairs: NotRequired[int]
    """HA pairs: 1, or 1 to 12 for SINGLE_AZ_2."""
    route_table_ids: NotRequired[list[pulumi.Input[str]]]
    """Route tables for the floating management and data IPs (multi-AZ only)."""
    security_group_ids: NotRequired[list[pulumi.Input[str]]]
    """Security groups of the file system's interfaces (they must admit NFS/iSCSI from the nodes and HTTPS from
    the Trident controller)."""
    endpoint_ip_address_range: NotRequired[str]
    """CIDR for the multi-AZ floating IPs (AWS picks one in 198.19.0.0/16 by default)."""
    kms_key_id: NotRequired[pulumi.Input[str]]
    """KMS key encrypting the file system at rest (the AWS managed key by default)."""
    storage_type: NotRequired[str]
    """SSD (default)."""
    disk_iops_configuration: NotRequired[DiskIopsArgs]
    """SSD IOPS."""
    automatic_backup_retention_days: NotRequired[int]
    """Days to keep automatic backups (0 turns them off; 0 to 90)."""
    daily_automatic_backup_start_time: NotRequired[str]
    """HH:MM (UTC) the daily backup starts."""
    weekly_maintenance_start_time: NotRequired[str]
    """d:HH:MM (UTC) of the weekly maintenance window."""
    fsx_admin_password: NotRequired[pulumi.Input[str]]
    """Password of the file system's fsxadmin user (kept secret). Trident does not need it."""
    svm_name: NotRequired[str]
    """Name of the SVM Trident uses (letters, digits and _; at most 47). Defaults to svm_trident."""
    root_volume_security_style: NotRequired[str]
    """UNIX (default), NTFS or MIXED."""
    vsadmin_password: pulumi.Input[str]
    """Password of the SVM's vsadmin user, which Trident logs in as (kept secret; 8 to 50 characters). It goes
    to the SVM and to the Secrets Manager secret Trident reads, nowhere else."""
    secret_kms_key_id: NotRequired[pulumi.Input[str]]
    """KMS key encrypting the Secrets Manager secret (the AWS managed key by default)."""
    trident_namespace: NotRequired[str]
    """Namespace Trident runs in (the IAM trust names its trident-controller ServiceAccount). Defaults to trident."""
    oidc_provider_arn: NotRequired[pulumi.Input[str]]
    """IRSA: ARN of the EKS cluster's IAM OIDC provider. Give it with oidc_provider_url, or give eks_cluster_name."""
    oidc_provider_url: NotRequired[pulumi.Input[str]]
    """IRSA: the cluster's OIDC issuer URL (https://oidc.eks.<region>.amazonaws.com/id/<id>)."""
    eks_cluster_name: NotRequired[pulumi.Input[str]]
    """EKS Pod Identity: the cluster whose trident-controller ServiceAccount gets the role (instead of IRSA)."""
    tags: NotRequired[dict[str, pulumi.Input[str]]]
    """Tags for every AWS resource the component creates."""


class FsxTridentBackendArgs(TypedDict):
    """Args of FsxTridentBackend: a backend on an FSx for NetApp ONTAP SVM, credentials in Secrets Manager."""

    name: str
    """TridentBackendConfig name (and Trident backend name unless backend_name is set)."""
    driver: str
    """One of ontap-nas, ontap-nas-economy, ontap-nas-flexgroup, ontap-san, ontap-san-economy."""
    fsx_filesystem_id: pulumi.Input[str]
    """The file system (FsxOntapStorage.file_system_id)."""
    svm: pulumi.Input[str]
    """The SVM's name (FsxOntapStorage.svm_name)."""
    credentials_secret_arn: pulumi.Input[str]
    """Secrets Manager secret holding {"username": "vsadmin", "password": ...} (FsxOntapStorage.secret_arn)."""
    api_region: NotRequired[pulumi.Input[str]]
    """AWS region of the file system (defaults to Trident's)."""
    backend_name: NotRequired[str]
    """Trident's backend name, if it differs from name."""
    nas_type: NotRequired[str]
    """NAS protocol (NAS drivers): nfs or smb."""
    san_type: NotRequired[str]
    """SAN protocol (SAN drivers): iscsi or nvme."""
    smb_share: NotRequired[str]
    """SMB share (nas_type smb; required on FSx)."""
    nfs_mount_options: NotRequired[str]
    """NFS mount options when the class sets none."""
    storage_prefix: NotRequired[str]
    """Prefix of volume names on the SVM; cannot change later."""
    labels: NotRequired[dict[str, str]]
    """Labels every pool of this backend offers."""
    defaults: NotRequired[dict[str, Any]]
    """Volume defaults, with Trident's names."""
    virtual_pools: NotRequired[list[VirtualPoolArgs]]
    """Virtual pools (Trident's storage list)."""
    limits: NotRequired[LimitsArgs]
    """Size and density limits."""
    deletion_policy: NotRequired[str]
    """delete (default) or retain: retain keeps the Trident backend when the TridentBackendConfig is deleted."""
    trident_namespace: NotRequired[str]
    """Namespace Trident runs in; the TridentBackendConfig goes there. Defaults to trident."""
    stack: NotRequired[str]
    """Value of the tridentops.io/stack label. Defaults to default."""
