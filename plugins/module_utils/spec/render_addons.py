"""Render what runs on top of the storage classes: team namespaces, Trident protect and monitoring.

One stage, applied after ``classes``: the team namespaces and their quotas (which name classes), Trident
protect's installation and its AppVaults, Applications and Schedules, then the ServiceMonitor and
PrometheusRule. Kinds are applied in order of first appearance, so namespaces come first and protect's CRDs
are established before its custom resources; the stage's wait (``protect-ready``) then watches protect's
controller and every AppVault.
"""

from __future__ import annotations

from .render_monitoring import monitoring_objects
from .render_namespaces import namespaces_objects
from .render_protect import K8sObject, protect_objects
from .stack import StorageSpec

STAGE = "addons"


def addon_objects(spec: StorageSpec, labels: dict[str, str]) -> list[K8sObject]:
    out = namespaces_objects(spec.namespaces, labels)
    if spec.protect is not None:
        out += protect_objects(spec.protect, labels)
    out += monitoring_objects(spec.monitoring, spec.trident.namespace, bool(spec.trident.metrics.https), labels)
    return out


def protect_wait(spec: StorageSpec) -> bool:
    """Whether the stage waits for Trident protect (its controller, CRDs and AppVaults)."""
    return spec.protect is not None
