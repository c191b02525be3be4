"""Render the ``monitoring`` section: a ServiceMonitor for Trident's ``trident-csi`` Service and a PrometheusRule.

The alerts are the ones worth paging on, from Trident's own metrics (its ``trident_*`` series, scoped to
Trident's namespace and the ``trident-csi`` job prometheus-operator names after the Service):

- TridentMetricsDown: Prometheus cannot scrape Trident (nothing else below can fire then);
- TridentBackendNotOnline: a backend is offline, failed or stuck deleting (``trident_backend_count`` by
  ``backend_state``; the backend's TridentBackendConfig is then not Bound/Success);
- TridentOperationsFailing: volume operations fail (``trident_operation_duration_milliseconds_count`` with
  ``success="false"``);
- TridentVolumeCountNearLimit / TridentCapacityNearLimit: a backend nears the volume count or allocated
  capacity the spec says it can hold (``trident_volume_count``, ``trident_volume_allocated_bytes``).
"""

from __future__ import annotations

from typing import Any

from .monitoring import (
    HTTP_PORT,
    HTTPS_PORT,
    MONITORING_GROUP,
    PROMETHEUS_RULE,
    SERVICE,
    SERVICE_LABELS,
    SERVICE_MONITOR,
    Alerts,
    MonitoringSpec,
)
from .quantity import to_decimal

K8sObject = dict[str, Any]
API_VERSION = f"{MONITORING_GROUP}/v1"


def service_monitor(
    monitoring: MonitoringSpec, trident_namespace: str, https: bool, labels: dict[str, str]
) -> K8sObject:
    endpoint: dict[str, Any] = {"port": HTTP_PORT, "path": "/metrics", "interval": monitoring.interval}
    if https:
        secret = monitoring.tls_secret
        endpoint = {
            "port": HTTPS_PORT,
            "path": "/metrics",
            "interval": monitoring.interval,
            "scheme": "https",
            "tlsConfig": {
                "ca": {"secret": {"name": secret, "key": "caCert"}},
                "cert": {"secret": {"name": secret, "key": "clientCert"}},
                "keySecret": {"name": secret, "key": "clientKey"},
                "serverName": SERVICE,
            },
        }
    return {
        "apiVersion": API_VERSION,
        "kind": "ServiceMonitor",
        "metadata": {"name": SERVICE_MONITOR, "namespace": monitoring.namespace, "labels": _labels(monitoring, labels)},
        "spec": {
            "selector": {"matchLabels": dict(SERVICE_LABELS)},
            "namespaceSelector": {"matchNames": [trident_namespace]},
            "endpoints": [endpoint],
        },
    }


def _labels(monitoring: MonitoringSpec, labels: dict[str, str]) -> dict[str, str]:
    return {**dict(sorted(monitoring.labels.items())), **labels}


def alert_rules(alerts: Alerts, trident_namespace: str) -> list[dict[str, Any]]:
    scope = f'namespace="{trident_namespace}", job="{SERVICE}"'
    backends = f"max by (backend_uuid, backend_name, backend_type) (trident_backend_info{{{scope}}})"
    rules = [
        _rule(
            "TridentMetricsDown",
            f"absent(up{{{scope}}} == 1)",
            "5m",
            "critical",
            alerts,
            "Prometheus cannot scrape Trident",
            f"No successful scrape of Service {SERVICE} in namespace {trident_namespace} for 5 minutes: Trident's "
            "controller is down or its metrics endpoint unreachable, and no other Trident alert can fire.",
        ),
        _rule(
            "TridentBackendNotOnline",
            f'sum by (backend_type, backend_state) (trident_backend_count{{{scope}, backend_state!="online"}}) > 0',
            alerts.backend_offline_for,
            "critical",
            alerts,
            "A Trident backend is {{ $labels.backend_state }}",
            "{{ $value }} {{ $labels.backend_type }} backend(s) are {{ $labels.backend_state }}: their "
            "TridentBackendConfigs are not Bound/Success and no volume can be provisioned on them. "
            f"See kubectl get tridentbackendconfigs -n {trident_namespace}.",
        ),
        _rule(
            "TridentOperationsFailing",
            f"sum by (operation) (increase(trident_operation_duration_milliseconds_count{{{scope}, "
            f'success="false"}}[{alerts.failed_operations_window}])) >= {alerts.failed_operations}',
            "0m",
            "warning",
            alerts,
            "Trident operation {{ $labels.operation }} keeps failing",
            "{{ $value | humanize }} failed {{ $labels.operation }} operations in the last "
            f"{alerts.failed_operations_window}; Trident's controller log says why.",
        ),
    ]
    percent = alerts.near_limit_percent
    if alerts.max_volumes_per_backend is not None:
        threshold = alerts.max_volumes_per_backend * percent // 100
        rules.append(
            _rule(
                "TridentVolumeCountNearLimit",
                f"(sum by (backend_uuid) (trident_volume_count{{{scope}}}) > {threshold}) "
                f"* on (backend_uuid) group_left (backend_name, backend_type) {backends}",
                "15m",
                "warning",
                alerts,
                "Backend {{ $labels.backend_name }} holds {{ $value }} volumes",
                f"More than {percent}% of the {alerts.max_volumes_per_backend} volumes backend "
                "{{ $labels.backend_name }} may hold; add a backend or raise its limit.",
            )
        )
    if alerts.max_allocated_per_backend is not None:
        threshold = int(to_decimal(alerts.max_allocated_per_backend)) * percent // 100
        rules.append(
            _rule(
                "TridentCapacityNearLimit",
                f"(sum by (backend_uuid) (trident_volume_allocated_bytes{{{scope}}}) > {threshold}) "
                f"* on (backend_uuid) group_left (backend_name, backend_type) {backends}",
                "15m",
                "warning",
                alerts,
                "Backend {{ $labels.backend_name }} has allocated {{ $value | humanize1024 }}B",
                f"More than {percent}% of the {alerts.max_allocated_per_backend} backend "
                "{{ $labels.backend_name }} may allocate; grow it or add a backend.",
            )
        )
    return rules


def _rule(
    name: str, expr: str, for_: str, severity: str, alerts: Alerts, summary: str, description: str
) -> dict[str, Any]:
    rule: dict[str, Any] = {"alert": name, "expr": expr}
    if for_ != "0m":
        rule["for"] = for_
    rule["labels"] = {"severity": severity, **dict(sorted(alerts.labels.items()))}
    rule["annotations"] = {"summary": summary, "description": description}
    return rule


def prometheus_rule(monitoring: MonitoringSpec, trident_namespace: str, labels: dict[str, str]) -> K8sObject:
    return {
        "apiVersion": API_VERSION,
        "kind": "PrometheusRule",
        "metadata": {"name": PROMETHEUS_RULE, "namespace": monitoring.namespace, "labels": _labels(monitoring, labels)},
        "spec": {"groups": [{"name": "trident", "rules": alert_rules(monitoring.alerts, trident_namespace)}]},
    }


def monitoring_objects(
    monitoring: MonitoringSpec | None, trident_namespace: str, https: bool, labels: dict[str, str]
) -> list[K8sObject]:
    if monitoring is None or not monitoring.enabled:
        return []
    out = [service_monitor(monitoring, trident_namespace, https, labels)]
    if monitoring.alerts.enabled:
        out.append(prometheus_rule(monitoring, trident_namespace, labels))
    return out
