#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: volume_resize
short_description: Grow a PVC served by Trident and wait for the new capacity
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Raises a bound PersistentVolumeClaim's C(spec.resources.requests.storage) and waits until the new size
    shows in C(status.capacity) (Trident grew the volume and the resizer recorded it). A block volume whose file
    system grows on the next mount (C(FileSystemResizePending)) counts as done, and the result says so.
  - Refused before any write, saying why, when the size is smaller than what the claim has (Kubernetes does
    not shrink volumes), the claim's StorageClass does not set C(allowVolumeExpansion), the claim is not bound,
    or it is an unmanaged import (Trident does not resize those).
  - Asking for the size the claim already requests writes nothing; it only waits for a resize still in progress.
  - Only this one field is changed (a merge patch); the claim's other fields keep their owners.
options:
  name:
    description: Name of the PersistentVolumeClaim.
    type: str
    required: true
  namespace:
    description: Namespace of the claim.
    type: str
    required: true
  size:
    description: The new size, a Kubernetes quantity such as V(20Gi). Trident rounds SAN resizes up by 50 MB.
    type: str
    required: true
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.volume_wait
  - tridentops.storage.attributes
attributes:
  diff_mode:
    description: Returns the requested size before and after.
"""

EXAMPLES = r"""
- name: Give the database room
  tridentops.storage.volume_resize:
    name: db-data
    namespace: shop
    size: 200Gi
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
  description: The claim, with the action taken (C(unchanged) when it already requests the size).
  returned: always
  type: list
  elements: dict
pvc:
  description: The claim as the API server reports it after the wait.
  returned: always
  type: dict
  sample: {"name": "db-data", "namespace": "shop", "phase": "Bound", "volume_name": "pvc-5f0e",
           "storage_class": "gold", "request": "200Gi", "capacity": "200Gi"}
resize:
  description: The size before and the size asked for, and how the wait ended.
  returned: always
  type: dict
  sample: {"from": "100Gi", "to": "200Gi", "message": "capacity 200Gi"}
"""

from typing import Any

from ..module_utils._args import CONVERGE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.volumes import resize

ARG_SPEC: dict[str, dict[str, Any]] = {
    "name": {"type": "str", "required": True},
    "namespace": {"type": "str", "required": True},
    "size": {"type": "str", "required": True},
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), resize.run)


if __name__ == "__main__":
    main()
