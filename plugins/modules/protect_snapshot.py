#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: protect_snapshot
short_description: Take an application-consistent Trident protect snapshot of an application
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates a Trident protect Snapshot of an Application (CSI snapshots of its volumes, its resources'
    metadata in the AppVault) and waits until protect reports it C(Completed), or fails with protect's
    C(status.error).
  - A snapshot is taken once. Its name makes the task idempotent - the O(name) given, or one derived from
    the application, vault and reclaim policy, so a rerun finds the same snapshot. A rerun writes nothing and
    reports that snapshot's outcome (waiting for it while it runs); give a new O(name) (a date, a build id)
    for a new snapshot. A snapshot of that name that asks for something else is refused.
options:
  name:
    description:
      - Name of the Snapshot. Default - C(<application>-<8 hex digits>), derived from the request.
    type: str
  namespace:
    description:
      - Namespace of the application (the Snapshot goes there).
    type: str
    required: true
  application:
    description:
      - Name of the Application to snapshot.
    type: str
    required: true
  vault:
    description:
      - Name of the AppVault that keeps the snapshot's metadata.
    type: str
    required: true
  reclaim_policy:
    description:
      - Whether the snapshot's data goes when the Snapshot resource is deleted.
    type: str
    choices: [Retain, Delete]
    default: Retain
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.protect_wait
  - tridentops.storage.protect_namespace
  - tridentops.storage.attributes
attributes:
  diff_mode:
    description: Returns the Snapshot that would be created.
"""

EXAMPLES = r"""
- name: Snapshot the shop application before an upgrade
  tridentops.storage.protect_snapshot:
    name: "shop-before-{{ release }}"
    namespace: shop
    application: shop
    vault: backups
  register: snap
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
  description: The Snapshot when this run created it (action C(create)); empty on a rerun.
  returned: always
  type: list
  elements: dict
snapshot:
  description: The Snapshot's state as Trident protect reports it.
  returned: always
  type: dict
  sample: {"name": "shop-before-2-4", "namespace": "shop", "state": "Completed",
           "app_archive_path": "shop_5f0c.../snapshots/shop-before-2-4_91d2..."}
"""

from typing import Any

from ..module_utils._args import CONVERGE_ARG_SPEC, PROTECT_NAMESPACE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.protect import jobs

ARG_SPEC: dict[str, dict[str, Any]] = {
    "name": {"type": "str"},
    "namespace": {"type": "str", "required": True},
    "application": {"type": "str", "required": True},
    "vault": {"type": "str", "required": True},
    "reclaim_policy": {"type": "str", "choices": ["Retain", "Delete"], "default": "Retain"},
    **PROTECT_NAMESPACE_ARG_SPEC,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), jobs.snapshot)


if __name__ == "__main__":
    main()
