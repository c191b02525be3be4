#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: stack
short_description: Converge a whole Trident storage stack from one storage spec
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Brings Trident's installation, its backends (TridentBackendConfigs and their credential Secrets),
    StorageClasses and VolumeSnapshotClasses to the state a storage spec declares, in one task; then,
    when the spec has them, team namespaces with their quotas, Trident protect (installation, AppVaults,
    Applications, Schedules) and monitoring (ServiceMonitor, PrometheusRule).
  - Lists each kind once, compares desired and live objects in memory and sends server-side apply
    only for objects that differ, in apply order, waiting between stages until Trident's operator
    reports C(Installed), every backend is C(Bound) and every AppVault of Trident protect is C(Available).
    The operator retries a failed installation until the cause is gone, so its C(Failed) is waited on
    until O(wait_timeout), which then fails the task with the operator's last message.
  - Validates the whole spec first and reports every problem at once with its field path; nothing is
    written when the spec is invalid or a change would lose data.
  - A TridentBackendConfig is never deleted and re-created to change it. StorageClass parameters are
    immutable in Kubernetes, so changing them needs O(replace=true).
  - Give the spec as a dictionary (O(spec)) or a file (O(src)). O(spec) documents every field of the spec,
    with its path; the collection's C(examples) directory has whole specs.
