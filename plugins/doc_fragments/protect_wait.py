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
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait before failing with the state protect reported last.
      - Also bounds how long one Kubernetes request is retried after a transient failure (connection lost, API
        server or etcd unavailable); see docs/reliability.md.
    type: int
    default: 300
"""
