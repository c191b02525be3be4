#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mirror_relationship
short_description: Manage a Trident SnapMirror relationship (TridentMirrorRelationship) and on-demand updates
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates or changes a TridentMirrorRelationship for one PVC and waits until Trident reports the desired
    state in C(status.conditions[0].state). Trident passes through C(promoting), C(establishing) or
    C(reestablishing) on the way; C(failed) or C(invalid) fail the task with Trident's message.
  - On the source cluster the relationship is V(promoted) (the PVC is writable and its C(localVolumeHandle) is
    reported); on the destination it is V(established) with the source's O(remote_volume_handle). Failover
    promotes the destination (optionally at O(promoted_snapshot_handle)); V(reestablished) re-syncs a volume that
    was in the relationship before, overwriting it from the other side.
  - Trident's rules are checked before writing, one volume mapping, a remote handle C(<svm>:<volume>) for
    V(established) and V(reestablished), O(promoted_snapshot_handle) only with V(promoted), and no change of the
    local PVC, remote handle, replication policy or schedule that Trident already recorded.
  - With O(update=true), once the relationship is V(established) or V(reestablished), asks Trident for an
    on-demand SnapMirror transfer (TridentActionMirrorUpdate) and waits until it C(Succeeded). The action is
    one-shot; a rerun of the same request (same O(update_snapshot_handle) and O(update_key)) reports the
    earlier outcome instead of transferring again. Pass a new O(update_key) to ask for another transfer.
  - With O(state=absent), deletes the relationship; Trident breaks the mirror (the local volume becomes
    writable) before it releases it.
options:
  name:
    description: Name of the TridentMirrorRelationship.
    type: str
    required: true
  namespace:
    description: Namespace of the relationship and of its PVC.
    type: str
    required: true
  pvc:
    description:
      - The local PersistentVolumeClaim (C(localPVCName)). Required to create the relationship; an existing one
        keeps its own (Trident does not let it change).
    type: str
  mirror_state:
    description:
      - Desired state (C(spec.state)). Required with O(state=present), unless O(update=true) alone is asked
        for, which leaves the relationship as it is and only requests the transfer.
    type: str
    choices: [promoted, established, reestablished]
  remote_volume_handle:
    description:
      - The other side's volume, C(<svm>:<volume>), as its relationship reports in C(localVolumeHandle).
        Required for V(established) and V(reestablished) when the relationship has none yet; when left out,
        the relationship keeps the one it has (likewise O(replication_policy) and O(replication_schedule)).
    type: str
  promoted_snapshot_handle:
    description:
      - With V(promoted), the snapshot (C(<volume>/<snapshot>), as M(tridentops.storage.volume_snapshot) or a
        TridentSnapshotInfo reports it) to promote at; Trident waits until the snapshot has arrived.
    type: str
  replication_policy:
    description: ONTAP SnapMirror policy; defaults to the backend's, else ONTAP's.
    type: str
  replication_schedule:
    description: ONTAP schedule for transfers; defaults to the backend's.
    type: str
  update:
    description: Ask Trident for an on-demand SnapMirror update once the relationship has its state.
    type: bool
    default: false
  update_snapshot_handle:
    description: With O(update=true), transfer up to this snapshot (C(<volume>/<snapshot>)).
    type: str
  update_key:
    description:
      - With O(update=true), tells one update request from another (a CI run id or a timestamp, say). Reruns
        with the same key report the same update.
    type: str
  labels:
    description: Labels for the relationship, besides C(app.kubernetes.io/managed-by=tridentops).
    type: dict
    default: {}
  state:
    description: V(present) creates or changes the relationship, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.volume_wait
  - tridentops.storage.attributes
attributes:
  diff_mode:
    description: Returns the relationship (and the update action) before and after.
"""

EXAMPLES = r"""
- name: Source cluster, make the volume the mirror's source
  tridentops.storage.mirror_relationship:
    name: db-data
    namespace: shop
    pvc: db-data
    mirror_state: promoted
  register: source

- name: Destination cluster, mirror it
  tridentops.storage.mirror_relationship:
    name: db-data
    namespace: shop
    pvc: db-data
    mirror_state: established
    remote_volume_handle: "{{ source.mirror.local_volume_handle }}"
    kubeconfig: ~/.kube/dr-site

- name: Destination cluster, transfer now (the relationship stays as it is)
  tridentops.storage.mirror_relationship:
    name: db-data
    namespace: shop
    update: true
    update_key: "{{ lookup('ansible.builtin.pipe', 'date +%Y%m%d%H%M%S') }}"
    kubeconfig: ~/.kube/dr-site
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
  description: The relationship and, with O(update=true), the update action, with the action taken.
  returned: always
  type: list
  elements: dict
mirror:
  description: The relationship as Trident reports it after the wait.
  returned: always
  type: dict
  sample: {"name": "db-data", "namespace": "shop", "desired_state": "established", "state": "established",
           "message": "", "local_pvc": "db-data", "local_volume_handle": "svm_dr:trident_pvc_9e1d",
           "remote_volume_handle": "svm_prod:trident_pvc_3bed", "replication_policy": "MirrorAllSnapshots",
           "replication_schedule": ""}
update:
  description: The on-demand update as Trident reports it.
  returned: when O(update=true)
  type: dict
  sample: {"name": "update-db-data-3c4d5e6f7a", "namespace": "shop", "state": "Succeeded", "message": "",
           "completion_time": "2026-07-01T10:00:04Z"}
"""

from typing import Any

from ..module_utils._args import CONVERGE_ARG_SPEC, STATE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.volumes import mirror

ARG_SPEC: dict[str, dict[str, Any]] = {
    "name": {"type": "str", "required": True},
    "namespace": {"type": "str", "required": True},
    "pvc": {"type": "str"},
    "mirror_state": {"type": "str", "choices": list(mirror.STATES)},
    "remote_volume_handle": {"type": "str"},
    "promoted_snapshot_handle": {"type": "str"},
    "replication_policy": {"type": "str"},
    "replication_schedule": {"type": "str"},
    "update": {"type": "bool", "default": False},
    "update_snapshot_handle": {"type": "str"},
    "update_key": {"type": "str", "no_log": False},
    "labels": {"type": "dict", "default": {}},
    **STATE_ARG_SPEC,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), mirror.run)


if __name__ == "__main__":
    main()
