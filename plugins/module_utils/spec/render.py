"""Render a validated spec to Kubernetes objects, in stages that must be applied in order.

Rendering is a pure function of the spec: same spec, same objects, same bytes. Stages:

1. ``trident``  namespace, TridentOrchestrator CRD, operator RBAC and Deployment, TridentOrchestrator;
   then wait until the operator reports ``Installed`` (it registers Trident's other CRDs).
2. ``backends`` credential Secrets, then TridentBackendConfigs; then wait for ``Bound``/``Success``.
3. ``classes``  TridentAutogrowPolicies (which classes name), StorageClasses, then VolumeSnapshotClasses.
4. ``addons``   team namespaces with their quotas, Trident protect (installation, AppVaults, Applications,
   Schedules), the ServiceMonitor and PrometheusRule (``render_addons``); then, with protect, wait until its
   controller and CRDs are there and every AppVault is Available.
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from . import facts
from .backend import Backend, VirtualPool, default_string
from .classes import SnapshotClassSpec, StorageClassSpec
from .render_addons import STAGE as ADDONS
from .render_addons import addon_objects, protect_wait
from .render_autogrow import autogrow_objects
from .render_aws import require_resolved
from .render_trident import K8sObject, install_objects, object_metadata
from .stack import StorageSpec

MASK = "********"
# trident-installed: the TridentOrchestrator reports Installed (operator, EKS add-on).
# trident-crds: Trident's CRDs are registered (Trident installed by other tooling, maybe without an operator).
# backends-bound: every TridentBackendConfig is Bound with lastOperationStatus Success.
# protect-ready: Trident protect's CRDs are registered (and its controller Deployment exists when tridentops
# installs it), every AppVault reports Available.
WaitFor = Literal["trident-installed", "trident-crds", "backends-bound", "protect-ready"]


@dataclass(frozen=True)
class Stage:
    name: str
    objects: tuple[K8sObject, ...]
    wait: WaitFor | None = None


@dataclass(frozen=True)
class RenderedStack:
    stages: tuple[Stage, ...]

    @property
    def objects(self) -> list[K8sObject]:
        return [obj for stage in self.stages for obj in stage.objects]


def managed_labels(spec: StorageSpec) -> dict[str, str]:
    return stack_labels(spec.name)


def stack_labels(name: str) -> dict[str, str]:
    """The labels every object of stack ``name`` carries (the per-resource modules' objects too)."""
    return {facts.MANAGED_BY_LABEL: facts.MANAGED_BY_VALUE, facts.STACK_LABEL: name}


def render(spec: StorageSpec) -> RenderedStack:
    # A backend naming the spec's aws.file_system has no file system id or secret ARN until resolve() fills them.
    require_resolved(spec)
    labels = managed_labels(spec)
    ns = spec.trident.namespace
    secrets = [credentials_secret(b, ns, labels) for b in spec.backends if b.credentials.inline]
    # Only a spec with namespaces, protect or monitoring has the fourth stage.
    addons = addon_objects(spec, labels)
    extra = (Stage(ADDONS, tuple(addons), "protect-ready" if protect_wait(spec) else None),) if addons else ()
    return RenderedStack(
        (
            Stage("trident", tuple(install_objects(spec.trident, labels)), trident_wait(spec)),
            Stage("backends", (*secrets, *(backend_config(b, ns, labels) for b in spec.backends)), "backends-bound"),
            Stage(
                "classes",
                (
                    *autogrow_objects(spec.autogrow_policies, labels),
                    *(storage_class(c, labels) for c in spec.storage_classes),
                    *(snapshot_class(c, labels) for c in spec.snapshot_classes),
                ),
            ),
            *extra,
        )
    )


def trident_wait(spec: StorageSpec) -> WaitFor:
    return "trident-crds" if spec.trident.install_method == "external" else "trident-installed"


def credentials_secret(backend: Backend, namespace: str, labels: dict[str, str]) -> K8sObject:
    # Only tridentops' labels: the backend's object_labels/object_annotations describe the TridentBackendConfig
    # (an Argo CD sync wave or tracking annotation on it says nothing about this Secret).
    # data (base64), not stringData: the API server stores data only, so the rendered object
    # compares field for field with what a read returns.
    data = {k: base64.b64encode(v.encode()).decode() for k, v in sorted(backend.credentials.inline.items())}
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": backend.secret_name, "namespace": namespace, "labels": labels},
        "type": "Opaque",
        "data": data,
    }


