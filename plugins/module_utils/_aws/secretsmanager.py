"""Secrets Manager calls, and the vsadmin password (generated here, stored only in the secret and the SVM)."""

from __future__ import annotations

import json
import secrets
import string
from collections.abc import Mapping
from typing import Any

from .errors import SECRETS, Refusal

Resource = dict[str, Any]
PASSWORD_LENGTH = 32  # FSx takes 8 to 50 characters


def generate_password() -> str:
    """Letters and digits (ONTAP wants both), drawn from the operating system's random source."""
    alphabet = string.ascii_letters + string.digits
    while True:
        password = "".join(map(secrets.choice, [alphabet] * PASSWORD_LENGTH))
        if all(any(has(c) for c in password) for has in (str.isdigit, str.isupper, str.islower)):
            return password


def password_in(secret_string: str, secret: str) -> str:
    """The password a secret holds: a JSON document's password key, or the whole string."""
    try:
        document = json.loads(secret_string)
    except ValueError:
        return secret_string
    if isinstance(document, Mapping):
        if not isinstance(document.get("password"), str):
            raise Refusal(f"secret {secret} is JSON without a password key")
        return str(document["password"])
    return secret_string


@SECRETS.lookup("describe the secret")
def describe(client: Any, secret_id: str) -> Resource | None:
    found: Resource = client.describe_secret(aws_retry=True, SecretId=secret_id)
    return found


@SECRETS.call("read the secret")
def value(client: Any, secret_id: str) -> str:
    return str(client.get_secret_value(aws_retry=True, SecretId=secret_id)["SecretString"])


@SECRETS.call("create the secret")
def create(client: Any, name: str, secret_string: str, description: str, tags: Mapping[str, str]) -> str:
    params: dict[str, Any] = {"Name": name, "SecretString": secret_string, "Description": description}
    if tags:
        params["Tags"] = [{"Key": k, "Value": v} for k, v in sorted(tags.items())]
    return str(client.create_secret(aws_retry=True, **params)["ARN"])


@SECRETS.call("store the new secret value")
def put(client: Any, secret_id: str, secret_string: str) -> None:
    client.put_secret_value(aws_retry=True, SecretId=secret_id, SecretString=secret_string)


@SECRETS.call("tag the secret")
def tag(client: Any, secret_id: str, tags: Mapping[str, str]) -> None:
    client.tag_resource(
        aws_retry=True, SecretId=secret_id, Tags=[{"Key": k, "Value": v} for k, v in sorted(tags.items())]
    )


@SECRETS.call("untag the secret")
def untag(client: Any, secret_id: str, keys: list[str]) -> None:
    client.untag_resource(aws_retry=True, SecretId=secret_id, TagKeys=sorted(keys))


@SECRETS.delete("delete the secret")
def delete(client: Any, secret_id: str, recovery_window_days: int) -> bool:
    if recovery_window_days == 0:
        client.delete_secret(aws_retry=True, SecretId=secret_id, ForceDeleteWithoutRecovery=True)
    else:
        client.delete_secret(aws_retry=True, SecretId=secret_id, RecoveryWindowInDays=recovery_window_days)
    return True
