"""The monitoring module's run: Trident's ServiceMonitor and PrometheusRule for prometheus-operator."""

from __future__ import annotations

from typing import Any

from ..._fragments import argspec
from ..._k8s.converge import LiveIndex
from ...spec import facts
from ...spec.kinds import PROMETHEUS_RULE, SERVICE_MONITOR, TORC
from ...spec.monitoring import HTTP_PORT, HTTPS_PORT, MonitoringSpec, tls_secret_note
from ...spec.monitoring import PROMETHEUS_RULE as RULE_NAME
from ...spec.monitoring import SERVICE_MONITOR as MONITOR_NAME
from ...spec.render import stack_labels
from ...spec.render_monitoring import monitoring_objects
from ..task import Task
from .converge import RunOptions, converge, remove
from .frame import result

OPTIONS = argspec("monitoring_options")
TARGETS = ((SERVICE_MONITOR, MONITOR_NAME), (PROMETHEUS_RULE, RULE_NAME))


def installed_https(index: LiveIndex) -> bool:
    """Whether the installed Trident serves HTTPS metrics (the TridentOrchestrator's httpsMetrics)."""
    torc = index.objects(TORC).get(facts.ORCHESTRATOR_NAME) or {}
    return bool((torc.get("spec") or {}).get("httpsMetrics"))


def converge_monitoring(task: Task) -> dict[str, Any]:
    session = task.session()
    index = LiveIndex(session)
    if task["state"] == "absent":
        namespace = task["namespace"]
        targets = [(kind, name, namespace) for kind, name in TARGETS]
        return result(remove(session, index, targets, task.check_mode), task.diff)
    monitoring = task.section(MonitoringSpec, OPTIONS)
    https = task["https"] if task["https"] is not None else installed_https(index)
    trident_namespace = task["trident_namespace"]
    objects = monitoring_objects(monitoring, trident_namespace, https, stack_labels(task["stack_name"]))
    changes = converge(session, index, objects, RunOptions(task.check_mode))
    # What the options no longer ask for (enabled or alerts.enabled false) goes.
    wanted = {o["kind"] for o in objects}
    unwanted = [(k, n, monitoring.namespace) for k, n in TARGETS if k.kind not in wanted]
    changes += remove(session, index, unwanted, task.check_mode)
    note = tls_secret_note(monitoring, trident_namespace, https)
    if note:
        task.warn(note)
    endpoint = {"port": HTTPS_PORT if https else HTTP_PORT, "scheme": "https" if https else "http"}
    return result(changes, task.diff, endpoint=endpoint)
