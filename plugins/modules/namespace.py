#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: namespace
short_description: Onboard a team's namespace - storage quota per StorageClass, limits, team RoleBinding
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates or updates a namespace for a team and what self-service storage needs in it - a ResourceQuota
    with the storage and the number of PVCs each StorageClass may give it
    (C(<class>.storageclass.storage.k8s.io/requests.storage) and C(.../persistentvolumeclaims)), a LimitRange
    (PVC sizes, container defaults), a RoleBinding of the team's groups and users to O(role), and an
    annotation naming the VolumeSnapshotClass to use (C(tridentops.io/default-snapshot-class)).
  - The StorageClasses of the quotas, the VolumeSnapshotClass and the ClusterRole must exist; the module
    checks, and says which exist, before writing anything.
  - A quota, LimitRange or RoleBinding the options no longer ask for is deleted (only the ones tridentops
    made).
options:
  state:
    description:
      - V(present) onboards the namespace. V(absent) deletes the quota, LimitRange and RoleBinding tridentops
        made; the namespace itself and everything else in it stay.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tridentops.storage.spec.namespace_options
  - tridentops.storage.k8s_auth
  - tridentops.storage.stack_name
  - tridentops.storage.attributes
"""

EXAMPLES = r"""
- name: Namespace for team payments - 2 TiB of gold in at most 20 PVCs, no bronze at all
  tridentops.storage.namespace:
    name: payments
    team_groups: [payments-devs]
    storage_quotas:
      - storage_class: gold
        requests_storage: 2Ti
        persistent_volume_claims: 20
      - storage_class: bronze
        persistent_volume_claims: 0
    limits:
      claim_max: 500Gi
    default_snapshot_class: trident-snapshots
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
  description: The namespace's ResourceQuota, LimitRange and RoleBinding created, updated or deleted, with the
    fields that differed (unchanged ones are counted in C(unchanged)).
  returned: always
  type: list
  elements: dict
"""

from typing import Any

from ..module_utils._args import AUTH_ARG_SPEC, STACK_NAME_ARG_SPEC, STATE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.addons import namespace

ARG_SPEC: dict[str, dict[str, Any]] = {
    **namespace.OPTIONS,
    **STATE_ARG_SPEC,
    **STACK_NAME_ARG_SPEC,
    **AUTH_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), namespace.onboard)


if __name__ == "__main__":
    main()
