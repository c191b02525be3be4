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
  stack_name:
    description:
      - Value of the C(tridentops.io/stack) label on the AppVault.
    type: str
    default: default
extends_documentation_fragment:
  - tridentops.storage.protect_vault_options
  - tridentops.storage.protect_aws
  - tridentops.storage.k8s_auth
  - tridentops.storage.protect_wait
notes:
  - Check mode reads only, in the cluster and in S3.
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying the cluster.
    support: full
  diff_mode:
    description: Returns a field-level before and after of what changed (or would change in check mode).
    support: full
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
objects:
  description: The objects created, updated or deleted, with the fields that differed (unchanged ones are counted
    in C(unchanged)).
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
"""

from typing import Any

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ..module_utils._args import CONVERGE_ARG_SPEC, TridentModule
from ..module_utils._fragments import argspec
from ..module_utils._k8s.converge import LiveIndex
from ..module_utils._module import run, session_for
from ..module_utils._ops.addons.converge import RunOptions, applied_version, apply, prepare, remove
from ..module_utils._ops.addons.frame import result
from ..module_utils._ops.addons.sections import load_section
from ..module_utils._ops.protect.bucket import BucketError, ensure_bucket, s3_client
from ..module_utils._ops.protect.waits import APPVAULT, SCHEDULE, status_summary, wait_for_vault
from ..module_utils._ops.safety import Refusal
from ..module_utils.spec.kinds import KINDS
from ..module_utils.spec.protect import CREDENTIAL_KEYS, Vault
from ..module_utils.spec.render import stack_labels
from ..module_utils.spec.render_protect import app_vault

SECRET = KINDS[("v1", "Secret")]
OPTIONS = argspec("protect_vault_options")
ARG_SPEC: dict[str, dict[str, Any]] = {
    **OPTIONS,
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "namespace": {"type": "str", "default": "trident-protect"},
    "force": {"type": "bool", "default": False},
    "stack_name": {"type": "str", "default": "default"},
    "create_bucket": {"type": "bool", "default": False},
    "kms_key_id": {"type": "str"},
    "aws_endpoint_url": {"type": "str", "aliases": ["endpoint_url"], "fallback": (env_fallback, ["AWS_ENDPOINT_URL"])},
    "aws_profile": {"type": "str", "aliases": ["profile"], "fallback": (env_fallback, ["AWS_PROFILE"])},
    "aws_access_key": {"type": "str", "aliases": ["access_key"], "no_log": True},
    "aws_secret_key": {"type": "str", "aliases": ["secret_key"], "no_log": True},
    "session_token": {"type": "str", "aliases": ["aws_session_token"], "no_log": True},
    **CONVERGE_ARG_SPEC,
}


def check_credentials(index: LiveIndex, vault: Vault, namespace: str) -> None:
    """The referenced Secret exists and has the keys the provider reads (its values are never shown)."""
    if vault.credentials_secret is None:
        return
    secret = index.objects(SECRET, namespace).get(vault.credentials_secret)
    where = f"Secret {namespace}/{vault.credentials_secret}"
    if secret is None:
        raise Refusal(f"credentials_secret: {where} does not exist; create it first; nothing was changed")
    keys = set(secret.get("data") or {}) | set(secret.get("stringData") or {})
    missing = [k for k in CREDENTIAL_KEYS[vault.config_key] if k not in keys]
    if missing:
        raise Refusal(
            f"credentials_secret: {where} has no key {', '.join(missing)} (provider {vault.provider} reads "
            f"{', '.join(CREDENTIAL_KEYS[vault.config_key])}); nothing was changed"
        )


def users(index: LiveIndex, name: str) -> list[str]:
    """Schedules (any namespace) that send backups to the AppVault ``name``."""
    found = []
    for schedule in index.objects(SCHEDULE).values():
        if (schedule.get("spec") or {}).get("appVaultRef") == name:
            found.append(f"{schedule['metadata']['namespace']}/{schedule['metadata']['name']}")
    return sorted(found)


def main() -> None:
    module = TridentModule(
        ARG_SPEC,
        supports_check_mode=True,
        required_if=[("state", "present", ["provider", "bucket"])],
        required_together=[("aws_access_key", "aws_secret_key")],
    )
    params = module.params

    def converge_vault() -> dict[str, Any]:
        session = session_for(module)
        index = LiveIndex(session)
        namespace = params["namespace"]
        if params["state"] == "absent":
            using = users(index, params["name"]) if APPVAULT not in index.not_served else []
            if using and not params["force"]:
                raise Refusal(
                    f"AppVault {params['name']} is used by Schedule(s) {', '.join(using)}; delete them first or use "
                    "force: true; nothing was changed"
                )
            changes = remove(session, index, [(APPVAULT, params["name"], namespace)], module.check_mode, False)
            return result(changes, module._diff)
        vault = load_section(module, Vault, OPTIONS)
        check_credentials(index, vault, namespace)
        obj = app_vault(vault, namespace, stack_labels(params["stack_name"]))
        options = RunOptions(module.check_mode, params["wait"], params["wait_timeout"])
        changes = prepare(index, [obj])
        # The bucket before the AppVault that points at it; both after every refusal.
        bucket = _bucket(module, vault) if params["create_bucket"] else None
        apply(session, changes, options)
        status = None
        if params["wait"] and not module.check_mode:
            written = applied_version(changes, "AppVault", vault.name)
            status = status_summary(wait_for_vault(session, namespace, vault.name, written, params["wait_timeout"]))
        out = result(changes, module._diff, vault=status, bucket=bucket.result() if bucket else None)
        out["changed"] = out["changed"] or bool(bucket and bucket.changed)
        return out

    def _bucket(module: AnsibleModule, vault: Vault) -> Any:
        try:
            if vault.provider != "AWS":
                raise BucketError(f"create_bucket works with provider AWS only, not {vault.provider}")
            if vault.region is None:
                raise BucketError("create_bucket needs region (the bucket's AWS region)")
            client = s3_client(
                {
                    "region": vault.region,
                    "endpoint_url": params["aws_endpoint_url"],
                    "profile": params["aws_profile"],
                    "access_key": params["aws_access_key"],
                    "secret_key": params["aws_secret_key"],
                    "session_token": params["session_token"],
                }
            )
            return ensure_bucket(client, vault.bucket, vault.region, params["kms_key_id"], module.check_mode)
        except BucketError as exc:
            module.fail_json(msg=str(exc))

    run(module, converge_vault)


if __name__ == "__main__":
    main()
