#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: monitoring
short_description: Scrape Trident's metrics with prometheus-operator and alert on what is worth paging for
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates or updates a ServiceMonitor for the C(trident-csi) Service's metrics port (C(metrics), HTTP, or
    C(https-metrics), HTTPS with Trident's client certificate, when Trident serves HTTPS metrics) and a
    PrometheusRule with Trident's alerts - metrics down, a backend not online (its TridentBackendConfig is not
    C(Bound)), operations failing, and, when limits are given, a backend nearing its volume count or capacity.
  - prometheus-operator's CRDs must be installed. When they are not, the module fails before writing anything
    and says so.
  - With O(https) unset, HTTPS follows the installed TridentOrchestrator's C(httpsMetrics).
options:
  trident_namespace:
    description:
      - Namespace Trident runs in (where the C(trident-csi) Service is).
    type: str
    default: trident
  https:
    description:
      - Whether Trident serves its metrics over HTTPS (C(trident.metrics.https) of the spec). Unset - read from
        the TridentOrchestrator (HTTP when there is none).
    type: bool
  state:
    description:
      - V(present) creates or updates the ServiceMonitor and PrometheusRule (and deletes the ones O(enabled) or
        O(alerts.enabled) turn off); V(absent) deletes them.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tridentops.storage.spec.monitoring_options
  - tridentops.storage.k8s_auth
  - tridentops.storage.stack_name
  - tridentops.storage.attributes
"""

EXAMPLES = r"""
- name: Trident's metrics and alerts for the kube-prometheus-stack release prom-operator
  tridentops.storage.monitoring:
    namespace: monitoring
    labels:
      release: prom-operator
    alerts:
      labels:
        team: storage
      max_volumes_per_backend: 500
      max_allocated_per_backend: 20Ti
"""

RETURN = r"""
unchanged:
  description:
    - How many of the objects the task compared with the cluster were already as declared; C(objects)
      lists only the others.
  returned: when the task compared objects with the cluster
  type: int
  sample: 3
diff:
  description:
    - In diff mode, one entry per object that changed (or would change, in check mode). C(before_header)
      and C(after_header) name the object, C(before) and C(after) are YAML. C(before) holds the live values
      of the fields the task sets (the whole object when it is deleted), C(after) the object as applied.
      Secret values are masked; status, C(managedFields), C(resourceVersion) and C(uid) are left out.
    - A list, where C(kubernetes.core.k8s) returns one before and after, since a task here may change
      several objects.
  returned: in diff mode
  type: list
  elements: dict
uncertain:
  description:
    - When the run failed after writing, the objects whose write was sent but never answered for sure
      (the connection dropped, the API server or etcd timed out), so each may or may not have been written;
      a rerun converges them. Counted in C(changed).
  returned: when the run failed after its first write
  type: list
  elements: dict
  sample:
    - kind: StorageClass
      name: gold
      action: create
objects:
  description: The ServiceMonitor and PrometheusRule created, updated or deleted, with the fields that differed
    (unchanged ones are counted in C(unchanged)).
  returned: always
  type: list
  elements: dict
endpoint:
  description: The port and scheme scraped.
  returned: when O(state=present)
  type: dict
  sample: {"port": "metrics", "scheme": "http"}
"""

from typing import Any

from ..module_utils._args import AUTH_ARG_SPEC, STACK_NAME_ARG_SPEC, STATE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.addons import monitoring

ARG_SPEC: dict[str, dict[str, Any]] = {
    **monitoring.OPTIONS,
    "trident_namespace": {"type": "str", "default": "trident"},
    "https": {"type": "bool"},
    **STATE_ARG_SPEC,
    **STACK_NAME_ARG_SPEC,
    **AUTH_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), monitoring.converge_monitoring)


if __name__ == "__main__":
    main()
