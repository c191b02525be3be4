"""The protect_vault module's run: an AppVault (where protect keeps backups) and, on AWS, optionally its bucket."""

from __future__ import annotations

from typing import Any

from ..._aws.options import CREDENTIAL_OPTIONS, CREDENTIALS_ARG_SPEC
from ..._fragments import argspec
from ..._k8s.converge import LiveIndex
from ...spec.kinds import APPVAULT, SCHEDULE, SECRET
from ...spec.protect import CREDENTIAL_KEYS, Vault
from ...spec.render import stack_labels
from ...spec.render_protect import app_vault
from ..addons.converge import RunOptions, applied_version, apply, prepare, remove
from ..addons.frame import result
from ..safety import Refusal
from ..task import Task
from .bucket import BucketOutcome, ensure_bucket, s3_client
from .errors import BucketError
from .waits import status_summary, wait_for_vault

OPTIONS = argspec("protect_vault_options")
# What create_bucket connects to S3 with: amazon.aws's connection options, declared once in _aws/options.py.
AWS_OPTIONS = CREDENTIALS_ARG_SPEC


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
    for item in index.objects(SCHEDULE).values():
        if (item.get("spec") or {}).get("appVaultRef") == name:
            found.append(f"{item['metadata']['namespace']}/{item['metadata']['name']}")
    return sorted(found)


def converge_vault(task: Task) -> dict[str, Any]:
    session = task.session()
    index = LiveIndex(session)
    namespace = task["namespace"]
    if task["state"] == "absent":
        using = users(index, task["name"]) if APPVAULT not in index.not_served else []
        if using and not task["force"]:
            raise Refusal(
                f"AppVault {task['name']} is used by Schedule(s) {', '.join(using)}; delete them first or use "
                "force: true; nothing was changed"
            )
        changes = remove(session, index, [(APPVAULT, task["name"], namespace)], task.check_mode, False)
        return result(changes, task.diff)
    vault = task.section(Vault, OPTIONS)
    check_credentials(index, vault, namespace)
    obj = app_vault(vault, namespace, stack_labels(task["stack_name"]))
    options = RunOptions(task.check_mode, task["wait"], task["wait_timeout"])
    changes = prepare(index, [obj])
    # The bucket before the AppVault that points at it; both after every refusal.
    bucket = _bucket(task, vault) if task["create_bucket"] else None
    apply(session, changes, options)
    status = None
    if task["wait"] and not task.check_mode:
        written = applied_version(changes, "AppVault", vault.name)
        status = status_summary(wait_for_vault(session, namespace, vault.name, written, task["wait_timeout"]))
    out = result(changes, task.diff, vault=status, bucket=bucket.result() if bucket else None)
    out["changed"] = out["changed"] or bool(bucket and bucket.changed)
    return out


def _bucket(task: Task, vault: Vault) -> BucketOutcome:
    if vault.provider != "AWS":
        raise BucketError(f"create_bucket works with provider AWS only, not {vault.provider}")
    if vault.region is None:
        raise BucketError("create_bucket needs region (the bucket's AWS region)")
    client = s3_client({**{name: task[name] for name in CREDENTIAL_OPTIONS}, "region": vault.region})
    return ensure_bucket(client, vault.bucket, vault.region, task["kms_key_id"], task.check_mode)
