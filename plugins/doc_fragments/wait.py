# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Watch Trident's own status until it has acted on the change (TridentOrchestrator C(Installed),
        TridentBackendConfig C(Bound) with C(lastOperationStatus=Success)). A failure reported by Trident
        fails the task with Trident's message; a C(Failed) install that the operator keeps retrying is waited
        on until O(wait_timeout), since fixing the cause (an image pull secret, a node label) lets it succeed.
      - On by default, unlike C(kubernetes.core.k8s) (V(false)). The API server accepting a TridentOrchestrator or a
        TridentBackendConfig is not Trident having installed or bound it, and the tasks that follow (a claim of one
        of the classes) fail or hang until it has.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait before failing with the status Trident reported last.
      - Also bounds how long one Kubernetes request is retried after a transient failure (connection lost, API
        server or etcd unavailable); see docs/reliability.md.
      - 300 by default, not kubernetes.core's 120. Installing Trident pulls the operator, controller and node images
        and rolls out a DaemonSet on every node, which takes minutes on a fresh cluster. There is no C(wait_sleep),
        since the module watches the status rather than polling it.
    type: int
    default: 300
"""
