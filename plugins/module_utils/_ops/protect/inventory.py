"""What an application is made of, as the modules report it: its PVCs (with their StorageClass), ConfigMaps and
Secrets, per namespace, selected by the Application's label selectors.

A backup returns it for its application and a restore for its destination namespaces, so a playbook can
check that what arrived is what left. Objects every namespace gets from the cluster itself (the
``kube-root-ca.crt`` ConfigMap, service-account token Secrets) are not the application's and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from ..._k8s.converge import LiveIndex
from ...spec.kinds import CONFIG_MAP as CONFIGMAP
from ...spec.kinds import PVC, SECRET

CLUSTER_CONFIGMAPS = frozenset({"kube-root-ca.crt"})
CLUSTER_SECRET_TYPES = frozenset({"kubernetes.io/service-account-token"})

Scope: TypeAlias = "list[tuple[str, Mapping[str, Any] | None]]"  # (namespace, labelSelector or None for all)


def selector_matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """Kubernetes label selector semantics (matchLabels and matchExpressions)."""
    if not selector:
        return True
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for req in selector.get("matchExpressions") or []:
        key, operator, values = req.get("key"), req.get("operator"), req.get("values") or []
        present = key in labels
        if operator == "In" and (not present or labels[key] not in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def application_scope(application: Mapping[str, Any]) -> Scope:
    """(namespace, selector) of each namespace an Application CR includes."""
    included = (application.get("spec") or {}).get("includedNamespaces") or []
    return [(str(i.get("namespace")), i.get("labelSelector")) for i in included if i.get("namespace")]


def is_application_object(obj: Mapping[str, Any]) -> bool:
    meta = obj.get("metadata") or {}
    if obj.get("kind") == "ConfigMap" and meta.get("name") in CLUSTER_CONFIGMAPS:
        return False
    return not (obj.get("kind") == "Secret" and obj.get("type") in CLUSTER_SECRET_TYPES)


def inventory(index: LiveIndex, scope: Scope) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for namespace, selector in scope:
        entry = out.setdefault(namespace, {"persistent_volume_claims": [], "config_maps": [], "secrets": []})
        for kind, field in ((PVC, "persistent_volume_claims"), (CONFIGMAP, "config_maps"), (SECRET, "secrets")):
            for name, obj in sorted(index.objects(kind, namespace).items()):
                labels = (obj.get("metadata") or {}).get("labels") or {}
                if not is_application_object(obj) or not selector_matches(selector, labels):
                    continue
                if kind is PVC:
                    spec = obj.get("spec") or {}
                    entry[field].append({"name": name, "storage_class": spec.get("storageClassName") or ""})
                else:
                    entry[field].append(name)
    return out


def namespaces_of(scope: Iterable[tuple[str, Any]]) -> list[str]:
    return [namespace for namespace, _selector in scope]
