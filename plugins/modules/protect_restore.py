#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: protect_restore
short_description: Restore a Trident protect backup or snapshot, into other namespaces, another cluster or in place
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates the restore resource Trident protect works through - C(BackupRestore) or C(SnapshotRestore) into
    other namespaces (O(namespace_mapping), O(storage_class_mapping)), C(BackupInplaceRestore) or
    C(SnapshotInplaceRestore) over the original (O(in_place=true)) - and waits until protect reports it
    C(Completed), or fails with protect's C(status.error).
  - The source is a Backup or Snapshot of this cluster (O(backup) or O(snapshot) with O(source_namespace)),
    or a backup taken on another cluster - its O(app_archive_path) in O(vault), which must exist here too,
    with the application's O(source_namespaces) (the C(backup) a M(tridentops.storage.protect_backup) task
    returns has them all).
  - Checked before anything is written - the source is C(Completed); every namespace of the application is
    mapped, each to its own destination, and nothing else is; the destination StorageClasses exist on this
    cluster.
  - A restore runs once. Its name (O(name), or one derived from the request) makes the task idempotent - a
    rerun writes nothing and reports the restore's outcome.
  - The restore resource lives in the first destination namespace, which the module creates when missing
    (Trident protect creates the others).
options:
  name:
    description:
      - Name of the restore resource. Default - C(<source>-restore-<8 hex digits>), derived from the request.
    type: str
  backup:
    description:
      - Name of a completed Backup of this cluster, in O(source_namespace).
    type: str
  snapshot:
    description:
      - Name of a completed Snapshot of this cluster, in O(source_namespace).
    type: str
  source_namespace:
    description:
      - Namespace of the O(backup) or O(snapshot) (the application's namespace).
    type: str
  app_archive_path:
    description:
      - The archive of a backup (or snapshot) taken on another cluster, as its C(status.appArchivePath) gives it.
    type: str
  vault:
    description:
      - With O(app_archive_path), the AppVault (on this cluster) that reaches the bucket holding it.
    type: str
  source_namespaces:
    description:
      - With O(app_archive_path), the namespaces of the backed-up application (to check the mapping).
    type: list
    elements: str
  source_kind:
    description:
      - With O(app_archive_path), whether it is a backup's or a snapshot's archive.
    type: str
    choices: [Backup, Snapshot]
    default: Backup
  in_place:
    description:
      - Restore over the application in its own namespaces (needs O(backup) or O(snapshot)).
    type: bool
    default: false
  namespace_mapping:
    description:
      - Where each namespace of the application goes.
    type: list
    elements: dict
    suboptions:
      source:
        description: A namespace of the application.
        type: str
        required: true
      destination:
        description: The namespace it is restored into.
        type: str
        required: true
  storage_class_mapping:
    description:
      - StorageClass the restored PVCs get instead of their original one.
    type: list
    elements: dict
    suboptions:
      source:
        description: StorageClass of the original PVCs.
        type: str
        required: true
      destination:
        description: StorageClass (on this cluster) of the restored PVCs.
        type: str
        required: true
extends_documentation_fragment:
  - tridentops.storage.k8s_auth
  - tridentops.storage.protect_wait
  - tridentops.storage.protect_namespace
  - tridentops.storage.attributes
attributes:
  diff_mode:
    description: Returns the restore resource that would be created.
"""

EXAMPLES = r"""
- name: Clone last night's backup of shop into shop-staging, on the cheaper class
  tridentops.storage.protect_restore:
    backup: shop-20260701
    source_namespace: shop
    namespace_mapping:
      - {source: shop, destination: shop-staging}
    storage_class_mapping:
      - {source: gold, destination: bronze}

- name: Restore on cluster B the backup taken on cluster A (registered as backup_a)
  tridentops.storage.protect_restore:
    kubeconfig: ~/.kube/cluster-b
    app_archive_path: "{{ backup_a.backup.app_archive_path }}"
    vault: "{{ backup_a.backup.vault }}"
    source_namespaces: "{{ backup_a.backup.namespaces }}"
    namespace_mapping:
      - {source: shop, destination: shop}

- name: Roll the application back to a snapshot, in place
  tridentops.storage.protect_restore:
    snapshot: shop-before-2-4
    source_namespace: shop
    in_place: true
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
  description: The restore resource (and a namespace created for it) when this run created them; empty on a rerun.
  returned: always
  type: list
  elements: dict
restore:
  description: The restore's kind, name, namespace and state as Trident protect reports it.
  returned: always
  type: dict
  sample: {"kind": "BackupRestore", "name": "shop-restore-1a2b3c4d", "namespace": "shop-staging",
           "state": "Completed"}
restored:
  description: What the destination namespaces hold after the restore (PVCs with their StorageClass,
    ConfigMaps, Secrets), per namespace.
  returned: when the restore completed
  type: dict
"""

from typing import Any

from ..module_utils._args import CONVERGE_ARG_SPEC, PROTECT_NAMESPACE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.protect import jobs

MAPPING = {"source": {"type": "str", "required": True}, "destination": {"type": "str", "required": True}}
ARG_SPEC: dict[str, dict[str, Any]] = {
    "name": {"type": "str"},
    "backup": {"type": "str"},
    "snapshot": {"type": "str"},
    "source_namespace": {"type": "str"},
    "app_archive_path": {"type": "str"},
    "vault": {"type": "str"},
    "source_namespaces": {"type": "list", "elements": "str"},
    "source_kind": {"type": "str", "choices": ["Backup", "Snapshot"], "default": "Backup"},
    "in_place": {"type": "bool", "default": False},
    "namespace_mapping": {"type": "list", "elements": "dict", "options": MAPPING},
    "storage_class_mapping": {"type": "list", "elements": "dict", "options": MAPPING},
    **PROTECT_NAMESPACE_ARG_SPEC,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    module = TridentModule(
        ARG_SPEC,
        supports_check_mode=True,
        mutually_exclusive=[("backup", "snapshot", "app_archive_path")],
        required_one_of=[("backup", "snapshot", "app_archive_path")],
        required_by={"backup": "source_namespace", "snapshot": "source_namespace"},
        required_together=[("app_archive_path", "vault", "source_namespaces")],
    )
    execute(module, jobs.restore)


if __name__ == "__main__":
    main()
