"""Refusals before any write: kinds the cluster does not serve, namespaces that do not exist.

A kind is "not served" when its CRD is not registered (a list answers 404). For Trident protect's and
prometheus-operator's kinds that means the product is not installed, and the message says so and how to
fix it, instead of failing halfway through a run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..._k8s.converge import LiveIndex
from ...spec.kinds import CRD, KINDS, NAMESPACE, Kind, kind_of
from ...spec.monitoring import MONITORING_GROUP
from ...spec.protect import GROUP as PROTECT_GROUP
from ..safety import Refusal


def registered_kinds(objects: Iterable[Mapping[str, Any]]) -> set[Kind]:
    """Kinds whose CRD is among ``objects``: applying them registers the kind (served before its objects)."""
    crds = {
        (str(o["spec"]["group"]), str(o["spec"]["names"]["kind"]))
        for o in objects
        if o["kind"] == "CustomResourceDefinition" and o["apiVersion"] == CRD.api_version
    }
    return {k for k in KINDS.values() if (k.group, k.kind) in crds}


def unserved_refusal(missing: Iterable[Kind]) -> Refusal | None:
    """The refusal for kinds the cluster does not serve, worded for what is missing; None when nothing is."""
    kinds = sorted(missing, key=lambda k: (k.group, k.kind))
    if not kinds:
        return None
    protect = [k.kind for k in kinds if k.group == PROTECT_GROUP]
    monitoring = [k.kind for k in kinds if k.group == MONITORING_GROUP]
    other = [k.kind for k in kinds if k.group not in (PROTECT_GROUP, MONITORING_GROUP)]
    reasons = []
    if protect:
        reasons.append(
            f"Trident protect is not installed: this cluster does not serve {PROTECT_GROUP}/v1 {', '.join(protect)} "
            "(install it with tridentops.storage.protect_install, or its Helm chart, first)"
        )
    if monitoring:
        reasons.append(
            f"prometheus-operator's CRDs are not installed: this cluster does not serve {MONITORING_GROUP}/v1 "
            f"{', '.join(monitoring)} (install prometheus-operator, e.g. the kube-prometheus-stack chart, first, or "
            "leave monitoring out of the spec)"
        )
    if other:
        reasons.append(f"this cluster does not serve {', '.join(other)}")
    return Refusal("; ".join(reasons) + "; nothing was changed")


def namespaces_needed(objects: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Namespace -> the objects that live there (``Kind name``), for namespaces ``objects`` do not create."""
    created = {o["metadata"]["name"] for o in objects if o["kind"] == "Namespace" and o["apiVersion"] == "v1"}
    needed: dict[str, list[str]] = {}
    for obj in objects:
        namespace = obj["metadata"].get("namespace")
        if namespace and namespace not in created:
            needed.setdefault(namespace, []).append(f"{obj['kind']} {obj['metadata']['name']}")
    return needed


def refuse_missing_namespaces(index: LiveIndex, objects: Sequence[Mapping[str, Any]]) -> None:
    """Refuse when an object would go into a namespace that neither exists nor is created by this run."""
    needed = namespaces_needed(objects)
    if not needed:
        return
    existing = index.objects(NAMESPACE)
    missing = {ns: what for ns, what in needed.items() if ns not in existing}
    if missing:
        detail = "; ".join(f"{ns} (for {', '.join(what)})" for ns, what in sorted(missing.items()))
        raise Refusal(f"namespace(s) missing: {detail}; create them first; nothing was changed")


def refuse_unserved(index: LiveIndex, objects: Sequence[Mapping[str, Any]]) -> None:
    """Refuse when a kind of ``objects`` is not served and nothing among them registers it (kinds only read,
    such as the TridentOrchestrator a module looks at, do not count)."""
    wanted = set(kinds_of(objects))
    refusal = unserved_refusal((index.not_served & wanted) - registered_kinds(objects))
    if refusal is not None:
        raise refusal


def is_served(index: LiveIndex, kind: Kind, namespace: str | None = None) -> bool:
    index.objects(kind, namespace)
    return kind not in index.not_served


def kinds_of(objects: Iterable[Mapping[str, Any]]) -> list[Kind]:
    found: list[Kind] = []
    for obj in objects:
        kind = kind_of(obj)
        if kind not in found:
            found.append(kind)
    return found