options:
  state:
    description:
      - V(present) converges the cluster to the spec.
      - V(rendered) validates the spec and returns the objects it would apply, without contacting a
        cluster. Secret values are masked in the output.
    type: str
    choices: [present, rendered]
    default: present
  prune:
    description:
      - Delete Secrets, TridentBackendConfigs, StorageClasses and VolumeSnapshotClasses that carry this
        stack's labels (C(app.kubernetes.io/managed-by=tridentops), C(tridentops.io/stack=<name>)) but are
        no longer in the spec, and that this spec's own runs applied. Trident's installation is never pruned,
        nor objects that another spec or a per-resource module (M(tridentops.storage.backend), ...) claimed.
      - Of the spec's namespaces, protect and monitoring sections, while the spec has the section, prune
        deletes dropped Schedules, ServiceMonitors, PrometheusRules, ResourceQuotas, LimitRanges and
        RoleBindings. Namespaces, AppVaults, Applications and protect's installation are never pruned
        (their own modules remove them with O(state=absent)).
    type: bool
    default: false
  force:
    description:
      - Allow pruning a TridentBackendConfig whose backend still has volumes. Trident keeps such a
        backend in phase C(Deleting) until its last volume is gone.
      - Not the C(force) of C(kubernetes.core.k8s), which replaces objects. A TridentBackendConfig is never
        replaced (that would delete and re-create Trident's backend), and O(replace) replaces StorageClasses.
    type: bool
    default: false
  replace:
    description:
      - Delete and re-create StorageClasses whose immutable fields (parameters, provisioner,
        reclaimPolicy, volumeBindingMode) changed. PersistentVolumeClaims using them keep their volumes.
    type: bool
    default: false
  spec_id:
    description:
      - Identity of this spec, recorded on the cluster as the owner of the stack (the Lease
        C(default/tridentops-stack-<name>)) and on every object the stack applies (annotation C(tridentops.io/spec)).
      - A run of a spec with another identity that uses the same stack name is refused before any write, naming
        both; see O(take_over).
      - Defaults to C(file:<file name>) for a spec given by O(src), and to C(stack:<name>) for a spec given as a
        dictionary. The file's name, not its directory, because the name stays the same across checkouts (AWX
        makes one per job) and across edits. So two spec files with different names that use the same stack name
        are refused; give specs an explicit O(spec_id) where that is not enough (specs given as dictionaries, or
        files of the same name in different directories).
    type: str
  take_over:
    description:
      - Make this spec the owner of a stack that another spec (another O(spec_id)) owns, and of the objects that
        spec applied; with O(prune=true) they are deleted when this spec does not declare them.
    type: bool
    default: false
  move_trident:
    description:
      - Allow a spec to move an existing Trident installation (its TridentOrchestrator and the operator's
        cluster-wide ClusterRoleBinding) to another namespace. Without it such a spec is refused, naming what
        installed Trident where.
    type: bool
    default: false
  aws_outputs:
    description:
      - What provisioning returned for a spec whose backends name its C(aws.file_system) instead of giving
        a file system id. tridentops fills in each such backend's file system id, SVM, credentials secret ARN
        and region, and Trident's C(cloudIdentity) for IRSA, before rendering.
      - A spec with such references and no (or incomplete) O(aws_outputs) is refused, naming each field that
        waits for an output; nothing is written.
      - The C(tridentops.storage.fsx_ontap) role passes what M(tridentops.storage.fsx_ontap_filesystem),
        M(tridentops.storage.fsx_ontap_svm) and M(tridentops.storage.fsx_ontap_trident_iam) returned.
    type: dict
    suboptions:
      file_system_id:
        description: Id of the spec's file system.
        type: str
      svm_name:
        description: Name of its SVM (the spec's C(aws.svm.name) by default).
        type: str
      credentials_secret_arn:
        description: ARN of the SVM's credentials secret in AWS Secrets Manager.
        type: str
      role_arn:
        description: ARN of Trident's IAM role.
        type: str
extends_documentation_fragment:
  - tridentops.storage.spec
  - tridentops.storage.ownership
  - tridentops.storage.k8s_auth
  - tridentops.storage.wait
  - tridentops.storage.attributes
notes:
  - Check mode reads only and reports what would change. Diff mode shows a field-level before and after
    of every object that changes, with Secret values masked.
  - Two runs of the same stack at once do not interleave. The second waits (up to O(wait_timeout)) until the
    first releases the stack's Lease, then plans again from what the first left. The Lease needs C(get),
    C(create) and C(update) on C(leases) (C(coordination.k8s.io)) in the C(default) namespace.
  - Secret values of the spec are masked in every output of the module, and the module does not log its
    arguments to the host's system log.
  - Defaults and results differ from C(kubernetes.core.k8s) where a storage stack needs it. O(wait) is on by
    default, and the result lists each object changed with its C(action) in RV(objects), not whole objects
    (a stack has many, and Secrets among them); docs/kubernetes-core.md lists each difference and why.
"""

EXAMPLES = r"""
- name: Converge the storage stack described in a spec file
  tridentops.storage.stack:
    src: /etc/tridentops/onprem.yaml

- name: Converge a spec held in a variable, removing classes and backends it no longer lists
  tridentops.storage.stack:
    spec: "{{ storage_spec }}"
    prune: true
    wait_timeout: 600

- name: Show what a spec renders to, without a cluster
  tridentops.storage.stack:
    src: /etc/tridentops/onprem.yaml
    state: rendered
  register: rendered
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
    - The objects created, updated, replaced or deleted, with the fields that differed; with O(state=rendered),
      every rendered object in apply order (Secret values masked).
    - A create that found the object already there (created by another writer after this run read the cluster)
      is listed as an update, with a C(note).
    - When the run fails after writing, the objects written before the failure, and C(changed) is true.
    - C(changed_by) names, for each field another field manager had changed, that manager (its value was set
      back); C(kept) lists such fields left as the other manager set them (O(foreign_changes=keep)).
  returned: always
  type: list
  elements: dict
  sample: [{"kind": "TridentBackendConfig", "namespace": "trident", "name": "nas", "action": "update",
            "fields": ["spec.managementLIF"]}]
trident:
  description:
    - Trident's status as its operator reports it, after the wait.
    - C(version) is the release as the spec writes it (V(26.06.0)), without the leading C(v) the operator
      writes in the TridentOrchestrator's C(status.version) (V(v26.06.0)).
  returned: when Trident's install stage ran with O(wait=true)
  type: dict
  sample: {"status": "Installed", "version": "26.06.0", "namespace": "trident", "message": "Trident installed"}
backends:
  description: Status of every TridentBackendConfig of the spec, after the wait.
  returned: when O(wait=true) and the spec has backends
  type: dict
  sample: {"nas": {"phase": "Bound", "lastOperationStatus": "Success", "message": "Backend 'nas' created"}}
protect:
  description: State of every AppVault of the spec's Trident protect section, after the wait.
  returned: when O(wait=true) and the spec has protect vaults
  type: dict
  sample: {"backups": {"name": "backups", "namespace": "trident-protect", "state": "Available"}}
"""

from typing import Any

from ..module_utils._args import (
    CONVERGE_ARG_SPEC,
    MOVE_TRIDENT_ARG_SPEC,
    OWNERSHIP_ARG_SPEC,
    STACK_CLAIM_ARG_SPEC,
    TridentModule,
)
from ..module_utils._module import execute
from ..module_utils._ops import runs

ARG_SPEC: dict[str, dict[str, Any]] = {
    "spec": {"type": "dict"},
    "src": {"type": "path"},
    "state": {"type": "str", "choices": ["present", "rendered"], "default": "present"},
    "prune": {"type": "bool", "default": False},
    "force": {"type": "bool", "default": False},
    "replace": {"type": "bool", "default": False},
    "aws_outputs": {
        "type": "dict",
        "options": {
            "file_system_id": {"type": "str"},
            "svm_name": {"type": "str"},
            "credentials_secret_arn": {"type": "str", "no_log": False},
            "role_arn": {"type": "str"},
        },
    },
    **OWNERSHIP_ARG_SPEC,
    **STACK_CLAIM_ARG_SPEC,
    **MOVE_TRIDENT_ARG_SPEC,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    # no_log keeps the raw spec (it may hold passwords) out of the host's system log; outputs are
    # masked value by value once the spec is parsed.
    module = TridentModule(
        ARG_SPEC,
        supports_check_mode=True,
        mutually_exclusive=[("spec", "src")],
        required_one_of=[("spec", "src")],
        no_log=True,
    )
    execute(module, runs.stack)


if __name__ == "__main__":
    main()
