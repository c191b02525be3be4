#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: volume_snapshot_info
short_description: List the VolumeSnapshots of a namespace or of one PVC
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Lists the VolumeSnapshots of a namespace, or of one PersistentVolumeClaim, oldest first (by the time the
    snapshot was cut; those not cut yet come last), with their readiness, size and error, in one request.
  - Fails, saying so, on a cluster without the CSI external-snapshotter's CRDs.
options:
  namespace:
    description: Namespace of the snapshots.
    type: str
    required: true
  pvc:
    description: Only the snapshots of this PersistentVolumeClaim.
    type: str
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.attributes.info
"""

EXAMPLES = r"""
- name: Which snapshots does the database volume have?
  tridentops.storage.volume_snapshot_info:
    namespace: shop
    pvc: db-data
  register: db_snapshots

- name: Restore the newest one
  tridentops.storage.snapshot_restore:
    namespace: shop
    pvc: db-data
    snapshot: "{{ (db_snapshots.snapshots | last).name }}"
"""

RETURN = r"""
snapshots:
  description: The snapshots, oldest first.
  returned: always
  type: list
  elements: dict
  sample: [{"name": "db-before-upgrade", "namespace": "shop", "pvc": "db-data", "snapshot_class": "trident-snapshots",
            "ready_to_use": true, "restore_size": "10Gi", "creation_time": "2026-07-01T10:00:00Z",
            "content_name": "snapcontent-4f1c", "error": ""}]
"""

from typing import Any

from ..module_utils._args import AUTH_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.volumes import snapshots

ARG_SPEC: dict[str, dict[str, Any]] = {
    "namespace": {"type": "str", "required": True},
    "pvc": {"type": "str"},
    **AUTH_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), snapshots.list_snapshots)


if __name__ == "__main__":
    main()
