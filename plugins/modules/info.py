#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: info
short_description: Report Trident's installation, backends, volumes and classes
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Reads Trident's state from the cluster in a handful of list requests, the TridentOrchestrator's status
    and version, every backend with its phase, last operation and Trident's message, the number of volumes
    on each backend, the storage and snapshot classes served by Trident, and the TridentAutogrowPolicies
    (Trident 26.02 or later) with their state.
options:
  namespace:
    description:
      - Namespace Trident runs in. Defaults to the one the TridentOrchestrator names, else C(trident).
    type: str
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.attributes.info
"""

EXAMPLES = r"""
- name: What does Trident look like?
  tridentops.storage.info:
  register: trident

- name: Fail when a backend is not bound
  ansible.builtin.assert:
    that: trident.backends | rejectattr('phase', 'eq', 'Bound') | list | length == 0
"""

RETURN = r"""
trident:
  description:
    - Installation status, as the TridentOrchestrator's status reports it.
    - C(version) is the release as a spec writes it (V(26.06.0)), without the leading C(v) the operator
      writes in C(status.version) (V(v26.06.0)); empty while Trident is not installed.
  returned: always
  type: dict
  sample: {"installed": true, "status": "Installed", "version": "26.06.0", "namespace": "trident", "message": ""}
backends:
  description: TridentBackendConfigs with their status and volume count.
  returned: always
  type: list
  elements: dict
  sample: [{"name": "nas", "backend_name": "nas", "driver": "ontap-nas", "phase": "Bound",
            "last_operation_status": "Success", "message": "Backend 'nas' created", "volumes": 3}]
storage_classes:
  description: StorageClasses whose provisioner is Trident's CSI driver.
  returned: always
  type: list
  elements: dict
snapshot_classes:
  description: VolumeSnapshotClasses of Trident's CSI driver.
  returned: always
  type: list
  elements: dict
autogrow_policies:
  description:
    - TridentAutogrowPolicies (Trident 26.02 or later) with the state Trident's controller reports (C(Success),
      C(Failed) with its message, C(Deleting)); empty on a cluster whose Trident predates 26.02.
    - C(growth_amount) and C(max_size) are the live values, with the API server's defaults (V(10%), V(0), no limit)
      where the policy leaves them out. C(managed) tells whether tridentops manages the policy.
  returned: always
  type: list
  elements: dict
  sample: [{"name": "standard", "used_threshold": "80%", "growth_amount": "10%", "max_size": "0", "state": "Success",
            "message": "Autogrow policy validated and ready to use", "managed": true}]
  version_added: 1.1.0
volumes:
  description: Number of Trident volumes in all.
  returned: always
  type: int
"""

from typing import Any

from ..module_utils._args import AUTH_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops import info

ARG_SPEC: dict[str, dict[str, Any]] = {"namespace": {"type": "str"}, **AUTH_ARG_SPEC}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), info.info)


if __name__ == "__main__":
    main()