def backend_config(backend: Backend, namespace: str, labels: dict[str, str]) -> K8sObject:
    creds = backend.credentials
    credentials = {"name": creds.name if creds.type == "awsarn" else backend.secret_name}
    if creds.type is not None:
        credentials["type"] = creds.type
    limits = backend.limits
    spec: dict[str, Any] = {"version": 1, "storageDriverName": backend.driver, "credentials": credentials}
    # Trident's config takes these as strings (limits, densities) or booleans, as in its Go types.
    # backendName and deletionPolicy only when the spec sets them: Trident names the backend after the
    # TridentBackendConfig and deletes it with the TridentBackendConfig otherwise (backendconfig.go@v26.06.0:107-130).
    optional: dict[str, Any] = {
        "backendName": backend.backend_name,
        "deletionPolicy": backend.deletion_policy,
        "managementLIF": backend.management_lif,
        "dataLIF": backend.data_lif,
        "svm": backend.svm,
        "nasType": backend.nas_type,
        "sanType": backend.san_type,
        "useREST": backend.use_rest,
        "useCHAP": backend.use_chap,
        "smbShare": backend.smb_share,
        "nfsMountOptions": backend.nfs_mount_options,
        "autoExportPolicy": backend.auto_export_policy,
        "autoExportCIDRs": list(backend.auto_export_cidrs) or None,
        "storagePrefix": backend.storage_prefix,
        "aggregate": backend.aggregate,
        "flexgroupAggregateList": list(backend.flexgroup_aggregate_list) or None,
        "limitVolumeSize": limits.volume_size,
        "limitVolumePoolSize": limits.volume_pool_size,
        "limitAggregateUsage": _percent(limits.aggregate_usage),
        "qtreesPerFlexvol": _str(limits.qtrees_per_flexvol),
        "lunsPerFlexvol": _str(limits.luns_per_flexvol),
        "denyNewVolumePools": _str(limits.deny_new_volume_pools),
        "replicationPolicy": backend.replication_policy,
        "replicationSchedule": backend.replication_schedule,
        "clientCertificate": backend.client_certificate,
        "trustedCACertificate": backend.trusted_ca_certificate,
        "userState": backend.user_state,
        "igroupName": backend.igroup_name,
        "usageHeartbeat": backend.usage_heartbeat,
        "cloneSplitDelay": backend.clone_split_delay,
        "qtreePruneFlexvolsPeriod": backend.qtree_prune_flexvols_period,
        "qtreeQuotaResizePeriod": backend.qtree_quota_resize_period,
        "emptyFlexvolDeferredDeletePeriod": backend.empty_flexvol_deferred_delete_period,
        "debugTraceFlags": dict(sorted(backend.debug_trace_flags.items())) or None,
    }
    if backend.aws is not None:
        aws = {
            "fsxFilesystemID": backend.aws.fsx_filesystem_id,
            "apiRegion": backend.aws.api_region,
            "apiKey": backend.aws.api_key,
            "secretKey": backend.aws.secret_key,
        }
        optional["aws"] = {k: v for k, v in aws.items() if v is not None}
    optional.update(_pool_fields(backend))
    if backend.virtual_pools:
        optional["storage"] = [_virtual_pool(p) for p in backend.virtual_pools]
    spec.update({k: v for k, v in optional.items() if v is not None})
    return {
        "apiVersion": f"{facts.TRIDENT_GROUP}/v1",
        "kind": "TridentBackendConfig",
        "metadata": object_metadata(backend.name, namespace, labels, backend.object_labels, backend.object_annotations),
        "spec": dict(sorted(spec.items())),
    }


