#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: snapshot_restore
short_description: Restore a PVC in place from its newest VolumeSnapshot with Trident
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates a TridentActionSnapshotRestore and waits until Trident reports it C(Succeeded), or fails with
    Trident's message when it reports C(Failed). The volume's data reverts to the snapshot; stop the workloads
    using it first.
  - Trident's own preconditions are checked before anything is written, and a refusal says which one failed,
    the PVC is bound, the VolumeSnapshot is a snapshot of that PVC, bound and ready to use, with a ready
    content, and it is the newest snapshot of the PVC (ONTAP restores only the newest; clone an older one
    with M(tridentops.storage.volume_clone) instead).
  - The action is one-shot. Its name is derived from the request (PVC, snapshot and the snapshot's identity),
    so a rerun finds the earlier action and reports its outcome instead of restoring again. To restore the same
    snapshot again, delete the earlier action (named in the result) first.
options:
  pvc:
    description: The PersistentVolumeClaim to restore.
    type: str
    required: true
  namespace:
    description: Namespace of the claim and of the snapshot.
    type: str
    required: true
  snapshot:
    description: The VolumeSnapshot to restore from; the newest of the claim.
    type: str
    required: true
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.volume_wait
  - tridentops.storage.attributes
attributes:
  check_mode:
    details: The preconditions are checked in check mode too.
  diff_mode:
    description: Returns the action that is (or would be) created.
"""

EXAMPLES = r"""
- name: Roll the database back to the snapshot taken before the upgrade
  tridentops.storage.snapshot_restore:
    pvc: db-data
    namespace: shop
    snapshot: db-before-upgrade
"""

RETURN = r"""
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
objects:
  description: The TridentActionSnapshotRestore, with the action taken (C(unchanged) on a rerun).
  returned: always
  type: list
  elements: dict
restore:
  description: The restore action as Trident reports it.
  returned: always
  type: dict
  sample: {"name": "restore-db-data-0a1b2c3d4e", "namespace": "shop", "state": "Succeeded", "message": "",
           "start_time": "2026-07-01T10:00:00Z", "completion_time": "2026-07-01T10:00:04Z"}
"""

from typing import Any

from ..module_utils._args import CONVERGE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.volumes import restore

ARG_SPEC: dict[str, dict[str, Any]] = {
    "pvc": {"type": "str", "required": True},
    "namespace": {"type": "str", "required": True},
    "snapshot": {"type": "str", "required": True},
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), restore.run)


if __name__ == "__main__":
    main()
