# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  enabled:
    description:
    - Render the ServiceMonitor and PrometheusRule.
    type: bool
    default: true
  namespace:
    description:
    - Namespace of the ServiceMonitor and PrometheusRule (where Prometheus looks for them).
    type: str
    default: monitoring
  labels:
    description:
    - 'Labels Prometheus selects ServiceMonitors and rules by (its serviceMonitorSelector and
      ruleSelector), e.g. release: prom-operator.'
    type: dict
  interval:
    description:
    - Scrape interval.
    type: str
    default: 30s
  tls_secret:
    description:
    - 'With trident.metrics.https: Secret in this namespace holding Trident''s client certificate
      (keys caCert, clientCert, clientKey). prometheus-operator reads it from the ServiceMonitor''s
      namespace, so copy Trident''s Secret trident-csi here when the namespaces differ.'
    type: str
    default: trident-csi
  alerts:
    description:
    - Alert rules worth paging on.
    type: dict
    suboptions:
      enabled:
        description:
        - Render the PrometheusRule with Trident's alerts.
        type: bool
        default: true
      labels:
        description:
        - 'Extra labels on every alert (routing in Alertmanager, e.g. team: storage).'
        type: dict
      backend_offline_for:
        description:
        - How long a backend may be offline or failed before TridentBackendNotOnline fires.
        type: str
        default: 10m
      failed_operations:
        description:
        - Failed Trident operations (volume create, resize, snapshot, ...) within failed_operations_window
          that fire TridentOperationsFailing.
        type: int
        default: 3
      failed_operations_window:
        description:
        - Window over which failed operations are counted.
        type: str
        default: 15m
      max_volumes_per_backend:
        description:
        - Volumes one backend may hold (the SVM's or array's limit); TridentVolumeCountNearLimit
          fires at near_limit_percent of it. No alert when unset.
        type: int
      max_allocated_per_backend:
        description:
        - Capacity one backend may allocate (e.g. the FSx file system's or aggregate's size,
          10Ti); TridentCapacityNearLimit fires at near_limit_percent of it. No alert when unset.
        type: str
      near_limit_percent:
        description:
        - Percentage of a limit at which the near-limit alerts fire.
        type: int
        default: 80
"""
