#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: volume_import
short_description: Import an existing ONTAP or FSx for NetApp ONTAP volume into a PVC through Trident
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates a PersistentVolumeClaim carrying Trident's import annotations (C(trident.netapp.io/importOriginalName),
    C(importBackendUUID), and C(notManaged) or C(importNoRename) when asked), as C(tridentctl import volume)
    does, then waits until Trident imported the volume and the claim is C(Bound).
  - The backend is named as in the storage spec; its UUID is read from the TridentBackendConfig's status. A
    backend Trident has not bound (phase other than C(Bound)) is refused before any write, with Trident's
    phase and message.
  - A managed import (the default) hands the volume to Trident, which renames it to its own naming scheme
    unless O(rename=false), resizes it on request, and deletes it with the claim when the class's reclaim
    policy is C(Delete). An unmanaged import (O(managed=false)) is never renamed, resized or deleted by Trident.
  - A volume another claim already imports is refused (Trident manages a volume once).
options:
  name:
    description: Name of the PersistentVolumeClaim to create.
    type: str
    required: true
  namespace:
    description: Namespace of the claim.
    type: str
    required: true
  volume:
    description:
      - Name of the volume on the storage system; a FlexVol name, or C(flexvol/qtree) (C(ontap-nas-economy))
        or C(flexvol/lun) (C(ontap-san-economy)).
    type: str
    required: true
  backend:
    description:
      - The Trident backend holding the volume, by TridentBackendConfig name or Trident backend name.
    type: str
    required: true
  trident_namespace:
    description: Namespace Trident runs in (where its TridentBackendConfigs are).
    type: str
    default: trident
  storage_class:
    description: A StorageClass Trident provisions, for the imported volume.
    type: str
    required: true
  size:
    description:
      - Size the claim requests (a Kubernetes quantity such as V(100Gi)). Trident sizes the volume from the
        storage object itself.
    type: str
    required: true
  access_modes:
    description: Access modes of the claim.
    type: list
    elements: str
    choices: [ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod]
    default: [ReadWriteOnce]
  volume_mode:
    description: V(Filesystem) or V(Block).
    type: str
    choices: [Filesystem, Block]
  managed:
    description:
      - Let Trident manage the volume. V(false) sets C(trident.netapp.io/notManaged).
    type: bool
    default: true
  rename:
    description:
      - Let Trident rename the volume to its own name. V(false) sets C(trident.netapp.io/importNoRename)
        (Trident 25.10 and later).
    type: bool
    default: true
  labels:
    description: Labels for the claim, besides C(app.kubernetes.io/managed-by=tridentops).
    type: dict
    default: {}
  autogrow_policy:
    description:
      - The TridentAutogrowPolicy that grows the imported volume (Trident 26.02 or later), through the PVC annotation
        C(trident.netapp.io/autogrowPolicy), which wins over the StorageClass's. V(none) turns autogrow off for
        this claim, whatever its class says. Unset, the claim follows its class.
      - A policy's name (a Kubernetes object name) or V(none).
      - A policy's name is refused before any write on a cluster that does not serve TridentAutogrowPolicy (a
        Trident before 26.02, whose CRDs do not register it). The policy itself need not exist yet; Trident attaches it
        when it appears.
    type: str
    version_added: 1.1.0
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.volume_wait
  - tridentops.storage.attributes
attributes:
  diff_mode:
    description: Returns the claim before and after (or as it would be in check mode).
"""

EXAMPLES = r"""
- name: Bring an existing NFS volume under Trident's management
  tridentops.storage.volume_import:
    name: legacy-data
    namespace: shop
    volume: legacy_data_vol
    backend: nas-gold
    storage_class: gold
    size: 500Gi

- name: Mount a volume Trident must never rename, resize or delete
  tridentops.storage.volume_import:
    name: archive
    namespace: shop
    volume: archive_2019
    backend: nas-gold
    storage_class: gold
    size: 2Ti
    managed: false
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
  description: The claim, with the action taken.
  returned: always
  type: list
  elements: dict
pvc:
  description: The claim as the API server reports it after the wait.
  returned: always
  type: dict
  sample: {"name": "legacy-data", "namespace": "shop", "phase": "Bound", "volume_name": "pvc-1c9a",
           "storage_class": "gold", "request": "500Gi", "capacity": "500Gi"}
volume:
  description: The imported volume, with Trident's internal name once it is bound.
  returned: always
  type: dict
  sample: {"backend": "nas-gold", "backend_uuid": "1b7c0e9a-8c4e-4b8e-9f61-0e3b8a7f2d11",
           "internal_name": "trident_pvc_1c9a", "managed": true}
notes:
  description: Why the task did not wait (a class that binds on first use).
  returned: when there are some
  type: list
  elements: str
"""

from typing import Any

from ..module_utils._args import ACCESS_MODES, CONVERGE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.volumes import imports

ARG_SPEC: dict[str, dict[str, Any]] = {
    "name": {"type": "str", "required": True},
    "namespace": {"type": "str", "required": True},
    "volume": {"type": "str", "required": True},
    "backend": {"type": "str", "required": True},
    "trident_namespace": {"type": "str", "default": "trident"},
    "storage_class": {"type": "str", "required": True},
    "size": {"type": "str", "required": True},
    "access_modes": {"type": "list", "elements": "str", "choices": list(ACCESS_MODES), "default": ["ReadWriteOnce"]},
    "volume_mode": {"type": "str", "choices": ["Filesystem", "Block"]},
    "managed": {"type": "bool", "default": True},
    "rename": {"type": "bool", "default": True},
    "labels": {"type": "dict", "default": {}},
    "autogrow_policy": {"type": "str"},
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), imports.run)


if __name__ == "__main__":
    main()