def _str(value: int | bool | str | None) -> str | None:
    """Trident's string-typed numbers and booleans: YAML booleans as true/false, strings as the user wrote them."""
    if value is None:
        return None
    return default_string(value)


def _percent(value: int | str | None) -> str | None:
    # An integer is the percentage ('80%'); a string is kept as written ('80', '80%', '80.5%' all parse alike).
    return f"{value}%" if isinstance(value, int) else value


def _pool_fields(pool: Backend | VirtualPool) -> dict[str, Any]:
    """The keys a backend shares with each of its virtual pools (OntapStorageDriverPool is embedded in both)."""
    return {
        "labels": dict(sorted(pool.labels.items())) or None,
        "region": pool.region,
        "zone": pool.zone,
        "supportedTopologies": [dict(sorted(t.items())) for t in pool.supported_topologies] or None,
        "defaults": {k: default_string(v) for k, v in sorted(pool.defaults.items())} or None,
        "useBalancedPlacement": _str(pool.use_balanced_placement),
    }


def _virtual_pool(pool: VirtualPool) -> dict[str, Any]:
    fields = _pool_fields(pool)
    fields.update({"smbShare": pool.smb_share, "nasType": pool.nas_type, "sanType": pool.san_type})
    return {k: v for k, v in sorted(fields.items()) if v is not None}


def storage_class(sc: StorageClassSpec, labels: dict[str, str]) -> K8sObject:
    obj: dict[str, Any] = {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": object_metadata(sc.name, None, labels, sc.labels, sc.rendered_annotations()),
        "provisioner": facts.CSI_DRIVER,
    }
    # Kubernetes drops an empty map (parameters is omitempty in k8s.io/api storage/v1 types.go), so a class
    # without parameters is rendered without the key, as it reads back.
    parameters = sc.parameters()
    if parameters:
        obj["parameters"] = dict(sorted(parameters.items()))
    # Left out when the spec leaves them to Kubernetes: the API server sets reclaimPolicy Delete and
    # volumeBindingMode Immediate on create (pkg/apis/storage/v1/defaults.go), allowVolumeExpansion stays unset.
    optional = {
        "reclaimPolicy": sc.reclaim_policy,
        "volumeBindingMode": sc.volume_binding_mode,
        "allowVolumeExpansion": sc.allow_volume_expansion,
    }
    obj.update({k: v for k, v in optional.items() if v is not None})
    if sc.mount_options:
        obj["mountOptions"] = list(sc.mount_options)
    if sc.allowed_topologies:
        obj["allowedTopologies"] = [
            {"matchLabelExpressions": [{"key": key, "values": list(values)} for key, values in term.items()]}
            for term in sc.allowed_topologies
        ]
    return obj


def snapshot_class(vsc: SnapshotClassSpec, labels: dict[str, str]) -> K8sObject:
    obj: dict[str, Any] = {
        "apiVersion": "snapshot.storage.k8s.io/v1",
        "kind": "VolumeSnapshotClass",
        "metadata": object_metadata(vsc.name, None, labels, vsc.labels, vsc.rendered_annotations()),
        "driver": facts.CSI_DRIVER,
        "deletionPolicy": vsc.deletion_policy,
    }
    if vsc.parameters:
        obj["parameters"] = dict(sorted(vsc.parameters.items()))
    return obj


def mask_secrets(objects: Iterable[K8sObject]) -> list[K8sObject]:
    """Copies of the objects with every Secret value replaced, for output, logs and diffs."""
    masked = []
    for obj in objects:
        if obj.get("kind") == "Secret":
            obj = copy.deepcopy(obj)
            for key in ("data", "stringData"):
                if isinstance(obj.get(key), dict):
                    obj[key] = dict.fromkeys(obj[key], MASK)
        masked.append(obj)
    return masked
