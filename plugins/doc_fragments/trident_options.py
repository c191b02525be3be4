# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# Generated from the storage spec model by hack/gen_doc_fragments.py; do not edit.

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  version:
    description:
    - Trident release to install (YY.MM.patch). Pins the operator image, which installs the
      same Trident release.
    type: str
    default: 26.06.0
  namespace:
    description:
    - Namespace Trident runs in; backends and their Secrets live here too. Cannot change after
      install.
    type: str
    default: trident
  install_method:
    description:
    - 'operator: tridentops applies the operator bundle and the TridentOrchestrator. eks_addon:
      the EKS add-on netapp_trident-operator installs them (AWS only). external: Trident is
      installed by other means (Helm, OperatorHub, tridentctl); tridentops only manages backends
      and classes, once Trident''s CRDs are registered.'
    - One of V(operator), V(eks_addon), V(external).
    type: str
    default: operator
  image_registry:
    description:
    - Private registry that mirrors the Trident, operator and CSI sidecar images (air-gapped
      installs), for example registry.example.com/trident.
    type: str
  image_pull_secrets:
    description:
    - Secrets (in the Trident namespace) used to pull images.
    type: list
    elements: str
  image_pull_policy:
    description:
    - Image pull policy for all Trident pods.
    - One of V(Always), V(IfNotPresent), V(Never).
    type: str
    default: IfNotPresent
  cloud_provider:
    description:
    - Cloud whose workload identity Trident uses (AWS for FSx for NetApp ONTAP; GCP needs Trident
      >= 24.10). AWS and GCP need cloud_identity; leave it out with EKS Pod Identity.
    - One of V(AWS), V(Azure), V(GCP).
    type: str
  cloud_identity:
    description:
    - 'Workload identity annotation for the trident-controller ServiceAccount, e.g. ''eks.amazonaws.com/role-arn:
      arn:aws:iam::111122223333:role/trident''.'
    type: str
  node_prep:
    description:
    - 'Protocols Trident prepares on the nodes (at most one: iscsi; Trident >= 24.10).'
    - One of V(iscsi).
    type: list
    elements: str
  controller_placement:
    description:
    - Node selector and tolerations for the operator and the Trident controller.
    type: dict
    suboptions:
      node_selector:
        description:
        - Node labels the pods must match.
        type: dict
      tolerations:
        description:
        - Taints the pods tolerate.
        type: list
        elements: dict
        suboptions:
          key:
            description:
            - Taint key to tolerate; empty with operator Exists tolerates every taint.
            type: str
          operator:
            description:
            - How the key and value are compared.
            - One of V(Equal), V(Exists).
            type: str
            default: Equal
          value:
            description:
            - Taint value (operator Equal).
            type: str
          effect:
            description:
            - Taint effect to tolerate; empty tolerates all effects.
            - One of V(NoSchedule), V(PreferNoSchedule), V(NoExecute).
            type: str
          toleration_seconds:
            description:
            - 'With NoExecute: how long the pod stays bound.'
            type: int
  node_placement:
    description:
    - Node selector and tolerations for the Trident node DaemonSet.
    type: dict
    suboptions:
      node_selector:
        description:
        - Node labels the pods must match.
        type: dict
      tolerations:
        description:
        - Taints the pods tolerate.
        type: list
        elements: dict
        suboptions:
          key:
            description:
            - Taint key to tolerate; empty with operator Exists tolerates every taint.
            type: str
          operator:
            description:
            - How the key and value are compared.
            - One of V(Equal), V(Exists).
            type: str
            default: Equal
          value:
            description:
            - Taint value (operator Equal).
            type: str
          effect:
            description:
            - Taint effect to tolerate; empty tolerates all effects.
            - One of V(NoSchedule), V(PreferNoSchedule), V(NoExecute).
            type: str
          toleration_seconds:
            description:
            - 'With NoExecute: how long the pod stays bound.'
            type: int
  log_level:
    description:
    - Trident log level.
    - One of V(trace), V(debug), V(info), V(warn), V(error), V(fatal).
    type: str
    default: info
  log_format:
    description:
    - Trident log format.
    - One of V(text), V(json).
    type: str
    default: text
  metrics:
    description:
    - Prometheus metrics endpoint.
    type: dict
    suboptions:
      https:
        description:
        - Serve Prometheus metrics over HTTPS with client authentication on port 8444 (Trident
          >= 25.10) instead of HTTP on 8001.
        type: bool
        default: false
  autosupport:
    description:
    - NetApp AutoSupport telemetry.
    type: dict
    suboptions:
      enabled:
        description:
        - Send daily AutoSupport telemetry to NetApp (silenceAutosupport when false).
        type: bool
        default: true
      exclude:
        description:
        - Do not run the autosupport container at all (Trident >= 25.06).
        type: bool
        default: false
      proxy:
        description:
        - HTTP proxy for AutoSupport uploads.
        type: str
      insecure:
        description:
        - Skip TLS verification for AutoSupport uploads.
        type: bool
        default: false
  windows:
    description:
    - Also run the Windows node DaemonSet.
    type: bool
    default: false
  enable_force_detach:
    description:
    - Force detach on non-graceful node shutdown.
    type: bool
    default: false
  fs_group_policy:
    description:
    - fsGroupPolicy of the CSIDriver (Trident >= 25.06).
    - One of V(ReadWriteOnceWithFSType), V(None), V(File).
    type: str
  k8s_api_qps:
    description:
    - Queries per second Trident may send to the Kubernetes API (Trident >= 24.10; Trident uses
      at least 10; leave it out for Trident's default, 100).
    type: int
  k8s_timeout:
    description:
    - Timeout in seconds for Kubernetes operations during install.
    type: int
  ipv6:
    description:
    - Run Trident on an IPv6 cluster.
    type: bool
    default: false
"""
