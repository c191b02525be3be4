#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: backend
short_description: Manage a Trident backend (TridentBackendConfig and its credentials Secret)
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates or updates a TridentBackendConfig for an ONTAP or Amazon FSx for NetApp ONTAP SVM, and the
    Secret holding its credentials when they are given inline, then waits until Trident reports the
    backend C(Bound) with C(lastOperationStatus=Success), or fails with Trident's own message.
  - A backend is changed by patching it, never by deleting and re-creating it. Rotating credentials
    updates the Secret only; Trident re-reads it.
  - Deleting a backend that still has volumes is refused unless O(force=true), naming the volumes.
    With O(deletion_policy=retain) Trident keeps the backend and its volumes, so deleting is allowed.
  - Options are validated against Trident's rules before anything is written; every problem is reported
    at once.
options:
  state:
    description:
      - V(present) creates or updates the backend; V(absent) deletes it (and the credentials Secret
        tridentops rendered for it, when no other backend uses it).
    type: str
    choices: [present, absent]
    default: present
  namespace:
    description:
      - Namespace Trident runs in. Trident only reads TridentBackendConfigs and Secrets there.
    type: str
    default: trident
  force:
    description:
      - With O(state=absent), delete even though the backend has volumes (Trident keeps it C(Deleting)
        until they are gone).
      - Not the C(force) of C(kubernetes.core.k8s), which replaces objects; a TridentBackendConfig is never
        replaced, since that would delete and re-create Trident's backend.
    type: bool
    default: false
extends_documentation_fragment:
  - tridentops.storage.ownership
  - tridentops.storage.spec.backend_options
  - tridentops.storage.k8s_auth
  - tridentops.storage.wait
  - tridentops.storage.stack_name
  - tridentops.storage.attributes
"""

EXAMPLES = r"""
- name: NFS backend on an on-premises SVM, credentials kept in Ansible Vault
  tridentops.storage.backend:
    name: nas-gold
    driver: ontap-nas
    management_lif: 192.168.10.20
    data_lif: 192.168.20.21
    svm: svm_nfs
    credentials:
      username: vsadmin
      password: "{{ vault_svm_password }}"
    virtual_pools:
      - labels: {performance: gold}
        defaults: {snapshotPolicy: hourly}

- name: iSCSI backend on FSx for NetApp ONTAP, credentials read from AWS Secrets Manager by Trident
  tridentops.storage.backend:
    name: fsx-san
    driver: ontap-san
    svm: svm_eks
    aws:
      fsx_filesystem_id: fs-0123456789abcdef0
    credentials:
      type: awsarn
      name: arn:aws:secretsmanager:eu-west-1:111122223333:secret:fsx-vsadmin-AbCdEf

- name: Remove a backend (refused while it has volumes)
  tridentops.storage.backend:
    name: nas-gold
    state: absent
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
    - The objects created, updated or deleted (the Secret, the TridentBackendConfig), with what changed.
    - When the run fails after writing, the objects written before the failure, and C(changed) is true.
  returned: always
  type: list
  elements: dict
backends:
  description: The backend's status as Trident reports it, after the wait.
  returned: when O(state=present) and O(wait=true)
  type: dict
  sample: {"nas-gold": {"phase": "Bound", "lastOperationStatus": "Success", "message": "Backend 'nas-gold' created"}}
"""

from typing import Any

from ..module_utils._args import (
    CONVERGE_ARG_SPEC,
    OWNERSHIP_ARG_SPEC,
    STACK_NAME_ARG_SPEC,
    STATE_ARG_SPEC,
    TridentModule,
)
from ..module_utils._module import execute
from ..module_utils._ops import runs

ARG_SPEC: dict[str, dict[str, Any]] = {
    **runs.BACKEND_OPTIONS,
    **STATE_ARG_SPEC,
    "namespace": {"type": "str", "default": "trident"},
    "force": {"type": "bool", "default": False},
    **STACK_NAME_ARG_SPEC,
    **OWNERSHIP_ARG_SPEC,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    module = TridentModule(
        ARG_SPEC, supports_check_mode=True, required_if=[("state", "present", ["driver", "credentials"])]
    )
    execute(module, runs.backend, prefix=runs.PREFIXES["backend"])


if __name__ == "__main__":
    main()
