"""The ``namespaces`` section: self-service onboarding of a team's namespace.

Each entry becomes the namespace, a ResourceQuota with the storage each StorageClass may give it
(``<class>.storageclass.storage.k8s.io/requests.storage`` and ``.../persistentvolumeclaims``), a
LimitRange for claim sizes and container defaults, a RoleBinding for the team, and a note (annotation)
naming the VolumeSnapshotClass to use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import checks, facts
from .issues import Issues, join
from .protect import label_keys
from .quantity import to_decimal, whole_bytes
from .schema import rule, spec_field

QUOTA_NAME = "tridentops-storage"
LIMITS_NAME = "tridentops-limits"
TEAM_BINDING = "tridentops-team"
SNAPSHOT_CLASS_NOTE = "tridentops.io/default-snapshot-class"
STORAGE_CLASSES_NOTE = "tridentops.io/storage-classes"


def _count(value: int) -> str | None:
    return None if value >= 0 else f"{value} is negative"


def _team_role(value: str) -> str | None:
    """A team's ClusterRole. Refused: cluster-admin (every permission of the cluster; in a RoleBinding, all of the
    namespace with its RBAC) and Kubernetes' own system: roles, made for its components. Binding either is an
    escalation the API server refuses unless tridentops' identity already holds it, and its refusal names only
    the permissions missing."""
    if value == "cluster-admin":
        return (
            "'cluster-admin' grants every permission there is, not a team's role: use admin, edit, view or a "
            "ClusterRole of the cluster's own"
        )
    if value.startswith("system:"):
        return (
            f"'{value}' is one of Kubernetes' own roles (system:*), made for its components, not a team's role: "
            "use admin, edit, view or a ClusterRole of the cluster's own"
        )
    return checks.dns_subdomain(value)


@dataclass(frozen=True, kw_only=True)
class StorageQuota:
    storage_class: str = spec_field("StorageClass the quota applies to.", check=checks.dns_subdomain)
    requests_storage: str | None = spec_field(
        "Total storage PVCs of this class may request in the namespace (e.g. 500Gi).",
        default=None,
        check=whole_bytes,
    )
    persistent_volume_claims: int | None = spec_field(
        "Number of PVCs of this class the namespace may hold (0 forbids the class).", default=None, check=_count
    )

    @rule("requests_storage", "persistent_volume_claims")
    def _something(self, path: str, issues: Issues) -> None:
        if self.requests_storage is None and self.persistent_volume_claims is None:
            issues.error(path, "set requests_storage, persistent_volume_claims or both")


@dataclass(frozen=True, kw_only=True)
class Limits:
    claim_min: str | None = spec_field("Smallest PVC the namespace may request.", default=None, check=whole_bytes)
    claim_max: str | None = spec_field("Largest PVC the namespace may request.", default=None, check=whole_bytes)
    container_cpu: str | None = spec_field(
        "Default CPU limit of containers that set none (e.g. 500m).", default=None, check=checks.quantity
    )
    container_memory: str | None = spec_field(
        "Default memory limit of containers that set none (e.g. 512Mi).", default=None, check=checks.quantity
    )
    container_cpu_request: str | None = spec_field(
        "Default CPU request of containers that set none.", default=None, check=checks.quantity
    )
    container_memory_request: str | None = spec_field(
        "Default memory request of containers that set none.", default=None, check=checks.quantity
    )

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__dataclass_fields__)

    @rule("claim_min", "claim_max")
    def _min_below_max(self, path: str, issues: Issues) -> None:
        if self.claim_min and self.claim_max and to_decimal(self.claim_min) > to_decimal(self.claim_max):
            issues.error(join(path, "claim_min"), f"{self.claim_min} is larger than claim_max {self.claim_max}")

    @rule("container_cpu", "container_cpu_request", "container_memory", "container_memory_request")
    def _request_below_limit(self, path: str, issues: Issues) -> None:
        for limit, request in (
            ("container_cpu", "container_cpu_request"),
            ("container_memory", "container_memory_request"),
        ):
            high, low = getattr(self, limit), getattr(self, request)
            if high and low and to_decimal(low) > to_decimal(high):
                issues.error(join(path, request), f"{low} is larger than {limit} {high}")


@dataclass(frozen=True, kw_only=True)
class NamespaceSpec:
    name: str = spec_field("Namespace name.", check=checks.dns_label)
    team_groups: tuple[str, ...] = spec_field(
        "Groups (as the cluster's authentication names them) bound to role in the namespace.", factory=tuple
    )
    team_users: tuple[str, ...] = spec_field("Users bound to role in the namespace.", factory=tuple)
    role: str = spec_field(
        "ClusterRole the team gets in its namespace (edit, admin, view or a role of the cluster's own; not "
        "cluster-admin nor a system: role).",
        default="edit",
        check=_team_role,
    )
    labels: Mapping[str, str] = spec_field("Labels of the namespace.", factory=dict, check=label_keys)
    storage_quotas: tuple[StorageQuota, ...] = spec_field(
        "Storage the namespace may use, per StorageClass; classes not listed are not limited by class.",
        factory=tuple,
    )
    total_storage: str | None = spec_field(
        "Storage all PVCs of the namespace may request together, whatever their class.",
        default=None,
        check=whole_bytes,
    )
    total_claims: int | None = spec_field(
        "PVCs the namespace may hold, whatever their class.", default=None, check=_count
    )
    limits: Limits = spec_field("Claim sizes and container defaults (a LimitRange).", factory=Limits)
    default_snapshot_class: str | None = spec_field(
        "VolumeSnapshotClass the team should use, noted on the namespace (annotation "
        "tridentops.io/default-snapshot-class).",
        default=None,
        check=checks.dns_subdomain,
    )

    @property
    def has_quota(self) -> bool:
        return bool(self.storage_quotas) or self.total_storage is not None or self.total_claims is not None

    @rule("storage_quotas")
    def _one_quota_per_class(self, path: str, issues: Issues) -> None:
        seen: dict[str, int] = {}
        for index, quota in enumerate(self.storage_quotas):
            if quota.storage_class in seen:
                issues.error(
                    join(join(join(path, "storage_quotas"), index), "storage_class"),
                    f"'{quota.storage_class}' already has a quota in storage_quotas[{seen[quota.storage_class]}]",
                )
            seen.setdefault(quota.storage_class, index)

    @rule("labels")
    def _reserved_labels(self, path: str, issues: Issues) -> None:
        for key in self.labels:
            if facts.reserved_label(key):
                issues.error(join(join(path, "labels"), key), "is set by tridentops itself")

    @rule("total_storage", "storage_quotas")
    def _total_covers_classes(self, path: str, issues: Issues) -> None:
        if self.total_storage is None:
            return
        per_class = [to_decimal(q.requests_storage) for q in self.storage_quotas if q.requests_storage]
        if per_class and max(per_class) > to_decimal(self.total_storage):
            issues.warn(
                join(path, "total_storage"),
                f"{self.total_storage} is less than a single class's quota; the total wins",
            )


def check_class_references(
    entries: tuple[NamespaceSpec, ...],
    storage_classes: set[str],
    snapshot_classes: set[str],
    issues: Issues,
) -> None:
    """Quotas and notes must name classes the spec defines (a warning when the spec defines none: the classes
    are then managed elsewhere, e.g. by another spec or a fine-grained component)."""
    for index, entry in enumerate(entries):
        where = join("namespaces", index)
        for q_index, quota in enumerate(entry.storage_quotas):
            path = join(join(join(where, "storage_quotas"), q_index), "storage_class")
            _reference(issues, path, quota.storage_class, storage_classes, "storage_classes")
        if entry.default_snapshot_class is not None:
            path = join(where, "default_snapshot_class")
            _reference(issues, path, entry.default_snapshot_class, snapshot_classes, "snapshot_classes")


def _reference(issues: Issues, path: str, name: str, defined: set[str], section: str) -> None:
    if name in defined:
        return
    if defined:
        issues.error(path, f"'{name}' is not in {section} ({', '.join(sorted(defined))})")
    else:
        issues.warn(
            path, f"'{name}' is not a class of this spec (it defines no {section}); it must exist in the cluster"
        )
