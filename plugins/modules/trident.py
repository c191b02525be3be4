#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: trident
short_description: Install, upgrade or uninstall NetApp Trident with its operator
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Applies Trident's operator bundle (namespace, TridentOrchestrator CRD, operator ServiceAccount,
    ClusterRole and ClusterRoleBinding, Deployment with the image of the pinned release, private registry
    and pull secrets) and the TridentOrchestrator, then watches the orchestrator until the operator
    reports C(Installed).
  - The operator retries a failed installation with backoff and installs once the cause is gone (a fixed
    parameter, pods that come up), so C(Failed) is waited on; at O(wait_timeout) the task fails with the
    operator's last C(status.message). C(Error) (Trident is bound to another TridentOrchestrator, or the
    Kubernetes version is unsupported) and a refused namespace change fail the task at once.
  - Upgrading is changing O(version); the wait then lasts until the operator reports the new version.
  - O(state=absent) has the operator uninstall Trident and removes the operator. Trident's CRDs, its
    backends and all volumes stay, so installing again picks them up. O(purge=true) also wipes Trident's
    CRDs; it is refused while PersistentVolumes provisioned by Trident exist, listing them, unless
    O(force=true).
  - O(state=absent) uninstalls only an installation tridentops applied for O(stack_name). One installed by Helm,
    tridentctl, kubectl or another stack is refused before any write, naming its owner, unless O(adopt) names
    each object (for example V(TridentOrchestrator/trident), V(Deployment/trident/trident-operator)).
options:
  state:
    description:
      - V(present) installs or upgrades Trident; V(absent) uninstalls it.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=absent), also wipe Trident's CRDs (every backend and Trident record goes with them) and
        the namespace tridentops created.
    type: bool
    default: false
  force:
    description:
      - With O(purge=true), purge even though Trident-provisioned PersistentVolumes exist.
      - Not the C(force) of C(kubernetes.core.k8s), which replaces objects; the operator's objects are applied
        in place.
    type: bool
    default: false
  move_trident:
    description:
      - Allow moving an existing Trident installation (its TridentOrchestrator and the operator's cluster-wide
        ClusterRoleBinding) to another O(namespace). Without it the task is refused, naming what installed
        Trident where.
    type: bool
    default: false
extends_documentation_fragment:
  - tridentops.storage.ownership
  - tridentops.storage.spec.trident_options
  - tridentops.storage.k8s_auth
  - tridentops.storage.wait
  - tridentops.storage.stack_name
  - tridentops.storage.attributes
notes:
  - With O(state=absent) the module always waits for the operator to finish uninstalling, up to
    O(wait_timeout) seconds, before removing the operator itself.
"""

EXAMPLES = r"""
- name: Install Trident 26.06.0 from a private registry, controller on infra nodes
  tridentops.storage.trident:
    version: "26.06.0"
    image_registry: registry.example.com/trident
    image_pull_secrets: [regcred]
    controller_placement:
      node_selector:
        node-role.kubernetes.io/infra: ""

- name: Trident on EKS for FSx for NetApp ONTAP, with the IAM role of its controller
  tridentops.storage.trident:
    cloud_provider: AWS
    cloud_identity: "eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/trident-controller"
    node_prep: [iscsi]

- name: Uninstall Trident, keeping its CRDs, backends and volumes
  tridentops.storage.trident:
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
trident:
  description:
    - Trident's status as the operator reports it, after the wait.
    - C(version) is the release as O(version) writes it (V(26.06.0)), without the leading C(v) the operator
      writes in the TridentOrchestrator's C(status.version) (V(v26.06.0)).
  returned: when O(state=present) and O(wait=true)
  type: dict
  sample: {"status": "Installed", "version": "26.06.0", "namespace": "trident", "message": "Trident installed"}
objects:
  description:
    - The objects of the installation that were created, updated or deleted, with what changed.
    - When the run fails after writing, the objects written before the failure, and C(changed) is true.
  returned: always
  type: list
  elements: dict
"""

from typing import Any

from ..module_utils._args import (
    CONVERGE_ARG_SPEC,
    MOVE_TRIDENT_ARG_SPEC,
    OWNERSHIP_ARG_SPEC,
    STACK_NAME_ARG_SPEC,
    STATE_ARG_SPEC,
    TridentModule,
)
from ..module_utils._module import execute
from ..module_utils._ops import runs

ARG_SPEC: dict[str, dict[str, Any]] = {
    **runs.TRIDENT_OPTIONS,
    **STATE_ARG_SPEC,
    "purge": {"type": "bool", "default": False},
    "force": {"type": "bool", "default": False},
    **STACK_NAME_ARG_SPEC,
    **OWNERSHIP_ARG_SPEC,
    **MOVE_TRIDENT_ARG_SPEC,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    execute(TridentModule(ARG_SPEC, supports_check_mode=True), runs.trident, prefix=runs.PREFIXES["trident"])


if __name__ == "__main__":
    main()
