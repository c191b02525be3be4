#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: volume_clone
short_description: Clone a Trident volume into a new PVC, in the same or another namespace
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates a PersistentVolumeClaim cloned from a VolumeSnapshot (O(source_snapshot)) or from a PVC
    (O(source_pvc)), then waits until it is C(Bound) (Trident made the clone and the binder bound it).
  - In the source's namespace, the clone is a CSI clone (C(spec.dataSource)). In another namespace it is
    Trident's cross-namespace clone; the module grants it and sets it up as Trident requires, adding the
    destination namespace to the source PVC's C(trident.netapp.io/cloneToNamespace) annotation, creating a
    TridentVolumeReference in the destination namespace, and setting C(trident.netapp.io/cloneFromPVC),
    C(cloneFromSnapshot) and C(cloneFromNamespace) on the new PVC. Trident documents cross-namespace clones
    for C(ontap-nas) and C(ontap-san) only.
  - Refused before any write when the source does not exist, is not bound or not ready, the class is not
    Trident's, a CSI clone of a PVC asks for another class, or the clone would be smaller than its source.
  - An existing clone is left as it is; a different source, size or access modes under the same name is
    refused (use M(tridentops.storage.volume_resize) to grow a clone).
  - With O(state=absent), deletes the clone; for a cross-namespace clone, also the TridentVolumeReference
    and the C(cloneToNamespace) grant tridentops made for it, once no other clone of that source remains
    in the namespace; with O(delete_namespace=true), the namespace too, if this module created it.
options:
  name:
    description: Name of the new PersistentVolumeClaim.
    type: str
    required: true
  namespace:
    description: Namespace of the new PersistentVolumeClaim.
    type: str
    required: true
  source_pvc:
    description:
      - The PersistentVolumeClaim to clone. Mutually exclusive with O(source_snapshot).
    type: str
  source_snapshot:
    description:
      - The VolumeSnapshot to clone. Mutually exclusive with O(source_pvc).
    type: str
  source_namespace:
    description:
      - Namespace of the source; defaults to O(namespace). Another namespace makes a cross-namespace clone.
    type: str
  storage_class:
    description:
      - StorageClass of the clone, one Trident provisions. Defaults to the source PVC's class.
      - A CSI clone of a PVC must use the source's class. Trident clones a snapshot into another class only
        when both classes reach the same backend (Trident 26.02 and later); the module warns.
    type: str
  size:
    description:
      - Requested size (a Kubernetes quantity such as V(20Gi)); at least the source's size, which is the default.
    type: str
  access_modes:
    description:
      - Access modes of the clone; default the source PVC's.
    type: list
    elements: str
    choices: [ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod]
  volume_mode:
    description:
      - V(Filesystem) or V(Block); default the source PVC's.
    type: str
    choices: [Filesystem, Block]
  labels:
    description: Labels for the new PVC, besides C(app.kubernetes.io/managed-by=tridentops).
    type: dict
    default: {}
  annotations:
    description: Further annotations for the new PVC (Trident's C(trident.netapp.io/...) PVC annotations, for example).
    type: dict
    default: {}
  autogrow_policy:
    description:
      - The TridentAutogrowPolicy that grows the new PVC (Trident 26.02 or later), through the PVC annotation
        C(trident.netapp.io/autogrowPolicy), which wins over the StorageClass's. V(none) turns autogrow off for
        this claim, whatever its class says. Unset, the claim follows its class.
      - A policy's name (a Kubernetes object name) or V(none). Changing it on an existing claim is applied to the
        claim, and Trident takes the new policy.
      - A policy's name is refused before any write on a cluster that does not serve TridentAutogrowPolicy (a
        Trident before 26.02, whose CRDs do not register it). The policy itself need not exist yet; Trident attaches it
        when it appears.
    type: str
    version_added: 1.1.0
  read_only:
    description:
      - Make a read-only clone (C(trident.netapp.io/readOnlyClone)). Not across namespaces.
    type: bool
    default: false
  split_on_clone:
    description:
      - Have ONTAP split the clone from its parent (C(trident.netapp.io/splitOnClone)), so it no longer shares
        blocks with it.
    type: bool
    default: false
  create_namespace:
    description:
      - Create O(namespace) when it does not exist, labelled C(tridentops.io/clone-namespace=true). Without
        it, a missing namespace is refused.
    type: bool
    default: false
  delete_namespace:
    description:
      - With O(state=absent), delete O(namespace) as well (and everything in it), if O(create_namespace) made
        it; another namespace is refused.
    type: bool
    default: false
  state:
    description: V(present) makes the clone, V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.volume_wait
  - tridentops.storage.attributes
attributes:
  diff_mode:
    description: Returns each object written (claim, grant, reference, namespace) before and after.
"""

EXAMPLES = r"""
- name: Clone the database's latest snapshot into the test namespace of a CI run
  tridentops.storage.volume_clone:
    name: db-data
    namespace: ci-1234
    create_namespace: true
    source_snapshot: db-nightly
    source_namespace: shop

- name: Clone a claim in its own namespace
  tridentops.storage.volume_clone:
    name: db-data-copy
    namespace: shop
    source_pvc: db-data

- name: Tear the CI clone down, with its namespace
  tridentops.storage.volume_clone:
    name: db-data
    namespace: ci-1234
    state: absent
    delete_namespace: true
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
  description: What was written, in order (namespace, source PVC grant, TridentVolumeReference, the clone).
  returned: always
  type: list
  elements: dict
pvc:
  description: The clone as the API server reports it after the wait.
  returned: always
  type: dict
  sample: {"name": "db-data", "namespace": "ci-1234", "phase": "Bound", "volume_name": "pvc-5f0e",
           "storage_class": "gold", "request": "10Gi", "capacity": "10Gi"}
notes:
  description: Why the task did not wait (a class that binds on first use).
  returned: when there are some
  type: list
  elements: str
"""

from typing import Any

from ..module_utils._args import ACCESS_MODES, CONVERGE_ARG_SPEC, STATE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.volumes import clone

ARG_SPEC: dict[str, dict[str, Any]] = {
    "name": {"type": "str", "required": True},
    "namespace": {"type": "str", "required": True},
    "source_pvc": {"type": "str"},
    "source_snapshot": {"type": "str"},
    "source_namespace": {"type": "str"},
    "storage_class": {"type": "str"},
    "size": {"type": "str"},
    "access_modes": {"type": "list", "elements": "str", "choices": list(ACCESS_MODES)},
    "volume_mode": {"type": "str", "choices": ["Filesystem", "Block"]},
    "labels": {"type": "dict", "default": {}},
    "annotations": {"type": "dict", "default": {}},
    "autogrow_policy": {"type": "str"},
    "read_only": {"type": "bool", "default": False},
    "split_on_clone": {"type": "bool", "default": False},
    "create_namespace": {"type": "bool", "default": False},
    "delete_namespace": {"type": "bool", "default": False},
    **STATE_ARG_SPEC,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    module = TridentModule(
        ARG_SPEC,
        supports_check_mode=True,
        mutually_exclusive=[("source_pvc", "source_snapshot")],
        required_if=[("state", "present", ("source_pvc", "source_snapshot"), True)],
    )
    # Caveats come back as the result's warnings, which Ansible shows as such.
    execute(module, clone.run)


if __name__ == "__main__":
    main()
