"""Facts about Trident that validation and rendering rely on, in one place.

Source: Trident's code and documentation up to release 26.06 (see the project's API reference).
"""

from __future__ import annotations

from typing import Literal

CSI_DRIVER = "csi.trident.netapp.io"
TRIDENT_GROUP = "trident.netapp.io"
DEFAULT_VERSION = "26.06.0"
DEFAULT_NAMESPACE = "trident"
DEFAULT_REGISTRY = "docker.io/netapp"
ORCHESTRATOR_NAME = "trident"
OPERATOR_NAME = "trident-operator"
CONTROLLER_SERVICE_ACCOUNT = "trident-controller"

Driver = Literal["ontap-nas", "ontap-nas-economy", "ontap-nas-flexgroup", "ontap-san", "ontap-san-economy"]
ONTAP_DRIVERS: tuple[str, ...] = (
    "ontap-nas",
    "ontap-nas-economy",
    "ontap-nas-flexgroup",
    "ontap-san",
    "ontap-san-economy",
)
NAS_DRIVERS = frozenset({"ontap-nas", "ontap-nas-economy", "ontap-nas-flexgroup"})
SAN_DRIVERS = frozenset({"ontap-san", "ontap-san-economy"})
# Every storageDriverName Trident knows, for a class's backendType (it may select backends
# this spec does not manage).
ALL_TRIDENT_DRIVERS: tuple[str, ...] = (
    *ONTAP_DRIVERS,
    "solidfire-san",
    "azure-netapp-files",
    "google-cloud-netapp-volumes",
    "google-cloud-netapp-volumes-san",
)

NasType = Literal["nfs", "smb"]
SanType = Literal["iscsi", "nvme", "fcp"]
# sanType fcp arrived in 24.10 (storage/factory/factory.go at v24.06.0 knows iscsi and nvme only).
FCP_SINCE = "24.10"
# Backend keys (Trident's JSON names) that appeared after the oldest release tridentops supports: the first tag
# whose storage_drivers/types.go has them. useBalancedPlacement is both a backend and a virtual pool key.
BACKEND_FIELD_SINCE: dict[str, str] = {"denyNewVolumePools": "24.10", "useBalancedPlacement": "26.06"}
# Virtual pool keys that a release dropped: up to 26.02 OntapStorageDriverPool had nasType and sanType (a pool
# could offer its own protocol); 26.06 moved both to the backend, so a pool's copy is read by nothing.
POOL_FIELD_UNTIL: dict[str, str] = {"nasType": "26.02", "sanType": "26.02"}
# Volume defaults that appeared after the oldest release (OntapStorageDriverConfigDefaults).
DEFAULT_KEY_SINCE: dict[str, str] = {"formatOptions": "24.10", "skipRecoveryQueue": "25.02", "adAdminUser": "25.06"}

# Inclusive ranges Trident enforces.
QTREES_PER_FLEXVOL = (50, 300)  # ontap-nas-economy
LUNS_PER_FLEXVOL = (50, 200)  # ontap-san-economy
SNAPSHOT_RESERVE = (0, 90)
MIN_K8S_API_QPS = 10
# Go int fields of Trident's CRs are read from JSON; the spec keeps integers within 32 bits.
MAX_INT32 = 2**31 - 1

# Trident releases this tool knows, with the Kubernetes range each supports.
RELEASES: dict[str, tuple[str, str]] = {
    "24.06": ("1.24", "1.30"),
    "24.10": ("1.25", "1.31"),
    "25.02": ("1.26", "1.32"),
    "25.06": ("1.27", "1.33"),
    "25.10": ("1.27", "1.34"),
    "26.02": ("1.27", "1.35"),
    "26.06": ("1.27", "1.36"),
}
OLDEST_RELEASE = "24.06"

# TridentOrchestrator fields that appeared after the oldest release we support.
TORC_FIELD_SINCE: dict[str, str] = {
    "nodePrep": "24.10",
    "k8sAPIQPS": "24.10",
    "excludeAutosupport": "25.06",
    "fsGroupPolicy": "25.06",
    "enableConcurrency": "25.06",
    "httpsMetrics": "25.10",
    "hostNetwork": "25.10",
}

# Install-time checks of the operator (installer.go, setInstallationParams): values it refuses with
# status Failed, then retries the CR until it changes.
# nodePrep: at most one protocol, and that one iscsi (internal/nodeprep/protocol, 24.10 and later).
NODE_PREP_PROTOCOLS = ("iscsi",)
# cloudProvider: the operator of 24.06 knows AWS and Azure; GCP is known from 24.10.
CLOUD_PROVIDER_SINCE: dict[str, str] = {"GCP": "24.10"}

# Keys of a backend's (or virtual pool's) `defaults` section for ONTAP drivers, with the
# values Trident accepts where it restricts them.
BOOL_STRINGS = ("true", "false")
# Spellings Go's strconv.ParseBool reads (Trident parses its string booleans with it).
PARSE_BOOL = ("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False")
ONTAP_DEFAULTS: dict[str, tuple[str, ...] | None] = {
    "spaceAllocation": PARSE_BOOL,
    "spaceReserve": ("none", "volume"),
    "snapshotPolicy": None,
    "snapshotReserve": None,  # checked as an integer percentage
    "snapshotDir": PARSE_BOOL,
    "unixPermissions": None,
    "exportPolicy": None,
    "securityStyle": ("unix", "ntfs", "mixed"),
    "splitOnClone": PARSE_BOOL,
    "fileSystemType": ("ext3", "ext4", "xfs", "raw"),  # lower-cased by Trident; checked for SAN drivers only
    "encryption": PARSE_BOOL,
    "LUKSEncryption": PARSE_BOOL,
    "mirroring": PARSE_BOOL,
    "tieringPolicy": ("snapshot-only", "auto", "none", "backup", "all"),
    "qosPolicy": None,
    "adaptiveQosPolicy": None,
    "formatOptions": None,
    "skipRecoveryQueue": PARSE_BOOL,
    "adAdminUser": None,
    "size": None,  # checked as a quantity
    "nameTemplate": None,
}

