"""TridentMonitoring: prometheus-operator's ServiceMonitor and PrometheusRule for Trident."""

# No `from __future__ import annotations`: Pulumi's schema analyzer reads the annotations at run time.

import pulumi

from ..addon_sections import plan_monitoring
from ..spec.monitoring import PROMETHEUS_RULE, SERVICE_MONITOR
from ..spec_args import TridentMonitoringArgs
from ._common import declare_planned, known_after, token


class TridentMonitoring(pulumi.ComponentResource):
    """Trident's metrics and alerts for a prometheus-operator Prometheus, declared from the spec package's
    rendering of the ``monitoring`` section: a ServiceMonitor for the ``trident-csi`` Service (port
    ``metrics`` over HTTP, or ``https-metrics`` with Trident's client certificate when ``https``) and a
    PrometheusRule with the alerts worth paging on (metrics down, a backend not online, failing operations,
    a backend near its volume count or capacity limit).

    prometheus-operator's CRDs must exist in the cluster (its chart installs them); pass that chart's
    resource in ``depends_on`` when it is in the same program.
    """

    service_monitor_name: pulumi.Output[str]
    """Name of the ServiceMonitor ("" when monitoring is disabled)."""
    prometheus_rule_name: pulumi.Output[str]
    """Name of the PrometheusRule ("" when the alerts are disabled)."""

    def __init__(self, name: str, args: TridentMonitoringArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        planned = plan_monitoring(args, f"TridentMonitoring '{name}'")
        super().__init__(token("TridentMonitoring"), name, {}, opts)
        declared, _ = declare_planned(self, name, planned, opts)
        monitor, rule = declared.first("ServiceMonitor"), declared.first("PrometheusRule")
        self.service_monitor_name = known_after(monitor, SERVICE_MONITOR) if monitor else pulumi.Output.from_input("")
        self.prometheus_rule_name = known_after(rule, PROMETHEUS_RULE) if rule else pulumi.Output.from_input("")
        self.register_outputs(
            {"service_monitor_name": self.service_monitor_name, "prometheus_rule_name": self.prometheus_rule_name}
        )
