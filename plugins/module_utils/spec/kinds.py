"""REST coordinates of every kind tridentops renders or reads, so clients need no API discovery."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    api_version: str
    kind: str
    plural: str
    namespaced: bool

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0]

    def collection_path(self, namespace: str | None = None) -> str:
        base = f"/apis/{self.api_version}" if "/" in self.api_version else f"/api/{self.api_version}"
        if self.namespaced and namespace:
            return f"{base}/namespaces/{namespace}/{self.plural}"
        return f"{base}/{self.plural}"

    def object_path(self, name: str, namespace: str | None = None) -> str:
        return f"{self.collection_path(namespace)}/{name}"


# Every kind by name: import these (``from ...spec.kinds import STORAGE_CLASS``), never write one again.
NAMESPACE = Kind("v1", "Namespace", "namespaces", False)
SECRET = Kind("v1", "Secret", "secrets", True)
SERVICE_ACCOUNT = Kind("v1", "ServiceAccount", "serviceaccounts", True)
CONFIG_MAP = Kind("v1", "ConfigMap", "configmaps", True)
SERVICE = Kind("v1", "Service", "services", True)
PV = Kind("v1", "PersistentVolume", "persistentvolumes", False)
PVC = Kind("v1", "PersistentVolumeClaim", "persistentvolumeclaims", True)
RESOURCE_QUOTA = Kind("v1", "ResourceQuota", "resourcequotas", True)
LIMIT_RANGE = Kind("v1", "LimitRange", "limitranges", True)
DEPLOYMENT = Kind("apps/v1", "Deployment", "deployments", True)
CRD = Kind("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", False)
CLUSTER_ROLE = Kind("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", False)
CLUSTER_ROLE_BINDING = Kind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", False)
ROLE = Kind("rbac.authorization.k8s.io/v1", "Role", "roles", True)
ROLE_BINDING = Kind("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", True)
STORAGE_CLASS = Kind("storage.k8s.io/v1", "StorageClass", "storageclasses", False)
VOLUME_SNAPSHOT_CLASS = Kind("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", "volumesnapshotclasses", False)
VOLUME_SNAPSHOT = Kind("snapshot.storage.k8s.io/v1", "VolumeSnapshot", "volumesnapshots", True)
VOLUME_SNAPSHOT_CONTENT = Kind("snapshot.storage.k8s.io/v1", "VolumeSnapshotContent", "volumesnapshotcontents", False)
TORC = Kind("trident.netapp.io/v1", "TridentOrchestrator", "tridentorchestrators", False)
TBC = Kind("trident.netapp.io/v1", "TridentBackendConfig", "tridentbackendconfigs", True)
TRIDENT_BACKEND = Kind("trident.netapp.io/v1", "TridentBackend", "tridentbackends", True)
TRIDENT_VOLUME = Kind("trident.netapp.io/v1", "TridentVolume", "tridentvolumes", True)
TRIDENT_VERSION = Kind("trident.netapp.io/v1", "TridentVersion", "tridentversions", True)
TMR = Kind("trident.netapp.io/v1", "TridentMirrorRelationship", "tridentmirrorrelationships", True)
TAMU = Kind("trident.netapp.io/v1", "TridentActionMirrorUpdate", "tridentactionmirrorupdates", True)
TASR = Kind("trident.netapp.io/v1", "TridentActionSnapshotRestore", "tridentactionsnapshotrestores", True)
TRIDENT_SNAPSHOT_INFO = Kind("trident.netapp.io/v1", "TridentSnapshotInfo", "tridentsnapshotinfos", True)
TVR = Kind("trident.netapp.io/v1", "TridentVolumeReference", "tridentvolumereferences", True)
TRIDENT_SNAPSHOT = Kind("trident.netapp.io/v1", "TridentSnapshot", "tridentsnapshots", True)
# Trident 26.02 and later; cluster-scoped (short names tap, tagp).
TAP = Kind("trident.netapp.io/v1", "TridentAutogrowPolicy", "tridentautogrowpolicies", False)
POD = Kind("v1", "Pod", "pods", True)
EVENT = Kind("v1", "Event", "events", True)
# Trident protect
APPVAULT = Kind("protect.trident.netapp.io/v1", "AppVault", "appvaults", True)
APPLICATION = Kind("protect.trident.netapp.io/v1", "Application", "applications", True)
SNAPSHOT = Kind("protect.trident.netapp.io/v1", "Snapshot", "snapshots", True)
BACKUP = Kind("protect.trident.netapp.io/v1", "Backup", "backups", True)
SCHEDULE = Kind("protect.trident.netapp.io/v1", "Schedule", "schedules", True)
BACKUP_RESTORE = Kind("protect.trident.netapp.io/v1", "BackupRestore", "backuprestores", True)
BACKUP_INPLACE_RESTORE = Kind("protect.trident.netapp.io/v1", "BackupInplaceRestore", "backupinplacerestores", True)
SNAPSHOT_RESTORE = Kind("protect.trident.netapp.io/v1", "SnapshotRestore", "snapshotrestores", True)
SNAPSHOT_INPLACE_RESTORE = Kind(
    "protect.trident.netapp.io/v1", "SnapshotInplaceRestore", "snapshotinplacerestores", True
)
# The Trident protect kinds tridentops renders or reads.
PROTECT_KINDS: tuple[Kind, ...] = (
    APPVAULT,
    APPLICATION,
    SNAPSHOT,
    BACKUP,
    SCHEDULE,
    BACKUP_RESTORE,
    BACKUP_INPLACE_RESTORE,
    SNAPSHOT_RESTORE,
    SNAPSHOT_INPLACE_RESTORE,
)
# Every kind the Trident protect chart registers that its documentation describes: the CRDs render_protect
# installs (install_method manifests), in the chart's order.
PROTECT_CRD_KINDS: tuple[Kind, ...] = (
    *PROTECT_KINDS,
    Kind("protect.trident.netapp.io/v1", "AppMirrorRelationship", "appmirrorrelationships", True),
    Kind("protect.trident.netapp.io/v1", "ShutdownSnapshot", "shutdownsnapshots", True),
    Kind("protect.trident.netapp.io/v1", "ExecHook", "exechooks", True),
    Kind("protect.trident.netapp.io/v1", "ExecHooksRun", "exechooksruns", True),
    Kind("protect.trident.netapp.io/v1", "ResourceBackup", "resourcebackups", True),
    Kind("protect.trident.netapp.io/v1", "AutoSupportBundle", "autosupportbundles", True),
)
# prometheus-operator
SERVICE_MONITOR = Kind("monitoring.coreos.com/v1", "ServiceMonitor", "servicemonitors", True)
PROMETHEUS_RULE = Kind("monitoring.coreos.com/v1", "PrometheusRule", "prometheusrules", True)
# The claim on a stack name (_ops/claim.py); never rendered, so not in KINDS.
LEASE = Kind("coordination.k8s.io/v1", "Lease", "leases", True)

_KINDS = [
    NAMESPACE,
    SECRET,
    SERVICE_ACCOUNT,
    CONFIG_MAP,
    SERVICE,
    PV,
    PVC,
    RESOURCE_QUOTA,
    LIMIT_RANGE,
    DEPLOYMENT,
    CRD,
    CLUSTER_ROLE,
    CLUSTER_ROLE_BINDING,
    ROLE,
    ROLE_BINDING,
    STORAGE_CLASS,
    VOLUME_SNAPSHOT_CLASS,
    VOLUME_SNAPSHOT,
    VOLUME_SNAPSHOT_CONTENT,
    TORC,
    TBC,
    TRIDENT_BACKEND,
    TRIDENT_VOLUME,
    TRIDENT_VERSION,
    TMR,
    TAMU,
    TASR,
    TRIDENT_SNAPSHOT_INFO,
    TVR,
    TRIDENT_SNAPSHOT,
    TAP,
    POD,
    EVENT,
    *PROTECT_KINDS,
    SERVICE_MONITOR,
    PROMETHEUS_RULE,
]
KINDS: Mapping[tuple[str, str], Kind] = {(k.api_version, k.kind): k for k in _KINDS}


def kind_of(obj: Mapping[str, Any]) -> Kind:
    key = (obj["apiVersion"], obj["kind"])
    if key not in KINDS:
        raise KeyError(f"tridentops does not know the REST path of {key[1]} ({key[0]})")
    return KINDS[key]


def open_crd(kind: Kind, labels: Mapping[str, str], short_names: tuple[str, ...] = ()) -> dict[str, Any]:
    """A CustomResourceDefinition serving ``kind`` at its one version with an open schema (the API server keeps
    every field) and a status subresource: how tridentops registers an operator's kinds before the operator runs."""
    group, version = kind.group, kind.api_version.rpartition("/")[2]
    names: dict[str, Any] = {
        "kind": kind.kind,
        "listKind": f"{kind.kind}List",
        "plural": kind.plural,
        "singular": kind.kind.lower(),
    }
    if short_names:
        names["shortNames"] = list(short_names)
    return {
        "apiVersion": CRD.api_version,
        "kind": CRD.kind,
        "metadata": {"name": f"{kind.plural}.{group}", "labels": dict(labels)},
        "spec": {
            "group": group,
            "names": names,
            "scope": "Namespaced" if kind.namespaced else "Cluster",
            "versions": [
                {
                    "name": version,
                    "served": True,
                    "storage": True,
                    "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}},
                    "subresources": {"status": {}},
                }
            ],
        },
    }


def object_ref(kind: str, namespace: str, name: str) -> str:
    """How ``adopt`` names an object: ``Kind/name``, or ``Kind/namespace/name`` for a namespaced one."""
    return f"{kind}/{namespace}/{name}" if namespace else f"{kind}/{name}"