# Default keys whose value Trident lower-cases before checking it.
CASE_INSENSITIVE_DEFAULTS = frozenset({"fileSystemType"})
# Security styles Trident accepts for each nasType (in every pool of a NAS backend).
SECURITY_STYLES: dict[str, tuple[str, ...]] = {"nfs": ("mixed", "unix"), "smb": ("mixed", "ntfs")}
# Drivers whose pools may set LUKSEncryption true.
LUKS_DRIVERS: tuple[str, ...] = ("ontap-san", "ontap-san-economy")
# storagePrefix patterns (empty allowed): economy drivers may start with a digit, the others may not.
STORAGE_PREFIX = r"[a-zA-Z_.-][a-zA-Z0-9_.-]*"
STORAGE_PREFIX_ECONOMY = r"[a-zA-Z0-9_.-]*"

# StorageClass attributes Trident accepts (keys may carry the prefix trident.netapp.io/).
# On any other key (see SC_SKIPPED_PARAMETERS) Trident leaves the whole class out, so validation rejects it first.
SC_BOOL_ATTRIBUTES = ("snapshots", "clones", "encryption", "replication")
# Spellings Go's strconv.ParseBool reads, which Trident uses for boolean attributes.
GO_TRUE = ("1", "t", "T", "TRUE", "true", "True")
GO_FALSE = ("0", "f", "F", "FALSE", "false", "False")
SC_CHOICE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "provisioningType": ("thin", "thick"),
    "backendType": ALL_TRIDENT_DRIVERS,
    "media": ("hdd", "ssd", "hybrid"),
    "nasType": ("nfs", "smb"),
    "sanType": ("iscsi", "nvme", "fcp"),
}
SC_STRING_ATTRIBUTES = ("region", "zone")
SC_INT_ATTRIBUTES = ("IOPS",)
# labelType attributes (storage_attribute/common_attributes.go@v26.06.0:61-80): a selector matched against the
# pool's labels; the class's selector parameter is the other one, which the spec has a field for.
SC_LABEL_ATTRIBUTES = ("labels",)
SC_ATTRIBUTES: tuple[str, ...] = tuple(
    sorted(
        (*SC_BOOL_ATTRIBUTES, *SC_CHOICE_ATTRIBUTES, *SC_STRING_ATTRIBUTES, *SC_INT_ATTRIBUTES, *SC_LABEL_ATTRIBUTES),
        key=str.lower,
    )
)
# Parameters Trident's StorageClass handling skips before reading attributes: exactly this key (the
# CSI provisioner's old spelling of the file system) and every key under CSI_PARAMETER_PREFIX.
SC_SKIPPED_PARAMETERS = ("fsType",)
TRIDENT_PARAMETER_PREFIX = "trident.netapp.io/"
CSI_PARAMETER_PREFIX = "csi.storage.k8s.io/"

# What an ONTAP pool offers for each attribute (storage_class matching). Media depends on the
# aggregates and is unknown until Trident talks to the array, so it is not checked here.
BOOL_OFFERS: dict[str, dict[str, bool]] = {
    "ontap-nas": {"snapshots": True, "clones": True, "encryption": True},
    "ontap-nas-economy": {"snapshots": False, "clones": False, "encryption": True, "replication": False},
    "ontap-nas-flexgroup": {"snapshots": True, "clones": True, "encryption": True, "replication": False},
    "ontap-san": {"snapshots": True, "clones": True, "encryption": True},
    "ontap-san-economy": {"snapshots": True, "clones": True, "encryption": True, "replication": False},
}

LOG_LEVELS = Literal["trace", "debug", "info", "warn", "error", "fatal"]
PULL_POLICIES = Literal["Always", "IfNotPresent", "Never"]
CLOUD_PROVIDERS = Literal["AWS", "Azure", "GCP"]
# The key a cloudIdentity must hold: required for AWS and GCP, optional for Azure (cloudIdentityPrechecks).
CLOUD_IDENTITY_PREFIX: dict[str, str] = {
    "AWS": "eks.amazonaws.com/role-arn:",
    "Azure": "azure.workload.identity/client-id:",
    "GCP": "iam.gke.io/gcp-service-account:",
}

# StorageClass/VolumeSnapshotClass default-class annotations.
DEFAULT_SC_ANNOTATION = "storageclass.kubernetes.io/is-default-class"
DEFAULT_VSC_ANNOTATION = "snapshot.storage.kubernetes.io/is-default-class"

# Labels tridentops puts on everything it renders, so prune and info can find them.
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
MANAGED_BY_VALUE = "tridentops"
STACK_LABEL = "tridentops.io/stack"


def reserved_label(key: str) -> bool:
    """Labels tridentops sets on what it renders, which a spec may not set itself."""
    return key == MANAGED_BY_LABEL or key.startswith("tridentops.io/")
