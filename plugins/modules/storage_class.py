#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: storage_class
short_description: Manage a StorageClass served by Trident
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates or updates a StorageClass with provisioner C(csi.trident.netapp.io). Its Trident attributes are
    validated first, because Trident rejects a whole class for one parameter it does not know.
  - Kubernetes forbids changing a StorageClass's parameters, provisioner, reclaim policy or binding mode in
    place. Such a change is reported as a replacement and done only with O(replace=true); the module lists
    the PersistentVolumeClaims using the class (they keep their volumes).
  - With O(default=true) the class becomes the cluster's only default class; the annotation is removed
    from any other default class.
options:
  state:
    description:
      - V(present) creates or updates the class; V(absent) deletes it (existing volumes are not affected).
    type: str
    choices: [present, absent]
    default: present
  replace:
    description:
      - Delete and re-create the class when an immutable field changes.
    type: bool
    default: false
extends_documentation_fragment:
  - tridentops.storage.ownership
  - tridentops.storage.spec.storage_class_options
  - tridentops.storage.k8s_auth
  - tridentops.storage.stack_name
  - tridentops.storage.attributes
"""

EXAMPLES = r"""
- name: Gold NFS class on the virtual pools labelled performance=gold
  tridentops.storage.storage_class:
    name: gold
    default: true
    attributes:
      backendType: ontap-nas
      snapshots: true
    selector: "performance=gold"
    reclaim_policy: Retain

- name: Change a class's selector (parameters are immutable, so the class is re-created)
  tridentops.storage.storage_class:
    name: gold
    attributes:
      backendType: ontap-nas
    selector: "performance=gold; protection=high"
    replace: true
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
  description:
    - The StorageClass (and any other class that stopped being the default) when changed, with what changed.
    - When the run fails after writing, the objects written before the failure, and C(changed) is true.
  returned: always
  type: list
  elements: dict
"""

from typing import Any

from ..module_utils._args import AUTH_ARG_SPEC, OWNERSHIP_ARG_SPEC, STACK_NAME_ARG_SPEC, STATE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops import runs

ARG_SPEC: dict[str, dict[str, Any]] = {
    **runs.STORAGE_CLASS_OPTIONS,
    **STATE_ARG_SPEC,
    "replace": {"type": "bool", "default": False},
    **STACK_NAME_ARG_SPEC,
    **OWNERSHIP_ARG_SPEC,
    **AUTH_ARG_SPEC,
}


def main() -> None:
    execute(
        TridentModule(ARG_SPEC, supports_check_mode=True), runs.storage_class, prefix=runs.PREFIXES["storage_class"]
    )


if __name__ == "__main__":
    main()
