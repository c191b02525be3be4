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


_KINDS = [
    Kind("v1", "Namespace", "namespaces", False),
    Kind("v1", "Secret", "secrets", True),
    Kind("v1", "ServiceAccount", "serviceaccounts", True),
    Kind("v1", "ConfigMap", "configmaps", True),
    Kind("v1", "Service", "services", True),
    Kind("v1", "PersistentVolume", "persistentvolumes", False),
    Kind("v1", "PersistentVolumeClaim", "persistentvolumeclaims", True),
    Kind("v1", "ResourceQuota", "resourcequotas", True),
    Kind("v1", "LimitRange", "limitranges", True),
    Kind("apps/v1", "Deployment", "deployments", True),
    Kind("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", False),
    Kind("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", False),
    Kind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", False),
    Kind("rbac.authorization.k8s.io/v1", "Role", "roles", True),
    Kind("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", True),
    Kind("storage.k8s.io/v1", "StorageClass", "storageclasses", False),
    Kind("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", "volumesnapshotclasses", False),
    Kind("snapshot.storage.k8s.io/v1", "VolumeSnapshot", "volumesnapshots", True),
    Kind("snapshot.storage.k8s.io/v1", "VolumeSnapshotContent", "volumesnapshotcontents", False),
    Kind("trident.netapp.io/v1", "TridentOrchestrator", "tridentorchestrators", False),
    Kind("trident.netapp.io/v1", "TridentBackendConfig", "tridentbackendconfigs", True),
    Kind("trident.netapp.io/v1", "TridentBackend", "tridentbackends", True),
    Kind("trident.netapp.io/v1", "TridentVolume", "tridentvolumes", True),
    Kind("trident.netapp.io/v1", "TridentVersion", "tridentversions", True),
    Kind("trident.netapp.io/v1", "TridentMirrorRelationship", "tridentmirrorrelationships", True),
    Kind("trident.netapp.io/v1", "TridentActionMirrorUpdate", "tridentactionmirrorupdates", True),
    Kind("trident.netapp.io/v1", "TridentActionSnapshotRestore", "tridentactionsnapshotrestores", True),
    Kind("trident.netapp.io/v1", "TridentSnapshotInfo", "tridentsnapshotinfos", True),
    Kind("trident.netapp.io/v1", "TridentVolumeReference", "tridentvolumereferences", True),
    Kind("trident.netapp.io/v1", "TridentSnapshot", "tridentsnapshots", True),
    Kind("v1", "Pod", "pods", True),
    Kind("v1", "Event", "events", True),
    # Trident protect
    Kind("protect.trident.netapp.io/v1", "AppVault", "appvaults", True),
    Kind("protect.trident.netapp.io/v1", "Application", "applications", True),
    Kind("protect.trident.netapp.io/v1", "Snapshot", "snapshots", True),
    Kind("protect.trident.netapp.io/v1", "Backup", "backups", True),
    Kind("protect.trident.netapp.io/v1", "Schedule", "schedules", True),
    Kind("protect.trident.netapp.io/v1", "BackupRestore", "backuprestores", True),
    Kind("protect.trident.netapp.io/v1", "BackupInplaceRestore", "backupinplacerestores", True),
    Kind("protect.trident.netapp.io/v1", "SnapshotRestore", "snapshotrestores", True),
    Kind("protect.trident.netapp.io/v1", "SnapshotInplaceRestore", "snapshotinplacerestores", True),
    # prometheus-operator
    Kind("monitoring.coreos.com/v1", "ServiceMonitor", "servicemonitors", True),
    Kind("monitoring.coreos.com/v1", "PrometheusRule", "prometheusrules", True),
]
KINDS: Mapping[tuple[str, str], Kind] = {(k.api_version, k.kind): k for k in _KINDS}


def kind_of(obj: Mapping[str, Any]) -> Kind:
    key = (obj["apiVersion"], obj["kind"])
    if key not in KINDS:
        raise KeyError(f"tridentops does not know the REST path of {key[1]} ({key[0]})")
    return KINDS[key]
