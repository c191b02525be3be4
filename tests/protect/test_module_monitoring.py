"""tridentops.storage.monitoring against the embedded control plane: first without prometheus-operator's CRDs
(a clear refusal, nothing written), then with them (tests/standin/crds/prometheus.yaml)."""

from __future__ import annotations

import pytest
from helpers import exists
from kubernetes import client
from protect_helpers import apply_prometheus_crds, delete_prometheus_crds, ensure_namespace, play

pytestmark = pytest.mark.cluster
GROUP = "monitoring.coreos.com"
NS = "monitoring"
ARGS = {"namespace": NS, "labels": {"release": "prom-operator"}, "alerts": {"max_volumes_per_backend": 500}}


@pytest.fixture(scope="module", autouse=True)
def cluster(kube_admin):
    delete_prometheus_crds(kube_admin)
    ensure_namespace(kube_admin, NS)
    yield
    delete_prometheus_crds(kube_admin)


def get(kube_admin, plural: str, name: str) -> dict:
    return client.CustomObjectsApi(kube_admin).get_namespaced_custom_object(GROUP, "v1", NS, plural, name)


def test_without_prometheus_operator_the_module_says_so_and_writes_nothing(ansible):
    with ansible.writes() as writes:
        result = ansible.module("monitoring", **ARGS)
    assert result["failed"]
    assert result["msg"] == (
        "prometheus-operator's CRDs are not installed: this cluster does not serve monitoring.coreos.com/v1 "
        "PrometheusRule, ServiceMonitor (install prometheus-operator, e.g. the kube-prometheus-stack chart, first, "
        "or leave monitoring out of the spec); nothing was changed"
    )
    assert writes.count == 0


def test_servicemonitor_and_alert_rules_are_created_then_left_alone(ansible, kube_admin):
    apply_prometheus_crds(kube_admin)
    with ansible.writes() as writes:
        first, again = play(ansible, ("monitoring", ARGS), ("monitoring", ARGS))
    assert first["changed"] and not first.get("failed"), first
    assert first["endpoint"] == {"port": "metrics", "scheme": "http"}
    assert again["changed"] is False
    assert len(writes.events) == 2, "one apply each, then nothing"
    monitor = get(kube_admin, "servicemonitors", "trident-metrics")
    assert monitor["metadata"]["labels"]["release"] == "prom-operator"
    assert monitor["spec"]["endpoints"] == [{"port": "metrics", "path": "/metrics", "interval": "30s"}]
    rules = get(kube_admin, "prometheusrules", "trident-alerts")["spec"]["groups"][0]["rules"]
    assert [r["alert"] for r in rules] == [
        "TridentMetricsDown",
        "TridentBackendNotOnline",
        "TridentOperationsFailing",
        "TridentVolumeCountNearLimit",
    ]


def test_check_and_diff_mode_show_the_change_and_write_nothing(ansible):
    with ansible.writes() as writes:
        result = ansible.module("monitoring", check=True, diff=True, **{**ARGS, "interval": "15s"})
    assert result["changed"]
    assert [o["fields"] for o in result["objects"] if o["action"] == "update"] == [["spec.endpoints[0].interval"]]
    (diff,) = result["diff"]
    assert "interval: 30s" in diff["before"] and "interval: 15s" in diff["after"]
    assert writes.count == 0


def test_https_metrics_scrape_port_8444_with_tridents_client_certificate(ansible, kube_admin):
    result = ansible.module("monitoring", https=True, **ARGS)
    assert result["endpoint"] == {"port": "https-metrics", "scheme": "https"}
    assert result["warnings"] == [
        "HTTPS metrics: prometheus-operator reads the client certificate from Secret trident-csi in namespace "
        "monitoring; copy Trident's Secret trident-csi (keys caCert, clientCert, clientKey) from trident there"
    ]
    endpoint = get(kube_admin, "servicemonitors", "trident-metrics")["spec"]["endpoints"][0]
    assert endpoint["tlsConfig"]["cert"] == {"secret": {"name": "trident-csi", "key": "clientCert"}}


def test_turning_alerts_off_deletes_the_rule_and_absent_deletes_both(ansible, kube_admin):
    with ansible.writes() as writes:
        off, gone, again = play(
            ansible,
            ("monitoring", {**ARGS, "alerts": {"enabled": False}}),
            ("monitoring", {"namespace": NS, "state": "absent"}),
            ("monitoring", {"namespace": NS, "state": "absent"}),
        )
    assert [(o["kind"], o["action"]) for o in off["objects"]] == [
        ("ServiceMonitor", "update"),  # back to HTTP: https is unset and no TridentOrchestrator serves HTTPS
        ("PrometheusRule", "delete"),
    ]
    assert [(o["kind"], o["action"]) for o in gone["objects"]] == [("ServiceMonitor", "delete")]
    assert again["changed"] is False
    assert [e.verb for e in writes.events] == ["patch", "delete", "delete"]
    assert not exists(get, kube_admin, "servicemonitors", "trident-metrics")
