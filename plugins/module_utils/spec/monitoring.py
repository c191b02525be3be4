"""The ``monitoring`` section: a prometheus-operator ServiceMonitor for Trident's metrics and alert rules.

Facts (project API reference, section 5): Trident's controller serves metrics on the ``trident-csi``
Service, port ``metrics`` (9220 -> 8001, HTTP) or, with ``httpsMetrics`` (25.10+), port ``https-metrics``
(8444, TLS with client authentication; the client certificate is in Secret ``trident-csi``). The Service
carries the label ``app: controller.csi.trident.netapp.io``. Metric names are Trident's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from . import checks, facts
from .issues import Issues, join
from .protect import label_keys
from .quantity import whole_bytes
from .schema import rule, spec_field

MONITORING_GROUP = "monitoring.coreos.com"
SERVICE = "trident-csi"
SERVICE_LABELS = {"app": "controller.csi.trident.netapp.io"}
HTTP_PORT = "metrics"
HTTPS_PORT = "https-metrics"
TLS_SECRET = "trident-csi"  # Trident's Secret holding caCert, clientCert and clientKey
SERVICE_MONITOR = "trident-metrics"
PROMETHEUS_RULE = "trident-alerts"

_DURATION = re.compile(r"^([0-9]+(ms|s|m|h|d|w|y))+$")


def duration(value: str) -> str | None:
    if not _DURATION.match(value):
        return f"{value!r} is not a Prometheus duration (e.g. 30s, 5m, 1h)"
    return None


@dataclass(frozen=True, kw_only=True)
class Alerts:
    enabled: bool = spec_field("Render the PrometheusRule with Trident's alerts.", default=True)
    labels: Mapping[str, str] = spec_field(
        "Extra labels on every alert (routing in Alertmanager, e.g. team: storage).", factory=dict, check=label_keys
    )
    backend_offline_for: str = spec_field(
        "How long a backend may be offline or failed before TridentBackendNotOnline fires.",
        default="10m",
        check=duration,
    )
    failed_operations: int = spec_field(
        "Failed Trident operations (volume create, resize, snapshot, ...) within failed_operations_window that "
        "fire TridentOperationsFailing.",
        default=3,
        check=checks.in_range(1, 100_000),
    )
    failed_operations_window: str = spec_field(
        "Window over which failed operations are counted.", default="15m", check=duration
    )
    max_volumes_per_backend: int | None = spec_field(
        "Volumes one backend may hold (the SVM's or array's limit); TridentVolumeCountNearLimit fires at "
        "near_limit_percent of it. No alert when unset.",
        default=None,
        check=checks.in_range(1, 1_000_000),
    )
    max_allocated_per_backend: str | None = spec_field(
        "Capacity one backend may allocate (e.g. the FSx file system's or aggregate's size, 10Ti); "
        "TridentCapacityNearLimit fires at near_limit_percent of it. No alert when unset.",
        default=None,
        check=whole_bytes,
    )
    near_limit_percent: int = spec_field(
        "Percentage of a limit at which the near-limit alerts fire.", default=80, check=checks.percentage
    )


@dataclass(frozen=True, kw_only=True)
class MonitoringSpec:
    enabled: bool = spec_field("Render the ServiceMonitor and PrometheusRule.", default=True)
    namespace: str = spec_field(
        "Namespace of the ServiceMonitor and PrometheusRule (where Prometheus looks for them).",
        default="monitoring",
        check=checks.dns_label,
    )
    labels: Mapping[str, str] = spec_field(
        "Labels Prometheus selects ServiceMonitors and rules by (its serviceMonitorSelector and ruleSelector), "
        "e.g. release: prom-operator.",
        factory=dict,
        check=label_keys,
    )
    interval: str = spec_field("Scrape interval.", default="30s", check=duration)
    tls_secret: str = spec_field(
        "With trident.metrics.https: Secret in this namespace holding Trident's client certificate (keys "
        "caCert, clientCert, clientKey). prometheus-operator reads it from the ServiceMonitor's namespace, so "
        "copy Trident's Secret trident-csi here when the namespaces differ.",
        default=TLS_SECRET,
        check=checks.dns_subdomain,
    )
    alerts: Alerts = spec_field("Alert rules worth paging on.", factory=Alerts)

    @rule("labels")
    def _reserved_labels(self, path: str, issues: Issues) -> None:
        for key in self.labels:
            if facts.reserved_label(key):
                issues.error(join(join(path, "labels"), key), "is set by tridentops itself")


def tls_secret_note(monitoring: MonitoringSpec, trident_namespace: str, https: bool) -> str | None:
    """A reminder when the HTTPS client certificate must be copied next to the ServiceMonitor."""
    if not (monitoring.enabled and https) or monitoring.namespace == trident_namespace:
        return None
    return (
        f"HTTPS metrics: prometheus-operator reads the client certificate from Secret {monitoring.tls_secret} in "
        f"namespace {monitoring.namespace}; copy Trident's Secret {TLS_SECRET} (keys caCert, clientCert, "
        f"clientKey) from {trident_namespace} there"
    )
