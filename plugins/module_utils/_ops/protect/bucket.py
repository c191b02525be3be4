"""The Amazon S3 bucket behind an AppVault: created if missing, encrypted, versioned, closed to the public.

Each setting is read first and written only when it differs, so a second run sends no write and check mode
sends none at all. boto3 is imported when a bucket is asked for, so the rest of the collection does not need
it. Credentials come from the module's options or boto3's usual chain (environment, profile, instance role).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import BucketError

PUBLIC_ACCESS_BLOCK = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}
_MISSING = ("404", "NoSuchBucket", "NotFound")


@dataclass
class BucketOutcome:
    name: str
    region: str
    created: bool = False
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def result(self) -> dict[str, Any]:
        return {"name": self.name, "region": self.region, "created": self.created, "changes": self.changes}


def s3_client(options: Mapping[str, Any]) -> Any:
    """A retrying S3 client, as every other AWS call of the collection has (_aws/client.py)."""
    from botocore.exceptions import BotoCoreError

    from ..._aws.client import session_client

    try:
        return session_client("s3", options)
    except BotoCoreError as exc:
        raise BucketError(f"cannot set up an S3 client: {exc}") from None


def encryption_rule(kms_key_id: str | None) -> dict[str, Any]:
    if kms_key_id:
        return {
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": kms_key_id},
            "BucketKeyEnabled": True,
        }
    return {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}


def ensure_bucket(client: Any, name: str, region: str, kms_key_id: str | None, check_mode: bool) -> BucketOutcome:
    from botocore.exceptions import BotoCoreError, ClientError

    outcome = BucketOutcome(name, region)
    try:
        exists = _exists(client, name)
        if not exists:
            outcome.created = True
            outcome.changes.append("created")
            if not check_mode:
                config = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
                client.create_bucket(Bucket=name, **config)
        rule = encryption_rule(kms_key_id)
        if not exists or _encryption(client, name) != rule["ApplyServerSideEncryptionByDefault"]:
            outcome.changes.append("encryption")
            if not check_mode:
                client.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [rule]})
        if not exists or client.get_bucket_versioning(Bucket=name).get("Status") != "Enabled":
            outcome.changes.append("versioning")
            if not check_mode:
                client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if not exists or _public_access_block(client, name) != PUBLIC_ACCESS_BLOCK:
            outcome.changes.append("public access block")
            if not check_mode:
                client.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=PUBLIC_ACCESS_BLOCK)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        detail = f"{error.get('Code', '')} {error.get('Message', '')}".strip()
        raise BucketError(f"S3 bucket {name}: {exc.operation_name} failed: {detail}") from None
    except BotoCoreError as exc:
        raise BucketError(f"S3 bucket {name}: {exc}") from None
    return outcome


def _exists(client: Any, name: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        client.head_bucket(Bucket=name)
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code in _MISSING:
            return False
        if code in ("403", "AccessDenied"):
            raise BucketError(
                f"S3 bucket {name} exists but these credentials may not use it (403): bucket names are global, "
                "choose another or use the owner's credentials"
            ) from None
        raise
    return True


def _encryption(client: Any, name: str) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        rules = client.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "ServerSideEncryptionConfigurationNotFoundError":
            return None
        raise
    default: dict[str, Any] = rules[0].get("ApplyServerSideEncryptionByDefault", {}) if rules else {}
    return default


def _public_access_block(client: Any, name: str) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        block: dict[str, Any] = client.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "NoSuchPublicAccessBlockConfiguration":
            return None
        raise
    return block
