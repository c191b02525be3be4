#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: volume_snapshot
short_description: Take or delete a VolumeSnapshot of a Trident volume
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - With O(state=present), takes a VolumeSnapshot of a PersistentVolumeClaim with a Trident
    VolumeSnapshotClass and waits until the snapshot controller reports it C(readyToUse), or fails with the
    error it recorded. The result carries Trident's snapshot handle (C(<volume>/<snapshot>), what a
    TridentSnapshotInfo reports), which a mirror promotion or update can name.
  - A snapshot's source and class never change; asking for another source or class under the same name is
    refused.
  - With O(state=absent), deletes the snapshot and waits until it is gone (Trident deletes it on the array first).
  - M(tridentops.storage.volume_snapshot_info) lists snapshots.
  - Needs the CSI external-snapshotter's CRDs and controller on the cluster; without them the task fails
    before writing anything, saying so.
options:
  name:
    description:
      - Name of the VolumeSnapshot.
    type: str
    required: true
  namespace:
    description:
      - Namespace of the PersistentVolumeClaim and of its snapshots.
    type: str
    required: true
  pvc:
    description:
      - The PersistentVolumeClaim to snapshot. Required with O(state=present).
    type: str
  snapshot_class:
    description:
      - VolumeSnapshotClass to use; it must belong to Trident (C(csi.trident.netapp.io)).
      - Defaults to the cluster's default VolumeSnapshotClass for Trident.
    type: str
  labels:
    description:
      - Labels for the VolumeSnapshot, besides C(app.kubernetes.io/managed-by=tridentops).
    type: dict
    default: {}
  state:
    description:
      - V(present) takes the snapshot, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.volume_wait
  - tridentops.storage.attributes
attributes:
  diff_mode:
    description: Returns the VolumeSnapshot before and after (or as it would be in check mode).
"""

EXAMPLES = r"""
- name: Snapshot the database volume before an upgrade
  tridentops.storage.volume_snapshot:
    name: db-before-upgrade
    namespace: shop
    pvc: db-data
    snapshot_class: trident-snapshots
  register: snap

- name: Show Trident's handle of the snapshot
  ansible.builtin.debug:
    msg: "{{ snap.snapshot.snapshot_handle }}"

- name: Delete the snapshot
  tridentops.storage.volume_snapshot:
    name: db-before-upgrade
    namespace: shop
    state: absent
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
  description: The VolumeSnapshot, with the action taken.
  returned: always
  type: list
  elements: dict
snapshot:
  description: The snapshot as the snapshot controller reports it (after the wait with O(state=present)).
  returned: always
  type: dict
  sample: {"name": "db-before-upgrade", "namespace": "shop", "pvc": "db-data", "snapshot_class": "trident-snapshots",
           "ready_to_use": true, "restore_size": "10Gi", "creation_time": "2026-07-01T10:00:00Z",
           "content_name": "snapcontent-4f1c", "error": "",
           "snapshot_handle": "pvc-7d2e/snapshot-4f1c"}
"""

from typing import Any

from ..module_utils._args import CONVERGE_ARG_SPEC, STATE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.volumes import snapshots

ARG_SPEC: dict[str, dict[str, Any]] = {
    "name": {"type": "str", "required": True},
    "namespace": {"type": "str", "required": True},
    "pvc": {"type": "str"},
    "snapshot_class": {"type": "str"},
    "labels": {"type": "dict", "default": {}},
    **STATE_ARG_SPEC,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    module = TridentModule(ARG_SPEC, supports_check_mode=True, required_if=[("state", "present", ["pvc"])])
    execute(module, snapshots.run)


if __name__ == "__main__":
    main()
