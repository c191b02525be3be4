"""Render the ``namespaces`` section: each team namespace with its storage quota, limits and RoleBinding."""

from __future__ import annotations

from typing import Any

from .namespaces import (
    LIMITS_NAME,
    QUOTA_NAME,
    SNAPSHOT_CLASS_NOTE,
    STORAGE_CLASSES_NOTE,
    TEAM_BINDING,
    Limits,
    NamespaceSpec,
)
from .quantity import canonical

K8sObject = dict[str, Any]
CLASS_QUOTA = "{}.storageclass.storage.k8s.io/{}"


def namespace(entry: NamespaceSpec, labels: dict[str, str]) -> K8sObject:
    metadata: dict[str, Any] = {"name": entry.name, "labels": {**dict(sorted(entry.labels.items())), **labels}}
    notes = {}
    if entry.default_snapshot_class is not None:
        notes[SNAPSHOT_CLASS_NOTE] = entry.default_snapshot_class
    if entry.storage_quotas:
        notes[STORAGE_CLASSES_NOTE] = ",".join(sorted(q.storage_class for q in entry.storage_quotas))
    if notes:
        metadata["annotations"] = notes
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": metadata}


def resource_quota(entry: NamespaceSpec, labels: dict[str, str]) -> K8sObject:
    hard: dict[str, str] = {}
    for quota in entry.storage_quotas:
        if quota.requests_storage is not None:
            hard[CLASS_QUOTA.format(quota.storage_class, "requests.storage")] = canonical(quota.requests_storage)
        if quota.persistent_volume_claims is not None:
            hard[CLASS_QUOTA.format(quota.storage_class, "persistentvolumeclaims")] = str(
                quota.persistent_volume_claims
            )
    if entry.total_storage is not None:
        hard["requests.storage"] = canonical(entry.total_storage)
    if entry.total_claims is not None:
        hard["persistentvolumeclaims"] = str(entry.total_claims)
    return {
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": {"name": QUOTA_NAME, "namespace": entry.name, "labels": labels},
        "spec": {"hard": dict(sorted(hard.items()))},
    }


def _values(pairs: dict[str, str | None]) -> dict[str, str]:
    return {k: canonical(v) for k, v in pairs.items() if v is not None}


def limit_range(entry: NamespaceSpec, limits: Limits, labels: dict[str, str]) -> K8sObject:
    items: list[dict[str, Any]] = []
    claim: dict[str, Any] = {"type": "PersistentVolumeClaim"}
    if limits.claim_min is not None:
        claim["min"] = {"storage": canonical(limits.claim_min)}
    if limits.claim_max is not None:
        claim["max"] = {"storage": canonical(limits.claim_max)}
    if len(claim) > 1:
        items.append(claim)
    container: dict[str, Any] = {"type": "Container"}
    default = _values({"cpu": limits.container_cpu, "memory": limits.container_memory})
    # The API server fills a missing default request in from the default limit; rendering it the same way
    # keeps the object equal to what the server stores (LimitRange's list is replaced whole by an apply).
    request = default | _values({"cpu": limits.container_cpu_request, "memory": limits.container_memory_request})
    if default:
        container["default"] = default
    if request:
        container["defaultRequest"] = request
    if len(container) > 1:
        items.append(container)
    return {
        "apiVersion": "v1",
        "kind": "LimitRange",
        "metadata": {"name": LIMITS_NAME, "namespace": entry.name, "labels": labels},
        "spec": {"limits": items},
    }


def team_binding(entry: NamespaceSpec, labels: dict[str, str]) -> K8sObject:
    group = "rbac.authorization.k8s.io"
    subjects = [{"kind": "Group", "apiGroup": group, "name": g} for g in entry.team_groups]
    subjects += [{"kind": "User", "apiGroup": group, "name": u} for u in entry.team_users]
    return {
        "apiVersion": f"{group}/v1",
        "kind": "RoleBinding",
        "metadata": {"name": TEAM_BINDING, "namespace": entry.name, "labels": labels},
        "roleRef": {"apiGroup": group, "kind": "ClusterRole", "name": entry.role},
        "subjects": subjects,
    }


def onboarding_objects(entry: NamespaceSpec, labels: dict[str, str]) -> list[K8sObject]:
    """The namespace first, then what lives in it (only what the entry asks for)."""
    out = [namespace(entry, labels)]
    if entry.has_quota:
        out.append(resource_quota(entry, labels))
    if not entry.limits.empty:
        out.append(limit_range(entry, entry.limits, labels))
    if entry.team_groups or entry.team_users:
        out.append(team_binding(entry, labels))
    return out


def namespaces_objects(entries: tuple[NamespaceSpec, ...], labels: dict[str, str]) -> list[K8sObject]:
    """Every namespace first, then every namespace's contents (kinds are applied in order of first appearance)."""
    per_entry = [onboarding_objects(e, labels) for e in entries]
    return [objs[0] for objs in per_entry] + [obj for objs in per_entry for obj in objs[1:]]
