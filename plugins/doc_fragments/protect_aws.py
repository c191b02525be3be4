# Copyright: tridentops contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The connection options are amazon.aws's (_aws/options.py CREDENTIALS_ARG_SPEC): the same names and aliases
    # as on every AWS module, so module_defaults for group/aws carry over by copy.
    DOCUMENTATION = r"""
options:
  create_bucket:
    description:
      - With provider V(AWS), create the bucket in O(region) when it does not exist, and make sure it has
        default encryption (SSE-S3, or SSE-KMS with O(kms_key_id)), versioning and all four public access
        blocks. Each setting is read first and written only when it differs.
      - Needs the C(boto3) library on the host that runs the module.
    type: bool
    default: false
  kms_key_id:
    description:
      - KMS key (id, alias or ARN) for the bucket's default encryption; SSE-S3 (AES256) when omitted.
    type: str
  endpoint_url:
    description:
      - S3 API endpoint URL, for S3 in another partition or a test endpoint. Can also be set with E(AWS_URL) or
        E(AWS_ENDPOINT_URL).
    type: str
    aliases: [aws_endpoint_url]
  profile:
    description:
      - AWS profile to use. Can also be set with E(AWS_PROFILE) or E(AWS_DEFAULT_PROFILE).
    type: str
    aliases: [aws_profile]
  access_key:
    description:
      - AWS access key id. Can also be set with E(AWS_ACCESS_KEY_ID) or E(AWS_ACCESS_KEY).
    type: str
    aliases: [aws_access_key_id, aws_access_key]
  secret_key:
    description:
      - AWS secret access key. Can also be set with E(AWS_SECRET_ACCESS_KEY) or E(AWS_SECRET_KEY).
    type: str
    aliases: [aws_secret_access_key, aws_secret_key]
  session_token:
    description:
      - AWS session token. Can also be set with E(AWS_SESSION_TOKEN).
    type: str
    aliases: [aws_session_token]
"""
