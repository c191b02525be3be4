# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Waits of the day-2 volume modules: each watches the status its own controller writes.
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Watch the object's status until its controller reports the outcome (the description says which
        status field), with a deadline. A failure the controller reports fails the task with its own message.
      - With V(false), the task returns once the request is written.
      - On by default, unlike C(kubernetes.core.k8s) (V(false)). A claim, snapshot or clone is usable only once its
        controller has acted, and that is what the task that follows needs.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait before failing with the status reported last (and, for a claim, the last warning
        event the provisioner or resizer recorded).
      - Also bounds how long one Kubernetes request is retried after a transient failure (connection lost, API
        server or etcd unavailable); see docs/reliability.md.
      - 300 by default, not kubernetes.core's 120. Provisioning, cloning, importing or resizing a volume on ONTAP can
        take minutes. There is no C(wait_sleep), since the module watches the status rather than polling it.
    type: int
    default: 300
"""
