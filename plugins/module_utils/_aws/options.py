"""Options of the AWS modules that describe part of the spec's aws section, generated from its model classes.

Like ``_fragments`` for the Kubernetes modules: the argument spec and the doc fragment
(plugins/doc_fragments/<name>.py, written by the same generator) come from one model, so options, docs
and validation cannot disagree.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.modules import aws_argument_spec

from .._fragments import ModelOptions
from ..spec.aws import FileSystem, Svm, TridentIdentity

# fragment name -> the model options it documents
MODEL_OPTIONS: dict[str, ModelOptions] = {
    "fsx_ontap_filesystem_options": ModelOptions(
        FileSystem, optional=("deployment_type", "storage_capacity_gib", "subnet_ids")
    ),
    "fsx_ontap_svm_options": ModelOptions(Svm, optional=("credentials_secret",)),
    "fsx_ontap_trident_iam_options": ModelOptions(TridentIdentity),
}


# amazon.aws's connection options, with the access key ID masked like the secret key and session token: it
# names the account's credentials, and output never needs it (docs/secrets.md).
CONNECTION_ARG_SPEC: dict[str, dict[str, Any]] = {"access_key": {**aws_argument_spec()["access_key"], "no_log": True}}
# The credentials and endpoint of a module that is no AnsibleAWSModule but calls AWS (protect_vault's S3 bucket):
# amazon.aws's own declarations (names, aliases, environment fallbacks, no_log), so the names are the same as on
# every AWS module. Its region is the vault's own option.
CREDENTIAL_OPTIONS = ("access_key", "secret_key", "session_token", "profile", "endpoint_url")
CREDENTIALS_ARG_SPEC: dict[str, dict[str, Any]] = {
    name: {"type": "str", **aws_argument_spec()[name], **CONNECTION_ARG_SPEC.get(name, {})}
    for name in CREDENTIAL_OPTIONS
}


def argspec(fragment: str) -> dict[str, dict[str, Any]]:
    return MODEL_OPTIONS[fragment].argspec()
