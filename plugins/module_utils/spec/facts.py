"""Facts about Trident that validation and rendering rely on, in one place.

Source: Trident's code and documentation up to release 26.06 (see the project's API reference).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CSI_DRIVER = "csi.trident.netapp.io"
TRIDENT_GROUP = "trident.netapp.io"
DEFAULT_VERSION = "26.06.0"
DEFAULT_NAMESPACE = "trident"
DEFAULT_REGISTRY = "docker.io/netapp"
# Where Kubernetes' CSI sidecar images come from (config/config.go KubernetesCSISidecarRegistry).
SIDECAR_REGISTRY = "registry.k8s.io/sig-storage"
# The operator's imagePullPolicy when the TridentOrchestrator leaves it out (installer/config.go).
DEFAULT_IMAGE_PULL_POLICY = "IfNotPresent"
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

# TridentOrchestrator fields that appeared after the oldest release we support: the first release whose
# TridentOrchestratorSpec (operator/crd/apis/netapp/v1/types.go at each tag) has the field. The 36 others are
# in 24.06.0 already; 25.10.0 -> 26.06.0 adds none.
TORC_FIELD_SINCE: dict[str, str] = {
    "nodePrep": "24.10",
    "k8sAPIQPS": "24.10",
    "enableAutoBackendConfig": "25.02",
    "excludeAutosupport": "25.06",
    "fsGroupPolicy": "25.06",
    "enableConcurrency": "25.06",
    "skipCRDsToObliviate": "25.06",
    "httpsMetrics": "25.10",
    "hostNetwork": "25.10",
    "resources": "25.10",
}
# Drivers whose backends Trident's concurrent core (enableConcurrency) accepts, from the release that added each
# (core/concurrent_core.go supportedBackends @v25.06.0:60 and @v25.10.0:67; config/config.go ConcurrentBackends
# @v26.02.0:424 and @v26.06.0:443); others are refused: "backend type <driver> is not yet supported by concurrent
# Trident". ontap-nas-flexgroup never is.
CONCURRENT_DRIVERS_SINCE: dict[str, str] = {
    "ontap-san": "25.06",
    "ontap-nas": "25.10",
    "ontap-nas-economy": "26.02",
    "ontap-san-economy": "26.02",
}

# The operator reads per-sidecar image references from its environment from 25.02 (operator/config/config.go).
SIDECAR_IMAGE_ENV_SINCE = "25.02"
SIDECAR_IMAGE_ENV: dict[str, str] = {
    "provisioner": "TRIDENT_CSI_SIDECAR_PROVISIONER_IMAGE",
    "attacher": "TRIDENT_CSI_SIDECAR_ATTACHER_IMAGE",
    "resizer": "TRIDENT_CSI_SIDECAR_RESIZER_IMAGE",
    "snapshotter": "TRIDENT_CSI_SIDECAR_SNAPSHOTTER_IMAGE",
    "node_driver_registrar": "TRIDENT_CSI_SIDECAR_NODE_DRIVER_REGISTRAR_IMAGE",
    "liveness_probe": "TRIDENT_CSI_SIDECAR_LIVENESS_PROBE_IMAGE",
}

# resources (25.10+): the containers of each pod (config/config.go IsValid*ContainerName) and the operator's
# default requests (cpu, memory) it merges a TridentOrchestrator's values over (config.DefaultResources;
# the same at 25.10.0 and 26.06.0; no default limits).
RESOURCE_CONTAINERS: dict[str, tuple[str, ...]] = {
    "Controller": (
        "trident-main",
        "csi-provisioner",
        "csi-attacher",
        "csi-resizer",
        "csi-snapshotter",
        "trident-autosupport",
    ),
    "NodeLinux": ("trident-main", "node-driver-registrar"),
    "NodeWindows": ("trident-main", "node-driver-registrar", "liveness-probe"),
}
DEFAULT_RESOURCE_REQUESTS: dict[str, dict[str, tuple[str, str]]] = {
    "Controller": {
        "trident-main": ("10m", "80Mi"),
        "csi-provisioner": ("2m", "20Mi"),
        "csi-attacher": ("2m", "20Mi"),
        "csi-resizer": ("3m", "20Mi"),
        "csi-snapshotter": ("2m", "20Mi"),
        "trident-autosupport": ("1m", "30Mi"),
    },
    "NodeLinux": {"trident-main": ("10m", "60Mi"), "node-driver-registrar": ("1m", "10Mi")},
    "NodeWindows": {
        "trident-main": ("10m", "60Mi"),
        "node-driver-registrar": ("6m", "40Mi"),
        "liveness-probe": ("2m", "40Mi"),
    },
}


@dataclass(frozen=True)
class ReleaseImages:
    """The images a Trident release runs, before a TridentOrchestrator's overrides. Sidecars are name:tag under
    SIDECAR_REGISTRY; autosupport is a full reference."""

    provisioner: str
    attacher: str
    resizer: str
    snapshotter: str
    node_driver_registrar: str
    liveness_probe: str
    autosupport: str
    # The Windows node pods' registrar where it differs from the Linux one (24.10 only).
    windows_node_driver_registrar: str | None = None


def _images(
    tags: tuple[str, str, str, str, str, str], autosupport: str, windows_registrar: str | None = None
) -> ReleaseImages:
    names = (
        "csi-provisioner",
        "csi-attacher",
        "csi-resizer",
        "csi-snapshotter",
        "csi-node-driver-registrar",
        "livenessprobe",
    )
    refs = [f"{name}:{tag}" for name, tag in zip(names, tags, strict=True)]
    provisioner, attacher, resizer, snapshotter, registrar, liveness = refs
    return ReleaseImages(
        provisioner=provisioner,
        attacher=attacher,
        resizer=resizer,
        snapshotter=snapshotter,
        node_driver_registrar=registrar,
        liveness_probe=liveness,
        autosupport=f"docker.io/netapp/trident-autosupport:{autosupport}",
        windows_node_driver_registrar=f"csi-node-driver-registrar:{windows_registrar}" if windows_registrar else None,
    )


# Per release tag: 24.x from cli/k8s_client/yaml_factory.go (sidecars as {CSI_SIDECAR_REGISTRY}/name:tag literals;
# 24.06.0 lines 648, 668, 686, 699, 1023, 1227, 1267; 24.10.0 lines 635, 655, 674, 688, 1071, 1275, 1315), 25.02 on
# from config/config.go (CSISidecar*ImageTag); autosupport from config/config.go DefaultAutosupportImage.
IMAGES: dict[str, ReleaseImages] = {
    "24.06.0": _images(("v4.0.1", "v4.6.0", "v1.11.0", "v7.0.2", "v2.10.0", "v2.5.0"), "24.06"),
    "24.06.1": _images(("v4.0.1", "v4.6.0", "v1.11.0", "v7.0.2", "v2.10.0", "v2.5.0"), "24.06"),
    "24.10.0": _images(("v5.1.0", "v4.7.0", "v1.12.0", "v8.1.0", "v2.12.0", "v2.5.0"), "24.10", "v2.10.0"),
    "24.10.1": _images(("v5.1.0", "v4.7.0", "v1.12.0", "v8.1.0", "v2.12.0", "v2.5.0"), "24.10", "v2.10.0"),
    "25.02.0": _images(("v5.2.0", "v4.8.0", "v1.13.1", "v8.2.0", "v2.13.0", "v2.9.0"), "25.02"),
    "25.02.1": _images(("v5.2.0", "v4.8.0", "v1.13.1", "v8.2.0", "v2.13.0", "v2.9.0"), "25.02"),
    "25.06.0": _images(("v5.2.0", "v4.8.1", "v1.13.2", "v8.2.1", "v2.13.0", "v2.15.0"), "25.06"),
    "25.06.1": _images(("v5.2.0", "v4.8.1", "v1.13.2", "v8.2.1", "v2.13.0", "v2.15.0"), "25.06"),
    "25.06.2": _images(("v5.2.0", "v4.8.1", "v1.13.2", "v8.2.1", "v2.13.0", "v2.15.0"), "25.06"),
    "25.06.3": _images(("v5.2.0", "v4.8.1", "v1.13.2", "v8.2.1", "v2.13.0", "v2.15.0"), "25.06"),
    "25.10.0": _images(("v5.3.0", "v4.10.0", "v1.14.0", "v8.3.0", "v2.15.0", "v2.15.0"), "25.10"),
    "26.02.0": _images(("v6.1.0", "v4.10.0", "v2.0.0", "v8.5.0", "v2.15.0", "v2.17.0"), "26.02"),
    "26.02.1": _images(("v6.2.0", "v4.11.0", "v2.1.0", "v8.5.0", "v2.16.0", "v2.18.0"), "26.02"),
    "26.06.0": _images(("v6.3.0", "v4.11.0", "v2.1.0", "v8.6.0", "v2.17.0", "v2.19.0"), "26.06"),
}
# 24.06's Astra Control Provisioner sidecar, run only with enableACP (config/config.go@v24.06.0); 24.10 on ignore it.
ACP_IMAGE_24_06 = "cr.astra.netapp.io/astra/trident-acp:24.06.0"

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

# logLevel as Trident reads it (logrus ParseLevel in logging.InitLogLevel).
LOG_LEVELS = Literal["trace", "debug", "info", "warn", "warning", "error", "fatal", "panic"]
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
# Which claimant (a stack's spec, or a per-resource module) applied an object (_ops/claim.py).
SPEC_ANNOTATION = "tridentops.io/spec"
STACK_LABEL = "tridentops.io/stack"


def reserved_label(key: str) -> bool:
    """Labels tridentops sets on what it renders, which a spec may not set itself."""
    return key == MANAGED_BY_LABEL or key.startswith("tridentops.io/")
