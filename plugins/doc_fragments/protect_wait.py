# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Watch Trident protect's own status until it has acted (its CRDs registered, an AppVault C(Available),
        a snapshot, backup or restore C(Completed)). A failure protect reports (C(Failed), C(Error)) fails
        the task with protect's C(status.error).
      - On by default, unlike C(kubernetes.core.k8s) (V(false)). A backup or restore that has not C(Completed) is
        not one yet, and an AppVault that is not C(Available) cannot take one.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait before failing with the state protect reported last.
      - Also bounds how long one Kubernetes request is retried after a transient failure (connection lost, API
        server or etcd unavailable); see docs/reliability.md.
      - 300 by default, not kubernetes.core's 120. A snapshot or backup copies data and takes minutes. There is no
        C(wait_sleep), since the module watches the status rather than polling it.
    type: int
    default: 300
"""
