#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: protect_backup
short_description: Back up a Trident protect application to its AppVault
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates a Trident protect Backup of an Application (its resources and its volumes' data, copied to the
    AppVault's bucket by the data mover) and waits until protect reports it C(Completed), or fails with
    protect's C(status.error). A timeout names the state protect reported last.
  - A backup is taken once. Its name makes the task idempotent - the O(name) given, or one derived from the
    request, so a rerun finds the same backup. A rerun writes nothing and reports that backup's outcome;
    give a new O(name) for a new backup. A backup of that name that asks for something else is refused.
  - Returns what a restore elsewhere needs (C(app_archive_path), the vault, the application's namespaces) and
    what the application is made of (PVCs with their StorageClass, ConfigMaps, Secrets), so a playbook can
    restore on another cluster and check what arrived (see the C(migrate) playbook).
options:
  name:
    description:
      - Name of the Backup. Default - C(<application>-<8 hex digits>), derived from the request.
    type: str
  namespace:
    description:
      - Namespace of the application (the Backup goes there).
    type: str
    required: true
  application:
    description:
      - Name of the Application to back up.
    type: str
    required: true
  vault:
    description:
      - Name of the AppVault to back up to.
    type: str
    required: true
  snapshot:
    description:
      - Back up this existing, completed Snapshot (snapshotRef) instead of taking a temporary one.
    type: str
  data_mover:
    description:
      - Data mover copying the volumes' data.
    type: str
    choices: [Kopia, Restic]
    default: Kopia
  reclaim_policy:
    description:
      - Whether the backup's data goes when the Backup resource is deleted.
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
    description: Returns the Backup that would be created.
"""

EXAMPLES = r"""
- name: Nightly backup of the shop application
  tridentops.storage.protect_backup:
    name: "shop-{{ now(utc=true, fmt='%Y%m%d') }}"
    namespace: shop
    application: shop
    vault: backups
    wait_timeout: 3600
  register: backup

- name: Show where it went
  ansible.builtin.debug:
    msg: "{{ backup.backup.app_archive_path }}"
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
  description: The Backup when this run created it (action C(create)); empty on a rerun.
  returned: always
  type: list
  elements: dict
backup:
  description:
    - The Backup's state as Trident protect reports it, and what a restore needs - C(app_archive_path),
      C(vault), C(application) and its C(namespaces) - plus C(resources), what the application is made of
      now, per namespace.
  returned: always
  type: dict
  sample: {"name": "shop-20260701", "namespace": "shop", "state": "Completed", "vault": "backups",
           "application": "shop", "namespaces": ["shop"],
           "app_archive_path": "shop_5f0c.../backups/shop-20260701_91d2...",
           "resources": {"shop": {"persistent_volume_claims": [{"name": "data", "storage_class": "gold"}],
                                  "config_maps": ["settings"], "secrets": ["db-password"]}}}
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
    "snapshot": {"type": "str"},
    "data_mover": {"type": "str", "choices": ["Kopia", "Restic"], "default": "Kopia"},
    "reclaim_policy": {"type": "str", "choices": ["Retain", "Delete"], "default": "Retain"},
    **PROTECT_NAMESPACE_ARG_SPEC,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), jobs.backup)


if __name__ == "__main__":
    main()
