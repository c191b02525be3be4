#!/usr/bin/python
# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: protect_vault
short_description: Manage a Trident protect AppVault (the bucket backups go to), and its S3 bucket on AWS
version_added: 1.0.0
author: tridentops maintainers (@tridentops)
description:
  - Creates or updates an AppVault in the protect namespace, then waits until Trident protect reports it
    C(Available) (it reached the bucket), or fails with protect's error.
  - Credentials are only referenced - a Secret in the protect namespace (O(credentials_secret), whose keys
    are checked before anything is written) or, on AWS, the controller's IAM identity (O(use_iam)).
  - On AWS the module can create the bucket (O(create_bucket)) with default encryption, versioning and the
    public access block, through boto3.
  - Deleting an AppVault that Schedules still use is refused unless O(force=true).
options:
  state:
    description:
      - V(present) creates or updates the AppVault. V(absent) deletes it (the bucket and the backups in it stay).
    type: str
    choices: [present, absent]
    default: present
  namespace:
    description:
      - Namespace Trident protect runs in; AppVaults and their credential Secrets live there.
    type: str
    default: trident-protect
  force:
    description:
      - With O(state=absent), delete the AppVault even though Schedules use it.
      - Not the C(force) of C(kubernetes.core.k8s), which replaces objects.
    type: bool
    default: false
extends_documentation_fragment:
  - tridentops.storage.spec.protect_vault_options
  - tridentops.storage.protect_aws
  - tridentops.storage.k8s_auth
  - tridentops.storage.protect_wait
  - tridentops.storage.stack_name
  - tridentops.storage.attributes
notes:
  - Check mode reads only, in the cluster and in S3.
"""

EXAMPLES = r"""
- name: AppVault on a new, encrypted and versioned S3 bucket; keys in Secret s3-backup-keys
  tridentops.storage.protect_vault:
    name: backups
    provider: AWS
    bucket: acme-prod-a-backups
    region: eu-west-1
    credentials_secret: s3-backup-keys
    create_bucket: true

- name: AppVault reached with the protect controller's IAM role (EKS Pod Identity)
  tridentops.storage.protect_vault:
    name: backups
    provider: AWS
    bucket: acme-prod-a-backups
    region: eu-west-1
    use_iam: true

- name: AppVault on an ONTAP S3 bucket
  tridentops.storage.protect_vault:
    name: ontap
    provider: OntapS3
    bucket: backups
    endpoint: s3.svm1.example.com
    credentials_secret: ontap-s3-keys
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
  description: The AppVault when created, updated or deleted, with the fields that differed.
  returned: always
  type: list
  elements: dict
vault:
  description: The AppVault's state as Trident protect reports it, after the wait.
  returned: when O(state=present) and O(wait=true)
  type: dict
  sample: {"name": "backups", "namespace": "trident-protect", "state": "Available"}
bucket:
  description: The S3 bucket and what was (or, in check mode, would be) changed on it.
  returned: when O(create_bucket=true)
  type: dict
  sample: {"name": "acme-prod-a-backups", "region": "eu-west-1", "created": true,
           "changes": ["created", "encryption", "versioning", "public access block"]}
"""

from typing import Any

from ..module_utils._args import CONVERGE_ARG_SPEC, STACK_NAME_ARG_SPEC, STATE_ARG_SPEC, TridentModule
from ..module_utils._module import execute
from ..module_utils._ops.protect import vault

ARG_SPEC: dict[str, dict[str, Any]] = {
    **vault.OPTIONS,
    **STATE_ARG_SPEC,
    "namespace": {"type": "str", "default": "trident-protect"},
    "force": {"type": "bool", "default": False},
    **STACK_NAME_ARG_SPEC,
    "create_bucket": {"type": "bool", "default": False},
    "kms_key_id": {"type": "str"},
    **vault.AWS_OPTIONS,
    **CONVERGE_ARG_SPEC,
}


def main() -> None:
    module = TridentModule(
        ARG_SPEC,
        supports_check_mode=True,
        required_if=[("state", "present", ["provider", "bucket"])],
        required_together=[("access_key", "secret_key")],
    )
    execute(module, vault.converge_vault)


if __name__ == "__main__":
    main()
